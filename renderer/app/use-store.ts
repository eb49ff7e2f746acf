/** Reads one slice of a Store in a component, re-rendering only when that slice changes. */
import { useSyncExternalStore } from 'react';
import type { Store } from './store.js';

/** The selected part of the store's state; `select` must return a primitive or a kept object. */
export function useStore<T extends object, S>(store: Store<T>, select: (state: T) => S): S {
  return useSyncExternalStore(store.subscribe, () => select(store.get()));
}
