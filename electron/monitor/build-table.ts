import type { Endpoint, OwnedSocketRow } from '../../shared/endpoint.js';
import type { EndpointTable } from '../../shared/delta.js';
import type { TableChanges } from '../../shared/diff.js';
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

/** The result of turning one collector snapshot into the next table, with what the delta needs. */
export interface BuiltTable extends TableChanges {
  /**
   * The builder's table: its rows map is the one map the builder updates in
   * place, so it shows this poll only until the next build. Copy what must
   * outlive that (a snapshot copies the rows at request time).
   */
  table: EndpointTable;
  /** Rows whose key was already taken in this snapshot, dropped. */
  duplicateKeys: number;
}

const NO_KEYS: ReadonlySet<string> = new Set();

/**
 * One key of the table: the row it shows, the collector row it was last
 * made of (null when unknown) and the build that last saw it. Collector rows
 * point at their slot (see TableBuilder.#link), so a row handed back
 * unchanged finds it without a key or a lookup.
 */
interface Slot {
  readonly key: string;
  endpoint: Endpoint;
  row: Linked | null;
  /** The build that last saw this key; -1 once the key is gone. */
  seen: number;
  /** Whether `row` has counters and a bytesSent: a timed poll of it unchanged makes a sendRate of 0. */
  sendRated: boolean;
  /** The same for bytesReceived and recvRate. */
  recvRated: boolean;
  /** Whether `endpoint` goes in the inode index (a file and no cookie). */
  indexed: boolean;
}

/** Files `endpoint`, made of `row` (or found right for it) by `build`, in `slot`. */
function fill(slot: Slot, endpoint: Endpoint, row: Linked, build: number): void {
  const counted = hasCounters(row);
  slot.endpoint = endpoint;
  slot.row = row;
  slot.seen = build;
  slot.sendRated = counted && row.bytesSent !== undefined;
  slot.recvRated = counted && row.bytesReceived !== undefined;
  slot.indexed = endpoint.inode !== 0 && endpoint.cookie === undefined;
}

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
 * It runs on every poll over every socket, so its work follows the rows that
 * changed, not the table: the table's rows map is one map updated in place
 * (set for a changed or new key, delete for a gone one), not a new map of
 * every row per poll, which was half of a steady build at 20,000 sockets. A
 * collector row handed back unchanged (the netlink collector does) costs a
 * few comparisons and a stamp on its slot; gone keys are looked for only
 * when some slot was not stamped. A socket seen before without a cookie
 * (same inode, same addresses) reuses its key string, and an unchanged row
 * (rates included) is the previous row object itself, which the diff skips.
 */
export class TableBuilder {
  /** The table of the last build (or index): only it may be the next build's `prev`. */
  #indexed: EndpointTable | undefined;
  /** The rows of `#indexed`, updated in place by each build. */
  #rows = new Map<string, Endpoint>();
  /** The slot of every key of `#rows`, in the same order. */
  #slots = new Map<string, Slot>();
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
   * Where a collector row points at the slot of the endpoint this builder
   * made of it. A symbol per builder: JSON never sees it, and two builders
   * never share a link.
   */
  readonly #link: symbol = Symbol('slot');
  #builds = 0;

