/**
 * The view's remembered settings in localStorage. What is stored is read back
 * field by field: a field that is missing or of the wrong type falls back to
 * its default and the others are kept, so one bad value never costs the rest
 * (or the app's start).
 */
import { DEFAULT_FILTER, STATE_FILTERS, type StateFilter, type ViewFilter } from './row-filter.js';

/** The Theme select: follow the OS, or force one. */
export type ThemeChoice = 'system' | 'light' | 'dark';

/** Every Theme choice, in menu order. */
export const THEME_CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

/** What the view remembers between runs. */
export interface Preferences {
  filter: ViewFilter;
  theme: ThemeChoice;
  /** How long new, changed and removed rows stay highlighted, in milliseconds. */
  highlightMs: number;
  /** Hold the sort order while the pointer is over the grid, so rows do not jump under it. */
  holdSortOnHover: boolean;
  /** AG Grid's ColumnState[] as the grid gave it; null for the grid's defaults. */
  columnState: unknown[] | null;
  detailsOpen: boolean;
}

/** The localStorage key; the version changes if the shape ever does. */
export const PREFERENCES_KEY = 'sockscope.preferences.v1';

/** The range highlightMs may take: 0 (no highlights) up to a minute. */
export const MAX_HIGHLIGHT_MS = 60_000;

/** What a first run uses. */
export const DEFAULT_PREFERENCES: Preferences = {
  filter: DEFAULT_FILTER,
  theme: 'system',
  highlightMs: 3000,
  holdSortOnHover: true,
  columnState: null,
  detailsOpen: false,
};

/** The part of Storage loadPreferences reads (DOM's Storage fits; typed here so Node tests need no DOM). */
export interface StorageReader {
  getItem(key: string): string | null;
}

/** The part of Storage savePreferences writes. */
export interface StorageWriter {
  setItem(key: string, value: string): void;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function bool(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

function oneOf<T extends string>(value: unknown, choices: readonly T[], fallback: T): T {
  return typeof value === 'string' && (choices as readonly string[]).includes(value)
    ? (value as T)
    : fallback;
}

function highlightMs(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= MAX_HIGHLIGHT_MS
    ? value
    : DEFAULT_PREFERENCES.highlightMs;
}

/** Column state as stored, if it is an array of objects each with a string colId; otherwise null. */
function columnState(value: unknown): unknown[] | null {
  if (!Array.isArray(value)) return null;
  return value.every((entry) => isObject(entry) && typeof entry.colId === 'string') ? value : null;
}

function viewFilter(value: unknown): ViewFilter {
  const d = DEFAULT_FILTER;
  if (!isObject(value)) return { ...d, protocols: { ...d.protocols } };
  const p = isObject(value.protocols) ? value.protocols : {};
  return {
    search: typeof value.search === 'string' ? value.search : d.search,
    protocols: {
      tcp4: bool(p.tcp4, d.protocols.tcp4),
      tcp6: bool(p.tcp6, d.protocols.tcp6),
      udp4: bool(p.udp4, d.protocols.udp4),
      udp6: bool(p.udp6, d.protocols.udp6),
    },
    state: oneOf<StateFilter>(value.state, STATE_FILTERS, d.state),
    showUnconnected: bool(value.showUnconnected, d.showUnconnected),
  };
}

/** Preferences from stored JSON text (or null): defaults for whatever is missing or wrong. */
export function parsePreferences(text: string | null): Preferences {
  let stored: unknown = undefined;
  if (text !== null) {
    try {
      stored = JSON.parse(text);
    } catch {
      stored = undefined;
    }
  }
  const s = isObject(stored) ? stored : {};
  const d = DEFAULT_PREFERENCES;
  return {
    filter: viewFilter(s.filter),
    theme: oneOf(s.theme, THEME_CHOICES, d.theme),
    highlightMs: highlightMs(s.highlightMs),
    holdSortOnHover: bool(s.holdSortOnHover, d.holdSortOnHover),
    columnState: columnState(s.columnState),
    detailsOpen: bool(s.detailsOpen, d.detailsOpen),
  };
}

/** The stored preferences, or defaults; never throws (storage may be disabled, or hold anything). */
export function loadPreferences(storage: StorageReader): Preferences {
  let text: string | null = null;
  try {
    text = storage.getItem(PREFERENCES_KEY);
  } catch {
    // Storage blocked (privacy settings, sandboxed frame): run on defaults.
  }
  return parsePreferences(text);
}

/** Stores `prefs`; a full or blocked storage is ignored: losing a preference must not break the view. */
export function savePreferences(storage: StorageWriter, prefs: Preferences): void {
  try {
    storage.setItem(PREFERENCES_KEY, JSON.stringify(prefs));
  } catch {
    // QuotaExceededError or SecurityError: the settings stay in memory for this run.
  }
}
