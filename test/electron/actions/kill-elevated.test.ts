import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { killElevation } from '../../../electron/actions/kill-elevation.js';
import { runFile, type HelperExit, type HelperRunner } from '../../../electron/actions/kill-helper-run.js';
import { KillService } from '../../../electron/actions/kill-service.js';
import type { Monitor } from '../../../electron/monitor/monitor.js';
import { killHelperPath } from '../../../electron/processes/kill-helper-path.js';
import type { KillRequest } from '../../../shared/actions.js';
import { isAlive } from '../processes/children.js';
import { COOPERATIVE, STUBBORN, exitOf, realMonitor, seenOwner, startKillChild } from './kill-fixtures.js';

// "Retry as administrator": the real helper run directly (we are root here,
// and there is no polkit agent to answer pkexec), and what pkexec's own exits
// and a missing pkexec become.

const HELPER = killHelperPath();
const needsRoot = process.getuid?.() === 0 ? false : 'the helper signals as root: run as root';

/** A runner that records its calls and runs the real helper without pkexec. */
function directRunner(calls: string[][]): HelperRunner {
  return (helper, args) => {
    calls.push([helper, ...args]);
    return runFile(helper, args, 10_000);
  };
}

/** A runner standing in for pkexec that exits with `code` without running anything. */
function pkexecExiting(code: number, calls: string[][]): HelperRunner {
  return async (helper, args): Promise<HelperExit> => {
    calls.push([helper, ...args]);
    return { code, stderr: '' };
  };
}

function service(
  monitor: Monitor,
  runner: HelperRunner,
  pkexec: string | null = '/usr/bin/pkexec',
): KillService {
  return new KillService({
    table: () => monitor.table,
    killGraceMs: 500,
    elevation: killElevation({ findPkexec: () => pkexec, killHelperPath: () => HELPER, runner }),
  });
}

const asAdmin = (pid: number, startTime: number, signal: KillRequest['signal'] = 'SIGTERM'): KillRequest => ({
  pid,
  startTime,
  signal,
  asAdministrator: true,
});

test('the helper is built', () => {
  assert.ok(
    HELPER !== null,
    'npm run build:native builds electron/collectors/linux/native/build/Release/sockscope-kill-helper',
  );
});

test(
  'as administrator, the helper sends SIGTERM with integer arguments and the child exits',
  { skip: needsRoot },
  async (t) => {
    const monitor = realMonitor(t);
    const child = await startKillChild(t, COOPERATIVE);
    const owner = await seenOwner(monitor, child.pid);
    const calls: string[][] = [];
    const outcome = await service(monitor, directRunner(calls)).kill(asAdmin(child.pid, owner.startTime));
    assert.equal(outcome.kind, 'exited', outcome.message);
    assert.deepEqual(calls, [[HELPER!, String(child.pid), String(owner.startTime), '15']]);
    assert.deepEqual(await exitOf(child), { code: 0, signal: null });
    assert.deepEqual(await child.logged(), [{ signal: 'SIGTERM' }]);
  },
);

test('as administrator, SIGKILL (9) ends a child that ignores SIGTERM', { skip: needsRoot }, async (t) => {
  const monitor = realMonitor(t);
  const child = await startKillChild(t, STUBBORN);
  const owner = await seenOwner(monitor, child.pid);
  const calls: string[][] = [];
  const kill = service(monitor, directRunner(calls));
  const first = await kill.kill(asAdmin(child.pid, owner.startTime));
  assert.equal(first.kind, 'still-running', first.message);
  const forced = await kill.kill(asAdmin(child.pid, owner.startTime, 'SIGKILL'));
  assert.equal(forced.kind, 'exited', forced.message);
  assert.deepEqual(
    calls.map((c) => c[3]),
    ['15', '9'],
  );
  assert.deepEqual(await exitOf(child), { code: null, signal: 'SIGKILL' });
});

test('without pkexec the retry fails with the reason and nothing runs', async (t) => {
  const monitor = realMonitor(t);
  const child = await startKillChild(t, COOPERATIVE);
  const owner = await seenOwner(monitor, child.pid);
  const calls: string[][] = [];
  const outcome = await service(monitor, directRunner(calls), null).kill(asAdmin(child.pid, owner.startTime));
  assert.equal(outcome.kind, 'refused');
  assert.equal((outcome as { refusal: string }).refusal, 'elevation-failed');
  assert.match(outcome.message, /^pkexec is not installed: /);
  assert.deepEqual(calls, []);
  await sleep(100);
  assert.ok(isAlive(child.pid));
  assert.deepEqual(await child.logged(), []);
});

test('a dismissed or refused password dialog is "elevation-failed"; a forged start time never reaches pkexec', async (t) => {
  const monitor = realMonitor(t);
  const child = await startKillChild(t, COOPERATIVE);
  const owner = await seenOwner(monitor, child.pid);
  const calls: string[][] = [];
  const dismissed = await service(monitor, pkexecExiting(126, calls)).kill(
    asAdmin(child.pid, owner.startTime),
  );
  assert.deepEqual(dismissed, {
    kind: 'refused',
    pid: child.pid,
    refusal: 'elevation-failed',
    message: 'the administrator password dialog was dismissed',
  });
  const denied = await service(monitor, pkexecExiting(127, calls)).kill(asAdmin(child.pid, owner.startTime));
  assert.equal((denied as { refusal: string }).refusal, 'elevation-failed');
  assert.match(denied.message, /not authorized/);
  assert.equal(calls.length, 2);

  const forged = await service(monitor, pkexecExiting(0, calls)).kill(
    asAdmin(child.pid, owner.startTime + 7),
  );
  assert.equal((forged as { refusal: string }).refusal, 'identity-changed');
  const own = await service(monitor, pkexecExiting(0, calls)).kill(asAdmin(process.pid, owner.startTime));
  assert.equal((own as { refusal: string }).refusal, 'own-process');
  assert.equal(calls.length, 2, 'refused before pkexec');
  await sleep(100);
  assert.ok(isAlive(child.pid));
  assert.deepEqual(await child.logged(), []);
});
