import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { once } from 'node:events';
import type { Server, Socket } from 'node:net';
import { createCollector } from '../../../electron/collectors/select-collector.js';
import { Monitor } from '../../../electron/monitor/monitor.js';
import { MonitorService } from '../../../electron/monitor/monitor-service.js';
import type { Endpoint } from '../../../shared/endpoint.js';
import type { DeltaEvent, FullSnapshot } from '../../../shared/protocol.js';
import { HighlightTracker } from '../../../renderer/model/highlight-tracker.js';
import { DEFAULT_FILTER, makeRowFilter } from '../../../renderer/model/row-filter.js';
import { ViewSync, type DeltaOutcome } from '../../../renderer/model/view-sync.js';
import { LiveSockets, portOf } from '../../helpers/live-sockets.js';
import { waitFor } from '../../helpers/wait-for.js';
import { noActions } from '../../../shared/actions.js';

// The model modules as a view uses them, fed by the real main side: the
// collector reads this machine's sockets, the monitor diffs them, the service
// emits the events, and every payload goes through JSON as it would on the
// wire. Assertions look only at this test's own ports.

const sockets = new LiveSockets();
const collector = createCollector();
const monitor = new Monitor(collector);
const service = new MonitorService(monitor, collector.info, {
  name: 'sockscope',
  version: '0.0.0-test',
  mode: 'serve',
  versions: {},
  platform: process.platform,
  elevated: false,
  actions: noActions('test'),
});
after(async () => {
  service.close();
  monitor.stop();
  collector.close();
  await sockets.close();
});

/** A view: its table, its highlights, and what became of each delta. */
class TestView {
  readonly sync = new ViewSync();
  readonly tracker = new HighlightTracker(60_000);
  readonly outcomes: DeltaOutcome[] = [];
  /** Deltas to lose on the way, as a flaky transport would. */
  drop = 0;
  snapshots = 0;
  #requesting: Promise<void> | undefined;

  constructor() {
    service.subscribe((name, payload) => {
      if (name !== 'delta') return;
      if (this.drop > 0) {
        this.drop--;
        return;
      }
      const event = JSON.parse(JSON.stringify(payload)) as DeltaEvent;
      const previous = this.sync.table;
      const outcome = this.sync.acceptDelta(event);
      this.outcomes.push(outcome);
      if (outcome === 'applied') this.tracker.record(event.delta, previous, Date.now());
      if (outcome === 'gap') void this.resync();
    });
  }

  /** Asks for a snapshot unless one is on its way (as the UI does on a gap). */
  resync(): Promise<void> {
    this.#requesting ??= service.handle('snapshot', []).then((reply) => {
      assert.ok(reply.ok);
      this.snapshots++;
      this.sync.acceptSnapshot(JSON.parse(JSON.stringify(reply.value)) as FullSnapshot);
      this.#requesting = undefined;
    });
    return this.#requesting;
  }
}

/**
 * A client connected to `server`, resolved once the server has accepted it:
 * only then is the server's side ESTABLISHED in the kernel, not SYN_RECV.
 */
async function connectTo(server: Server): Promise<Socket> {
  const accepted = once(server, 'connection');
  const client = await sockets.connect('127.0.0.1', portOf(server));
  await accepted;
  return client;
}

/** Polls now, as "Refresh now" does; the change reaches the view as a delta event. */
async function poll(): Promise<void> {
  const reply = await service.handle('refresh', []);
  assert.ok(reply.ok, reply.ok ? '' : reply.error);
}

/** The view's rows on `port` (either end), by key. */
function rowsOnPort(view: TestView, port: number): Map<string, Endpoint> {
  const found = new Map<string, Endpoint>();
  for (const [key, row] of view.sync.table.rows) {
    if (row.localPort === port || row.remotePort === port) found.set(key, row);
  }
  return found;
}

/** Polls until `check` holds for the view, for at most ~5 s. */
async function pollUntil<T>(what: string, check: () => T | undefined): Promise<T> {
  return waitFor(what, async () => {
    await poll();
    return check();
  });
}

