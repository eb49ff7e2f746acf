/**
 * Everything the grid does besides rendering: feeding it from the live
 * session, the view's filter, status counts after each model update, holding
 * the sort while pointed at, keeping the followed row on screen, remembering
 * column state, and the keys the view handles. A plain class, made once per
 * grid, so React re-renders never touch it.
 */
import type {
  ColumnState,
  GridApi,
  GridReadyEvent,
  IRowNode,
  PostSortRowsParams,
  RowClassRules,
  RowDoubleClickedEvent,
} from 'ag-grid-community';
import type { KeyboardEvent, MouseEvent, PointerEvent } from 'react';
import type { Endpoint } from '../../shared/endpoint.js';
import type { AppServices } from '../app/app-services.js';
import type { GridHandle } from '../app/grid-handle.js';
import type { RowSink } from '../app/live-session.js';
import type { RowTransaction } from '../app/row-change-batch.js';
import { makeRowFilter } from '../model/row-filter.js';
import { gridKeyAction } from './grid-keys.js';
import { gridStatusCounts, throttled } from './grid-status-counts.js';
import { SortHold } from './hold-sort.js';
import { rowInView } from './row-visibility.js';

const keyOfNode = (node: IRowNode<Endpoint>) => node.id ?? '';

/** How often the status bar's counts are worked out at most. */
const COUNTS_SPACING_MS = 250;

/** One grid's wiring to the session, the stores and the user; see the file comment. */
export class GridController {
  private api: GridApi<Endpoint> | null = null;
  private filter: (row: Endpoint) => boolean;
  private readonly hold = new SortHold();
  /** Whether the row the details follow was on screen: if so it is kept there. */
  private anchorInView = false;
  private sink: RowSink | null = null;
  private readonly scheduleCounts: () => void;
  private readonly cancelCounts: () => void;

  private connected = false;
  /** Whether the grid has postSortRows now (see onPointerOver). */
  private postSortSet = false;

  constructor(private readonly services: AppServices) {
    const { view, session } = services;
    this.filter = makeRowFilter(services.prefs.get().filter);
    [this.scheduleCounts, this.cancelCounts] = throttled(() => {
      const api = this.api;
      if (api !== null && !api.isDestroyed()) {
        view.set({ statusCounts: gridStatusCounts(api, session.table, this.filter) });
      }
    }, COUNTS_SPACING_MS);
  }

  /**
   * Starts following the session and the preferences (an effect of the grid
   * component); returns the function that stops it.
   */
  connect(): () => void {
    const { prefs, view } = this.services;
    this.connected = true;
    // The view's filter lives in the preferences; the grid re-filters when it changes, without React.
    let filter = prefs.get().filter;
    const unsubscribers = [
      prefs.subscribe(() => {
        const next = prefs.get().filter;
        if (next === filter) return;
        filter = next;
        this.filter = makeRowFilter(next);
        this.api?.onFilterChanged();
      }),
      view.subscribe(this.noteAnchorInView),
    ];
    this.attachSink();
    return () => {
      this.connected = false;
      for (const off of unsubscribers) off();
      this.cancelCounts();
      if (this.sink !== null) this.services.session.detach(this.sink);
      this.services.grid.set(null);
    };
  }

  /** Highlights from the session: green new, yellow state changed, red removed. */
  readonly rowClassRules: RowClassRules<Endpoint> = {
    'row-new': (p) => p.data !== undefined && this.services.session.highlight(p.data.key) === 'new',
    'row-changed': (p) => p.data !== undefined && this.services.session.highlight(p.data.key) === 'changed',
    'row-removed': (p) => p.data !== undefined && this.services.session.highlight(p.data.key) === 'removed',
  };

  /** The external filter is always on: it is cheap, and with everything allowed it passes every row. */
  readonly isExternalFilterPresent = (): boolean => true;

  readonly doesExternalFilterPass = (node: IRowNode<Endpoint>): boolean =>
    node.data !== undefined && this.filter(node.data);

