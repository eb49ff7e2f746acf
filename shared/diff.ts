import type { Delta, EndpointTable, EndpointUpdate } from './delta.js';
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

/** Fields every row has; `key` is equal by lookup and `owner` is compared by value. */
type PlainField = Exclude<keyof Endpoint, OptionalKeys<Endpoint> | 'key' | 'owner'>;

// A fixed list, not Object.keys per row: diff runs on every poll over up to 60k rows.
const PLAIN_FIELDS = [
  'proto',
  'family',
  'localAddress',
  'localPort',
  'remoteAddress',
  'remotePort',
  'state',
  'recvQ',
  'sendQ',
  'uid',
  'inode',
  'firstSeen',
] as const satisfies readonly PlainField[];

// A field added to Endpoint that the lists miss would silently never be sent: make it a compile error.
type _EveryPlainFieldCompared = AssertNever<Exclude<PlainField, (typeof PLAIN_FIELDS)[number]>>;
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
 */
export function diff(prev: EndpointTable, next: EndpointTable): Delta {
  const added: Endpoint[] = [];
  const updated: EndpointUpdate[] = [];
  const removed: string[] = [];
  for (const [key, row] of next.rows) {
    // apply files rows under row.key: a table filed otherwise would make a delta that rebuilds a different table.
    if (row.key !== key)
      throw new Error(`row ${row.key} is filed under key ${key} in the table at seq ${next.seq}`);
    const before = prev.rows.get(key);
    if (before === undefined) added.push(withoutUndefined(row));
    else if (before !== row) {
      const update = updateOf(key, before, row);
      if (update !== undefined) updated.push(update);
    }
  }
  for (const key of prev.rows.keys()) if (!next.rows.has(key)) removed.push(key);
  return {
    seq: next.seq,
    baseSeq: prev.seq,
    takenAt: next.takenAt,
    added,
    updated,
    removed,
    counts: countEndpoints(next.rows.values()),
  };
}

/** The update from `before` to `after`, or undefined when they are equal. */
function updateOf(key: string, before: Endpoint, after: Endpoint): EndpointUpdate | undefined {
  // Allocated only on the first difference: most rows do not change.
  let set: Record<string, unknown> | undefined;
  let unset: OptionalEndpointField[] | undefined;
  for (const field of PLAIN_FIELDS) {
    const value = after[field];
    if (value !== before[field]) (set ??= {})[field] = value;
  }
  for (const field of OPTIONAL_ENDPOINT_FIELDS) {
    const value = after[field];
    if (value === before[field]) continue;
    if (value === undefined) (unset ??= []).push(field);
    else (set ??= {})[field] = value;
  }
  if (!sameOwner(before.owner, after.owner)) (set ??= {}).owner = after.owner;
  if (set === undefined && unset === undefined) return undefined;
  const update: EndpointUpdate = { key, set: (set ?? {}) as EndpointUpdate['set'] };
  if (unset !== undefined) update.unset = unset;
  return update;
}

/** The row itself, or a copy without the optional fields that hold undefined (JSON would drop them anyway). */
function withoutUndefined(row: Endpoint): Endpoint {
  for (const field of OPTIONAL_ENDPOINT_FIELDS) {
    if (row[field] === undefined && Object.hasOwn(row, field)) {
      const copy: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(row)) if (value !== undefined) copy[name] = value;
      return copy as unknown as Endpoint;
    }
  }
  return row;
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
    if (!rows.delete(key))
      throw new CorruptDeltaError(`${where} removes row ${key}, which is not in the table`);
  }
  for (const update of delta.updated) {
    const before = rows.get(update.key);
    if (before === undefined) {
      throw new CorruptDeltaError(`${where} updates row ${update.key}, which is not in the table`);
    }
    rows.set(update.key, patched(before, update, where));
  }
  for (const row of delta.added) {
    if (rows.has(row.key))
      throw new CorruptDeltaError(`${where} adds row ${row.key}, which is already in the table`);
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
  if (update.unset === undefined || update.unset.length === 0) return row;
  for (const field of update.unset) {
    if (!OPTIONAL_FIELD_SET.has(field)) {
      throw new CorruptDeltaError(
        `${where} clears ${String(field)} of row ${update.key}, which is not optional`,
      );
    }
  }
  // Copied without the cleared fields rather than `delete`d: deleting makes V8 keep the row as a slow dictionary.
  const unset: ReadonlySet<string> = new Set(update.unset);
  const copy: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(row)) if (!unset.has(name)) copy[name] = value;
  return copy as unknown as Endpoint;
}
