/**
 * The user's remembered choices as a Store, saved to localStorage on every
 * change, so any part of the view can read or change one without the others
 * (and the grid) re-rendering.
 */
import { loadPreferences, savePreferences, type Preferences } from '../model/preferences.js';
import { Store } from './store.js';

/** Where preferences live; absent (private mode, a locked-down page) means defaults, unsaved. */
function browserStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/** A store of the saved preferences that writes each change back. */
export function createPreferencesStore(storage: Storage | undefined = browserStorage()): Store<Preferences> {
  const store = new Store<Preferences>(
    storage === undefined ? loadPreferences({ getItem: () => null }) : loadPreferences(storage),
  );
  if (storage !== undefined) store.subscribe(() => savePreferences(storage, store.get()));
  return store;
}