  readonly onGridReady = (event: GridReadyEvent<Endpoint>): void => {
    const api = event.api;
    this.api = api;
    const saved = this.services.prefs.get().columnState;
    if (saved !== null) api.applyColumnState({ state: saved as ColumnState[], applyOrder: true });
    this.sink = {
      replaceAll: (rows) => api.setGridOption('rowData', rows),
      apply: (tx) => this.applyTransaction(api, tx),
    };
    this.attachSink();
  };

  /** Feeds the grid from the session once both the grid is ready and the component is mounted. */
  private attachSink(): void {
    if (!this.connected || this.api === null || this.sink === null) return;
    this.services.session.attach(this.sink);
    this.services.grid.set(gridHandle(this.api, this.services.session));
  }

  readonly onModelUpdated = (): void => {
    this.scheduleCounts();
    const api = this.api;
    const node = this.anchorNode();
    // A selected row the user was looking at stays on screen when an update or sort moves it.
    if (api !== null && node !== undefined && this.anchorInView && node.displayed) {
      if (!rowInView(node.rowTop, node.rowHeight, api.getVerticalPixelRange())) api.ensureNodeVisible(node);
    }
    this.noteAnchorInView();
  };

  readonly noteAnchorInView = (): void => {
    const api = this.api;
    const node = this.anchorNode();
    this.anchorInView =
      api !== null &&
      node !== undefined &&
      node.displayed &&
      rowInView(node.rowTop, node.rowHeight, api.getVerticalPixelRange());
  };

  readonly onFilterChanged = (): void => this.scheduleCounts();

  readonly saveColumns = (): void => {
    if (this.api !== null) this.services.prefs.set({ columnState: this.api.getColumnState() });
  };

  /** Moves and resizes are saved when the drag ends, not on every pixel. */
  readonly onColumnDragged = (event: { finished: boolean }): void => {
    if (event.finished) this.saveColumns();
  };

  readonly onSelectionChanged = (): void => {
    const api = this.api;
    if (api === null) return;
    const keys = api.getSelectedNodes().map(keyOfNode);
    const current = this.services.view.get().selectedKey;
    if (current !== null && keys.includes(current)) return;
    this.services.view.set({ selectedKey: keys.at(-1) ?? null });
  };

  readonly onRowDoubleClicked = (event: RowDoubleClickedEvent<Endpoint>): void => {
    if (event.node.id !== undefined) this.services.view.set({ selectedKey: event.node.id });
    this.services.actions.openDetails();
  };

  readonly postSortRows = (params: PostSortRowsParams<Endpoint>): void => {
    this.hold.apply(params.nodes, keyOfNode);
  };

  /**
   * Holds the order while the pointer is over the rows (not the header, where
   * the user sorts). postSortRows is given to the grid only when an update
   * arrives during a hold: with it the grid sorts every row on each update,
   * without it only the rows that changed (deltaSort); and setting it makes
   * the grid re-sort, which should not happen just because the pointer moved.
   */
  readonly onPointerOver = (event: PointerEvent<HTMLElement>): void => {
    const overRows = (event.target as HTMLElement).closest('.ag-header') === null;
    if (overRows && !this.hold.holding) this.startHold();
    else if (!overRows && this.hold.holding) this.releaseHold();
  };

  readonly onPointerLeave = (): void => {
    if (this.hold.holding) this.releaseHold();
  };

  private startHold(): void {
    const api = this.api;
    if (api === null || !this.services.prefs.get().holdSortOnHover) return;
    const keys: string[] = [];
    api.forEachNodeAfterFilterAndSort((node) => keys.push(keyOfNode(node)));
    this.hold.hold(keys);
  }

  private releaseHold(): void {
    this.hold.release();
    if (this.postSortSet) {
      // Unsetting it re-sorts: the rows take their sorted places now that nobody is reading them.
      this.postSortSet = false;
      this.api?.setGridOption('postSortRows', undefined);
    }
  }

  /** Sends one change to the grid, holding the order first if a hold is on. */
  private applyTransaction(api: GridApi<Endpoint>, tx: RowTransaction): void {
    if (this.hold.holding && !this.postSortSet) {
      this.postSortSet = true;
      api.setGridOption('postSortRows', this.postSortRows);
    }
    api.applyTransactionAsync(tx);
  }

