import type { Endpoint } from '../../shared/endpoint.js';
import { hostPort } from '../../shared/row-key.js';

const HEADERS = [
  'Proto',
  'Recv-Q',
  'Send-Q',
  'Local Address',
  'Foreign Address',
  'State',
  'PID/Program name',
];
/** Right-aligned columns, as netstat prints its queues. */
const RIGHT = new Set([1, 2]);

/** `addr:port`, or `addr:*` for a socket without a peer, as netstat prints it. */
function address(address: string, port: number, family: 4 | 6): string {
  return port === 0 ? hostPort(address, 0, family).replace(/:0$/, ':*') : hostPort(address, port, family);
}

function program(row: Endpoint): string {
  return row.owner.kind === 'process' ? `${row.owner.pid}/${row.owner.name}` : '-';
}

/** Orders rows as a reader scans them: protocol, family, local port, then addresses. */
export function compareForTable(a: Endpoint, b: Endpoint): number {
  return (
    a.proto.localeCompare(b.proto) ||
    a.family - b.family ||
    a.localPort - b.localPort ||
    a.localAddress.localeCompare(b.localAddress) ||
    a.remoteAddress.localeCompare(b.remoteAddress) ||
    a.remotePort - b.remotePort ||
    a.inode - b.inode
  );
}

/** The rows as a netstat-like text table, one line per endpoint, header first. */
export function formatNetstatTable(rows: readonly Endpoint[]): string {
  const cells = rows.map((row) => [
    row.family === 6 ? `${row.proto}6` : row.proto,
    String(row.recvQ),
    String(row.sendQ),
    address(row.localAddress, row.localPort, row.family),
    address(row.remoteAddress, row.remotePort, row.family),
    row.state,
    program(row),
  ]);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]?.length ?? 0)));
  const line = (c: readonly string[]): string =>
    c
      .map((text, i) => {
        const width = widths[i] ?? 0;
        if (i === c.length - 1) return text;
        return RIGHT.has(i) ? text.padStart(width) : text.padEnd(width);
      })
      .join(' ');
  return [line(HEADERS), ...cells.map(line)].join('\n') + '\n';
}
