/**
 * Incremental socket inode -> owning process resolver. `ss -p` and `netstat -p`
 * readlink every descriptor of every process on every call; this one remembers
 * which process holds which socket and, on each poll, searches only for inodes it
 * has not seen, likely holders first, stopping when all are found. A rolling pass
 * re-reads a slice of processes per poll, so a descriptor handed to another
 * process is attributed to its new holder within about `fullPassPolls` polls.
 */
import { readdirSync } from 'node:fs';
import type { Owner, UnknownOwner } from '../../shared/endpoint.js';
import { isKernelThread } from './proc-pid-stat.js';
import { ProcessFacts } from './process-facts.js';
import { ProcessTable, type ProcRecord } from './process-table.js';
import { emptyResolverStats, type ResolverStats } from './resolver-stats.js';

export type { ResolverStats } from './resolver-stats.js';

/** Options for `OwnerResolver`. */
export interface OwnerResolverOptions {
  /** Default `/proc`. */
  procRoot?: string;
  /** Every process is re-read within about this many polls, a slice per poll. Default 60. */
  fullPassPolls?: number;
  /** Longest wait, in polls, before searching again for an inode no process was found to hold. Default 32. */
  retryBackoffMaxPolls?: number;
  /** Facts cache; default a new one on `procRoot`. */
  facts?: ProcessFacts;
}

/** The owners found by one `resolve()` call. */
export interface OwnerResolution {
  /** The owner of an inode passed to that call; valid until the next call. */
  ownerOf(inode: number): Owner;
  stats: ResolverStats;
}

/** An inode searched for in vain, and when to search again. */
interface Miss {
  reason: 'not-permitted' | 'no-process';
  waitPolls: number;
  retryPoll: number;
  askedPoll: number;
}

// Shared and frozen: the same unknown owner every poll compares equal by reference.
const NOT_PERMITTED: UnknownOwner = Object.freeze({ kind: 'unknown', reason: 'not-permitted' });
const NO_PROCESS: UnknownOwner = Object.freeze({ kind: 'unknown', reason: 'no-process' });

/** Resolves socket inodes to owning processes, incrementally across polls. */
export class OwnerResolver {
  private readonly procRoot: string;
  private readonly fullPassPolls: number;
  private readonly maxWait: number;
  private readonly facts: ProcessFacts;
  private readonly table: ProcessTable;
  private readonly misses = new Map<number, Miss>();
  private poll = 0;
  /** Descriptors the rolling pass may still read: grows by a share per poll, spent by reads. */
  private credit = 0;
  private stats = emptyResolverStats();
  // Reused every poll, so a quiet poll allocates next to nothing.
  private readonly fresh: number[] = [];
  private readonly pending: number[] = [];
  private readonly batch: ProcRecord[] = [];
  private readonly remaining = new Set<number>();

  constructor(options: OwnerResolverOptions = {}) {
    this.procRoot = options.procRoot ?? '/proc';
    this.fullPassPolls = Math.max(1, options.fullPassPolls ?? 60);
    this.maxWait = Math.max(1, options.retryBackoffMaxPolls ?? 32);
    const facts = options.facts ?? new ProcessFacts({ procRoot: this.procRoot });
    this.facts = facts;
    this.table = new ProcessTable(this.procRoot, (pid) => facts.forget(pid));
  }

  /** Finds the owners of `inodes` (all > 0). Per-process errors are counted, never thrown. */
  resolve(inodes: readonly number[]): OwnerResolution {
    const poll = ++this.poll;
    const stats = emptyResolverStats();
    this.stats = stats;
    this.listProcesses(poll);
    this.rollingPass(poll);
    this.collectPending(inodes, poll);
    if (this.remaining.size > 0) this.search(poll);
    this.settle(poll);
    const oldest = this.table.records.values().next().value;
    stats.oldestScanAge = oldest === undefined ? 0 : poll - oldest.scannedPoll;
    stats.processesNotPermitted = this.table.notPermitted;
    return { ownerOf: (inode) => this.ownerOf(inode), stats };
  }

  private ownerOf(inode: number): Owner {
    const holder = this.table.holders.ownerOf(inode);
    if (holder?.stat) return this.facts.get(holder.pid, holder.stat) ?? NO_PROCESS;
    return this.misses.get(inode)?.reason === 'not-permitted' ? NOT_PERMITTED : NO_PROCESS;
  }

  /** Lists pids: drops the processes that are gone and notes the ones never read. */
  private listProcesses(poll: number): void {
    const records = this.table.records;
    this.fresh.length = 0;
    for (const name of readdirSync(this.procRoot)) {
      const first = name.charCodeAt(0);
      if (first < 0x31 || first > 0x39) continue;
      const pid = Number(name);
      if (!Number.isSafeInteger(pid)) continue;
      this.stats.processes++;
      const record = records.get(pid);
      if (record) record.listedPoll = poll;
      else this.fresh.push(pid);
    }
    // A pid reused between two listings would need the (cyclic) pid counter to wrap
    // within one poll; each scan re-checks the start time anyway.
    for (const record of records.values()) if (record.listedPoll !== poll) this.table.drop(record);
  }

