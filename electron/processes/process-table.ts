/**
 * Every process the owner resolver has read, with the sockets each holds and a
 * memo of its descriptor table, least recently read first.
 */
import { readdirSync, statSync } from 'node:fs';
import type { Owner } from '../../shared/endpoint.js';
import type { NativeAddon } from '../collectors/linux/native-addon.js';
import { FdMemo, STALE } from './fd-memo.js';
import { FdTableReader } from './fd-table-reader.js';
import { parseProcPidStat, type ProcPidStat } from './proc-pid-stat.js';
import { errorCode, isNotPermitted, readSmallFile } from './proc-read.js';
import type { ResolverStats } from './resolver-stats.js';
import { SocketHolders } from './socket-holders.js';

/** What the table knows of one process. */
export interface ProcRecord {
  readonly pid: number;
  /** /proc/PID/stat as last read; read only once the process is asked about as a socket's owner. */
  stat: ProcPidStat | null;
  /** True when its descriptors were read after `stat`: read it again before naming the process. */
  statStale: boolean;
  /** Open-fd count that `memo` accounts for; -1 when unknown, or when the memo may be wrong. */
  fdCount: number;
  /** Descriptors met by the last read: what reading it whole again costs. */
  fdsListed: number;
  memo: FdMemo;
  /** Its sockets: inode -> descriptor number. */
  sockets: Map<number, number>;
  /** True when its descriptor numbers have too many holes to read it whole without a listing. */
  listFirst: boolean;
  /** False when its descriptors may not be read (EACCES/EPERM). */
  permitted: boolean;
  /** Last poll whose /proc listing showed it. */
  listedPoll: number;
  /** Last poll that read it whole. */
  scannedPoll: number;
  /** Last poll that read it, whole or only its likely new descriptors. */
  probedPoll: number;
  /** Last poll that found some of its sockets closed. */
  closedPoll: number;
  /** The owner its sockets showed in poll `ownerPoll` (null before any): named once per poll, not once per socket. */
  owner: Owner | null;
  ownerPoll: number;
}

/** The counters a table adds to while reading. */
export type ScanCounts = Pick<
  ResolverStats,
  'fdsRead' | 'fdDirsListed' | 'vanished' | 'fdCountsRead' | 'processesProbed'
>;

/**
 * Linux >= 6.2 reports a process's open-fd count as the size of /proc/PID/fd; older
 * kernels say 0. Checked against a listing, so a procfs stand-in made of plain
 * directories (whose size is something else) is not taken for it.
 */
export function fdCountSupported(procRoot: string): boolean {
  try {
    const fdDir = `${procRoot}/self/fd`;
    const before = statSync(fdDir).size;
    // The listing holds the descriptor it is read through; other threads may open a few more.
    const listed = readdirSync(fdDir).length;
    return before > 0 && Math.abs(listed - before) <= 4;
  } catch {
    return false;
  }
}

/** Known processes and which of them hold which socket. */
export class ProcessTable {
  /** Every read process by pid; iteration order is least recently read first. */
  readonly records = new Map<number, ProcRecord>();
  readonly holders = new SocketHolders<ProcRecord>();
  /** How many known processes are not inspectable. */
  notPermitted = 0;
  /** Descriptors met by the last read of every known process. */
  totalFds = 0;
  readonly fdCountWorks: boolean;
  private scratch = new Map<number, number>();
  private readonly reader = new FdTableReader();

  /**
   * @param native the native addon reading a process whole in one call, or null
   *   to read it descriptor by descriptor (the same results, slower).
   */
  constructor(
    private readonly procRoot: string,
    private readonly onDrop: (pid: number) => void,
    private readonly native: NativeAddon | null = null,
  ) {
    this.fdCountWorks = fdCountSupported(procRoot);
  }

