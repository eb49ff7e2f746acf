/** Text forms of IP addresses, built fast: they are made for every row of every poll. */

/** "0." to "255.": four table entries joined make fewer temporary strings than a template. */
export const OCTET_DOT = Array.from({ length: 256 }, (_, i) => `${i}.`);
export const OCTET = Array.from({ length: 256 }, (_, i) => `${i}`);

const COLON = 58;
const HEX_DIGIT_CODE = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/** Where formatIpv6 writes its text: one latin1 decode of a buffer beats a dozen concatenations. */
const formatBuffer = Buffer.alloc(48);

/**
 * Eight 16-bit groups in RFC 5952 canonical text: lowercase, no leading zeros,
 * the longest run of two or more zero groups (the first on a tie) as `::`, and
 * IPv4-mapped addresses as `::ffff:a.b.c.d`.
 */
export function formatIpv6(groups: ArrayLike<number>): string {
  const g6 = groups[6] as number;
  const g7 = groups[7] as number;
  if (
    groups[0] === 0 &&
    groups[1] === 0 &&
    groups[2] === 0 &&
    groups[3] === 0 &&
    groups[4] === 0 &&
    groups[5] === 0xffff
  ) {
    return `::ffff:${OCTET_DOT[g6 >>> 8]}${OCTET_DOT[g6 & 0xff]}${OCTET_DOT[g7 >>> 8]}${OCTET[g7 & 0xff]}`;
  }
  let bestStart = -1;
  let bestLength = 1; // a single zero group is never compressed
  let runStart = -1;
  for (let i = 0; i < 8; i++) {
    if (groups[i] !== 0) {
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
  const out = formatBuffer;
  let n = 0;
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      out[n++] = COLON;
      out[n++] = COLON;
      i += bestLength - 1;
      continue;
    }
    if (i > 0 && i !== bestStart + bestLength) out[n++] = COLON;
    const g = groups[i] as number;
    if (g >= 0x1000) out[n++] = HEX_DIGIT_CODE[g >>> 12] as number;
    if (g >= 0x100) out[n++] = HEX_DIGIT_CODE[(g >>> 8) & 15] as number;
    if (g >= 0x10) out[n++] = HEX_DIGIT_CODE[(g >>> 4) & 15] as number;
    out[n++] = HEX_DIGIT_CODE[g & 15] as number;
  }
  return out.toString('latin1', 0, n);
}
