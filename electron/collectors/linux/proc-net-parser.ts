import type { EndpointState, IpFamily, Protocol, SocketRow } from '../../../shared/endpoint.js';

/**
 * Parsing of /proc/net/{tcp,tcp6,udp,udp6}, apart from reading them.
 *
 * This runs on every poll over up to tens of thousands of rows, so it walks
 * the text with indexOf/charCodeAt and decodes hex by hand: a regex and a
 * split per row cost several times more. Rows are checked as strictly as the
 * fields we use need; a bad row is skipped and counted, never thrown.
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

/** The kernel's TCP state numbers (include/net/tcp_states.h), indexed by `st`. */
const TCP_STATE_BY_CODE: readonly (EndpointState | undefined)[] = [
  undefined,
  'ESTABLISHED',
  'SYN_SENT',
  'SYN_RECV',
  'FIN_WAIT1',
  'FIN_WAIT2',
  'TIME_WAIT',
  'CLOSE',
  'CLOSE_WAIT',
  'LAST_ACK',
  'LISTEN',
  'CLOSING',
  // TCP_NEW_SYN_RECV is the kernel's name for a request socket: SYN_RECV to everyone else.
  'SYN_RECV',
];

const TCP_ESTABLISHED = 1;
const COLON = 58;

/** Value of `text[start, end)` as hex, 1 to 8 digits (so it stays an exact uint32); -1 when malformed. */
function hexAt(text: string, start: number, end: number): number {
  if (end <= start || end - start > 8) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    const d = c < 128 ? (HEX_VALUE[c] as number) : -1;
    if (d < 0) return -1;
    value = value * 16 + d;
  }
  return value;
}

