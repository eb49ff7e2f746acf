import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyStats, type Collector } from '../../../electron/collectors/collector.js';
import { Monitor } from '../../../electron/monitor/monitor.js';
import { MonitorService } from '../../../electron/monitor/monitor-service.js';
import type { OwnedSocketRow } from '../../../shared/endpoint.js';
import type { AppInfo, EventMap, EventName, MonitorStatus } from '../../../shared/protocol.js';
import type { ActionHandlers } from '../../../electron/actions/action-handlers.js';
import {
  noActions,
  type ActionsInfo,
  type CloseConnectionRequest,
  type KillRequest,
} from '../../../shared/actions.js';

// MonitorService with a real Monitor and a collector whose next read can be
// told to fail: requests are validated before anything is applied, and poll
// failures become status events that the next good poll clears.

const APP: AppInfo = {
  name: 'sockscope',
  version: '0.0.0-test',
  mode: 'serve',
  versions: { node: process.versions.node },
  platform: process.platform,
  elevated: false,
  actions: noActions('test'),
};

function row(port: number): OwnedSocketRow {
  return {
    proto: 'tcp',
    family: 4,
    localAddress: '127.0.0.1',
    localPort: port,
    remoteAddress: '0.0.0.0',
    remotePort: 0,
    state: 'LISTEN',
    recvQ: 0,
    sendQ: 0,
    uid: 0,
    inode: port,
    owner: { kind: 'unknown', reason: 'no-process' },
  };
}

/** A collector reading one more listener each poll; `failNext` makes the next read throw. */
function controllable() {
  let polls = 0;
  const control = { failNext: '' };
  const collector: Collector = {
    info: { name: 'scripted', reason: 'test', capabilities: { owners: false, counters: false, limits: [] } },
    async snapshot() {
      if (control.failNext !== '') {
        const message = control.failNext;
        control.failNext = '';
        throw new Error(message);
      }
      polls++;
      return {
        takenAt: 1_700_000_000_000 + polls,
        monotonicAt: polls * 1000,
        rows: Array.from({ length: polls }, (_, i) => row(1000 + i)),
        consistent: true,
        stats: emptyStats(),
        timings: { socketsMs: 0, ownersMs: 0 },
      };
    },
    close() {},
  };
  return { collector, control };
}

function setup() {
  const { collector, control } = controllable();
  const monitor = new Monitor(collector, { intervalMs: 1000 });
  const service = new MonitorService(monitor, collector.info, APP);
  const events: { name: EventName; payload: EventMap[EventName] }[] = [];
  service.subscribe((name, payload) => events.push({ name, payload }));
  return { monitor, service, control, events };
}

