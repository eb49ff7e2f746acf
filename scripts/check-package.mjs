#!/usr/bin/env node
// `npm run package:check`: packages the desktop app for Linux as a plain
// folder (electron-builder --linux dir) into a temporary directory, offline,
// against a stand-in Electron (an `electron` file and a `version` file: the
// real binary cannot be fetched everywhere), then reads app.asar and checks
// it holds what the app loads at run time: main, preload, renderer, icon,
// runtime dependencies, the native addon and the kill helper unpacked beside
// it (the helper executable); and none of the sources, tests or development
// dependencies.
// Needs `npm run build` and `npm run build:native` first (exit status 2 says so).
// `--keep` leaves the temporary directory for a look; arguments after `--` go to
// electron-builder (e.g. `-- -c.asarUnpack=none` to see the check fail).
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const asar = require('@electron/asar');

const NATIVE = 'electron/collectors/linux/native/build/Release/sockscope_native.node';
/** The privileged kill helper pkexec runs: a program, so it must be on disk and executable. */
const KILL_HELPER = 'electron/collectors/linux/native/build/Release/sockscope-kill-helper';
/** Files that must be unpacked beside app.asar: dlopen and exec read them from disk. */
const UNPACKED = [NATIVE, KILL_HELPER];
/** Built files the package must carry; missing ones mean the build has not run. */
const BUILT = [
  'dist/electron/main.js',
  'dist/electron/preload.cjs',
  'dist/electron/ipc.js',
  'dist/electron/desktop/app-protocol.js',
  'dist/electron/collectors/linux/native-addon.js',
  'dist/renderer/index.html',
  ...UNPACKED,
];
/** Further entries of app.asar, as its paths (leading slash). */
const ALSO_PACKED = ['/package.json', '/assets/icons/256x256.png', '/node_modules/ws/package.json'];
/** Nothing under these may be packed: sources, tests, tools, development dependencies. */
const NEVER_PACKED = [
  /^\/(test|scripts|renderer|shared|tmp-exp)\//,
  /^\/electron\/.*\.(ts|c|h|gyp|mk)$/,
  /^\/node_modules\/(electron|electron-builder|typescript|vite|react|react-dom|ag-grid-community|playwright-core)\//,
  /\.test\.(ts|js)$/,
];

const dashes = process.argv.indexOf('--');
const ownArgs = dashes === -1 ? process.argv.slice(2) : process.argv.slice(2, dashes);
const builderArgs = dashes === -1 ? [] : process.argv.slice(dashes + 1);
const keep = ownArgs.includes('--keep');
const missing = BUILT.filter((file) => !existsSync(join(root, file)));
if (missing.length > 0) {
  console.error(
    `package check: not built: ${missing.join(', ')}\nrun npm run build && npm run build:native first`,
  );
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'sockscope-package-'));
const problems = [];
try {
  const electronDist = join(work, 'electron-dist');
  const output = join(work, 'out');
  mkdirSync(electronDist);
  writeFileSync(
    join(electronDist, 'electron'),
    '#!/bin/sh\necho "stand-in Electron for the package check" >&2\nexit 1\n',
  );
  chmodSync(join(electronDist, 'electron'), 0o755);
  const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
  writeFileSync(join(electronDist, 'version'), electronVersion);

  const builder = spawnSync(
    process.execPath,
    [
      require.resolve('electron-builder/cli.js'),
      '--linux',
      'dir',
      '--publish',
      'never',
      `-c.electronDist=${electronDist}`,
      `-c.directories.output=${output}`,
      ...builderArgs,
    ],
    { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true' }, timeout: 300_000 },
  );
  if (builder.status !== 0) {
    console.error(`${builder.stdout}${builder.stderr}`);
    throw new Error(`electron-builder exited with ${builder.status ?? builder.signal ?? builder.error}`);
  }
  const appOut = join(output, 'linux-unpacked');
  const archive = join(appOut, 'resources', 'app.asar');
  if (!existsSync(archive)) throw new Error(`electron-builder made no ${archive}`);
  const entries = new Set(
    asar.listPackage(archive, { isPack: false }).map((entry) => entry.replaceAll('\\', '/')),
  );

  for (const file of [...BUILT.map((f) => `/${f}`), ...ALSO_PACKED]) {
    if (!entries.has(file)) problems.push(`app.asar lacks ${file}`);
  }
  if (![...entries].some((entry) => /^\/dist\/renderer\/.+\.js$/.test(entry))) {
    problems.push('app.asar holds no renderer script under /dist/renderer/');
  }
  for (const entry of entries) {
    if (NEVER_PACKED.some((pattern) => pattern.test(entry))) problems.push(`app.asar holds ${entry}`);
  }
  // Marked unpacked in the archive's header, and there on disk: dlopen and exec read them from there.
  for (const file of UNPACKED) {
    if (entries.has(`/${file}`) && !asar.statFile(archive, file).unpacked) {
      problems.push(`${file} is packed inside app.asar: it must be unpacked`);
    }
    const onDisk = join(appOut, 'resources', 'app.asar.unpacked', file);
    if (!existsSync(onDisk) || statSync(onDisk).size !== statSync(join(root, file)).size) {
      problems.push(`app.asar.unpacked lacks ${file}`);
    }
  }
  const helper = join(appOut, 'resources', 'app.asar.unpacked', KILL_HELPER);
  if (existsSync(helper) && (statSync(helper).mode & 0o111) === 0) {
    problems.push(`${KILL_HELPER} is not executable in the package`);
  }
  const manifest = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8'));
  if (manifest.main !== 'dist/electron/main.js' || manifest.type !== 'module') {
    problems.push(`the packed package.json has main ${manifest.main} and type ${manifest.type}`);
  }
  if (!existsSync(join(appOut, 'sockscope-desktop'))) problems.push('no sockscope-desktop executable');

  console.log(`package check: ${entries.size} entries in ${archive}`);
  for (const file of [...BUILT.map((f) => `/${f}`), ...ALSO_PACKED]) {
    console.log(`  ${entries.has(file) ? 'ok     ' : 'MISSING'} ${file}`);
  }
  for (const file of UNPACKED) {
    const there = existsSync(join(appOut, 'resources', 'app.asar.unpacked', file));
    console.log(`  ${there ? 'ok     ' : 'MISSING'} app.asar.unpacked/${file}`);
  }
} catch (error) {
  problems.push(error.message);
} finally {
  if (keep) console.log(`package check: kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
for (const problem of problems) console.error(`package check: ${problem}`);
console.log(problems.length === 0 ? 'package check: ok' : `package check: ${problems.length} problem(s)`);
process.exit(problems.length === 0 ? 0 : 1);
