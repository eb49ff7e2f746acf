/**
 * Kill the process that owns a row: the rules of DESIGN.md's "Security
 * rules", in order, then the signal and the wait for the exit.
 *
 *   1. pid <= 1, Sockscope's own processes, and a pid that owns no row of
 *      the current table with the request's start time are refused
 *      (kill-target.ts); so is a kernel thread.
 *   2. The signal goes through signalProcess, which re-checks the start
 *      time through a pidfd so the check and the signal hit one process.
 *   3. SIGTERM: wait up to the grace period for the exit ("still running"
 *      lets the view offer Force kill). SIGKILL: wait a short bounded time.
 *   4. EPERM is refused with the owner's name and whether the administrator
 *      retry exists; that retry (asAdministrator) runs the privileged helper
 *      through pkexec, which re-checks everything itself.
 */
import {
  DEFAULT_KILL_GRACE_MS,
  type KillOutcome,
  type KillRefusal,
  type KillRequest,
  type KillSignal,
} from '../../shared/actions.js';
import type { EndpointTable } from '../../shared/delta.js';
import type { NativeAddon } from '../collectors/linux/native-addon.js';
import { parseProcPidStat } from '../processes/proc-pid-stat.js';
import { readSmallFile } from '../processes/proc-read.js';
import {
  isKernelThread,
  signalProcess,
  waitForExit,
  type ProcessIdentity,
} from '../processes/signal-process.js';
import { UserNames } from '../processes/user-names.js';
import { helperVerdict, SIGNAL_NUMBERS } from './kill-helper-run.js';
import type { KillElevation } from './kill-elevation.js';
import { findKillTarget, identityChangedMessage, type KillTarget } from './kill-target.js';

/** How long a SIGKILL'd process gets to disappear before the reply says it is still there. */
export const FORCE_WAIT_MS = 1000;

export interface KillServiceOptions {
  /** The monitor's current table (read at each request). */
  table: () => EndpointTable;
  /** Sockscope's own processes besides this one (Electron's renderer, GPU and utility processes). */
  ownPids?: () => Iterable<number>;
  /** How long to wait for an exit after SIGTERM; default 3000 ms. */
  killGraceMs?: number;
  /** How long to wait for an exit after SIGKILL; default FORCE_WAIT_MS. */
  forceWaitMs?: number;
  /** How "Retry as administrator" runs, or why it cannot. */
  elevation: KillElevation;
  /** Called after a process exited, so the table shows its rows leaving now (monitor.refresh). */
  onExit?: () => void;
  /** For tests: another /proc, and the native addon (null: none) that signalProcess may use. */
  procRoot?: string;
  addon?: NativeAddon | null;
}

/** Answers `kill` requests; never throws (a failure is a 'refused' outcome with refusal 'failed'). */
export class KillService {
  readonly #options: KillServiceOptions;
  readonly #graceMs: number;
  readonly #userNames = new UserNames();

