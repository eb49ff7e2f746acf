import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ActionAvailability, KillOutcome } from '../../../shared/actions.js';
import {
  killDialogView,
  killTargetOf,
  nextKillFlow,
  pendingKillRequest,
  secondsText,
  startKillFlow,
  type KillEvent,
  type KillFlow,
} from '../../../renderer/model/kill-flow.js';
import { SSHD, endpoint } from './endpoint-fixture.js';

// The kill dialog's flow, step by step: what it sends, and what it shows and offers.

const target = killTargetOf(endpoint())!;
const OPTIONS: { graceMs: number; elevate: ActionAvailability } = {
  graceMs: 3000,
  elevate: { available: true },
};
const view = (flow: KillFlow, options = OPTIONS) => killDialogView(flow, options);
const buttons = (flow: KillFlow, options = OPTIONS) =>
  view(flow, options).buttons.map((b) => `${b.label}${b.disabled ? ' (disabled)' : ''}`);
const run = (...events: KillEvent[]) => events.reduce(nextKillFlow, startKillFlow(target));

const exited: KillOutcome = { kind: 'exited', pid: 812, signal: 'SIGTERM', message: 'sshd (812) exited.' };
const stillRunning: KillOutcome = {
  kind: 'still-running',
  pid: 812,
  signal: 'SIGTERM',
  graceMs: 3000,
  message: 'sshd (812) is still running 3 s after SIGTERM.',
};
const notPermitted = (canElevate: boolean): KillOutcome => ({
  kind: 'refused',
  pid: 812,
  refusal: 'not-permitted',
  message: 'sshd (812) is owned by root: needs administrator rights.',
  user: 'root',
  canElevate,
});

test('the target is the row owner as the view saw it; unknown owners have none', () => {
  assert.deepEqual(target, {
    pid: SSHD.pid,
    startTime: SSHD.startTime,
    name: 'sshd',
    user: 'root',
    exe: '/usr/sbin/sshd',
    cmdline: SSHD.cmdline,
  });
  assert.equal(killTargetOf(endpoint({ owner: { kind: 'unknown', reason: 'not-permitted' } })), null);
});

test('confirm: nothing is sent; "Kill" and "Cancel", focus on Cancel', () => {
  const flow = startKillFlow(target);
  assert.equal(pendingKillRequest(flow), null);
  assert.deepEqual(buttons(flow), ['Kill', 'Cancel']);
  assert.equal(view(flow).buttons.find((b) => b.focus)?.label, 'Cancel');
  assert.equal(view(flow).progress, null);
});

test('Kill sends SIGTERM with the pid and start time, and waits with the buttons disabled', () => {
  const flow = run({ type: 'confirm' });
  assert.equal(flow.step, 'waiting');
  assert.deepEqual(pendingKillRequest(flow), {
    pid: 812,
    startTime: 1520,
    signal: 'SIGTERM',
    asAdministrator: false,
  });
  assert.deepEqual(view(flow).progress, { label: 'Waiting for sshd (812) to exit…', durationMs: 3000 });
  assert.deepEqual(buttons(flow), ['Kill (disabled)', 'Cancel (disabled)']);
  // A second confirm (a double click) sends nothing more.
  assert.equal(nextKillFlow(flow, { type: 'confirm' }), flow);
});

test('exited: the success message and Done', () => {
  const flow = run({ type: 'confirm' }, { type: 'outcome', outcome: exited });
  assert.equal(pendingKillRequest(flow), null);
  assert.equal(view(flow).message, 'sshd (812) exited.');
  assert.equal(view(flow).tone, 'success');
  assert.deepEqual(buttons(flow), ['Done']);
});

test('still running: Force kill is offered, and only its click sends SIGKILL', () => {
  const flow = run({ type: 'confirm' }, { type: 'outcome', outcome: stillRunning });
  assert.equal(pendingKillRequest(flow), null, 'no SIGKILL without the user');
  assert.equal(view(flow).message, stillRunning.message);
  assert.equal(view(flow).tone, 'warn');
  assert.deepEqual(buttons(flow), ['Force kill', 'Cancel']);
  assert.equal(view(flow).buttons.find((b) => b.focus)?.label, 'Cancel');

  const forcing = nextKillFlow(flow, { type: 'force-kill' });
  assert.deepEqual(pendingKillRequest(forcing), {
    pid: 812,
    startTime: 1520,
    signal: 'SIGKILL',
    asAdministrator: false,
  });
  assert.deepEqual(buttons(forcing), ['Force kill (disabled)', 'Cancel (disabled)']);
  assert.equal(view(forcing).progress?.durationMs, null, 'SIGKILL has no grace period to show');
  const done = nextKillFlow(forcing, {
    type: 'outcome',
    outcome: { kind: 'exited', pid: 812, signal: 'SIGKILL', message: 'sshd (812) was killed.' },
  });
  assert.equal(view(done).message, 'sshd (812) was killed.');
  assert.deepEqual(buttons(done), ['Done']);
});

