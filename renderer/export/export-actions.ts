/** The view's export and copy actions over the grid's rows. */
import type { Endpoint } from '../../shared/endpoint.js';
import { EXPORT_COLUMNS, rowsToCsv, rowsToJson, rowsToTsv, type ExportColumn } from '../model/export-rows.js';
import type { GridHandle } from '../app/grid-handle.js';
import { copyText } from './copy-text.js';
import { downloadFile } from './download-file.js';
import { exportFileName } from './export-file-name.js';

/** Downloads the shown rows, in the grid's order, as CSV (every column) or JSON (the rows as they are). */
export function exportShownRows(grid: GridHandle, format: 'csv' | 'json'): number {
  const rows = grid.shownRows();
  const name = exportFileName(new Date(), format);
  if (format === 'csv') downloadFile(name, rowsToCsv(rows, EXPORT_COLUMNS), 'text/csv;charset=utf-8');
  else downloadFile(name, rowsToJson(rows), 'application/json');
  return rows.length;
}

/** The export columns for the grid's shown columns, in the grid's order. */
export function columnsById(ids: readonly string[]): ExportColumn[] {
  const byId = new Map(EXPORT_COLUMNS.map((c) => [c.id, c]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Copies the selected rows as tab-separated text with a header line; resolves to how many. */
export async function copySelectedRows(grid: GridHandle): Promise<number> {
  const rows: Endpoint[] = grid.selectedRows();
  if (rows.length === 0) return 0;
  await copyText(rowsToTsv(rows, columnsById(grid.visibleColumnIds())));
  return rows.length;
}
