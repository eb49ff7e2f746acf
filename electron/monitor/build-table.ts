import type { Endpoint } from '../../shared/endpoint.js';
import type { EndpointTable } from '../../shared/delta.js';
import type { TableChanges } from '../../shared/diff.js';
import { rowKey } from '../../shared/row-key.js';
import type { CollectorSnapshot } from '../collectors/collector.js';
import { newSlot, RowMarks, type Marked, type Slot } from './table-slots.js';
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
 * collector row handed back unchanged (the netlink collector does) costs two
 * reads and a write on the row itself (see RowMarks); gone keys are looked
 * for only when some slot was not taken. A socket seen before without a cookie
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
   * collector that hands back unchanged rows (see RowMarks), so a cookie row
   * without a link is a new socket: it has no key to reuse.
   */
  #byInode = new Map<number, Endpoint>();
  #spare = new Map<number, Endpoint>();
  readonly #marks = new RowMarks();
  #builds = 0;

  build(prev: EndpointTable, snapshot: CollectorSnapshot, seq: number): BuiltTable {
    if (prev !== this.#indexed) this.#index(prev);
    // Rows the previous build filed carry its number; #index starts a number no row carries.
    const last = this.#builds;
    const build = ++this.#builds;
    // NaN when the previous read time is unknown: `> 0` is then false, as for no time passed.
    const elapsedMs = this.#readAt === undefined ? Number.NaN : snapshot.monotonicAt - this.#readAt;
    const timed = elapsedMs > 0 && Number.isFinite(elapsedMs);
    const carriedBefore = this.#carried;
    const rows = this.#rows;
    const slots = this.#slots;
    const marks = this.#marks;
    const byInode = this.#spare;
    byInode.clear();
    let duplicateKeys = 0;
    const changed: Endpoint[] = [];
    const before: (Endpoint | undefined)[] = [];
    // Rows handed back unchanged take their slots first, in a loop of their own; the rest go
    // on in snapshot order. So a key two rows claim goes to the row that held it.
    const rest = timed ? takeUnchanged(snapshot.rows as Marked[], marks, last, build) : snapshot.rows;
    /** Slots taken by this build: when it is every slot, no key is gone. */
    let taken = snapshot.rows.length - rest.length;
    for (const row of rest as Marked[]) {
      // The row that made this slot's endpoint at the previous build, with nothing to redo but
      // its owner or rates (see stillShows). Its key is free: another row that took it would be
      // the slot's row now, and this row, read twice, would carry this build.
      const slot = row[marks.slot] as Slot | undefined;
      if (
        slot !== undefined &&
        slot.row === row &&
        row[marks.seen] === last &&
        stillShows(
          slot.endpoint,
          row.owner,
          timed && slot.sendRated ? 0 : undefined,
          timed && slot.recvRated ? 0 : undefined,
        )
      ) {
        marks.file(row, slot, slot.endpoint, build);
        taken++;
        continue;
      }
      const known = row.inode === 0 || row.cookie !== undefined ? undefined : this.#byInode.get(row.inode);
      const key = known !== undefined && sameSocket(known, row) ? known.key : rowKey(row);
      let held = slots.get(key);
      // The first row with a key keeps it.
      if (held !== undefined && marks.taken(held, build)) {
        duplicateKeys++;
        continue;
      }
      // Not taken yet, so still what prev holds under the key.
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
        held = newSlot(key, endpoint, row);
        slots.set(key, held);
        rows.set(key, endpoint);
      } else if (endpoint !== was) {
        rows.set(key, endpoint);
      }
      marks.file(row, held, endpoint, build);
      taken++;
      if (endpoint !== was) {
        changed.push(endpoint);
        before.push(was);
      }
      if (endpoint.inode !== 0 && endpoint.cookie === undefined) byInode.set(endpoint.inode, endpoint);
    }
    const removed: Endpoint[] = [];
    const remove = (slot: Slot): void => {
      slots.delete(slot.key);
      rows.delete(slot.key);
      removed.push(slot.endpoint);
      // A collector row may still point here: without its row, the slot is never taken again.
      slot.row = null;
    };
    const gone = snapshot.gone;
    if (gone !== undefined && snapshot.consistent && taken !== slots.size) {
      // The collector's word for which rows went: a slot still showing one of them, and not
      // taken, is gone. When these account for every slot not taken, no walk is needed.
      for (const row of gone as Marked[]) {
        const slot = row[marks.slot] as Slot | undefined;
        if (slot === undefined || slot.row !== row || marks.taken(slot, build)) continue;
        remove(slot);
      }
    }
    let carried = NO_KEYS;
    if (taken !== slots.size) {
      // Keys no row took: gone, or carried over from an inconsistent snapshot.
      // By values: destructuring [key, slot] entries costs four times as much per slot.
      const kept = new Set<string>();
      for (const slot of slots.values()) {
        if (marks.taken(slot, build)) continue;
        if (!snapshot.consistent) {
          kept.add(slot.key);
          continue;
        }
        remove(slot);
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
    // Rows filed by earlier builds are left behind: a new number keeps them from counting as seen.
    this.#builds++;
    this.#byInode.clear();
    this.#rows = new Map();
    this.#slots = new Map();
    for (const [key, row] of table.rows) {
      this.#rows.set(key, row);
      this.#slots.set(key, newSlot(key, row, null));
      if (row.inode !== 0 && row.cookie === undefined) this.#byInode.set(row.inode, row);
    }
    this.#indexed = table;
    this.#readAt = undefined;
    this.#carried = NO_KEYS;
  }
}

/**
 * For a timed build: files again every row that the previous build filed
 * with the owner it has now and settled rates (see RowMarks.shown), reading
 * the rows alone. Returns the other rows, in order: new rows, changed ones,
 * and a row read twice (its second time carries this build).
 */
function takeUnchanged(rows: readonly Marked[], marks: RowMarks, last: number, build: number): Marked[] {
  const { seen, shown } = marks;
  const rest: Marked[] = [];
  for (const row of rows) {
    // Only rows with a cookie are marked (RowMarks.file), and the inode index holds none.
    if (row[seen] === last && row.owner === row[shown]) row[seen] = build;
    else {
      rest.push(row);
    }
  }
  return rest;
}
