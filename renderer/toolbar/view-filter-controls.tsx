/** The State select and the "Show unconnected endpoints" switch. */
import type { Preferences } from '../model/preferences.js';
import type { StateFilter, ViewFilter } from '../model/row-filter.js';
import type { Store } from '../app/store.js';
import { useStore } from '../app/use-store.js';

const STATE_OPTIONS: { value: StateFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'listening', label: 'Listening' },
  { value: 'established', label: 'Established' },
  { value: 'closing', label: 'Closing states' },
];

/** The State select and the unconnected-endpoints checkbox, bound to the saved filter. */
export function ViewFilterControls({ prefs }: { prefs: Store<Preferences> }) {
  const state = useStore(prefs, (p) => p.filter.state);
  const showUnconnected = useStore(prefs, (p) => p.filter.showUnconnected);
  const change = (patch: Partial<ViewFilter>) => prefs.set({ filter: { ...prefs.get().filter, ...patch } });
  return (
    <>
      <label className="field">
        State
        <select value={state} onChange={(e) => change({ state: e.target.value as StateFilter })}>
          {STATE_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      <label className="field check">
        <input
          type="checkbox"
          checked={showUnconnected}
          onChange={(e) => change({ showUnconnected: e.target.checked })}
        />
        Show unconnected endpoints
      </label>
    </>
  );
}
