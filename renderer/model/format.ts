/**
 * How the view writes numbers, times and labels: one place, so the grid, the
 * details panel and the status bar agree. Every formatter returns '' for a
 * value that is absent, so a cell with no counter stays blank.
 */
import type { Endpoint, Owner } from '../../shared/endpoint.js';

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'] as const;

/** Bytes in binary units: '0 B', '512 B', '1.5 KiB', '12.3 MiB', '250 GiB'; '' for undefined or NaN. */
export function formatBytes(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '';
  const sign = n < 0 ? '-' : '';
  let value = Math.abs(n);
  if (value < 1024) return `${sign}${Math.round(value)} B`;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  // One decimal below 100 ('12.3 MiB'), none above ('250 MiB'); 1023.97 KiB rounds to '1.0 MiB', not '1024.0 KiB'.
  let text = value < 100 ? value.toFixed(1) : value.toFixed(0);
  if (Number(text) >= 1024 && unit < BYTE_UNITS.length - 1) {
    unit++;
    text = (value / 1024).toFixed(1);
  }
  return `${sign}${text} ${BYTE_UNITS[unit]}`;
}

/** A rate in bytes per second: '0 B/s', '830 B/s', '1.2 MiB/s'; '' for undefined or NaN. */
export function formatRate(bytesPerSecond: number | undefined): string {
  const bytes = formatBytes(bytesPerSecond);
  return bytes === '' ? '' : `${bytes}/s`;
}

/**
 * A round-trip time in milliseconds with about three significant digits:
 * '0.123 ms', '1.25 ms', '23.5 ms', '250 ms'. Loopback RTTs are tens of
 * microseconds, so small values keep their decimals.
 */
export function formatRtt(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '';
  const size = Math.abs(ms);
  const digits = size === 0 ? 0 : size < 1 ? 3 : size < 10 ? 2 : size < 100 ? 1 : 0;
  return `${ms.toFixed(digits)} ms`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Local wall-clock time, 24-hour 'HH:MM:SS'; '' for a non-finite time. */
export function formatClock(epochMs: number): string {
  if (!Number.isFinite(epochMs)) return '';
  const d = new Date(epochMs);
  if (Number.isNaN(d.getTime())) return '';
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/** Local date and time, 'YYYY-MM-DD HH:MM:SS' (sorts as text); '' for a non-finite time. */
export function formatDateTime(epochMs: number): string {
  if (!Number.isFinite(epochMs)) return '';
  const d = new Date(epochMs);
  if (Number.isNaN(d.getTime())) return '';
  const date = `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
  return `${date} ${formatClock(epochMs)}`;
}

/** The label TCPView shows for a row's protocol and IP family. */
export type ProtoLabel = 'TCPv4' | 'TCPv6' | 'UDPv4' | 'UDPv6';

/** 'TCPv4', 'TCPv6', 'UDPv4' or 'UDPv6'. */
export function protoLabel(row: Pick<Endpoint, 'proto' | 'family'>): ProtoLabel {
  if (row.proto === 'tcp') return row.family === 6 ? 'TCPv6' : 'TCPv4';
  return row.family === 6 ? 'UDPv6' : 'UDPv4';
}

/** What the Process column shows: the process name, or why the owner is unknown in brackets. */
export function ownerLabel(owner: Owner): string {
  if (owner.kind === 'process') return owner.name;
  switch (owner.reason) {
    case 'not-permitted':
      return '[not permitted]';
    case 'no-process':
      return '[no process]';
    case 'kernel':
      return '[kernel]';
  }
}
