import { constants } from 'node:os';
import { getSystemErrorName } from 'node:util';
import type { Protocol } from '../../../shared/endpoint.js';
import type { NativeAddon, SockDiagHandle } from './native-addon.js';
import {
  AF_INET,
  AF_INET6,
  AF_UNSPEC,
  ALL_TCP_STATES_MASK,
  ENOBUFS,
  INET_DIAG_INFO,
  IPPROTO_TCP,
  IPPROTO_UDP,
} from './netlink-constants.js';
import { SockDiagDecoder, type NetlinkSocketRow } from './sock-diag-decoder.js';
import { SockDiagRowCache } from './sock-diag-row-cache.js';
import { DumpPlanner, type DumpPart } from './sock-diag-plan.js';
import { spareCore } from './spare-core.js';

/** Ask for tcp_info: bit INET_DIAG_INFO - 1 of idiag_ext. */
const EXT_TCP_INFO = 1 << (INET_DIAG_INFO - 1);
const MSG_TRUNC = 0x20;

/** A dump datagram is at most about 32 KiB; the buffer grows past this only when the kernel says so. */
const INITIAL_BUFFER_BYTES = 64 * 1024;
/** Far above any datagram the kernel sends: a bigger claim is an error, not a reason to allocate. */
const MAX_BUFFER_BYTES = 16 * 1024 * 1024;
/** NLM_F_DUMP_INTR: retry a torn dump this many times, then keep it and say it may be torn. */
export const DUMP_INTR_RETRIES = 3;

/** One dump request: a family and a protocol. */
export interface SockDiagDump {
  /** AF_UNSPEC: both families at once (TCP only). */
  family: typeof AF_UNSPEC | typeof AF_INET | typeof AF_INET6;
  proto: Protocol;
}

/**
 * TCP over both families in one dump: the kernel walks its TCP tables once
 * instead of once per family (2 ms saved at 20,000 sockets). It is the
 * original TCPDIAG_GETSOCK request; a kernel that no longer answers it gets
 * TCP_DUMPS instead.
 */
export const TCP_BOTH_FAMILIES_DUMP: readonly SockDiagDump[] = [{ family: AF_UNSPEC, proto: 'tcp' }];

export const TCP_DUMPS: readonly SockDiagDump[] = [
  { family: AF_INET, proto: 'tcp' },
  { family: AF_INET6, proto: 'tcp' },
];
export const UDP_DUMPS: readonly SockDiagDump[] = [
  { family: AF_INET, proto: 'udp' },
  { family: AF_INET6, proto: 'udp' },
];

/** A dump the kernel refused or broke off: errno as its name, and which dump. */
export class SockDiagError extends Error {
  override name = 'SockDiagError';
  readonly code: string;

  constructor(
    readonly errno: number,
    what: string,
  ) {
    const code = errnoName(errno);
    super(`sock_diag ${what}: ${code}`);
    this.code = code;
  }
}

function errnoName(errno: number): string {
  try {
    return getSystemErrorName(-errno);
  } catch {
    return `errno ${errno}`;
  }
}

function describe(part: DumpPart): string {
  const { dump } = part;
  const family = dump.family === AF_INET ? '4' : dump.family === AF_INET6 ? '6' : '';
  const half = part.bytecode === undefined ? '' : part.upper ? ' (upper half)' : ' (lower half)';
  return `${dump.proto}${family} dump${half}`;
}

/** What one read of every socket found, with what could not be read. */
export interface SockDiagSockets {
  rows: NetlinkSocketRow[];
  /** False when a dump stayed torn (NLM_F_DUMP_INTR) after its retries, or a datagram was cut. */
  consistent: boolean;
  /** Socket messages skipped as malformed. */
  malformed: number;
  /** Messages of another request (an abandoned earlier dump), skipped. */
  foreign: number;
  /** Dumps repeated because the kernel flagged them torn. */
  retries: number;
  /** Datagrams cut (MSG_TRUNC) or holding a message longer than themselves. */
  truncated: number;
}

/** How a SockDiagReader reads; the defaults are the fast way. */
export interface SockDiagReaderOptions {
  /** Where the receive buffer starts; it grows when a datagram needs more. */
  initialBufferBytes?: number;
  /** Let a thread of the addon receive dumps while this one decodes (default: when the addon can). */
  receiveAhead?: boolean;
  /** Cut a dump in two halves read at once from this many rows in the previous read; 0: never. */
  splitAtRows?: number;
  /** Whether a core is idle now, for the halves (default: the kernel's count of runnable threads). */
  spareCore?: () => boolean;
}

