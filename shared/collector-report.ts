/**
 * What a collector says about itself and about each reading: plain data that
 * the CLI prints and the views show (status bar, banners). The collector
 * interface itself lives on the main side, in electron/collectors/.
 */

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

/** Where one poll of the monitor spent its time, in milliseconds. */
export interface PollCost {
  socketsMs: number;
  ownersMs: number;
  diffMs: number;
  totalMs: number;
}
