import type { OwnedSocketRow } from '../../shared/endpoint.js';

/** What a collector can and cannot report, with the reason for each gap. */
export interface CollectorCapabilities {
  /** Owning processes. */
  owners: boolean;
  /** Per-connection byte, segment and rtt counters. */
  counters: boolean;
  /** Human-readable reasons for what is missing, e.g. why counters are absent. */
  limits: string[];
}

/** Which collector runs and why it was chosen. */
export interface CollectorInfo {
  /** e.g. `linux-proc`. */
  name: string;
  /** Why this collector was chosen, for the UI and `snapshot --json`. */
  reason: string;
  capabilities: CollectorCapabilities;
}

/** What could not be seen in one snapshot: skipped and counted, never fatal. */
export interface CollectorStats {
  /** Malformed rows skipped by the parser. */
  skippedRows: number;
  /** Rows read twice (a /proc file changing while read) and dropped. */
  duplicateRows: number;
  /** Sockets whose owner could not be read because a process was not inspectable. */
  ownersNotPermitted: number;
  /** Sockets with an inode that no visible process holds. */
  ownersNotFound: number;
  /** Processes whose descriptors could not be read (EACCES/EPERM). */
  processesNotPermitted: number;
  /** Processes and descriptors that vanished while being read. */
  vanished: number;
  /** Socket reads repeated because the OS flagged them torn (netlink NLM_F_DUMP_INTR). */
  retriedReads: number;
  /** Socket reads that came back cut short (netlink MSG_TRUNC, or a message longer than its datagram). */
  truncatedReads: number;
}

/** Where one snapshot spent its time, in milliseconds. */
export interface CollectorTimings {
  socketsMs: number;
  ownersMs: number;
}

/** One reading of every socket on the machine. */
export interface CollectorSnapshot {
  /** Milliseconds since the epoch. */
  takenAt: number;
  /**
   * performance.now() when the sockets were read, in milliseconds. Rates
   * divide by the difference between two snapshots' values: unlike takenAt,
   * a wall clock that NTP steps cannot make it zero, negative or too large.
   */
  monotonicAt: number;
  rows: OwnedSocketRow[];
  /** False when the OS reported the reading may be torn: the monitor then reports no removals. */
  consistent: boolean;
  stats: CollectorStats;
  timings: CollectorTimings;
}

/** One implementation per OS (and per method on Linux), behind this interface. */
export interface Collector {
  readonly info: CollectorInfo;
  snapshot(): Promise<CollectorSnapshot>;
  /** Releases what the collector holds (sockets, caches). */
  close(): void;
}

/** Stats with every count at zero. */
export function emptyStats(): CollectorStats {
  return {
    skippedRows: 0,
    duplicateRows: 0,
    ownersNotPermitted: 0,
    ownersNotFound: 0,
    processesNotPermitted: 0,
    vanished: 0,
    retriedReads: 0,
    truncatedReads: 0,
  };
}
