import { endianness } from 'node:os';
import type { EndpointState, SocketRow } from '../../../shared/endpoint.js';
import {
  AF_INET,
  AF_INET6,
  EBADMSG,
  ENOBUFS,
  INET_DIAG_INFO,
  INET_DIAG_MSG_SIZE,
  netlinkAlign,
  NLM_F_DUMP_INTR,
  NLMSG_DONE,
  NLMSG_ERROR,
  NLMSG_HDRLEN,
  NLMSG_OVERRUN,
  SOCK_DIAG_BY_FAMILY,
  TCPDIAG_GETSOCK,
} from './netlink-constants.js';
import { ipv4Text, ipv6Text } from './sock-diag-address-text.js';
import type { RowCacheEntry, SockDiagRowCache } from './sock-diag-row-cache.js';
import { TCP_STATE_BY_CODE } from './tcp-state-codes.js';
import { addTcpInfoCounters, sameTcpInfoCounters } from './tcp-info.js';

/**
 * Decoding of NETLINK_SOCK_DIAG inet_diag dump answers, apart from receiving
 * them (the native addon does the syscalls and hands over raw datagrams).
 *
 * This runs over every socket of every poll, so it reads the bytes in place:
 * one DataView per datagram buffer (kept while the caller reuses the buffer),
 * no slices, no object but the row, and address text from a cache. Every row
 * is made by one object literal so rows share a hidden class. A bad message
 * is skipped and counted, never thrown.
 */

/** A socket row from a sock_diag dump: it also carries the kernel's socket cookie. */
export interface NetlinkSocketRow extends SocketRow {
  cookie: string;
}

/** Netlink headers and inet_diag_msg words are in host byte order. */
const LITTLE_ENDIAN = endianness() === 'LE';

/**
 * State names by the kernel's number, 256 entries (any u8 is in bounds):
 * undefined for a state the protocol does not have.
 */
function statesByCode(named: Record<number, EndpointState>): readonly (EndpointState | undefined)[] {
  const byCode = new Array<EndpointState | undefined>(256).fill(undefined);
  for (const [code, name] of Object.entries(named)) byCode[Number(code)] = name;
  return byCode;
}

/** A UDP socket is TCP_ESTABLISHED when connected to a peer, TCP_CLOSE when not. */
const UDP_STATE_BY_CODE = statesByCode({ 1: 'CONNECTED', 7: 'UNCONNECTED' });

/** Where the fields of struct inet_diag_msg are, from its start. */
const MSG_FAMILY = 0;
const MSG_STATE = 1;
const MSG_SPORT = 4;
const MSG_DPORT = 6;
const MSG_SRC = 8;
const MSG_DST = 24;
const MSG_COOKIE_LOW = 44;
const MSG_COOKIE_HIGH = 48;
const MSG_RQUEUE = 56;
const MSG_WQUEUE = 60;
const MSG_UID = 64;
const MSG_INODE = 68;
/** Where a socket message's attributes start, from the message's start. */
const ATTRIBUTES_AT = netlinkAlign(NLMSG_HDRLEN + INET_DIAG_MSG_SIZE);

const TWO_POW_32 = 2 ** 32;
/** A cookie whose high word is below this is a safe integer as a number: the cache's key. */
const MAX_SAFE_HIGH_WORD = 2 ** 21;

const HEX_DIGIT_CODE = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/** Two host-order 32-bit words as 16 lowercase hex digits (one flat string, made in one call). */
function cookieText(high: number, low: number): string {
  const h = HEX_DIGIT_CODE;
  return String.fromCharCode(
    h[high >>> 28] as number,
    h[(high >>> 24) & 15] as number,
    h[(high >>> 20) & 15] as number,
    h[(high >>> 16) & 15] as number,
    h[(high >>> 12) & 15] as number,
    h[(high >>> 8) & 15] as number,
    h[(high >>> 4) & 15] as number,
    h[high & 15] as number,
    h[low >>> 28] as number,
    h[(low >>> 24) & 15] as number,
    h[(low >>> 20) & 15] as number,
    h[(low >>> 16) & 15] as number,
    h[(low >>> 12) & 15] as number,
    h[(low >>> 8) & 15] as number,
    h[(low >>> 4) & 15] as number,
    h[low & 15] as number,
  );
}

/**
 * Decodes the answer to one sock_diag dump request (sequence number `seq`),
 * datagram by datagram, appending a row per socket to `out`.
 */
