import type { EndpointCounts, EndpointTable } from './delta.js';
import type { Endpoint } from './endpoint.js';

/**
 * What lets diffChanges cost the rows that changed rather than the whole
 * table: the counts carried from one delta to the next.
 */

/** The counts each delta carried for its table (a private copy). */
const countsOf = new WeakMap<EndpointTable, EndpointCounts>();

function copyCounts(counts: EndpointCounts): EndpointCounts {
  return { ...counts, byState: { ...counts.byState } };
}

/** A copy of the counts a delta carried for `table`, if one did. */
export function countsCarried(table: EndpointTable): EndpointCounts | undefined {
  const counts = countsOf.get(table);
  return counts === undefined ? undefined : copyCounts(counts);
}

/** Keeps `counts` (copied) as `table`'s, for the delta from it. */
export function carryCounts(table: EndpointTable, counts: EndpointCounts): void {
  countsOf.set(table, copyCounts(counts));
}

/** Adds (`sign` 1) or takes away (-1) one row in `counts`, as countEndpoints counts it. */
export function countRow(counts: EndpointCounts, row: Endpoint, sign: 1 | -1): void {
  counts.total += sign;
  if (row.proto === 'tcp') {
    if (row.family === 4) counts.tcp4 += sign;
    else counts.tcp6 += sign;
  } else if (row.family === 4) counts.udp4 += sign;
  else counts.udp6 += sign;
  const n = (counts.byState[row.state] ?? 0) + sign;
  if (n > 0) counts.byState[row.state] = n;
  else delete counts.byState[row.state];
}

/** The keys of prev that next lacks, with their rows, by one lookup each. */
export function removedRows(prev: EndpointTable, next: EndpointTable): [string, Endpoint][] {
  const gone: [string, Endpoint][] = [];
  for (const entry of prev.rows) if (!next.rows.has(entry[0])) gone.push(entry);
  return gone;
}
