/**
 * The view's live data, apart from React and the grid: keeps the table in
 * step with the main side (ViewSync), asks for a snapshot on start, on every
 * reconnect and after a seq gap (one request in flight at most), tracks the
 * highlights, keeps removed rows on show for the highlight time, and hands
 * the grid one coalesced transaction per change.
 */
import type { Delta, EndpointTable } from '../../shared/delta.js';
import { diff } from '../../shared/diff.js';
import { countEndpoints } from '../../shared/endpoint-counts.js';
import type { Endpoint } from '../../shared/endpoint.js';
import type { DeltaEvent, FullSnapshot, MonitorStatus } from '../../shared/protocol.js';
import { HighlightTracker, type Highlight } from '../model/highlight-tracker.js';
import { ViewSync } from '../model/view-sync.js';
import type { Transport } from '../transport/transport.js';
import { RowChangeBatch, type RowTransaction } from './row-change-batch.js';
import type { Store } from './store.js';
import type { ViewState } from './view-state.js';

/** Where the session's rows go: the grid, or a test's recorder. */
export interface RowSink {
  /** Replaces every row: the first snapshot. */
  replaceAll(rows: Endpoint[]): void;
  /** One change, each row named once. */
  apply(tx: RowTransaction): void;
}

/** The clock and timer the session uses; real ones by default, a test may pass its own. */
export interface SessionClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const REAL_CLOCK: SessionClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Highlights end this much after their time: marks are set when a delta
 * arrives and the next deltas arrive in step, so a delta due about then ends
 * them in its own grid update instead of a second one moments apart.
 */
const EXPIRY_SLACK_MS = 150;

/** Wait before asking again for a snapshot that failed while connected. */
const SNAPSHOT_RETRY_MS = 1000;

/** How a session starts: the highlight time (from the preferences), and optionally a clock. */
export interface LiveSessionOptions {
  highlightMs: number;
  clock?: SessionClock;
}

/** A row as the view shows it: live, or removed and still on show. */
export interface ShownRow {
  row: Endpoint;
  removed: boolean;
}

/** One view's live data session over a transport. */
export class LiveSession {
  private readonly sync = new ViewSync();
  private readonly tracker: HighlightTracker;
  private readonly removedRows = new Map<string, Endpoint>();
  private readonly batch = new RowChangeBatch();
  private readonly clock: SessionClock;
  private readonly unsubscribers: (() => void)[] = [];
  private sink: RowSink | null = null;
  /** Whether a snapshot came: the first one is loaded whole, later ones are diffed against the table. */
  private hasSnapshot = false;
  /** Whether the sink holds the rows (it was attached and given them). */
  private sinkLoaded = false;
  private snapshotInFlight = false;
  private retryTimer: unknown;
  private expiryTimer: unknown;
  private paused = false;
  private stopped = false;
  /** How many snapshots were requested: for tests and diagnosis. */
  snapshotRequests = 0;

  constructor(
    private readonly transport: Transport,
    private readonly store: Store<ViewState>,
    options: LiveSessionOptions,
  ) {
    this.tracker = new HighlightTracker(options.highlightMs);
    this.clock = options.clock ?? REAL_CLOCK;
  }

  /** Starts listening; the first connection asks for a snapshot. */
  start(): void {
    this.unsubscribers.push(
      this.transport.on('delta', (e) => this.onDelta(e)),
      this.transport.on('status', (s) => this.onStatus(s)),
      this.transport.onConnectionChange((connected) => this.onConnection(connected)),
    );
  }

  /** Stops listening and cancels timers; the transport stays the caller's to close. */
  stop(): void {
    this.stopped = true;
    for (const off of this.unsubscribers.splice(0)) off();
    this.clock.clearTimeout(this.retryTimer);
    this.clock.clearTimeout(this.expiryTimer);
  }

  /** Connects the grid; it gets the current rows at once if there are any. */
  attach(sink: RowSink): void {
    this.sink = sink;
    this.batch.clear();
    this.sinkLoaded = this.hasSnapshot;
    if (this.sinkLoaded) sink.replaceAll(this.shownRows());
  }

  /** Disconnects the grid (it is being destroyed). */
  detach(sink: RowSink): void {
    if (this.sink === sink) {
      this.sink = null;
      this.sinkLoaded = false;
    }
  }

  /** The live table. */
  get table(): EndpointTable {
    return this.sync.table;
  }

  /** The highlight of a row, for the grid's row class rules. */
  highlight(key: string): Highlight | undefined {
    return this.tracker.get(key);
  }

  /** A row by key, live or removed-but-shown. */
  row(key: string): ShownRow | undefined {
    const live = this.sync.table.rows.get(key);
    if (live !== undefined) return { row: live, removed: false };
    const removed = this.removedRows.get(key);
    return removed === undefined ? undefined : { row: removed, removed: true };
  }

  /** Every row the grid shows: live rows and removed rows still on show. */
  shownRows(): Endpoint[] {
    return [...this.sync.table.rows.values(), ...this.removedRows.values()];
  }

  /** Changes how long highlights last; marks already set keep their start time. */
  setHighlightMs(ms: number): void {
    this.tracker.setHighlightMs(ms);
    this.runExpiry();
  }

