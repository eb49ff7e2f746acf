/** The text of Help > About: the app's version, its runtimes', and the collector in use and why. */
import type { CollectorInfo } from '../../shared/collector-report.js';
import type { AppInfo } from '../../shared/protocol.js';

/** The runtimes named, in this order, with the labels users know them by. */
const RUNTIMES: readonly [key: string, label: string][] = [
  ['electron', 'Electron'],
  ['chrome', 'Chromium'],
  ['node', 'Node.js'],
  ['v8', 'V8'],
];

/** A title line and the details under it, for a message box. */
export function aboutText(info: AppInfo, collector: CollectorInfo): { message: string; detail: string } {
  const lines = RUNTIMES.flatMap(([key, label]) => {
    const version = info.versions[key];
    return version === undefined ? [] : [`${label} ${version}`];
  });
  lines.push('', `Collector: ${collector.name}`, collector.reason);
  if (collector.capabilities.limits.length > 0)
    lines.push(...collector.capabilities.limits.map((l) => `- ${l}`));
  lines.push('', `${info.platform}${info.elevated ? ', running as root' : ''}`);
  return { message: `Sockscope ${info.version}`, detail: lines.join('\n') };
}
