/** Refresh interval, Pause/Resume and Refresh now: the monitor's controls, showing the server's state. */
import { INTERVAL_CHOICES_MS } from '../../shared/poll-interval.js';
import type { Store } from '../app/store.js';
import { useStore } from '../app/use-store.js';
import type { ViewActions } from '../app/view-actions.js';
import type { ViewState } from '../app/view-state.js';

/** '0.5 s', '1 s', '2.5 s'. */
export function intervalLabel(ms: number): string {
  return `${Number((ms / 1000).toFixed(2))} s`;
}

/** The interval select and the Pause/Resume and Refresh now buttons. */
export function MonitorControls({ view, actions }: { view: Store<ViewState>; actions: ViewActions }) {
  const intervalMs = useStore(view, (s) => s.status?.intervalMs);
  const paused = useStore(view, (s) => s.status?.paused ?? false);
  const known = intervalMs === undefined || (INTERVAL_CHOICES_MS as readonly number[]).includes(intervalMs);
  return (
    <>
      <label className="field">
        Refresh interval
        <select
          value={intervalMs ?? ''}
          disabled={intervalMs === undefined}
          onChange={(e) => actions.setIntervalMs(Number(e.target.value))}
        >
          {intervalMs === undefined && <option value="">…</option>}
          {!known && <option value={intervalMs}>{intervalLabel(intervalMs)}</option>}
          {INTERVAL_CHOICES_MS.map((ms) => (
            <option key={ms} value={ms}>
              {intervalLabel(ms)}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className={paused ? 'primary' : undefined} onClick={actions.togglePause}>
        {paused ? 'Resume' : 'Pause'}
      </button>
      <button type="button" onClick={actions.refresh}>
        Refresh now
      </button>
    </>
  );
}
