/**
 * Signals one process, named by its identity (pid and start time) rather than
 * by its pid alone: pids are reused, and a kill aimed at a process that has
 * exited must not hit the newcomer. These are the OS steps only; which
 * processes may be signalled at all is decided above (electron/actions/).
 */
import { statSync } from 'node:fs';
import { constants } from 'node:os';
import { getSystemErrorName } from 'node:util';
import { loadNativeAddon, type NativeAddon } from '../collectors/linux/native-addon.js';
import {
  isKernelThread as hasKernelThreadFlag,
  parseProcPidStat,
  type ProcPidStat,
} from './proc-pid-stat.js';
import { errorCode, readSmallFile } from './proc-read.js';

/** A process as a snapshot saw it: with the pid, its start time tells it apart from a later one. */
export interface ProcessIdentity {
  pid: number;
  /** /proc/PID/stat field 22: clock ticks since boot. */
  startTime: number;
}

export type SignalResult =
  | { kind: 'sent' }
  /** ESRCH, no /proc entry, or a zombie: it has exited. */
  | { kind: 'gone' }
  /** The pid now belongs to another process, started at `startTime`. */
  | { kind: 'changed'; startTime: number }
  /** EPERM: the process belongs to user `uid` (its real uid; -1 when unreadable). */
  | { kind: 'not-permitted'; uid: number }
  | { kind: 'kernel-thread' }
  | { kind: 'error'; message: string };

export interface SignalOptions {
  /** Where procfs is mounted (tests); default /proc. */
  procRoot?: string;
  /** The native addon; undefined loads it, null means none (kill(2) only). */
  addon?: NativeAddon | null;
}

/** Linux's PID_MAX_LIMIT (2^22): no pid is larger on any configuration. */
const PID_MAX_LIMIT = 4194304;
/** How often waitForExit looks again. */
const WAIT_POLL_MS = 50;

const { ESRCH, EINVAL, ENOSYS } = constants.errno;

/** The addon's pidfd functions, when this build of it has them. */
type PidfdAddon = Required<Pick<NativeAddon, 'pidfdOpen' | 'pidfdSendSignal' | 'pidfdWait' | 'pidfdClose'>>;

function pidfdAddon(addon: NativeAddon | null | undefined): PidfdAddon | null {
  const chosen = addon === undefined ? loadNativeAddon().addon : addon;
  if (
    chosen === null ||
    typeof chosen.pidfdOpen !== 'function' ||
    typeof chosen.pidfdSendSignal !== 'function' ||
    typeof chosen.pidfdWait !== 'function' ||
    typeof chosen.pidfdClose !== 'function'
  ) {
    return null;
  }
  return chosen as PidfdAddon;
}

/**
 * Sends `signal` to the process with this identity, if it is still that
 * process. With a pidfd (Linux >= 5.3 and the native addon), the process is
 * opened first, then its start time and kernel-thread flag are read from
 * /proc, then the signal goes to the same pidfd: if the process exits and its
 * pid is reused between check and signal, the signal fails with ESRCH and
 * never reaches the newcomer. Never throws for what the OS answers.
 */
export function signalProcess(
  identity: ProcessIdentity,
  signal: 'SIGTERM' | 'SIGKILL',
  options: SignalOptions = {},
): SignalResult {
  const invalid = invalidIdentity(identity);
  if (invalid !== null) return { kind: 'error', message: invalid };
  const procRoot = options.procRoot ?? '/proc';
  const signalNumber = constants.signals[signal];
  const addon = pidfdAddon(options.addon);
  const fd = addon === null ? -ENOSYS : addon.pidfdOpen(identity.pid);
  if (fd === -ESRCH) return { kind: 'gone' };
  if (fd === -EINVAL) {
    return { kind: 'error', message: `pid ${identity.pid} is not a process (a thread id?)` };
  }
  if (fd < 0 && fd !== -ENOSYS) return { kind: 'error', message: `pidfd_open: ${errnoName(fd)}` };

  if (addon === null || fd < 0) {
    // No pidfd (no addon, an addon built before it, or Linux < 5.3): check,
    // then kill(2) by number. A small race remains: if the process exits and
    // its pid is reused between the two, the signal hits the newcomer. Pids
    // wrap slowly (pid_max is 4,194,304 on 64-bit), so the window is tiny.
    const refusal = checkIdentity(identity, procRoot);
    if (refusal !== null) return refusal;
    try {
      process.kill(identity.pid, signal);
      return { kind: 'sent' };
    } catch (error) {
      return failure(errorCode(error), identity.pid, procRoot);
    }
  }

  try {
    // The pidfd now pins the process that had the pid; /proc says whether it is ours.
    const refusal = checkIdentity(identity, procRoot);
    if (refusal !== null) return refusal;
    const sent = addon.pidfdSendSignal(fd, signalNumber);
    return sent === 0 ? { kind: 'sent' } : failure(errnoName(sent), identity.pid, procRoot);
  } finally {
    addon.pidfdClose(fd);
  }
}

/**
 * Resolves true once the process with this identity has exited (a zombie
 * counts: its exit status waiting for its parent is all that is left of it),
 * or its pid belongs to another process; false after `timeoutMs`. With a
 * pidfd it asks the kernel (poll, never blocking the event loop); without,
 * it reads /proc/PID/stat every 50 ms. Never rejects.
 */