export class SockDiagDecoder {
  #done = false;
  #interrupted = false;
  #errno = 0;
  #foreign = 0;
  #malformed = 0;
  #truncated = false;

  /** NLMSG_DONE (or an NLMSG_ERROR with errno != 0) of this seq was seen. */
  get done(): boolean {
    return this.#done;
  }
  /** Some message of this seq carried NLM_F_DUMP_INTR: the dump may be torn. */
  get interrupted(): boolean {
    return this.#interrupted;
  }
  /** errno from NLMSG_ERROR / a negative NLMSG_DONE payload / NLMSG_OVERRUN (ENOBUFS), else 0. */
  get errno(): number {
    return this.#errno;
  }
  /** Messages with another sequence number, skipped. */
  get foreign(): number {
    return this.#foreign;
  }
  /** Socket messages skipped as malformed (short payload, bad attribute length, unknown family or state). */
  get malformed(): number {
    return this.#malformed;
  }
  /**
   * A message header claimed more bytes than the datagram holds (or less than
   * a header): the rest of that datagram was dropped.
   */
  get truncated(): boolean {
    return this.#truncated;
  }

  readonly #seq: number;
  readonly #protocol: 'tcp' | 'udp';
  readonly #states: readonly (EndpointState | undefined)[];
  readonly #out: NetlinkSocketRow[];
  readonly #cache: SockDiagRowCache | null;
  /** The cache entry of the last cached socket decoded: the next one is most likely the one after it. */
  #last: RowCacheEntry | null = null;
  #view: DataView | null = null;

  /**
   * Rows go to `out`. With a `cache` of the previous read's rows, a socket
   * read with every field as before is pushed as its previous row object.
   */
  constructor(
    seq: number,
    protocol: 'tcp' | 'udp',
    out: NetlinkSocketRow[],
    cache: SockDiagRowCache | null = null,
  ) {
    this.#seq = seq >>> 0;
    this.#protocol = protocol;
    this.#states = protocol === 'tcp' ? TCP_STATE_BY_CODE : UDP_STATE_BY_CODE;
    this.#out = out;
    this.#cache = cache;
  }

  /** Decodes the messages of one datagram, bytes [0, length) of `datagram`. */
  push(datagram: Uint8Array, length: number): void {
    if (this.#done) return;
    const end = Math.min(length, datagram.length);
    const view = this.#viewOf(datagram);
    const le = LITTLE_ENDIAN;
    let at = 0;
    while (at < end) {
      const messageLength = end - at < NLMSG_HDRLEN ? 0 : view.getUint32(at, le);
      if (messageLength < NLMSG_HDRLEN || messageLength > end - at) {
        this.#truncated = true;
        return;
      }
      if (view.getUint32(at + 8, le) !== this.#seq) {
        this.#foreign++;
      } else {
        if ((view.getUint16(at + 6, le) & NLM_F_DUMP_INTR) !== 0) this.#interrupted = true;
        const type = view.getUint16(at + 4, le);
        if (type === SOCK_DIAG_BY_FAMILY || type === TCPDIAG_GETSOCK) {
          this.#decodeSocket(datagram, view, at, messageLength);
        } else if (type === NLMSG_DONE) {
          this.#done = true;
          // Older kernels send DONE with no payload; a negative one is the dump's error.
          if (messageLength >= NLMSG_HDRLEN + 4) {
            const status = view.getInt32(at + NLMSG_HDRLEN, le);
            if (status < 0) this.#errno = -status;
          }
          return;
        } else if (type === NLMSG_ERROR) {
          // An error whose code cannot be read still ends the request: nothing follows an NLMSG_ERROR.
          const error = messageLength >= NLMSG_HDRLEN + 4 ? view.getInt32(at + NLMSG_HDRLEN, le) : -EBADMSG;
          if (error !== 0) {
            this.#errno = Math.abs(error);
            this.#done = true;
            return;
          }
        } else if (type === NLMSG_OVERRUN) {
          this.#errno = ENOBUFS;
          this.#done = true;
          return;
        }
        // NLMSG_NOOP, an ACK and unknown types are skipped.
      }
      at += netlinkAlign(messageLength);
    }
  }

  /** A DataView on the datagram's bytes: the last one when the caller reuses its buffer. */
  #viewOf(datagram: Uint8Array): DataView {
    const view = this.#view;
    if (
      view !== null &&
      view.buffer === datagram.buffer &&
      view.byteOffset === datagram.byteOffset &&
      view.byteLength === datagram.byteLength
    ) {
      return view;
    }
    const fresh = new DataView(datagram.buffer, datagram.byteOffset, datagram.byteLength);
    this.#view = fresh;
    return fresh;
  }

