/**
 * What one process's descriptor table held when it was last read, by descriptor
 * number. Linux gives a new descriptor the lowest free number, so this tells a
 * search which few numbers a socket opened since then most likely took.
 */

/** A number no descriptor used when last read. */
export const FREE = -1;
/** A number whose socket has closed since it was read: free, or already reused. */
export const STALE = -2;
/** A descriptor for anything but a socket. */
export const OTHER = 0;

/**
 * Numbers above this, or far above the descriptors known open, are not kept (a
 * few descriptors dup'ed to fd 1000000 would otherwise cost 8 MB); a process
 * that has one is read whole.
 */
const MAX_KEPT = 1 << 20;
const EMPTY = new Float64Array(0);

/** Descriptor number -> FREE, STALE, OTHER, or the inode of the socket it holds. */
export class FdMemo {
  /** By descriptor number; every number at or above `top` is FREE. */
  private links = EMPTY;
  /** One past the highest number that is not FREE. */
  top = 0;
  /** Descriptors known open: OTHER or a socket. */
  open = 0;
  /** Of those, the OTHER ones. */
  others = 0;
  /** False when a number was too high to keep: the memo cannot then guide a search. */
  complete = true;

  /** Forgets everything; `expected` (descriptors about to be read, or -1) sizes the storage. */
  reset(expected: number): void {
    const want = Math.min(MAX_KEPT, Math.max(8, expected + 8));
    // Reuse the storage unless it is too small, or far too big for the table now;
    // every number at or above `top` is FREE already.
    if (this.links.length < want || this.links.length > 4 * want) {
      this.links = new Float64Array(want).fill(FREE);
    } else {
      this.links.fill(FREE, 0, this.top);
    }
    this.top = 0;
    this.open = 0;
    this.others = 0;
    this.complete = true;
  }

  /** What number `fd` held when last read. */
  get(fd: number): number {
    return fd < this.top ? (this.links[fd] as number) : FREE;
  }

  /** Records what `fd` holds now (FREE when it is not open). */
  set(fd: number, value: number): void {
    const old = this.get(fd);
    if (old >= 0) this.open--;
    if (value >= 0) this.open++;
    if (old === OTHER) this.others--;
    if (value === OTHER) this.others++;
    if (fd >= this.top) {
      if (value === FREE) return; // already
      // Decided by the descriptors known open, never by the storage at hand,
      // so the same table read into memos with different pasts gives the same memo.
      if (fd >= MAX_KEPT || fd > 4 * this.open + 4096) {
        this.complete = false;
        return;
      }
      if (fd >= this.links.length) this.grow(fd);
      this.top = fd + 1;
    }
    this.links[fd] = value;
  }

  /** The lowest number at or above `from` that held something other than a socket, or -1. */
  nextOther(from: number): number {
    const links = this.links;
    for (let fd = from; fd < this.top; fd++) if (links[fd] === OTHER) return fd;
    return -1;
  }

  /** The lowest number at or above `from` that is FREE or STALE: where a new descriptor goes. */
  nextFree(from: number): number {
    const links = this.links;
    for (let fd = from; fd < this.top; fd++) if ((links[fd] as number) < 0) return fd;
    return Math.max(from, this.top);
  }

  private grow(fd: number): void {
    const bigger = new Float64Array(Math.min(MAX_KEPT, Math.max(fd + 1, this.links.length * 2)));
    bigger.fill(FREE);
    bigger.set(this.links);
    this.links = bigger;
  }
}
