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

function describe(dump: SockDiagDump): string {
  const family = dump.family === AF_INET ? '4' : dump.family === AF_INET6 ? '6' : '';
  return `${dump.proto}${family} dump`;
}

/** One dump of a read: its request and how far it got. */
interface Part {
  dump: SockDiagDump;
  /** Index of the reader's netlink socket. */
  socket: number;
  /** The sequence number of its latest request. */
  seq: number;
  /** Its request was sent... */
  begun: boolean;
  /** ...and its answer read to the end. */
  finished: boolean;
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
  /** Row objects of the previous read that this one does not hand back (see SockDiagRowCache.gone). */
  gone: readonly NetlinkSocketRow[];
}

/** Hears of rows[from..to), just decoded. */
export type RowsListener = (rows: readonly NetlinkSocketRow[], from: number, to: number) => void;

/** How a SockDiagReader reads; the defaults are the fast way. */
export interface SockDiagReaderOptions {
  /** Where the receive buffer starts; it grows when a datagram needs more. */
  initialBufferBytes?: number;
  /** Let a thread of the addon receive the first dump while this one works (default: when the addon can). */
  receiveAhead?: boolean;
}

/**
 * Dumps sockets over NETLINK_SOCK_DIAG through the native addon, decoding
 * each datagram as it arrives into one reused buffer (a 20,000-socket dump
 * is never held whole in JavaScript).
 *
 * The kernel builds a dump inside the receive calls that ask for it, and
 * that is most of a read's cost (about 15 ms of a 20,000-socket read). So
 * a thread of the addon receives the first dump (TCP, the big one) on its own
 * netlink socket, and the kernel builds it on another core, while this
 * thread does the caller's `meanwhile` work, reads the other (small) dumps
 * on a second socket, and decodes the first one's datagrams as they come.
 * Without the addon's thread every dump is read here, in turn.
 *
 * (Cutting the TCP dump in two halves by port, built at once, was measured
 * and dropped: each half still walks every socket in the kernel's tables,
 * so on a cold cache one half cost as much as 80% of the whole.)
 */