  /** Decodes the SOCK_DIAG_BY_FAMILY message at `at` (`length` bytes, all in the datagram). */
  #decodeSocket(bytes: Uint8Array, view: DataView, at: number, length: number): void {
    const le = LITTLE_ENDIAN;
    const msg = at + NLMSG_HDRLEN;
    if (length < NLMSG_HDRLEN + INET_DIAG_MSG_SIZE) {
      this.#malformed++;
      return;
    }
    const familyCode = bytes[msg + MSG_FAMILY] as number;
    const state = this.#states[bytes[msg + MSG_STATE] as number];
    if ((familyCode !== AF_INET && familyCode !== AF_INET6) || state === undefined) {
      this.#malformed++;
      return;
    }

    // Attributes: every one is checked, only tcp_info is read.
    const end = at + length;
    let infoAt = -1;
    let infoLength = 0;
    let attribute = at + ATTRIBUTES_AT;
    while (attribute + 4 <= end) {
      const attributeLength = view.getUint16(attribute, le);
      if (attributeLength < 4 || attributeLength > end - attribute) {
        this.#malformed++;
        return;
      }
      if (infoAt < 0 && view.getUint16(attribute + 2, le) === INET_DIAG_INFO) {
        infoAt = attribute + 4;
        infoLength = attributeLength - 4;
      }
      attribute += netlinkAlign(attributeLength);
    }

    const ipv4 = familyCode === AF_INET;
    const family = ipv4 ? 4 : 6;
    const localAddress = ipv4 ? ipv4Text(bytes, msg + MSG_SRC) : ipv6Text(bytes, msg + MSG_SRC);
    const localPort = ((bytes[msg + MSG_SPORT] as number) << 8) | (bytes[msg + MSG_SPORT + 1] as number);
    const remoteAddress = ipv4 ? ipv4Text(bytes, msg + MSG_DST) : ipv6Text(bytes, msg + MSG_DST);
    const remotePort = ((bytes[msg + MSG_DPORT] as number) << 8) | (bytes[msg + MSG_DPORT + 1] as number);
    const recvQ = view.getUint32(msg + MSG_RQUEUE, le);
    const sendQ = view.getUint32(msg + MSG_WQUEUE, le);
    const uid = view.getUint32(msg + MSG_UID, le);
    const inode = view.getUint32(msg + MSG_INODE, le);
    const cookieHigh = view.getUint32(msg + MSG_COOKIE_HIGH, le);
    const cookieLow = view.getUint32(msg + MSG_COOKIE_LOW, le);
    // UDP has no tcp_info (the kernel sends none); counters are TCP's only.
    const counted = infoAt >= 0 && this.#protocol === 'tcp';

    const cache = this.#cache;
    const id = cookieHigh < MAX_SAFE_HIGH_WORD ? cookieHigh * TWO_POW_32 + cookieLow : -1;
    const entry = cache !== null && id >= 0 ? cache.find(id, this.#last) : undefined;
    if (entry !== undefined) {
      const before = entry.row;
      if (
        before.state === state &&
        before.recvQ === recvQ &&
        before.sendQ === sendQ &&
        before.localPort === localPort &&
        before.remotePort === remotePort &&
        before.localAddress === localAddress &&
        before.remoteAddress === remoteAddress &&
        before.uid === uid &&
        before.inode === inode &&
        before.family === family &&
        (counted
          ? sameTcpInfoCounters(before, view, infoAt, infoLength, le)
          : before.rttMs === undefined && before.bytesSent === undefined)
      ) {
        (cache as SockDiagRowCache).follow(this.#last, entry);
        this.#last = entry;
        this.#out.push(before);
        return;
      }
    }
    const row: NetlinkSocketRow = {
      proto: this.#protocol,
      family,
      localAddress,
      localPort,
      remoteAddress,
      remotePort,
      state,
      recvQ,
      sendQ,
      uid,
      inode,
      cookie: cookieText(cookieHigh, cookieLow),
    };
    if (counted) addTcpInfoCounters(row, view, infoAt, infoLength, le);
    if (cache !== null && id >= 0) this.#last = cache.set(id, row, entry, this.#last);
    this.#out.push(row);
  }
}
