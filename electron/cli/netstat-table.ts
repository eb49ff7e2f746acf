import type { Endpoint } from '../../shared/endpoint.js';
import { hostPort } from '../../shared/row-key.js';
import { humanBytes } from './human-bytes.js';

/** `addr:port`, or `addr:*` for a socket without a peer, as netstat prints it. */
function address(address: string, port: number, family: 4 | 6): string {
  return port === 0 ? hostPort(address, 0, family).replace(/:0$/, ':*') : hostPort(address, port, family);
}

function program(row: Endpoint): string {
  return row.owner.kind === 'process' ? `${row.owner.pid}/${row.owner.name}` : '-';
}

/** A counter cell: `-` where the row has none (UDP, a socket the kernel gave no tcp_info for). */
function bytes(count: number | undefined): string {
  return count === undefined ? '-' : humanBytes(count);
}

/** One column: its header, its cell for a row, and whether it is a number (right-aligned, as netstat prints its queues). */
interface Column {
  header: string;
  cell: (row: Endpoint) => string;
  right?: boolean;
}

const COLUMNS: readonly Column[] = [
  { header: 'Proto', cell: (row) => (row.family === 6 ? `${row.proto}6` : row.proto) },
  { header: 'Recv-Q', cell: (row) => String(row.recvQ), right: true },
  { header: 'Send-Q', cell: (row) => String(row.sendQ), right: true },
  { header: 'Local Address', cell: (row) => address(row.localAddress, row.localPort, row.family) },
  { header: 'Foreign Address', cell: (row) => address(row.remoteAddress, row.remotePort, row.family) },
  { header: 'State', cell: (row) => row.state },
  { header: 'PID/Program name', cell: program },
];

/** Bytes moved so far, after Send-Q: only when the collector reads counters. */
const COUNTER_COLUMNS: readonly Column[] = [
  { header: 'Sent', cell: (row) => bytes(row.bytesSent), right: true },
  { header: 'Recv', cell: (row) => bytes(row.bytesReceived), right: true },
];
const COUNTERS_AFTER = COLUMNS.findIndex((column) => column.header === 'Send-Q') + 1;

export interface NetstatTableOptions {
  /** Print the Sent and Recv columns: the collector reads counters (capabilities.counters). */
  counters: boolean;
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
export function formatNetstatTable(rows: readonly Endpoint[], options: NetstatTableOptions): string {
  const columns = options.counters ? COLUMNS.toSpliced(COUNTERS_AFTER, 0, ...COUNTER_COLUMNS) : COLUMNS;
  const cells = rows.map((row) => columns.map((column) => column.cell(row)));
  // A loop, not Math.max(...cells): spreading 100k+ arguments overflows the stack.
  const widths = columns.map((column) => column.header.length);
  for (const c of cells)
    for (const [i, text] of c.entries()) widths[i] = Math.max(widths[i] ?? 0, text.length);
  const line = (c: readonly string[]): string =>
    c
      .map((text, i) => {
        // The last column is not padded: no trailing spaces.
        if (i === c.length - 1) return text;
        const width = widths[i] ?? 0;
        return columns[i]?.right === true ? text.padStart(width) : text.padEnd(width);
      })
      .join(' ');
  return [line(columns.map((column) => column.header)), ...cells.map(line)].join('\n') + '\n';
}
