import type { CollectorInfo } from '../../shared/collector-report.js';
import type {
  AppInfo,
  EventMap,
  EventName,
  FullSnapshot,
  MonitorStatus,
  PollFailure,
  PollReport,
  Reply,
  RequestArgs,
  RequestName,
  RequestResult,
} from '../../shared/protocol.js';
import { ProtocolError, validateRequest } from '../../shared/protocol-validate.js';
import { closeNotAllowed, killNotAllowed, type ActionHandlers } from '../actions/action-handlers.js';
import type { Monitor, MonitorTick } from './monitor.js';

/** Receives every event for the views; `name` and `payload` always match. */
export type EventSink = <K extends EventName>(name: K, payload: EventMap[K]) => void;

type Handlers = {
  [K in RequestName]: (...args: RequestArgs<K>) => Promise<RequestResult<K>> | RequestResult<K>;
};

/**
 * The main side of the protocol, with no transport: validates and answers
 * views' requests against one Monitor, and turns its ticks and errors into
 * `delta` and `status` events. The Electron IPC handlers and serve mode's
 * WebSocket both sit on one of these, so both behave alike.
 *
 * `kill` and `closeConnection` go to `actions` (electron/actions/); without
 * them, or when `app.actions` says kills are not offered, both are refused
 * with 'not-allowed' here, whatever a view sends.
 */
export class MonitorService {
  readonly #monitor: Monitor;
  readonly #collector: CollectorInfo;
  readonly #app: AppInfo;
  readonly #sinks = new Set<EventSink>();
  readonly #unsubscribe: (() => void)[];
  #lastPoll: PollReport | null = null;
  #failure: PollFailure | null = null;
  readonly #handlers: Handlers;

  constructor(
    monitor: Monitor,
    collector: CollectorInfo,
    app: AppInfo,
    actions: ActionHandlers | null = null,
  ) {
    this.#monitor = monitor;
    this.#collector = collector;
    this.#app = app;
    this.#unsubscribe = [
      monitor.onTick((tick) => this.#onTick(tick)),
      monitor.onError((error) => this.#onError(error)),
    ];
    this.#handlers = {
      snapshot: () => this.snapshot(),
      setInterval: (ms) => {
        monitor.setIntervalMs(ms);
        return this.#statusChanged();
      },
      pause: () => {
        monitor.pause();
        return this.#statusChanged();
      },
      resume: () => {
        monitor.resume();
        return this.#statusChanged();
      },
      refresh: async () => {
        // A failed refresh is reported through the `status` event like any failed poll.
        await monitor.refresh().catch(() => undefined);
        return this.status();
      },
      info: () => this.#app,
      // A main side that offers no actions (serve without --allow-kill) refuses them, however asked.
      kill: (request) =>
        actions !== null && app.actions.offered && app.actions.kill.available
          ? actions.kill(request)
          : killNotAllowed(request, app.actions.kill.reason),
      closeConnection: (request) =>
        actions !== null && app.actions.offered
          ? actions.closeConnection(request)
          : closeNotAllowed(request, app.actions.closeConnection.reason),
    };
  }

  /** The monitor's state as views show it. */
  status(): MonitorStatus {
    return {
      paused: this.#monitor.paused,
      intervalMs: this.#monitor.intervalMs,
      collector: this.#collector,
      lastPoll: this.#lastPoll,
      failure: this.#failure,
    };
  }

  /** The whole current table. */
  snapshot(): FullSnapshot {
    const table = this.#monitor.table;
    return { seq: table.seq, takenAt: table.takenAt, rows: [...table.rows.values()], status: this.status() };
  }

  /**
   * Answers one request from a view: validates the name and arguments first
   * and never throws; a refused or failed request becomes `{ok: false}` with
   * a message fit to show the user.
   */
  async handle(name: unknown, args: unknown): Promise<Reply<unknown>> {
    let checked: RequestArgs<RequestName>;
    try {
      checked = validateRequest(name, args);
    } catch (error) {
      return { ok: false, error: (error as Error).message };
    }
    try {
      const handler = this.#handlers[name as RequestName] as (...a: unknown[]) => unknown;
      return { ok: true, value: await handler(...checked) };
    } catch (error) {
      const message =
        error instanceof ProtocolError ? error.message : `${String(name)}: ${(error as Error).message}`;
      return { ok: false, error: message };
    }
  }

  /** Adds a receiver of events; returns the function that removes it. */
  subscribe(sink: EventSink): () => void {
    this.#sinks.add(sink);
    return () => this.#sinks.delete(sink);
  }

  /** Stops listening to the monitor and drops every receiver. */
  close(): void {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    this.#sinks.clear();
  }

  /** Sends an event to every receiver; one receiver that throws does not stop the others. */
  emit<K extends EventName>(name: K, payload: EventMap[K]): void {
    for (const sink of this.#sinks) {
      try {
        sink(name, payload);
      } catch (error) {
        console.error(`sockscope: a view's ${name} event failed:`, error);
      }
    }
  }

  #onTick(tick: MonitorTick): void {
    const poll: PollReport = {
      seq: tick.table.seq,
      takenAt: tick.table.takenAt,
      cost: tick.cost,
      stats: tick.stats,
      consistent: tick.consistent,
    };
    this.#lastPoll = poll;
    this.emit('delta', { delta: tick.delta, poll });
    if (this.#failure !== null) {
      this.#failure = null;
      this.emit('status', this.status());
    }
  }

  #onError(error: Error): void {
    this.#failure = { message: error.message, at: Date.now() };
    this.emit('status', this.status());
  }

  #statusChanged(): MonitorStatus {
    const status = this.status();
    this.emit('status', status);
    return status;
  }
}
