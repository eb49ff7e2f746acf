import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { noActions, type ActionsInfo } from '../shared/actions.js';
import type { AppInfo } from '../shared/protocol.js';

/** The runtimes worth naming in Help > About; Electron adds its own and Chromium's. */
const VERSION_KEYS = ['node', 'v8', 'electron', 'chrome'] as const;

/**
 * What this process is, for the `info` request: name and version from the
 * project's package.json, runtime versions, platform and whether it runs as
 * root, and which actions it offers (none unless the caller says).
 */
export function buildAppInfo(mode: AppInfo['mode'], options: { actions?: ActionsInfo } = {}): AppInfo {
  const versions: Record<string, string> = {};
  for (const key of VERSION_KEYS) {
    const version = process.versions[key];
    if (version !== undefined) versions[key] = version;
  }
  return {
    name: 'sockscope',
    version: packageVersion(),
    mode,
    versions,
    platform: process.platform,
    elevated: process.getuid?.() === 0,
    actions: options.actions ?? noActions('not offered here'),
  };
}

let cachedVersion: string | undefined;

/**
 * The version in sockscope's package.json. The file sits one folder up from
 * the source (electron/) and two from the build (dist/electron/), so walk up
 * to the first package.json that names the project.
 */
function packageVersion(): string {
  if (cachedVersion !== undefined) return cachedVersion;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 4; depth++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
      if (pkg.name === 'sockscope' && typeof pkg.version === 'string') return (cachedVersion = pkg.version);
    } catch {
      // No package.json here (or not readable): keep walking up.
    }
    dir = dirname(dir);
  }
  return (cachedVersion = 'unknown');
}
