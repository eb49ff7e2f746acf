import type { Delta, EndpointCounts, EndpointTable, EndpointUpdate } from './delta.js';
import { carryCounts, countRow, countsCarried, removedRows } from './diff-steady.js';
import { countEndpoints } from './endpoint-counts.js';
import {
  OPTIONAL_ENDPOINT_FIELDS,
  type Endpoint,
  type OptionalEndpointField,
  type Owner,
  type ProcessOwner,
} from './endpoint.js';

/** Keys of T whose property may be absent. */
type OptionalKeys<T> = { [K in keyof T]-?: Partial<Pick<T, K>> extends Pick<T, K> ? K : never }[keyof T];
/** Fails to compile unless T is never: the exhaustiveness checks below. */
type AssertNever<T extends never> = T;

/** Every field compared with ===: `key` is equal by lookup and `owner` is compared by value. */
type ComparedField = Exclude<keyof Endpoint, 'key' | 'owner'>;

/**
 * One reader per compared field: the fixed list that builds an update (not
 * Object.keys per row). A mapped type, so a field added to Endpoint and
 * missed here is a compile error. Named reads (`row.rttMs`), not keyed ones
 * (`row[field]`): V8 serves keyed reads of absent fields through a slow
 * generic lookup, several times slower on rows without counters.
 */
const READERS: { readonly [K in ComparedField]-?: (row: Endpoint) => Endpoint[K] } = {
  state: (row) => row.state,
  inode: (row) => row.inode,
  recvQ: (row) => row.recvQ,
  sendQ: (row) => row.sendQ,
  cookie: (row) => row.cookie,
  bytesSent: (row) => row.bytesSent,
  bytesReceived: (row) => row.bytesReceived,
  segsOut: (row) => row.segsOut,
  segsIn: (row) => row.segsIn,
  retrans: (row) => row.retrans,
  rttMs: (row) => row.rttMs,
  rttVarMs: (row) => row.rttVarMs,
  deliveryRate: (row) => row.deliveryRate,
  sendRate: (row) => row.sendRate,
  recvRate: (row) => row.recvRate,
  uid: (row) => row.uid,
  firstSeen: (row) => row.firstSeen,
  proto: (row) => row.proto,
  family: (row) => row.family,
  localAddress: (row) => row.localAddress,
  localPort: (row) => row.localPort,
  remoteAddress: (row) => row.remoteAddress,
  remotePort: (row) => row.remotePort,
};
const FIELDS = Object.entries(READERS) as [ComparedField, (row: Endpoint) => unknown][];

// Only optional fields may become absent; one missing from that list could never be cleared.
type _EveryOptionalFieldCompared = AssertNever<Exclude<OptionalKeys<Endpoint>, OptionalEndpointField>>;
type _EveryOwnerFieldCompared = AssertNever<
  Exclude<
    keyof ProcessOwner,
    'kind' | 'pid' | 'startTime' | 'name' | 'exe' | 'cmdline' | 'uid' | 'user' | 'startedAt'
  >
>;

const OPTIONAL_FIELD_SET: ReadonlySet<string> = new Set(OPTIONAL_ENDPOINT_FIELDS);

/** Thrown by `apply` when a delta is not for the table's seq: the view needs a full snapshot. */
export class SeqGapError extends Error {
  override name = 'SeqGapError';

  constructor(
    /** The seq of the table the delta was applied to. */
    readonly tableSeq: number,
    /** The seq the delta applies to. */
    readonly baseSeq: number,
  ) {
    super(`delta for seq ${baseSeq} cannot apply to the table at seq ${tableSeq}: a full snapshot is needed`);
  }
}

/** Thrown by `apply` for a delta that contradicts the table: a corrupt stream. */
export class CorruptDeltaError extends Error {
  override name = 'CorruptDeltaError';
}

/** A table with no rows at seq 0: what a view holds before its first snapshot. */
export function emptyTable(): EndpointTable {
  return { seq: 0, takenAt: 0, rows: new Map() };
}

/** A table from rows; throws on a duplicate key, which would otherwise lose a row silently. */
export function tableFromRows(seq: number, takenAt: number, rows: Iterable<Endpoint>): EndpointTable {
  const map = new Map<string, Endpoint>();
  for (const row of rows) {
    if (map.has(row.key)) throw new Error(`duplicate row key ${row.key} in the table at seq ${seq}`);
    map.set(row.key, row);
  }
  return { seq, takenAt, rows: map };
}

/** Whether two owners are the same process (or the same unknown), compared by value. */
export function sameOwner(a: Owner, b: Owner): boolean {
  if (a === b) return true;
  if (a.kind === 'unknown') return b.kind === 'unknown' && a.reason === b.reason;
  return (
    b.kind === 'process' &&
    a.pid === b.pid &&
    a.startTime === b.startTime &&
    a.name === b.name &&
    a.exe === b.exe &&
    a.cmdline === b.cmdline &&
    a.uid === b.uid &&
    a.user === b.user &&
    a.startedAt === b.startedAt
  );
}

