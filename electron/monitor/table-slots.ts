import type { Endpoint, OwnedSocketRow, Owner } from '../../shared/endpoint.js';
import { hasCounters } from './endpoint-of-row.js';

/** A collector row, with the marks a TableBuilder left on it (see RowMarks). */
export type Marked = OwnedSocketRow & { [mark: symbol]: unknown };

/**
 * One key of a TableBuilder's table: the row it shows and the collector row
 * it was last made of (or found right for), which points back at it.
 */
export interface Slot {
  readonly key: string;
  endpoint: Endpoint;
  /** null when no marked collector row is known to show it, and once the key is gone. */
  row: Marked | null;
  /** The build that last took the key through the full path (RowMarks.seen says the rest). */
  taken: number;
  /** Whether `row` has counters and a bytesSent: a timed poll of it unchanged makes a sendRate of 0. */
  sendRated: boolean;
  /** The same for bytesReceived and recvRate. */
  recvRated: boolean;
}

/** A slot for `key`, to be filed by RowMarks.file. */
export function newSlot(key: string, endpoint: Endpoint, row: Marked | null): Slot {
  return { key, endpoint, row, taken: -1, sendRated: false, recvRated: false };
}

/**
 * The marks one TableBuilder leaves on the collector rows it files, so that
 * a row handed back unchanged is checked by reading the row alone: the
 * collector has just touched it, while the slot and the endpoint of each
 * of 20,000 sockets would be fetched from memory one by one (that was most
 * of a steady build once it stopped making a map per poll). Symbols per
 * builder, so two builders never share marks; not enumerable, so a copy of
 * a row (`{ ...row }`) carries none and JSON never sees them.
 */
export class RowMarks {
  /** The row's slot. */
  readonly slot: symbol = Symbol('slot');
  /** The build that last filed the row: a slot is taken in a build when its row carries that build. */
  readonly seen: symbol = Symbol('seen');
  /**
   * The owner the row had when last filed, if its endpoint then showed
   * settled rates (what a timed poll of the row unchanged makes); else null.
   * A row that still has this owner at the next poll needs nothing more.
   */
  readonly shown: symbol = Symbol('shown');

  /**
   * Puts `row` in `slot` as the row `endpoint` shows, for `build`. Only a
   * row with a cookie is marked: it comes from a collector that hands rows
   * back (the netlink collector). A row without one (the /proc collector
   * makes every row anew) would be marked for nothing, at a cost that
   * showed at 20,000 rows; unmarked, it takes the full path each poll.
   */
  file(row: Marked, slot: Slot, endpoint: Endpoint, build: number): void {
    const counted = hasCounters(row);
    slot.endpoint = endpoint;
    // An unmarked row is never matched again: the slot does not keep it alive.
    slot.row = row.cookie === undefined ? null : row;
    slot.taken = build;
    slot.sendRated = counted && row.bytesSent !== undefined;
    slot.recvRated = counted && row.bytesReceived !== undefined;
    const settled =
      endpoint.sendRate === (slot.sendRated ? 0 : undefined) &&
      endpoint.recvRate === (slot.recvRated ? 0 : undefined);
    const shown: Owner | null = settled ? row.owner : null;
    if (row.cookie === undefined) return;
    if (row[this.slot] === slot) {
      row[this.seen] = build;
      row[this.shown] = shown;
      return;
    }
    if (Object.hasOwn(row, this.slot)) {
      row[this.slot] = slot;
      row[this.seen] = build;
      row[this.shown] = shown;
      return;
    }
    // Once per row object: later filings are plain stores.
    Object.defineProperty(row, this.slot, { value: slot, writable: true, configurable: true });
    Object.defineProperty(row, this.seen, { value: build, writable: true, configurable: true });
    Object.defineProperty(row, this.shown, { value: shown, writable: true, configurable: true });
  }

  /** Whether `slot` was taken in `build`: through the full path, or by its row unchanged. */
  taken(slot: Slot, build: number): boolean {
    return slot.taken === build || (slot.row !== null && slot.row[this.seen] === build);
  }
}