  /**
   * Reads one process's descriptors whole and re-points the sockets it gained or
   * lost. Returns its record, or undefined when it is gone; errors are counted,
   * never thrown.
   */
  scan(pid: number, known: ProcRecord | undefined, poll: number, counts: ScanCounts): ProcRecord | undefined {
    const fdDir = `${this.procRoot}/${pid}/fd`;
    const record = known ?? this.add(pid, poll);
    const found = this.scratch;
    let count = -1;
    try {
      // Not our own process: the listing would hold the descriptor it is read through.
      if (this.native && pid !== process.pid) {
        // One call: listed and read, the count taken before listing.
        const size = this.reader.readWholeNative(this.native.scanFdDir, fdDir, record.memo, found, counts);
        if (this.fdCountWorks) count = size;
        record.listFirst = count >= 0 && FdTableReader.needsListing(record.memo);
      } else {
        // Counted before reading: a descriptor opened meanwhile shows as a change next time.
        if (this.fdCountWorks) count = statSync(fdDir).size;
        record.listFirst = this.reader.readWhole(
          fdDir,
          count,
          record.listFirst,
          record.memo,
          found,
          record.sockets,
          counts,
        );
      }
    } catch (error) {
      return this.failed(record, error, poll, counts);
    }
    this.setPermitted(record, true);
    record.fdCount = count >= 0 && record.memo.open === count ? count : -1;
    this.setFdsListed(record, record.memo.open);
    for (const inode of record.sockets.keys()) if (!found.has(inode)) this.holders.remove(inode, record);
    for (const inode of found.keys()) if (!record.sockets.has(inode)) this.holders.add(inode, record);
    this.scratch = record.sockets;
    record.sockets = found;
    record.statStale = true;
    record.probedPoll = poll;
    return this.touch(record, poll);
  }

  /**
   * Reads only the descriptors `record` most likely opened since it was read, given
   * its open-fd count `count`, telling `onFound` of each socket (which returns true
   * to stop). Returns true when the memo then accounts for every open descriptor,
   * false when the process must be read whole to be sure (or is gone, or not ours).
   */
  probe(
    record: ProcRecord,
    count: number,
    poll: number,
    counts: ScanCounts,
    onFound: (inode: number) => boolean,
  ): boolean {
    record.probedPoll = poll;
    if (!record.memo.complete || count < 0) {
      record.fdCount = -1; // to be read whole
      return false;
    }
    counts.processesProbed++;
    let accounted: boolean;
    try {
      const fdDir = `${this.procRoot}/${record.pid}/fd`;
      accounted = this.reader.probe(fdDir, count, record.memo, this.recorder(record, onFound), counts);
    } catch (error) {
      this.failed(record, error, poll, counts);
      return false;
    }
    record.fdCount = accounted ? count : -1;
    this.setFdsListed(record, record.memo.open);
    return accounted;
  }

  /**
   * Reads the numbers where `record` held something other than a socket, if they
   * are few next to its sockets (else reading it whole costs little more), telling
   * `onFound` of each socket met. False when it did not read them.
   */
  probeOthers(
    record: ProcRecord,
    poll: number,
    counts: ScanCounts,
    onFound: (inode: number) => boolean,
  ): boolean {
    const memo = record.memo;
    if (!memo.complete || memo.others === 0 || memo.others * 4 > memo.open) return false;
    counts.processesProbed++;
    const open = memo.open;
    try {
      const fdDir = `${this.procRoot}/${record.pid}/fd`;
      this.reader.probeOthers(fdDir, memo, this.recorder(record, onFound), counts);
    } catch (error) {
      this.failed(record, error, poll, counts);
      return false;
    }
    // A file found closed: its number is free, so some descriptor is where the memo does not know.
    if (memo.open !== open) record.fdCount = -1;
    this.setFdsListed(record, memo.open);
    return true;
  }

  /** Notes that `record`'s socket `inode` closed (its holders entry is gone): its number is now a likely one. */
  closed(record: ProcRecord, inode: number, poll: number): void {
    const fd = record.sockets.get(inode);
    if (fd === undefined) return;
    record.sockets.delete(inode);
    record.memo.set(fd, STALE);
    record.closedPoll = poll;
  }