  build(prev: EndpointTable, snapshot: CollectorSnapshot, seq: number): BuiltTable {
    if (prev !== this.#indexed) this.#index(prev);
    // Slots the previous build saw carry its number; one made by #index has no row to match.
    const last = this.#builds;
    const build = ++this.#builds;
    // NaN when the previous read time is unknown: `> 0` is then false, as for no time passed.
    const elapsedMs = this.#readAt === undefined ? Number.NaN : snapshot.monotonicAt - this.#readAt;
    const timed = elapsedMs > 0 && Number.isFinite(elapsedMs);
    const carriedBefore = this.#carried;
    const rows = this.#rows;
    const slots = this.#slots;
    const byInode = this.#spare;
    byInode.clear();
    let duplicateKeys = 0;
    /** Slots stamped by this build: when it is every slot, no key is gone. */
    let stamped = 0;
    const changed: Endpoint[] = [];
    const before: (Endpoint | undefined)[] = [];
    const link = this.#link;
    for (const row of snapshot.rows as Linked[]) {
      const slot = row[link];
      // A slot the previous build saw made of this very row: not carried over (that needs a
      // poll without it), and its key is free unless another row took it (then slot.row is that
      // row) or this row came twice (then slot.seen is this build): both go the full way below.
      if (
        slot !== undefined &&
        slot.row === row &&
        slot.seen === last &&
        stillShows(
          slot.endpoint,
          row.owner,
          timed && slot.sendRated ? 0 : undefined,
          timed && slot.recvRated ? 0 : undefined,
        )
      ) {
        slot.seen = build;
        stamped++;
        if (slot.indexed) byInode.set(slot.endpoint.inode, slot.endpoint);
        continue;
      }
      const known = row.inode === 0 || row.cookie !== undefined ? undefined : this.#byInode.get(row.inode);
      const key = known !== undefined && sameSocket(known, row) ? known.key : rowKey(row);
      let held = slots.get(key);
      // The first row with a key keeps it.
      if (held !== undefined && held.seen === build) {
        duplicateKeys++;
        continue;
      }
      // Not stamped yet, so still what prev holds under the key.
      const was = held?.endpoint;
      const previous = was !== undefined && socketContinues(was, row) ? was : undefined;
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
        was !== undefined && unchanged(was, row, owner, counters, sendRate, recvRate)
          ? was
          : toEndpoint(row, key, owner, was?.firstSeen ?? snapshot.takenAt, counters, sendRate, recvRate);
      if (held === undefined) {
        held = { key, endpoint, row, seen: build, sendRated: false, recvRated: false, indexed: false };
        slots.set(key, held);
        rows.set(key, endpoint);
      } else if (endpoint !== was) {
        rows.set(key, endpoint);
      }
      fill(held, endpoint, row, build);
      stamped++;
      if (endpoint !== was) {
        changed.push(endpoint);
        before.push(was);
      }
      if (held.indexed) byInode.set(endpoint.inode, endpoint);
      row[link] = held;
    }
    const removed: Endpoint[] = [];
    let carried = NO_KEYS;
    if (stamped !== slots.size) {
      // Keys no row claimed: gone, or carried over from an inconsistent snapshot.
      // By values: destructuring [key, slot] entries costs four times as much per slot.
      const kept = new Set<string>();
      for (const slot of slots.values()) {
        if (slot.seen === build) continue;
        if (!snapshot.consistent) {
          kept.add(slot.key);
          continue;
        }
        slots.delete(slot.key);
        rows.delete(slot.key);
        removed.push(slot.endpoint);
        // A collector row may still point here: the mark keeps it from matching.
        slot.seen = -1;
        slot.row = null;
      }
      if (kept.size !== 0) carried = kept;
    }
    const table: EndpointTable = { seq, takenAt: snapshot.takenAt, rows };
    this.#spare = this.#byInode;
    this.#byInode = byInode;
    this.#indexed = table;
    this.#readAt = snapshot.monotonicAt;
    this.#carried = carried;
    return { table, duplicateKeys, changed, before, removed };
  }

  /**
   * Starts over from a table this builder did not build: its rows are
   * copied (the caller's map is never changed), when they were read is
   * unknown (so the next build makes no rates), and no collector row is
   * known to show any of them.
   */
  #index(table: EndpointTable): void {
    // Slots of earlier builds are left behind: a new number keeps their rows from matching.
    const seen = ++this.#builds;
    this.#byInode.clear();
    this.#rows = new Map();
    this.#slots = new Map();
    for (const [key, row] of table.rows) {
      this.#rows.set(key, row);
      this.#slots.set(key, {
        key,
        endpoint: row,
        row: null,
        seen,
        sendRated: false,
        recvRated: false,
        indexed: false,
      });
      if (row.inode !== 0 && row.cookie === undefined) this.#byInode.set(row.inode, row);
    }
    this.#indexed = table;
    this.#readAt = undefined;
    this.#carried = NO_KEYS;
  }
}

/** A collector row, with the slot a builder last filed it in (see TableBuilder.#link). */
type Linked = OwnedSocketRow & { [link: symbol]: Slot | undefined };
