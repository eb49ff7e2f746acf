import type { CollectorInfo, CollectorStats, CollectorTimings } from '../../shared/collector-report.js';
import type { OwnedSocketRow } from '../../shared/endpoint.js';

export type {
  CollectorCapabilities,
  CollectorInfo,
  CollectorStats,
  CollectorTimings,
} from '../../shared/collector-report.js';

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
  /**
   * The sockets. A collector may hand back a row object of an earlier
   * snapshot for a socket read unchanged (the netlink collector does), but
   * then changes nothing in it but its owner: the monitor's table builder
   * checks only the owner of a row object it has seen before.
   */
  rows: OwnedSocketRow[];
  /** False when the OS reported the reading may be torn: the monitor then reports no removals. */
  consistent: boolean;
  /**
   * Row objects of the previous snapshot that this one does not hand back,
   * from a collector that hands rows back and knows (the netlink collector):
   * the monitor looks for removed rows among these before its whole table.
   * A hint only: a row missing here is still found, more slowly.
   */
  gone?: readonly OwnedSocketRow[];
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
