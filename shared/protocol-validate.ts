/**
 * Run-time checks for everything a view sends: the renderer and a browser are
 * untrusted input. Used by the Electron IPC handlers and by the WebSocket
 * server alike, so both refuse the same things with the same messages.
 */
import { KILL_SIGNALS, type CloseConnectionRequest, type KillRequest } from './actions.js';
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
  kill: (args) => [checkKillRequest(oneObject(args))],
  closeConnection: (args) => [checkCloseRequest(oneObject(args))],
  setInterval: (args) => {
    if (args.length !== 1) throw new ProtocolError(`takes one argument (milliseconds), got ${args.length}`);
    try {
      return [checkIntervalMs(args[0])];
    } catch (error) {
      throw new ProtocolError((error as Error).message);
    }
  },
};

/** The single argument of a request that takes one plain object. */
function oneObject(args: readonly unknown[]): Record<string, unknown> {
  if (args.length !== 1) throw new ProtocolError(`takes one argument (an object), got ${args.length}`);
  const value = args[0];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ProtocolError('the argument must be an object');
  }
  return value as Record<string, unknown>;
}

/** Refuses keys the request does not have, so a misspelt field is an error rather than ignored. */
function onlyKeys(value: Record<string, unknown>, allowed: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key))
      throw new ProtocolError(`unexpected field ${JSON.stringify(key.slice(0, 40))}`);
  }
}

/** A whole number from `min` to Number.MAX_SAFE_INTEGER. */
function wholeNumber(value: unknown, field: string, min: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new ProtocolError(`${field} must be a whole number of at least ${min}`);
  }
  return value;
}

function checkKillRequest(value: Record<string, unknown>): KillRequest {
  onlyKeys(value, ['pid', 'startTime', 'signal', 'asAdministrator']);
  const signal = value.signal;
  if (typeof signal !== 'string' || !(KILL_SIGNALS as readonly string[]).includes(signal)) {
    throw new ProtocolError(`signal must be one of ${KILL_SIGNALS.join(', ')}`);
  }
  if (typeof value.asAdministrator !== 'boolean')
    throw new ProtocolError('asAdministrator must be a boolean');
  return {
    pid: wholeNumber(value.pid, 'pid', 1),
    startTime: wholeNumber(value.startTime, 'startTime', 0),
    signal: signal as KillRequest['signal'],
    asAdministrator: value.asAdministrator,
  };
}

const COOKIE = /^[0-9a-f]{16}$/;
const MAX_KEY_LENGTH = 512;

function checkCloseRequest(value: Record<string, unknown>): CloseConnectionRequest {
  onlyKeys(value, ['key', 'cookie', 'inode']);
  const { key, cookie } = value;
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new ProtocolError(`key must be a row key (1 to ${MAX_KEY_LENGTH} characters)`);
  }
  if (cookie !== undefined && (typeof cookie !== 'string' || !COOKIE.test(cookie))) {
    throw new ProtocolError('cookie must be 16 lowercase hex digits');
  }
  const request: CloseConnectionRequest = { key, inode: wholeNumber(value.inode, 'inode', 0) };
  if (cookie !== undefined) request.cookie = cookie;
  return request;
}

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
