/** TCPView's protocol toggles, each with the live count of its rows. */
import type { EndpointCounts } from '../../shared/delta.js';
import type { Preferences } from '../model/preferences.js';
import type { ProtocolToggles as Toggles } from '../model/row-filter.js';
import type { Store } from '../app/store.js';
import { useStore } from '../app/use-store.js';
import type { ViewState } from '../app/view-state.js';

const PROTOCOLS: { id: keyof Toggles & keyof EndpointCounts; label: string }[] = [
  { id: 'tcp4', label: 'TCPv4' },
  { id: 'tcp6', label: 'TCPv6' },
  { id: 'udp4', label: 'UDPv4' },
  { id: 'udp6', label: 'UDPv6' },
];

/** Four aria-pressed buttons named "TCPv4 <count>" etc.; each hides or shows its protocol. */
export function ProtocolToggles({ view, prefs }: { view: Store<ViewState>; prefs: Store<Preferences> }) {
  const counts = useStore(view, (s) => s.counts);
  const toggles = useStore(prefs, (p) => p.filter.protocols);
  return (
    <div className="protocol-toggles" role="group" aria-label="Protocols">
      {PROTOCOLS.map(({ id, label }) => (
        <button
          key={id}
          type="button"
          className="toggle"
          aria-pressed={toggles[id]}
          onClick={() => {
            const filter = prefs.get().filter;
            prefs.set({
              filter: { ...filter, protocols: { ...filter.protocols, [id]: !filter.protocols[id] } },
            });
          }}
        >
          {label} <span className="count">{counts?.[id] ?? 0}</span>
        </button>
      ))}
    </div>
  );
}
