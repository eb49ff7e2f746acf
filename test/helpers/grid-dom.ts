/**
 * How AG Grid 36 shows rows in the DOM, for browser tests: each row is a
 * `.ag-row` whose `row-id` attribute is the row key HTML-escaped (the grid
 * escapes ids before writing the attribute, so `>` in a key reads `&gt;`).
 * The grid pins no columns, so each row appears once.
 */
const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** The `row-id` attribute AG Grid writes for a row key. */
export function rowIdAttribute(key: string): string {
  return key.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** A CSS selector for the row of `key`. */
export function rowSelector(key: string): string {
  return `.ag-row[row-id="${rowIdAttribute(key).replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"]`;
}
