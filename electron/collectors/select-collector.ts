import type { Collector } from './collector.js';
import { loadNativeAddon } from './linux/native-addon.js';
import { createNetlinkCollector } from './linux/netlink-collector.js';
import { createProcCollector } from './linux/proc-collector.js';

/** Raised when no collector can run here, with a message a user can act on. */
export class CollectorUnavailableError extends Error {
  override name = 'CollectorUnavailableError';
}

export interface SelectOptions {
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  procRoot?: string;
}

/** The collector names `SOCKSCOPE_COLLECTOR` accepts. */
export const FORCEABLE_COLLECTORS = ['netlink', 'proc'] as const;
type Forceable = (typeof FORCEABLE_COLLECTORS)[number];

/**
 * Picks the collector for the running OS and says why. Nothing else in the
 * app branches on the OS.
 *
 * Linux, in order:
 *   1. `SOCKSCOPE_COLLECTOR=netlink|proc` forces one (netlink fails loudly
 *      when it cannot run);
 *   2. netlink: NETLINK_SOCK_DIAG dumps through the native addon, with
 *      tcp_info counters, if the addon loads and the kernel answers a dump;
 *   3. else /proc/net/{tcp,tcp6,udp,udp6}, which has no counters: its reason
 *      says why netlink was not used, and its limits say what is missing.
 * Both use the incremental owner resolver. macOS and Windows have no collector yet.
 */
export function createCollector(options: SelectOptions = {}): Collector {
  const platform = options.platform ?? process.platform;
  const env = options.env ?? process.env;
  if (platform !== 'linux') {
    throw new CollectorUnavailableError(
      `Sockscope cannot list sockets on ${platform} yet: only Linux has a collector so far`,
    );
  }
  const forced = env.SOCKSCOPE_COLLECTOR;
  if (forced !== undefined && forced !== '') {
    if (!(FORCEABLE_COLLECTORS as readonly string[]).includes(forced)) {
      throw new CollectorUnavailableError(
        `SOCKSCOPE_COLLECTOR=${forced} is not a collector here; use one of: ${FORCEABLE_COLLECTORS.join(', ')}`,
      );
    }
    return createForced(forced as Forceable, options.procRoot);
  }
  const netlink = tryNetlink(options.procRoot, 'Linux: sock_diag netlink dumps with tcp_info counters');
  if (netlink.collector) return netlink.collector;
  return createProcCollector({
    procRoot: options.procRoot,
    reason: `Linux: /proc/net parser, because the netlink collector is unavailable (${netlink.why})`,
  });
}

function createForced(forced: Forceable, procRoot: string | undefined): Collector {
  const reason = `forced by SOCKSCOPE_COLLECTOR=${forced}`;
  if (forced === 'proc') return createProcCollector({ procRoot, reason });
  const netlink = tryNetlink(procRoot, reason);
  if (netlink.collector) return netlink.collector;
  throw new CollectorUnavailableError(`SOCKSCOPE_COLLECTOR=netlink, but netlink cannot run: ${netlink.why}`);
}

/** The netlink collector, or why it cannot run: the addon is missing, or the kernel refused the probe dump. */
function tryNetlink(
  procRoot: string | undefined,
  reason: string,
): { collector: Collector; why?: never } | { collector?: never; why: string } {
  const native = loadNativeAddon();
  if (native.addon === null) return { why: `native addon: ${native.reason}` };
  try {
    return { collector: createNetlinkCollector({ addon: native.addon, procRoot, reason }) };
  } catch (error) {
    return { why: `the kernel refused it: ${(error as Error).message}` };
  }
}
