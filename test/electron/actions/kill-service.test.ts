import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { KillService } from '../../../electron/actions/kill-service.js';
import { noElevation } from '../../../electron/actions/kill-elevation.js';
import type { Monitor } from '../../../electron/monitor/monitor.js';
import type { KillOutcome, KillRequest } from '../../../shared/actions.js';
import { tableFromRows } from '../../../shared/diff.js';
import { isAlive, startTimeOf } from '../processes/children.js';
import {
  COOPERATIVE,
  SOCKETLESS,
  STUBBORN,
  exitOf,
  realMonitor,
  seenOwner,
  startKillChild,
  type KillChild,
} from './kill-fixtures.js';

// The kill service against the real collector's table and real children
// listening on 127.0.0.1: what it signals, what it refuses without a signal,
// and what it reports.

const GRACE_MS = 500;

function service(monitor: Monitor, ownPids: number[] = []): KillService {
  return new KillService({
    table: () => monitor.table,
    ownPids: () => ownPids,
    killGraceMs: GRACE_MS,
    elevation: noElevation('no elevation in this test'),
  });
}

function request(pid: number, startTime: number, signal: KillRequest['signal'] = 'SIGTERM'): KillRequest {
  return { pid, startTime, signal, asAdministrator: false };
}

/** The child got no signal: still alive a moment later, nothing logged. */
async function untouched(child: KillChild): Promise<void> {
  await sleep(150);
  assert.ok(isAlive(child.pid), `pid ${child.pid} is alive`);
  assert.deepEqual(await child.logged(), [], 'no signal reached the child');
}

test('a cooperative child exits on SIGTERM and never gets SIGKILL; its rows leave', async (t) => {
  const monitor = realMonitor(t);
  const child = await startKillChild(t, COOPERATIVE);
  const owner = await seenOwner(monitor, child.pid);
  let refreshed = 0;
  const kill = new KillService({
    table: () => monitor.table,
    killGraceMs: GRACE_MS,
    elevation: noElevation('none'),
    onExit: () => {
      refreshed++;
      void monitor.refresh().catch(() => undefined);
    },
  });
  const outcome = await kill.kill(request(child.pid, owner.startTime));
  assert.equal(outcome.kind, 'exited', outcome.message);
  assert.deepEqual(outcome, {
    kind: 'exited',
    pid: child.pid,
    signal: 'SIGTERM',
    message: `${owner.name} (pid ${child.pid}) exited after SIGTERM`,
  });
  assert.deepEqual(await exitOf(child), { code: 0, signal: null }, 'it exited by itself: no SIGKILL');
  assert.deepEqual(await child.logged(), [{ signal: 'SIGTERM' }]);
  assert.equal(refreshed, 1, 'the table is refreshed at once');
  await monitor.pollOnce();
  const left = [...monitor.table.rows.values()].filter(
    (r) => r.owner.kind === 'process' && r.owner.pid === child.pid,
  );
  assert.deepEqual(left, []);
});

test('a child ignoring SIGTERM is still running after the grace; SIGKILL then ends it', async (t) => {
  const monitor = realMonitor(t);
  const child = await startKillChild(t, STUBBORN);
  const owner = await seenOwner(monitor, child.pid);
  const kill = service(monitor);

  const started = Date.now();
  const first = await kill.kill(request(child.pid, owner.startTime));
  const waited = Date.now() - started;
  assert.equal(first.kind, 'still-running', first.message);
  assert.equal((first as KillOutcome & { kind: 'still-running' }).graceMs, GRACE_MS);
  assert.ok(waited >= GRACE_MS - 20 && waited < GRACE_MS + 2000, `waited ${waited} ms`);
  assert.match(first.message, /still running 0\.5 s after SIGTERM/);
  assert.deepEqual(await child.logged(), [{ signal: 'SIGTERM' }]);
  assert.ok(isAlive(child.pid));

  const forced = await kill.kill(request(child.pid, owner.startTime, 'SIGKILL'));
  assert.deepEqual(forced, {
    kind: 'exited',
    pid: child.pid,
    signal: 'SIGKILL',
    message: `${owner.name} (pid ${child.pid}) exited after SIGKILL`,
  });
  assert.deepEqual(await exitOf(child), { code: null, signal: 'SIGKILL' });
});

