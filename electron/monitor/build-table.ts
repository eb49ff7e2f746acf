import type { Endpoint, OwnedSocketRow } from '../../shared/endpoint.js';
import type { EndpointTable } from '../../shared/delta.js';
import { rowKey } from '../../shared/row-key.js';
import type { CollectorSnapshot } from '../collectors/collector.js';
import {
  bytesWentBackwards,
  hasCounters,
  keptOwner,
  perSecond,
  sameSocket,
  socketContinues,
  stillShows,
  toEndpoint,
  unchanged,
} from './endpoint-of-row.js';

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
  /** The rows a build filed by the full path, by key (kept to be cleared, not remade, per build). */
  #slowRows = new Map<string, Endpoint>();
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
    // Rows the full path filed, by key: the fast path's one lookup per row (set) cannot tell
    // which row a key held before, and the first row with a key keeps it.
    const slowRows = this.#slowRows;
    slowRows.clear();
    const link = this.#link;
    for (const row of snapshot.rows as Linked[]) {
      const linked = row[link] as Endpoint | undefined;
      if (
        linked !== undefined &&
        row[linkedAt] === linkedBuild &&
        stillShows(linked, row, timed, carriedBefore)
      ) {
        // Keys of the previous table are unique, so a key is taken already only by this very
        // endpoint (a row read twice) or by a row of the full path: both rare, both seen by the
        // size, and then undone. One lookup instead of two: a tenth of a steady build.
        const size = rows.size;
        rows.set(linked.key, linked);
        if (rows.size === size) {
          duplicateKeys++;
          const first = slowRows.get(linked.key);
          if (first !== undefined) rows.set(first.key, first);
          continue;
        }
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
      slowRows.set(key, endpoint);
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
