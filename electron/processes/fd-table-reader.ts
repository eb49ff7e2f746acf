/**
 * Reads a process's descriptor table (/proc/PID/fd) whole, or only the numbers
 * a new socket most likely took. Both lean on the kernel giving every new
 * descriptor the lowest free number, so tables are nearly dense: listing the
 * directory costs about as much per descriptor as reading the link itself
 * (procfs builds an entry for each), so it is skipped whenever the open-fd
 * count says how many numbers to read.
 */
import { readdirSync } from 'node:fs';
import { constants } from 'node:os';
import type { NativeAddon } from '../collectors/linux/native-addon.js';
import { FREE, OTHER, STALE, type FdMemo } from './fd-memo.js';
import { fdExists, readFdLink, socketInode, type FdReadCounts } from './socket-fds.js';

/** How many high stray numbers to remember. */
const STRAYS_KEPT = 8;

/** How many numbers found not open a whole read of `count` descriptors tolerates before listing instead. */
function holesTolerated(count: number): number {
  return 8 + (count >> 4);
}

/** Reads descriptor tables, remembering the high stray numbers they share. */
export class FdTableReader {
  /**
   * Descriptor numbers lately found far above the rest of a table: strays that a
   * whole process tree inherits (a shell's 255, a launcher's leaked pipe), tried
   * when a table has more descriptors than its dense run. Most recent first.
   */
  private readonly strays: number[] = [];
  /** What the native addon fills: 2 header numbers, then (fd, inode) pairs. */
  private pairs = new Float64Array(2 + 2 * 256);

  /**
   * Reads every descriptor into `memo` and the sockets into `sockets` (inode -> fd),
   * both cleared first. `count` is the open-fd count (the size of /proc/PID/fd on
   * Linux >= 6.2) or -1 when unknown; with it, numbers 0, 1, 2... (and known
   * strays once a hole shows) are read until `count` descriptors are met, else
   * (or with `list`, or past too many holes) the directory is listed. `previous`
   * holds the sockets known before, whose numbers are re-read if the count was
   * met below them (a descriptor opened meanwhile may have filled a hole).
   * Returns true when the table has too many holes to read without a listing
   * next time. Throws EACCES/EPERM, and what readdirSync throws for the
   * directory (ENOENT: the process is gone).
   */
  readWhole(
    fdDir: string,
    count: number,
    list: boolean,
    memo: FdMemo,
    sockets: Map<number, number>,
    previous: ReadonlyMap<number, number> | undefined,
    counts: FdReadCounts,
  ): boolean {
    const prefix = `${fdDir}/`;
    memo.reset(count);
    sockets.clear();
    let next = 0;
    if (count >= 0 && !list) {
      const tolerated = holesTolerated(count);
      let holes = 0;
      let straysTried = false;
      while (memo.open < count && holes <= tolerated) {
        // Past a hole, or with no more descriptors left to find than known strays above.
        if (!straysTried && (holes > 0 || this.straysCover(next, count - memo.open))) {
          straysTried = true;
          this.readStrays(prefix, next, memo, sockets, counts);
          continue;
        }
        if (memo.get(next) === FREE) {
          const link = readFdLink(prefix + next, counts);
          if (link === null) holes++;
          else note(memo, sockets, next, link);
        }
        next++;
      }
      if (memo.open >= count) {
        if (previous) this.reread(prefix, next, previous, memo, sockets, counts);
        return false;
      }
    }
    counts.fdDirsListed++;
    const names = readdirSync(fdDir);
    for (const name of names) {
      const fd = Number(name);
      if (memo.get(fd) !== FREE) continue; // read above
      const link = readFdLink(prefix + name, counts);
      if (link === null) counts.vanished++;
      else note(memo, sockets, fd, link);
    }
    if (count < 0) return false;
    const far = memo.open + holesTolerated(memo.open);
    for (const name of names) if (Number(name) > far) this.noteStray(Number(name));
    return !memo.complete || memo.top > far;
  }

  /**
   * Reads every descriptor into `memo` and the sockets into `sockets`, both
   * cleared first, as `readWhole` does with a listing, in one call to the native
   * addon (`scan`). Returns the directory's size as read before the listing (the
   * open-fd count on Linux >= 6.2). Throws, as `readWhole` does, an error whose
   * `code` is EACCES/EPERM (not permitted) or another errno (ENOENT: gone).
   */
  readWholeNative(
    scan: NativeAddon['scanFdDir'],
    fdDir: string,
    memo: FdMemo,
    sockets: Map<number, number>,
    counts: FdReadCounts,
  ): number {
    let pairs = this.pairs;
    let n = scan(fdDir, pairs);
    // Too small for this table: retry once with room to spare, then as often as it grows.
    while (n > (pairs.length - 2) >> 1) {
      pairs = this.pairs = new Float64Array(2 + 2 * (n + (n >> 2) + 16));
      n = scan(fdDir, pairs);
    }
    if (n < 0) throw errnoError(-n, fdDir);
    const size = pairs[0] as number;
    const vanished = pairs[1] as number;
    counts.fdDirsListed++;
    counts.fdsRead += n + vanished;
    counts.vanished += vanished;
    memo.reset(n);
    sockets.clear();
    for (let i = 2, end = 2 + 2 * n; i < end; i += 2) {
      const fd = pairs[i] as number;
      const inode = pairs[i + 1] as number; // 0: not a socket (OTHER)
      memo.set(fd, inode);
      if (inode > 0) sockets.set(inode, fd);
    }
    return size;
  }

