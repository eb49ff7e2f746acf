import { closeSync, openSync, readSync } from 'node:fs';
import { endianness } from 'node:os';
import type { IpFamily, Protocol, SocketRow } from '../../../shared/endpoint.js';
import { parseProcNet } from './proc-net-parser.js';

/** The /proc/net files this reader knows, with what their rows hold. */
const PROC_NET_FILES: readonly { name: string; proto: Protocol; family: IpFamily }[] = [
  { name: 'tcp', proto: 'tcp', family: 4 },
  { name: 'tcp6', proto: 'tcp', family: 6 },
  { name: 'udp', proto: 'udp', family: 4 },
  { name: 'udp6', proto: 'udp', family: 6 },
];

const INITIAL_BUFFER_BYTES = 1 << 20;

/**
 * One buffer for every read, made on first use, kept for the next poll and
 * grown when a read fills it. procfs reports size 0, so readFileSync would
 * gather a busy host's megabytes in 64 KiB chunks and join them. (Each read()
 * of a seq_file still returns at most about one page, so the count of system
 * calls is the kernel's to decide.)
 */
let buffer: Buffer | undefined;

function isEnoent(error: unknown): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === 'ENOENT';
}

/**
 * The whole text of a /proc/net file (or any file), or null when it does not
 * exist (no IPv6 in this kernel or namespace). Other errors are thrown.
 */
export function readProcNetText(path: string): string | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if (isEnoent(error)) return null;
    throw error;
  }
  try {
    let buf = (buffer ??= Buffer.allocUnsafe(INITIAL_BUFFER_BYTES));
    let length = 0;
    while (true) {
      if (length === buf.length) {
        const grown = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(grown, 0, 0, length);
        buf = buffer = grown;
      }
      const n = readSync(fd, buf, length, buf.length - length, null);
      if (n === 0) break;
      length += n;
    }
    // The files are ASCII; latin1 is the cheapest decoding that keeps every byte.
    return buf.toString('latin1', 0, length);
  } finally {
    closeSync(fd);
  }
}

/** Every TCP and UDP socket in /proc/net, with what could not be read. */
export interface ProcNetSockets {
  rows: SocketRow[];
  /** Malformed rows skipped, over all files. */
  skipped: number;
  /** Rows read twice and dropped, over all files. */
  duplicates: number;
  /** Paths of files that do not exist, e.g. `/proc/net/tcp6` when IPv6 is disabled. */
  missing: string[];
}

/** Reads and parses /proc/net/{tcp,tcp6,udp,udp6} under `procRoot`, or the files of `protocols` only. */
export function readProcNetSockets(
  procRoot = '/proc',
  protocols: readonly Protocol[] = ['tcp', 'udp'],
): ProcNetSockets {
  const littleEndian = endianness() === 'LE';
  const result: ProcNetSockets = { rows: [], skipped: 0, duplicates: 0, missing: [] };
  for (const file of PROC_NET_FILES) {
    if (!protocols.includes(file.proto)) continue;
    const path = `${procRoot}/net/${file.name}`;
    const text = readProcNetText(path);
    if (text === null) {
      result.missing.push(path);
      continue;
    }
    const parsed = parseProcNet(text, file.proto, file.family, littleEndian);
    for (const row of parsed.rows) result.rows.push(row);
    result.skipped += parsed.skipped;
    result.duplicates += parsed.duplicates;
  }
  return result;
}
