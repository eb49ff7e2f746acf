import type { IpFamily, Protocol, SocketRow } from '../../../shared/endpoint.js';
import { formatIpv6, OCTET, OCTET_DOT } from './ip-address-text.js';
import { TCP_STATE_BY_CODE } from './tcp-state-codes.js';

/**
 * Parsing of /proc/net/{tcp,tcp6,udp,udp6}, apart from reading them.
 *
 * This runs on every poll over up to tens of thousands of rows, so it walks
 * each row once with charCodeAt, decoding hex as it goes, and avoids making
 * strings it does not return: a regex and a split per row, toString(16) per
 * group or a string key per row would each cost about as much as the whole
 * walk (measured on 60,000 rows). Rows are checked as strictly as the fields
 * we use need; a bad row is skipped and counted, never thrown.
 */

/** What one /proc/net file yields. */
export interface ProcNetParseResult {
  rows: SocketRow[];
  /** Malformed rows that were skipped. */
  skipped: number;
  /** Rows seen twice in the same text (the kernel's table changed mid-read) and dropped. */
  duplicates: number;
}

/** Hex digit value by char code, -1 for anything else. */
const HEX_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) HEX_VALUE[48 + i] = i;
for (let i = 0; i < 6; i++) {
  HEX_VALUE[65 + i] = 10 + i;
  HEX_VALUE[97 + i] = 10 + i;
}

const TCP_ESTABLISHED = 1;
const COLON = 58;

/**
 * Read position in the text being parsed, and a hash of the last address
 * read. Parsing is synchronous, so one module-wide cursor serves every call.
 */
let at = 0;
let addressHash = 0;

// The helpers below loop on a local copy of the cursor and store it back once,
// rather than updating a module variable per character. Reads need no bound:
// they stop at the newline that ends the row.

/** Value of a hex digit's char code; -1 (all bits set) for anything else, NaN included. */
function hexDigit(c: number): number {
  return (HEX_VALUE[c & 127] as number) | ((127 - c) >> 31);
}

/**
 * Reads exactly 8 hex digits (an address word) at the cursor, as an unsigned
 * 32-bit number; -1 when any is not a hex digit. Unrolled: addresses are most
 * of the digits in a row.
 */
function readWord(text: string): number {
  const i = at;
  const d0 = hexDigit(text.charCodeAt(i));
  const d1 = hexDigit(text.charCodeAt(i + 1));
  const d2 = hexDigit(text.charCodeAt(i + 2));
  const d3 = hexDigit(text.charCodeAt(i + 3));
  const d4 = hexDigit(text.charCodeAt(i + 4));
  const d5 = hexDigit(text.charCodeAt(i + 5));
  const d6 = hexDigit(text.charCodeAt(i + 6));
  const d7 = hexDigit(text.charCodeAt(i + 7));
  if ((d0 | d1 | d2 | d3 | d4 | d5 | d6 | d7) < 0) return -1;
  at = i + 8;
  return ((d0 << 28) | (d1 << 24) | (d2 << 20) | (d3 << 16) | (d4 << 12) | (d5 << 8) | (d6 << 4) | d7) >>> 0;
}

/** Reads 1 to `max` hex digits at the cursor; -1 when there are none. */
function readHex(text: string, max: number): number {
  const start = at;
  const stop = start + max;
  let i = start;
  let value = 0;
  for (; i < stop; i++) {
    const d = hexDigit(text.charCodeAt(i));
    if (d < 0) break;
    value = value * 16 + d;
  }
  at = i;
  return i === start ? -1 : value;
}

/** Reads 1 to `max` decimal digits at the cursor (max <= 15 keeps it exact); -1 when there are none. */
function readDecimal(text: string, max: number): number {
  const start = at;
  const stop = start + max;
  let i = start;
  let value = 0;
  for (; i < stop; i++) {
    const d = text.charCodeAt(i) - 48;
    if (!(d >= 0 && d <= 9)) break;
    value = value * 10 + d;
  }
  at = i;
  return i === start ? -1 : value;
}

/** Whether the cursor is at the end of a field: a blank or the end of the row. */
function atFieldEnd(text: string, end: number): boolean {
  return at >= end || text.charCodeAt(at) <= 32;
}

function skipBlanks(text: string, end: number): void {
  let i = at;
  while (i < end && text.charCodeAt(i) <= 32) i++;
  at = i;
}

/** Steps over a field that is not used, without checking it. */
function skipField(text: string, end: number): void {
  let i = at;
  while (i < end && text.charCodeAt(i) <= 32) i++;
  while (i < end && text.charCodeAt(i) > 32) i++;
  at = i;
}

const CACHE_SLOT_BITS = 10;

/**
 * Text of addresses decoded earlier in one parse, by a hash of their words:
 * most rows share a few addresses, and shared strings are cheaper to make and
 * to keep. Direct-mapped (a new address evicts the one in its slot), so a miss
 * costs two array writes rather than a Map insertion.
 */
interface AddressCache {
  /** Four words per slot (IPv4 uses the first). */
  words: Int32Array;
  texts: (string | undefined)[];
}

