/**
 * A process's identity is its pid plus its start time, so that a pid the
 * kernel has since reused for another process is never signalled.
 */
import { readFileSync } from 'node:fs';

/** Field 22 of /proc/PID/stat (start time in clock ticks since boot), or undefined when the process is gone. */
export function startTimeOf(pid: number): string | undefined {
  const stat = readStat(pid);
  return stat?.[19];
}

/** True while the process with this pid and start time runs (a zombie counts as gone). */
export function isRunning(pid: number, startTime: string): boolean {
  const stat = readStat(pid);
  if (!stat) return false;
  return stat[0] !== 'Z' && (startTime === '' || stat[19] === startTime);
}

/** The fields of /proc/PID/stat after the command name, from field 3 (state) on. */
function readStat(pid: number): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}
