import type { Collector } from './collector.js';
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
export const FORCEABLE_COLLECTORS = ['proc'] as const;

/**
 * Picks the collector for the running OS and says why. Nothing else in the
 * app branches on the OS.
 *
 * Linux, in order:
 *   1. `SOCKSCOPE_COLLECTOR=proc` forces a method;
 *   2. /proc/net/{tcp,tcp6,udp,udp6} + the incremental owner resolver.
 * macOS and Windows have no collector yet.
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
    return createProcCollector({
      procRoot: options.procRoot,
      reason: `forced by SOCKSCOPE_COLLECTOR=${forced}`,
    });
  }
  return createProcCollector({
    procRoot: options.procRoot,
    reason: 'Linux: /proc/net parser with the incremental owner resolver',
  });
}
