import type { WebSocket } from 'ws';
import type { EventMap, EventName, FullSnapshot } from '../../shared/protocol.js';
import {
  FrameError,
  parseRequestFrame,
  type RequestFrame,
  type ServerFrame,
} from '../../shared/wire-frames.js';
import type { MonitorService } from '../monitor/monitor-service.js';

/** WebSocket close codes serve mode uses (RFC 6455 section 7.4.1). */
export const CLOSE = {
  goingAway: 1001,
  unsupportedData: 1003,
  policy: 1008,
  tooBig: 1009,
  tryAgainLater: 1013,
} as const;

export interface ViewSessionOptions {
  /** Bytes of events that may wait unsent on top of the last snapshot before the view is cut off. */
  maxBufferedBytes: number;
}

type QueuedEvent = { name: EventName; payload: EventMap[EventName] };

/**
 * One connected view (a browser tab) on serve mode's WebSocket.
 *
 * It receives nothing until it asks: its first `snapshot` request subscribes
 * it to every `delta` and `status` event. Events that arrive while a
 * snapshot is being answered wait and follow the reply, minus the deltas the
 * snapshot already holds, so the view sees its snapshot (seq N) and then the
 * delta with baseSeq N.
 *
 * Frames: a request goes through parseRequestFrame (the validators the IPC
 * handlers use) and then MonitorService.handle. An invalid frame with a
 * readable id gets an error reply; a frame without one (not JSON, not an
 * object, no id) closes the socket with 1008: no reply could be matched to
 * it, and only a broken or hostile client sends one. Binary frames close with
 * 1003. Frames of MAX_FRAME_BYTES or more never get here: ws closes with 1009.
 *
 * Back-pressure: a view that cannot keep up (its unsent bytes exceed the
 * limit) is closed with 1013 so it reconnects and starts again from a
 * snapshot, instead of the server buffering deltas for it without bound.
 */
export class ViewSession {
  readonly #ws: WebSocket;
  readonly #service: MonitorService;
  readonly #maxBuffered: number;
  #unsubscribe: (() => void) | undefined;
  #snapshotsInFlight = 0;
  #queue: QueuedEvent[] = [];
  #lastSnapshotBytes = 0;
  #alive = true;
  /** Resolves when the socket has closed. */
  readonly closed: Promise<void>;

  constructor(ws: WebSocket, service: MonitorService, options: ViewSessionOptions) {
    this.#ws = ws;
    this.closed = new Promise((resolve) => ws.once('close', () => resolve()));
    this.#service = service;
    this.#maxBuffered = options.maxBufferedBytes;
    ws.on('message', (data, isBinary) => this.#onMessage(data as Buffer, isBinary));
    ws.on('pong', () => (this.#alive = true));
    // ws reports protocol errors (a frame over maxPayload: 1009) here and then closes the socket itself.
    ws.on('error', () => undefined);
    ws.on('close', () => this.#unsubscribe?.());
  }

  /** Starts the closing handshake; a view that does not answer within `graceMs` is cut off. */
  close(code: number, reason: string, graceMs = 5000): void {
    this.#unsubscribe?.();
    if (this.#ws.readyState === this.#ws.CLOSED) return;
    this.#ws.close(code, closeReason(reason));
    setTimeout(() => this.#ws.terminate(), graceMs).unref();
  }

  /** Cuts the socket off at once. */
  terminate(): void {
    this.#unsubscribe?.();
    this.#ws.terminate();
  }

  /**
   * One keep-alive round: a view that did not answer the previous ping is
   * dead (its machine slept, its network went) and is cut off; otherwise it
   * is pinged again. Returns whether it is still considered alive.
   */
  heartbeat(): boolean {
    if (!this.#alive) {
      this.terminate();
      return false;
    }
    this.#alive = false;
    if (this.#ws.readyState === this.#ws.OPEN) this.#ws.ping();
    return true;
  }

  #onMessage(data: Buffer, isBinary: boolean): void {
    if (isBinary) {
      this.close(CLOSE.unsupportedData, 'frames must be JSON text');
      return;
    }
    let frame: RequestFrame;
    try {
      frame = parseRequestFrame(data.toString('utf8'));
    } catch (error) {
      if (error instanceof FrameError && error.id !== undefined) {
        this.#send(JSON.stringify({ id: error.id, reply: { ok: false, error: error.message } }));
      } else {
        this.close(CLOSE.policy, (error as Error).message);
      }
      return;
    }
    void this.#answer(frame);
  }

  async #answer(frame: RequestFrame): Promise<void> {
    const isSnapshot = frame.method === 'snapshot';
    if (isSnapshot) {
      this.#snapshotsInFlight++;
      this.#unsubscribe ??= this.#service.subscribe((name, payload) => this.#onEvent(name, payload));
    }
    const reply = await this.#service.handle(frame.method, frame.args);
    const text = JSON.stringify({ id: frame.id, reply } satisfies ServerFrame);
    if (!isSnapshot) {
      this.#send(text);
      return;
    }
    this.#lastSnapshotBytes = Buffer.byteLength(text);
    this.#send(text);
    this.#snapshotsInFlight--;
    const seq = reply.ok ? (reply.value as FullSnapshot).seq : -1;
    if (this.#snapshotsInFlight === 0) this.#flush(seq);
  }

  #onEvent(name: EventName, payload: EventMap[EventName]): void {
    if (this.#snapshotsInFlight > 0) {
      this.#queue.push({ name, payload });
      return;
    }
    this.#sendEvent(name, payload);
  }

  /** Sends what waited for a snapshot reply, leaving out the deltas the snapshot (at `seq`) holds. */
  #flush(seq: number): void {
    const queue = this.#queue;
    this.#queue = [];
    for (const { name, payload } of queue) {
      if (name === 'delta' && (payload as EventMap['delta']).delta.seq <= seq) continue;
      this.#sendEvent(name, payload);
    }
  }

  #sendEvent(name: EventName, payload: EventMap[EventName]): void {
    if (this.#ws.readyState !== this.#ws.OPEN) return;
    if (this.#ws.bufferedAmount > this.#maxBuffered + this.#lastSnapshotBytes) {
      this.close(CLOSE.tryAgainLater, 'the view fell behind: reconnect and take a new snapshot');
      return;
    }
    this.#send(encodeEvent(name, payload));
  }

  #send(text: string): void {
    if (this.#ws.readyState === this.#ws.OPEN) this.#ws.send(text);
  }
}

// Every view gets the same event object from MonitorService: encode it once, not once per view.
const encoded = new WeakMap<object, string>();

/** The JSON text of an event frame. */
export function encodeEvent(name: EventName, payload: EventMap[EventName]): string {
  if (typeof payload !== 'object') return JSON.stringify({ event: name, payload } satisfies ServerFrame);
  let text = encoded.get(payload);
  if (text === undefined) {
    text = JSON.stringify({ event: name, payload } as ServerFrame);
    encoded.set(payload, text);
  }
  return text;
}

/** A close reason cut to the 123 bytes a close frame can carry. */
export function closeReason(text: string): string {
  let reason = text.length > 123 ? text.slice(0, 123) : text;
  while (Buffer.byteLength(reason) > 123) reason = reason.slice(0, -1);
  return reason;
}