  /**
   * Whether a table read whole, now in `memo`, has too many holes to read by
   * number next time (what `readWhole` returns after a listing).
   */
  static needsListing(memo: FdMemo): boolean {
    return !memo.complete || memo.top > memo.open + holesTolerated(memo.open);
  }

  /**
   * Reads the numbers a descriptor opened since `memo` was filled most likely
   * took, lowest first, as the kernel hands them out: those whose socket closed
   * since (STALE), those free at the last read, then those above the highest.
   * Calls `onSocket` for each socket met (it returns true to stop: everything
   * searched for is found). Past the closed sockets' numbers, stops once the memo
   * accounts for `count` open descriptors, or after more numbers found not open
   * than new descriptors to find, plus a few. Returns true when the memo then
   * accounts for exactly `count` descriptors: only a non-socket descriptor
   * replaced by a socket under the same number can then hide from it, and
   * `probeOthers` or a whole read finds that one. Throws EACCES/EPERM.
   */
  probe(
    fdDir: string,
    count: number,
    memo: FdMemo,
    onSocket: (inode: number, fd: number) => boolean,
    counts: FdReadCounts,
  ): boolean {
    const prefix = `${fdDir}/`;
    const tolerated = 8 + Math.max(0, count - memo.open);
    let holes = 0;
    for (let fd = memo.nextFree(0); ; fd = memo.nextFree(fd + 1)) {
      // Once the count is accounted for, only the numbers of closed sockets are still
      // worth a look (files closed unseen can make up for a socket opened there), and
      // they are most likely free: checked without a failed readlink's thrown error.
      const accounted = memo.open >= count;
      if (accounted && memo.get(fd) !== STALE) {
        if (fd >= memo.top) break;
        continue;
      }
      const link = accounted && !fdExists(prefix + fd, counts) ? null : readFdLink(prefix + fd, counts);
      if (link === null) {
        memo.set(fd, FREE);
        if (!accounted && ++holes > tolerated) return false;
        continue;
      }
      const inode = socketInode(link);
      memo.set(fd, inode ?? OTHER);
      if (inode !== null && onSocket(inode, fd)) break;
    }
    return memo.open === count;
  }

  /**
   * Reads the numbers that held something other than a socket, lowest first: a
   * file closed and a socket opened since leave the count unchanged and put the
   * socket under the file's number. Calls `onSocket` as `probe` does.
   * Throws EACCES/EPERM.
   */
  probeOthers(
    fdDir: string,
    memo: FdMemo,
    onSocket: (inode: number, fd: number) => boolean,
    counts: FdReadCounts,
  ): void {
    const prefix = `${fdDir}/`;
    for (let fd = memo.nextOther(0); fd >= 0; fd = memo.nextOther(fd + 1)) {
      const link = readFdLink(prefix + fd, counts);
      const inode = link === null ? null : socketInode(link);
      if (link === null) memo.set(fd, FREE);
      else if (inode !== null) {
        memo.set(fd, inode);
        if (onSocket(inode, fd)) return;
      }
    }
  }

  /** True when `left` descriptors could all be known strays at or above `from`. */
  private straysCover(from: number, left: number): boolean {
    if (left > this.strays.length) return false;
    let above = 0;
    for (const fd of this.strays) if (fd >= from) above++;
    return left <= above;
  }

  /** Reads the known strays at or above `from` that are open. */
  private readStrays(
    prefix: string,
    from: number,
    memo: FdMemo,
    sockets: Map<number, number>,
    counts: FdReadCounts,
  ): void {
    for (const fd of this.strays) {
      if (fd < from || memo.get(fd) !== FREE || !fdExists(prefix + fd, counts)) continue;
      const link = readFdLink(prefix + fd, counts);
      if (link !== null) note(memo, sockets, fd, link);
    }
  }

  /** Re-reads the numbers of `previous` sockets at or above `from` that were not read. */
  private reread(
    prefix: string,
    from: number,
    previous: ReadonlyMap<number, number>,
    memo: FdMemo,
    sockets: Map<number, number>,
    counts: FdReadCounts,
  ): void {
    for (const fd of previous.values()) {
      if (fd < from || memo.get(fd) !== FREE) continue;
      const link = readFdLink(prefix + fd, counts);
      if (link !== null) note(memo, sockets, fd, link);
    }
  }

  private noteStray(fd: number): void {
    const at = this.strays.indexOf(fd);
    if (at === 0) return;
    if (at > 0) this.strays.splice(at, 1);
    else if (this.strays.length >= STRAYS_KEPT) this.strays.pop();
    this.strays.unshift(fd);
  }
}

function note(memo: FdMemo, sockets: Map<number, number>, fd: number, link: string): void {
  const inode = socketInode(link);
  memo.set(fd, inode ?? OTHER);
  if (inode !== null) sockets.set(inode, fd);
}

/** An fs-style error for errno `errno` (its `code` is the errno name, as node:fs sets it). */
function errnoError(errno: number, path: string): NodeJS.ErrnoException {
  const name = errnoNames.get(errno) ?? `E${errno}`;
  const error: NodeJS.ErrnoException = new Error(`${name}: reading ${path}`);
  error.code = name;
  error.errno = -errno;
  error.path = path;
  return error;
}

const errnoNames = new Map<number, string>(
  Object.entries(constants.errno).map(([name, value]) => [value, name]),
);
