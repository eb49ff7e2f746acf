/**
 * Holds the grid's row order steady while the pointer is over it (CurrPorts'
 * "sort on auto refresh" off): rows keep the places they had when the hold
 * began, rows that arrive since go at the end in their sorted order, and the
 * grid sorts normally again on release.
 */
export class SortHold {
  private order: Map<string, number> | null = null;

  /** Whether an order is being held. */
  get holding(): boolean {
    return this.order !== null;
  }

  /** Starts holding `keys`, in their current order. */
  hold(keys: Iterable<string>): void {
    const order = new Map<string, number>();
    for (const key of keys) if (!order.has(key)) order.set(key, order.size);
    this.order = order;
  }

  release(): void {
    this.order = null;
  }

  /**
   * Reorders `items` in place (the grid's freshly sorted rows): known keys in
   * the held order, then unknown ones as they came. O(n), no sort.
   */
  apply<T>(items: T[], keyOf: (item: T) => string): void {
    const order = this.order;
    if (order === null) return;
    const placed: (T | undefined)[] = new Array<T | undefined>(order.size);
    const extra: T[] = [];
    for (const item of items) {
      const index = order.get(keyOf(item));
      if (index === undefined || placed[index] !== undefined) extra.push(item);
      else placed[index] = item;
    }
    let i = 0;
    for (const item of placed) if (item !== undefined) items[i++] = item;
    for (const item of extra) items[i++] = item;
  }
}
