/** How the status bar names the collector: "netlink" or "/proc", else the collector's own name. */
import type { CollectorInfo } from '../../shared/collector-report.js';

const SHORT_NAMES: Record<string, string> = { 'linux-netlink': 'netlink', 'linux-proc': '/proc' };

/** The collector's name for the status bar. */
export function collectorLabel(collector: CollectorInfo): string {
  return SHORT_NAMES[collector.name] ?? collector.name;
}

/** "no counters: <limit>" when the collector reads none, else ''. */
export function countersGap(collector: CollectorInfo): string {
  if (collector.capabilities.counters) return '';
  const limit = collector.capabilities.limits[0];
  return limit === undefined ? 'no counters' : `no counters: ${limit}`;
}
