import type { NetlinkSocketRow } from './sock-diag-decoder.js';

/** A socket's row from an earlier read, the read that last saw it, and the socket read right after it. */
export interface RowCacheEntry {
  readonly id: number;
  row: NetlinkSocketRow;
  /** The read that last saw the socket; -1 once it is forgotten. */
  read: number;
  next: RowCacheEntry | null;
}

/**
 * The rows of the previous read by socket cookie, so a socket read again
 * with nothing changed is the same row object as before: a steady poll of
 * 20,000 idle connections then makes no row, no cookie text and no garbage,
 * and the monitor sees unchanged rows by identity. The cookie names one
 * socket for its whole life (a new socket on the same ports has another),
 * so a match plus equal fields is the same row.
 *
 * The kernel dumps its tables in the same order read after read, so each
 * entry also remembers which socket came right after it: a decoder that
 * passes the entry it found last usually finds the next one there, without
 * a lookup in 20,000 keys (a third of a steady decode).
 *
 * Cookies above 2^53 (never seen: the kernel counts them up from 1) are not
 * cached; their rows are made anew each time.
 */
export class SockDiagRowCache {
  #entries = new Map<number, RowCacheEntry>();
  #read = 0;
  #seen = 0;
  #gone: NetlinkSocketRow[] = [];

  /** Starts a read of every socket. */
  begin(): void {
    this.#read++;
    this.#seen = 0;
    this.#gone = [];
  }

  /**
   * The row objects of the previous read that this read does not hand back
   * (after `end`): rows of sockets gone, and rows replaced by a new object
   * because a field changed. The monitor finds the rows it must remove in
   * these rather than in its whole table.
   */
  get gone(): readonly NetlinkSocketRow[] {
    return this.#gone;
  }

  /**
   * The entry of socket `id` (a cookie as a number) from an earlier read, if
   * any, looked for first after `after`, the entry this decoder found last.
   */
  find(id: number, after: RowCacheEntry | null): RowCacheEntry | undefined {
    let entry = after === null ? null : after.next;
    if (entry === null || entry.id !== id || entry.read < 0) entry = this.#entries.get(id) ?? null;
    if (entry === null) return undefined;
    if (entry.read !== this.#read) {
      entry.read = this.#read;
      this.#seen++;
    }
    return entry;
  }

  /**
   * Records `row` as socket `id`'s row in this read, in `entry` when find
   * gave one, and notes that it came right after `after`. Returns its entry.
   */
  set(
    id: number,
    row: NetlinkSocketRow,
    entry: RowCacheEntry | undefined,
    after: RowCacheEntry | null,
  ): RowCacheEntry {
    let target = entry;
    if (target === undefined) {
      target = { id, row, read: this.#read, next: null };
      this.#entries.set(id, target);
      this.#seen++;
    } else {
      if (target.row !== row) this.#gone.push(target.row);
      target.row = row;
    }
    this.follow(after, target);
    return target;
  }

  /** Notes that `entry` came right after `after` in this read: the next read looks there first. */
  follow(after: RowCacheEntry | null, entry: RowCacheEntry): void {
    if (after !== null && after !== entry) after.next = entry;
  }

  /** Ends the read: forgets the sockets it did not see (only walks the cache when some are gone). */
  end(): void {
    if (this.#entries.size === this.#seen) return;
    // By values: destructuring [id, entry] costs several times as much per entry.
    for (const entry of this.#entries.values()) {
      if (entry.read === this.#read) continue;
      this.#entries.delete(entry.id);
      this.#gone.push(entry.row);
      // A live entry may still point here: the mark keeps find from taking it, the cut
      // keeps a chain of forgotten rows from being held.
      entry.read = -1;
      entry.next = null;
    }
  }

  get size(): number {
    return this.#entries.size;
  }
}
