import type { Endpoint, OwnedSocketRow, Owner, SocketCounters } from '../../shared/endpoint.js';
import type { EndpointTable } from '../../shared/delta.js';
import { rowKey } from '../../shared/row-key.js';
import type { CollectorSnapshot } from '../collectors/collector.js';

/** The result of turning one collector snapshot into the next table. */
export interface BuiltTable {
  table: EndpointTable;
  /** Rows whose key was already taken in this snapshot, dropped. */
  duplicateKeys: number;
  /** The rows of `table` that are not the previous table's object under their key: all the diff must look at. */
  changed: Endpoint[];
}

const NO_KEYS: ReadonlySet<string> = new Set();

/**
 * Builds each poll's table from a collector snapshot and the previous table:
 * rows get their stable key, keep their first-seen time, and a socket its
 * process closed (ESTABLISHED -> FIN_WAIT -> TIME_WAIT) keeps the owner and
 * the counters its row had. From an inconsistent snapshot nothing is
 * removed: rows it lacks are carried over.
 *
 * Rates (sendRate, recvRate) are made here, where the previous row is at
 * hand: the byte counters' growth since the previous poll over the time
 * between the two socket reads (snapshot.monotonicAt), not the nominal
 * interval, which a slow poll or a refresh stretches or shortens. A row has
 * no rate when there is nothing to subtract: on its first poll, when it is
 * another socket under the same key (another cookie or inode), when a byte
 * counter went backwards (the same key and inode, but a new socket), when
 * its counters were not read now (kept through TIME_WAIT) or at the previous
 * read (carried over), and when no time passed.
 *
 * It runs on every poll over every socket, so it avoids work that scales
 * with the table: a socket seen before (same inode, same addresses) reuses
 * its row's key string instead of building a new one, and an unchanged row
 * (rates included) is the previous row object itself, which the diff skips
 * by identity.
 */
export class TableBuilder {
  /** The table the index below describes. */
  #indexed: EndpointTable | undefined;
  /** performance.now() when the sockets of `#indexed` were read; undefined when this builder did not build it. */
  #readAt: number | undefined;
  /** Rows of `#indexed` carried over from an older read: their counters are older than `#readAt`. */
  #carried: ReadonlySet<string> = NO_KEYS;
  /**
   * Rows of `#indexed` by inode (sockets with a file and no cookie only), to
   * reuse a known socket's key string. A row with a cookie comes from a
   * collector that hands back unchanged rows (see #link), so a cookie row
   * without a link is a new socket: it has no key to reuse.
   */
  #byInode = new Map<number, Endpoint>();
  #spare = new Map<number, Endpoint>();
  /**
   * Where a collector row points at the endpoint this builder made of it. A
   * collector that hands back the same row object for an unchanged socket
   * (the netlink collector does) then costs a lookup and a few comparisons
   * per row instead of a key, an index and a field-by-field check. A symbol
   * per builder: JSON never sees it, and two builders never share a link.
   */
  readonly #link: symbol = Symbol('endpoint');
  /** The build that last set a row's link: only a link from the previous build points into `#indexed`. */
  readonly #linkedAt: symbol = Symbol('build');
  #builds = 0;

