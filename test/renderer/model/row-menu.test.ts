import { test } from 'node:test';
import assert from 'node:assert/strict';
import { menuKeyResult, menuPosition, rowMenuItems } from '../../../renderer/model/row-menu.js';
import { rowActionStates } from '../../../renderer/model/row-actions.js';
import { SERVE_WITHOUT_FLAG, appInfo } from './app-info-fixture.js';
import { endpoint } from './endpoint-fixture.js';

// The row menu: its items for the selected row, and its keyboard.

const LABELS = ['Kill process…', 'Close connection…', 'Copy row', 'Details'];

test('items: both actions, Copy row and Details', () => {
  const items = rowMenuItems(rowActionStates(appInfo('desktop'), { row: endpoint(), removed: false }));
  assert.deepEqual(
    items.map((i) => i.label),
    LABELS,
  );
  assert.ok(items.every((i) => !i.disabled));
});

test('an action disabled for the row stays in the menu, disabled with its reason', () => {
  const listen = endpoint({ state: 'LISTEN', remoteAddress: '0.0.0.0', remotePort: 0 });
  const items = rowMenuItems(rowActionStates(appInfo('desktop'), { row: listen, removed: false }));
  const close = items.find((i) => i.command === 'close-connection')!;
  assert.equal(close.disabled, true);
  assert.equal(close.reason, 'A LISTEN socket has no connection to close');
  assert.equal(items.find((i) => i.command === 'kill')!.disabled, false);
});

test('actions the main side does not offer are not in the menu', () => {
  const items = rowMenuItems(rowActionStates(SERVE_WITHOUT_FLAG, { row: endpoint(), removed: false }));
  assert.deepEqual(
    items.map((i) => i.label),
    ['Copy row', 'Details'],
  );
});

test('arrows move and wrap; Home, End, PageUp, PageDown', () => {
  assert.deepEqual(menuKeyResult('ArrowDown', 0, LABELS), { type: 'focus', index: 1 });
  assert.deepEqual(menuKeyResult('ArrowDown', 3, LABELS), { type: 'focus', index: 0 });
  assert.deepEqual(menuKeyResult('ArrowUp', 0, LABELS), { type: 'focus', index: 3 });
  assert.deepEqual(menuKeyResult('ArrowUp', 2, LABELS), { type: 'focus', index: 1 });
  assert.deepEqual(menuKeyResult('Home', 2, LABELS), { type: 'focus', index: 0 });
  assert.deepEqual(menuKeyResult('PageUp', 2, LABELS), { type: 'focus', index: 0 });
  assert.deepEqual(menuKeyResult('End', 0, LABELS), { type: 'focus', index: 3 });
  assert.deepEqual(menuKeyResult('PageDown', 0, LABELS), { type: 'focus', index: 3 });
});

test('Enter and Space choose; Escape closes back to the row; Tab closes and moves on', () => {
  assert.deepEqual(menuKeyResult('Enter', 1, LABELS), { type: 'activate' });
  assert.deepEqual(menuKeyResult(' ', 1, LABELS), { type: 'activate' });
  assert.deepEqual(menuKeyResult('Escape', 1, LABELS), { type: 'close', restoreFocus: true });
  assert.deepEqual(menuKeyResult('Tab', 1, LABELS), { type: 'close', restoreFocus: false });
});

test('a letter jumps to the next item starting with it, wrapping', () => {
  assert.deepEqual(menuKeyResult('c', 0, LABELS), { type: 'focus', index: 1 });
  assert.deepEqual(menuKeyResult('C', 1, LABELS), { type: 'focus', index: 2 });
  assert.deepEqual(menuKeyResult('c', 2, LABELS), { type: 'focus', index: 1 });
  assert.deepEqual(menuKeyResult('d', 0, LABELS), { type: 'focus', index: 3 });
  assert.equal(menuKeyResult('x', 0, LABELS), undefined);
  assert.equal(menuKeyResult('Shift', 0, LABELS), undefined);
  assert.equal(menuKeyResult('ArrowLeft', 0, LABELS), undefined);
});

test('the menu opens at the point, or flips to stay inside the window', () => {
  const size = { width: 200, height: 120 };
  const viewport = { width: 1000, height: 600 };
  assert.deepEqual(menuPosition({ x: 100, y: 100 }, size, viewport), { left: 100, top: 100 });
  assert.deepEqual(menuPosition({ x: 900, y: 550 }, size, viewport), { left: 700, top: 430 });
  // Larger than the space on either side: pinned to the edge.
  assert.deepEqual(menuPosition({ x: 10, y: 10 }, { width: 2000, height: 50 }, viewport), {
    left: 4,
    top: 10,
  });
});
