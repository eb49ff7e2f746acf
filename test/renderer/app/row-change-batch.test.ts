import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RowChangeBatch } from '../../../renderer/app/row-change-batch.js';
import type { Endpoint } from '../../../shared/endpoint.js';

// One grid transaction per tick names each row once, with the net effect of
// everything that happened to it in the tick.

function row(key: string, bytesSent = 0): Endpoint {
  return {
    key,
    proto: 'tcp',
    family: 4,
    localAddress: '127.0.0.1',
    localPort: 1,
    remoteAddress: '127.0.0.1',
    remotePort: 2,
    state: 'ESTABLISHED',
    recvQ: 0,
    sendQ: 0,
    uid: 0,
    inode: 1,
    bytesSent,
    owner: { kind: 'unknown', reason: 'no-process' },
    firstSeen: 0,
  };
}

const keys = (rows: Endpoint[]) => rows.map((r) => r.key).sort();

test('each list holds its own rows', () => {
  const batch = new RowChangeBatch();
  batch.add(row('a'));
  batch.update(row('b'));
  batch.remove(row('c'));
  const tx = batch.take()!;
  assert.deepEqual(keys(tx.add), ['a']);
  assert.deepEqual(keys(tx.update), ['b']);
  assert.deepEqual(keys(tx.remove), ['c']);
  assert.equal(batch.take(), null, 'taking empties the batch');
});

test('a row changed several times in a batch appears once, with its latest data', () => {
  const batch = new RowChangeBatch();
  batch.add(row('a', 1));
  batch.update(row('a', 2));
  batch.update(row('b', 1));
  batch.update(row('b', 5));
  const tx = batch.take()!;
  assert.deepEqual(
    tx.add.map((r) => [r.key, r.bytesSent]),
    [['a', 2]],
  );
  assert.deepEqual(
    tx.update.map((r) => [r.key, r.bytesSent]),
    [['b', 5]],
  );
  assert.equal(tx.remove.length, 0);
});

test('added then removed is nothing; removed then added again is an update', () => {
  const batch = new RowChangeBatch();
  batch.add(row('gone-again'));
  batch.remove(row('gone-again'));
  batch.remove(row('back'));
  batch.add(row('back', 9));
  batch.update(row('dropped'));
  batch.remove(row('dropped'));
  const tx = batch.take()!;
  assert.deepEqual(tx.add, []);
  assert.deepEqual(
    tx.update.map((r) => [r.key, r.bytesSent]),
    [['back', 9]],
  );
  assert.deepEqual(keys(tx.remove), ['dropped']);
});

test('a batch whose changes cancel out yields no transaction', () => {
  const batch = new RowChangeBatch();
  batch.add(row('a'));
  batch.remove(row('a'));
  assert.equal(batch.size, 1);
  assert.equal(batch.take(), null);
});

test('no key is in two lists, whatever the order of changes', () => {
  const ops = ['add', 'update', 'remove'] as const;
  // Every sequence of up to three operations on one key that a grid could see.
  for (const a of ops)
    for (const b of ops)
      for (const c of ops) {
        const batch = new RowChangeBatch();
        batch[a](row('k'));
        batch[b](row('k'));
        batch[c](row('k'));
        const tx = batch.take();
        const count = tx === null ? 0 : tx.add.length + tx.update.length + tx.remove.length;
        assert.ok(count <= 1, `${a}, ${b}, ${c}: the key is named ${count} times`);
      }
});
