/** The range of poll intervals the monitor accepts, in milliseconds. */
export const MIN_INTERVAL_MS = 100;
export const MAX_INTERVAL_MS = 60_000;

/** The intervals the UI offers, in milliseconds (TCPView's choices, plus 0.5 s). */
export const INTERVAL_CHOICES_MS = [500, 1000, 2000, 5000] as const;

/** The interval a new monitor and a new view start with. */
export const DEFAULT_INTERVAL_MS = 1000;

/**
 * Returns `ms` when it is a finite number in range; otherwise throws a
 * RangeError that names the range. Used by the monitor, the CLI and every
 * request that changes the interval, so a bad value is refused, never applied.
 */
export function checkIntervalMs(ms: unknown): number {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < MIN_INTERVAL_MS || ms > MAX_INTERVAL_MS) {
    throw new RangeError(
      `poll interval must be a number of milliseconds from ${MIN_INTERVAL_MS} to ${MAX_INTERVAL_MS}, got ${describe(ms)}`,
    );
  }
  return ms;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}
