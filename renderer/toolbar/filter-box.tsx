/** The quick-search box: filters as you type (briefly debounced); Escape clears it. */
import { useEffect, useRef, useState } from 'react';
import type { Preferences } from '../model/preferences.js';
import type { Store } from '../app/store.js';
import { FILTER_INPUT_ID } from '../app/view-actions.js';

const DEBOUNCE_MS = 120;

/** The input named "Filter", bound to the saved filter's search text. */
export function FilterBox({ prefs }: { prefs: Store<Preferences> }) {
  const [text, setText] = useState(() => prefs.get().filter.search);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const commit = (search: string) => {
    clearTimeout(timer.current);
    if (prefs.get().filter.search !== search) prefs.set({ filter: { ...prefs.get().filter, search } });
  };

  useEffect(() => () => clearTimeout(timer.current), []);

  return (
    <input
      id={FILTER_INPUT_ID}
      className="filter-box"
      type="text"
      aria-label="Filter"
      placeholder="Filter (Ctrl+F)"
      spellCheck={false}
      autoComplete="off"
      value={text}
      onChange={(event) => {
        const value = event.target.value;
        setText(value);
        clearTimeout(timer.current);
        timer.current = setTimeout(() => commit(value), DEBOUNCE_MS);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          setText('');
          commit('');
        } else if (event.key === 'Enter') commit(text);
      }}
    />
  );
}
