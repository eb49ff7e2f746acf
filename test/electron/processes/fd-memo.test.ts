import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FdMemo, FREE, OTHER, STALE } from '../../../electron/processes/fd-memo.js';

test('FdMemo counts open descriptors and finds the lowest free or stale number', () => {
  const memo = new FdMemo();
  memo.reset(4);
  for (const fd of [0, 1, 2, 4]) memo.set(fd, OTHER);
  memo.set(5, 4_294_967_295); // a socket inode above 2^32 - 1 fits too
  assert.equal(memo.open, 5);
  assert.equal(memo.top, 6);
  assert.equal(memo.get(3), FREE);
  assert.equal(memo.get(5), 4_294_967_295);
  assert.equal(memo.nextFree(0), 3, 'the hole');
  assert.equal(memo.nextFree(4), 6, 'past the top');

  memo.set(1, STALE); // its socket closed
  assert.equal(memo.open, 4);
  assert.equal(memo.nextFree(0), 1);
  memo.set(1, 77); // reused by a new socket
  memo.set(3, FREE); // read: still free
  assert.equal(memo.open, 5);
  assert.equal(memo.nextFree(0), 3);

  memo.set(40, OTHER); // grows
  assert.equal(memo.top, 41);
  assert.equal(memo.get(39), FREE);
  assert.equal(memo.open, 6);
  assert.equal(memo.complete, true);

  memo.reset(2);
  assert.equal(memo.open, 0);
  assert.equal(memo.top, 0);
  assert.equal(memo.get(0), FREE);
  assert.equal(memo.get(40), FREE);
});

test('FdMemo keeps no number above its limit, and then says it is incomplete', () => {
  const memo = new FdMemo();
  memo.reset(3);
  memo.set(0, OTHER);
  memo.set(1_000_000, OTHER); // dup'ed far up
  assert.equal(memo.complete, false);
  assert.equal(memo.open, 2);
  assert.equal(memo.top, 1);
});

test('whether a far descriptor is kept depends on the table, not on the storage a memo had', () => {
  const roomy = new FdMemo();
  roomy.reset(20_000); // storage left from a big table read before
  const fresh = new FdMemo();
  fresh.reset(-1);
  for (const memo of [roomy, fresh]) {
    for (const fd of [0, 1, 2]) memo.set(fd, OTHER);
    memo.set(5000, 77); // far above 4 x 3 open + 4096: not kept
    memo.set(100, 78); // near: kept
  }
  for (const memo of [roomy, fresh]) {
    assert.equal(memo.complete, false);
    assert.equal(memo.get(5000), FREE);
    assert.equal(memo.get(100), 78);
    assert.equal(memo.top, 101);
  }
});