test('a refused request changes nothing and sends no event', async () => {
  const { monitor, service, events } = setup();
  for (const args of [['fast'], [5], [null], [1000, 1], [], 'x', undefined]) {
    const reply = await service.handle('setInterval', args);
    assert.equal(reply.ok, false, JSON.stringify(args));
  }
  assert.equal(monitor.intervalMs, 1000);
  assert.equal((await service.handle('pause', [true])).ok, false);
  assert.equal(monitor.paused, false);
  assert.deepEqual(await service.handle('killAll', []), { ok: false, error: 'unknown request "killAll"' });
  const nameless = await service.handle(undefined, undefined);
  assert.equal(nameless.ok, false);
  assert.match((nameless as { error: string }).error, /^unknown request \(/);
  assert.deepEqual(events, []);
});

test('an accepted request acts, replies with the status and tells every view', async () => {
  const { monitor, service, events } = setup();
  const reply = await service.handle('setInterval', [2000]);
  assert.ok(reply.ok);
  assert.equal(monitor.intervalMs, 2000);
  assert.equal((reply.value as MonitorStatus).intervalMs, 2000);
  assert.ok((await service.handle('pause', [])).ok);
  assert.equal(monitor.paused, true);
  assert.deepEqual(
    events.map((e) => [e.name, (e.payload as MonitorStatus).intervalMs, (e.payload as MonitorStatus).paused]),
    [
      ['status', 2000, false],
      ['status', 2000, true],
    ],
  );
  assert.deepEqual(await service.handle('info', []), { ok: true, value: APP });
});

test('a failed poll sets failure in a status event; the next good poll clears it', async () => {
  const { service, control, events } = setup();
  assert.ok((await service.handle('refresh', [])).ok);
  assert.equal(service.status().failure, null);
  assert.equal(service.status().lastPoll?.seq, 1);

  control.failNext = 'netlink: EPERM';
  const before = Date.now();
  const failed = await service.handle('refresh', []);
  assert.ok(failed.ok, 'the refresh request itself answers; the failure travels in the status');
  const status = failed.value as MonitorStatus;
  assert.equal(status.failure?.message, 'netlink: EPERM');
  assert.ok(status.failure!.at >= before && status.failure!.at <= Date.now());
  assert.equal(status.lastPoll?.seq, 1, 'the last good poll stays');
  const failEvents = events.filter((e) => e.name === 'status');
  assert.equal(failEvents.length, 1);
  assert.equal((failEvents[0]!.payload as MonitorStatus).failure?.message, 'netlink: EPERM');

  await service.handle('refresh', []);
  assert.equal(service.status().failure, null);
  const names = events.map((e) => e.name);
  assert.deepEqual(names, ['delta', 'status', 'delta', 'status']);
  assert.equal((events[3]!.payload as MonitorStatus).failure, null);
});

test('each poll is a delta event chaining from the last; snapshot holds the same table', async () => {
  const { service, events } = setup();
  await service.handle('refresh', []);
  await service.handle('refresh', []);
  const deltas = events.filter((e) => e.name === 'delta').map((e) => (e.payload as EventMap['delta']).delta);
  assert.deepEqual(
    deltas.map((d) => [d.baseSeq, d.seq, d.added.length]),
    [
      [0, 1, 1],
      [1, 2, 1],
    ],
  );
  const snap = await service.handle('snapshot', []);
  assert.ok(snap.ok);
  const value = snap.value as { seq: number; rows: { localPort: number }[]; status: MonitorStatus };
  assert.equal(value.seq, 2);
  assert.deepEqual(value.rows.map((r) => r.localPort).sort(), [1000, 1001]);
  assert.equal(value.status.lastPoll?.seq, 2);
});

test('a view whose sink throws does not stop the others; unsubscribe and close stop events', async () => {
  const { service } = setup();
  const seen: string[] = [];
  const quiet = console.error;
  console.error = () => {};
  try {
    service.subscribe(() => {
      throw new Error('broken view');
    });
    const off = service.subscribe((name) => seen.push(`b:${name}`));
    await service.handle('pause', []);
    assert.deepEqual(seen, ['b:status']);
    off();
    await service.handle('resume', []);
    assert.deepEqual(seen, ['b:status']);
    service.subscribe((name) => seen.push(`c:${name}`));
    service.close();
    await service.handle('pause', []);
    assert.deepEqual(seen, ['b:status']);
  } finally {
    console.error = quiet;
  }
});

const KILL: KillRequest = { pid: 4242, startTime: 7, signal: 'SIGTERM', asAdministrator: false };
const CLOSE: CloseConnectionRequest = { key: 'tcp4 127.0.0.1:1>127.0.0.1:2', inode: 9 };
const OFFERED: ActionsInfo = {
  offered: true,
  kill: { available: true },
  closeConnection: { available: true },
  elevate: { available: false, reason: 'no pkexec' },
  killGraceMs: 3000,
};

/** Action handlers that record what reached them. */
function spyActions() {
  const calls: unknown[] = [];
  const actions: ActionHandlers = {
    async kill(request) {
      calls.push(['kill', request]);
      return { kind: 'exited', pid: request.pid, signal: request.signal, message: 'done' };
    },
    async closeConnection(request) {
      calls.push(['closeConnection', request]);
      return { kind: 'closed', key: request.key, message: 'done' };
    },
  };
  return { actions, calls };
}

function serviceWith(actions: ActionHandlers | null, info: ActionsInfo): MonitorService {
  const { collector } = controllable();
  return new MonitorService(new Monitor(collector), collector.info, { ...APP, actions: info }, actions);
}

test('without action handlers, kill and closeConnection are refused as not allowed, with the reason', async () => {
  const reason = 'sockscope serve was started without --allow-kill';
  const service = serviceWith(null, noActions(reason));
  assert.deepEqual(await service.handle('kill', [KILL]), {
    ok: true,
    value: { kind: 'refused', pid: 4242, refusal: 'not-allowed', message: reason },
  });
  assert.deepEqual(await service.handle('closeConnection', [CLOSE]), {
    ok: true,
    value: { kind: 'refused', key: CLOSE.key, refusal: 'not-allowed', message: reason },
  });
  // Handlers but an AppInfo saying kills are not offered: still refused, and the handler never runs.
  const { actions, calls } = spyActions();
  const hidden = serviceWith(actions, { ...OFFERED, kill: { available: false, reason: 'not here' } });
  assert.deepEqual(await hidden.handle('kill', [KILL]), {
    ok: true,
    value: { kind: 'refused', pid: 4242, refusal: 'not-allowed', message: 'not here' },
  });
  assert.deepEqual(calls, []);
});

test('valid action requests reach the handlers as validated copies', async () => {
  const { actions, calls } = spyActions();
  const service = serviceWith(actions, OFFERED);
  assert.deepEqual(await service.handle('kill', [KILL]), {
    ok: true,
    value: { kind: 'exited', pid: 4242, signal: 'SIGTERM', message: 'done' },
  });
  assert.deepEqual(await service.handle('closeConnection', [{ ...CLOSE, cookie: '00000000000000a1' }]), {
    ok: true,
    value: { kind: 'closed', key: CLOSE.key, message: 'done' },
  });
  assert.deepEqual(calls, [
    ['kill', KILL],
    ['closeConnection', { ...CLOSE, cookie: '00000000000000a1' }],
  ]);
});

test('forged action arguments are refused by validation and never reach a handler', async () => {
  const { actions, calls } = spyActions();
  const service = serviceWith(actions, OFFERED);
  const forgedKills: unknown[] = [
    [],
    [KILL, KILL],
    [{ ...KILL, pid: '1; id' }],
    [{ ...KILL, pid: 0 }],
    [{ ...KILL, pid: -1 }],
    [{ ...KILL, pid: 1.5 }],
    [{ ...KILL, signal: 'SIGSTOP' }],
    [{ ...KILL, signal: 99 }],
    [{ ...KILL, startTime: -5 }],
    [{ ...KILL, asAdministrator: 'yes' }],
    [{ ...KILL, command: 'rm -rf /' }],
    [{ pid: 4242 }],
    [null],
    'kill',
    undefined,
  ];
  for (const args of forgedKills) {
    const reply = await service.handle('kill', args);
    assert.equal(reply.ok, false, JSON.stringify(args));
    assert.match((reply as { error: string }).error, /^kill: /);
  }
  const forgedCloses: unknown[] = [
    [],
    [{ ...CLOSE, key: '' }],
    [{ ...CLOSE, key: 'k'.repeat(10_000) }],
    [{ ...CLOSE, inode: -1 }],
    [{ ...CLOSE, cookie: 'not hex at all!!' }],
    [{ ...CLOSE, pid: 1 }],
  ];
  for (const args of forgedCloses) {
    const reply = await service.handle('closeConnection', args);
    assert.equal(reply.ok, false, JSON.stringify(args));
  }
  assert.deepEqual(calls, [], 'nothing was signalled or closed');
});
