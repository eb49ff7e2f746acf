/** What one `OwnerResolver.resolve()` call did and could not see. */
export interface ResolverStats {
  /** Processes listed in /proc. */
  processes: number;
  /** Inodes asked for with no known holder (after the rolling slice) and no earlier search: searched for. */
  newInodes: number;
  /** Inodes searched for again after an earlier search found no owner (their backoff ran out). */
  retriedInodes: number;
  /** Processes whose descriptors were read whole to search for new or retried inodes. */
  processesScanned: number;
  /**
   * Processes of which only the likely new descriptors were read in that search: the
   * numbers their closed sockets freed, and the ones above (Linux hands out the lowest free).
   */
  processesProbed: number;
  /** Processes re-read by the rolling full pass. */
  processesReverified: number;
  /** Open-fd counts read (stat of /proc/PID/fd) to pick the processes to search first. */
  fdCountsRead: number;
  /** Descriptor links read (including numbers found not open), by the search and the rolling pass together. */
  fdsRead: number;
  /**
   * Descriptor directories listed: a process is read by descriptor number when its
   * open-fd count is known (Linux >= 6.2) and its numbers have few holes.
   */
  fdDirsListed: number;
  /** Inodes asked for that have no owner, while some processes could not be inspected. */
  ownersNotPermitted: number;
  /** Inodes asked for that no process holds, as far as every process could be inspected. */
  ownersNotFound: number;
  /** Listed processes whose descriptors may not be read (EACCES/EPERM) as of their last attempt. */
  processesNotPermitted: number;
  /** Processes and descriptors that vanished while being read. */
  vanished: number;
  /**
   * Polls since the least recently verified known process was last read: the rolling
   * pass keeps it near `fullPassPolls` at most.
   */
  oldestScanAge: number;
}

/** Stats with every count at zero. */
export function emptyResolverStats(): ResolverStats {
  return {
    processes: 0,
    newInodes: 0,
    retriedInodes: 0,
    processesScanned: 0,
    processesProbed: 0,
    processesReverified: 0,
    fdCountsRead: 0,
    fdsRead: 0,
    fdDirsListed: 0,
    ownersNotPermitted: 0,
    ownersNotFound: 0,
    processesNotPermitted: 0,
    vanished: 0,
    oldestScanAge: 0,
  };
}
