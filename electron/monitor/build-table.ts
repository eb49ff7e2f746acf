import type { Endpoint, Owner } from '../../shared/endpoint.js';
import type { EndpointTable } from '../../shared/delta.js';
import { rowKey } from '../../shared/row-key.js';
import type { CollectorSnapshot } from '../collectors/collector.js';

/** The result of turning one collector snapshot into the next table. */
export interface BuiltTable {
  table: EndpointTable;
  /** Rows whose key was already taken in this snapshot, dropped. */
  duplicateKeys: number;
}

/**
 * Builds the next table from a collector snapshot and the previous table:
 * rows get their stable key, keep their first-seen time, and a socket that
 * lost its inode (ESTABLISHED -> TIME_WAIT) keeps the owner its row had.
 * From an inconsistent snapshot nothing is removed: rows it lacks are carried over.
 */
export function buildTable(prev: EndpointTable, snapshot: CollectorSnapshot, seq: number): BuiltTable {
  const rows = new Map<string, Endpoint>();
  let duplicateKeys = 0;
  for (const row of snapshot.rows) {
    const key = rowKey(row);
    if (rows.has(key)) {
      duplicateKeys++;
      continue;
    }
    const before = prev.rows.get(key);
    rows.set(key, {
      ...row,
      key,
      owner: keptOwner(row.owner, row.inode, before),
      firstSeen: before?.firstSeen ?? snapshot.takenAt,
    });
  }
  if (!snapshot.consistent) {
    for (const [key, row] of prev.rows) if (!rows.has(key)) rows.set(key, row);
  }
  return { table: { seq, takenAt: snapshot.takenAt, rows }, duplicateKeys };
}

/** A socket without an inode has no owner to find: keep the one its row showed before. */
function keptOwner(owner: Owner, inode: number, before: Endpoint | undefined): Owner {
  if (owner.kind === 'unknown' && inode === 0 && before?.owner.kind === 'process') return before.owner;
  return owner;
}
