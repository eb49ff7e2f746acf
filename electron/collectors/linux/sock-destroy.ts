/**
 * Closes one TCP connection the way `ss -K` does: SOCK_DESTROY over
 * NETLINK_SOCK_DIAG, through the native addon (sock-destroy.c). The socket is
 * named by its full id, cookie included, so a newer connection that reuses
 * the same addresses and ports is never hit. Which rows may be closed is
 * decided above (electron/actions/); this is the OS step only.
 */
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { constants } from 'node:os';
import { getSystemErrorName } from 'node:util';
import { addressBytes } from './ip-address-bytes.js';
import { loadNativeAddon, type NativeAddon } from './native-addon.js';
import { AF_INET, AF_INET6 } from './netlink-constants.js';

/** One TCP socket as a snapshot row names it. */
export interface SocketId {
  family: 4 | 6;
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  /** The kernel's socket cookie from a netlink dump (16 hex digits); the /proc collector has none. */
  cookie?: string;
  inode: number;
}

export type DestroyResult =
  | { kind: 'closed' }
  /** ENOENT: no socket has this id any more. */
  | { kind: 'gone' }
  /** The cookie or inode differs: another socket now has these addresses and ports. */
  | { kind: 'stale' }
  /** EPERM: closing needs CAP_NET_ADMIN. */
  | { kind: 'not-permitted' }
  | { kind: 'unsupported'; reason: string }
  | { kind: 'error'; message: string };

/** Whether closing a connection can work here; `reason` is worded for a tooltip. */
export interface SockDestroyProbe {
  available: boolean;
  reason?: string;
}

/** The addon's two functions, when this build of it has them. */
type DestroyAddon = Required<Pick<NativeAddon, 'sockDestroy' | 'sockDiagLookup'>>;

const { ENOENT, ESTALE, EPERM, EACCES, EOPNOTSUPP, EINVAL } = constants.errno;
/** CAP_NET_ADMIN's bit in a capability set (linux/capability.h). */
const CAP_NET_ADMIN = 12n;
/** Both cookie words all ones is INET_DIAG_NOCOOKIE: "any socket with this id", never sent here. */
const NO_COOKIE = 'ffffffffffffffff';

export const REASON_NO_ADDON = 'the native addon is not built';
export const REASON_OLD_ADDON = 'the native addon is out of date (rebuild it: npm run build:native)';
export const REASON_KERNEL =
  'this Linux kernel cannot close connections (it was built without CONFIG_INET_DIAG_DESTROY)';
export const REASON_PRIVILEGE = 'closing a connection needs administrator rights (CAP_NET_ADMIN)';

function destroyAddon(addon: NativeAddon | null | undefined): DestroyAddon | string {
  const chosen = addon === undefined ? loadNativeAddon().addon : addon;
  if (chosen === null) return REASON_NO_ADDON;
  if (typeof chosen.sockDestroy !== 'function' || typeof chosen.sockDiagLookup !== 'function') {
    return REASON_OLD_ADDON;
  }
  return chosen as DestroyAddon;
}

/**
 * Closes the TCP socket `id` names. With a cookie, the kernel itself checks
 * it: a socket that has the id now but another cookie is never hit ('stale').
 * Without one (a row from the /proc collector), the socket is looked up first
 * and its inode compared, and the destroy then carries the cookie the lookup
 * gave, so nothing that replaced it in between can be hit. Never throws for
 * what the kernel answers.
 */
export function destroySocket(id: SocketId, addon?: NativeAddon | null): DestroyResult {
  const chosen = destroyAddon(addon);
  if (typeof chosen === 'string') return { kind: 'unsupported', reason: chosen };
  const target = encodeId(id);
  if (typeof target === 'string') return { kind: 'error', message: target };
  const { family, local, remote } = target;

  const lookup = (): { answer: number; found: Uint32Array } => {
    const found = new Uint32Array(4);
    return {
      answer: chosen.sockDiagLookup(family, local, id.localPort, remote, id.remotePort, found),
      found,
    };
  };
  const destroy = (cookie: readonly [number, number]): number =>
    chosen.sockDestroy(family, local, id.localPort, remote, id.remotePort, cookie[0], cookie[1]);

  const given = id.cookie === undefined ? null : parseCookie(id.cookie);
  if (given === null && id.cookie !== undefined && id.cookie.toLowerCase() !== NO_COOKIE) {
    return { kind: 'error', message: `invalid socket cookie ${JSON.stringify(id.cookie)}` };
  }
  if (given !== null) {
    const answer = destroy(given);
    if (answer !== -ENOENT) return outcome(answer);
    // Current kernels answer a cookie that names another socket with ENOENT too:
    // whether some socket has the id tells "replaced" from "closed".
    const { answer: looked, found } = lookup();
    return looked === 0 && (found[0] !== given[0] || found[1] !== given[1])
      ? { kind: 'stale' }
      : { kind: 'gone' };
  }

  // inode 0 is what a socket without a file (TIME_WAIT) shows: it identifies nothing.
  if (!Number.isSafeInteger(id.inode) || id.inode <= 0) {
    return { kind: 'error', message: 'the socket has neither a cookie nor an inode to identify it' };
  }
  const { answer: looked, found } = lookup();
  if (looked !== 0) return outcome(looked);
  if (found[2] !== id.inode) return { kind: 'stale' };
  // The cookie the lookup gave: a socket that replaced this one since is not hit.
  return outcome(destroy([found[0] as number, found[1] as number]));
}

