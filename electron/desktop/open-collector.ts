/**
 * The desktop app's collector. Where none can run (macOS and Windows have no
 * collector yet), the window still opens: it gets a stand-in whose every
 * poll fails with the reason, which the view shows in its error banner,
 * rather than an app that vanishes at launch.
 */
import type { Collector } from '../collectors/collector.js';
import { createCollector } from '../collectors/select-collector.js';

/** The collector createCollector picks, or a stand-in that reports why there is none. */
export function openCollector(create: () => Collector = createCollector): Collector {
  try {
    return create();
  } catch (error) {
    return unavailableCollector((error as Error).message);
  }
}

/** A collector whose polls fail with `reason`. */
export function unavailableCollector(reason: string): Collector {
  return {
    info: {
      name: 'none',
      reason,
      capabilities: { owners: false, counters: false, limits: [reason] },
    },
    snapshot: () => Promise.reject(new Error(reason)),
    close() {},
  };
}
