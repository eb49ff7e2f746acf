/**
 * Loads the native addon (electron/collectors/linux/native, built by
 * `npm run build:native`), or says why it is not there: the TypeScript code is
 * the fallback for all it does. `SOCKSCOPE_NATIVE=0` leaves it unloaded.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What the addon exports. */
export interface NativeAddon {
  /**
   * Reads descriptor directory `fdDir` (`/proc/PID/fd`) whole. Returns n >= 0, the
   * descriptors met; if `out` holds 2 + 2n numbers, `out[0]` is the directory's
   * size (the open-fd count on Linux >= 6.2), `out[1]` the descriptors closed
   * between listing and reading, then n pairs (descriptor, socket inode or 0 for
   * anything else), in listing order; a bigger n means `out` was too small. Returns
   * -errno when the table could not be read (ENOENT/ESRCH: gone; EACCES/EPERM: not
   * permitted). Throws TypeError on bad arguments only.
   */
  scanFdDir(fdDir: string, out: Float64Array): number;

  /**
   * Opens a NETLINK_SOCK_DIAG socket (SO_RCVBUF 1 MiB, a receive timeout so a
   * silent kernel cannot hang a poll). Returns its handle, or -errno.
   */
  sockDiagOpen(): SockDiagHandle | number;
  /**
   * Sends one SOCK_DIAG_BY_FAMILY dump request (inet_diag_req_v2) for `family`
   * (AF_INET 2 / AF_INET6 10) and `protocol` (IPPROTO_TCP 6 / IPPROTO_UDP 17),
   * or for TCP with `family` AF_UNSPEC 0 the older TCPDIAG_GETSOCK request,
   * answered with both families' sockets in one walk of the kernel's tables,
   * the TCP states in the bit mask `states`, the extensions in `ext` (bit
   * INET_DIAG_INFO - 1 for tcp_info), with sequence number `seq`. Stops a
   * receive-ahead still running on the handle first. Returns 0 or -errno.
   */
  sockDiagRequest(
    handle: SockDiagHandle,
    family: number,
    protocol: number,
    states: number,
    ext: number,
    seq: number,
  ): number;
  /**
   * Starts a thread that receives the answer to request `seq` from now on, so
   * the kernel builds the dump on another core while JavaScript decodes:
   * sockDiagRecv then takes that thread's datagrams in order, waiting for each
   * (its errors come back from sockDiagRecv after the datagrams before them),
   * and reads the socket itself once the thread has seen the dump's end.
   * Returns 0, or -errno with nothing started (-EBUSY: one is running).
   */
  sockDiagReceiveAhead(handle: SockDiagHandle, seq: number): number;
  /**
   * Receives one datagram from the kernel (or from the receive-ahead thread)
   * into `out` at `offset`. Returns the bytes written (>= 0), or -errno.
   * Below 64 KiB of room the datagram's size is peeked at first: -ENOBUFS when
   * it does not fit, with its size in `status[1]` (nothing is consumed: call
   * again with more room); the receive-ahead thread's datagrams are always
   * given so. With more room (more than the kernel puts in a dump datagram) it
   * is read at once, a syscall less: a longer one would come cut, its size in
   * `status[1]`. `status[0]` gets the read's msg_flags (MSG_TRUNC 0x20 set
   * means the datagram was cut). Datagrams not sent by the kernel are dropped.
   * EINTR is retried; EAGAIN (the receive timeout) a few times, then returned.
   */
  sockDiagRecv(handle: SockDiagHandle, out: Uint8Array, offset: number, status: Int32Array): number;
  /** Closes the socket (stopping a receive-ahead); later calls with the handle return -EBADF. */
  sockDiagClose(handle: SockDiagHandle): void;

  // The functions below came later (issue 5): an addon built before them still
  // loads without them, so callers check `typeof addon.pidfdOpen === 'function'`.

