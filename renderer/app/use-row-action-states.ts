/** The row actions' states in a component, re-rendering only when one changes (not on every tick). */
import { useRef } from 'react';
import { sameRowActionStates, type RowActionStates } from '../model/row-actions.js';
import { selectedRowActionStates, type StateSources } from './row-action-states.js';
import { useStore } from './use-store.js';

/** The states for the selected row; the same object while they stay the same. */
export function useRowActionStates(services: StateSources): RowActionStates {
  const last = useRef<RowActionStates | null>(null);
  return useStore(services.view, () => {
    const next = selectedRowActionStates(services);
    if (last.current !== null && sameRowActionStates(last.current, next)) return last.current;
    last.current = next;
    return next;
  });
}
