/**
 * Small synchronous readers for /proc. Sync calls on purpose: for thousands of
 * tiny procfs reads they are several times faster than the async ones.
 */
import { closeSync, openSync, readSync } from 'node:fs';

let buffer = Buffer.allocUnsafe(4096);

/**
 * Reads a small /proc file (e.g. /proc/PID/stat) whole, as UTF-8. procfs reports
 * size 0, for which readFileSync allocates a 64 KiB chunk per call; this reuses one buffer.
 */
export function readSmallFile(path: string): string {
  const fd = openSync(path, 'r');
  try {
    let length = 0;
    while (true) {
      if (length === buffer.length) {
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger);
        buffer = bigger;
      }
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    return buffer.toString('utf8', 0, length);
  } finally {
    closeSync(fd);
  }
}

/** The errno code of a thrown fs error (`ENOENT`, ...), or undefined. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return undefined;
}

/** True when a process or descriptor is not inspectable by us (another user's, or ptrace rules). */
export function isNotPermitted(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'EACCES' || code === 'EPERM';
}
