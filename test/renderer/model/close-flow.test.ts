import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  closeDialogView,
  closeTargetOf,
  connectionLabel,
  nextCloseFlow,
  pendingCloseRequest,
  startCloseFlow,
} from '../../../renderer/model/close-flow.js';
import { endpoint } from './endpoint-fixture.js';

// The close-connection dialog's flow: what it names, sends and shows.

const row = endpoint({ cookie: '00000000000a1b2c' });
const target = closeTargetOf(row);
const labels = (flow: Parameters<typeof closeDialogView>[0]) =>
  closeDialogView(flow).buttons.map((b) => `${b.label}${b.disabled ? ' (disabled)' : ''}`);

test('the target names the connection and carries the socket id as the view saw it', () => {
  assert.deepEqual(target.request, { key: row.key, cookie: '00000000000a1b2c', inode: 48213 });
  assert.equal(connectionLabel(target), '10.0.0.5:22 → 10.0.0.9:51234');
  assert.equal(target.state, 'ESTABLISHED');
  assert.equal(target.owner, 'sshd (812)');
  // The /proc collector reads no cookie: the request goes without one.
  assert.deepEqual(closeTargetOf(endpoint()).request, { key: endpoint().key, inode: 48213 });
  const v6 = closeTargetOf(
    endpoint({
      family: 6,
      localAddress: '::1',
      remoteAddress: '::1',
      owner: { kind: 'unknown', reason: 'kernel' },
    }),
  );
  assert.equal(connectionLabel(v6), '[::1]:22 → [::1]:51234');
  assert.equal(v6.owner, 'unknown process');
});

test('confirm -> waiting -> closed', () => {
  const flow = startCloseFlow(target);
  assert.equal(pendingCloseRequest(flow), null);
  assert.deepEqual(labels(flow), ['Close', 'Cancel']);
  assert.equal(closeDialogView(flow).buttons.find((b) => b.focus)?.label, 'Cancel');

  const waiting = nextCloseFlow(flow, { type: 'confirm' });
  assert.deepEqual(pendingCloseRequest(waiting), target.request);
  assert.deepEqual(labels(waiting), ['Close (disabled)', 'Cancel (disabled)']);
  assert.equal(closeDialogView(waiting).progress?.label, 'Closing 10.0.0.5:22 → 10.0.0.9:51234…');
  assert.equal(nextCloseFlow(waiting, { type: 'confirm' }), waiting, 'a double click sends once');

  const closed = nextCloseFlow(waiting, {
    type: 'outcome',
    outcome: { kind: 'closed', key: row.key, message: 'The connection was closed.' },
  });
  assert.equal(pendingCloseRequest(closed), null);
  assert.equal(closeDialogView(closed).message, 'The connection was closed.');
  assert.equal(closeDialogView(closed).tone, 'success');
  assert.deepEqual(labels(closed), ['Done']);
});

test('refused and failed: their message and Done', () => {
  const waiting = nextCloseFlow(startCloseFlow(target), { type: 'confirm' });
  const refused = nextCloseFlow(waiting, {
    type: 'outcome',
    outcome: {
      kind: 'refused',
      key: row.key,
      refusal: 'stale',
      message: 'The connection is gone; a newer one uses its ports.',
    },
  });
  assert.equal(closeDialogView(refused).message, 'The connection is gone; a newer one uses its ports.');
  assert.equal(closeDialogView(refused).tone, 'error');
  assert.deepEqual(labels(refused), ['Done']);
  const failed = nextCloseFlow(waiting, { type: 'failed', message: 'not connected' });
  assert.equal(closeDialogView(failed).message, 'Could not close the connection: not connected');
  // Answers with nothing waiting are ignored.
  assert.equal(nextCloseFlow(startCloseFlow(target), { type: 'failed', message: 'x' }).step, 'confirm');
});
