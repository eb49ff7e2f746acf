/**
 * Whether the row actions ("Kill process", "Close connection") are shown and
 * enabled for the selected row, and why not: one answer for the toolbar, the
 * row menu and the Delete key. The main side decides again on every request;
 * this only keeps the view from offering what would be refused.
 */
import { isClosable, type ActionAvailability, type ActionsInfo } from '../../shared/actions.js';
import type { Endpoint } from '../../shared/endpoint.js';
import type { AppInfo } from '../../shared/protocol.js';

/** One action's control: absent, or present and enabled, or present and disabled with a reason. */
export type ActionState =
  { shown: false } | { shown: true; enabled: true } | { shown: true; enabled: false; reason: string };

/** Both row actions' states. */
export interface RowActionStates {
  kill: ActionState;
  closeConnection: ActionState;
}

/** The selected row as the view has it: live, or removed and still on show. */
export interface SelectedRow {
  row: Endpoint;
  removed: boolean;
}

const HIDDEN: ActionState = { shown: false };
const ENABLED: ActionState = { shown: true, enabled: true };
const disabled = (reason: string): ActionState => ({ shown: true, enabled: false, reason });

/** Nothing is offered until the main side has said what it allows. */
export const NO_ROW_ACTIONS: RowActionStates = { kill: HIDDEN, closeConnection: HIDDEN };

/**
 * Whether the main side offers it at all (shown, maybe disabled), before
 * looking at the row. A main side without actions (serve mode without
 * --allow-kill) gets no controls: they could never work there.
 */
function offered(actions: ActionsInfo, availability: ActionAvailability, what: string): ActionState | null {
  if (!actions.offered) return HIDDEN;
  if (!availability.available) return disabled(availability.reason ?? `${what} is not available here`);
  return null;
}

/** "Kill process": for a live row owned by a known process. */
export function killState(info: AppInfo, selected: SelectedRow | undefined): ActionState {
  const off = offered(info.actions, info.actions.kill, 'Killing a process');
  if (off !== null) return off;
  if (selected === undefined) return disabled('Select a row to kill the process that owns it');
  if (selected.removed) return disabled('This connection is gone');
  const owner = selected.row.owner;
  if (owner.kind !== 'process')
    return disabled(`The owner of this row is not known (${ownerUnknownText(owner.reason)})`);
  return ENABLED;
}

/** "Close connection": for a live TCP row in a state with a peer (see isClosable). */
export function closeConnectionState(info: AppInfo, selected: SelectedRow | undefined): ActionState {
  const off = offered(info.actions, info.actions.closeConnection, 'Closing a connection');
  if (off !== null) return off;
  if (selected === undefined) return disabled('Select a TCP connection to close it');
  if (selected.removed) return disabled('This connection is gone');
  const row = selected.row;
  if (!isClosable(row)) {
    return disabled(
      row.proto === 'tcp'
        ? `A ${row.state} socket has no connection to close`
        : 'Only TCP connections can be closed',
    );
  }
  return ENABLED;
}

/** Both states; nothing shown before the app info has come. */
export function rowActionStates(info: AppInfo | null, selected: SelectedRow | undefined): RowActionStates {
  if (info === null) return NO_ROW_ACTIONS;
  return { kill: killState(info, selected), closeConnection: closeConnectionState(info, selected) };
}

/** Whether two sets of states would render the same (to keep one object while nothing changes). */
export function sameRowActionStates(a: RowActionStates, b: RowActionStates): boolean {
  return sameState(a.kill, b.kill) && sameState(a.closeConnection, b.closeConnection);
}

function sameState(a: ActionState, b: ActionState): boolean {
  if (!a.shown || !b.shown) return a.shown === b.shown;
  if (a.enabled || b.enabled) return a.enabled === b.enabled;
  return a.reason === b.reason;
}

function ownerUnknownText(reason: 'not-permitted' | 'no-process' | 'kernel'): string {
  if (reason === 'not-permitted') return 'not permitted to inspect its process';
  if (reason === 'no-process') return 'no process holds it';
  return 'kept by the kernel';
}
