import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  rowActionStates,
  sameRowActionStates,
  type ActionState,
} from '../../../renderer/model/row-actions.js';
import { SERVE_WITHOUT_FLAG, appInfo } from './app-info-fixture.js';
import { endpoint } from './endpoint-fixture.js';

// Which row actions the toolbar, the row menu and the Delete key offer for the selected row.

const ENABLED: ActionState = { shown: true, enabled: true };
const live = (row = endpoint()) => ({ row, removed: false });
const disabledReason = (state: ActionState): string => {
  assert.ok(state.shown && !state.enabled, `expected disabled, got ${JSON.stringify(state)}`);
  return state.reason;
};

test('nothing is shown before the main side has said what it allows', () => {
  assert.deepEqual(rowActionStates(null, live()), {
    kill: { shown: false },
    closeConnection: { shown: false },
  });
});

test('a live established row owned by a process: both enabled', () => {
  const states = rowActionStates(appInfo('desktop'), live());
  assert.deepEqual(states, { kill: ENABLED, closeConnection: ENABLED });
  assert.deepEqual(rowActionStates(appInfo('serve'), live()), states, 'serve --allow-kill offers the same');
});

test('serve mode without --allow-kill: both hidden, whatever the row', () => {
  const states = rowActionStates(SERVE_WITHOUT_FLAG, live());
  assert.deepEqual(states, { kill: { shown: false }, closeConnection: { shown: false } });
  assert.deepEqual(rowActionStates(SERVE_WITHOUT_FLAG, undefined), states);
});

test('an action offered but not possible here: disabled with the main side reason', () => {
  const capNetAdmin = 'closing a connection needs administrator rights (CAP_NET_ADMIN)';
  const kernel = 'the kernel lacks CONFIG_INET_DIAG_DESTROY';
  for (const mode of ['desktop', 'serve'] as const) {
    const states = rowActionStates(
      appInfo(mode, { closeConnection: { available: false, reason: capNetAdmin } }),
      live(),
    );
    assert.deepEqual(states.kill, ENABLED);
    assert.equal(disabledReason(states.closeConnection), capNetAdmin);
  }
  const noKernel = rowActionStates(
    appInfo('desktop', { closeConnection: { available: false, reason: kernel } }),
    live(),
  );
  assert.equal(disabledReason(noKernel.closeConnection), kernel);
  // A reason that is not about the flag never hides the control, even in serve mode.
  const unnamed = rowActionStates(appInfo('serve', { kill: { available: false } }), live());
  assert.match(disabledReason(unnamed.kill), /not available/);
  // What hides them is the main side offering no actions, whatever its reason says.
  const none = rowActionStates(appInfo('desktop', { ...SERVE_WITHOUT_FLAG.actions, offered: false }), live());
  assert.deepEqual([none.kill.shown, none.closeConnection.shown], [false, false]);
});

test('no selected row: both disabled, saying to select one', () => {
  const states = rowActionStates(appInfo('desktop'), undefined);
  assert.match(disabledReason(states.kill), /Select a row/);
  assert.match(disabledReason(states.closeConnection), /Select a TCP connection/);
});

test('a removed row (red, on its way out): both disabled', () => {
  const states = rowActionStates(appInfo('desktop'), { row: endpoint(), removed: true });
  assert.equal(disabledReason(states.kill), 'This connection is gone');
  assert.equal(disabledReason(states.closeConnection), 'This connection is gone');
});

test('Kill only for rows whose owner is a process', () => {
  for (const reason of ['not-permitted', 'no-process', 'kernel'] as const) {
    const row = endpoint({ owner: { kind: 'unknown', reason } });
    const states = rowActionStates(appInfo('desktop'), live(row));
    assert.match(disabledReason(states.kill), /owner of this row is not known/);
    // Closing does not need the owner: the socket is named by its id.
    assert.deepEqual(states.closeConnection, ENABLED);
  }
});

test('Close connection only for closable rows: TCP with a peer and a live socket', () => {
  const info = appInfo('desktop');
  for (const state of ['ESTABLISHED', 'SYN_SENT', 'CLOSE_WAIT', 'FIN_WAIT2'] as const) {
    assert.deepEqual(rowActionStates(info, live(endpoint({ state }))).closeConnection, ENABLED, state);
  }
  for (const state of ['LISTEN', 'TIME_WAIT', 'CLOSE'] as const) {
    const states = rowActionStates(info, live(endpoint({ state, remotePort: state === 'LISTEN' ? 0 : 5 })));
    assert.match(disabledReason(states.closeConnection), new RegExp(`A ${state} socket has no connection`));
    assert.deepEqual(states.kill, ENABLED, 'the process can still be killed');
  }
  const udp = rowActionStates(info, live(endpoint({ proto: 'udp', state: 'CONNECTED' })));
  assert.equal(disabledReason(udp.closeConnection), 'Only TCP connections can be closed');
});

test('states compare by what they show, so components keep one object across ticks', () => {
  const info = appInfo('desktop');
  assert.ok(
    sameRowActionStates(rowActionStates(info, live()), rowActionStates(info, live(endpoint({ recvQ: 9 })))),
  );
  assert.ok(!sameRowActionStates(rowActionStates(info, live()), rowActionStates(info, undefined)));
  assert.ok(
    !sameRowActionStates(
      rowActionStates(info, live(endpoint({ state: 'LISTEN' }))),
      rowActionStates(info, live(endpoint({ state: 'TIME_WAIT' }))),
    ),
    'another reason is another state',
  );
  assert.ok(!sameRowActionStates(rowActionStates(SERVE_WITHOUT_FLAG, live()), rowActionStates(info, live())));
});
