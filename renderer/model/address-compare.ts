/**
 * Numeric ordering of IP addresses for the grid's address columns: as text,
 * '10.0.0.9' would sort after '10.0.0.10' and '::1' after 'fe80::1'.
 */

/** An address reduced to what orders it: the family rank and the value as 32-bit words, high first. */
interface ParsedAddress {
  /** 0: IPv4, 1: IPv6, 2: not an address (ordered by text). */
  rank: 0 | 1 | 2;
  /** One word for IPv4, four for IPv6, none for text. */
  words: readonly number[];
}

const UNPARSEABLE: ParsedAddress = { rank: 2, words: [] };

// A sort of 20k rows compares each address ~30 times: parse each text once.
// Bounded, and dropped whole when full: rows come and go, addresses mostly repeat.
const CACHE_LIMIT = 50_000;
const cache = new Map<string, ParsedAddress>();

function parsed(text: string): ParsedAddress {
  let p = cache.get(text);
  if (p === undefined) {
    p = parseAddress(text);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(text, p);
  }
  return p;
}

/** The value of a dotted quad ('192.0.2.1'), or -1 when `text` is not one. */
function parseIpv4(text: string): number {
  const parts = text.split('.');
  if (parts.length !== 4) return -1;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return -1;
    const octet = Number(part);
    if (octet > 255) return -1;
    value = value * 256 + octet;
  }
  return value;
}

/** The eight 16-bit groups of `text`, or undefined when it is not an IPv6 address. */
function parseIpv6Groups(text: string): number[] | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = groupsOf(halves[0] ?? '', halves.length === 1);
  const tail = halves.length === 2 ? groupsOf(halves[1] ?? '', true) : [];
  if (head === undefined || tail === undefined) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  // '::' stands for at least one zero group.
  if (head.length + tail.length > 7) return undefined;
  return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}

/** The groups of one side of '::'; only the last side may end in a dotted quad ('::ffff:1.2.3.4'). */
function groupsOf(side: string, last: boolean): number[] | undefined {
  if (side === '') return [];
  const groups: number[] = [];
  const parts = side.split(':');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? '';
    if (last && i === parts.length - 1 && part.includes('.')) {
      const v4 = parseIpv4(part);
      if (v4 < 0) return undefined;
      groups.push(Math.floor(v4 / 65536), v4 % 65536);
    } else {
      if (!/^[0-9a-fA-F]{1,4}$/.test(part)) return undefined;
      groups.push(parseInt(part, 16));
    }
  }
  return groups;
}

/** Parses an IPv4 or IPv6 address; brackets ('[::1]') and zone ids ('fe80::1%eth0') are ignored. */
function parseAddress(text: string): ParsedAddress {
  let t = text.trim();
  if (t.startsWith('[') && t.endsWith(']')) t = t.slice(1, -1);
  const zone = t.indexOf('%');
  if (zone >= 0) t = t.slice(0, zone);
  const v4 = parseIpv4(t);
  if (v4 >= 0) return { rank: 0, words: [v4] };
  const groups = parseIpv6Groups(t);
  if (groups === undefined) return UNPARSEABLE;
  const words: number[] = [];
  for (let i = 0; i < 8; i += 2) words.push((groups[i] ?? 0) * 65536 + (groups[i + 1] ?? 0));
  return { rank: 1, words };
}

/**
 * Compares two addresses by value: every IPv4 address before every IPv6
 * address, IPv6 by its 128-bit value ('::ffff:1.2.3.4' is IPv6, among the
 * IPv4-mapped ones), zone ids ignored; text that is not an address sorts
 * last, by string. Equal values ('::1' and '0::1') are ordered by text, so
 * the order is total and a sort is deterministic.
 */
export function compareAddresses(a: string, b: string): number {
  if (a === b) return 0;
  const pa = parsed(a);
  const pb = parsed(b);
  if (pa.rank !== pb.rank) return pa.rank - pb.rank;
  for (let i = 0; i < pa.words.length; i++) {
    const wa = pa.words[i] ?? 0;
    const wb = pb.words[i] ?? 0;
    if (wa !== wb) return wa < wb ? -1 : 1;
  }
  return a < b ? -1 : 1;
}
