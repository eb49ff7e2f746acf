import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gridKeyAction } from '../../../renderer/grid/grid-keys.js';

const key = (
  k: string,
  mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {},
) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

test('Space pauses, Enter opens the details, Ctrl+C (or Cmd+C) copies', () => {
  assert.equal(gridKeyAction(key(' ')), 'toggle-pause');
  assert.equal(gridKeyAction(key('Enter')), 'open-details');
  assert.equal(gridKeyAction(key('c', { ctrlKey: true })), 'copy');
  assert.equal(gridKeyAction(key('C', { ctrlKey: true, shiftKey: true })), 'copy');
  assert.equal(gridKeyAction(key('c', { metaKey: true })), 'copy');
});

test('other keys and chords are left to the grid', () => {
  assert.equal(gridKeyAction(key('c')), undefined);
  assert.equal(gridKeyAction(key(' ', { shiftKey: true })), undefined, 'Shift+Space selects in the grid');
  assert.equal(gridKeyAction(key(' ', { ctrlKey: true })), undefined);
  assert.equal(gridKeyAction(key('ArrowDown')), undefined);
  assert.equal(gridKeyAction(key('a', { ctrlKey: true })), undefined);
});

test('Delete kills the row process (after the dialog); Shift+F10 and the Menu key open the row menu', () => {
  assert.equal(gridKeyAction(key('Delete')), 'kill');
  assert.equal(gridKeyAction(key('F10', { shiftKey: true })), 'row-menu');
  assert.equal(gridKeyAction(key('ContextMenu')), 'row-menu');
  assert.equal(gridKeyAction(key('Delete', { ctrlKey: true })), undefined);
  assert.equal(gridKeyAction(key('Delete', { shiftKey: true })), undefined);
  assert.equal(gridKeyAction(key('F10')), undefined, 'F10 alone is the browser menu bar');
  assert.equal(gridKeyAction(key('Backspace')), undefined);
});
