/** Every field of a row as label/value pairs for the details panel, formatted for reading. */
import type { Endpoint } from '../../shared/endpoint.js';
import { hostPort } from '../../shared/row-key.js';
import { formatBytes, formatDateTime, formatRate, formatRtt, protoLabel } from '../model/format.js';

/** One labelled value. */
export interface DetailField {
  label: string;
  value: string;
}

/** A titled group of values. */
export interface DetailSection {
  title: string;
  fields: DetailField[];
}

const OWNER_REASONS = {
  'not-permitted': 'not permitted to see it (run as root to see every owner)',
  'no-process': 'no process holds it (the kernel keeps it, or it is closing)',
  kernel: 'none: the socket has no inode (TIME_WAIT or SYN_RECV) and no owner was seen before',
} as const;

const num = (n: number | undefined) => (n === undefined ? '' : n.toLocaleString());

/** The panel's sections for `row`: connection, process, counters. Empty values are left out. */
export function detailSections(row: Endpoint): DetailSection[] {
  const owner = row.owner;
  const process: DetailField[] =
    owner.kind === 'process'
      ? [
          { label: 'Process', value: owner.name },
          { label: 'PID', value: String(owner.pid) },
          { label: 'Path', value: owner.exe ?? '(not readable)' },
          { label: 'Command line', value: owner.cmdline },
          { label: 'User', value: `${owner.user} (uid ${owner.uid})` },
          { label: 'Started', value: formatDateTime(owner.startedAt) },
        ]
      : [{ label: 'Owner', value: `Unknown: ${OWNER_REASONS[owner.reason]}` }];
  const sections: DetailSection[] = [
    {
      title: 'Connection',
      fields: [
        { label: 'Protocol', value: protoLabel(row) },
        { label: 'Local', value: hostPort(row.localAddress, row.localPort, row.family) },
        { label: 'Remote', value: hostPort(row.remoteAddress, row.remotePort, row.family) },
        { label: 'State', value: row.state },
        { label: 'Recv-Q', value: num(row.recvQ) },
        { label: 'Send-Q', value: num(row.sendQ) },
        { label: 'Socket uid', value: String(row.uid) },
        { label: 'Inode', value: row.inode === 0 ? '0 (none)' : String(row.inode) },
        { label: 'Cookie', value: row.cookie ?? '' },
        { label: 'First seen', value: formatDateTime(row.firstSeen) },
      ],
    },
    { title: 'Process', fields: process },
    {
      title: 'Counters',
      fields: [
        { label: 'Sent', value: withRaw(formatBytes(row.bytesSent), row.bytesSent) },
        { label: 'Received', value: withRaw(formatBytes(row.bytesReceived), row.bytesReceived) },
        { label: 'Send rate', value: formatRate(row.sendRate) },
        { label: 'Receive rate', value: formatRate(row.recvRate) },
        { label: 'Segments out', value: num(row.segsOut) },
        { label: 'Segments in', value: num(row.segsIn) },
        { label: 'Retransmits', value: num(row.retrans) },
        { label: 'RTT', value: rtt(row) },
        { label: 'Delivery rate', value: formatRate(row.deliveryRate) },
      ],
    },
  ];
  for (const section of sections) section.fields = section.fields.filter((f) => f.value !== '');
  return sections;
}

function withRaw(text: string, n: number | undefined): string {
  return n === undefined || n < 1024 ? text : `${text} (${n.toLocaleString()} bytes)`;
}

function rtt(row: Endpoint): string {
  if (row.rttMs === undefined) return '';
  return row.rttVarMs === undefined
    ? formatRtt(row.rttMs)
    : `${formatRtt(row.rttMs)} ± ${formatRtt(row.rttVarMs)}`;
}
