#!/usr/bin/env node
// Builds the native addon (electron/collectors/linux/native) with node-gyp, and
// beside it the privileged kill helper (electron/processes/kill-helper, a second
// target of the same binding.gyp: an executable in build/Release). Never
// fails: without a compiler or headers the app runs on the TypeScript fallback,
// so a failed build only says so. Run it through npm (`npm run build:native`):
// npm puts node-gyp on PATH and hands it the `nodedir` config.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const directory = join(root, 'electron', 'collectors', 'linux', 'native');
const built = join(directory, 'build', 'Release', 'sockscope_native.node');
const helper = join(directory, 'build', 'Release', 'sockscope-kill-helper');

function fallback(why) {
  console.log(`native addon not built: ${why}; using the TypeScript fallback`);
  process.exit(0);
}

if (process.platform !== 'linux') fallback(`not Linux (${process.platform})`);
const result = spawnSync('node-gyp', ['rebuild', '--directory', directory], {
  cwd: root,
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'pipe'],
});
if (result.error) {
  const code = /** @type {NodeJS.ErrnoException} */ (result.error).code;
  fallback(code === 'ENOENT' ? 'node-gyp not found (run it through npm)' : String(result.error.message));
}
if (result.status !== 0) {
  const output = `${result.stdout}${result.stderr}`.trim().split('\n');
  console.log(output.slice(-15).join('\n'));
  const reason = output.findLast((line) => /error/i.test(line)) ?? `node-gyp exited with ${result.status}`;
  fallback(reason.trim());
}
if (!existsSync(built)) fallback(`node-gyp left no ${built}`);
console.log(`native addon built: ${built}`);
// Without the helper only "Retry as administrator" is missing, and the app says so.
console.log(existsSync(helper) ? `kill helper built: ${helper}` : `kill helper not built: no ${helper}`);
