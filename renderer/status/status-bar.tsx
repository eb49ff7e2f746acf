/** The status bar: counts shown of total, why owners are unknown, the collector, the poll's cost, paused. */
import type { ShownOfTotal } from '../model/status-counts.js';
import { describeUnknownOwners } from '../model/status-counts.js';
import type { Store } from '../app/store.js';
import { useStore } from '../app/use-store.js';
import type { ViewState } from '../app/view-state.js';
import { collectorLabel, countersGap } from './collector-label.js';

function ofTotal(c: ShownOfTotal | undefined): string {
  if (c === undefined) return '–';
  return c.shown === c.total ? String(c.total) : `${c.shown} of ${c.total}`;
}

function Item({ label, value, title }: { label: string; value: string; title?: string }) {
  return (
    <span className="status-item" title={title}>
      {label} <strong>{value}</strong>
    </span>
  );
}

/** The footer named "Status bar" (role="status"). */
export function StatusBar({ view }: { view: Store<ViewState> }) {
  const counts = useStore(view, (s) => s.statusCounts);
  const collector = useStore(view, (s) => s.status?.collector);
  const pollMs = useStore(view, (s) => s.lastPoll?.cost.totalMs);
  const paused = useStore(view, (s) => s.status?.paused ?? false);
  const owners = counts === null ? '' : describeUnknownOwners(counts.ownersUnknown);
  const gap = collector === undefined ? '' : countersGap(collector);
  return (
    // aria-live off: a status role is a polite live region, and these figures change every second.
    <footer className="status-bar" role="status" aria-label="Status bar" aria-live="off">
      <Item label="Endpoints" value={counts === null ? '–' : ofTotal(counts)} />
      <Item label="Established" value={ofTotal(counts?.established)} />
      <Item label="Listening" value={ofTotal(counts?.listening)} />
      <Item label="Time-wait" value={ofTotal(counts?.timeWait)} />
      <Item label="Close-wait" value={ofTotal(counts?.closeWait)} />
      {owners !== '' && <span className="status-item warn">{owners}</span>}
      <span className="status-spacer" />
      {collector !== undefined && (
        <span className="status-item" title={collector.reason}>
          Source <strong>{collectorLabel(collector)}</strong>
          {gap !== '' && <span className="warn"> ({gap})</span>}
        </span>
      )}
      {pollMs !== undefined && <Item label="Poll" value={`${pollMs.toFixed(1)} ms`} />}
      {paused && <span className="status-item paused">Paused</span>}
    </footer>
  );
}
