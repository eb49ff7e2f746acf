import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserWindowConstructorOptions } from 'electron';
import { openMainWindow } from '../../../electron/desktop/main-window.js';
import type { Rect } from '../../../electron/desktop/window-state.js';

// The window's opening and remembering, with a stand-in BrowserWindow class
// and screen; the state file is real.

class StandInWindow extends EventEmitter {
  static made: StandInWindow[] = [];
  readonly options: BrowserWindowConstructorOptions;
  maximized = false;
  shown = false;
  constructor(options: BrowserWindowConstructorOptions) {
    super();
    this.options = options;
    StandInWindow.made.push(this);
  }
  getNormalBounds(): Rect {
    const { x = 0, y = 0, width = 0, height = 0 } = this.options;
    return { x, y, width, height };
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  maximize(): void {
    this.maximized = true;
  }
  show(): void {
    this.shown = true;
  }
}

const screen = {
  getPrimaryDisplay: () => ({ id: 1, workArea: { x: 0, y: 0, width: 1600, height: 900 } }),
  getAllDisplays: () => [
    { id: 2, workArea: { x: 1600, y: 0, width: 1920, height: 1080 } },
    { id: 1, workArea: { x: 0, y: 0, width: 1600, height: 900 } },
  ],
};

function userData(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'sockscope-user-data-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('the last state is restored on its display, shown maximised at first paint, and saved on close', (t) => {
  const dir = userData(t);
  const file = join(dir, 'window-state.json');
  writeFileSync(
    file,
    JSON.stringify({ bounds: { x: 1700, y: 50, width: 1000, height: 700 }, maximized: true }),
  );
  const win = openMainWindow({ BrowserWindow: StandInWindow, screen, userData: dir, preload: '/p.cjs' });
  assert.deepEqual(
    { x: win.options.x, y: win.options.y, width: win.options.width, height: win.options.height },
    { x: 1700, y: 50, width: 1000, height: 700 },
  );
  assert.equal(win.options.show, false);
  assert.equal(win.options.webPreferences?.preload, '/p.cjs');
  assert.equal(win.shown, false);
  win.emit('ready-to-show');
  assert.equal(win.shown, true);
  assert.equal(win.maximized, true);

  win.emit('close');
  assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), {
    bounds: { x: 1700, y: 50, width: 1000, height: 700 },
    maximized: true,
  });
});

test('a corrupt state file gives the default window on the primary display, with a warning', (t) => {
  const dir = userData(t);
  writeFileSync(join(dir, 'window-state.json'), 'not json');
  const warnings: unknown[] = [];
  t.mock.method(console, 'warn', (message: unknown) => warnings.push(message));
  const win = openMainWindow({
    BrowserWindow: StandInWindow,
    screen,
    userData: dir,
    preload: '/p.cjs',
    icon: '/i.png',
  });
  assert.deepEqual(win.getNormalBounds(), { x: 160, y: 50, width: 1280, height: 800 });
  assert.equal(win.options.icon, '/i.png');
  assert.match(String(warnings[0]), /is not JSON; using the default window/);
  win.emit('ready-to-show');
  assert.equal(win.maximized, false);
});