  build(prev: EndpointTable, snapshot: CollectorSnapshot, seq: number): BuiltTable {
    // Links from the build before point into prev only when prev is that build's table.
    const linkedBuild = prev === this.#indexed ? this.#builds : -1;
    if (prev !== this.#indexed) this.#index(prev);
    const build = ++this.#builds;
    const linkedAt = this.#linkedAt;
    // NaN when the previous read time is unknown: `> 0` is then false, as for no time passed.
    const elapsedMs = this.#readAt === undefined ? Number.NaN : snapshot.monotonicAt - this.#readAt;
    const timed = elapsedMs > 0 && Number.isFinite(elapsedMs);
    const carriedBefore = this.#carried;
    const rows = new Map<string, Endpoint>();
    const byInode = this.#spare;
    byInode.clear();
    let duplicateKeys = 0;
    const changed: Endpoint[] = [];
    const link = this.#link;
    for (const row of snapshot.rows as Linked[]) {
      const linked = row[link] as Endpoint | undefined;
      if (
        linked !== undefined &&
        row[linkedAt] === linkedBuild &&
        stillShows(linked, row, timed, carriedBefore)
      ) {
        if (rows.has(linked.key)) {
          duplicateKeys++;
          continue;
        }
        rows.set(linked.key, linked);
        if (linked.inode !== 0 && linked.cookie === undefined) byInode.set(linked.inode, linked);
        row[linkedAt] = build;
        continue;
      }
      const known = row.inode === 0 || row.cookie !== undefined ? undefined : this.#byInode.get(row.inode);
      const key = known !== undefined && sameSocket(known, row) ? known.key : rowKey(row);
      if (rows.has(key)) {
        duplicateKeys++;
        continue;
      }
      const before = prev.rows.get(key);
      const previous = before !== undefined && socketContinues(before, row) ? before : undefined;
      const owner = keptOwner(row.owner, previous);
      const counters = previous !== undefined && !hasCounters(row) ? previous : row;
      let sendRate: number | undefined;
      let recvRate: number | undefined;
      if (
        timed &&
        counters === row &&
        previous !== undefined &&
        !(carriedBefore.size !== 0 && carriedBefore.has(key)) &&
        !bytesWentBackwards(previous, row)
      ) {
        sendRate = perSecond(row.bytesSent, previous.bytesSent, elapsedMs);
        recvRate = perSecond(row.bytesReceived, previous.bytesReceived, elapsedMs);
      }
      const endpoint =
        before !== undefined && unchanged(before, row, owner, counters, sendRate, recvRate)
          ? before
          : toEndpoint(row, key, owner, before?.firstSeen ?? snapshot.takenAt, counters, sendRate, recvRate);
      rows.set(key, endpoint);
      if (endpoint !== before) changed.push(endpoint);
      if (endpoint.inode !== 0 && endpoint.cookie === undefined) byInode.set(endpoint.inode, endpoint);
      row[link] = endpoint;
      row[linkedAt] = build;
    }
    let carried = NO_KEYS;
    if (!snapshot.consistent) {
      const kept = new Set<string>();
      for (const [key, row] of prev.rows) {
        if (rows.has(key)) continue;
        rows.set(key, row);
        kept.add(key);
      }
      carried = kept;
    }
    const table: EndpointTable = { seq, takenAt: snapshot.takenAt, rows };
    this.#spare = this.#byInode;
    this.#byInode = byInode;
    this.#indexed = table;
    this.#readAt = snapshot.monotonicAt;
    this.#carried = carried;
    return { table, duplicateKeys, changed };
  }

  /** Indexes a table this builder did not build: when its rows were read is unknown, so the next build makes no rates. */
  #index(table: EndpointTable): void {
    this.#byInode.clear();
    for (const row of table.rows.values()) {
      if (row.inode !== 0 && row.cookie === undefined) this.#byInode.set(row.inode, row);
    }
    this.#indexed = table;
    this.#readAt = undefined;
    this.#carried = NO_KEYS;
  }
}

/** A collector row, with the endpoint a builder last made of it (see TableBuilder.#link). */
type Linked = OwnedSocketRow & { [link: symbol]: Endpoint | number | undefined };

/**
 * Whether `endpoint`, which this builder made of this row object at an
 * earlier poll, is what the full path would make of the row now. The link is
 * only a hint (a copy of the row carries it too), so every field is checked:
 * the cost saved is the key, the index lookups and the rates, not these
 * comparisons. For a collector that hands back its row object for a socket
 * read unchanged (the netlink collector does), only the owner (set again by
 * the resolver) and the rates (0 once counters stand still; none without a
 * known time, or for counters carried over or kept) can differ.
 */
