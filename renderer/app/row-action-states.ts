/**
 * The row actions for the view's selected row, read from the stores: their
 * states (what the toolbar buttons, the row menu and the Delete key go by)
 * and the dialog an action opens.
 */
import { rowActionStates, type RowActionStates } from '../model/row-actions.js';
import type { LiveSession } from './live-session.js';
import type { Store } from './store.js';
import type { ViewState } from './view-state.js';

/** The stores the states are read from. */
export interface StateSources {
  view: Store<ViewState>;
  session: Pick<LiveSession, 'row'>;
}

/** The states now, for the selected row (live or removed-but-shown). */
export function selectedRowActionStates({ view, session }: StateSources): RowActionStates {
  const { appInfo, selectedKey } = view.get();
  return rowActionStates(appInfo, selectedKey === null ? undefined : session.row(selectedKey));
}

/**
 * Opens an action's dialog on the selected row as it is now (the request
 * will name what the user saw), if the action is enabled for it; returns
 * whether it opened.
 */
export function openRowDialog(sources: StateSources, dialog: 'kill' | 'close-connection'): boolean {
  const { view, session } = sources;
  const states = selectedRowActionStates(sources);
  const state = dialog === 'kill' ? states.kill : states.closeConnection;
  const key = view.get().selectedKey;
  const shown = key === null ? undefined : session.row(key);
  if (!state.shown || !state.enabled || shown === undefined) return false;
  view.set({ dialog, dialogRow: shown.row, rowMenu: null });
  return true;
}