/** The view's table equals the monitor's (the same seq, the same rows). */
function assertInSync(view: TestView): void {
  assert.equal(view.sync.synced, true);
  assert.equal(view.sync.table.seq, monitor.table.seq);
  const plain = (rows: ReadonlyMap<string, Endpoint>) => JSON.parse(JSON.stringify(Object.fromEntries(rows)));
  assert.deepEqual(Object.fromEntries(view.sync.table.rows), plain(monitor.table.rows));
}

describe('the model following a real monitor', () => {
  it('shows a connection arrive green, close yellow, and its server side leave red', async () => {
    const server = await sockets.listen('127.0.0.1');
    const port = portOf(server);
    await poll();
    const view = new TestView();
    await view.resync();
    assertInSync(view);
    const listener = [...rowsOnPort(view, port).values()];
    assert.equal(listener.length, 1);
    assert.equal(listener[0]?.state, 'LISTEN');
    assert.equal(view.tracker.get(listener[0]!.key), undefined, 'a snapshot highlights nothing');

    const client = await connectTo(server);
    const clientPort = client.localPort!;
    const pair = await pollUntil('both ends of the connection', () => {
      const rows = [...rowsOnPort(view, port).values()].filter((r) => r.state === 'ESTABLISHED');
      return rows.length === 2 ? rows : undefined;
    });
    assertInSync(view);
    for (const row of pair) assert.equal(view.tracker.get(row.key), 'new', row.key);
    const clientRow = pair.find((r) => r.localPort === clientPort)!;
    const serverRow = pair.find((r) => r.localPort === port)!;
    assert.equal(clientRow.owner.kind === 'process' && clientRow.owner.pid, process.pid);

    // The client closes first: its row goes to TIME_WAIT under the same key; the server's row leaves.
    client.end();
    await pollUntil('the client in TIME_WAIT and the server side gone', () => {
      const rows = rowsOnPort(view, port);
      return rows.get(clientRow.key)?.state === 'TIME_WAIT' && !rows.has(serverRow.key) ? true : undefined;
    });
    assertInSync(view);
    assert.equal(view.tracker.get(clientRow.key), 'changed');
    assert.equal(view.tracker.get(serverRow.key), 'removed');
    assert.ok([...view.tracker.removedKeys()].includes(serverRow.key));
    const { gone } = view.tracker.expire(Date.now() + 60_000, false);
    assert.ok(gone.includes(serverRow.key));
    assert.equal(view.outcomes.includes('gap'), false);
  });

  it('resyncs once after a lost delta and ends equal to the monitor', async () => {
    await poll();
    const view = new TestView();
    await view.resync();
    const server = await sockets.listen('127.0.0.1');
    const port = portOf(server);
    view.drop = 1;
    await poll();
    assert.equal(rowsOnPort(view, port).size, 0, 'the delta with the new listener was lost');
    await poll();
    // The next delta did not follow: the view saw a gap, asked for a snapshot and is whole again.
    assert.deepEqual(view.outcomes, ['gap']);
    await waitFor('the resync', () => (view.snapshots === 2 ? true : undefined));
    assertInSync(view);
    assert.equal(rowsOnPort(view, port).size, 1);
    await poll();
    assert.deepEqual(view.outcomes, ['gap', 'applied']);
    assertInSync(view);
  });

  it('filters the live rows by the port of this test', async () => {
    const server = await sockets.listen('127.0.0.1');
    const port = portOf(server);
    await connectTo(server);
    const view = new TestView();
    await poll();
    await view.resync();
    const keep = makeRowFilter({ ...DEFAULT_FILTER, search: `127.0.0.1:${port}` });
    const kept = [...view.sync.table.rows.values()].filter(keep);
    assert.deepEqual(kept.map((r) => r.state).sort(), ['ESTABLISHED', 'ESTABLISHED', 'LISTEN']);
    const established = makeRowFilter({ ...DEFAULT_FILTER, search: `:${port}`, showUnconnected: false });
    assert.equal([...view.sync.table.rows.values()].filter(established).length, 2);
  });
});