  /**
   * pidfd_open(pid) (Linux >= 5.3): a descriptor naming this one process, which
   * later signals reach or fail, never a newcomer with the same pid. Returns the
   * descriptor, or -errno: -ESRCH no such process, -EINVAL not a process (a
   * thread id), -ENOSYS no pidfd_open in this kernel or build.
   */
  pidfdOpen?(pid: number): number;
  /** pidfd_send_signal(fd, signal): 0, or -errno (-ESRCH: exited; -EPERM: not permitted). */
  pidfdSendSignal?(fd: number, signal: number): number;
  /**
   * Polls the pidfd for the process's exit, blocking at most `timeoutMs` (0 to
   * 10,000; 0 never blocks). Returns 1 exited (a zombie counts), 0 still
   * running, or -errno (-EBADF: not a pidfd).
   */
  pidfdWait?(fd: number, timeoutMs: number): number;
  /** Closes a descriptor from pidfdOpen: 0, or -errno (-EBADF for anything but a pidfd, left open). */
  pidfdClose?(fd: number): number;

  /**
   * SOCK_DESTROY over NETLINK_SOCK_DIAG: aborts the one TCP socket with this
   * id, like `ss -K`. `family` is AF_INET 2 (4-byte addresses) or AF_INET6 10
   * (16 bytes), addresses in network order, ports in host order, the cookie's
   * high and low 32-bit words as the dump gave them. Returns 0, or -errno:
   * -ENOENT no such socket (current kernels also when the cookie names another
   * one), -ESTALE the cookie names another socket (older kernels), -EPERM
   * CAP_NET_ADMIN needed, -EOPNOTSUPP kernel without CONFIG_INET_DIAG_DESTROY.
   */
  sockDestroy?(
    family: number,
    localAddr: Uint8Array,
    localPort: number,
    remoteAddr: Uint8Array,
    remotePort: number,
    cookieHi: number,
    cookieLo: number,
  ): number;
  /**
   * Looks up the one TCP socket with this id (SOCK_DIAG_BY_FAMILY, no dump; no
   * privilege needed). Returns 0 and fills `out` with [cookie high word, cookie
   * low word, inode, state], or -errno (-ENOENT: none).
   */
  sockDiagLookup?(
    family: number,
    localAddr: Uint8Array,
    localPort: number,
    remoteAddr: Uint8Array,
    remotePort: number,
    out: Uint32Array,
  ): number;
}

/** An open NETLINK_SOCK_DIAG socket, owned by the addon (closed when collected, or by sockDiagClose). */
export type SockDiagHandle = { readonly __brand: 'SockDiagHandle' };

/** The addon, or null and why not. */
export type NativeAddonLoad = { addon: NativeAddon; reason: string } | { addon: null; reason: string };

/** Every required function: an older build lacking one is not used (the optional ones may be absent). */
const EXPORTS = [
  'scanFdDir',
  'sockDiagOpen',
  'sockDiagRequest',
  'sockDiagReceiveAhead',
  'sockDiagRecv',
  'sockDiagClose',
] as const satisfies readonly (keyof NativeAddon)[];

const BUILT = ['electron', 'collectors', 'linux', 'native', 'build', 'Release', 'sockscope_native.node'];

/**
 * The package root: the nearest directory above this file holding package.json
 * (sources or dist/). In a packaged app it lies inside app.asar.
 */
export function packageRoot(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (true) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

let loaded: NativeAddonLoad | undefined;

/** Loads the addon once (later calls return the same answer). */
export function loadNativeAddon(): NativeAddonLoad {
  loaded ??= load();
  return loaded;
}

function load(): NativeAddonLoad {
  if (process.env.SOCKSCOPE_NATIVE === '0') return { addon: null, reason: 'disabled by SOCKSCOPE_NATIVE=0' };
  if (process.platform !== 'linux') return { addon: null, reason: `not Linux (${process.platform})` };
  const root = packageRoot();
  if (root === null) return { addon: null, reason: 'package root not found' };
  const path = join(root, ...BUILT);
  if (!existsSync(path)) return { addon: null, reason: `not built (no ${path}; run npm run build:native)` };
  try {
    const addon = createRequire(import.meta.url)(path) as Partial<NativeAddon>;
    const missing = EXPORTS.filter((name) => typeof addon[name] !== 'function');
    if (missing.length > 0) {
      return { addon: null, reason: `${path} lacks ${missing.join(', ')} (rebuild: npm run build:native)` };
    }
    return { addon: addon as NativeAddon, reason: `loaded ${path}` };
  } catch (error) {
    return { addon: null, reason: `failed to load ${path}: ${(error as Error).message}` };
  }
}