function newAddressCache(): AddressCache {
  const slots = 1 << CACHE_SLOT_BITS;
  return { words: new Int32Array(slots * 4), texts: new Array<string | undefined>(slots).fill(undefined) };
}

/**
 * Reads an IPv4 address (exactly 8 hex digits: one host-order word) at the
 * cursor; null when malformed.
 */
function readIpv4(text: string, littleEndian: boolean, cache: AddressCache | null): string | null {
  let word = readWord(text);
  if (word < 0) return null;
  addressHash = Math.imul(word, 0x9e3779b1);
  const slot = addressHash >>> (32 - CACHE_SLOT_BITS);
  if (cache !== null) {
    const cached = cache.texts[slot];
    if (cached !== undefined && cache.words[slot * 4] === (word | 0)) return cached;
    cache.words[slot * 4] = word;
  }
  // Make the first address byte the lowest, as a little-endian host stores it.
  if (!littleEndian) {
    word = (((word & 0xff) << 24) | ((word & 0xff00) << 8) | ((word >>> 8) & 0xff00) | (word >>> 24)) >>> 0;
  }
  const address =
    (OCTET_DOT[word & 0xff] as string) +
    (OCTET_DOT[(word >>> 8) & 0xff] as string) +
    (OCTET_DOT[(word >>> 16) & 0xff] as string) +
    (OCTET[word >>> 24] as string);
  if (cache !== null) cache.texts[slot] = address;
  return address;
}

/** Scratch for the eight groups of the address being decoded; overwritten by every call. */
const scratchGroups = new Array<number>(8).fill(0);

/** Splits a host-order word into two address groups of `scratchGroups`, from `index`. */
function setGroups(index: number, word: number, littleEndian: boolean): void {
  // The word holds four address bytes in host order; on little-endian the first byte is the lowest.
  if (littleEndian) {
    scratchGroups[index] = ((word & 0xff) << 8) | ((word >>> 8) & 0xff);
    scratchGroups[index + 1] = (((word >>> 16) & 0xff) << 8) | (word >>> 24);
  } else {
    scratchGroups[index] = word >>> 16;
    scratchGroups[index + 1] = word & 0xffff;
  }
}

/**
 * Reads an IPv6 address (exactly 32 hex digits: four host-order words) at the
 * cursor; null when malformed.
 */
function readIpv6(text: string, littleEndian: boolean, cache: AddressCache | null): string | null {
  const w0 = readWord(text);
  const w1 = w0 < 0 ? -1 : readWord(text);
  const w2 = w1 < 0 ? -1 : readWord(text);
  const w3 = w2 < 0 ? -1 : readWord(text);
  if (w3 < 0) return null;
  // `::` and `::1` (every listener and unconnected socket) skip the hashing.
  if ((w0 | w1 | w2) === 0 && (w3 === 0 || w3 === (littleEndian ? 0x01000000 : 1))) {
    addressHash = w3;
    return w3 === 0 ? '::' : '::1';
  }
  addressHash = Math.imul(Math.imul(Math.imul(w0 ^ w1, 0x85ebca6b) ^ w2, 0xc2b2ae35) ^ w3, 0x9e3779b1);
  const slot = addressHash >>> (32 - CACHE_SLOT_BITS);
  if (cache !== null) {
    const cached = cache.texts[slot];
    const words = cache.words;
    const i = slot * 4;
    if (
      cached !== undefined &&
      words[i] === (w0 | 0) &&
      words[i + 1] === (w1 | 0) &&
      words[i + 2] === (w2 | 0) &&
      words[i + 3] === (w3 | 0)
    ) {
      return cached;
    }
    words[i] = w0;
    words[i + 1] = w1;
    words[i + 2] = w2;
    words[i + 3] = w3;
  }
  setGroups(0, w0, littleEndian);
  setGroups(2, w1, littleEndian);
  setGroups(4, w2, littleEndian);
  setGroups(6, w3, littleEndian);
  const address = formatIpv6(scratchGroups);
  if (cache !== null) cache.texts[slot] = address;
  return address;
}

/**
 * An IPv4 address as /proc/net prints it (8 hex digits: one host-order 32-bit
 * word) in dotted form; null when it is not 8 hex digits.
 */
export function decodeIpv4Hex(hex: string, littleEndian = true): string | null {
  at = 0;
  const address = readIpv4(hex, littleEndian, null);
  return at === hex.length ? address : null;
}

/**
 * An IPv6 address as /proc/net prints it (32 hex digits: four host-order
 * 32-bit words) in RFC 5952 form; null when it is not 32 hex digits.
 */
export function decodeIpv6Hex(hex: string, littleEndian = true): string | null {
  at = 0;
  const address = readIpv6(hex, littleEndian, null);
  return at === hex.length ? address : null;
}

/** Whether two rows name the same socket: same endpoints and inode. */
function sameSocket(a: SocketRow, b: SocketRow): boolean {
  return (
    a.inode === b.inode &&
    a.localPort === b.localPort &&
    a.remotePort === b.remotePort &&
    a.localAddress === b.localAddress &&
    a.remoteAddress === b.remoteAddress
  );
}

