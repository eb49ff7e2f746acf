import type { EndpointCounts, EndpointTable } from './delta.js';
import type { Endpoint } from './endpoint.js';

/**
 * What lets diffChanged cost the rows that changed rather than the whole
 * table: the counts carried from one delta to the next, and removed rows
 * found by walking two tables side by side.
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

/**
 * removedRows, when every row of next but `changed` is prev's own object:
 * the two tables are walked side by side, and a key is looked up only where
 * they disagree. Sockets are read in the same order poll after poll, so a
 * steady poll of 20,000 rows makes a few lookups instead of 20,000.
 */
export function removedInOrder(
  prev: EndpointTable,
  next: EndpointTable,
  changed: readonly Endpoint[],
): [string, Endpoint][] {
  const gone: [string, Endpoint][] = [];
  let fresh: Set<Endpoint> | undefined;
  const rest = next.rows.values();
  let at: Endpoint | undefined = rest.next().value;
  for (const entry of prev.rows) {
    const row = entry[1];
    // Rows new in next are not in prev: step over them.
    while (at !== undefined && at !== row && (fresh ??= new Set(changed)).has(at)) at = rest.next().value;
    if (at === row) at = rest.next().value;
    else if (!next.rows.has(entry[0])) gone.push(entry);
  }
  return gone;
}
