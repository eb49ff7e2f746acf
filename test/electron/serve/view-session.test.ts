import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { Monitor } from '../../../electron/monitor/monitor.js';
import { MonitorService } from '../../../electron/monitor/monitor-service.js';
import { ViewSession, closeReason, encodeEvent } from '../../../electron/serve/view-session.js';
import type { Delta } from '../../../shared/delta.js';
import type { AppInfo, DeltaEvent, FullSnapshot, Reply } from '../../../shared/protocol.js';
import { scriptedCollector } from '../../helpers/scripted-collector.js';
import { listenRow, within } from './serve-fixtures.js';
import { noActions } from '../../../shared/actions.js';

// One ViewSession on a real WebSocket: events that arrive while a snapshot
// is being answered follow the reply, minus the deltas the snapshot holds.

const APP: AppInfo = {
  name: 'sockscope',
  version: 't',
  mode: 'serve',
  versions: {},
  platform: 'linux',
  elevated: false,
  actions: noActions('test'),
};

function delta(seq: number): DeltaEvent {
  const d: Delta = {
    seq,
    baseSeq: seq - 1,
    takenAt: 0,
    added: [],
    updated: [],
    removed: [],
    counts: { total: 0, tcp4: 0, tcp6: 0, udp4: 0, udp6: 0, byState: {} },
  };
  return {
    delta: d,
    poll: {
      seq,
      takenAt: 0,
      cost: { socketsMs: 0, ownersMs: 0, diffMs: 0, totalMs: 0 },
      stats: {} as never,
      consistent: true,
    },
  };
}

/** A service whose snapshot answer is overtaken by events, as a poll finishing at that moment would. */
class OvertakenService extends MonitorService {
  override async handle(name: unknown, args: unknown): Promise<Reply<unknown>> {
    const reply = await super.handle(name, args);
    if (name === 'snapshot' && reply.ok) {
      const seq = (reply.value as FullSnapshot).seq;
      this.emit('delta', delta(seq)); // already in the snapshot: must not be sent
      this.emit('status', this.status());
      this.emit('delta', delta(seq + 1));
    }
    return reply;
  }
}

const monitor = new Monitor(scriptedCollector([[listenRow(1)], [listenRow(1), listenRow(2)]]));
const service = new OvertakenService(
  monitor,
  { name: 's', reason: 't', capabilities: { owners: true, counters: true, limits: [] } },
  APP,
);
const httpServer = http.createServer();
const wss = new WebSocketServer({ server: httpServer });
wss.on('connection', (ws) => new ViewSession(ws, service, { maxBufferedBytes: 1 << 20 }));
let url = '';

before(async () => {
  await monitor.pollOnce();
  await monitor.pollOnce();
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  url = `ws://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
});
after(async () => {
  wss.close();
  await new Promise((resolve) => httpServer.close(resolve));
});

test('events that overtake a snapshot reply are sent after it, minus deltas it already holds', async () => {
  const ws = new WebSocket(url);
  const frames: { id?: number; event?: string; payload?: DeltaEvent; reply?: Reply<FullSnapshot> }[] = [];
  ws.on('message', (data) => frames.push(JSON.parse(String(data))));
  await within(new Promise((resolve) => ws.once('open', resolve)), 'open');
  ws.send(JSON.stringify({ id: 1, method: 'snapshot', args: [] }));
  await within(
    (async () => {
      while (frames.length < 3) await new Promise((resolve) => setTimeout(resolve, 10));
    })(),
    'three frames',
  );
  ws.terminate();
  assert.equal(frames[0]!.id, 1, 'the reply first');
  const seq = frames[0]!.reply!.ok ? frames[0]!.reply!.value.seq : -1;
  assert.equal(seq, 2);
  assert.deepEqual(
    frames.slice(1).map((f) => [f.event, f.event === 'delta' ? f.payload!.delta.seq : undefined]),
    [
      ['status', undefined],
      ['delta', 3],
    ],
  );
});

test('encodeEvent: one text per payload object, shared by every view', () => {
  const payload = delta(5);
  const text = encodeEvent('delta', payload);
  assert.deepEqual(JSON.parse(text), { event: 'delta', payload });
  assert.equal(encodeEvent('delta', payload), text);
  assert.equal(encodeEvent('menu', 'refresh'), '{"event":"menu","payload":"refresh"}');
});

test('closeReason: cut to the 123 bytes a close frame carries', () => {
  assert.equal(closeReason('short'), 'short');
  assert.equal(closeReason('x'.repeat(500)).length, 123);
  const wide = closeReason('é'.repeat(100));
  assert.ok(Buffer.byteLength(wide) <= 123 && wide.length === 61);
});
