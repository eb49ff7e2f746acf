/**
 * Running the privileged kill helper, and what its exit means. The helper
 * takes three integers in argv (pid, start time, signal number) and
 * re-checks every rule itself; it runs through pkexec, so polkit asks the
 * user for an administrator's password. Nothing goes through a shell.
 */
import { execFile } from 'node:child_process';
import type { KillSignal } from '../../shared/actions.js';

/** The signal numbers the helper accepts: a fixed set, sent as integers. */
export const SIGNAL_NUMBERS: { readonly [S in KillSignal]: number } = { SIGTERM: 15, SIGKILL: 9 };

/** How a run of the helper (or of pkexec around it) ended. */
export interface HelperExit {
  /** The exit status; null when it was killed by a signal or could not start. */
  code: number | null;
  /** Set when it could not be started at all (ENOENT, EACCES) or did not answer in time. */
  failure?: string;
  /** What it wrote on stderr, cut short. */
  stderr: string;
}

/** Runs `helper` with these integer arguments; injected so tests can run the helper without pkexec. */
export type HelperRunner = (helper: string, args: readonly string[]) => Promise<HelperExit>;

/** How long the administrator's password dialog may stay open before the attempt is given up. */
export const ELEVATION_TIMEOUT_MS = 120_000;

/** The runner that asks polkit: `pkexec HELPER PID STARTTIME SIGNAL`. */
export function pkexecRunner(pkexec: string, timeoutMs = ELEVATION_TIMEOUT_MS): HelperRunner {
  return (helper, args) => runFile(pkexec, [helper, ...args], timeoutMs);
}

/** Runs `file` with `args` (no shell) and reports how it ended; never rejects. */
export function runFile(file: string, args: readonly string[], timeoutMs: number): Promise<HelperExit> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024, encoding: 'utf8' },
      (error, _stdout, stderr) => {
        const text = String(stderr).trim().slice(0, 500);
        if (error === null) return resolve({ code: 0, stderr: text });
        const err = error as NodeJS.ErrnoException & { code?: number | string; killed?: boolean };
        if (typeof err.code === 'number') return resolve({ code: err.code, stderr: text });
        if (err.killed)
          return resolve({ code: null, failure: `no answer within ${timeoutMs / 1000} s`, stderr: text });
        resolve({ code: null, failure: `${file} could not run: ${err.code ?? err.message}`, stderr: text });
      },
    );
  });
}

/** What the helper's exit status says (see electron/processes/kill-helper-path.ts for the helper). */
export type HelperVerdict =
  | { kind: 'sent' }
  | { kind: 'gone' }
  | { kind: 'changed' }
  /** The helper refused by one of its own rules, or was called wrongly. */
  | { kind: 'refused'; message: string }
  /** pkexec: the user dismissed the dialog, or is not authorized. */
  | { kind: 'not-elevated'; message: string }
  | { kind: 'failed'; message: string };

/** Maps an exit of `pkexec HELPER …` to what happened. */
export function helperVerdict(exit: HelperExit): HelperVerdict {
  const detail = exit.stderr === '' ? '' : `: ${exit.stderr}`;
  switch (exit.code) {
    case 0:
      return { kind: 'sent' };
    case 4:
      return { kind: 'gone' };
    case 5:
      return { kind: 'changed' };
    case 3:
      return { kind: 'refused', message: `the administrator helper refused to signal it${detail}` };
    case 2:
      return { kind: 'refused', message: `the administrator helper did not understand the request${detail}` };
    case 6:
      return { kind: 'failed', message: `the administrator helper failed${detail}` };
    case 126:
      return { kind: 'not-elevated', message: 'the administrator password dialog was dismissed' };
    case 127:
      return { kind: 'not-elevated', message: `not authorized to act as administrator${detail}` };
    case null:
      return {
        kind: 'not-elevated',
        message: `could not get administrator rights: ${exit.failure ?? 'interrupted'}`,
      };
    default:
      return { kind: 'failed', message: `the administrator helper exited with status ${exit.code}${detail}` };
  }
}
