/** How the view looks and behaves: highlight time, holding the sort order, and the theme. */
import type { Preferences, ThemeChoice } from '../model/preferences.js';
import type { Store } from '../app/store.js';
import { useStore } from '../app/use-store.js';

const HIGHLIGHT_CHOICES_MS = [1000, 3000, 5000, 10_000];
const THEMES: { value: ThemeChoice; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

/** The Highlight and Theme selects and the hold-sort checkbox. */
export function DisplayOptions({ prefs }: { prefs: Store<Preferences> }) {
  const highlightMs = useStore(prefs, (p) => p.highlightMs);
  const hold = useStore(prefs, (p) => p.holdSortOnHover);
  const theme = useStore(prefs, (p) => p.theme);
  const choices = HIGHLIGHT_CHOICES_MS.includes(highlightMs)
    ? HIGHLIGHT_CHOICES_MS
    : [...HIGHLIGHT_CHOICES_MS, highlightMs].sort((a, b) => a - b);
  return (
    <>
      <label className="field">
        Highlight
        <select value={highlightMs} onChange={(e) => prefs.set({ highlightMs: Number(e.target.value) })}>
          {choices.map((ms) => (
            <option key={ms} value={ms}>
              {ms === 0 ? 'Off' : `${ms / 1000} s`}
            </option>
          ))}
        </select>
      </label>
      <label className="field check" title="Rows keep their places while the pointer is over the table">
        <input
          type="checkbox"
          checked={hold}
          onChange={(e) => prefs.set({ holdSortOnHover: e.target.checked })}
        />
        Hold sort while pointing
      </label>
      <label className="field">
        Theme
        <select value={theme} onChange={(e) => prefs.set({ theme: e.target.value as ThemeChoice })}>
          {THEMES.map((t) => (
            <option key={t.value} value={t.value}>
              {t.label}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}
