/**
 * Incremental socket inode -> owning process resolver. `ss -p` and `netstat -p`
 * readlink every descriptor of every process on every call; this one remembers
 * which process holds which socket under which descriptor number and, on each
 * poll, searches only for inodes it has not seen: first in new processes, then
 * in the few descriptor numbers a known process most likely gave a new socket
 * (Linux hands out the lowest free number: the ones its closed sockets freed,
 * then the ones above), then whole processes, stopping when all are found. A
 * rolling pass re-reads a slice of processes whole per poll, so a descriptor
 * handed to another process is attributed to its new holder within about
 * `fullPassPolls` polls.
 */
import { readdirSync } from 'node:fs';
import type { Owner, UnknownOwner } from '../../shared/endpoint.js';
import { loadNativeAddon, type NativeAddon } from '../collectors/linux/native-addon.js';
import { ProcessFacts } from './process-facts.js';
import { ProcessTable, type ProcRecord } from './process-table.js';
import { emptyResolverStats, type ResolverStats } from './resolver-stats.js';

export type { ResolverStats } from './resolver-stats.js';

/** Options for `OwnerResolver`. */
export interface OwnerResolverOptions {
  /** Default `/proc`. */
  procRoot?: string;
  /** Every process is re-read within about this many polls, a slice per poll (Infinity: never). Default 60. */
  fullPassPolls?: number;
  /** Longest wait, in polls, before searching again for an inode no process was found to hold. Default 32. */
  retryBackoffMaxPolls?: number;
  /** Facts cache; default a new one on `procRoot`. */
  facts?: ProcessFacts;
  /**
   * The native addon, to read a process whole in one call; null reads it descriptor
   * by descriptor (same results, slower). Default: the addon if built and loadable.
   */
  native?: NativeAddon | null;
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
  /** True when whole reads go through the native addon. */
  readonly nativeReads: boolean;
  private readonly misses = new Map<number, Miss>();
  private poll = 0;
  /** Set by prepare(), cleared by the resolve() that uses it. */
  private prepared = false;
  /** Descriptors the rolling pass may still read: grows by a share per poll, spent by reads. */
  private credit = 0;
  private stats = emptyResolverStats();
  // Reused every poll, so a quiet poll allocates next to nothing.
  private readonly fresh: number[] = [];
  private readonly pending: number[] = [];
  private readonly batch: ProcRecord[] = [];
  private readonly remaining = new Set<number>();
  /** How many of `remaining` were never searched for: only these justify reading every process. */
  private newLeft = 0;

  constructor(options: OwnerResolverOptions = {}) {
    this.procRoot = options.procRoot ?? '/proc';
    this.fullPassPolls = Math.max(1, options.fullPassPolls ?? 60);
    this.maxWait = Math.max(1, options.retryBackoffMaxPolls ?? 32);
    const facts = options.facts ?? new ProcessFacts({ procRoot: this.procRoot });
    this.facts = facts;
    const native = options.native === undefined ? loadNativeAddon().addon : options.native;
    this.nativeReads = native !== null;
    this.table = new ProcessTable(this.procRoot, (pid) => facts.forget(pid), native);
  }

  /**
   * Finds the owners of `inodes` (all > 0): every live socket, each poll, since a known
   * socket missing from the list is taken as closed. Per-process errors are counted, never thrown.
   */
  resolve(inodes: readonly number[]): OwnerResolution {
    if (!this.prepared) this.prepare();
    for (const inode of inodes) this.ask(inode);
    const stats = this.settleAsked();
    return { ownerOf: (inode) => this.ownerOf(inode), stats };
  }

  /**
   * The part of a poll that needs no inodes: lists the processes and re-reads
   * this poll's slice of them. A collector calls it while the kernel builds
   * its socket dump on another core; `resolve` calls it itself when nobody did.
   */
  prepare(): void {
    const poll = ++this.poll;
    this.stats = emptyResolverStats();
    this.prepared = true;
    this.pending.length = 0;
    this.remaining.clear();
    this.newLeft = 0;
    this.listProcesses(poll);
    this.rollingPass(poll);
  }