function stillShows(
  endpoint: Endpoint,
  row: OwnedSocketRow,
  timed: boolean,
  carried: ReadonlySet<string>,
): boolean {
  const owner = row.owner;
  if (owner !== endpoint.owner && (owner.kind === 'process' || endpoint.owner.kind !== 'process'))
    return false;
  if (
    !sameSocket(endpoint, row) ||
    endpoint.state !== row.state ||
    endpoint.inode !== row.inode ||
    endpoint.cookie !== row.cookie ||
    endpoint.recvQ !== row.recvQ ||
    endpoint.sendQ !== row.sendQ ||
    endpoint.uid !== row.uid
  ) {
    return false;
  }
  // A row without counters shows the ones its socket had (kept), and no rates.
  if (!hasCounters(row)) return endpoint.sendRate === undefined && endpoint.recvRate === undefined;
  const rated = timed && !(carried.size !== 0 && carried.has(endpoint.key));
  return (
    sameCounters(endpoint, row) &&
    endpoint.sendRate === (rated && row.bytesSent !== undefined ? 0 : undefined) &&
    endpoint.recvRate === (rated && row.bytesReceived !== undefined ? 0 : undefined)
  );
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
 * Whether `row` is the socket `before` showed a poll earlier under the same
 * key. The cookie says so exactly when both have one. Without it, the inode:
 * a socket its process closed loses its inode (TIME_WAIT) and keeps its
 * 4-tuple, so inode 0 counts as the same socket, while another inode is
 * another socket on the same ports.
 */
function socketContinues(before: Endpoint, row: OwnedSocketRow): boolean {
  if (before.cookie !== undefined && row.cookie !== undefined) return before.cookie === row.cookie;
  return row.inode === 0 || row.inode === before.inode;
}

/**
 * A socket whose process let go of it (closed: FIN_WAIT, TIME_WAIT with inode 0)
 * has no owner to find: the row keeps the owner it showed before, as long as it
 * is the same socket (`previous`, see socketContinues).
 */
function keptOwner(owner: Owner, previous: Endpoint | undefined): Owner {
  return owner.kind === 'process' || previous?.owner.kind !== 'process' ? owner : previous.owner;
}

/**
 * Whether a row carries any counter. The kernel reports a closed socket's
 * TIME_WAIT (and FIN_WAIT2 after close) as a small stand-in without tcp_info:
 * without the rule that uses this, such a row would drop the totals of the
 * connection it was a moment earlier, just when a user looks at what the
 * connection moved. So a row read without counters keeps its previous row's
 * (for the same socket only), and has no rates: nothing moves any more.
 */
function hasCounters(row: SocketCounters): boolean {
  return (
    row.bytesSent !== undefined ||
    row.bytesReceived !== undefined ||
    row.segsOut !== undefined ||
    row.segsIn !== undefined ||
    row.retrans !== undefined ||
    row.rttMs !== undefined ||
    row.rttVarMs !== undefined ||
    row.deliveryRate !== undefined
  );
}

/**
 * Whether a byte counter shrank: the same key (and inode, where there is no
 * cookie) now names a new socket. Then neither rate is made for this poll:
 * a negative rate would be a lie, and so would a rate from the other counter.
 */
function bytesWentBackwards(before: SocketCounters, now: SocketCounters): boolean {
  return (
    (now.bytesSent !== undefined && before.bytesSent !== undefined && now.bytesSent < before.bytesSent) ||
    (now.bytesReceived !== undefined &&
      before.bytesReceived !== undefined &&
      now.bytesReceived < before.bytesReceived)
  );
}

/** Growth per second from `then` to `now` over `elapsedMs` (> 0); undefined when either is unknown. */
function perSecond(now: number | undefined, then: number | undefined, elapsedMs: number): number | undefined {
  if (now === undefined || then === undefined) return undefined;
  const rate = ((now - then) * 1000) / elapsedMs;
  // A collector's counter that is not a finite number must not make a rate that JSON turns into null.
  return Number.isFinite(rate) ? rate : undefined;
}

/**
 * Whether the previous row already shows what was read now, with the
 * counters the row will show (read now, or kept) and the rates just made.
 * Comparing the rates is what lets a row whose counters stopped moving
 * change once (its rate to 0) and then be reused.
 */
function unchanged(
  before: Endpoint,
  row: OwnedSocketRow,
  owner: Owner,
  counters: SocketCounters,
  sendRate: number | undefined,
  recvRate: number | undefined,
): boolean {
  return (
    before.owner === owner &&
    before.state === row.state &&
    before.inode === row.inode &&
    before.recvQ === row.recvQ &&
    before.sendQ === row.sendQ &&
    before.uid === row.uid &&
    before.cookie === row.cookie &&
    before.sendRate === sendRate &&
    before.recvRate === recvRate &&
    (counters === before || sameCounters(before, counters))
  );
}

/** Written out: keyed reads (row[field]) of absent counters are slow in V8. */
function sameCounters(a: SocketCounters, b: SocketCounters): boolean {
  return (
    a.bytesSent === b.bytesSent &&
    a.bytesReceived === b.bytesReceived &&
    a.segsOut === b.segsOut &&
    a.segsIn === b.segsIn &&
    a.retrans === b.retrans &&
    a.rttMs === b.rttMs &&
    a.rttVarMs === b.rttVarMs &&
    a.deliveryRate === b.deliveryRate
  );
}

/**
 * One object literal naming every required field, then the optional fields
 * one by one in a fixed order (cookie, counters, rates): rows share a few
 * hidden classes, which keeps the diff's field reads fast (a spread gives
 * each row its own shape: 20-30x slower). Named reads, for the same reason
 * as in `sameCounters`.
 */
function toEndpoint(
  row: OwnedSocketRow,
  key: string,
  owner: Owner,
  firstSeen: number,
  counters: SocketCounters,
  sendRate: number | undefined,
  recvRate: number | undefined,
): Endpoint {
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
  if (row.cookie !== undefined) endpoint.cookie = row.cookie;
  if (counters.bytesSent !== undefined) endpoint.bytesSent = counters.bytesSent;
  if (counters.bytesReceived !== undefined) endpoint.bytesReceived = counters.bytesReceived;
  if (counters.segsOut !== undefined) endpoint.segsOut = counters.segsOut;
  if (counters.segsIn !== undefined) endpoint.segsIn = counters.segsIn;
  if (counters.retrans !== undefined) endpoint.retrans = counters.retrans;
  if (counters.rttMs !== undefined) endpoint.rttMs = counters.rttMs;
  if (counters.rttVarMs !== undefined) endpoint.rttVarMs = counters.rttVarMs;
  if (counters.deliveryRate !== undefined) endpoint.deliveryRate = counters.deliveryRate;
  if (sendRate !== undefined) endpoint.sendRate = sendRate;
  if (recvRate !== undefined) endpoint.recvRate = recvRate;
  return endpoint;
}
