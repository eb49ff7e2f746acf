/**
 * The endpoint table: AG Grid fed by the live session through async
 * transactions. Memoised with stable props, so a tick re-renders no React:
 * rows change through the grid API (see GridController), highlights through
 * row class rules, counts through the view store.
 */
import { memo, useEffect, useMemo, useState } from 'react';
import type { GetRowIdParams } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import type { Endpoint } from '../../shared/endpoint.js';
import type { AppServices } from '../app/app-services.js';
import { useStore } from '../app/use-store.js';
import type { ViewState } from '../app/view-state.js';
import { DEFAULT_COL_DEF, columnDefs } from './column-defs.js';
import { GridController } from './grid-controller.js';
import { suppressViewKeys } from './grid-keys.js';
import { GRID_THEMES } from './grid-theme.js';

/** The grid's props: stable services, and the resolved theme. */
export interface EndpointGridProps {
  services: AppServices;
  theme: 'light' | 'dark';
}

const getRowId = (p: GetRowIdParams<Endpoint>) => p.data.key;
const DEFAULT_COLUMN = { ...DEFAULT_COL_DEF, suppressKeyboardEvent: suppressViewKeys };
const ROW_SELECTION = {
  mode: 'multiRow',
  checkboxes: false,
  headerCheckbox: false,
  enableClickSelection: true,
} as const;
/**
 * AG Grid names each floating filter input "<Column> Filter Input"; ours say
 * "<Column> column search", so the toolbar's box is the one control named Filter.
 */
const LOCALE_TEXT = { ariaFilterInput: 'column search' };

/** The counter columns' header tooltip when the collector reads no counters. */
function countersNote(s: ViewState): string | undefined {
  const collector = s.status?.collector;
  if (collector === undefined || collector.capabilities.counters) return undefined;
  const why = collector.capabilities.limits.join('; ');
  return `No counters from this collector${why ? `: ${why}` : ''}`;
}

function EndpointGridView({ services, theme }: EndpointGridProps) {
  const [grid] = useState(() => new GridController(services));
  useEffect(() => grid.connect(), [grid]);
  const note = useStore(services.view, countersNote);
  const columns = useMemo(() => columnDefs(note), [note]);

  return (
    <div
      className="grid-wrapper"
      onPointerOver={grid.onPointerOver}
      onPointerLeave={grid.onPointerLeave}
      onKeyDown={grid.onKeyDown}
      onContextMenu={grid.onContextMenu}
    >
      <AgGridReact<Endpoint>
        theme={GRID_THEMES[theme]}
        columnDefs={columns}
        defaultColDef={DEFAULT_COLUMN}
        getRowId={getRowId}
        rowClassRules={grid.rowClassRules}
        rowSelection={ROW_SELECTION}
        asyncTransactionWaitMillis={80}
        animateRows={false}
        suppressColumnVirtualisation={false}
        suppressScrollOnNewData
        maintainColumnOrder
        cellFlashDuration={400}
        cellFadeDuration={600}
        tooltipShowDelay={400}
        localeText={LOCALE_TEXT}
        isExternalFilterPresent={grid.isExternalFilterPresent}
        doesExternalFilterPass={grid.doesExternalFilterPass}
        deltaSort
        onGridReady={grid.onGridReady}
        onModelUpdated={grid.onModelUpdated}
        onBodyScrollEnd={grid.noteAnchorInView}
        onSelectionChanged={grid.onSelectionChanged}
        onRowDoubleClicked={grid.onRowDoubleClicked}
        onColumnMoved={grid.onColumnDragged}
        onColumnResized={grid.onColumnDragged}
        onColumnVisible={grid.saveColumns}
        onColumnPinned={grid.saveColumns}
        onSortChanged={grid.saveColumns}
        onFilterChanged={grid.onFilterChanged}
        overlayNoRowsTemplate="<span>No endpoints match</span>"
      />
    </div>
  );
}

/** The grid; re-renders only when the theme or the collector's counters note changes. */
export const EndpointGrid = memo(EndpointGridView);
