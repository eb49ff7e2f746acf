/**
 * Run-time checks for everything a view sends: the renderer and a browser are
 * untrusted input. Used by the Electron IPC handlers and by the WebSocket
 * server alike, so both refuse the same things with the same messages.
 */
import { checkIntervalMs } from './poll-interval.js';
import { REQUEST_NAMES, type RequestArgs, type RequestName } from './protocol.js';

/** A message that breaks the contract; its text is safe to send back to the view. */
export class ProtocolError extends Error {
  override name = 'ProtocolError';
}

const REQUEST_NAME_SET: ReadonlySet<string> = new Set(REQUEST_NAMES);

/** Whether `name` is a request of the contract. */
export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && REQUEST_NAME_SET.has(name);
}

type ArgsCheck<K extends RequestName> = (args: readonly unknown[]) => RequestArgs<K>;

const noArgs = (args: readonly unknown[]): [] => {
  if (args.length !== 0) throw new ProtocolError(`takes no arguments, got ${args.length}`);
  return [];
};

/** One check per request; a mapped type, so a request without a check fails to compile. */
const ARGS_CHECKS: { readonly [K in RequestName]: ArgsCheck<K> } = {
  snapshot: noArgs,
  pause: noArgs,
  resume: noArgs,
  refresh: noArgs,
  info: noArgs,
  setInterval: (args) => {
    if (args.length !== 1) throw new ProtocolError(`takes one argument (milliseconds), got ${args.length}`);
    try {
      return [checkIntervalMs(args[0])];
    } catch (error) {
      throw new ProtocolError((error as Error).message);
    }
  },
};

/**
 * Checks a request's name and arguments and returns them typed; throws a
 * ProtocolError naming the request and what is wrong. Nothing is applied
 * before this returns.
 */
export function validateRequest<K extends RequestName>(name: K, args: unknown): RequestArgs<K>;
export function validateRequest(name: unknown, args: unknown): RequestArgs<RequestName>;
export function validateRequest(name: unknown, args: unknown): RequestArgs<RequestName> {
  if (!isRequestName(name)) throw new ProtocolError(`unknown request ${describeName(name)}`);
  if (!Array.isArray(args)) throw new ProtocolError(`${name}: arguments must be an array`);
  try {
    return (ARGS_CHECKS[name] as ArgsCheck<RequestName>)(args);
  } catch (error) {
    if (error instanceof ProtocolError) throw new ProtocolError(`${name}: ${error.message}`);
    throw error;
  }
}

function describeName(name: unknown): string {
  if (name === undefined || name === null) return `(none given)`;
  if (typeof name !== 'string') return `(a ${typeof name}, not a name)`;
  return JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name);
}