test('Force kill is refused by the flow unless the process outlived SIGTERM', () => {
  for (const flow of [
    startKillFlow(target),
    run({ type: 'confirm' }),
    run({ type: 'confirm' }, { type: 'outcome', outcome: exited }),
  ]) {
    assert.equal(nextKillFlow(flow, { type: 'force-kill' }), flow);
  }
});

test('already exited, and refusals other than not-permitted: their message and Done', () => {
  const gone = run(
    { type: 'confirm' },
    {
      type: 'outcome',
      outcome: { kind: 'already-exited', pid: 812, message: 'sshd (812) had already exited.' },
    },
  );
  assert.equal(view(gone).message, 'sshd (812) had already exited.');
  assert.deepEqual(buttons(gone), ['Done']);
  const changed = run(
    { type: 'confirm' },
    {
      type: 'outcome',
      outcome: {
        kind: 'refused',
        pid: 812,
        refusal: 'identity-changed',
        message: 'process 812 has exited; another process now has its pid',
      },
    },
  );
  assert.equal(view(changed).message, 'process 812 has exited; another process now has its pid');
  assert.equal(view(changed).tone, 'error');
  assert.equal(view(changed).note, null);
  assert.deepEqual(buttons(changed), ['Done']);
});

test('not permitted with canElevate: Retry as administrator resends the same signal as administrator', () => {
  const flow = run({ type: 'confirm' }, { type: 'outcome', outcome: notPermitted(true) });
  assert.equal(view(flow).message, notPermitted(true).message);
  assert.deepEqual(buttons(flow), ['Retry as administrator', 'Cancel']);
  const retry = nextKillFlow(flow, { type: 'retry-as-administrator' });
  assert.deepEqual(pendingKillRequest(retry), {
    pid: 812,
    startTime: 1520,
    signal: 'SIGTERM',
    asAdministrator: true,
  });
  assert.equal(view(retry).progress?.label, 'Asking for administrator rights to signal sshd (812)…');
  assert.deepEqual(buttons(retry), ['Retry as administrator (disabled)', 'Cancel (disabled)']);

  // Still running after the administrator's SIGTERM: Force kill stays administrator.
  const still = nextKillFlow(retry, { type: 'outcome', outcome: stillRunning });
  assert.deepEqual(buttons(still), ['Force kill', 'Cancel']);
  assert.deepEqual(pendingKillRequest(nextKillFlow(still, { type: 'force-kill' })), {
    pid: 812,
    startTime: 1520,
    signal: 'SIGKILL',
    asAdministrator: true,
  });
});

test('not permitted as administrator too: no second retry', () => {
  const flow = run(
    { type: 'confirm' },
    { type: 'outcome', outcome: notPermitted(true) },
    { type: 'retry-as-administrator' },
    { type: 'outcome', outcome: notPermitted(true) },
  );
  assert.deepEqual(buttons(flow), ['Done']);
  assert.equal(nextKillFlow(flow, { type: 'retry-as-administrator' }), flow);
});

test('not permitted without canElevate: says why there is no retry', () => {
  const flow = run({ type: 'confirm' }, { type: 'outcome', outcome: notPermitted(false) });
  assert.equal(nextKillFlow(flow, { type: 'retry-as-administrator' }), flow);
  assert.deepEqual(buttons(flow), ['Done']);
  const noPkexec = view(flow, {
    graceMs: 3000,
    elevate: { available: false, reason: 'pkexec is not installed.' },
  });
  assert.equal(noPkexec.message, notPermitted(false).message);
  assert.equal(noPkexec.note, 'Retry as administrator is not available: pkexec is not installed.');
  assert.equal(view(flow).note, 'Retry as administrator is not available here.');
});

test('a request that fails outright (not connected) ends in its message', () => {
  const flow = run({ type: 'confirm' }, { type: 'failed', message: 'kill: not connected to Sockscope' });
  assert.equal(flow.step, 'failed');
  assert.equal(view(flow).message, 'Could not kill sshd (812): kill: not connected to Sockscope');
  assert.deepEqual(buttons(flow), ['Done']);
});

test('answers that come when nothing waits are ignored', () => {
  const flow = startKillFlow(target);
  assert.equal(nextKillFlow(flow, { type: 'outcome', outcome: exited }), flow);
  assert.equal(nextKillFlow(flow, { type: 'failed', message: 'x' }), flow);
});

test('the grace period in words', () => {
  assert.equal(secondsText(3000), '3 s');
  assert.equal(secondsText(2500), '2.5 s');
});
