import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SocketHolders } from '../../../electron/processes/socket-holders.js';

test('the first holder stays the owner until it lets go', () => {
  const parent = { pid: 1 };
  const child = { pid: 2 };
  const other = { pid: 3 };
  const holders = new SocketHolders<{ pid: number }>();
  holders.add(10, parent);
  holders.add(10, child);
  holders.add(10, child); // seen again on a rescan
  holders.add(10, other);
  assert.equal(holders.ownerOf(10), parent);
  holders.remove(10, child);
  assert.equal(holders.ownerOf(10), parent);
  holders.remove(10, parent);
  assert.equal(holders.ownerOf(10), other);
  holders.remove(10, parent); // not a holder any more: no effect
  assert.equal(holders.ownerOf(10), other);
  holders.remove(10, other);
  assert.equal(holders.has(10), false);
  assert.equal(holders.ownerOf(10), undefined);
  assert.equal(holders.size, 0);
});