test('a forged start time is refused and the child lives', async (t) => {
  const monitor = realMonitor(t);
  const child = await startKillChild(t, COOPERATIVE);
  const owner = await seenOwner(monitor, child.pid);
  for (const startTime of [owner.startTime + 1, owner.startTime - 1, 0]) {
    for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
      const outcome = await service(monitor).kill(request(child.pid, startTime, signal));
      assert.deepEqual(outcome, {
        kind: 'refused',
        pid: child.pid,
        refusal: 'identity-changed',
        message: `process ${child.pid} has exited; another process now has its pid`,
      });
    }
  }
  await untouched(child);
});

test('a table whose identity no longer matches the live process: the pidfd check refuses', async (t) => {
  // The table says pid P started at T-1 (a process that has since exited and
  // whose pid was reused): the request matches the table, the kernel does not.
  const monitor = realMonitor(t);
  const child = await startKillChild(t, COOPERATIVE);
  const owner = await seenOwner(monitor, child.pid);
  const rows = [...monitor.table.rows.values()]
    .filter((r) => r.owner.kind === 'process' && r.owner.pid === child.pid)
    .map((r) => ({ ...r, owner: { ...owner, startTime: owner.startTime - 1 } }));
  const stale = tableFromRows(1, Date.now(), rows);
  const kill = new KillService({ table: () => stale, killGraceMs: GRACE_MS, elevation: noElevation('none') });
  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    const outcome = await kill.kill(request(child.pid, owner.startTime - 1, signal));
    assert.equal(outcome.kind, 'refused');
    assert.equal((outcome as { refusal: string }).refusal, 'identity-changed', outcome.message);
    assert.equal(outcome.message, `process ${child.pid} has exited; another process now has its pid`);
  }
  assert.equal(startTimeOf(child.pid), owner.startTime);
  await untouched(child);
});

test('pid 1, our own pids and a pid without rows are refused without a signal', async (t) => {
  const monitor = realMonitor(t);
  const listening = await startKillChild(t, COOPERATIVE);
  const socketless = await startKillChild(t, SOCKETLESS);
  const owner = await seenOwner(monitor, listening.pid);
  await monitor.pollOnce();
  // The listening child stands in for one of Electron's helper processes.
  const kill = service(monitor, [listening.pid]);

  const cases: [KillRequest, string, RegExp][] = [
    [request(1, startTimeOf(1)), 'protected-pid', /^pid 1 is the init process/],
    [request(process.pid, startTimeOf(process.pid)), 'own-process', /is part of Sockscope itself/],
    [request(listening.pid, owner.startTime, 'SIGKILL'), 'own-process', /is part of Sockscope itself/],
    [request(socketless.pid, startTimeOf(socketless.pid)), 'not-in-snapshot', /owns no connection/],
    [request(999_999_999, 1), 'not-in-snapshot', /owns no connection/],
  ];
  for (const [req, refusal, message] of cases) {
    const outcome = await kill.kill(req);
    assert.equal(outcome.kind, 'refused', JSON.stringify(req));
    assert.equal((outcome as { refusal: string }).refusal, refusal, outcome.message);
    assert.match(outcome.message, message);
    assert.equal(outcome.pid, req.pid);
  }
  await untouched(listening);
  await untouched(socketless);
});

test('a process gone between the table and the signal is "already exited"', async (t) => {
  const monitor = realMonitor(t);
  const child = await startKillChild(t, COOPERATIVE);
  const owner = await seenOwner(monitor, child.pid);
  child.process.kill('SIGKILL');
  await child.exited();
  const outcome = await service(monitor).kill(request(child.pid, owner.startTime));
  assert.deepEqual(outcome, {
    kind: 'already-exited',
    pid: child.pid,
    message: `${owner.name} (pid ${child.pid}) had already exited`,
  });
});
