/**
 * Every process the owner resolver has read, with the socket inodes each holds,
 * least recently read first.
 */
import { statSync } from 'node:fs';
import { isKernelThread, parseProcPidStat, type ProcPidStat } from './proc-pid-stat.js';
import { errorCode, isNotPermitted, readSmallFile } from './proc-read.js';
import type { ResolverStats } from './resolver-stats.js';
import { SocketHolders } from './socket-holders.js';
import { readSocketInodes } from './socket-fds.js';

/** What the table knows of one process. */
export interface ProcRecord {
  readonly pid: number;
  /** Null only when even /proc/PID/stat was not readable (hidepid=1). */
  stat: ProcPidStat | null;
  /** Open-fd count (size of /proc/PID/fd) when last read; -1 when unknown. */
  fdCount: number;
  /** Descriptors listed by the last read: what re-reading it costs. */
  fdsListed: number;
  inodes: Set<number>;
  /** False when its descriptors may not be read (EACCES/EPERM). */
  permitted: boolean;
  /** Last poll whose /proc listing showed it. */
  listedPoll: number;
  /** Last poll that read it. */
  scannedPoll: number;
}

/** The counters a table adds to while reading. */
export type ScanCounts = Pick<ResolverStats, 'fdsRead' | 'vanished' | 'fdCountsRead'>;

/** Linux >= 6.2 reports a process's open-fd count as the size of /proc/PID/fd; older kernels say 0. */
export function fdCountSupported(procRoot: string): boolean {
  try {
    return statSync(`${procRoot}/self/fd`).size > 0;
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
  /** Descriptors listed by the last read of every known process. */
  totalFds = 0;
  readonly fdCountWorks: boolean;
  private scratch = new Set<number>();

  constructor(
    private readonly procRoot: string,
    private readonly onDrop: (pid: number) => void,
  ) {
    this.fdCountWorks = fdCountSupported(procRoot);
  }

  /**
   * Reads one process's sockets and re-points the inodes it gained or lost.
   * `fdCount` is its open-fd count if just read, else -1. Returns its record, or
   * undefined when it is gone; errors are counted, never thrown.
   */
  scan(
    pid: number,
    known: ProcRecord | undefined,
    fdCount: number,
    poll: number,
    counts: ScanCounts,
  ): ProcRecord | undefined {
    const dir = `${this.procRoot}/${pid}`;
    let record = known;
    let stat: ProcPidStat | null = null;
    try {
      stat = parseProcPidStat(readSmallFile(`${dir}/stat`));
    } catch (error) {
      if (isNotPermitted(error)) return this.markNotPermitted(record ?? this.add(pid, null, poll), poll);
    }
    if (stat === null) return this.vanish(record, counts);
    if (record && record.stat?.startTime !== stat.startTime) {
      this.drop(record); // the pid now names another process
      record = undefined;
    }
    if (record) record.stat = stat;
    else record = this.add(pid, stat, poll);
    if (isKernelThread(stat)) return this.touch(record, poll);
    const fdDir = `${dir}/fd`;
    const found = this.scratch;
    found.clear();
    try {
      // Count before listing: an fd opened in between then shows as a change next time.
      if (fdCount < 0 && this.fdCountWorks) fdCount = statSync(fdDir).size;
      this.setFdsListed(record, readSocketInodes(fdDir, found, counts));
    } catch (error) {
      if (isNotPermitted(error)) return this.markNotPermitted(record, poll);
      if (errorCode(error) !== undefined) return this.vanish(record, counts);
      throw error;
    }
    this.setPermitted(record, true);
    record.fdCount = fdCount;
    for (const inode of record.inodes) if (!found.has(inode)) this.holders.remove(inode, record);
    for (const inode of found) if (!record.inodes.has(inode)) this.holders.add(inode, record);
    this.scratch = record.inodes;
    record.inodes = found;
    return this.touch(record, poll);
  }

  /** Open-fd count of a known process; null (and the process dropped) when it is gone. */
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

  /** Marks a process as read now: it moves to the back of the rolling order. */
  touch(record: ProcRecord, poll: number): ProcRecord {
    record.scannedPoll = poll;
    this.records.delete(record.pid);
    this.records.set(record.pid, record);
    return record;
  }

  /** Forgets a process that is gone, with its sockets. */
  drop(record: ProcRecord): void {
    if (this.records.get(record.pid) !== record) return;
    for (const inode of record.inodes) this.holders.remove(inode, record);
    record.inodes.clear();
    this.setPermitted(record, true);
    this.setFdsListed(record, 0);
    this.records.delete(record.pid);
    this.onDrop(record.pid);
  }

  private add(pid: number, stat: ProcPidStat | null, poll: number): ProcRecord {
    const record: ProcRecord = {
      pid,
      stat,
      fdCount: -1,
      fdsListed: 0,
      inodes: new Set(),
      permitted: true,
      listedPoll: poll,
      scannedPoll: 0,
    };
    this.records.set(pid, record);
    return record;
  }

  private markNotPermitted(record: ProcRecord, poll: number): ProcRecord {
    this.setPermitted(record, false);
    // Credentials can change (setuid): what it held before is no longer known.
    for (const inode of record.inodes) this.holders.remove(inode, record);
    record.inodes.clear();
    return this.touch(record, poll);
  }

  private setPermitted(record: ProcRecord, permitted: boolean): void {
    if (record.permitted !== permitted) this.notPermitted += permitted ? -1 : 1;
    record.permitted = permitted;
  }

  private setFdsListed(record: ProcRecord, fds: number): void {
    this.totalFds += fds - record.fdsListed;
    record.fdsListed = fds;
  }

  private vanish(record: ProcRecord | undefined, counts: ScanCounts): undefined {
    counts.vanished++;
    if (record) this.drop(record);
    return undefined;
  }
}
