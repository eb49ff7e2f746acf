import type { NetlinkSocketRow } from './sock-diag-decoder.js';

/** A socket's row from an earlier read, and the read that last saw it. */
interface Entry {
  row: NetlinkSocketRow;
  read: number;
}

/**
 * The rows of the previous read by socket cookie, so a socket read again
 * with nothing changed is the same row object as before: a steady poll of
 * 20,000 idle connections then makes no row, no cookie text and no garbage,
 * and the monitor sees unchanged rows by identity. The cookie names one
 * socket for its whole life (a new socket on the same ports has another),
 * so a match plus equal fields is the same row.
 *
 * Cookies above 2^53 (never seen: the kernel counts them up from 1) are not
 * cached; their rows are made anew each time.
 */
export class SockDiagRowCache {
  #entries = new Map<number, Entry>();
  #read = 0;
  #seen = 0;

  /** Starts a read of every socket. */
  begin(): void {
    this.#read++;
    this.#seen = 0;
  }

  /** The row last read for socket `id` (a cookie as a number), if any. */
  get(id: number): NetlinkSocketRow | undefined {
    const entry = this.#entries.get(id);
    if (entry === undefined) return undefined;
    if (entry.read !== this.#read) {
      entry.read = this.#read;
      this.#seen++;
    }
    return entry.row;
  }

  /** Records `row` as socket `id`'s row in this read (after `get` found none, or a changed one). */
  set(id: number, row: NetlinkSocketRow): void {
    const entry = this.#entries.get(id);
    if (entry === undefined) {
      this.#entries.set(id, { row, read: this.#read });
      this.#seen++;
      return;
    }
    if (entry.read !== this.#read) {
      entry.read = this.#read;
      this.#seen++;
    }
    entry.row = row;
  }

  /** Ends the read: forgets the sockets it did not see (only walks the cache when some are gone). */
  end(): void {
    if (this.#entries.size === this.#seen) return;
    for (const [id, entry] of this.#entries) if (entry.read !== this.#read) this.#entries.delete(id);
  }

  get size(): number {
    return this.#entries.size;
  }
}