/**
 * What changed from `prev` to `next`: new rows whole, changed rows as their
 * changed fields only, removed rows as keys, and the counts of `next`.
 * The result is plain JSON (no undefined values, no Maps).
 *
 * About 4 ms for 20k rows, but only when rows share a few hidden classes:
 * rows made as `{ ...row, key }` get one V8 map each (Node 20), which makes every
 * field read here a slow lookup (30 times slower). Build rows with one
 * object literal naming every field.
 */
export function diff(prev: EndpointTable, next: EndpointTable): Delta {
  for (const [key, row] of next.rows) {
    if (row.key !== key) {
      // apply files rows under row.key: the delta would rebuild a different table.
      throw new Error(`row ${row.key} is filed under key ${key} in the table at seq ${next.seq}`);
    }
  }
  return diffRows(prev, next, next.rows.values());
}

/** What a builder that updates one table in place knows of a poll: the old rows are gone from the table by then. */
export interface TableChanges {
  /** The rows of the new table that are not the old table's object under their key, in snapshot order. */
  changed: readonly Endpoint[];
  /** For each row of `changed`, the old table's row under its key, or undefined for a new key. */
  before: readonly (Endpoint | undefined)[];
  /** The old table's rows whose key the new table lacks. */
  removed: readonly Endpoint[];
}

/**
 * `diff` for a table updated in place (`prev.rows` may be `next.rows`): the
 * old rows come from `changes`, so only `prev.seq` and the counts its delta
 * carried are read from `prev`. Only the changed rows are compared and
 * counted (from the counts of the delta that made `prev`): a steady poll of
 * 20,000 rows costs the few that changed. The same delta `diff` makes from
 * an old table kept whole.
 */
export function diffChanges(prev: EndpointTable, next: EndpointTable, changes: TableChanges): Delta {
  const parts: DeltaParts = { added: [], updated: [], removed: [] };
  const counts = countsCarried(prev);
  const { changed, before } = changes;
  for (let i = 0; i < changed.length; i++) noteRow(parts, counts, changed[i] as Endpoint, before[i]);
  for (const row of changes.removed) noteRemoved(parts, counts, row.key, row);
  return deltaOf(prev, next, parts, counts);
}

function diffRows(prev: EndpointTable, next: EndpointTable, candidates: Iterable<Endpoint>): Delta {
  const parts: DeltaParts = { added: [], updated: [], removed: [] };
  for (const row of candidates) noteRow(parts, undefined, row, prev.rows.get(row.key));
  // Every row of next is in prev but the added ones: prev has removed keys only if it is bigger than that.
  if (prev.rows.size > next.rows.size - parts.added.length) {
    for (const [key, row] of removedRows(prev, next)) noteRemoved(parts, undefined, key, row);
  }
  return deltaOf(prev, next, parts, undefined);
}

/** What a delta lists, gathered row by row. */
type DeltaParts = Pick<Delta, 'added' | 'updated' | 'removed'>;

/** Notes `row` of next, which was `before` in prev (undefined: a new key), and moves `counts` along if given. */
function noteRow(
  parts: DeltaParts,
  counts: EndpointCounts | undefined,
  row: Endpoint,
  before: Endpoint | undefined,
): void {
  if (before === undefined) parts.added.push(withoutUndefined(row));
  else if (!sameRow(before, row)) {
    const update = updateOf(row.key, before, row);
    if (update !== undefined) parts.updated.push(update);
  }
  if (counts !== undefined) {
    if (before !== undefined) countRow(counts, before, -1);
    countRow(counts, row, 1);
  }
}

function noteRemoved(
  parts: DeltaParts,
  counts: EndpointCounts | undefined,
  key: string,
  row: Endpoint,
): void {
  parts.removed.push(key);
  if (counts !== undefined) countRow(counts, row, -1);
}

/**
 * The delta of `parts`, with next's counts: `counts` moved along from prev's,
 * or counted anew when prev carried none; kept as next's, for the delta from it.
 */
function deltaOf(
  prev: EndpointTable,
  next: EndpointTable,
  parts: DeltaParts,
  counts: EndpointCounts | undefined,
): Delta {
  const nextCounts = counts ?? countEndpoints(next.rows.values());
  carryCounts(next, nextCounts);
  return { seq: next.seq, baseSeq: prev.seq, takenAt: next.takenAt, ...parts, counts: nextCounts };
}

/** Whether two rows of the same key are equal in every field: what diff sends nothing for. */
function sameRow(a: Endpoint, b: Endpoint): boolean {
  return a === b || (sameFields(a, b) && sameOwner(a.owner, b.owner));
}

