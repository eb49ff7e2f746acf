/**
 * Sockscope's side of the benchmark: a cold poll (a new collector's first
 * snapshot, its owner resolver empty) and a warm monitor polled again and again.
 */
import { performance } from 'node:perf_hooks';
import type { OwnedSocketRow } from '../../shared/endpoint.js';

/** One poll's wall time, where the collector says it spent it, and how many owners it found. */
export interface PollSample {
  wallMs: number;
  socketsMs: number;
  ownersMs: number;
  /** Table building and diff; only a monitor poll has it. */
  diffMs: number;
  rows: number;
  /**
   * TCP ESTABLISHED rows held by a file (inode != 0), and those among them with a
   * process as owner. Rows without an inode (not yet accepted) have no owner to find.
   */
  established: number;
  establishedOwned: number;
}

/** A warm monitor over a warm collector. */
export interface SteadyPoller {
  poll(): Promise<PollSample>;
  close(): void;
}

/** What the benchmark needs from Sockscope. */
export interface SockscopeSide {
  /** The collector's name and why it was chosen. */
  describe: string;
  coldPoll(): Promise<PollSample>;
  /** A warm monitor on the collector the app would choose, or on the /proc collector. */
  startSteady(collector: 'default' | 'proc'): Promise<SteadyPoller>;
}

/** Loads Sockscope's collector and monitor; rejects with the import error when they cannot load. */
export async function loadSockscope(): Promise<SockscopeSide> {
  const [{ createCollector }, { Monitor }] = await Promise.all([
    import('../../electron/collectors/select-collector.js'),
    import('../../electron/monitor/monitor.js'),
  ]);
  const probe = createCollector();
  const describe = `${probe.info.name} (${probe.info.reason})`;
  probe.close();

  return {
    describe,
    async coldPoll() {
      const start = performance.now();
      const collector = createCollector();
      try {
        const snapshot = await collector.snapshot();
        const wallMs = performance.now() - start;
        return { wallMs, ...snapshot.timings, diffMs: Number.NaN, ...ownerCounts(snapshot.rows) };
      } finally {
        collector.close();
      }
    },
    async startSteady(which) {
      const collector = createCollector(which === 'proc' ? { env: { SOCKSCOPE_COLLECTOR: 'proc' } } : {});
      const monitor = new Monitor(collector, { intervalMs: 1000 });
      await monitor.pollOnce(); // the cold poll: what follows is steady state
      return {
        async poll() {
          const start = performance.now();
          const tick = await monitor.pollOnce();
          const wallMs = performance.now() - start;
          const { socketsMs, ownersMs, diffMs } = tick.cost;
          return { wallMs, socketsMs, ownersMs, diffMs, ...ownerCounts(tick.table.rows.values()) };
        },
        close() {
          monitor.stop();
          collector.close();
        },
      };
    },
  };
}

function ownerCounts(
  rows: Iterable<OwnedSocketRow>,
): Pick<PollSample, 'rows' | 'established' | 'establishedOwned'> {
  let count = 0;
  let established = 0;
  let establishedOwned = 0;
  for (const row of rows) {
    count += 1;
    if (row.proto !== 'tcp' || row.state !== 'ESTABLISHED' || row.inode === 0) continue;
    established += 1;
    if (row.owner.kind === 'process') establishedOwned += 1;
  }
  return { rows: count, established, establishedOwned };
}
