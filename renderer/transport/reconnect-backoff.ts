/** How long to wait before reconnect attempt `attempt` (0 for the first): doubling, capped, with jitter. */
export interface BackoffOptions {
  /** Delay before the first retry, in milliseconds. */
  initialMs: number;
  /** The cap: a server that stays down is tried this often. */
  maxMs: number;
  /** A number in [0, 1); Math.random by default. Jitter spreads the retries of many views. */
  random?: () => number;
}

/** The default schedule: 250 ms, 500 ms, 1 s, 2 s, then every 5 s (each less up to a quarter). */
export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 5000 };

/** The delay before reconnect attempt number `attempt` (0, 1, 2, …). */
export function backoffDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const exponent = Math.min(Math.max(0, Math.floor(attempt)), 30);
  const base = Math.min(options.maxMs, options.initialMs * 2 ** exponent);
  const random = options.random ?? Math.random;
  return Math.round(base * (0.75 + 0.25 * random()));
}
