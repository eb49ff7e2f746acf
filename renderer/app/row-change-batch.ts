/**
 * Coalesces one tick's row changes into one grid transaction that names each
 * row once: AG Grid applies add, update and remove lists independently, so a
 * key in two lists would be added twice or updated after removal.
 */
import type { Endpoint } from '../../shared/endpoint.js';

/** What the grid applies: rows to add, rows whose data changed, rows to drop. */
export interface RowTransaction {
  add: Endpoint[];
  update: Endpoint[];
  remove: Endpoint[];
}

interface Entry {
  /** Whether the grid held the row before this batch. */
  wasInGrid: boolean;
  /** Whether the grid should hold it after. */
  present: boolean;
  /** The latest data: what to show, or what getRowId needs to find a row to remove. */
  row: Endpoint;
}

/** A batch of row changes, keyed by row key; the net effect of each key survives. */
export class RowChangeBatch {
  private readonly entries = new Map<string, Entry>();

  /** A row the grid does not hold yet. */
  add(row: Endpoint): void {
    this.note(row, false, true);
  }

  /** A row the grid holds, with new data (or the same data, to re-apply its row classes). */
  update(row: Endpoint): void {
    this.note(row, true, true);
  }

  /** A row the grid holds, to drop. */
  remove(row: Endpoint): void {
    this.note(row, true, false);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The net transaction, or null when nothing changes; empties the batch. */
  take(): RowTransaction | null {
    if (this.entries.size === 0) return null;
    const tx: RowTransaction = { add: [], update: [], remove: [] };
    for (const entry of this.entries.values()) {
      if (entry.present) (entry.wasInGrid ? tx.update : tx.add).push(entry.row);
      else if (entry.wasInGrid) tx.remove.push(entry.row);
    }
    this.entries.clear();
    return tx.add.length + tx.update.length + tx.remove.length === 0 ? null : tx;
  }

  /** Drops everything pending (the grid's rows are being replaced whole). */
  clear(): void {
    this.entries.clear();
  }

  private note(row: Endpoint, wasInGrid: boolean, present: boolean): void {
    const entry = this.entries.get(row.key);
    // The first change of a key in the batch tells what the grid held before it.
    if (entry === undefined) this.entries.set(row.key, { wasInGrid, present, row });
    else {
      entry.present = present;
      entry.row = row;
    }
  }
}
