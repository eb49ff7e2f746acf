const UNITS = ['K', 'M', 'G', 'T', 'P', 'E'] as const;

/**
 * A byte count as `ls -h` and `ss` readers expect: bytes up to 1023, then
 * one decimal in binary units (1.5K, 12.3M, 4.0G). A value that would round
 * to 1024.0 of one unit is shown as 1.0 of the next.
 */
export function humanBytes(bytes: number): string {
  if (bytes < 1024) return String(bytes);
  let value = bytes / 1024;
  let unit = 0;
  // 1023.95 and up print as "1024.0" with one decimal.
  while (value >= 1023.95 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)}${UNITS[unit] ?? ''}`;
}