/** Two halves read at once cost a second walk of the kernel's tables: worth it for big dumps only. */
const SPLIT_AT_ROWS = 4096;

/**
 * Dumps sockets over NETLINK_SOCK_DIAG through the native addon, decoding
 * each datagram as it arrives into one reused buffer (a 20,000-socket dump
 * is never held whole in JavaScript).
 *
 * The kernel builds a dump inside the receive calls that ask for it, and
 * that is most of a read's cost (about 12 ms of a 20,000-socket read). So
 * when a core is spare, a big dump is cut in two halves by port (see
 * sock-diag-split.ts and sock-diag-plan.ts): this thread receives and
 * decodes the lower half while a thread of the addon receives the upper one
 * on a second netlink socket, and the kernel builds both at once. Otherwise,
 * and without the addon's threads, every dump is read here, in turn.
 */
export class SockDiagReader {
  #addon: NativeAddon;
  /** Netlink sockets: in a split read, the second runs the next part while the first's is read here. */
  #handles: SockDiagHandle[];
  #closed = false;
  #receiveAhead: boolean;
  #planner: DumpPlanner;
  #seq = 0;
  #buffer: Uint8Array;
  #status = new Int32Array(2);
  #cache = new SockDiagRowCache();

  /** Opens the netlink sockets; throws a SockDiagError when the kernel refuses the first. */
  constructor(addon: NativeAddon, options: SockDiagReaderOptions = {}) {
    this.#addon = addon;
    this.#buffer = new Uint8Array(options.initialBufferBytes ?? INITIAL_BUFFER_BYTES);
    const handle = addon.sockDiagOpen();
    if (typeof handle === 'number') throw new SockDiagError(-handle, 'socket');
    this.#handles = [handle];
    this.#receiveAhead =
      (options.receiveAhead ?? true) &&
      typeof (addon as Partial<NativeAddon>).sockDiagReceiveAhead === 'function';
    if (this.#receiveAhead) {
      // Without a second socket every dump is read on the first, one after the other.
      const second = addon.sockDiagOpen();
      if (typeof second !== 'number') this.#handles.push(second);
    }
    const splitting = this.#receiveAhead && this.#handles.length > 1;
    this.#planner = new DumpPlanner(
      splitting ? (options.splitAtRows ?? SPLIT_AT_ROWS) : 0,
      options.spareCore ?? (() => spareCore()),
    );
  }

  /** Every socket of `dumps`; throws a SockDiagError when one cannot be read. */
  read(dumps: readonly SockDiagDump[]): SockDiagSockets {
    const parts = this.#planner.plan(dumps, this.#handles.length);
    try {
      return this.#read(dumps, parts);
    } catch (error) {
      this.#abandon(parts);
      const split = parts.some((part) => part.bytecode !== undefined);
      if (!(split && error instanceof SockDiagError && error.errno === constants.errno.EINVAL)) throw error;
      // The kernel refused a half's filter program: read every dump whole from now on.
      this.#planner.refuse();
      return this.#read(dumps, this.#planner.plan(dumps, this.#handles.length));
    }
  }

  #read(dumps: readonly SockDiagDump[], parts: DumpPart[]): SockDiagSockets {
    const result: SockDiagSockets = {
      rows: [],
      consistent: true,
      malformed: 0,
      foreign: 0,
      retries: 0,
      truncated: 0,
    };
    // Threads only for a split read: they pay only with a core to spare, which is when the planner splits.
    const ahead = this.#receiveAhead && parts.some((part) => part.bytecode !== undefined);
    this.#cache.begin();
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as DumpPart;
      if (!part.begun) this.#begin(part, false);
      // The next part's socket is free now: a thread of the addon receives it (the kernel
      // builds it) while this one is received and decoded here.
      const next = parts[i + 1];
      if (ahead && next !== undefined && next.socket !== part.socket) this.#begin(next, true);
      part.first = result.rows.length;
      for (let attempt = 0; ; attempt++) {
        const torn = this.#receive(part, result);
        if (!torn) break;
        if (attempt === DUMP_INTR_RETRIES) {
          // Still torn: keep what came, and let the monitor remove nothing on its account.
          result.consistent = false;
          break;
        }
        result.rows.length = part.first;
        result.retries++;
        this.#begin(part, false);
      }
      part.rows = result.rows.length - part.first;
    }
    this.#cache.end();
    this.#planner.learn(dumps, parts, result.rows);
    return result;
  }

  /** Sends `part`'s request on its socket, and with `ahead` starts a thread receiving its answer. */
  #begin(part: DumpPart, ahead: boolean): void {
    const addon = this.#addon;
    const handle = this.#handles[part.socket] as SockDiagHandle;
    this.#seq = (this.#seq + 1) >>> 0;
    part.seq = this.#seq;
    const { dump } = part;
    const protocol = dump.proto === 'tcp' ? IPPROTO_TCP : IPPROTO_UDP;
    const ext = dump.proto === 'tcp' ? EXT_TCP_INFO : 0;
    // Every state /proc/net/tcp lists (1..12); bit 13, bound but not listening, is
    // left out as `ss` leaves it out unless asked.
    const states = ALL_TCP_STATES_MASK;
    const sent = addon.sockDiagRequest(handle, dump.family, protocol, states, ext, part.seq, part.bytecode);
    if (sent < 0) throw new SockDiagError(-sent, `${describe(part)} request`);
    part.begun = true;
    part.finished = false;
    // A thread that cannot start (a thread limit) only means this dump is received here.
    if (ahead) addon.sockDiagReceiveAhead(handle, part.seq);
  }

  /** Receives and decodes `part` into result.rows; returns whether it was torn (NLM_F_DUMP_INTR, or cut). */
  #receive(part: DumpPart, result: SockDiagSockets): boolean {
    const addon = this.#addon;
    const handle = this.#handles[part.socket] as SockDiagHandle;
    const decoder = new SockDiagDecoder(part.seq, part.dump.proto, result.rows, this.#cache);
    let cut = false;
    while (!decoder.done) {
      const length = addon.sockDiagRecv(handle, this.#buffer, 0, this.#status);
      if (length === -ENOBUFS) {
        this.#grow(this.#status[1] ?? 0, part);
        continue;
      }
      if (length < 0) throw new SockDiagError(-length, `${describe(part)} receive`);
      if (((this.#status[0] ?? 0) & MSG_TRUNC) !== 0) {
        // Torn, so read again: with room for the datagram, when it is not absurd.
        cut = true;
        const needed = this.#status[1] ?? 0;
        if (needed > this.#buffer.length && needed <= MAX_BUFFER_BYTES) this.#grow(needed, part);
      }
      decoder.push(this.#buffer, length);
    }
    // The dump has ended: its socket is ready for the next request, whatever it said.
    part.finished = true;
    result.malformed += decoder.malformed;
    result.foreign += decoder.foreign;
    if (decoder.truncated) cut = true;
    if (cut) result.truncated++;
    if (decoder.errno !== 0) throw new SockDiagError(decoder.errno, describe(part));
    return decoder.interrupted || cut;
  }

  #grow(needed: number, part: DumpPart): void {
    if (needed <= this.#buffer.length || needed > MAX_BUFFER_BYTES) {
      throw new SockDiagError(ENOBUFS, `${describe(part)}: a datagram of ${needed} bytes`);
    }
    this.#buffer = new Uint8Array(Math.max(needed, this.#buffer.length * 2));
  }

  /**
   * After a failed read: a socket whose dump was left unfinished is replaced,
   * since the kernel refuses a request (EBUSY) until the dump before it was
   * read to its end, and a dump that failed may never end. Closing it also
   * stops its receive-ahead thread at once.
   */
  #abandon(parts: readonly DumpPart[]): void {
    for (const part of parts) {
      if (!part.begun || part.finished || this.#closed) continue;
      part.finished = true;
      const fresh = this.#addon.sockDiagOpen();
      if (typeof fresh === 'number') continue; // the old one recovers after one refused request
      this.#addon.sockDiagClose(this.#handles[part.socket] as SockDiagHandle);
      this.#handles[part.socket] = fresh;
    }
  }

  close(): void {
    this.#closed = true;
    for (const handle of this.#handles) this.#addon.sockDiagClose(handle);
  }
}
