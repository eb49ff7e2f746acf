/** What the rest of the view asks of the grid, without reaching into AG Grid. */
import type { Endpoint } from '../../shared/endpoint.js';

/** A column as the column chooser lists it. */
export interface ColumnChoice {
  id: string;
  header: string;
  visible: boolean;
}

/** The grid's operations the toolbar, dialogs and exports use. */
export interface GridHandle {
  /** Live rows that pass every filter, in the grid's current order. */
  shownRows(): Endpoint[];
  /** The selected rows (live or removed), in the grid's current order. */
  selectedRows(): Endpoint[];
  /** Every column with its header and whether it is shown, in the grid's order. */
  columns(): ColumnChoice[];
  setColumnVisible(id: string, visible: boolean): void;
  /** Ids of the shown columns, in the grid's order (what copying rows uses). */
  visibleColumnIds(): string[];
  /** Moves keyboard focus into the grid. */
  focus(): void;
  /**
   * Puts keyboard focus on the row of `key` (in the focused column), by the
   * grid's API: the grid redraws rows when it sorts, so a cell element kept
   * from before may be gone. False when the row is not shown.
   */
  focusRow(key: string): boolean;
}

/** Where the grid puts its handle when ready (and takes it back when it goes). */
export class GridSlot {
  private handle: GridHandle | null = null;

  get(): GridHandle | null {
    return this.handle;
  }

  set(handle: GridHandle | null): void {
    this.handle = handle;
  }
}