export async function waitForExit(
  identity: ProcessIdentity,
  timeoutMs: number,
  options: SignalOptions = {},
): Promise<boolean> {
  if (invalidIdentity(identity) !== null) return false;
  const procRoot = options.procRoot ?? '/proc';
  const deadline = Date.now() + Math.max(0, timeoutMs);
  const addon = pidfdAddon(options.addon);
  const fd = addon === null ? -ENOSYS : addon.pidfdOpen(identity.pid);
  if (fd === -ESRCH) return true;
  try {
    // A pidfd opened after the process exited names the newcomer: check which it is first.
    if (exitState(identity, procRoot) === 'exited') return true;
    while (true) {
      if (addon !== null && fd >= 0) {
        const exited = addon.pidfdWait(fd, 0);
        if (exited === 1) return true;
        // An error from poll leaves /proc to answer.
        if (exited < 0 && exitState(identity, procRoot) === 'exited') return true;
      } else if (exitState(identity, procRoot) === 'exited') {
        return true;
      }
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise((resolve) => setTimeout(resolve, Math.min(WAIT_POLL_MS, left)));
    }
  } finally {
    if (addon !== null && fd >= 0) addon.pidfdClose(fd);
  }
}

/**
 * True when `pid` is a kernel thread (PF_KTHREAD in /proc/PID/stat): such
 * threads hold no user sockets and must never be signalled. False when it is
 * not, or when its /proc entry cannot be read (it has exited).
 */
export function isKernelThread(pid: number, procRoot = '/proc'): boolean {
  const read = readStat(pid, procRoot);
  return 'stat' in read && hasKernelThreadFlag(read.stat);
}

/** Why `identity` cannot name a process to signal, or null when it can. */
function invalidIdentity(identity: ProcessIdentity): string | null {
  const { pid, startTime } = identity;
  // kill(2) reads 0 and -1 as "my group" and "everyone": never let one through.
  if (!Number.isSafeInteger(pid) || pid < 1 || pid > PID_MAX_LIMIT) return `invalid pid ${String(pid)}`;
  if (pid === 1) return 'pid 1 (init) is never signalled';
  if (pid === process.pid) return 'Sockscope does not signal itself';
  if (!Number.isSafeInteger(startTime) || startTime < 0) return `invalid start time ${String(startTime)}`;
  return null;
}

/** What /proc/PID/stat says: the parsed fields, that there is no such process, or why it could not be read. */
type StatRead = { stat: ProcPidStat } | { gone: true } | { error: string };

function readStat(pid: number, procRoot: string): StatRead {
  const path = `${procRoot}/${pid}/stat`;
  let text: string;
  try {
    text = readSmallFile(path);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ESRCH') return { gone: true };
    return { error: `cannot read ${path}: ${code ?? String(error)}` };
  }
  const stat = parseProcPidStat(text);
  return stat === null ? { error: `cannot parse ${path}` } : { stat };
}

/** Why the process in /proc is not `identity` (or not signallable), or null when it is. */
function checkIdentity(identity: ProcessIdentity, procRoot: string): SignalResult | null {
  const read = readStat(identity.pid, procRoot);
  if ('gone' in read) return { kind: 'gone' };
  if ('error' in read) return { kind: 'error', message: read.error };
  const { stat } = read;
  if (stat.startTime !== identity.startTime) return { kind: 'changed', startTime: stat.startTime };
  // A zombie has exited already: only its exit status waits for its parent.
  if (stat.state === 'Z' || stat.state === 'X') return { kind: 'gone' };
  if (hasKernelThreadFlag(stat)) return { kind: 'kernel-thread' };
  return null;
}

/** Whether the process with `identity` has exited, as /proc says. */
function exitState(identity: ProcessIdentity, procRoot: string): 'exited' | 'running' | 'unknown' {
  const read = readStat(identity.pid, procRoot);
  if ('gone' in read) return 'exited';
  if ('error' in read) return 'unknown';
  const { stat } = read;
  if (stat.startTime !== identity.startTime || stat.state === 'Z' || stat.state === 'X') return 'exited';
  return 'running';
}

/** The outcome of a failed signal, by errno code. */
function failure(code: string | undefined, pid: number, procRoot: string): SignalResult {
  if (code === 'ESRCH') return { kind: 'gone' };
  if (code === 'EPERM') return { kind: 'not-permitted', uid: ownerUid(pid, procRoot) };
  return { kind: 'error', message: `signal to pid ${pid} failed: ${code ?? 'unknown error'}` };
}

/** The real uid of process `pid` (the `Uid:` line of its status), or the owner of its /proc entry, or -1. */
function ownerUid(pid: number, procRoot: string): number {
  try {
    const line = /^Uid:\s+(\d+)/m.exec(readSmallFile(`${procRoot}/${pid}/status`));
    if (line !== null) return Number(line[1]);
  } catch {
    // Fall through to the directory's owner.
  }
  try {
    return statSync(`${procRoot}/${pid}`).uid;
  } catch {
    return -1;
  }
}

function errnoName(negativeErrno: number): string {
  try {
    return getSystemErrorName(negativeErrno);
  } catch {
    return `errno ${-negativeErrno}`;
  }
}
