import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { findPkexec, killHelperPath } from '../../../electron/processes/kill-helper-path.js';
import { parseProcPidStat, PF_KTHREAD } from '../../../electron/processes/proc-pid-stat.js';
import { isAlive, LISTENER, spawnNode, startTimeOf, type Child } from './children.js';

// The privileged helper, run directly (as root here, as pkexec would run it).
// Exit codes from its header comment: 0 sent, 2 usage, 3 refused, 4 gone,
// 5 identity changed, 6 other error.
const SENT = 0;
const USAGE = 2;
const REFUSED = 3;
const GONE = 4;
const CHANGED = 5;

const helper = killHelperPath();
const asRoot = process.getuid?.() === 0;

/** Runs the helper with `args` (argv, never a shell); its exit status and stderr. */
function runHelper(args: string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(helper!, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (data: Buffer) => (stderr += String(data)));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`helper ${JSON.stringify(args)} did not finish`));
    }, 10_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stderr });
    });
  });
}

/** A child listening on loopback, ready (it printed its port). */
async function target(t: TestContext, script = LISTENER): Promise<Child> {
  const child = spawnNode(t, script);
  await child.nextLine();
  return child;
}

function stillRunning(child: Child): boolean {
  return child.process.exitCode === null && child.process.signalCode === null && isAlive(child.pid);
}