  /** Open-fd count of a known process: null (and the process dropped) when it is gone, -1 when not ours. */
  readFdCount(record: ProcRecord, counts: ScanCounts): number | null {
    counts.fdCountsRead++;
    try {
      return statSync(`${this.procRoot}/${record.pid}/fd`).size;
    } catch (error) {
      if (isNotPermitted(error)) return -1;
      this.vanish(record, counts);
      return null;
    }
  }

  /**
   * /proc/PID/stat of a process to name, re-read if its descriptors were read
   * since: a pid reused by another process shows in the start time. Null when it is
   * gone (and is dropped at the next listing).
   */
  identify(record: ProcRecord): ProcPidStat | null {
    if (record.statStale) {
      record.statStale = false;
      try {
        record.stat = parseProcPidStat(readSmallFile(`${this.procRoot}/${record.pid}/stat`));
      } catch {
        record.stat = null;
      }
    }
    return record.stat;
  }

  /** Marks a process as read whole now: it moves to the back of the rolling order. */
  touch(record: ProcRecord, poll: number): ProcRecord {
    record.scannedPoll = poll;
    this.records.delete(record.pid);
    this.records.set(record.pid, record);
    return record;
  }

  /** Forgets a process that is gone, with its sockets. */
  drop(record: ProcRecord): void {
    if (this.records.get(record.pid) !== record) return;
    for (const inode of record.sockets.keys()) this.holders.remove(inode, record);
    record.sockets.clear();
    this.setPermitted(record, true);
    this.setFdsListed(record, 0);
    this.records.delete(record.pid);
    this.onDrop(record.pid);
  }

  /** What a probe calls for each socket it meets in `record`: records it, then asks `onFound` whether to stop. */
  private recorder(record: ProcRecord, onFound: (inode: number) => boolean) {
    return (inode: number, fd: number): boolean => {
      record.sockets.set(inode, fd);
      this.holders.add(inode, record);
      record.statStale = true;
      return onFound(inode);
    };
  }

  private add(pid: number, poll: number): ProcRecord {
    const record: ProcRecord = {
      pid,
      stat: null,
      statStale: true,
      fdCount: -1,
      fdsListed: 0,
      memo: new FdMemo(),
      sockets: new Map(),
      listFirst: false,
      permitted: true,
      listedPoll: poll,
      scannedPoll: 0,
      probedPoll: 0,
      closedPoll: 0,
      owner: null,
      ownerPoll: 0,
    };
    this.records.set(pid, record);
    return record;
  }

  /** A read that threw: not ours (kept, marked), gone (dropped), or a bug (rethrown). */
  private failed(record: ProcRecord, error: unknown, poll: number, counts: ScanCounts): undefined {
    if (isNotPermitted(error)) {
      this.markNotPermitted(record, poll);
      return undefined;
    }
    if (errorCode(error) !== undefined) return this.vanish(record, counts);
    throw error;
  }

  private markNotPermitted(record: ProcRecord, poll: number): void {
    this.setPermitted(record, false);
    // Credentials can change (setuid): what it held before is no longer known.
    for (const inode of record.sockets.keys()) this.holders.remove(inode, record);
    record.sockets.clear();
    record.memo.reset(0);
    record.fdCount = -1;
    this.touch(record, poll);
  }

  private setPermitted(record: ProcRecord, permitted: boolean): void {
    if (record.permitted !== permitted) this.notPermitted += permitted ? -1 : 1;
    record.permitted = permitted;
  }

  private setFdsListed(record: ProcRecord, fds: number): void {
    this.totalFds += fds - record.fdsListed;
    record.fdsListed = fds;
  }

  private vanish(record: ProcRecord, counts: ScanCounts): undefined {
    counts.vanished++;
    this.drop(record);
    return undefined;
  }
}
