import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The scripts around the desktop app, run for real: `npm start`'s launcher
// (scripts/start-desktop.mjs) and the package check (scripts/check-package.mjs:
// electron-builder --linux dir against a stand-in Electron, then app.asar read
// back). Both need the build; it is run here when it is missing.

const root = fileURLToPath(new URL('../../../', import.meta.url));
const NATIVE = 'electron/collectors/linux/native/build/Release/sockscope_native.node';

/** Runs `npm run <script>` in the project; fails the test with its output's tail if it fails. */
function npmRun(script: string): void {
  const result = spawnSync('npm', ['run', script], { cwd: root, encoding: 'utf8', timeout: 600_000 });
  if (result.status !== 0) {
    const tail = `${result.stdout}${result.stderr}`.trim().split('\n').slice(-20).join('\n');
    assert.fail(`npm run ${script} failed (status ${result.status}), so this test cannot run:\n${tail}`);
  }
}

/** Builds what is missing: main and preload (tsc, esbuild), renderer (vite), native addon. */
function ensureBuilt(files: readonly string[]): void {
  if (files.every((file) => existsSync(join(root, file)))) return;
  npmRun('build');
  if (!existsSync(join(root, NATIVE))) npmRun('build:native');
  const missing = files.filter((file) => !existsSync(join(root, file)));
  assert.deepEqual(missing, [], 'still missing after npm run build and npm run build:native');
}

const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((path) => existsSync(path));
const asRoot = process.getuid?.() === 0;

test(
  'npm start refuses root with the explanation, before Electron is started',
  { skip: !asRoot && 'needs root' },
  () => {
    ensureBuilt(['dist/electron/desktop/root-check.js']);
    const result = spawnSync(process.execPath, ['scripts/start-desktop.mjs'], {
      cwd: root,
      encoding: 'utf8',
      // A stand-in Electron that would say so if it were started.
      env: { ...process.env, SUDO_USER: 'alice', ELECTRON_OVERRIDE_DIST_PATH: '/nonexistent' },
      timeout: 30_000,
    });
    assert.equal(result.status, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^Sockscope does not run as root\n\n/);
    assert.match(result.stderr, /Start it again as alice, without sudo/);
    assert.match(result.stderr, /sudo sockscope serve/);
    assert.doesNotMatch(result.stderr, /nonexistent|spawn/);
  },
);

test(
  'npm start as an ordinary user starts Electron on the project, with its arguments and exit status',
  { skip: !asRoot || setpriv === undefined ? 'needs root and setpriv (to run as nobody)' : false },
  (t) => {
    ensureBuilt(['dist/electron/desktop/root-check.js']);
    const dir = mkdtempSync(join(tmpdir(), 'sockscope-electron-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    chmodSync(dir, 0o777);
    const record = join(dir, 'args.txt');
    // Electron's own launcher (node_modules/electron) runs this instead of the real binary.
    writeFileSync(join(dir, 'electron'), `#!/bin/sh\nprintf '%s\\n' "$@" > ${record}\nexit 7\n`);
    chmodSync(join(dir, 'electron'), 0o755);
    const result = spawnSync(
      setpriv!,
      [
        '--reuid=65534',
        '--regid=65534',
        '--clear-groups',
        process.execPath,
        'scripts/start-desktop.mjs',
        '--trace',
      ],
      {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: dir },
        timeout: 30_000,
      },
    );
    assert.equal(result.status, 7, result.stderr);
    assert.deepEqual(readFileSync(record, 'utf8').split('\n'), [root, '--trace', '']);
  },
);

const PACKAGED = [
  'dist/electron/main.js',
  'dist/electron/preload.cjs',
  'dist/electron/ipc.js',
  'dist/renderer/index.html',
  NATIVE,
];

function checkPackage(...args: string[]) {
  return spawnSync(process.execPath, ['scripts/check-package.mjs', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 300_000,
  });
}

test('the Linux package holds main, preload, renderer, icon, and the native addon and kill helper unpacked', () => {
  ensureBuilt(PACKAGED);
  const result = checkPackage();
  assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
  const lines = result.stdout.split('\n');
  for (const entry of [
    '/dist/electron/main.js',
    '/dist/electron/preload.cjs',
    '/dist/renderer/index.html',
    '/package.json',
    '/assets/icons/256x256.png',
    `/${NATIVE}`,
    `app.asar.unpacked/${NATIVE}`,
    `app.asar.unpacked/${NATIVE.replace('sockscope_native.node', 'sockscope-kill-helper')}`,
  ]) {
    assert.ok(lines.includes(`  ok      ${entry}`), `no ok line for ${entry}:\n${result.stdout}`);
  }
  assert.equal(lines.at(-2), 'package check: ok');
});

test('the package check fails when the native addon and the kill helper would be packed inside app.asar', () => {
  ensureBuilt(PACKAGED);
  const result = checkPackage('--', '-c.asarUnpack=**/nothing-to-unpack');
  assert.equal(result.status, 1, `${result.stdout}${result.stderr}`);
  assert.match(result.stderr, /sockscope_native\.node is packed inside app\.asar: it must be unpacked/);
  assert.match(result.stderr, /sockscope-kill-helper is packed inside app\.asar: it must be unpacked/);
  assert.match(result.stdout, /MISSING app\.asar\.unpacked\/electron/);
});