  /**
   * Re-reads a slice per poll: never-read processes (newest first, 1/fullPassPolls of
   * the processes), then the least recently read ones, about 1/fullPassPolls of all
   * known descriptors: the cost follows descriptors, not processes.
   */
  private rollingPass(poll: number): void {
    const slice = Math.ceil(this.stats.processes / this.fullPassPolls);
    for (let i = this.fresh.length - 1, n = 0; i >= 0 && n < slice; i--, n++) {
      this.table.scan(this.fresh[i] as number, undefined, -1, poll, this.stats);
      this.fresh[i] = 0;
      this.stats.processesReverified++;
    }
    // A process costs its descriptors; one bigger than a poll's share is read whole and
    // its excess repaid by the following polls, so big tables do not pile into one poll.
    const share = Math.ceil(this.table.totalFds / this.fullPassPolls);
    this.credit = Math.min(this.credit + share, share);
    const batch = this.batch;
    batch.length = 0;
    for (const record of this.table.records.values()) {
      if (this.credit <= 0 || record.scannedPoll === poll) break;
      batch.push(record);
      this.credit -= Math.max(1, record.fdsListed);
    }
    for (const record of batch) {
      this.stats.processesReverified++;
      // Kernel threads hold no descriptors; a pid reuse shows in the listing.
      if (record.stat && isKernelThread(record.stat)) this.table.touch(record, poll);
      else this.table.scan(record.pid, record, -1, poll, this.stats);
    }
  }

  /** Picks the asked inodes to search for: never-seen ones, and misses whose backoff ran out. */
  private collectPending(inodes: readonly number[], poll: number): void {
    this.pending.length = 0;
    this.remaining.clear();
    for (const inode of inodes) {
      if (this.table.holders.has(inode) || this.remaining.has(inode)) continue;
      const miss = this.misses.get(inode);
      if (miss) {
        if (miss.askedPoll === poll) continue; // asked twice in one call
        miss.askedPoll = poll;
        if (miss.retryPoll > poll) {
          this.countMiss(miss);
          continue;
        }
        this.stats.retriedInodes++;
      } else {
        this.stats.newInodes++;
      }
      this.remaining.add(inode);
      this.pending.push(inode);
    }
  }

  /**
   * Reads likely holders first until all are found: new processes, then those whose
   * fd count changed, then (for never-searched inodes) the rest.
   */
  private search(poll: number): void {
    for (let i = this.fresh.length - 1; i >= 0; i--) {
      const pid = this.fresh[i] as number;
      if (pid === 0) continue;
      this.fresh[i] = 0;
      if (this.searchIn(pid, undefined, -1, poll)) return;
    }
    const batch = this.batch;
    batch.length = 0;
    for (const record of this.table.records.values()) {
      // Not-permitted processes would fail again at once; the rolling pass retries them.
      if (record.scannedPoll === poll || !record.permitted || !record.stat || isKernelThread(record.stat)) {
        continue;
      }
      batch.push(record);
    }
    const byCount = this.table.fdCountWorks;
    let unchanged = 0;
    for (const record of batch) {
      const count = byCount ? this.table.readFdCount(record, this.stats) : -1;
      if (count === null) continue;
      if (byCount && count === record.fdCount) batch[unchanged++] = record;
      else if (this.searchIn(record.pid, record, count, poll)) return;
    }
    // Only retries left: they were searched for everywhere before, and a process whose
    // fd count did not change since is left to the rolling pass (a full search each
    // retry would cost a spike per `retryBackoffMaxPolls` for every kernel-held socket).
    if (byCount && this.stats.newInodes === 0) return;
    for (let i = 0; i < unchanged; i++) {
      const record = batch[i] as ProcRecord;
      if (this.searchIn(record.pid, record, record.fdCount, poll)) return;
    }
  }

  /** Reads one search candidate; true once every searched inode is found. */
  private searchIn(pid: number, known: ProcRecord | undefined, fdCount: number, poll: number): boolean {
    this.stats.processesScanned++;
    const record = this.table.scan(pid, known, fdCount, poll, this.stats);
    if (record) {
      const held = record.inodes;
      const remaining = this.remaining;
      if (remaining.size <= held.size) {
        for (const inode of remaining) if (held.has(inode)) remaining.delete(inode);
      } else {
        for (const inode of held) remaining.delete(inode);
      }
    }
    return this.remaining.size === 0;
  }

  /** Records the outcome for the searched inodes, with their next retry; forgets stale misses. */
  private settle(poll: number): void {
    const holders = this.table.holders;
    // Every process we may read was read: an unfound inode may be in one we may not.
    const reason = this.table.notPermitted > 0 ? 'not-permitted' : 'no-process';
    for (const inode of this.pending) {
      if (holders.has(inode)) continue;
      let miss = this.misses.get(inode);
      if (miss) miss.waitPolls = Math.min(miss.waitPolls * 2, this.maxWait);
      else this.misses.set(inode, (miss = { reason, waitPolls: 1, retryPoll: 0, askedPoll: poll }));
      miss.reason = reason;
      miss.retryPoll = poll + miss.waitPolls;
      this.countMiss(miss);
    }
    // Sockets no longer asked for are gone; found ones need no retry.
    for (const [inode, miss] of this.misses) {
      if (miss.askedPoll !== poll || holders.has(inode)) this.misses.delete(inode);
    }
  }

  private countMiss(miss: Miss): void {
    if (miss.reason === 'not-permitted') this.stats.ownersNotPermitted++;
    else this.stats.ownersNotFound++;
  }
}
