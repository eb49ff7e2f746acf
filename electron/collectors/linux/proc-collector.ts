import { performance } from 'node:perf_hooks';
import { OwnerResolver } from '../../processes/owner-resolver.js';
import type { Collector, CollectorInfo, CollectorSnapshot } from '../collector.js';
import { loadNativeAddon } from './native-addon.js';
import { readProcNetSockets } from './proc-net-reader.js';
import { ownedSnapshot } from './socket-owners.js';

export interface ProcCollectorOptions {
  /** Where procfs is mounted; default `/proc`. */
  procRoot?: string;
  /** Why this collector was chosen, for CollectorInfo. */
  reason: string;
}

/**
 * The /proc collector: sockets from /proc/net/{tcp,tcp6,udp,udp6}, owners from
 * the incremental inode -> pid resolver. It has no per-connection counters.
 */
export function createProcCollector(options: ProcCollectorOptions): Collector {
  const procRoot = options.procRoot ?? '/proc';
  // The addon reads a process's descriptor table in one call; without it the
  // TypeScript reads give the same owners, with slower cold polls.
  const native = loadNativeAddon();
  const resolver = new OwnerResolver({ procRoot, native: native.addon });
  const info: CollectorInfo = {
    name: 'linux-proc',
    reason: options.reason,
    capabilities: {
      owners: true,
      counters: false,
      limits: [
        'no byte, segment or rtt counters: /proc/net/tcp does not carry them',
        ...(native.addon
          ? []
          : [`owners found without the native addon (${native.reason}): cold polls are slower`]),
      ],
    },
  };

  return {
    info,
    async snapshot(): Promise<CollectorSnapshot> {
      const takenAt = Date.now();
      const startedAt = performance.now();
      const sockets = readProcNetSockets(procRoot);
      return ownedSnapshot(resolver, {
        takenAt,
        startedAt,
        rows: sockets.rows,
        consistent: true,
        skippedRows: sockets.skipped,
        duplicateRows: sockets.duplicates,
        retriedReads: 0,
        truncatedReads: 0,
      });
    },
    close(): void {},
  };
}
