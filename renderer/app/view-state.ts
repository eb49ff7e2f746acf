/** The view state that changes with the data and the connection (not the user's choices). */
import type { EndpointCounts } from '../../shared/delta.js';
import type { Endpoint } from '../../shared/endpoint.js';
import type { AppInfo, MonitorStatus, PollReport } from '../../shared/protocol.js';
import type { StatusCounts } from '../model/status-counts.js';
import { Store } from './store.js';

/** What the toolbar, banners, status bar and details panel show; set by the session and the grid. */
export interface ViewState {
  /** null until the transport has connected or failed once. */
  connected: boolean | null;
  status: MonitorStatus | null;
  /** The latest poll, from the latest delta or status. */
  lastPoll: PollReport | null;
  /** Counts of all live rows (the protocol toggles' numbers). */
  counts: EndpointCounts | null;
  /** Shown-of-total counts for the status bar; computed by the grid after it filters. */
  statusCounts: StatusCounts | null;
  /** Whether the table follows the main side's (false between a seq gap and the next snapshot). */
  synced: boolean;
  /** The latest failed request, for the error banner; cleared by the next success. */
  requestError: string | null;
  /** Increases whenever the table changes: what the details panel listens to. */
  tableVersion: number;
  /** The row the details panel shows: the grid's last selected row. */
  selectedKey: string | null;
  /** The open dialog, if any. */
  dialog: 'columns' | 'about' | 'kill' | 'close-connection' | null;
  /** The row a kill or close dialog acts on, as it was when the dialog opened. */
  dialogRow: Endpoint | null;
  /** The row menu, open at these page coordinates; it acts on the selected row. */
  rowMenu: { x: number; y: number } | null;
  /** What the main side is and allows (its `info`); null until it has answered. */
  appInfo: AppInfo | null;
}

/** A store holding a fresh view state. */
export function createViewStore(): Store<ViewState> {
  return new Store<ViewState>({
    connected: null,
    status: null,
    lastPoll: null,
    counts: null,
    statusCounts: null,
    synced: false,
    requestError: null,
    tableVersion: 0,
    selectedKey: null,
    dialog: null,
    dialogRow: null,
    rowMenu: null,
    appInfo: null,
  });
}
