import { parseArgs } from 'node:util';
import type { CollectorInfo } from '../collectors/collector.js';
import { createCollector } from '../collectors/select-collector.js';
import { MAX_INTERVAL_MS, MIN_INTERVAL_MS, Monitor, type MonitorTick } from '../monitor/monitor.js';
import { UsageError } from './usage.js';

export interface WatchOptions {
  json: boolean;
  intervalMs: number;
  /** Stop after this many polls; undefined runs until interrupted. */
  count: number | undefined;
}

/** Parses the flags of `sockscope watch`. */
export function parseWatchArgs(args: string[]): WatchOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        json: { type: 'boolean' },
        interval: { type: 'string' },
        count: { type: 'string' },
      },
    }));
  } catch (error) {
    throw new UsageError(`watch: ${(error as Error).message}`);
  }
  const intervalMs = values.interval === undefined ? 1000 : integer('--interval', values.interval);
  if (intervalMs < MIN_INTERVAL_MS || intervalMs > MAX_INTERVAL_MS) {
    throw new UsageError(`watch: --interval must be from ${MIN_INTERVAL_MS} to ${MAX_INTERVAL_MS} ms`);
  }
  const count = values.count === undefined ? undefined : integer('--count', values.count);
  if (count !== undefined && count < 1) throw new UsageError('watch: --count must be at least 1');
  return { json: values.json ?? false, intervalMs, count };
}

function integer(flag: string, text: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`watch: ${flag} takes a whole number, got "${text}"`);
  return Number(text);
}

/** The JSON line of one poll: the first is a full snapshot, the rest deltas. */
export function watchLine(tick: MonitorTick, first: boolean, collector: CollectorInfo): object {
  const common = { cost: tick.cost, unseen: tick.stats, consistent: tick.consistent };
  if (first) {
    return {
      type: 'snapshot',
      seq: tick.table.seq,
      collector,
      takenAt: tick.table.takenAt,
      counts: tick.delta.counts,
      rows: [...tick.table.rows.values()],
      ...common,
    };
  }
  return { type: 'delta', ...tick.delta, ...common };
}

/** One human line per poll: counts, the change, and what the poll cost. */
export function summaryLine(tick: MonitorTick): string {
  const { delta, cost } = tick;
  const s = delta.counts.byState;
  const time = new Date(delta.takenAt).toTimeString().slice(0, 8);
  return (
    `${time} #${delta.seq} ${delta.counts.total} endpoints` +
    ` (+${delta.added.length} ~${delta.updated.length} -${delta.removed.length})` +
    ` est ${s.ESTABLISHED ?? 0} listen ${s.LISTEN ?? 0} time-wait ${s.TIME_WAIT ?? 0} close-wait ${s.CLOSE_WAIT ?? 0}` +
    ` | poll ${cost.totalMs.toFixed(1)} ms (sockets ${cost.socketsMs.toFixed(1)}, owners ${cost.ownersMs.toFixed(1)}, diff ${cost.diffMs.toFixed(1)})`
  );
}

/** `sockscope watch`: streams the monitor until --count polls or an interrupt. */
export async function runWatch(args: string[], out: NodeJS.WritableStream): Promise<void> {
  const options = parseWatchArgs(args);
  const collector = createCollector();
  const monitor = new Monitor(collector, { intervalMs: options.intervalMs });
  let polls = 0;
  await new Promise<void>((resolve) => {
    const finish = (): void => {
      monitor.stop();
      collector.close();
      process.off('SIGINT', finish);
      process.off('SIGTERM', finish);
      resolve();
    };
    process.on('SIGINT', finish);
    process.on('SIGTERM', finish);
    monitor.onError((error) => process.stderr.write(`sockscope: poll failed: ${error.message}\n`));
    monitor.onTick((tick) => {
      polls++;
      out.write(
        (options.json ? JSON.stringify(watchLine(tick, polls === 1, collector.info)) : summaryLine(tick)) +
          '\n',
      );
      if (options.count !== undefined && polls >= options.count) finish();
    });
    monitor.start();
  });
}
