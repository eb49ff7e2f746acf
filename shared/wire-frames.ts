/**
 * The frames of serve mode's WebSocket: the contract of shared/protocol.ts
 * carried as JSON text. A client sends requests with an id; the server
 * answers each with a reply carrying the same id, and pushes events.
 */
import type { EventMap, EventName, Reply, RequestArgs, RequestName } from './protocol.js';
import { ProtocolError, isRequestName, validateRequest } from './protocol-validate.js';

/**
 * Largest frame a view may send, in bytes; a bigger one closes the connection.
 * Only requests are capped: the server's own snapshots of a busy machine run
 * to megabytes and come from a trusted side.
 */
export const MAX_FRAME_BYTES = 1024 * 1024 - 1;

/** A request from a view, validated. */
export interface RequestFrame<K extends RequestName = RequestName> {
  id: number;
  method: K;
  args: RequestArgs<K>;
}

/** The server's answer to the request with the same id. */
export interface ReplyFrame {
  id: number;
  reply: Reply<unknown>;
}

/** An event pushed by the server. */
export interface EventFrame<K extends EventName = EventName> {
  event: K;
  payload: EventMap[K];
}

export type ServerFrame = ReplyFrame | EventFrame;

/**
 * Parses and validates a client's frame. Throws a ProtocolError for text that
 * is not JSON, a frame of the wrong shape, an unknown method or bad
 * arguments; the error carries the id when one could be read, so the server
 * can answer the request instead of dropping it.
 */
export function parseRequestFrame(text: string): RequestFrame {
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    throw new FrameError('frame is not JSON', undefined);
  }
  if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) {
    throw new FrameError('frame must be an object', undefined);
  }
  const { id, method, args } = frame as Record<string, unknown>;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) {
    throw new FrameError('frame needs an "id": a whole number >= 0', undefined);
  }
  if (!isRequestName(method)) throw new FrameError(`unknown method ${JSON.stringify(method)}`, id);
  try {
    return { id, method, args: validateRequest(method, args) };
  } catch (error) {
    if (error instanceof ProtocolError) throw new FrameError(error.message, id);
    throw error;
  }
}

/** A frame that breaks the contract, with the request id when it had a valid one. */
export class FrameError extends ProtocolError {
  override name = 'FrameError';

  constructor(
    message: string,
    readonly id: number | undefined,
  ) {
    super(message);
  }
}