/** Value of `text[start, end)` as decimal, 1 to 15 digits (a safe integer); -1 when malformed. */
function decimalAt(text: string, start: number, end: number): number {
  if (end <= start || end - start > 15) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** First index at or after `i` that is not a space (or tab, or CR). */
function skipBlanks(text: string, i: number, end: number): number {
  while (i < end && text.charCodeAt(i) <= 32) i++;
  return i;
}

/** First index at or after `i` that is a blank: the end of the token starting at `i`. */
function tokenEnd(text: string, i: number, end: number): number {
  while (i < end && text.charCodeAt(i) > 32) i++;
  return i;
}

/** `a.b.c.d` from one 32-bit word holding the address bytes in memory order of a host. */
function formatIpv4Word(word: number, littleEndian: boolean): string {
  return littleEndian
    ? `${word & 0xff}.${(word >>> 8) & 0xff}.${(word >>> 16) & 0xff}.${word >>> 24}`
    : `${word >>> 24}.${(word >>> 16) & 0xff}.${(word >>> 8) & 0xff}.${word & 0xff}`;
}

function ipv4At(text: string, start: number, littleEndian: boolean): string | null {
  const word = hexAt(text, start, start + 8);
  return word < 0 ? null : formatIpv4Word(word, littleEndian);
}

/** Scratch for the eight groups of the address being decoded; overwritten by every call. */
const scratchGroups = new Array<number>(8).fill(0);

function ipv6At(text: string, start: number, littleEndian: boolean): string | null {
  for (let w = 0; w < 4; w++) {
    const word = hexAt(text, start + w * 8, start + w * 8 + 8);
    if (word < 0) return null;
    // Each word holds four address bytes in host order; on little-endian the first byte is the lowest.
    if (littleEndian) {
      scratchGroups[w * 2] = ((word & 0xff) << 8) | ((word >>> 8) & 0xff);
      scratchGroups[w * 2 + 1] = (((word >>> 16) & 0xff) << 8) | (word >>> 24);
    } else {
      scratchGroups[w * 2] = word >>> 16;
      scratchGroups[w * 2 + 1] = word & 0xffff;
    }
  }
  return formatIpv6(scratchGroups);
}

/**
 * An IPv4 address as /proc/net prints it (8 hex digits: one host-order 32-bit
 * word) in dotted form; null when it is not 8 hex digits.
 */
export function decodeIpv4Hex(hex: string, littleEndian = true): string | null {
  return hex.length === 8 ? ipv4At(hex, 0, littleEndian) : null;
}

/**
 * An IPv6 address as /proc/net prints it (32 hex digits: four host-order
 * 32-bit words) in RFC 5952 form; null when it is not 32 hex digits.
 */
export function decodeIpv6Hex(hex: string, littleEndian = true): string | null {
  return hex.length === 32 ? ipv6At(hex, 0, littleEndian) : null;
}

/**
 * Eight 16-bit groups in RFC 5952 canonical text: lowercase, no leading zeros,
 * the longest run of two or more zero groups (the first on a tie) as `::`, and
 * IPv4-mapped addresses as `::ffff:a.b.c.d`.
 */
export function formatIpv6(groups: ArrayLike<number>): string {
  const g = (i: number): number => groups[i] as number;
  if (g(0) === 0 && g(1) === 0 && g(2) === 0 && g(3) === 0 && g(4) === 0 && g(5) === 0xffff) {
    return `::ffff:${g(6) >>> 8}.${g(6) & 0xff}.${g(7) >>> 8}.${g(7) & 0xff}`;
  }
  let bestStart = -1;
  let bestLength = 1; // a single zero group is never compressed
  let runStart = -1;
  for (let i = 0; i < 8; i++) {
    if (g(i) !== 0) {
      runStart = -1;
      continue;
    }
    if (runStart < 0) runStart = i;
    // Strictly longer, so the first of two equal runs wins.
    if (i - runStart + 1 > bestLength) {
      bestStart = runStart;
      bestLength = i - runStart + 1;
    }
  }
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      out += '::';
      i += bestLength - 1;
      continue;
    }
    if (i > 0 && i !== bestStart + bestLength) out += ':';
    out += g(i).toString(16);
  }
  return out;
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
  const seen = new Set<string>();
  const addressLength = family === 4 ? 8 : 32;
  const decode = family === 4 ? ipv4At : ipv6At;
  const length = text.length;

  let lineStart = 0;
  while (lineStart < length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = length;
    const start = lineStart;
    const end = lineEnd;
    lineStart = lineEnd + 1;

    // sl: "123:", or the header's "sl".
    const slStart = skipBlanks(text, start, end);
    if (slStart === end) continue;
    const slEnd = tokenEnd(text, slStart, end);
    if (slEnd - slStart === 2 && text.startsWith('sl', slStart)) continue;
    if (text.charCodeAt(slEnd - 1) !== COLON || decimalAt(text, slStart, slEnd - 1) < 0) {
      skipped++;
      continue;
    }

    // local_address and rem_address: ADDRESS:PORT, the address exactly as long as the family needs.
    const localStart = skipBlanks(text, slEnd, end);
    const localEnd = tokenEnd(text, localStart, end);
    const remoteStart = skipBlanks(text, localEnd, end);
    const remoteEnd = tokenEnd(text, remoteStart, end);
    if (
      text.charCodeAt(localStart + addressLength) !== COLON ||
      text.charCodeAt(remoteStart + addressLength) !== COLON
    ) {
      skipped++;
      continue;
    }
    const localPort = hexAt(text, localStart + addressLength + 1, localEnd);
    const remotePort = hexAt(text, remoteStart + addressLength + 1, remoteEnd);
    if (localPort < 0 || localPort > 0xffff || remotePort < 0 || remotePort > 0xffff) {
      skipped++;
      continue;
    }

    const stStart = skipBlanks(text, remoteEnd, end);
    const stEnd = tokenEnd(text, stStart, end);
    const st = hexAt(text, stStart, stEnd);
    const tcpState = TCP_STATE_BY_CODE[st];
    if (tcpState === undefined) {
      skipped++;
      continue;
    }

    // tx_queue:rx_queue
    const queuesStart = skipBlanks(text, stEnd, end);
    const queuesEnd = tokenEnd(text, queuesStart, end);
    const queuesColon = text.indexOf(':', queuesStart);
    const sendQ = queuesColon < 0 || queuesColon >= queuesEnd ? -1 : hexAt(text, queuesStart, queuesColon);
    const recvQ = sendQ < 0 ? -1 : hexAt(text, queuesColon + 1, queuesEnd);
    if (recvQ < 0) {
      skipped++;
      continue;
    }

    // tr:tm->when and retrnsmt are not used, so they are only stepped over.
    let i = tokenEnd(text, skipBlanks(text, queuesEnd, end), end);
    i = tokenEnd(text, skipBlanks(text, i, end), end);
    const uidStart = skipBlanks(text, i, end);
    const uidEnd = tokenEnd(text, uidStart, end);
    // timeout: not used either.
    i = tokenEnd(text, skipBlanks(text, uidEnd, end), end);
    const inodeStart = skipBlanks(text, i, end);
    const inodeEnd = tokenEnd(text, inodeStart, end);
    const uid = decimalAt(text, uidStart, uidEnd);
    const inode = decimalAt(text, inodeStart, inodeEnd);
    if (uid < 0 || uid > 0xffffffff || inode < 0) {
      skipped++;
      continue;
    }

    const localAddress = decode(text, localStart, littleEndian);
    const remoteAddress = decode(text, remoteStart, littleEndian);
    if (localAddress === null || remoteAddress === null) {
      skipped++;
      continue;
    }

    // The raw address:port fields name the endpoints exactly, and slicing them is cheaper than
    // joining the decoded values.
    const key = `${text.slice(localStart, localEnd)} ${text.slice(remoteStart, remoteEnd)} ${inode}`;
    if (seen.has(key)) {
      duplicates++;
      continue;
    }
    seen.add(key);

    rows.push({
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
    });
  }
  return { rows, skipped, duplicates };
}