export class SockDiagReader {
  #addon: NativeAddon;
  /** Netlink sockets: the first dump runs on the first, the others on the second. */
  #handles: SockDiagHandle[];
  #closed = false;
  #receiveAhead: boolean;
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
    if ((options.receiveAhead ?? true) && typeof addon.sockDiagReceiveAhead === 'function') {
      // Without a second socket the first dump is still received ahead; the others wait for it.
      const second = addon.sockDiagOpen();
      if (typeof second !== 'number') this.#handles.push(second);
      this.#receiveAhead = true;
    } else {
      this.#receiveAhead = false;
    }
  }

  /**
   * Every socket of `dumps`, the first dump's rows first; throws a
   * SockDiagError when one cannot be read. `meanwhile` runs once, while the
   * kernel builds the first dump (or before any when nothing runs ahead):
   * work that does not need the sockets. `onRows` hears of each batch of
   * rows as it is decoded (rows of a torn dump too, before they are read
   * again).
   */
  read(dumps: readonly SockDiagDump[], meanwhile?: () => void, onRows?: RowsListener): SockDiagSockets {
    const result: SockDiagSockets = {
      rows: [],
      consistent: true,
      malformed: 0,
      foreign: 0,
      retries: 0,
      truncated: 0,
      gone: [],
    };
    const sockets = this.#handles.length;
    const parts: Part[] = dumps.map((dump, i) => ({
      dump,
      socket: i === 0 ? 0 : sockets - 1,
      seq: 0,
      begun: false,
      finished: false,
    }));
    this.#cache.begin();
    try {
      const [first, ...others] = parts;
      if (first !== undefined && this.#receiveAhead) this.#begin(first, true);
      meanwhile?.();
      // The small dumps first, on the second socket, while the thread receives the first one.
      const later: NetlinkSocketRow[] = [];
      const separate = first?.begun === true && sockets > 1;
      if (separate) for (const part of others) this.#dump(part, later, result, onRows);
      if (first !== undefined) this.#dump(first, result.rows, result, onRows);
      if (!separate) for (const part of others) this.#dump(part, result.rows, result, onRows);
      for (const row of later) result.rows.push(row);
    } catch (error) {
      this.#abandon(parts);
      throw error;
    }
    this.#cache.end();
    result.gone = this.#cache.gone;
    return result;
  }

  /** One dump into `rows`, retried while torn (NLM_F_DUMP_INTR) up to DUMP_INTR_RETRIES times. */
  #dump(part: Part, rows: NetlinkSocketRow[], result: SockDiagSockets, onRows?: RowsListener): void {
    const mark = rows.length;
    for (let attempt = 0; ; attempt++) {
      if (!part.begun) this.#begin(part, false);
      const torn = this.#receive(part, rows, result, onRows);
      part.begun = false;
      if (!torn) return;
      if (attempt === DUMP_INTR_RETRIES) {
        // Still torn: keep what came, and let the monitor remove nothing on its account.
        result.consistent = false;
        return;
      }
      rows.length = mark;
      result.retries++;
    }
  }

  /** Sends `part`'s request on its socket, and with `ahead` starts a thread receiving its answer. */
  #begin(part: Part, ahead: boolean): void {
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
    const sent = addon.sockDiagRequest(handle, dump.family, protocol, states, ext, part.seq);
    if (sent < 0) throw new SockDiagError(-sent, `${describe(dump)} request`);
    part.begun = true;
    part.finished = false;
    // A thread that cannot start (a thread limit) only means this dump is received here.
    if (ahead) addon.sockDiagReceiveAhead?.(handle, part.seq);
  }

  /** Receives and decodes `part` into `rows`; returns whether it was torn (NLM_F_DUMP_INTR, or cut). */
  #receive(part: Part, rows: NetlinkSocketRow[], result: SockDiagSockets, onRows?: RowsListener): boolean {
    const addon = this.#addon;
    let heard = rows.length;
    const handle = this.#handles[part.socket] as SockDiagHandle;
    const decoder = new SockDiagDecoder(part.seq, part.dump.proto, rows, this.#cache);
    let cut = false;
    while (!decoder.done) {
      const length = addon.sockDiagRecv(handle, this.#buffer, 0, this.#status);
      if (length === -ENOBUFS) {
        this.#grow(this.#status[1] ?? 0, part.dump);
        continue;
      }
      if (length < 0) throw new SockDiagError(-length, `${describe(part.dump)} receive`);
      if (((this.#status[0] ?? 0) & MSG_TRUNC) !== 0) {
        // Torn, so read again: with room for the datagram, when it is not absurd.
        cut = true;
        const needed = this.#status[1] ?? 0;
        if (needed > this.#buffer.length && needed <= MAX_BUFFER_BYTES) this.#grow(needed, part.dump);
      }
      decoder.push(this.#buffer, length);
      if (onRows !== undefined && rows.length > heard) {
        onRows(rows, heard, rows.length);
        heard = rows.length;
      }
    }
    // The dump has ended: its socket is ready for the next request, whatever it said.
    part.finished = true;
    result.malformed += decoder.malformed;
    result.foreign += decoder.foreign;
    if (decoder.truncated) cut = true;
    if (cut) result.truncated++;
    if (decoder.errno !== 0) throw new SockDiagError(decoder.errno, describe(part.dump));
    return decoder.interrupted || cut;
  }

  #grow(needed: number, dump: SockDiagDump): void {
    if (needed <= this.#buffer.length || needed > MAX_BUFFER_BYTES) {
      throw new SockDiagError(ENOBUFS, `${describe(dump)}: a datagram of ${needed} bytes`);
    }
    this.#buffer = new Uint8Array(Math.max(needed, this.#buffer.length * 2));
  }

  /**
   * After a failed read: a socket whose dump was left unfinished is replaced,
   * since the kernel refuses a request (EBUSY) until the dump before it was
   * read to its end, and a dump that failed may never end. Closing it also
   * stops its receive-ahead thread at once.
   */
  #abandon(parts: readonly Part[]): void {
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
