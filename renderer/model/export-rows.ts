/**
 * Export of the rows the view shows: CSV and JSON files, and TSV for the
 * clipboard. Values are raw (numbers unformatted, times as ISO 8601), so a
 * spreadsheet can compute with them.
 */
import type { Endpoint } from '../../shared/endpoint.js';
import { ownerLabel, protoLabel } from './format.js';

/** One exported column: the grid's col-id, its header, and the raw value of a row. */
export interface ExportColumn {
  id: string;
  header: string;
  value: (row: Endpoint) => string | number | undefined;
}

function pid(row: Endpoint): number | undefined {
  return row.owner.kind === 'process' ? row.owner.pid : undefined;
}

/** Every grid column, in grid order, with the grid's col-ids. */
export const EXPORT_COLUMNS: ExportColumn[] = [
  { id: 'process', header: 'Process', value: (row) => ownerLabel(row.owner) },
  { id: 'pid', header: 'PID', value: pid },
  { id: 'proto', header: 'Protocol', value: protoLabel },
  { id: 'localAddress', header: 'Local Address', value: (row) => row.localAddress },
  { id: 'localPort', header: 'Local Port', value: (row) => row.localPort },
  { id: 'remoteAddress', header: 'Remote Address', value: (row) => row.remoteAddress },
  { id: 'remotePort', header: 'Remote Port', value: (row) => row.remotePort },
  { id: 'state', header: 'State', value: (row) => row.state },
  { id: 'recvQ', header: 'Recv-Q', value: (row) => row.recvQ },
  { id: 'sendQ', header: 'Send-Q', value: (row) => row.sendQ },
  { id: 'bytesSent', header: 'Sent Bytes', value: (row) => row.bytesSent },
  { id: 'bytesReceived', header: 'Received Bytes', value: (row) => row.bytesReceived },
  { id: 'sendRate', header: 'Send Rate (B/s)', value: (row) => row.sendRate },
  { id: 'recvRate', header: 'Receive Rate (B/s)', value: (row) => row.recvRate },
  { id: 'segsOut', header: 'Segments Out', value: (row) => row.segsOut },
  { id: 'segsIn', header: 'Segments In', value: (row) => row.segsIn },
  { id: 'retrans', header: 'Retransmits', value: (row) => row.retrans },
  { id: 'rttMs', header: 'RTT (ms)', value: (row) => row.rttMs },
  { id: 'user', header: 'User', value: (row) => (row.owner.kind === 'process' ? row.owner.user : row.uid) },
  { id: 'firstSeen', header: 'First Seen', value: (row) => isoTime(row.firstSeen) },
  { id: 'exe', header: 'Path', value: (row) => (row.owner.kind === 'process' ? (row.owner.exe ?? '') : '') },
  {
    id: 'cmdline',
    header: 'Command line',
    value: (row) => (row.owner.kind === 'process' ? row.owner.cmdline : ''),
  },
];

function isoTime(epochMs: number): string | undefined {
  const d = new Date(epochMs);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

// A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell's text: numbers as they are (NaN and infinities blank), text defused against formulas. */
function cellText(value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** One CSV field, quoted when it holds a quote, comma or line break (RFC 4180). */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** RFC 4180 CSV with a header line and CRLF line ends (one after the last row too). */
export function rowsToCsv(rows: readonly Endpoint[], columns: readonly ExportColumn[]): string {
  const lines = [columns.map((c) => csvField(cellText(c.header))).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(cellText(c.value(row)))).join(','));
  return lines.join('\r\n') + '\r\n';
}

/**
 * Tab-separated text with a header line, for pasting into a spreadsheet:
 * tabs and line breaks inside a cell become spaces (TSV cannot quote them),
 * and formula-like text is defused as in CSV.
 */
export function rowsToTsv(rows: readonly Endpoint[], columns: readonly ExportColumn[]): string {
  const field = (value: string | number | undefined): string =>
    cellText(typeof value === 'string' ? value.replace(/[\t\r\n]/g, ' ') : value);
  const lines = [columns.map((c) => field(c.header)).join('\t')];
  for (const row of rows) lines.push(columns.map((c) => field(c.value(row))).join('\t'));
  return lines.join('\n') + '\n';
}

/** The rows as they are, as pretty JSON. */
export function rowsToJson(rows: readonly Endpoint[]): string {
  return JSON.stringify(rows, null, 2);
}
