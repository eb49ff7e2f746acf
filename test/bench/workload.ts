/**
 * A loopback workload for the benchmark: child processes that hold N
 * ESTABLISHED TCP pairs, optionally churn them, and optionally M idle processes
 * holding F descriptors each (what makes `ss -p` slow at few sockets).
 */
import { fileURLToPath } from 'node:url';
import { startChild, type WorkloadChild } from './workload-process.js';
import { killLeftovers, track, untrack } from './workload-reaper.js';

/** What the workload holds. */
export interface WorkloadOptions {
  /** ESTABLISHED TCP pairs (client socket + accepted socket): 2 x pairs sockets. */
  pairs: number;
  /** Idle `sleep` processes; default 0. */
  idleProcesses?: number;
  /** Descriptors each idle process holds (stdin, stdout, stderr and /dev/null copies); default 50. */
  idleFds?: number;
  /** Pairs closed and reopened per second, spread over the children; default 0. */
  churnPerSecond?: number;
  /** Pairs per child; each pair is two descriptors, so 2,000 keeps a child near 4,000 fds. */
  maxPairsPerChild?: number;
  /** Progress lines while setting up (to stderr, say). */
  log?: (line: string) => void;
}

/** Counts the children last reported. */
export interface WorkloadStatus {
  established: number;
  connecting: number;
  churned: number;
  failures: number;
  idle: number;
  /** Children that exited without being told to stop. */
  lostChildren: number;
}

/** A running workload. */
export interface Workload {
  /** Every process started: the children and the idle `sleep`s. */
  pids: number[];
  status(): WorkloadStatus;
  /** Stops every process started, waits for them, and throws if any is left. */
  stop(): Promise<void>;
}

const CHILD = fileURLToPath(new URL('./workload-child.mjs', import.meta.url));
/** Destination addresses start here: 127.0.0.10, .11, ... one per child. */
const FIRST_ADDRESS = 10;

/** Starts the workload and resolves once every pair is ESTABLISHED and every idle process runs. */
export async function startWorkload(options: WorkloadOptions): Promise<Workload> {
  const { pairs, idleProcesses = 0, idleFds = 50, churnPerSecond = 0 } = options;
  const maxPerChild = options.maxPairsPerChild ?? 2000;
  const log = options.log ?? (() => undefined);
  checkCount('pairs', pairs, 100_000);
  checkCount('idleProcesses', idleProcesses, 10_000);
  checkCount('idleFds', idleFds, 10_000);
  checkCount('churnPerSecond', churnPerSecond, 100_000);
  if (idleProcesses > 0 && idleFds < 3) throw new RangeError('idleFds must be at least 3');

  const pairChildren = pairs === 0 ? 0 : Math.min(pairs, Math.max(2, Math.ceil(pairs / maxPerChild)));
  if (pairChildren > 240) throw new RangeError(`${pairs} pairs need more than 240 children`);
  const children: WorkloadChild[] = [];
  const stop = once(async () => {
    await Promise.all(children.map((c) => c.stop()));
    const left = await killLeftovers(children);
    for (const child of children) untrack(child);
    if (left.length > 0) throw new Error(`workload processes still alive after stop: ${left.join(', ')}`);
  });

  try {
    for (let i = 0; i < pairChildren; i += 1) {
      const share = Math.floor(pairs / pairChildren) + (i < pairs % pairChildren ? 1 : 0);
      const churn = Math.floor(churnPerSecond / pairChildren) + (i < churnPerSecond % pairChildren ? 1 : 0);
      const address = `127.0.0.${FIRST_ADDRESS + i}`;
      const config = { address, pairs: share, churnPerSecond: churn, concurrency: 256 };
      children.push(track(startChild(CHILD, 'pairs', config, 30_000 + share * 20)));
    }
    if (idleProcesses > 0) {
      const config = { count: idleProcesses, fds: idleFds };
      children.push(track(startChild(CHILD, 'idle', config, 30_000 + idleProcesses * 50)));
    }
    log(
      `workload: ${pairs} pairs over ${pairChildren} children` +
        (idleProcesses > 0 ? `, ${idleProcesses} idle processes x ${idleFds} fds` : '') +
        (churnPerSecond > 0 ? `, churn ${churnPerSecond}/s` : ''),
    );
    const progress = setInterval(() => {
      const s = sumStatus(children);
      log(`workload: ${s.established}/${pairs} pairs established, ${s.idle}/${idleProcesses} idle processes`);
    }, 2000);
    try {
      await Promise.all(children.map((c) => c.ready));
    } finally {
      clearInterval(progress);
    }
  } catch (error) {
    await stop().catch(() => undefined);
    throw new Error(`workload did not start: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  const pids = children.flatMap((c) => c.pids);
  log(`workload: ready (${pids.length} processes)`);
  return { pids, status: () => sumStatus(children), stop };
}

function sumStatus(children: WorkloadChild[]): WorkloadStatus {
  const total: WorkloadStatus = {
    established: 0,
    connecting: 0,
    churned: 0,
    failures: 0,
    idle: 0,
    lostChildren: 0,
  };
  for (const child of children) {
    const s = child.status;
    total.established += s.established ?? 0;
    total.connecting += s.connecting ?? 0;
    total.churned += s.churned ?? 0;
    total.failures += s.failures ?? 0;
    total.idle += s.idle ?? 0;
    if (s.lost) total.lostChildren += 1;
  }
  return total;
}

function checkCount(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${name} must be an integer from 0 to ${max}, got ${value}`);
  }
}

/** Runs `fn` once; later calls get the first call's promise. */
function once(fn: () => Promise<void>): () => Promise<void> {
  let result: Promise<void> | undefined;
  return () => (result ??= fn());
}
