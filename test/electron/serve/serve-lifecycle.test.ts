import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { SERVE_CANNOT_ELEVATE } from '../../../electron/actions/action-services.js';
import { startServer } from '../../../electron/serve/serve-server.js';
import { ServeError } from '../../../electron/serve/serve-error.js';
import type { AppInfo, FullSnapshot } from '../../../shared/protocol.js';
import { scriptedCollector } from '../../helpers/scripted-collector.js';
import { TestView, listenRow, makeRendererDir, within } from './serve-fixtures.js';

// Serve mode's life: starting without a build, back-pressure on a view that
// stops reading, and closing every view, the monitor and the collector.

test('without a built renderer it refuses to start and says to run npm run build', async () => {
  const renderer = makeRendererDir();
  try {
    await assert.rejects(
      startServer({ port: 0, rendererDir: `${renderer.root}/missing`, collector: scriptedCollector([[]]) }),
      (error: Error) => error instanceof ServeError && /run npm run build/.test(error.message),
    );
  } finally {
    renderer.remove();
  }
});

test('a port in use is a clear error', async () => {
  const renderer = makeRendererDir();
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  try {
    const port = (blocker.address() as net.AddressInfo).port;
    await assert.rejects(
      startServer({ port, rendererDir: renderer.dir, collector: scriptedCollector([[]]) }),
      (error: Error) => error instanceof ServeError && error.message.includes(`127.0.0.1:${port} is in use`),
    );
  } finally {
    blocker.close();
    renderer.remove();
  }
});

/** Reads that swap 800 rows with long command lines for 800 others: every delta is about 2 MB. */
function heavyReads(): ReturnType<typeof listenRow>[][] {
  const cmdline = 'x'.repeat(2000);
  const set = (base: number) => Array.from({ length: 800 }, (_, i) => listenRow(base + i, cmdline));
  const a = set(10_000);
  const b = set(20_000);
  return Array.from({ length: 300 }, (_, n) => (n % 2 === 0 ? a : b));
}

test('a view that stops reading is closed with 1013; the others keep their deltas', async () => {
  const renderer = makeRendererDir();
  const server = await startServer({
    port: 0,
    rendererDir: renderer.dir,
    collector: scriptedCollector(heavyReads()),
    intervalMs: 100,
    maxBufferedBytes: 64 * 1024,
  });
  const slow = new TestView(server.port, server.token);
  const good = new TestView(server.port, server.token);
  try {
    await Promise.all([slow.opened, good.opened]);
    assert.ok((await slow.call('snapshot')).ok);
    assert.ok((await good.call('snapshot')).ok);
    slow.ws.pause();
    // About 20 MB/s of deltas: the kernel's socket buffers fill within a second, then the server's own.
    await sleep(2000);
    slow.ws.resume();
    const closed = await within(slow.closed, 'the slow view to be closed');
    assert.equal(closed.code, 1013);
    const deltasBefore = good.events('delta').length;
    await good.waitFrame(
      'more deltas for the view that reads',
      () => good.events('delta').length > deltasBefore,
    );
    assert.equal(good.ws.readyState, WebSocket.OPEN);
  } finally {
    slow.close();
    good.close();
    await server.close();
    renderer.remove();
  }
});

test('close() says goodbye to every view with 1001 and closes the collector and the port', async () => {
  const renderer = makeRendererDir();
  let collectorClosed = 0;
  const collector = scriptedCollector([[listenRow(1)]]);
  const server = await startServer({
    port: 0,
    rendererDir: renderer.dir,
    collector: { ...collector, info: collector.info, close: () => void collectorClosed++ },
    intervalMs: 100,
  });
  try {
    const a = new TestView(server.port, server.token);
    const b = new TestView(server.port, server.token);
    await Promise.all([a.opened, b.opened]);
    assert.equal((await a.callOk<FullSnapshot>('snapshot')).status.paused, false);
    await Promise.all([server.close(), server.close()]);
    assert.equal((await within(a.closed, 'a to close')).code, 1001);
    assert.equal((await within(b.closed, 'b to close')).code, 1001);
    assert.equal(collectorClosed, 1);
    await assert.rejects(
      new Promise((resolve, reject) =>
        net.connect(server.port, '127.0.0.1').once('connect', resolve).once('error', reject),
      ),
      /ECONNREFUSED/,
    );
  } finally {
    await server.close();
    renderer.remove();
  }
});

test('--allow-kill is recorded and shown to views in info', async () => {
  const renderer = makeRendererDir();
  const server = await startServer({
    port: 0,
    rendererDir: renderer.dir,
    collector: scriptedCollector([[]]),
    allowKill: true,
  });
  const v = new TestView(server.port, server.token);
  try {
    await v.opened;
    assert.equal(server.allowKill, true);
    const { actions } = await v.callOk<AppInfo>('info');
    assert.deepEqual(actions.kill, { available: true });
    assert.deepEqual(actions.elevate, { available: false, reason: SERVE_CANNOT_ELEVATE });
    assert.equal(actions.killGraceMs, 3000);
  } finally {
    v.close();
    await server.close();
    renderer.remove();
  }
});
