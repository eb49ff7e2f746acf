/**
 * IP address text back to bytes (network order): the inverse of
 * ip-address-text.ts, for the rare request that names a socket to the kernel
 * (closing a connection). Accepts what the collectors print and the usual
 * variants: dotted IPv4, IPv6 with `::` and an IPv4 tail (`::ffff:1.2.3.4`);
 * no zone ids, no prefixes.
 */

/** Dotted-quad IPv4 as 4 bytes; null when it is not exactly four decimal octets 0-255. */
export function ipv4Bytes(text: string): Uint8Array | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const bytes = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const octet = decimalOctet(parts[i] as string);
    if (octet === null) return null;
    bytes[i] = octet;
  }
  return bytes;
}

/** IPv6 text as 16 bytes; null when it is not an IPv6 address. */
export function ipv6Bytes(text: string): Uint8Array | null {
  if (text.length < 2 || text.length > 45) return null;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  // An IPv4 tail may only end the address: before a `::` it is refused.
  const head = groupsOf(halves[0] as string, halves.length === 1);
  const tail = halves.length === 2 ? groupsOf(halves[1] as string, true) : [];
  if (head === null || tail === null) return null;
  const count = head.length + tail.length;
  if (halves.length === 1 ? count !== 8 : count > 7) return null;
  const groups = [...head, ...new Array<number>(8 - count).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    const group = groups[i] as number;
    if (group === -1) {
      const v4 = ipv4Bytes(lastPart(text));
      if (v4 === null) return null;
      bytes.set(v4, 12);
      break;
    }
    bytes[i * 2] = group >>> 8;
    bytes[i * 2 + 1] = group & 0xff;
  }
  return bytes;
}

/**
 * The bytes of `text` for a socket of `family`: 4 bytes for 4, 16 for 6. An
 * IPv6 socket may hold an IPv4-mapped address (`::ffff:1.2.3.4`): its 16
 * bytes are kept as they are, since the kernel names the socket that way.
 */
export function addressBytes(family: 4 | 6, text: string): Uint8Array | null {
  return family === 4 ? ipv4Bytes(text) : ipv6Bytes(text);
}

/**
 * The 16-bit groups of one side of `::` (-1 stands for an IPv4 tail, two
 * groups); `allowIpv4` says whether this side may end with one.
 */
function groupsOf(side: string, allowIpv4: boolean): number[] | null {
  if (side === '') return [];
  const parts = side.split(':');
  const groups: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    if (allowIpv4 && i === parts.length - 1 && part.includes('.')) {
      if (ipv4Bytes(part) === null) return null;
      groups.push(-1, -1);
      continue;
    }
    if (!/^[0-9a-fA-F]{1,4}$/.test(part)) return null;
    groups.push(parseInt(part, 16));
  }
  return groups;
}

function lastPart(text: string): string {
  return text.slice(text.lastIndexOf(':') + 1);
}

/** "0" to "255" without leading zeros (which some parsers read as octal), or null. */
function decimalOctet(part: string): number | null {
  if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return null;
  const value = Number(part);
  return value <= 255 ? value : null;
}
