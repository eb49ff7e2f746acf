/**
 * The last line of defence against leaked workload processes: kills what a
 * stop left behind, and everything still tracked when the bench is
 * interrupted (SIGINT, SIGTERM) or exits for any reason.
 */
import { isRunning } from './process-identity.js';
import type { WorkloadChild } from './workload-process.js';

const live = new Set<WorkloadChild>();
let installed = false;
let interrupted = false;

/** Tracks a child until `untrack`, so that an exit of this process kills it and what it started. */
export function track(child: WorkloadChild): WorkloadChild {
  live.add(child);
  install();
  return child;
}

/** Forgets a child that was stopped. */
export function untrack(child: WorkloadChild): void {
  live.delete(child);
}

/** SIGKILLs every listed process that still runs (same pid and start time); resolves to those still running after 3 s. */
export async function killLeftovers(children: WorkloadChild[]): Promise<number[]> {
  const entries = children.flatMap((c) => [...c.processes]);
  for (const [pid, startTime] of entries) {
    if (isRunning(pid, startTime)) signal(pid, 'SIGKILL');
  }
  const deadline = Date.now() + 3000;
  let left = entries.filter(([pid, startTime]) => isRunning(pid, startTime));
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    left = left.filter(([pid, startTime]) => isRunning(pid, startTime));
  }
  return left.map(([pid]) => pid);
}

function install(): void {
  if (installed) return;
  installed = true;
  process.once('exit', killAllNow);
  for (const name of ['SIGINT', 'SIGTERM'] as const) {
    process.on(name, () => {
      if (interrupted) process.exit(130); // a second signal: no more waiting, the exit hook kills
      interrupted = true;
      process.stderr.write(`\n${name}: stopping the workload...\n`);
      void Promise.allSettled([...live].map((c) => c.stop())).finally(() =>
        process.exit(name === 'SIGINT' ? 130 : 143),
      );
    });
  }
}

/** Synchronous, for the exit hook: SIGKILL every tracked process that still runs. */
function killAllNow(): void {
  for (const child of live) {
    for (const [pid, startTime] of child.processes) {
      if (pid === child.process.pid) child.process.kill('SIGKILL');
      else if (isRunning(pid, startTime)) signal(pid, 'SIGKILL');
    }
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // gone already
  }
}