  /**
   * Asks for one live socket's inode (> 0) in the poll `prepare` began, as
   * the sockets come: true when a known process holds it, and `ownerOf`
   * answers for it now. Asking twice in a poll is harmless. A collector that
   * asks while it still reads sockets does the bulk of a poll's owner work
   * during the kernel's; `settleAsked` then looks for the rest.
   *
   * (An owner taken at once can be one poll late when this poll's search
   * then re-reads its holder and finds the descriptor gone: rare, and the
   * next poll has it right.)
   */
  ask(inode: number): boolean {
    if (this.table.holders.markAsked(inode, this.poll)) return true;
    this.askUnknown(inode);
    return false;
  }

  /**
   * `ask` and `ownerOf` in one: the owner of `inode` when a known process
   * holds it, else undefined (it is searched for in `settleAsked`).
   */
  askOwner(inode: number): Owner | undefined {
    const holder = this.table.holders.askedHolder(inode, this.poll);
    if (holder !== undefined) return this.ownerOfHolder(holder);
    this.askUnknown(inode);
    return undefined;
  }

  /** Notes an asked inode no known process holds: searched for this poll, unless its backoff says wait. */
  private askUnknown(inode: number): void {
    const poll = this.poll;
    if (this.remaining.has(inode)) return;
    const miss = this.misses.get(inode);
    if (miss) {
      if (miss.askedPoll === poll) return; // asked twice in one poll
      miss.askedPoll = poll;
      if (miss.retryPoll > poll) {
        this.countMiss(miss);
        return;
      }
      this.stats.retriedInodes++;
    } else {
      this.stats.newInodes++;
      this.newLeft++;
    }
    this.remaining.add(inode);
    this.pending.push(inode);
  }

  /**
   * Ends the poll: searches for the asked inodes no known process holds,
   * records the misses, and returns the poll's stats. Every live inode must
   * have been asked for, since a known socket not asked is taken as closed.
   */
  settleAsked(): ResolverStats {
    if (!this.prepared) this.prepare();
    this.prepared = false;
    const poll = this.poll;
    const stats = this.stats;
    if (this.remaining.size > 0) this.search(poll);
    this.settle(poll);
    const oldest = this.table.records.values().next().value;
    stats.oldestScanAge = oldest === undefined ? 0 : poll - oldest.scannedPoll;
    stats.processesNotPermitted = this.table.notPermitted;
    return stats;
  }

  /** The owner of an inode asked for in this poll (after `ask` said true, or after `settleAsked`). */
  ownerOf(inode: number): Owner {
    const holder = this.table.holders.ownerOf(inode);
    if (holder) return this.ownerOfHolder(holder);
    return this.misses.get(inode)?.reason === 'not-permitted' ? NOT_PERMITTED : NO_PROCESS;
  }

