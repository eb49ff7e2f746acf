import { emptyStats, type Collector } from '../../electron/collectors/collector.js';
import type { OwnedSocketRow } from '../../shared/endpoint.js';

/**
 * A collector that replays `reads`, one per snapshot, read exactly `stepMs`
 * apart on the monotonic clock (so rates come out exact); it says it reads
 * counters. The last read repeats once the script runs out.
 */
export function scriptedCollector(reads: OwnedSocketRow[][], stepMs = 1000): Collector {
  let call = 0;
  return {
    info: {
      name: 'scripted',
      reason: 'test',
      capabilities: { owners: true, counters: true, limits: [] },
    },
    async snapshot() {
      const n = call++;
      return {
        takenAt: 1_700_000_000_000 + n * stepMs,
        monotonicAt: n * stepMs,
        rows: reads[Math.min(n, reads.length - 1)] ?? [],
        consistent: true,
        stats: emptyStats(),
        timings: { socketsMs: 0, ownersMs: 0 },
      };
    },
    close() {},
  };
}
