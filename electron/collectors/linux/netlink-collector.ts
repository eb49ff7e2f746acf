import { performance } from 'node:perf_hooks';
import type { SocketRow } from '../../../shared/endpoint.js';
import { OwnerResolver } from '../../processes/owner-resolver.js';
import type { Collector, CollectorInfo, CollectorSnapshot } from '../collector.js';
import type { NativeAddon } from './native-addon.js';
import { readProcNetSockets } from './proc-net-reader.js';
import {
  SockDiagError,
  SockDiagReader,
  TCP_BOTH_FAMILIES_DUMP,
  TCP_DUMPS,
  UDP_DUMPS,
  type SockDiagDump,
} from './sock-diag-reader.js';
import { PollOwners } from './socket-owners.js';

export interface NetlinkCollectorOptions {
  /** The loaded native addon: the netlink socket is its. */
  addon: NativeAddon;
  /** Where procfs is mounted, for owners; default `/proc`. */
  procRoot?: string;
  /** Why this collector was chosen, for CollectorInfo. */
  reason: string;
}

/**
 * The netlink collector: sockets and their tcp_info counters from
 * NETLINK_SOCK_DIAG dumps, owners from the incremental inode -> pid resolver.
 *
 * Creating it is the probe: it opens the socket and dumps once, and throws a
 * SockDiagError when the kernel refuses TCP, so the selector can fall back
 * to /proc. TCP is dumped for both families at once where the kernel still
 * answers the original request, else one dump per family. UDP has its own kernel module (udp_diag) that a kernel may lack;
 * then UDP alone is read from /proc/net/udp{,6}, and the limits say so.
 */
export function createNetlinkCollector(options: NetlinkCollectorOptions): Collector {
  const procRoot = options.procRoot ?? '/proc';
  const reader = new SockDiagReader(options.addon);
  const limits: string[] = [];
  let tcp: readonly SockDiagDump[];
  let udp: readonly SockDiagDump[] = UDP_DUMPS;
  try {
    tcp = probe(reader, TCP_BOTH_FAMILIES_DUMP) ? TCP_BOTH_FAMILIES_DUMP : TCP_DUMPS;
    if (tcp === TCP_DUMPS) reader.read(TCP_DUMPS); // throws when the kernel refuses TCP dumps
    try {
      reader.read(UDP_DUMPS);
    } catch (error) {
      udp = [];
      limits.push(
        `UDP sockets read from /proc/net/udp: the kernel refused their netlink dump (${String(error)})`,
      );
    }
  } catch (error) {
    reader.close();
    throw error;
  }
  const dumps = [...tcp, ...udp];
  const udpFromProc = udp.length === 0;
  const resolver = new OwnerResolver({ procRoot, native: options.addon });
  const owners = new PollOwners(resolver);
  const info: CollectorInfo = {
    name: 'linux-netlink',
    reason: options.reason,
    capabilities: { owners: true, counters: true, limits },
  };

  return {
    info,
    async snapshot(): Promise<CollectorSnapshot> {
      const takenAt = Date.now();
      const startedAt = performance.now();
      // Owners are found as the rows come, while the kernel builds the TCP dump on another core.
      const sockets = reader.read(
        dumps,
        () => owners.prepare(),
        (rows, from, to) => owners.take(rows, from, to),
      );
      const rows: SocketRow[] = sockets.rows;
      // A torn dump was read again: its first rows were taken, but the rows are the last read's.
      if (sockets.retries > 0) owners.take(rows, 0, rows.length);
      let skippedRows = sockets.malformed;
      let duplicateRows = 0;
      if (udpFromProc) {
        const udp = readProcNetSockets(procRoot, ['udp']);
        const from = rows.length;
        for (const row of udp.rows) rows.push(row);
        owners.take(rows, from, rows.length);
        skippedRows += udp.skipped;
        duplicateRows += udp.duplicates;
      }
      return owners.finish({
        takenAt,
        startedAt,
        rows,
        consistent: sockets.consistent,
        skippedRows,
        duplicateRows,
        retriedReads: sockets.retries,
        truncatedReads: sockets.truncated,
        gone: sockets.gone,
      });
    },
    close(): void {
      reader.close();
    },
  };
}

/** Whether the kernel answers `dumps` (a refusal is a SockDiagError; anything else is thrown). */
function probe(reader: SockDiagReader, dumps: readonly SockDiagDump[]): boolean {
  try {
    reader.read(dumps);
    return true;
  } catch (error) {
    if (error instanceof SockDiagError) return false;
    throw error;
  }
}