  /** Asks for a full snapshot unless one is already on its way. */
  requestSnapshot(): void {
    if (this.snapshotInFlight || this.stopped) return;
    this.snapshotInFlight = true;
    this.snapshotRequests++;
    this.clock.clearTimeout(this.retryTimer);
    this.transport.request('snapshot').then(
      (snapshot) => {
        this.snapshotInFlight = false;
        if (!this.stopped) this.onSnapshot(snapshot);
      },
      (error: unknown) => {
        this.snapshotInFlight = false;
        if (this.stopped) return;
        this.store.set({ requestError: `Could not load the table: ${(error as Error).message}` });
        // Closed connections ask again on reconnect; an open one that refused is asked again later.
        if (this.store.get().connected === true) {
          this.retryTimer = this.clock.setTimeout(() => this.requestSnapshot(), SNAPSHOT_RETRY_MS);
        }
      },
    );
  }

  private onConnection(connected: boolean): void {
    this.store.set({ connected });
    if (connected) this.requestSnapshot();
  }

  private onStatus(status: MonitorStatus): void {
    this.store.set({ status, lastPoll: status.lastPoll ?? this.store.get().lastPoll });
    this.setPaused(status.paused);
  }

  private setPaused(paused: boolean): void {
    if (paused === this.paused) return;
    this.paused = paused;
    this.scheduleExpiry();
  }

  private onSnapshot(snapshot: FullSnapshot): void {
    const before = this.sync.table;
    this.sync.acceptSnapshot(snapshot);
    const after = this.sync.table;
    this.store.set({ status: snapshot.status, lastPoll: snapshot.status.lastPoll, requestError: null });
    this.setPaused(snapshot.status.paused);
    if (!this.hasSnapshot) {
      // The first table: the grid takes it whole (now or when it attaches), nothing is highlighted.
      this.hasSnapshot = true;
      this.batch.clear();
      this.removedRows.clear();
      if (this.sink !== null) {
        this.sinkLoaded = true;
        this.sink.replaceAll([...after.rows.values()]);
      }
      this.publish(countEndpoints(after.rows.values()));
    } else {
      // A resync: show what changed since the last good table as one change, so highlights,
      // selection and scroll position survive.
      this.applyChange(diff(before, after), before);
    }
    this.store.set({ synced: true });
  }

  private onDelta(event: DeltaEvent): void {
    const before = this.sync.table;
    const outcome = this.sync.acceptDelta(event);
    if (outcome === 'stale') return;
    if (outcome === 'gap') {
      this.store.set({ synced: false });
      this.requestSnapshot();
      return;
    }
    this.store.set({ lastPoll: event.poll });
    this.applyChange(event.delta, before);
  }

  /** Records highlights for `delta` (which made the current table from `before`) and sends it to the grid. */
  private applyChange(delta: Delta, before: EndpointTable): void {
    const now = this.clock.now();
    // Highlights due now end in this same grid update; while paused, a refresh is when they are due.
    this.expireInto(now, false);
    this.tracker.record(delta, before, now);
    const after = this.sync.table;
    for (const row of delta.added) {
      if (this.removedRows.delete(row.key)) this.batch.update(row);
      else this.batch.add(row);
    }
    for (const update of delta.updated) {
      const row = after.rows.get(update.key);
      if (row !== undefined) this.batch.update(row);
    }
    for (const key of delta.removed) {
      const row = before.rows.get(key);
      if (row === undefined) continue;
      // Stays on show, red, until its highlight time is up (the update re-applies its row class).
      this.removedRows.set(key, row);
      this.batch.update(row);
    }
    this.flush();
    this.publish(delta.counts);
    this.scheduleExpiry();
  }

  private publish(counts: ViewState['counts']): void {
    this.store.set({ counts, tableVersion: this.store.get().tableVersion + 1 });
  }

  private scheduleExpiry(): void {
    this.clock.clearTimeout(this.expiryTimer);
    this.expiryTimer = undefined;
    if (this.paused || this.stopped) return;
    const next = this.tracker.nextExpiry();
    if (next === undefined) return;
    const delay = Math.max(0, next - this.clock.now()) + EXPIRY_SLACK_MS;
    this.expiryTimer = this.clock.setTimeout(() => this.runExpiry(), delay);
  }

  private runExpiry(): void {
    this.expireInto(this.clock.now(), this.paused);
    if (this.flush()) this.store.set({ tableVersion: this.store.get().tableVersion + 1 });
    this.scheduleExpiry();
  }

  /** Puts what expires at `now` into the batch: rows to repaint, and removed rows to drop. */
  private expireInto(now: number, paused: boolean): void {
    const { cleared, gone } = this.tracker.expire(now, paused);
    for (const key of cleared) {
      const shown = this.row(key);
      if (shown !== undefined) this.batch.update(shown.row);
    }
    for (const key of gone) {
      const row = this.removedRows.get(key);
      if (row === undefined) continue;
      this.removedRows.delete(key);
      if (!this.sync.table.rows.has(key)) this.batch.remove(row);
    }
  }

  /** Sends the batch to the grid; whether there was anything to send. */
  private flush(): boolean {
    const tx = this.batch.take();
    if (tx === null) return false;
    if (this.sink !== null && this.sinkLoaded) this.sink.apply(tx);
    return true;
  }
}
