/**
 * The window's remembered size, position and maximised state: validated when
 * read back (the file is user-editable and may come from another machine),
 * and placed on a display that is attached now, so a window last seen on an
 * unplugged monitor does not open off-screen.
 */

/** A rectangle in screen coordinates (DIP), as Electron's Rectangle. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What is remembered between launches. */
export interface WindowState {
  /** The normal (not maximised) bounds. */
  bounds: Rect;
  maximized: boolean;
}

/** The size of a first window, shrunk to fit a smaller display. */
export const DEFAULT_SIZE = { width: 1280, height: 800 } as const;
/** The smallest window the toolbar and grid still fit in. */
export const MIN_SIZE = { width: 640, height: 400 } as const;
// Larger than any real display arrangement: a bigger number is a corrupt file.
const MAX_COORDINATE = 100_000;

/** The state a parsed JSON value describes, or null when it is not a well-formed state. */
export function parseWindowState(value: unknown): WindowState | null {
  if (typeof value !== 'object' || value === null) return null;
  const { bounds, maximized } = value as Record<string, unknown>;
  if (typeof maximized !== 'boolean' || typeof bounds !== 'object' || bounds === null) return null;
  const { x, y, width, height } = bounds as Record<string, unknown>;
  if (![x, y].every((n) => isInteger(n, -MAX_COORDINATE, MAX_COORDINATE))) return null;
  if (!isInteger(width, 1, MAX_COORDINATE) || !isInteger(height, 1, MAX_COORDINATE)) return null;
  return { bounds: { x: x as number, y: y as number, width, height }, maximized };
}

function isInteger(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/**
 * Where the window opens. A saved state goes on the display it overlaps most
 * (the primary one, `workAreas[0]`, if it overlaps none), shrunk to fit that
 * display's work area and moved fully inside it. Without a saved state the
 * window takes the default size, centred on the primary display.
 */
export function placeWindow(saved: WindowState | null, workAreas: readonly Rect[]): WindowState {
  const primary = workAreas[0];
  if (primary === undefined) return saved ?? { bounds: { x: 0, y: 0, ...DEFAULT_SIZE }, maximized: false };
  if (saved === null) {
    const width = Math.min(DEFAULT_SIZE.width, primary.width);
    const height = Math.min(DEFAULT_SIZE.height, primary.height);
    const bounds = {
      x: primary.x + Math.floor((primary.width - width) / 2),
      y: primary.y + Math.floor((primary.height - height) / 2),
      width,
      height,
    };
    return { bounds, maximized: false };
  }
  const area = mostOverlapped(saved.bounds, workAreas) ?? primary;
  const width = clamp(saved.bounds.width, Math.min(MIN_SIZE.width, area.width), area.width);
  const height = clamp(saved.bounds.height, Math.min(MIN_SIZE.height, area.height), area.height);
  const x = clamp(saved.bounds.x, area.x, area.x + area.width - width);
  const y = clamp(saved.bounds.y, area.y, area.y + area.height - height);
  return { bounds: { x, y, width, height }, maximized: saved.maximized };
}

/** The area sharing the most pixels with `rect`, or undefined when it touches none. */
function mostOverlapped(rect: Rect, areas: readonly Rect[]): Rect | undefined {
  let best: Rect | undefined;
  let bestOverlap = 0;
  for (const area of areas) {
    const overlap = overlapArea(rect, area);
    if (overlap > bestOverlap) [best, bestOverlap] = [area, overlap];
  }
  return best;
}

function overlapArea(a: Rect, b: Rect): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
