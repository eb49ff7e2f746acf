import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findKillTarget } from '../../../electron/actions/kill-target.js';
import type { KillRequest } from '../../../shared/actions.js';
import type { Endpoint, Owner } from '../../../shared/endpoint.js';

// The rules that need no system call, on hand-made rows.

function row(port: number, owner: Owner): Endpoint {
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
    uid: 33,
    inode: port,
    owner,
    key: `tcp4 127.0.0.1:${port}>0.0.0.0:0#${port}`,
    firstSeen: 0,
  };
}

const NGINX: Owner = {
  kind: 'process',
  pid: 700,
  name: 'nginx',
  exe: '/usr/sbin/nginx',
  cmdline: 'nginx',
  uid: 33,
  user: 'www-data',
  startTime: 5000,
  startedAt: 0,
};
const ROWS = [
  row(80, { kind: 'unknown', reason: 'not-permitted' }),
  row(81, { ...NGINX, pid: 701, startTime: 5001 }),
  row(443, NGINX),
];
const kill = (pid: number, startTime: number): KillRequest => ({
  pid,
  startTime,
  signal: 'SIGTERM',
  asAdministrator: false,
});

test('a pid owning a row with the same start time is the target, with its user', () => {
  assert.deepEqual(findKillTarget(kill(700, 5000), ROWS, []), {
    ok: true,
    target: { pid: 700, startTime: 5000, name: 'nginx', uid: 33, user: 'www-data' },
  });
});

/** The outcome of a request the rules refuse. */
function refusal(request: KillRequest, own: number[] = []) {
  const check = findKillTarget(request, ROWS, own);
  if (check.ok) assert.fail(`${JSON.stringify(request)} was not refused`);
  return check.outcome;
}

test('the refusals, in order: protected, own, identity changed, not in the table', () => {
  assert.deepEqual(refusal(kill(1, 1)), {
    kind: 'refused',
    pid: 1,
    refusal: 'protected-pid',
    message: 'pid 1 is the init process: Sockscope never signals it',
  });
  assert.match(refusal(kill(0, 0)).message, /^pid 0 names no single process/);
  assert.deepEqual(refusal(kill(700, 5000), [9, 700]), {
    kind: 'refused',
    pid: 700,
    refusal: 'own-process',
    message: 'pid 700 is part of Sockscope itself: it does not kill its own processes',
  });
  assert.deepEqual(refusal(kill(700, 4999)), {
    kind: 'refused',
    pid: 700,
    refusal: 'identity-changed',
    message: 'process 700 has exited; another process now has its pid',
  });
  assert.deepEqual(refusal(kill(702, 5000)), {
    kind: 'refused',
    pid: 702,
    refusal: 'not-in-snapshot',
    message: 'pid 702 owns no connection in the current table: it may have exited or closed its sockets',
  });
});
