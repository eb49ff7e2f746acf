/**
 * One child process of the workload, seen from the parent: its ready promise
 * (bounded in time), its last reported counts, and a stop that escalates.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { startTimeOf } from './process-identity.js';

/** Counts a child reports each second (pairs children and the idle holder report different ones). */
export interface ChildStatus {
  established?: number;
  connecting?: number;
  churned?: number;
  failures?: number;
  idle?: number;
  /** Set when the child exited before it was told to stop. */
  lost?: boolean;
}

/** A started child. */
export interface WorkloadChild {
  readonly label: string;
  readonly process: ChildProcess;
  /** The child and the processes it reported (idle sleeps), by pid, with their start time. */
  readonly processes: Map<number, string>;
  readonly pids: number[];
  readonly ready: Promise<void>;
  readonly status: ChildStatus;
  stop(): Promise<void>;
}

interface Message {
  type?: string;
  message?: string;
  pids?: number[];
  [key: string]: unknown;
}

/** Forks `script` in `role` with `config`; `ready` rejects on an error report, an early exit, or after `timeoutMs`. */
export function startChild(
  script: string,
  role: string,
  config: Record<string, unknown>,
  timeoutMs: number,
): WorkloadChild {
  const label = `${role} child${typeof config.address === 'string' ? ` on ${config.address}` : ''}`;
  // execArgv: [] so the child does not inherit --import tsx or --expose-gc.
  const proc = fork(script, [role, JSON.stringify(config)], {
    execArgv: [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const processes = new Map<number, string>();
  if (proc.pid !== undefined) processes.set(proc.pid, startTimeOf(proc.pid) ?? '');
  const status: ChildStatus = {};
  let exited = proc.exitCode !== null || proc.signalCode !== null;
  let stopping = false;
  const exit = new Promise<void>((resolve) => proc.once('exit', () => resolve()));

  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${label} not ready after ${Math.round(timeoutMs / 1000)} s`)),
      timeoutMs,
    );
    const settle = (error?: Error) => {
      clearTimeout(timer);
      if (error) reject(error);
      else resolve();
    };
    proc.once('error', (err) => settle(new Error(`${label} failed to start: ${err.message}`)));
    proc.on('message', (raw: unknown) => {
      const m = (raw ?? {}) as Message;
      if (m.type === 'status') Object.assign(status, m);
      else if (m.type === 'error') settle(new Error(`${label}: ${m.message ?? 'unknown error'}`));
      else if (m.type === 'ready') {
        for (const pid of m.pids ?? []) processes.set(pid, startTimeOf(pid) ?? '');
        if (typeof m.established === 'number') status.established = m.established;
        if (m.pids) status.idle = m.pids.length;
        settle();
      }
    });
    proc.once('exit', (code, signal) => {
      exited = true;
      if (!stopping) status.lost = true;
      settle(new Error(`${label} exited before it was ready (code ${code}, signal ${signal})`));
    });
  });
  ready.catch(() => undefined); // awaited by the caller; this only marks it handled

  const stop = async (): Promise<void> => {
    stopping = true;
    if (exited) return;
    if (proc.connected) proc.send({ type: 'stop' }, () => undefined);
    // The idle holder kills and reaps its sleeps before it exits: give it time.
    if (await settles(exit, 15_000)) return;
    proc.kill('SIGTERM');
    if (await settles(exit, 3_000)) return;
    proc.kill('SIGKILL');
    if (!(await settles(exit, 3_000))) throw new Error(`${label} (pid ${proc.pid}) ignored SIGKILL`);
  };

  return {
    label,
    process: proc,
    processes,
    get pids() {
      return [...processes.keys()];
    },
    ready,
    status,
    stop,
  };
}

/** True when `promise` settles within `ms`. */
async function settles(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