/** A short pause: a signal wrongly sent would have arrived by then. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

test('the helper is built beside the native addon', () => {
  assert.ok(helper !== null, 'no kill helper: run npm run build:native');
  assert.match(helper, /\/build\/Release\/sockscope-kill-helper$/);
});

test(
  'malformed requests are usage errors and nothing is signalled',
  { skip: helper === null ? 'helper not built' : false },
  async (t) => {
    const child = await target(t);
    const pid = String(child.pid);
    const start = String(startTimeOf(child.pid));
    const cases: string[][] = [
      [],
      [pid],
      [pid, start],
      [pid, start, '15', '9'],
      ['1; id', start, '15'],
      [`${pid}; id`, start, '15'],
      [`-${pid}`, start, '15'],
      [`+${pid}`, start, '15'],
      [`0${pid}`, start, '15'],
      [` ${pid}`, start, '15'],
      [`${pid} `, start, '15'],
      ['', start, '15'],
      ['0x10', start, '15'],
      [`${pid}.0`, start, '15'],
      ['4194305', start, '15'],
      ['99999999999999999999999', start, '15'],
      [pid, `-${start}`, '15'],
      [pid, `0${start}`, '15'],
      [pid, '18446744073709551616', '15'],
      [pid, start, '99'],
      [pid, start, '1'],
      [pid, start, '0'],
      [pid, start, '015'],
      [pid, start, 'SIGTERM'],
      [pid, start, '-9'],
    ];
    for (const args of cases) {
      const { status, stderr } = await runHelper(args);
      assert.equal(status, USAGE, `${JSON.stringify(args)}: ${stderr}`);
      assert.match(stderr, /^sockscope-kill-helper: /);
    }
    await settle();
    assert.ok(stillRunning(child), 'nothing was signalled');
  },
);

test(
  'protected pids are refused: 0, 1, the helper itself, its parent, a kernel thread',
  { skip: helper === null ? 'helper not built' : false },
  async () => {
    assert.equal((await runHelper(['0', '0', '15'])).status, REFUSED);
    assert.equal((await runHelper(['1', String(startTimeOf(1)), '9'])).status, REFUSED);
    // Its parent is this test process, which is still here to check.
    const parent = await runHelper([String(process.pid), String(startTimeOf(process.pid)), '15']);
    assert.equal(parent.status, REFUSED, parent.stderr);
    const thread = readFileSync('/proc/2/stat', 'utf8');
    const stat = parseProcPidStat(thread);
    if (stat !== null && (stat.flags & PF_KTHREAD) !== 0) {
      const refused = await runHelper(['2', String(stat.startTime), '9']);
      assert.equal(refused.status, REFUSED, refused.stderr);
      assert.match(refused.stderr, /kernel thread/);
    }
  },
);

test(
  'a wrong start time is refused as identity changed and the child lives',
  { skip: helper === null ? 'helper not built' : false },
  async (t) => {
    const child = await target(t);
    const start = startTimeOf(child.pid);
    for (const forged of [start + 1, start - 1, 0]) {
      const { status, stderr } = await runHelper([String(child.pid), String(forged), '9']);
      assert.equal(status, CHANGED, stderr);
      assert.match(stderr, /identity changed/);
    }
    await settle();
    assert.ok(stillRunning(child));
  },
);

test(
  'a pid that has exited is reported gone',
  { skip: helper === null ? 'helper not built' : false },
  async (t) => {
    const child = await target(t);
    const identity = [String(child.pid), String(startTimeOf(child.pid))];
    child.process.kill('SIGKILL');
    await child.exited();
    assert.equal(existsSync(`/proc/${child.pid}`), false);
    const { status, stderr } = await runHelper([...identity, '15']);
    assert.equal(status, GONE, stderr);
  },
);

test(
  'a correct request is carried out: SIGTERM, and SIGKILL for a child that ignores SIGTERM',
  { skip: helper === null ? 'helper not built' : !asRoot ? 'needs root (as pkexec runs it)' : false },
  async (t) => {
    const child = await target(t);
    const term = await runHelper([String(child.pid), String(startTimeOf(child.pid)), '15']);
    assert.equal(term.status, SENT, term.stderr);
    assert.equal(term.stderr, '');
    await child.exited(5_000);
    assert.equal(child.process.signalCode, 'SIGTERM');

    const stubborn = await target(
      t,
      `process.on('SIGTERM', () => {}); console.log('ready'); setInterval(() => {}, 60000);`,
    );
    const kill = await runHelper([String(stubborn.pid), String(startTimeOf(stubborn.pid)), '9']);
    assert.equal(kill.status, SENT, kill.stderr);
    await stubborn.exited(5_000);
    assert.equal(stubborn.process.signalCode, 'SIGKILL');
  },
);

test('killHelperPath finds the helper unpacked beside app.asar in a packaged layout', (t) => {
  const root = mkdtempSync(join(tmpdir(), 'sockscope-helper-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  // What electron-builder makes: the package root is app.asar, the helper sits in app.asar.unpacked.
  const asarRoot = join(root, 'resources', 'app.asar');
  const dir = join(root, 'resources', 'app.asar.unpacked', 'electron', 'collectors', 'linux', 'native');
  const file = join(dir, 'build', 'Release', 'sockscope-kill-helper');
  assert.equal(killHelperPath(asarRoot), null, 'missing');
  mkdirSync(join(dir, 'build', 'Release'), { recursive: true });
  writeFileSync(file, '#!/bin/sh\nexit 6\n');
  chmodSync(file, 0o644);
  // Root may execute any file with an x bit; without one, nobody may.
  assert.equal(killHelperPath(asarRoot), null, 'not executable');
  chmodSync(file, 0o755);
  assert.equal(killHelperPath(asarRoot), file);
  assert.equal(killHelperPath(null), null);
});

test('findPkexec: its fixed places first, then absolute PATH entries only', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sockscope-pkexec-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const fake = join(dir, 'pkexec');
  writeFileSync(fake, '#!/bin/sh\nexit 127\n');
  chmodSync(fake, 0o755);
  assert.equal(findPkexec(`/nonexistent:${dir}`, []), fake);
  assert.equal(findPkexec(`relative/dir:/nonexistent`, []), null);
  assert.equal(findPkexec(undefined, []), null);
  assert.equal(findPkexec('', [fake]), fake);
  assert.equal(findPkexec(dir, ['/nonexistent/pkexec']), fake);
  // On this machine pkexec is not installed: the real lookup says so rather than guessing.
  const real = findPkexec();
  assert.ok(real === null || existsSync(real));
});

test('the polkit policy: admin only, active local sessions only, naming the installed helper', () => {
  const repo = fileURLToPath(new URL('../../../', import.meta.url));
  const policy = readFileSync(join(repo, 'assets', 'polkit', 'io.github.sockscope.kill.policy'), 'utf8');
  assert.match(policy, /<action id="io\.github\.sockscope\.kill">/);
  assert.match(policy, /<allow_any>no<\/allow_any>/);
  assert.match(policy, /<allow_inactive>no<\/allow_inactive>/);
  assert.match(policy, /<allow_active>auth_admin<\/allow_active>/);
  const exec = /key="org\.freedesktop\.policykit\.exec\.path">([^<]+)</.exec(policy);
  assert.equal(
    exec?.[1],
    '/opt/Sockscope/resources/app.asar.unpacked/electron/collectors/linux/native/build/Release/sockscope-kill-helper',
  );
  const builder = readFileSync(join(repo, 'electron-builder.yml'), 'utf8');
  assert.match(builder, /- '\*\*\/sockscope-kill-helper'/, 'unpacked from app.asar');
  assert.match(builder, /- electron\/collectors\/linux\/native\/build\/Release\/sockscope-kill-helper/);
  assert.match(
    builder,
    /assets\/polkit\/io\.github\.sockscope\.kill\.policy=\/usr\/share\/polkit-1\/actions\/io\.github\.sockscope\.kill\.policy/,
  );
});