/** A row's endpoints and inode as text, for the rare rows whose dedupe keys collide. */
function socketIdentity(row: SocketRow): string {
  return `${row.localAddress} ${row.localPort} ${row.remoteAddress} ${row.remotePort} ${row.inode}`;
}

/**
 * Parses the text of /proc/net/{tcp,tcp6,udp,udp6} (header line first) into
 * socket rows without counters. `littleEndian` is the byte order of the host
 * that wrote the text: addresses are printed as host-order words.
 */
export function parseProcNet(
  text: string,
  proto: Protocol,
  family: IpFamily,
  littleEndian = true,
): ProcNetParseResult {
  const rows: SocketRow[] = [];
  let skipped = 0;
  let duplicates = 0;
  const cache = newAddressCache();
  // Dedupe by a number (the inode, or a negative hash of the endpoints when the
  // inode is 0) mapped to the row that had it; a hit is checked field by field.
  // Only when two different sockets share a number do their text identities
  // decide, in `seen` (the number then maps to -1).
  const rowByKey = new Map<number, number>();
  const seen = new Set<string>();
  const length = text.length;

  let next = 0;
  while (next < length) {
    let end = text.indexOf('\n', next);
    if (end < 0) end = length;
    at = next;
    next = end + 1;

    // sl: "123:", or the header's "sl".
    skipBlanks(text, end);
    if (at === end) continue;
    if (text.startsWith('sl', at) && (at + 2 >= end || text.charCodeAt(at + 2) <= 32)) continue;
    if (readDecimal(text, 15) < 0 || text.charCodeAt(at) !== COLON) {
      skipped++;
      continue;
    }
    at++;

    // local_address and rem_address: ADDRESS:PORT.
    skipBlanks(text, end);
    const localAddress =
      family === 4 ? readIpv4(text, littleEndian, cache) : readIpv6(text, littleEndian, cache);
    const localHash = addressHash;
    const localPort = localAddress !== null && text.charCodeAt(at++) === COLON ? readHex(text, 8) : -1;
    if (localAddress === null || localPort < 0 || localPort > 0xffff || !atFieldEnd(text, end)) {
      skipped++;
      continue;
    }
    skipBlanks(text, end);
    const remoteAddress =
      family === 4 ? readIpv4(text, littleEndian, cache) : readIpv6(text, littleEndian, cache);
    const remotePort = remoteAddress !== null && text.charCodeAt(at++) === COLON ? readHex(text, 8) : -1;
    if (remoteAddress === null || remotePort < 0 || remotePort > 0xffff || !atFieldEnd(text, end)) {
      skipped++;
      continue;
    }

    skipBlanks(text, end);
    const st = readHex(text, 8);
    const tcpState = TCP_STATE_BY_CODE[st];
    if (tcpState === undefined || !atFieldEnd(text, end)) {
      skipped++;
      continue;
    }

    // tx_queue:rx_queue
    skipBlanks(text, end);
    const sendQ = readHex(text, 8);
    const recvQ = sendQ >= 0 && text.charCodeAt(at++) === COLON ? readHex(text, 8) : -1;
    if (recvQ < 0 || !atFieldEnd(text, end)) {
      skipped++;
      continue;
    }

    skipField(text, end); // tr:tm->when
    skipField(text, end); // retrnsmt
    skipBlanks(text, end);
    const uid = readDecimal(text, 10);
    if (uid < 0 || uid > 0xffffffff || !atFieldEnd(text, end)) {
      skipped++;
      continue;
    }
    skipField(text, end); // timeout
    skipBlanks(text, end);
    const inode = readDecimal(text, 15);
    if (inode < 0 || !atFieldEnd(text, end)) {
      skipped++;
      continue;
    }

    const row: SocketRow = {
      proto,
      family,
      localAddress,
      localPort,
      remoteAddress,
      remotePort,
      state: proto === 'tcp' ? tcpState : st === TCP_ESTABLISHED ? 'CONNECTED' : 'UNCONNECTED',
      recvQ,
      sendQ,
      uid,
      inode,
    };

    let key = inode;
    if (inode === 0) {
      const h =
        Math.imul(Math.imul(localHash ^ localPort, 0x9e3779b1) ^ addressHash, 0x85ebca6b) ^ remotePort;
      key = -1 - (Math.imul(h ^ (h >>> 15), 0xc2b2ae35) >>> 1);
    }
    const earlier = rowByKey.get(key);
    if (earlier === undefined) {
      rowByKey.set(key, rows.length);
    } else if (earlier >= 0 && sameSocket(rows[earlier] as SocketRow, row)) {
      duplicates++;
      continue;
    } else {
      if (earlier >= 0) {
        seen.add(socketIdentity(rows[earlier] as SocketRow));
        rowByKey.set(key, -1);
      }
      const identity = socketIdentity(row);
      if (seen.has(identity)) {
        duplicates++;
        continue;
      }
      seen.add(identity);
    }
    rows.push(row);
  }
  return { rows, skipped, duplicates };
}
