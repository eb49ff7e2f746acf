/** A Transport the test drives by hand: requests answered by handlers, events and connection pushed. */
import type { Transport } from '../../../renderer/transport/transport.js';
import type {
  EventMap,
  EventName,
  RequestArgs,
  RequestName,
  RequestResult,
} from '../../../shared/protocol.js';

type Handlers = {
  [K in RequestName]?: (...args: RequestArgs<K>) => Promise<RequestResult<K>> | RequestResult<K>;
};

/** The fake: every request is recorded; one without a handler rejects. */
export class FakeTransport implements Transport {
  readonly requests: { name: RequestName; args: unknown[] }[] = [];
  private readonly listeners = new Map<EventName, Set<(payload: never) => void>>();
  private readonly connection = new Set<(connected: boolean) => void>();

  constructor(public handlers: Handlers = {}) {}

  async request<K extends RequestName>(name: K, ...args: RequestArgs<K>): Promise<RequestResult<K>> {
    this.requests.push({ name, args });
    const handler = this.handlers[name] as ((...a: RequestArgs<K>) => RequestResult<K>) | undefined;
    if (handler === undefined) throw new Error(`${name}: no handler in this test`);
    return handler(...args);
  }

  on<K extends EventName>(name: K, listener: (payload: EventMap[K]) => void): () => void {
    const set = this.listeners.get(name) ?? new Set();
    this.listeners.set(name, set);
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  onConnectionChange(listener: (connected: boolean) => void): () => void {
    this.connection.add(listener);
    return () => this.connection.delete(listener);
  }

  /** Tells the listeners the connection went up or down. */
  setConnected(connected: boolean): void {
    for (const listener of [...this.connection]) listener(connected);
  }

  emit<K extends EventName>(name: K, payload: EventMap[K]): void {
    for (const listener of [...(this.listeners.get(name) ?? [])])
      (listener as (p: EventMap[K]) => void)(payload);
  }

  /** Names of the requests sent so far. */
  names(): RequestName[] {
    return this.requests.map((r) => r.name);
  }

  close(): void {}
}
