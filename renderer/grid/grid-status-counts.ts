/**
 * The status bar's shown-of-total counts, worked out after the grid filters:
 * live rows only (removed rows on show are not counted), shown when they pass
 * the view's filter and, if any column filter is set, the grid shows them.
 */
import type { GridApi } from 'ag-grid-community';
import type { EndpointTable } from '../../shared/delta.js';
import type { Endpoint } from '../../shared/endpoint.js';
import { statusCounts, type StatusCounts } from '../model/status-counts.js';

/** The status bar's counts of the live table as the grid filters it now. */
export function gridStatusCounts(
  api: GridApi<Endpoint>,
  table: EndpointTable,
  passesViewFilter: (row: Endpoint) => boolean,
): StatusCounts {
  if (!api.isColumnFilterPresent()) return statusCounts(table.rows.values(), passesViewFilter);
  return statusCounts(
    table.rows.values(),
    (row) => passesViewFilter(row) && api.getRowNode(row.key)?.displayed === true,
  );
}

/**
 * Runs `task` soon, at most once per `spacingMs`: calls in between fold into
 * the next run. Returns [schedule, cancel].
 */
export function throttled(task: () => void, spacingMs: number): [() => void, () => void] {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastRun = 0;
  const schedule = () => {
    if (timer !== undefined) return;
    const wait = Math.max(0, lastRun + spacingMs - performance.now());
    timer = setTimeout(() => {
      timer = undefined;
      lastRun = performance.now();
      task();
    }, wait);
  };
  const cancel = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  return [schedule, cancel];
}
