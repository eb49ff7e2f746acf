import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  loadWindowState,
  saveWindowState,
  trackWindowState,
} from '../../../electron/desktop/window-state-file.js';
import type { Rect, WindowState } from '../../../electron/desktop/window-state.js';

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'sockscope-window-state-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('a saved state reads back; the file is private and no temporary file is left', (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'window-state.json');
  const state: WindowState = { bounds: { x: 10, y: 20, width: 900, height: 700 }, maximized: true };
  saveWindowState(file, state);
  assert.deepEqual(loadWindowState(file), { state, problem: null });
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.deepEqual(readdirSync(dir), ['window-state.json']);
});

test('a missing file is no problem; a corrupt or foreign one is reported and ignored', (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'window-state.json');
  assert.deepEqual(loadWindowState(file), { state: null, problem: null });
  writeFileSync(file, '{"bounds": {"x": 0, ');
  assert.match(loadWindowState(file).problem ?? '', /is not JSON/);
  writeFileSync(
    file,
    JSON.stringify({ bounds: { x: 0, y: 0, width: 'wide', height: 600 }, maximized: false }),
  );
  assert.match(loadWindowState(file).problem ?? '', /is not a window state/);
  assert.equal(loadWindowState(file).state, null);
  // A directory where the file should be: cannot read, reported.
  assert.match(loadWindowState(dir).problem ?? '', /cannot read .*EISDIR/);
});

/** A window that moves and resizes as told, emitting the events Electron emits. */
class MovingWindow extends EventEmitter {
  bounds: Rect = { x: 100, y: 100, width: 800, height: 600 };
  maximized = false;
  getNormalBounds(): Rect {
    return { ...this.bounds };
  }
  isMaximized(): boolean {
    return this.maximized;
  }
}

test('moves are saved once they settle, and the state at close at once', async () => {
  const saved: WindowState[] = [];
  const win = new MovingWindow();
  trackWindowState(win, (state) => saved.push(state), 30);
  for (const x of [110, 120, 130]) {
    win.bounds = { ...win.bounds, x };
    win.emit('move');
  }
  win.bounds = { ...win.bounds, width: 1000.4 };
  win.emit('resize');
  assert.deepEqual(saved, []);
  await sleep(80);
  assert.deepEqual(saved, [{ bounds: { x: 130, y: 100, width: 1000, height: 600 }, maximized: false }]);

  win.maximized = true;
  win.emit('maximize');
  win.emit('close');
  assert.equal(saved.length, 2);
  assert.deepEqual(saved[1], { bounds: { x: 130, y: 100, width: 1000, height: 600 }, maximized: true });
  await sleep(60); // The pending save was folded into the close: nothing more.
  assert.equal(saved.length, 2);
});

test('a save that fails (read-only folder) is logged, never thrown', (t) => {
  const win = new MovingWindow();
  const errors: unknown[][] = [];
  t.mock.method(console, 'error', (...args: unknown[]) => errors.push(args));
  trackWindowState(win, (state) => saveWindowState(join('/nonexistent-dir-for-sockscope', 'w.json'), state));
  assert.doesNotThrow(() => win.emit('close'));
  assert.equal(errors.length, 1);
  assert.match(String(errors[0]?.[1]), /ENOENT/);
});