  readonly onKeyDown = (event: KeyboardEvent<HTMLElement>): void => {
    // Only keys pressed on the rows: the header's filter inputs keep theirs.
    if ((event.target as HTMLElement).closest('.ag-row') === null) return;
    const action = gridKeyAction(event);
    if (action === undefined) return;
    event.preventDefault();
    const { actions } = this.services;
    if (action === 'toggle-pause') return actions.togglePause();
    if (action === 'copy') return actions.copySelection();
    const focused = this.api?.getFocusedCell();
    const node = focused ? this.api?.getDisplayedRowAtIndex(focused.rowIndex) : undefined;
    if (action === 'row-menu') {
      if (node === undefined) return;
      this.selectForAction(node);
      // Under the focused cell, as a right-click there would open it.
      const rect = (event.target as HTMLElement).getBoundingClientRect();
      actions.openRowMenu({ x: rect.left + Math.min(24, rect.width / 2), y: rect.bottom });
      return;
    }
    if (node !== undefined) this.selectForAction(node);
    if (action === 'kill') actions.openKill();
    else actions.openDetails();
  };

  /** A right-click on a row: selects it (keeping a selection it is part of) and opens the row menu. */
  readonly onContextMenu = (event: MouseEvent<HTMLElement>): void => {
    const target = event.target as HTMLElement;
    const rowElement = target.closest('.ag-row');
    // Elsewhere (the header, empty space) the browser's own menu stays.
    if (rowElement === null) return;
    event.preventDefault();
    const api = this.api;
    // A Menu key press already opened the menu (see onKeyDown); its contextmenu event is not a second one.
    if (api === null || this.services.view.get().rowMenu !== null) return;
    const node = api.getDisplayedRowAtIndex(Number(rowElement.getAttribute('row-index')));
    if (node === undefined || node.rowIndex === null) return;
    this.selectForAction(node);
    const column = target.closest('.ag-cell')?.getAttribute('col-id') ?? api.getAllDisplayedColumns()[0];
    if (column !== undefined) api.setFocusedCell(node.rowIndex, column);
    this.services.actions.openRowMenu({ x: event.clientX, y: event.clientY });
  };

  /** Makes `node` the row the actions and the details act on; a selection it belongs to stays. */
  private selectForAction(node: IRowNode<Endpoint>): void {
    if (node.id === undefined) return;
    if (!node.isSelected()) node.setSelected(true, true);
    this.services.view.set({ selectedKey: node.id });
  }

  /** The node of the row the details panel follows. */
  private anchorNode(): IRowNode<Endpoint> | undefined {
    const key = this.services.view.get().selectedKey;
    return key === null ? undefined : this.api?.getRowNode(key);
  }
}

function gridHandle(api: GridApi<Endpoint>, session: AppServices['session']): GridHandle {
  return {
    shownRows() {
      const rows: Endpoint[] = [];
      api.forEachNodeAfterFilterAndSort((node) => {
        if (node.data !== undefined && session.row(node.data.key)?.removed === false) rows.push(node.data);
      });
      return rows;
    },
    selectedRows() {
      const rows: Endpoint[] = [];
      api.forEachNodeAfterFilterAndSort((node) => {
        if (node.isSelected() && node.data !== undefined) rows.push(node.data);
      });
      return rows;
    },
    columns() {
      return (api.getColumns() ?? []).map((c) => ({
        id: c.getColId(),
        header: c.getColDef().headerName ?? c.getColId(),
        visible: c.isVisible(),
      }));
    },
    setColumnVisible(id, visible) {
      api.setColumnsVisible([id], visible);
    },
    visibleColumnIds() {
      return api.getAllDisplayedColumns().map((c) => c.getColId());
    },
    focus() {
      const column = api.getAllDisplayedColumns()[0];
      if (api.getDisplayedRowCount() > 0 && column !== undefined) api.setFocusedCell(0, column);
    },
    focusRow(key) {
      const node = api.getRowNode(key);
      const column = api.getFocusedCell()?.column ?? api.getAllDisplayedColumns()[0];
      if (node === undefined || node.rowIndex === null || !node.displayed || column === undefined)
        return false;
      api.ensureIndexVisible(node.rowIndex);
      api.setFocusedCell(node.rowIndex, column);
      return true;
    },
  };
}
