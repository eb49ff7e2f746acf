/**
 * The row menu (right-click, Shift+F10 or the Menu key on a row): its items
 * for the selected row, and what each key does inside it, as a menu in the
 * WAI-ARIA practices behaves (arrows wrap, Home/End, first letter jumps,
 * Enter/Space activate, Escape and Tab close).
 */
import type { RowActionStates } from './row-actions.js';

export type RowMenuCommand = 'kill' | 'close-connection' | 'copy' | 'details';

/** One item; a disabled item can be focused (and read with its reason) but does nothing. */
export interface RowMenuItem {
  command: RowMenuCommand;
  label: string;
  disabled: boolean;
  /** Why it is disabled. */
  reason?: string;
}

/** The items for the selected row; actions the main side does not offer are left out. */
export function rowMenuItems(states: RowActionStates): RowMenuItem[] {
  const items: RowMenuItem[] = [];
  if (states.kill.shown) {
    items.push({
      command: 'kill',
      label: 'Kill process…',
      disabled: !states.kill.enabled,
      ...(states.kill.enabled ? {} : { reason: states.kill.reason }),
    });
  }
  if (states.closeConnection.shown) {
    items.push({
      command: 'close-connection',
      label: 'Close connection…',
      disabled: !states.closeConnection.enabled,
      ...(states.closeConnection.enabled ? {} : { reason: states.closeConnection.reason }),
    });
  }
  items.push({ command: 'copy', label: 'Copy row', disabled: false });
  items.push({ command: 'details', label: 'Details', disabled: false });
  return items;
}

/** What a key does in the menu. */
export type MenuKeyResult =
  | { type: 'focus'; index: number }
  | { type: 'activate' }
  /** Close the menu; `restoreFocus` puts focus back on the row (not for Tab, which moves on). */
  | { type: 'close'; restoreFocus: boolean };

/**
 * The effect of `key` with the item at `current` focused among `labels`;
 * undefined for keys the menu leaves alone.
 */
export function menuKeyResult(
  key: string,
  current: number,
  labels: readonly string[],
): MenuKeyResult | undefined {
  const count = labels.length;
  if (count === 0) return key === 'Escape' ? { type: 'close', restoreFocus: true } : undefined;
  switch (key) {
    case 'ArrowDown':
      return { type: 'focus', index: (current + 1) % count };
    case 'ArrowUp':
      return { type: 'focus', index: (current - 1 + count) % count };
    case 'Home':
    case 'PageUp':
      return { type: 'focus', index: 0 };
    case 'End':
    case 'PageDown':
      return { type: 'focus', index: count - 1 };
    case 'Enter':
    case ' ':
      return { type: 'activate' };
    case 'Escape':
      return { type: 'close', restoreFocus: true };
    case 'Tab':
      return { type: 'close', restoreFocus: false };
  }
  if (key.length === 1 && key.trim() !== '') {
    // The next item (after the current one, wrapping) whose label starts with the letter.
    const letter = key.toLowerCase();
    for (let step = 1; step <= count; step++) {
      const index = (current + step) % count;
      if (labels[index]!.toLowerCase().startsWith(letter)) return { type: 'focus', index };
    }
  }
  return undefined;
}

/** Where a menu of `size` opens near the point `at`, kept inside a `viewport`, 4 px from its edges. */
export function menuPosition(
  at: { x: number; y: number },
  size: { width: number; height: number },
  viewport: { width: number; height: number },
): { left: number; top: number } {
  const margin = 4;
  const left = at.x + size.width + margin > viewport.width ? at.x - size.width : at.x;
  const top = at.y + size.height + margin > viewport.height ? at.y - size.height : at.y;
  return {
    left: Math.max(margin, Math.min(left, viewport.width - size.width - margin)),
    top: Math.max(margin, Math.min(top, viewport.height - size.height - margin)),
  };
}
