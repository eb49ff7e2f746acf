import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  SERVE_CANNOT_ELEVATE,
  SERVE_WITHOUT_ALLOW_KILL,
  createActionServices,
  type ActionMonitor,
} from '../../../electron/actions/action-services.js';
import { noActions } from '../../../shared/actions.js';
import { emptyTable, tableFromRows } from '../../../shared/diff.js';
import type { Endpoint } from '../../../shared/endpoint.js';

// What each main side offers, decided once at start from the probes.

/** A monitor whose table holds one connection, owned by pid 4242 (no such process is needed). */
function oneRow(): ActionMonitor {
  const row: Endpoint = {
    proto: 'tcp',
    family: 4,
    localAddress: '127.0.0.1',
    localPort: 1,
    remoteAddress: '127.0.0.1',
    remotePort: 2,
    state: 'ESTABLISHED',
    recvQ: 0,
    sendQ: 0,
    uid: 0,
    inode: 9,
    owner: {
      kind: 'process',
      pid: 4242,
      name: 'test',
      exe: null,
      cmdline: 'test',
      uid: 0,
      user: 'root',
      startTime: 1,
      startedAt: 0,
    },
    key: 'k',
    firstSeen: 0,
  };
  return { table: tableFromRows(1, 0, [row]), refresh: async () => undefined };
}

const monitor: ActionMonitor = { table: emptyTable(), refresh: async () => undefined };
const probes = {
  probeSockDestroy: () => ({ available: true }),
  elevation: { findPkexec: () => '/usr/bin/pkexec', killHelperPath: () => '/opt/sockscope/helper' },
};

test('desktop: kill, close when the probe allows, and the administrator retry when pkexec and the helper exist', () => {
  const { info, handlers } = createActionServices({ mode: 'desktop', monitor, platform: 'linux', ...probes });
  assert.deepEqual(info, {
    offered: true,
    kill: { available: true },
    closeConnection: { available: true },
    elevate: { available: true },
    killGraceMs: 3000,
  });
  assert.ok(handlers !== null);
});

test('desktop: each missing piece is said', () => {
  const noPkexec = createActionServices({
    mode: 'desktop',
    monitor,
    platform: 'linux',
    killGraceMs: 5000,
    probeSockDestroy: () => ({
      available: false,
      reason: 'closing a connection needs administrator rights (CAP_NET_ADMIN)',
    }),
    elevation: { findPkexec: () => null, killHelperPath: () => '/opt/helper' },
  });
  assert.deepEqual(noPkexec.info.closeConnection, {
    available: false,
    reason: 'closing a connection needs administrator rights (CAP_NET_ADMIN)',
  });
  assert.equal(noPkexec.info.elevate.available, false);
  assert.match(noPkexec.info.elevate.reason!, /^pkexec is not installed: /);
  assert.equal(noPkexec.info.killGraceMs, 5000);

  const noHelper = createActionServices({
    mode: 'desktop',
    monitor,
    platform: 'linux',
    ...probes,
    elevation: { findPkexec: () => '/usr/bin/pkexec', killHelperPath: () => null },
  });
  assert.match(noHelper.info.elevate.reason!, /kill helper is missing/);

  const mac = createActionServices({ mode: 'desktop', monitor, platform: 'darwin', ...probes });
  assert.deepEqual(mac.info.closeConnection, {
    available: false,
    reason: 'closing a connection is not supported on darwin yet',
  });
  assert.deepEqual(mac.info.kill, { available: true });
});

test('serve: nothing without --allow-kill, and no handlers to reach', () => {
  const { info, handlers } = createActionServices({ mode: 'serve', monitor, ...probes });
  assert.deepEqual(info, noActions(SERVE_WITHOUT_ALLOW_KILL));
  assert.equal(info.kill.reason, 'sockscope serve was started without --allow-kill');
  assert.equal(handlers, null);
});

test('serve --allow-kill: as the desktop, but never the administrator retry', async () => {
  const { info, handlers } = createActionServices({
    mode: 'serve',
    allowKill: true,
    monitor: oneRow(),
    platform: 'linux',
    ...probes,
  });
  assert.deepEqual(info, {
    offered: true,
    kill: { available: true },
    closeConnection: { available: true },
    elevate: { available: false, reason: SERVE_CANNOT_ELEVATE },
    killGraceMs: 3000,
  });
  // A forged retry is refused before anything runs.
  assert.deepEqual(
    await handlers!.kill({ pid: 4242, startTime: 1, signal: 'SIGTERM', asAdministrator: true }),
    {
      kind: 'refused',
      pid: 4242,
      refusal: 'elevation-failed',
      message: SERVE_CANNOT_ELEVATE,
    },
  );
});

test('a close on a platform without a way to close is refused as unsupported', async () => {
  const { handlers } = createActionServices({
    mode: 'desktop',
    monitor: oneRow(),
    platform: 'win32',
    ...probes,
  });
  assert.deepEqual(await handlers!.closeConnection({ key: 'k', inode: 9 }), {
    kind: 'refused',
    key: 'k',
    refusal: 'unsupported',
    message: 'closing a connection is not supported on win32 yet',
  });
});
