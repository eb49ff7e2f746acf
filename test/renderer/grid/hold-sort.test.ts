import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SortHold } from '../../../renderer/grid/hold-sort.js';

// While held, rows keep the places they had; new rows go last, in the order the sort gave them.

const id = (s: string) => s;

test('not holding leaves the sorted order alone', () => {
  const hold = new SortHold();
  const rows = ['c', 'a', 'b'];
  hold.apply(rows, id);
  assert.deepEqual(rows, ['c', 'a', 'b']);
  assert.equal(hold.holding, false);
});

test('held rows keep their places; new rows follow in sorted order; gone rows drop out', () => {
  const hold = new SortHold();
  hold.hold(['a', 'b', 'c', 'd']);
  // The grid's new sort moved rows about, dropped 'b' and brought 'y' and 'x'.
  const rows = ['y', 'd', 'c', 'x', 'a'];
  hold.apply(rows, id);
  assert.deepEqual(rows, ['a', 'c', 'd', 'y', 'x']);
});

test('release lets the sort through again', () => {
  const hold = new SortHold();
  hold.hold(['a', 'b']);
  hold.release();
  const rows = ['b', 'a'];
  hold.apply(rows, id);
  assert.deepEqual(rows, ['b', 'a']);
});

test('a key listed twice by the grid is kept twice, not lost', () => {
  const hold = new SortHold();
  hold.hold(['a', 'b']);
  const rows = ['b', 'a', 'a'];
  hold.apply(rows, id);
  assert.deepEqual(rows, ['a', 'b', 'a']);
});

test('20,000 rows reorder in linear time', () => {
  const keys = Array.from({ length: 20_000 }, (_, i) => `k${i}`);
  const hold = new SortHold();
  hold.hold(keys);
  const rows = [...keys].reverse();
  const start = performance.now();
  hold.apply(rows, id);
  const ms = performance.now() - start;
  assert.deepEqual(rows, keys);
  assert.ok(ms < 50, `took ${ms.toFixed(1)} ms`);
});
