/**
 * TCPView's highlight lifecycle: new rows green, rows whose state changed
 * yellow, removed rows kept in red; each mark lasts `highlightMs`, and while
 * the view is paused nothing expires until the next refresh. Only keys are
 * tracked: which rows to draw (and keeping removed rows on screen) is the
 * view's business. The clock is passed in, so tests need no timers.
 */
import type { Delta, EndpointTable } from '../../shared/delta.js';

/** A row's highlight. */
export type Highlight = 'new' | 'changed' | 'removed';

/** What expire() found due. */
export interface ExpiredMarks {
  /** Keys whose 'new' or 'changed' mark ended: draw them plain again. */
  cleared: string[];
  /** Keys whose 'removed' mark ended: delete those rows from the view now. */
  gone: string[];
}

interface Mark {
  kind: Highlight;
  /** When the mark ends, on the clock `now` comes from. */
  until: number;
}

/** The highlight of every marked row. */
export class HighlightTracker {
  #highlightMs: number;
  readonly #marks = new Map<string, Mark>();

  constructor(highlightMs: number) {
    this.#highlightMs = sanitize(highlightMs);
  }

  /** Changes how long marks set from now on last; marks already set keep their end. */
  setHighlightMs(ms: number): void {
    this.#highlightMs = sanitize(ms);
  }

  /**
   * Marks what `delta` changed in `previous` (the table it applied to):
   * added keys 'new' (also a key coming back while still shown as removed),
   * updated rows whose state changed 'changed' (other fields do not
   * highlight), removed keys 'removed'. A diff() between two snapshots
   * works too, e.g. to highlight what changed across a resync.
   */
  record(delta: Delta, previous: EndpointTable, now: number): void {
    const until = now + this.#highlightMs;
    for (const key of delta.removed) this.#marks.set(key, { kind: 'removed', until });
    for (const update of delta.updated) {
      const state = update.set.state;
      if (state === undefined) continue;
      const before = previous.rows.get(update.key);
      if (before !== undefined && before.state === state) continue;
      this.#marks.set(update.key, { kind: 'changed', until });
    }
    for (const row of delta.added) this.#marks.set(row.key, { kind: 'new', until });
  }

  /**
   * Ends the marks due at `now`. While `paused`, nothing ends: the first call
   * with paused false (the view calls it after a refresh) ends what is due.
   */
  expire(now: number, paused: boolean): ExpiredMarks {
    const cleared: string[] = [];
    const gone: string[] = [];
    if (paused) return { cleared, gone };
    for (const [key, mark] of this.#marks) {
      if (mark.until > now) continue;
      this.#marks.delete(key);
      (mark.kind === 'removed' ? gone : cleared).push(key);
    }
    return { cleared, gone };
  }

  /** The row's highlight, or undefined when it is drawn plain. */
  get(key: string): Highlight | undefined {
    return this.#marks.get(key)?.kind;
  }

  /** Keys the view still shows as removed. */
  *removedKeys(): Iterable<string> {
    for (const [key, mark] of this.#marks) if (mark.kind === 'removed') yield key;
  }

  /** When the next mark ends, for one timer; undefined when nothing is marked. */
  nextExpiry(): number | undefined {
    let next: number | undefined;
    for (const mark of this.#marks.values()) if (next === undefined || mark.until < next) next = mark.until;
    return next;
  }

  /** How many rows are marked. */
  get size(): number {
    return this.#marks.size;
  }

  /** Drops every mark (a view that resets); removed rows should then leave the view. */
  clear(): void {
    this.#marks.clear();
  }
}

/** A usable duration: negative or non-finite becomes 0 (no highlight), so a bad setting cannot stick a mark. */
function sanitize(ms: number): number {
  return Number.isFinite(ms) && ms > 0 ? ms : 0;
}
