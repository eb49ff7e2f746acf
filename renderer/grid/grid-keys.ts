/**
 * Keys the view handles itself while the grid has focus: Space pauses or
 * resumes (TCPView's habit), Enter opens the details, Ctrl+C copies the
 * selected rows, Delete kills the row's process (after the dialog), and
 * Shift+F10 or the Menu key opens the row menu. The grid is told to leave
 * these alone in its cells.
 */
import type { SuppressKeyboardEventParams } from 'ag-grid-community';

/** What a key pressed on a row does. */
export type GridKeyAction = 'toggle-pause' | 'open-details' | 'copy' | 'kill' | 'row-menu';

/** The parts of a key press that choose the action. */
export interface KeyChord {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/** The action for a key press in a grid cell, if the view handles it. */
export function gridKeyAction(event: KeyChord): GridKeyAction | undefined {
  const mod = event.ctrlKey || event.metaKey;
  if (event.key === ' ' && !mod && !event.altKey && !event.shiftKey) return 'toggle-pause';
  if (event.key === 'Enter' && !mod && !event.altKey) return 'open-details';
  if ((event.key === 'c' || event.key === 'C') && mod && !event.altKey) return 'copy';
  if (event.key === 'Delete' && !mod && !event.altKey && !event.shiftKey) return 'kill';
  if (event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey && !mod && !event.altKey)) {
    return 'row-menu';
  }
  return undefined;
}

/** colDef.suppressKeyboardEvent: true for the keys above, so the grid does not also act on them. */
export function suppressViewKeys(params: SuppressKeyboardEventParams): boolean {
  return gridKeyAction(params.event) !== undefined;
}
