/**
 * Alerts above the table: the connection is down (serve mode reconnects by
 * itself), the latest poll failed (the last good rows stay), or a request
 * was refused.
 */
import type { Store } from '../app/store.js';
import { useStore } from '../app/use-store.js';
import type { ViewState } from '../app/view-state.js';
import { formatClock } from '../model/format.js';

/** The disconnected, poll-failure and request-error alerts (role="alert"). */
export function Banners({ view }: { view: Store<ViewState> }) {
  const connected = useStore(view, (s) => s.connected);
  const failure = useStore(view, (s) => s.status?.failure ?? null);
  const requestError = useStore(view, (s) => s.requestError);
  return (
    <>
      {connected === false && (
        <div className="banner banner-warn" role="alert">
          Disconnected from Sockscope. Reconnecting… The table shows the last rows received.
        </div>
      )}
      {failure !== null && (
        <div className="banner banner-error" role="alert">
          Polling failed at {formatClock(failure.at)}: {failure.message.replace(/\.$/, '')}. Showing the last
          good table.
        </div>
      )}
      {requestError !== null && connected !== false && (
        <div className="banner banner-error" role="alert">
          <span>{requestError}</span>
          <button type="button" className="banner-close" onClick={() => view.set({ requestError: null })}>
            Dismiss
          </button>
        </div>
      )}
    </>
  );
}
