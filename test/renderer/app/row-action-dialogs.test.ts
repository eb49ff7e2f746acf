import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadAppInfo } from '../../../renderer/app/app-info-loader.js';
import { LiveSession } from '../../../renderer/app/live-session.js';
import { openRowDialog, selectedRowActionStates } from '../../../renderer/app/row-action-states.js';
import { createViewStore } from '../../../renderer/app/view-state.js';
import type { Endpoint } from '../../../shared/endpoint.js';
import type { AppInfo } from '../../../shared/protocol.js';
import { FakeTransport } from '../helpers/fake-transport.js';
import { SERVE_WITHOUT_FLAG, appInfo } from '../model/app-info-fixture.js';
import { endpoint } from '../model/endpoint-fixture.js';
import { STATUS } from '../model/protocol-fixture.js';

// The view's side of the row actions over a live session: the app info that
// decides them, and the dialogs they open on the selected row.

const ESTABLISHED = endpoint();
const LISTENING = endpoint({ state: 'LISTEN', remoteAddress: '0.0.0.0', remotePort: 0 });
const UNOWNED = endpoint({ remotePort: 40001, owner: { kind: 'unknown', reason: 'not-permitted' } });

const settle = () => new Promise((resolve) => setImmediate(resolve));

async function setup(info: AppInfo | Error, rows: Endpoint[] = [ESTABLISHED, LISTENING, UNOWNED]) {
  const transport = new FakeTransport({
    snapshot: () => ({ seq: 1, takenAt: 0, rows, status: STATUS }),
    info: () => {
      if (info instanceof Error) throw info;
      return info;
    },
  });
  const view = createViewStore();
  const session = new LiveSession(transport, view, { highlightMs: 3000 });
  session.start();
  const stopInfo = loadAppInfo(transport, view);
  transport.setConnected(true);
  await settle();
  return { transport, view, session, stop: () => (stopInfo(), session.stop()) };
}

test('the app info is asked once connected, and kept', async () => {
  const { transport, view, stop } = await setup(appInfo('desktop'));
  assert.equal(view.get().appInfo?.mode, 'desktop');
  transport.setConnected(false);
  transport.setConnected(true);
  await settle();
  assert.equal(transport.names().filter((n) => n === 'info').length, 1, 'not asked again once known');
  stop();
});

test('a failed info request is asked again on the next connection; until then nothing is offered', async () => {
  const { transport, view, stop } = await setup(new Error('not connected'));
  assert.equal(view.get().appInfo, null);
  view.set({ selectedKey: ESTABLISHED.key });
  const sources = { view, session: { row: () => undefined } };
  assert.deepEqual(selectedRowActionStates(sources).kill, { shown: false });
  transport.handlers.info = () => appInfo('serve');
  transport.setConnected(false);
  transport.setConnected(true);
  await settle();
  assert.equal(view.get().appInfo?.mode, 'serve');
  stop();
});

test('Kill opens its dialog on the selected row, as it was then', async () => {
  const { view, session, stop } = await setup(appInfo('desktop'));
  assert.equal(openRowDialog({ view, session }, 'kill'), false, 'no row selected');
  assert.equal(view.get().dialog, null);
  view.set({ selectedKey: ESTABLISHED.key, rowMenu: { x: 1, y: 2 } });
  assert.equal(openRowDialog({ view, session }, 'kill'), true);
  assert.equal(view.get().dialog, 'kill');
  assert.deepEqual(view.get().dialogRow, ESTABLISHED);
  assert.equal(view.get().rowMenu, null, 'the row menu closes');
  stop();
});

test('an action that is disabled for the row opens nothing (the Delete key on such a row)', async () => {
  const { view, session, stop } = await setup(appInfo('desktop'));
  view.set({ selectedKey: UNOWNED.key });
  assert.equal(openRowDialog({ view, session }, 'kill'), false, 'no known owner');
  assert.equal(openRowDialog({ view, session }, 'close-connection'), true, 'its connection can be closed');
  view.set({ dialog: null, dialogRow: null, selectedKey: LISTENING.key });
  assert.equal(openRowDialog({ view, session }, 'close-connection'), false, 'a listener has no connection');
  assert.equal(openRowDialog({ view, session }, 'kill'), true);
  assert.equal(view.get().dialogRow?.key, LISTENING.key);
  stop();
});

test('serve mode without --allow-kill: neither dialog opens', async () => {
  const { view, session, stop } = await setup(SERVE_WITHOUT_FLAG);
  view.set({ selectedKey: ESTABLISHED.key });
  assert.equal(openRowDialog({ view, session }, 'kill'), false);
  assert.equal(openRowDialog({ view, session }, 'close-connection'), false);
  assert.equal(view.get().dialog, null);
  stop();
});

test('a row that is not in the table (gone before the click): nothing opens', async () => {
  const { view, session, stop } = await setup(appInfo('desktop'));
  view.set({ selectedKey: 'tcp4 1.2.3.4:1>5.6.7.8:2' });
  assert.equal(openRowDialog({ view, session }, 'kill'), false);
  stop();
});
