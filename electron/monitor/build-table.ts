import { COUNTER_FIELDS, type Endpoint, type OwnedSocketRow, type Owner } from '../../shared/endpoint.js';
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
 * Builds each poll's table from a collector snapshot and the previous table:
 * rows get their stable key, keep their first-seen time, and a socket its
 * process closed (ESTABLISHED -> FIN_WAIT -> TIME_WAIT) keeps the owner its
 * row had. From an inconsistent snapshot nothing is removed: rows it lacks
 * are carried over.
 *
 * It runs on every poll over every socket, so it avoids work that scales
 * with the table: a socket seen before (same inode, same addresses) reuses
 * its row's key string instead of building a new one, and an unchanged row
 * is the previous row object itself, which the diff skips by identity.
 */
export class TableBuilder {
  /** The table the index below describes. */
  #indexed: EndpointTable | undefined;
  /** Rows of `#indexed` by inode (sockets with a file only). */
  #byInode = new Map<number, Endpoint>();
  #spare = new Map<number, Endpoint>();

  build(prev: EndpointTable, snapshot: CollectorSnapshot, seq: number): BuiltTable {
    if (prev !== this.#indexed) this.#index(prev);
    const rows = new Map<string, Endpoint>();
    const byInode = this.#spare;
    byInode.clear();
    let duplicateKeys = 0;
    for (const row of snapshot.rows) {
      const known = row.inode === 0 ? undefined : this.#byInode.get(row.inode);
      const key = known !== undefined && sameSocket(known, row) ? known.key : rowKey(row);
      if (rows.has(key)) {
        duplicateKeys++;
        continue;
      }
      const before = prev.rows.get(key);
      const owner = keptOwner(row.owner, row.inode, before);
      const endpoint =
        before !== undefined && unchanged(before, row, owner)
          ? before
          : toEndpoint(row, key, owner, before?.firstSeen ?? snapshot.takenAt);
      rows.set(key, endpoint);
      if (endpoint.inode !== 0) byInode.set(endpoint.inode, endpoint);
    }
    if (!snapshot.consistent) {
      for (const [key, row] of prev.rows) if (!rows.has(key)) rows.set(key, row);
    }
    const table: EndpointTable = { seq, takenAt: snapshot.takenAt, rows };
    this.#spare = this.#byInode;
    this.#byInode = byInode;
    this.#indexed = table;
    return { table, duplicateKeys };
  }

  #index(table: EndpointTable): void {
    this.#byInode.clear();
    for (const row of table.rows.values()) if (row.inode !== 0) this.#byInode.set(row.inode, row);
    this.#indexed = table;
  }
}

/** Whether a row read now is the socket a previous row showed: same inode (checked by the caller) and addresses. */
function sameSocket(a: Endpoint, b: OwnedSocketRow): boolean {
  return (
    a.localPort === b.localPort &&
    a.remotePort === b.remotePort &&
    a.proto === b.proto &&
    a.family === b.family &&
    a.localAddress === b.localAddress &&
    a.remoteAddress === b.remoteAddress
  );
}

/**
 * Whether the previous row already shows what was read now. Rates are the
 * monitor's, not the collector's, and are not part of this comparison.
 */
function unchanged(before: Endpoint, row: OwnedSocketRow, owner: Owner): boolean {
  // Written out: keyed reads (row[field]) of absent counters are slow in V8.
  return (
    before.owner === owner &&
    before.state === row.state &&
    before.inode === row.inode &&
    before.recvQ === row.recvQ &&
    before.sendQ === row.sendQ &&
    before.uid === row.uid &&
    before.bytesSent === row.bytesSent &&
    before.bytesReceived === row.bytesReceived &&
    before.segsOut === row.segsOut &&
    before.segsIn === row.segsIn &&
    before.retrans === row.retrans &&
    before.rttMs === row.rttMs &&
    before.rttVarMs === row.rttVarMs &&
    before.deliveryRate === row.deliveryRate
  );
}

/**
 * One object literal naming every required field, then the optional counters
 * one by one: every row gets the same hidden class, which keeps the diff's
 * field reads fast (a spread gives each row its own shape: 20-30x slower).
 */
function toEndpoint(row: OwnedSocketRow, key: string, owner: Owner, firstSeen: number): Endpoint {
  const endpoint: Endpoint = {
    key,
    proto: row.proto,
    family: row.family,
    localAddress: row.localAddress,
    localPort: row.localPort,
    remoteAddress: row.remoteAddress,
    remotePort: row.remotePort,
    state: row.state,
    recvQ: row.recvQ,
    sendQ: row.sendQ,
    uid: row.uid,
    inode: row.inode,
    owner,
    firstSeen,
  };
  for (const field of COUNTER_FIELDS) {
    const value = row[field];
    if (value !== undefined) endpoint[field] = value;
  }
  return endpoint;
}

/**
 * A socket whose process let go of it (closed: FIN_WAIT, TIME_WAIT with inode 0)
 * has no owner to find: the row keeps the owner it showed before, as long as it
 * is the same socket (no inode, or the same inode).
 */
function keptOwner(owner: Owner, inode: number, before: Endpoint | undefined): Owner {
  if (owner.kind === 'process' || before?.owner.kind !== 'process') return owner;
  return inode === 0 || inode === before.inode ? before.owner : owner;
}
