import { performance } from 'node:perf_hooks';
import type { Delta, EndpointTable } from '../../shared/delta.js';
import { diffChanges, emptyTable } from '../../shared/diff.js';
import type { CollectorStats, PollCost } from '../../shared/collector-report.js';
import { checkIntervalMs } from '../../shared/poll-interval.js';
import type { Collector } from '../collectors/collector.js';
import { TableBuilder } from './build-table.js';

export type { PollCost } from '../../shared/collector-report.js';

/** What one poll yields: the change since the previous poll and what it cost. */
export interface MonitorTick {
  delta: Delta;
  /**
   * The table after this poll. Its rows map is the monitor's live one, which
   * the next poll updates in place (a copy per poll would cost as much as
   * the poll's own work): read it in the tick, and copy what must outlive it.
   */
  table: EndpointTable;
  cost: PollCost;
  stats: CollectorStats;
  consistent: boolean;
}

export interface MonitorOptions {
  /** Poll interval in milliseconds; default 1000. */
  intervalMs?: number;
}

export { MAX_INTERVAL_MS, MIN_INTERVAL_MS } from '../../shared/poll-interval.js';

type Listener<T> = (value: T) => void;

/**
 * The poll loop. Knows no transport: callers subscribe to ticks and errors.
 * Polls at a fixed rate minus the work time and never overlaps itself; an
 * error in one poll is reported and the next poll runs as scheduled.
 */
export class Monitor {
  #collector: Collector;
  #intervalMs: number;
  #table: EndpointTable = emptyTable();
  #builder = new TableBuilder();
  #running = false;
  #paused = false;
  #timer: NodeJS.Timeout | undefined;
  #inFlight: Promise<MonitorTick> | undefined;
  #lastStart = 0;
  #tickListeners = new Set<Listener<MonitorTick>>();
  #errorListeners = new Set<Listener<Error>>();

  constructor(collector: Collector, options: MonitorOptions = {}) {
    this.#collector = collector;
    this.#intervalMs = checkIntervalMs(options.intervalMs ?? 1000);
  }

  /** The latest table (empty before the first poll); its rows change in place at the next poll. */
  get table(): EndpointTable {
    return this.#table;
  }

  get intervalMs(): number {
    return this.#intervalMs;
  }

  get paused(): boolean {
    return this.#paused;
  }

  /** Subscribes to ticks; returns the unsubscribe function. */
  onTick(listener: Listener<MonitorTick>): () => void {
    this.#tickListeners.add(listener);
    return () => this.#tickListeners.delete(listener);
  }

  /** Subscribes to poll errors; returns the unsubscribe function. */
  onError(listener: Listener<Error>): () => void {
    this.#errorListeners.add(listener);
    return () => this.#errorListeners.delete(listener);
  }

  /**
   * Runs one poll now and notifies tick listeners. A call while a poll is in
   * flight waits for it and then polls again, so polls never overlap.
   */
  pollOnce(): Promise<MonitorTick> {
    const previous = this.#inFlight;
    const next = (async () => {
      if (previous) await previous.catch(() => undefined);
      return this.#poll();
    })();
    this.#inFlight = next;
    const settle = (): void => {
      if (this.#inFlight === next) this.#inFlight = undefined;
    };
    next.then(settle, settle);
    return next;
  }

  /** Starts polling: the first poll runs at once. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    if (!this.#paused) this.#schedule(0);
  }

  /** Stops polling; a poll in flight completes but schedules nothing. */
  stop(): void {
    this.#running = false;
    this.#clearTimer();
  }

  pause(): void {
    this.#paused = true;
    this.#clearTimer();
  }

  /** Resumes polling with an immediate poll. */
  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    if (this.#running) this.#schedule(0);
  }

  /** A one-off poll now, also while paused; the regular schedule continues from it. */
  refresh(): Promise<MonitorTick> {
    this.#clearTimer();
    return this.#loopPoll();
  }

  /** Changes the interval; throws a RangeError for a value that is not a number in range. */
  setIntervalMs(ms: number): void {
    this.#intervalMs = checkIntervalMs(ms);
    if (this.#running && !this.#paused && this.#timer !== undefined && !this.#inFlight) {
      this.#clearTimer();
      this.#schedule(Math.max(0, this.#lastStart + this.#intervalMs - performance.now()));
    }
  }

  async #poll(): Promise<MonitorTick> {
    const start = performance.now();
    this.#lastStart = start;
    const snapshot = await this.#collector.snapshot();
    const diffStart = performance.now();
    const built = this.#builder.build(this.#table, snapshot, this.#table.seq + 1);
    const { table, duplicateKeys } = built;
    // The builder updates one rows map in place: the old rows come from what it reports.
    const delta = diffChanges(this.#table, table, built);
    const end = performance.now();
    this.#table = table;
    const tick: MonitorTick = {
      delta,
      table,
      cost: {
        socketsMs: snapshot.timings.socketsMs,
        ownersMs: snapshot.timings.ownersMs,
        diffMs: end - diffStart,
        totalMs: end - start,
      },
      // Rows dropped for a key already taken are counted with the collector's duplicates.
      stats:
        duplicateKeys === 0
          ? snapshot.stats
          : { ...snapshot.stats, duplicateRows: snapshot.stats.duplicateRows + duplicateKeys },
      consistent: snapshot.consistent,
    };
    for (const listener of this.#tickListeners) {
      try {
        listener(tick);
      } catch (error) {
        this.#reportError(error);
      }
    }
    return tick;
  }

  /** A poll of the loop: errors go to listeners, and the next poll is scheduled either way. */
  async #loopPoll(): Promise<MonitorTick> {
    try {
      return await this.pollOnce();
    } catch (error) {
      this.#reportError(error);
      throw error;
    } finally {
      if (this.#running && !this.#paused && this.#timer === undefined) {
        this.#schedule(Math.max(0, this.#lastStart + this.#intervalMs - performance.now()));
      }
    }
  }

  #schedule(delayMs: number): void {
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#loopPoll().catch(() => undefined);
    }, delayMs);
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Errors go to the error listeners; one that throws itself is logged, never rethrown. */
  #reportError(error: unknown): void {
    const err = error instanceof Error ? error : new Error(String(error));
    if (this.#errorListeners.size === 0) console.error('sockscope: poll failed:', err.message);
    for (const listener of this.#errorListeners) {
      try {
        listener(err);
      } catch (inner) {
        console.error('sockscope: error listener failed:', inner);
      }
    }
  }
}