/**
 * Finds out once whether closing connections can work here: destroys a
 * socket that cannot exist (127.0.0.1 port 0 to port 0, a random cookie). A
 * kernel that can destroy answers ENOENT (or ESTALE); one built without
 * CONFIG_INET_DIAG_DESTROY answers EOPNOTSUPP. The kernel checks the
 * privilege only once it has found a socket, so CAP_NET_ADMIN is read from
 * `statusPath` (default /proc/self/status) instead.
 */
export function probeSockDestroy(
  addon?: NativeAddon | null,
  options: { statusPath?: string } = {},
): SockDestroyProbe {
  const chosen = destroyAddon(addon);
  if (typeof chosen === 'string') return { available: false, reason: chosen };
  const nowhere = new Uint8Array([127, 0, 0, 1]);
  const random = randomBytes(8);
  const answer = chosen.sockDestroy(
    AF_INET,
    nowhere,
    0,
    nowhere,
    0,
    random.readUInt32BE(0),
    random.readUInt32BE(4),
  );
  if (answer === -EOPNOTSUPP || answer === -EINVAL) return { available: false, reason: REASON_KERNEL };
  if (answer === -EPERM || answer === -EACCES) return { available: false, reason: REASON_PRIVILEGE };
  if (answer !== -ENOENT && answer !== -ESTALE && answer !== 0) {
    return { available: false, reason: `the kernel refused the socket request (${errnoName(answer)})` };
  }
  const capable = hasCapability(options.statusPath ?? '/proc/self/status', CAP_NET_ADMIN);
  if (capable === false) return { available: false, reason: REASON_PRIVILEGE };
  return { available: true };
}

/** The result of the kernel's answer to a lookup or destroy. */
function outcome(answer: number): DestroyResult {
  if (answer === 0) return { kind: 'closed' };
  if (answer === -ENOENT) return { kind: 'gone' };
  if (answer === -ESTALE) return { kind: 'stale' };
  if (answer === -EPERM || answer === -EACCES) return { kind: 'not-permitted' };
  if (answer === -EOPNOTSUPP) return { kind: 'unsupported', reason: REASON_KERNEL };
  return { kind: 'error', message: `closing the connection failed: ${errnoName(answer)}` };
}

/** The id's family and addresses as the kernel takes them, or why it cannot name a socket. */
function encodeId(id: SocketId): { family: number; local: Uint8Array; remote: Uint8Array } | string {
  if (id.family !== 4 && id.family !== 6) return `invalid address family ${String(id.family)}`;
  for (const port of [id.localPort, id.remotePort]) {
    if (!Number.isInteger(port) || port < 0 || port > 65535) return `invalid port ${String(port)}`;
  }
  const local = addressBytes(id.family, id.localAddress);
  const remote = addressBytes(id.family, id.remoteAddress);
  if (local === null) return `invalid IPv${id.family} address ${JSON.stringify(id.localAddress)}`;
  if (remote === null) return `invalid IPv${id.family} address ${JSON.stringify(id.remoteAddress)}`;
  return { family: id.family === 4 ? AF_INET : AF_INET6, local, remote };
}

/** 16 hex digits as [high word, low word]; null when malformed or INET_DIAG_NOCOOKIE. */
function parseCookie(cookie: string): [number, number] | null {
  if (!/^[0-9a-fA-F]{16}$/.test(cookie) || cookie.toLowerCase() === NO_COOKIE) return null;
  return [parseInt(cookie.slice(0, 8), 16), parseInt(cookie.slice(8), 16)];
}

/** Whether the effective capability set in a status file holds bit `bit`; null when unreadable. */
function hasCapability(statusPath: string, bit: bigint): boolean | null {
  try {
    const line = /^CapEff:\s*([0-9a-fA-F]+)$/m.exec(readFileSync(statusPath, 'utf8'));
    if (line === null) return null;
    return ((BigInt(`0x${line[1]}`) >> bit) & 1n) === 1n;
  } catch {
    return null;
  }
}

function errnoName(negativeErrno: number): string {
  try {
    return getSystemErrorName(negativeErrno);
  } catch {
    return `errno ${-negativeErrno}`;
  }
}
