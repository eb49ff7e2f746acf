import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/**
 * Whether a core is idle right now, by the kernel's count of runnable
 * threads: the fourth field of /proc/loadavg, "running/total", where
 * "running" includes the caller's own thread. A read costs a few
 * microseconds. False when the file cannot be read or parsed: then nothing
 * counts on a second core.
 */
export function spareCore(procRoot = '/proc', cores = availableParallelism()): boolean {
  let text: string;
  try {
    text = readFileSync(`${procRoot}/loadavg`, 'latin1');
  } catch {
    return false;
  }
  const running = /^\S+ \S+ \S+ (\d+)\//.exec(text)?.[1];
  return running !== undefined && Number(running) < cores;
}