/**
 * Whether two rows agree on every field but `key` and `owner`. Written out
 * rather than walking READERS because it runs for every row on every poll,
 * and this halves the cost of diff. diff.test.ts checks that it sees a
 * change in each field, so it cannot fall behind READERS.
 */
function sameFields(a: Endpoint, b: Endpoint): boolean {
  return (
    a.state === b.state &&
    a.inode === b.inode &&
    a.recvQ === b.recvQ &&
    a.sendQ === b.sendQ &&
    a.cookie === b.cookie &&
    a.bytesSent === b.bytesSent &&
    a.bytesReceived === b.bytesReceived &&
    a.segsOut === b.segsOut &&
    a.segsIn === b.segsIn &&
    a.retrans === b.retrans &&
    a.rttMs === b.rttMs &&
    a.rttVarMs === b.rttVarMs &&
    a.deliveryRate === b.deliveryRate &&
    a.sendRate === b.sendRate &&
    a.recvRate === b.recvRate &&
    a.uid === b.uid &&
    a.firstSeen === b.firstSeen &&
    a.proto === b.proto &&
    a.family === b.family &&
    a.localAddress === b.localAddress &&
    a.localPort === b.localPort &&
    a.remoteAddress === b.remoteAddress &&
    a.remotePort === b.remotePort
  );
}

/** The update from `before` to `after`, or undefined when they are equal. Runs only for rows that changed. */
function updateOf(key: string, before: Endpoint, after: Endpoint): EndpointUpdate | undefined {
  // Allocated only on the first difference: most rows do not change.
  let set: Record<string, unknown> | undefined;
  let unset: OptionalEndpointField[] | undefined;
  for (const [field, read] of FIELDS) {
    const value = read(after);
    if (value === read(before)) continue;
    // Only an optional field can read undefined: the types say so, and READERS holds no others.
    if (value === undefined) (unset ??= []).push(field as OptionalEndpointField);
    else (set ??= {})[field] = value;
  }
  if (!sameOwner(before.owner, after.owner)) (set ??= {}).owner = after.owner;
  if (set === undefined && unset === undefined) return undefined;
  const update: EndpointUpdate = { key, set: (set ?? {}) as EndpointUpdate['set'] };
  if (unset !== undefined) update.unset = unset;
  return update;
}

/** The row itself, or a copy without the optional fields that hold undefined: JSON would drop them. */
function withoutUndefined(row: Endpoint): Endpoint {
  if (!OPTIONAL_ENDPOINT_FIELDS.some((field) => row[field] === undefined && Object.hasOwn(row, field))) {
    return row;
  }
  const copy = { ...row };
  for (const field of OPTIONAL_ENDPOINT_FIELDS) if (copy[field] === undefined) delete copy[field];
  return copy;
}

/**
 * The table `delta` makes of `prev`. Pure: `prev` and its rows are left as
 * they were; unchanged rows are shared. Throws a SeqGapError when the delta
 * is for another seq, and a CorruptDeltaError when it contradicts the table
 * (a key removed or updated that is not there, or added twice).
 */
export function apply(prev: EndpointTable, delta: Delta): EndpointTable {
  if (delta.baseSeq !== prev.seq) throw new SeqGapError(prev.seq, delta.baseSeq);
  const rows = new Map(prev.rows);
  const where = `delta ${delta.baseSeq} -> ${delta.seq}`;
  for (const key of delta.removed) {
    if (!rows.delete(key)) {
      throw new CorruptDeltaError(`${where} removes row ${key}, which is not in the table`);
    }
  }
  for (const update of delta.updated) {
    const before = rows.get(update.key);
    if (before === undefined) {
      throw new CorruptDeltaError(`${where} updates row ${update.key}, which is not in the table`);
    }
    rows.set(update.key, patched(before, update, where));
  }
  for (const row of delta.added) {
    if (rows.has(row.key)) {
      throw new CorruptDeltaError(`${where} adds row ${row.key}, which is already in the table`);
    }
    rows.set(row.key, row);
  }
  return { seq: delta.seq, takenAt: delta.takenAt, rows };
}

/** A new row: `before` with the update's fields set and its cleared fields left out. */
function patched(before: Endpoint, update: EndpointUpdate, where: string): Endpoint {
  if (Object.hasOwn(update.set, 'key')) {
    throw new CorruptDeltaError(`${where} changes the key of row ${update.key}`);
  }
  const row: Endpoint = { ...before, ...update.set };
  for (const field of update.unset ?? []) {
    if (!OPTIONAL_FIELD_SET.has(field)) {
      throw new CorruptDeltaError(
        `${where} clears ${String(field)} of row ${update.key}, which is not optional`,
      );
    }
    delete row[field];
  }
  return row;
}