  constructor(options: KillServiceOptions) {
    this.#options = options;
    this.#graceMs = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  }

  async kill(request: KillRequest): Promise<KillOutcome> {
    try {
      return await this.#kill(request);
    } catch (error) {
      return refused(
        request.pid,
        'failed',
        `could not signal pid ${request.pid}: ${(error as Error).message}`,
      );
    }
  }

  async #kill(request: KillRequest): Promise<KillOutcome> {
    const own = [process.pid, ...(this.#options.ownPids?.() ?? [])];
    const check = findKillTarget(request, this.#options.table().rows.values(), own);
    if (!check.ok) return check.outcome;
    const target = check.target;
    if (isKernelThread(target.pid, this.#options.procRoot)) return kernelThread(target);
    const identity: ProcessIdentity = { pid: target.pid, startTime: target.startTime };
    if (request.asAdministrator) return this.#killAsAdministrator(target, identity, request.signal);

    const result = signalProcess(identity, request.signal, this.#signalOptions());
    switch (result.kind) {
      case 'sent':
        return this.#awaitExit(target, identity, request.signal);
      case 'gone':
        return this.#alreadyExited(target);
      case 'changed':
        return refused(target.pid, 'identity-changed', identityChangedMessage(target.pid));
      case 'kernel-thread':
        return kernelThread(target);
      case 'not-permitted': {
        const user = result.uid === target.uid ? target.user : this.#userNames.nameOf(result.uid);
        // When the retry cannot run, ActionsInfo.elevate.reason says why; the view shows it.
        return {
          ...refused(
            target.pid,
            'not-permitted',
            `${describe(target)} is owned by ${user}: needs administrator rights`,
          ),
          user,
          canElevate: this.#options.elevation.available,
        };
      }
      case 'error':
        return refused(target.pid, 'failed', `could not signal ${describe(target)}: ${result.message}`);
    }
  }

  async #killAsAdministrator(
    target: KillTarget,
    identity: ProcessIdentity,
    signal: KillSignal,
  ): Promise<KillOutcome> {
    const elevation = this.#options.elevation;
    if (!elevation.available) return refused(target.pid, 'elevation-failed', elevation.reason);
    // Checked here too, so nobody is asked for a password to signal a process that is gone or another one.
    const now = this.#startTimeOf(target.pid);
    if (now === null) return this.#alreadyExited(target);
    if (now !== target.startTime)
      return refused(target.pid, 'identity-changed', identityChangedMessage(target.pid));

    const args = [target.pid, target.startTime, SIGNAL_NUMBERS[signal]].map((n) => String(Math.trunc(n)));
    const verdict = helperVerdict(await elevation.run(elevation.helper, args));
    switch (verdict.kind) {
      case 'sent':
        return this.#awaitExit(target, identity, signal);
      case 'gone':
        return this.#alreadyExited(target);
      case 'changed':
        return refused(target.pid, 'identity-changed', identityChangedMessage(target.pid));
      case 'not-elevated':
        return refused(target.pid, 'elevation-failed', verdict.message);
      case 'refused':
      case 'failed':
        return refused(target.pid, 'failed', `${describe(target)}: ${verdict.message}`);
    }
  }

  async #awaitExit(target: KillTarget, identity: ProcessIdentity, signal: KillSignal): Promise<KillOutcome> {
    const waitMs = signal === 'SIGTERM' ? this.#graceMs : (this.#options.forceWaitMs ?? FORCE_WAIT_MS);
    const exited = await waitForExit(identity, waitMs, this.#signalOptions());
    const pid = target.pid;
    if (exited) {
      this.#options.onExit?.();
      return { kind: 'exited', pid, signal, message: `${describe(target)} exited after ${signal}` };
    }
    const seconds = `${Math.round(waitMs / 100) / 10} s`;
    const message =
      signal === 'SIGTERM'
        ? `${describe(target)} is still running ${seconds} after SIGTERM; Force kill sends SIGKILL, which it cannot ignore`
        : `${describe(target)} is still running ${seconds} after SIGKILL: it may be stuck in the kernel (state D)`;
    return { kind: 'still-running', pid, signal, graceMs: waitMs, message };
  }

  #alreadyExited(target: KillTarget): KillOutcome {
    this.#options.onExit?.();
    return { kind: 'already-exited', pid: target.pid, message: `${describe(target)} had already exited` };
  }

  #signalOptions(): { procRoot?: string; addon?: NativeAddon | null } {
    const { procRoot, addon } = this.#options;
    return { ...(procRoot !== undefined && { procRoot }), ...(addon !== undefined && { addon }) };
  }

  /** The start time /proc shows for `pid` now; null when there is no such process. */
  #startTimeOf(pid: number): number | null {
    try {
      return (
        parseProcPidStat(readSmallFile(`${this.#options.procRoot ?? '/proc'}/${pid}/stat`))?.startTime ?? null
      );
    } catch {
      return null;
    }
  }
}

/** "nginx (pid 1234)". */
function describe(target: KillTarget): string {
  return `${target.name} (pid ${target.pid})`;
}

function refused(pid: number, refusal: KillRefusal, message: string): KillOutcome & { kind: 'refused' } {
  return { kind: 'refused', pid, refusal, message };
}

function kernelThread(target: KillTarget): KillOutcome {
  return refused(target.pid, 'kernel-thread', `${describe(target)} is a kernel thread: it cannot be killed`);
}
