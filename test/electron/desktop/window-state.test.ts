import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_SIZE,
  MIN_SIZE,
  parseWindowState,
  placeWindow,
  type Rect,
  type WindowState,
} from '../../../electron/desktop/window-state.js';

// Two side-by-side displays; work areas leave room for a top bar / taskbar.
const LEFT: Rect = { x: 0, y: 32, width: 1920, height: 1048 };
const RIGHT: Rect = { x: 1920, y: 0, width: 1280, height: 1024 };

const state = (x: number, y: number, width: number, height: number, maximized = false): WindowState => ({
  bounds: { x, y, width, height },
  maximized,
});

test('a well-formed state parses; anything else is null', () => {
  assert.deepEqual(parseWindowState(state(10, -20, 800, 600, true)), state(10, -20, 800, 600, true));
  const bad: unknown[] = [
    null,
    42,
    'state',
    [],
    { bounds: { x: 0, y: 0, width: 800, height: 600 } },
    { bounds: { x: 0, y: 0, width: 800, height: 600 }, maximized: 'yes' },
    { bounds: null, maximized: false },
    { bounds: { x: '0', y: 0, width: 800, height: 600 }, maximized: false },
    { bounds: { x: 0, y: 0, width: 0, height: 600 }, maximized: false },
    { bounds: { x: 0, y: 0, width: -800, height: 600 }, maximized: false },
    { bounds: { x: 0.5, y: 0, width: 800, height: 600 }, maximized: false },
    { bounds: { x: Number.NaN, y: 0, width: 800, height: 600 }, maximized: false },
    { bounds: { x: 0, y: 0, width: 800, height: Infinity }, maximized: false },
    { bounds: { x: 1e9, y: 0, width: 800, height: 600 }, maximized: false },
    { bounds: { x: 0, y: 0, width: 800 }, maximized: false },
  ];
  for (const value of bad) assert.equal(parseWindowState(value), null, JSON.stringify(value));
});

test('no saved state: the default size, centred on the primary display', () => {
  assert.deepEqual(
    placeWindow(null, [LEFT, RIGHT]),
    state(320, 156, DEFAULT_SIZE.width, DEFAULT_SIZE.height),
  );
  // A primary display smaller than the default size gets a window of its size.
  const small: Rect = { x: 0, y: 0, width: 1024, height: 600 };
  assert.deepEqual(placeWindow(null, [small]), state(0, 0, 1024, 600));
});

test('a saved state fully on a display is kept as it was, maximised flag too', () => {
  assert.deepEqual(
    placeWindow(state(100, 100, 900, 700, true), [LEFT, RIGHT]),
    state(100, 100, 900, 700, true),
  );
  assert.deepEqual(placeWindow(state(2000, 50, 1000, 800), [LEFT, RIGHT]), state(2000, 50, 1000, 800));
});

test('a window on a display that is gone moves onto the primary display', () => {
  // Last seen on the right display, now unplugged.
  assert.deepEqual(placeWindow(state(2000, 50, 1000, 800, true), [LEFT]), state(920, 50, 1000, 800, true));
  // Far off every display.
  assert.deepEqual(placeWindow(state(-5000, -5000, 800, 600), [LEFT, RIGHT]), state(0, 32, 800, 600));
});

test('a window hanging off a display is pulled fully onto the one it overlaps most', () => {
  // Mostly on the right display, its right edge past the screen.
  assert.deepEqual(placeWindow(state(2900, 500, 800, 600), [LEFT, RIGHT]), state(2400, 424, 800, 600));
  // Title bar above the top of the work area.
  assert.deepEqual(placeWindow(state(100, -10, 800, 600), [LEFT, RIGHT]), state(100, 32, 800, 600));
  // Straddling both displays, more on the left: it goes to the left one.
  assert.deepEqual(placeWindow(state(1500, 100, 800, 600), [LEFT, RIGHT]), state(1120, 100, 800, 600));
});

test('a window larger than its display shrinks to the work area; a tiny one grows to the minimum', () => {
  assert.deepEqual(placeWindow(state(1950, 10, 3000, 2000), [LEFT, RIGHT]), state(1920, 0, 1280, 1024));
  assert.deepEqual(
    placeWindow(state(10, 40, 50, 20), [LEFT]),
    state(10, 40, MIN_SIZE.width, MIN_SIZE.height),
  );
});

test('with no display reported, a saved state is used as it is', () => {
  assert.deepEqual(placeWindow(state(1, 2, 800, 600), []), state(1, 2, 800, 600));
  assert.deepEqual(placeWindow(null, []).bounds, { x: 0, y: 0, ...DEFAULT_SIZE });
});
