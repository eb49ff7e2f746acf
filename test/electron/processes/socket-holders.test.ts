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

test('a socket asked for before and not now is swept as closed, for each holder; never-asked ones stay', () => {
  const a = { pid: 1 };
  const b = { pid: 2 };
  const holders = new SocketHolders<{ pid: number }>();
  holders.add(10, a);
  holders.add(10, b); // shared
  holders.add(11, a);
  holders.add(12, a); // a unix socket: nobody asks for it
  assert.equal(holders.markAsked(10, 1), true);
  assert.equal(holders.markAsked(11, 1), true);
  assert.equal(holders.markAsked(13, 1), false, 'no holder known');

  holders.markAsked(11, 2); // poll 2 asks for 11 only: 10 closed
  const closed: [number, number][] = [];
  holders.sweepClosed(2, (inode, holder) => closed.push([inode, holder.pid]));
  assert.deepEqual(closed, [
    [10, 1],
    [10, 2],
  ]);
  assert.equal(holders.has(10), false);
  assert.equal(holders.ownerOf(11), a);
  assert.equal(holders.ownerOf(12), a, 'never asked for: kept');
});
