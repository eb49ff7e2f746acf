/**
 * Asks the main side what it is and allows (`info`) once the transport is
 * connected, and keeps the answer in the view store: the row actions are
 * shown, disabled or hidden from it. A failed request is asked again on the
 * next connection.
 */
import type { Transport } from '../transport/transport.js';
import type { Store } from './store.js';
import type { ViewState } from './view-state.js';

/** Starts loading the app info into `view`; returns the function that stops listening. */
export function loadAppInfo(transport: Transport, view: Store<ViewState>): () => void {
  let inFlight = false;
  let stopped = false;
  const ask = () => {
    if (inFlight || stopped || view.get().appInfo !== null) return;
    inFlight = true;
    transport.request('info').then(
      (info) => {
        inFlight = false;
        if (!stopped) view.set({ appInfo: info });
      },
      () => {
        // Not fatal: the actions stay hidden until a later connection gets an answer.
        inFlight = false;
      },
    );
  };
  const off = transport.onConnectionChange((connected) => {
    if (connected) ask();
  });
  return () => {
    stopped = true;
    off();
  };
}
