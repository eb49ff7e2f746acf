/**
 * Reads and writes the window state file (window-state.json in Electron's
 * userData folder) and follows a window's moves to keep it current.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { parseWindowState, type Rect, type WindowState } from './window-state.js';

/** The file's name inside app.getPath('userData'). */
export const WINDOW_STATE_FILE = 'window-state.json';

/** A saved state, or null and why none was used (null `problem`: there was no file yet). */
export type LoadedWindowState =
  { state: WindowState; problem: null } | { state: null; problem: string | null };

/** Reads the saved state; a missing file is normal, a bad one is reported and ignored, never fatal. */
export function loadWindowState(file: string): LoadedWindowState {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { state: null, problem: code === 'ENOENT' ? null : `cannot read ${file}: ${code ?? error}` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { state: null, problem: `${file} is not JSON; using the default window` };
  }
  const state = parseWindowState(value);
  if (state === null)
    return { state: null, problem: `${file} is not a window state; using the default window` };
  return { state, problem: null };
}

/** Writes the state through a temporary file and a rename, so a crash mid-write leaves the old file whole. */
export function saveWindowState(file: string, state: WindowState): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(state)}\n`, { mode: 0o600 });
  renameSync(temporary, file);
}

/** The parts of a BrowserWindow that state tracking reads. */
export interface TrackedWindow {
  on(event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'close', listener: () => void): unknown;
  getNormalBounds(): Rect;
  isMaximized(): boolean;
}

/**
 * Saves the window's state `delayMs` after it stops moving or resizing, and
 * at once when it closes. `save` errors are logged and otherwise ignored: a
 * read-only home folder costs only the remembered position.
 */
export function trackWindowState(
  win: TrackedWindow,
  save: (state: WindowState) => void,
  delayMs = 500,
): void {
  let timer: NodeJS.Timeout | undefined;
  const saveNow = (): void => {
    clearTimeout(timer);
    timer = undefined;
    try {
      const { x, y, width, height } = win.getNormalBounds();
      // Scaled displays can report fractions; the file holds whole pixels.
      const bounds = {
        x: Math.round(x),
        y: Math.round(y),
        width: Math.round(width),
        height: Math.round(height),
      };
      save({ bounds, maximized: win.isMaximized() });
    } catch (error) {
      console.error('sockscope: cannot save the window state:', (error as Error).message);
    }
  };
  const saveSoon = (): void => {
    clearTimeout(timer);
    timer = setTimeout(saveNow, delayMs);
  };
  for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) win.on(event, saveSoon);
  win.on('close', saveNow);
}
