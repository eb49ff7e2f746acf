/** How many rows of a table one process owns: what the kill dialog tells the user it will cut. */
import type { Endpoint } from '../../shared/endpoint.js';

/** A process's identity: pid plus start time, so a reused pid is another process. */
export interface ProcessIdentity {
  pid: number;
  startTime: number;
}

/** The rows owned by the process `who` (same pid and start time). */
export function rowsOwnedBy(rows: Iterable<Endpoint>, who: ProcessIdentity): number {
  let count = 0;
  for (const row of rows) {
    const owner = row.owner;
    if (owner.kind === 'process' && owner.pid === who.pid && owner.startTime === who.startTime) count++;
  }
  return count;
}

/** "1 connection", "3 connections" ("connection" standing for every kind of row: listeners and UDP too). */
export function connectionCountText(count: number): string {
  return `${count.toLocaleString()} ${count === 1 ? 'connection' : 'connections'}`;
}
