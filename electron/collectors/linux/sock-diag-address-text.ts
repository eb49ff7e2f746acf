import { formatIpv6, OCTET, OCTET_DOT } from './ip-address-text.js';

/**
 * Text of the addresses in an inet_diag_sockid (network byte order), cached.
 *
 * A poll decodes tens of thousands of sockets that share a few addresses, so
 * the text of each address is kept in a direct-mapped cache by a hash of its
 * words (a new address evicts the one in its slot: a miss costs two array
 * writes, not a Map insertion). The cache lives as long as the module, so
 * one poll reuses the strings of the last: decoding is synchronous, and a
 * stale slot is always checked word by word before it is used.
 */

const SLOT_BITS = 10;
const SLOTS = 1 << SLOT_BITS;

const ipv4Words = new Int32Array(SLOTS);
const ipv4Texts = new Array<string | undefined>(SLOTS).fill(undefined);
const ipv6Words = new Int32Array(SLOTS * 4);
const ipv6Texts = new Array<string | undefined>(SLOTS).fill(undefined);

/** Scratch for the eight groups of the address being formatted. */
const groups = new Array<number>(8).fill(0);

/** The big-endian 32-bit word at `at`, as a signed int (cache words are Int32). */
function wordAt(bytes: Uint8Array, at: number): number {
  return (
    ((bytes[at] as number) << 24) |
    ((bytes[at + 1] as number) << 16) |
    ((bytes[at + 2] as number) << 8) |
    (bytes[at + 3] as number)
  );
}

/** The IPv4 address in the 4 bytes at `at`, dotted. */
export function ipv4Text(bytes: Uint8Array, at: number): string {
  const word = wordAt(bytes, at);
  const slot = Math.imul(word, 0x9e3779b1) >>> (32 - SLOT_BITS);
  const cached = ipv4Texts[slot];
  if (cached !== undefined && ipv4Words[slot] === word) return cached;
  const text =
    (OCTET_DOT[word >>> 24] as string) +
    (OCTET_DOT[(word >>> 16) & 0xff] as string) +
    (OCTET_DOT[(word >>> 8) & 0xff] as string) +
    (OCTET[word & 0xff] as string);
  ipv4Words[slot] = word;
  ipv4Texts[slot] = text;
  return text;
}

/** The IPv6 address in the 16 bytes at `at`, in RFC 5952 text (`::ffff:a.b.c.d` when IPv4-mapped). */
export function ipv6Text(bytes: Uint8Array, at: number): string {
  const w0 = wordAt(bytes, at);
  const w1 = wordAt(bytes, at + 4);
  const w2 = wordAt(bytes, at + 8);
  const w3 = wordAt(bytes, at + 12);
  // `::` and `::1` (every wildcard listener and loopback socket) skip the hashing.
  if ((w0 | w1 | w2) === 0 && (w3 === 0 || w3 === 1)) return w3 === 0 ? '::' : '::1';
  const slot =
    Math.imul(Math.imul(Math.imul(w0 ^ w1, 0x85ebca6b) ^ w2, 0xc2b2ae35) ^ w3, 0x9e3779b1) >>>
    (32 - SLOT_BITS);
  const cached = ipv6Texts[slot];
  const i = slot * 4;
  if (
    cached !== undefined &&
    ipv6Words[i] === w0 &&
    ipv6Words[i + 1] === w1 &&
    ipv6Words[i + 2] === w2 &&
    ipv6Words[i + 3] === w3
  ) {
    return cached;
  }
  groups[0] = w0 >>> 16;
  groups[1] = w0 & 0xffff;
  groups[2] = w1 >>> 16;
  groups[3] = w1 & 0xffff;
  groups[4] = w2 >>> 16;
  groups[5] = w2 & 0xffff;
  groups[6] = w3 >>> 16;
  groups[7] = w3 & 0xffff;
  const text = formatIpv6(groups);
  ipv6Words[i] = w0;
  ipv6Words[i + 1] = w1;
  ipv6Words[i + 2] = w2;
  ipv6Words[i + 3] = w3;
  ipv6Texts[slot] = text;
  return text;
}
