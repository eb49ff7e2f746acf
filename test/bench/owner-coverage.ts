/**
 * How often Sockscope left a TCP ESTABLISHED socket with an inode without an
 * owner. A fast owner lookup that finds nothing is no win, so the report shows
 * this beside the timings. Sockets still in the accept queue (inode 0) are not
 * counted; a socket the churn closes between the socket read and the owner
 * scan is, and is a legitimate miss.
 */
import type { PollSample } from './sockscope-probe.js';

/** Owner misses over a series of polls. */
export interface OwnerCoverage {
  polls: number;
  /** Polls that missed the owner of at least one ESTABLISHED socket with an inode. */
  pollsMissing: number;
  /** The most ESTABLISHED sockets without an owner in one poll, and that poll's ESTABLISHED count. */
  worstMissing: number;
  worstOf: number;
  /** Rows in the last poll. */
  rows: number;
}

/** Coverage before any poll. */
export function emptyCoverage(): OwnerCoverage {
  return { polls: 0, pollsMissing: 0, worstMissing: 0, worstOf: 0, rows: 0 };
}

/** Counts one poll into `coverage`. */
export function addPoll(coverage: OwnerCoverage, sample: PollSample): void {
  const missing = sample.established - sample.establishedOwned;
  coverage.polls += 1;
  coverage.rows = sample.rows;
  if (missing > 0) coverage.pollsMissing += 1;
  if (missing > coverage.worstMissing || coverage.worstOf === 0) {
    coverage.worstMissing = missing;
    coverage.worstOf = sample.established;
  }
}

/** One sentence for the report, e.g. "steady polls: 3 of 80 missed the owner of some ... (worst 4 of 2000)". */
export function describeCoverage(kind: string, c: OwnerCoverage): string {
  if (c.polls === 0) return `${kind}: none ran`;
  if (c.pollsMissing === 0) return `${kind}: all ${c.polls} found the owner of every TCP ESTABLISHED socket`;
  return (
    `${kind}: ${c.pollsMissing} of ${c.polls} missed the owner of some TCP ESTABLISHED sockets ` +
    `(worst ${c.worstMissing} of ${c.worstOf})`
  );
}
