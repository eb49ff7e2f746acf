/**
 * Events on their way to one window's page. A page that is still loading
 * has no listeners yet: events sent then are lost, so they wait here until
 * the page has loaded (did-finish-load) and go out in order. Events for a
 * destroyed window are dropped; a crashed page's backlog is dropped too (the
 * reloaded page starts over with a snapshot).
 */
import type { EventMap, EventName } from '../../shared/protocol.js';
import type { EventSink } from '../monitor/monitor-service.js';

/** The parts of a WebContents the queue watches. */
export interface ViewContents {
  isDestroyed(): boolean;
  on(
    event: 'did-start-loading' | 'did-finish-load' | 'render-process-gone' | 'destroyed',
    listener: () => void,
  ): unknown;
}

/** At most this many events wait for a loading page; a page that never loads must not grow memory. */
export const MAX_QUEUED_EVENTS = 256;

type Queued = { [K in EventName]: { name: K; payload: EventMap[K] } }[EventName];

/** One window's outgoing events: held while its page loads, sent once it has, dropped once it is gone. */
export class ViewEventQueue {
  readonly #contents: ViewContents;
  readonly #deliver: EventSink;
  readonly #limit: number;
  #state: 'loading' | 'ready' | 'gone' = 'loading';
  #queue: Queued[] = [];
  #dropped = 0;

  /** `deliver` sends one event to the page (sendEvent from ipc.ts). */
  constructor(contents: ViewContents, deliver: EventSink, limit = MAX_QUEUED_EVENTS) {
    this.#contents = contents;
    this.#deliver = deliver;
    this.#limit = limit;
    contents.on('did-start-loading', () => {
      if (this.#state === 'ready') this.#state = 'loading';
    });
    contents.on('did-finish-load', () => this.#flush());
    contents.on('render-process-gone', () => {
      if (this.#state !== 'gone') this.#state = 'loading';
      this.#queue = [];
    });
    contents.on('destroyed', () => {
      this.#state = 'gone';
      this.#queue = [];
    });
  }

  /** Events waiting for the page. */
  get pending(): number {
    return this.#queue.length;
  }

  /** Events dropped (oldest first) because too many waited. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Sends an event now if the page is ready, holds it if it is loading, drops it if the window is gone. */
  push<K extends EventName>(name: K, payload: EventMap[K]): void {
    if (this.#state === 'gone' || this.#contents.isDestroyed()) {
      this.#state = 'gone';
      this.#queue = [];
      return;
    }
    if (this.#state === 'ready') {
      this.#send({ name, payload } as Queued);
      return;
    }
    this.#queue.push({ name, payload } as Queued);
    // An old delta dropped here shows up as a seq gap, which makes the page ask for a snapshot.
    if (this.#queue.length > this.#limit) {
      this.#queue.shift();
      this.#dropped++;
    }
  }

  #flush(): void {
    if (this.#state === 'gone' || this.#contents.isDestroyed()) return;
    this.#state = 'ready';
    const queued = this.#queue;
    this.#queue = [];
    for (const event of queued) this.#send(event);
  }

  #send(event: Queued): void {
    try {
      this.#deliver(event.name, event.payload);
    } catch (error) {
      // The window may close between the check and the send: that event had nowhere to go.
      console.error(`sockscope: cannot send ${event.name} to the window:`, (error as Error).message);
    }
  }
}

/**
 * Connects one window to the service's events (and any the caller pushes,
 * e.g. menu commands) through a queue; unsubscribes when the window is destroyed.
 */
export function connectView(
  contents: ViewContents,
  subscribe: (sink: EventSink) => () => void,
  deliver: EventSink,
): ViewEventQueue {
  const queue = new ViewEventQueue(contents, deliver);
  const unsubscribe = subscribe((name, payload) => queue.push(name, payload));
  contents.on('destroyed', unsubscribe);
  return queue;
}
