import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectionCountText, rowsOwnedBy } from '../../../renderer/model/process-rows.js';
import { SSHD, endpoint } from './endpoint-fixture.js';

test('counts the rows of one process, by pid and start time', () => {
  const rows = [
    endpoint(),
    endpoint({ remotePort: 51235 }),
    endpoint({ state: 'LISTEN', remoteAddress: '0.0.0.0', remotePort: 0 }),
    // The same pid, another process (the pid was reused): not counted.
    endpoint({ remotePort: 51236, owner: { ...SSHD, startTime: 99_999 } }),
    endpoint({ remotePort: 51237, owner: { ...SSHD, pid: 813 } }),
    endpoint({ remotePort: 51238, owner: { kind: 'unknown', reason: 'kernel' } }),
  ];
  assert.equal(rowsOwnedBy(rows, SSHD), 3);
  assert.equal(rowsOwnedBy(rows, { pid: 813, startTime: SSHD.startTime }), 1);
  assert.equal(rowsOwnedBy([], SSHD), 0);
});

test('in words', () => {
  assert.equal(connectionCountText(0), '0 connections');
  assert.equal(connectionCountText(1), '1 connection');
  assert.equal(connectionCountText(3), '3 connections');
});
