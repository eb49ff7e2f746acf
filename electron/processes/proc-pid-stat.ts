/**
 * Parser for /proc/PID/stat (proc(5)): the one file that gives a process's
 * name, parent and start time in a single read.
 */

/** The fields of /proc/PID/stat that Sockscope uses. */
export interface ProcPidStat {
  /** Short name (field 2, without the parentheses); may hold spaces and ')'. */
  comm: string;
  /** One-letter state (field 3): R, S, D, Z, T, t, X, I, ... */
  state: string;
  /** Parent pid (field 4). */
  ppid: number;
  /** Kernel flags (field 9), PF_* bits. */
  flags: number;
  /** Start time in clock ticks since boot (field 22). */
  startTime: number;
}

/** PF_KTHREAD from include/linux/sched.h: the task is a kernel thread. */
export const PF_KTHREAD = 0x00200000;

// Offsets of fields after the comm, where field 3 (state) is index 0.
const STATE = 0;
const PPID = 1;
const FLAGS = 6;
const START_TIME = 19;

/** Parses the text of /proc/PID/stat; null when it is not one well-formed line of it. */
export function parseProcPidStat(text: string): ProcPidStat | null {
  const open = text.indexOf(' (');
  // comm is free text chosen by the process: only the LAST ')' ends it.
  const close = text.lastIndexOf(')');
  if (open < 1 || close < open || !isDigits(text, 0, open)) return null;
  if (text.charCodeAt(close + 1) !== 0x20) return null;
  const fields = text
    .slice(close + 2)
    .trimEnd()
    .split(' ');
  const state = fields[STATE];
  const ppid = toCount(fields[PPID]);
  const flags = toCount(fields[FLAGS]);
  const startTime = toCount(fields[START_TIME]);
  if (state === undefined || state.length !== 1 || ppid === null || flags === null || startTime === null) {
    return null;
  }
  return { comm: text.slice(open + 2, close), state, ppid, flags, startTime };
}

/** True for kernel threads (kthreadd and its children): they hold no user sockets and cannot be killed. */
export function isKernelThread(stat: Pick<ProcPidStat, 'flags'>): boolean {
  // flags is an unsigned 32-bit value; the bit test works on its int32 view too.
  return (stat.flags & PF_KTHREAD) !== 0;
}

function isDigits(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return to > from;
}

function toCount(field: string | undefined): number | null {
  if (field === undefined || !isDigits(field, 0, field.length)) return null;
  const value = Number(field);
  return Number.isSafeInteger(value) ? value : null;
}
