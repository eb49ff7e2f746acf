import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { SERVE_WITHOUT_ALLOW_KILL } from '../../../electron/actions/action-services.js';
import { startServer, type ServeHandle } from '../../../electron/serve/serve-server.js';
import type { CloseConnectionOutcome, KillOutcome } from '../../../shared/actions.js';
import type { Endpoint, ProcessOwner } from '../../../shared/endpoint.js';
import type { AppInfo, DeltaEvent, FullSnapshot } from '../../../shared/protocol.js';
import { isAlive } from '../processes/children.js';
import { COOPERATIVE, exitOf, startKillChild } from '../actions/kill-fixtures.js';
import { waitFor } from '../../helpers/wait-for.js';
import { TestView, makeRendererDir, rawRequest, upgradeStatus } from './serve-fixtures.js';

// The actions through serve mode, over real loopback sockets and the real
// collector: without --allow-kill the server refuses forged messages and no
// GET ever acts; with it, a kill and a close work end to end.

/** A server on the real collector, polling every 100 ms, closed when the test ends. */
async function serve(t: TestContext, allowKill: boolean): Promise<ServeHandle> {
  const renderer = makeRendererDir();
  const server = await startServer({
    port: 0,
    rendererDir: renderer.dir,
    intervalMs: 100,
    allowKill,
    killGraceMs: 500,
  });
  t.after(async () => {
    await server.close();
    renderer.remove();
  });
  return server;
}

async function view(t: TestContext, server: ServeHandle): Promise<TestView> {
  const v = new TestView(server.port, server.token);
  t.after(() => v.close());
  await v.opened;
  return v;
}

/** Asks for snapshots until one holds a row matching `match`. */
function rowIn(v: TestView, what: string, match: (row: Endpoint) => boolean): Promise<Endpoint> {
  return waitFor(what, async () => (await v.callOk<FullSnapshot>('snapshot')).rows.find(match), 10_000, 100);
}

const ownedBy = (pid: number) => (row: Endpoint) => row.owner.kind === 'process' && row.owner.pid === pid;

test('without --allow-kill a forged kill or close is refused, the child lives, and no GET acts', async (t) => {
  const server = await serve(t, false);
  const child = await startKillChild(t, COOPERATIVE);
  const v = await view(t, server);
  const row = await rowIn(v, `pid ${child.pid}'s row`, ownedBy(child.pid));
  const owner = row.owner as ProcessOwner;

  assert.deepEqual((await v.callOk<AppInfo>('info')).actions.kill, {
    available: false,
    reason: SERVE_WITHOUT_ALLOW_KILL,
  });
  for (const signal of ['SIGTERM', 'SIGKILL']) {
    const outcome = await v.callOk<KillOutcome>('kill', {
      pid: child.pid,
      startTime: owner.startTime,
      signal,
      asAdministrator: false,
    });
    assert.deepEqual(outcome, {
      kind: 'refused',
      pid: child.pid,
      refusal: 'not-allowed',
      message: SERVE_WITHOUT_ALLOW_KILL,
    });
  }
  const close = await v.callOk<CloseConnectionOutcome>('closeConnection', { key: row.key, inode: row.inode });
  assert.equal(close.kind === 'refused' && close.refusal, 'not-allowed');

  // The HTTP side only serves files, whatever the method or the path says.
  const query = `token=${server.token}&pid=${child.pid}&startTime=${owner.startTime}&signal=SIGKILL`;
  assert.equal((await rawRequest(server.port, `/kill?${query}`)).status, 404);
  assert.equal((await rawRequest(server.port, `/ws?${query}&method=kill`)).status, 404);
  assert.equal((await rawRequest(server.port, `/kill?${query}`, { method: 'POST' })).status, 405);
  // And a WebSocket needs the token before any frame is read.
  const origin = { Origin: `http://127.0.0.1:${server.port}` };
  assert.equal(await upgradeStatus(server.port, `/ws?pid=${child.pid}`, origin), 401);

  await sleep(150);
  assert.ok(isAlive(child.pid), 'the child lives');
  assert.deepEqual(await child.logged(), [], 'no signal reached it');
});

test('with --allow-kill a kill through the WebSocket ends the child and its rows leave the view', async (t) => {
  const server = await serve(t, true);
  const child = await startKillChild(t, COOPERATIVE);
  const v = await view(t, server);
  const row = await rowIn(v, `pid ${child.pid}'s row`, ownedBy(child.pid));
  const owner = row.owner as ProcessOwner;

  const info = await v.callOk<AppInfo>('info');
  assert.deepEqual(info.actions.kill, { available: true });
  assert.equal(info.actions.killGraceMs, 500);
  const from = v.frames.length;
  const outcome = await v.callOk<KillOutcome>('kill', {
    pid: child.pid,
    startTime: owner.startTime,
    signal: 'SIGTERM',
    asAdministrator: false,
  });
  assert.equal(outcome.kind, 'exited', outcome.message);
  assert.deepEqual(await exitOf(child), { code: 0, signal: null });
  assert.deepEqual(await child.logged(), [{ signal: 'SIGTERM' }]);
  await v.waitFrame(
    `a delta removing ${row.key}`,
    (f) => f.event === 'delta' && (f.payload as DeltaEvent).delta.removed.includes(row.key),
    5000,
    from,
  );

  // A retry as administrator is refused here: serve has no desktop to ask for a password on.
  const again = await v.callOk<KillOutcome>('kill', {
    pid: child.pid,
    startTime: owner.startTime,
    signal: 'SIGKILL',
    asAdministrator: true,
  });
  assert.equal(again.kind, 'refused');
});

test('with --allow-kill a close through the WebSocket aborts the connection', async (t) => {
  const server = await serve(t, true);
  const info = (await (await view(t, server)).callOk<AppInfo>('info')).actions.closeConnection;
  if (!info.available) return t.skip(`closing connections is not available here: ${info.reason}`);
  const listener = net.createServer((s) => s.on('error', () => {}));
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const port = (listener.address() as net.AddressInfo).port;
  const client = net.connect(port, '127.0.0.1');
  await once(client, 'connect');
  t.after(() => {
    client.destroy();
    listener.close();
  });
  const aborted = new Promise<string>((resolve) =>
    client.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? '')),
  );
  const v = await view(t, server);
  const row = await rowIn(
    v,
    'the client side of the pair',
    (r) =>
      r.proto === 'tcp' &&
      r.localPort === client.localPort &&
      r.remotePort === port &&
      r.state === 'ESTABLISHED',
  );
  const outcome = await v.callOk<CloseConnectionOutcome>('closeConnection', {
    key: row.key,
    inode: row.inode,
    ...(row.cookie !== undefined && { cookie: row.cookie }),
  });
  assert.equal(outcome.kind, 'closed', outcome.message);
  assert.equal(await Promise.race([aborted, sleep(3000).then(() => 'no error within 3 s')]), 'ECONNABORTED');
});
