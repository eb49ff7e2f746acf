/** Whether a row lies wholly within the part of the grid's body on screen (pixel ranges). */
export function rowInView(
  rowTop: number | null | undefined,
  rowHeight: number | null | undefined,
  range: { top: number; bottom: number },
): boolean {
  if (rowTop == null || rowHeight == null) return false;
  return rowTop >= range.top && rowTop + rowHeight <= range.bottom;
}
