/**
 * The table a view holds, and the rule that keeps it equal to the main
 * side's: start from a full snapshot, apply each delta whose baseSeq is the
 * table's seq, ignore deltas the snapshot already covers, and on anything
 * else stop applying and ask for a snapshot again.
 */
import type { DeltaEvent, FullSnapshot } from '../../shared/protocol.js';
import type { EndpointTable } from '../../shared/delta.js';
import type { Endpoint } from '../../shared/endpoint.js';
import { apply, emptyTable } from '../../shared/diff.js';

/** What became of one delta: applied; already covered by the snapshot; or out of step (resync). */
export type DeltaOutcome = 'applied' | 'stale' | 'gap';

/** One view's copy of the live table. */
export class ViewSync {
  #table: EndpointTable = emptyTable();
  #snapshotSeen = false;
  #synced = false;
  #duplicateRows = 0;
  #lastError: Error | undefined;

  /** The current table; a new object after every change (never mutated), so it can be kept as "previous". */
  get table(): EndpointTable {
    return this.#table;
  }

  /** True from a snapshot until a delta cannot be applied; false before the first snapshot. */
  get synced(): boolean {
    return this.#synced;
  }

  /** Rows the last snapshot listed twice under one key (the first was kept): a sign of a corrupt stream. */
  get duplicateRows(): number {
    return this.#duplicateRows;
  }

  /** Why the last delta failed to apply, for a log line; undefined after a plain seq gap or when in sync. */
  get lastError(): Error | undefined {
    return this.#lastError;
  }

  /** Back to an empty table awaiting a snapshot (a transport that reconnects). */
  reset(): void {
    this.#table = emptyTable();
    this.#snapshotSeen = false;
    this.#synced = false;
    this.#duplicateRows = 0;
    this.#lastError = undefined;
  }

  /** Replaces the table with a full snapshot; the view is in sync from here on. */
  acceptSnapshot(s: FullSnapshot): void {
    const rows = new Map<string, Endpoint>();
    let duplicates = 0;
    for (const row of s.rows) {
      if (rows.has(row.key)) duplicates++;
      else rows.set(row.key, row);
    }
    this.#table = { seq: s.seq, takenAt: s.takenAt, rows };
    this.#duplicateRows = duplicates;
    this.#snapshotSeen = true;
    this.#synced = true;
    this.#lastError = undefined;
  }

  /**
   * Applies one delta event. 'stale': its seq is not past the table's (the
   * snapshot already holds it), ignored. 'applied': it followed the table.
   * 'gap': it did not follow, or contradicted the table (a corrupt stream),
   * or came before any snapshot: the table is left as it was, `synced` is
   * false, and only a snapshot brings the view back.
   */
  acceptDelta(e: DeltaEvent): DeltaOutcome {
    const delta = (e as Partial<DeltaEvent> | null)?.delta;
    if (typeof delta?.seq !== 'number' || typeof delta.baseSeq !== 'number') {
      // Not a delta at all: the stream is broken, so the view resyncs rather than guess.
      this.#lastError = new Error('delta event without a numeric seq and baseSeq');
      this.#synced = false;
      return 'gap';
    }
    if (!this.#snapshotSeen) return 'gap';
    if (delta.seq <= this.#table.seq) return 'stale';
    if (!this.#synced || delta.baseSeq !== this.#table.seq) {
      this.#synced = false;
      return 'gap';
    }
    try {
      this.#table = apply(this.#table, delta);
    } catch (error) {
      // SeqGapError or CorruptDeltaError: apply is pure, so the table is still the last good one.
      this.#lastError = error instanceof Error ? error : new Error(String(error));
      this.#synced = false;
      return 'gap';
    }
    return 'applied';
  }
}