  /**
   * The owner a known process shows, named once per poll: its stat is read
   * only for processes asked about (most hold no socket, and a name costs a
   * read), and again after its descriptors were read.
   */
  private ownerOfHolder(holder: ProcRecord): Owner {
    if (holder.ownerPoll === this.poll && !holder.statStale && holder.owner !== null) return holder.owner;
    const stat = this.table.identify(holder);
    const owner = stat ? (this.facts.get(holder.pid, stat) ?? NO_PROCESS) : NO_PROCESS;
    holder.owner = owner;
    holder.ownerPoll = this.poll;
    return owner;
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
    // within one poll; a process is named from its stat re-read after each read of its
    // descriptors anyway.
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
      this.table.scan(this.fresh[i] as number, undefined, poll, this.stats);
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
      this.table.scan(record.pid, record, poll, this.stats);
    }
  }

  /**
   * Reads likely holders first until all are found: new processes; then the likely
   * new descriptors of processes that closed sockets since the last poll, and of
   * those whose open-fd count changed; then whole processes: those whose likely
   * descriptors did not account for their count, and (for never-searched inodes)
   * every other.
   */
  private search(poll: number): void {
    for (let i = this.fresh.length - 1; i >= 0; i--) {
      const pid = this.fresh[i] as number;
      if (pid === 0) continue;
      this.fresh[i] = 0;
      if (this.scanFor(pid, undefined, poll)) return;
    }
    const batch = this.batch;
    batch.length = 0;
    // Not-permitted processes would fail again at once; the rolling pass retries them.
    for (const record of this.table.records.values()) {
      if (record.scannedPoll !== poll && record.permitted) batch.push(record);
    }
    if (!this.table.fdCountWorks) {
      // No open-fd counts (Linux < 6.2): nothing tells which processes changed.
      for (const record of batch) if (this.scanFor(record.pid, record, poll)) return;
      return;
    }
    if (!this.probeLikely(batch, poll)) this.searchDeeper(batch, poll);
  }

  /**
   * Probes the processes that closed sockets since the last poll, then those whose
   * fd count changed: first the ones holding sockets (servers and clients open more).
   */
  private probeLikely(batch: readonly ProcRecord[], poll: number): boolean {
    const table = this.table;
    table.holders.sweepClosed(poll, (inode, record) => table.closed(record, inode, poll));
    for (const record of batch) if (record.closedPoll === poll && this.probeFor(record, poll)) return true;
    for (const record of batch) {
      if (record.closedPoll !== poll && record.sockets.size > 0 && this.probeFor(record, poll)) return true;
    }
    for (const record of batch) {
      if (record.closedPoll !== poll && record.sockets.size === 0 && this.probeFor(record, poll)) return true;
    }
    return false;
  }

  /** Reads the likely new descriptors of `record` if it closed sockets or its fd count changed; true once all are found. */
  private probeFor(record: ProcRecord, poll: number): boolean {
    const count = this.table.readFdCount(record, this.stats);
    if (count === null || (count === record.fdCount && record.closedPoll !== poll)) return false;
    this.table.probe(record, count, poll, this.stats, this.foundOne);
    return this.remaining.size === 0;
  }

  /**
   * Searches deeper: the numbers that held files in processes holding mostly
   * sockets; whole, the probed processes whose likely descriptors did not account
   * for their count; then, for never-searched inodes, every other process.
   */
  private searchDeeper(batch: readonly ProcRecord[], poll: number): void {
    const table = this.table;
    const unread = (record: ProcRecord) =>
      record.scannedPoll !== poll && table.records.get(record.pid) === record;
    // Retries were searched for everywhere before: past the processes that changed,
    // they are left to the rolling pass (a full search each retry would cost a spike
    // per `retryBackoffMaxPolls` for every kernel-held socket).
    const everywhere = () => this.newLeft > 0;
    for (const record of batch) {
      if (!unread(record) || (record.probedPoll !== poll && !everywhere())) continue;
      table.probeOthers(record, poll, this.stats, this.foundOne);
      if (this.remaining.size === 0) return;
    }
    for (const record of batch) {
      if (record.probedPoll === poll && record.fdCount < 0 && unread(record)) {
        if (this.scanFor(record.pid, record, poll)) return;
      }
    }
    for (const record of batch) {
      if (!everywhere()) return;
      if (record.probedPoll === poll && unread(record)) this.scanFor(record.pid, record, poll);
    }
    for (const record of batch) {
      if (!everywhere()) return;
      if (unread(record)) this.scanFor(record.pid, record, poll);
    }
  }

  /** Reads one process whole as a search candidate; true once every searched inode is found. */
  private scanFor(pid: number, known: ProcRecord | undefined, poll: number): boolean {
    this.stats.processesScanned++;
    const record = this.table.scan(pid, known, poll, this.stats);
    if (record) {
      const held = record.sockets;
      const remaining = this.remaining;
      if (remaining.size <= held.size) {
        for (const inode of remaining) if (held.has(inode)) this.found(inode);
      } else {
        for (const inode of held.keys()) this.found(inode);
      }
    }
    return this.remaining.size === 0;
  }

  /** Called by a probe for each socket it meets: true once every searched inode is found. */
  private readonly foundOne = (inode: number): boolean => {
    this.found(inode);
    return this.remaining.size === 0;
  };

  private found(inode: number): void {
    if (this.remaining.delete(inode) && !this.misses.has(inode)) this.newLeft--;
  }

  /** Records the outcome for the searched inodes, with their next retry; forgets stale misses. */
  private settle(poll: number): void {
    const holders = this.table.holders;
    // Every process we may read was read: an unfound inode may be in one we may not.
    const reason = this.table.notPermitted > 0 ? 'not-permitted' : 'no-process';
    for (const inode of this.pending) {
      // Found ones count as asked from now on, so that their closing is noticed.
      if (holders.markAsked(inode, poll)) continue;
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
