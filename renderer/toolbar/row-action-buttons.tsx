/**
 * "Kill process" and "Close connection" for the selected row. An action the
 * main side does not offer at all (serve mode without --allow-kill) has no
 * button; one it offers but cannot do now, or not for this row, is disabled
 * with the reason as its tooltip. Disabled through aria-disabled, so the
 * button stays focusable and the reason can be read from the keyboard.
 */
import type { AppServices } from '../app/app-services.js';
import { useRowActionStates } from '../app/use-row-action-states.js';
import type { ActionState } from '../model/row-actions.js';

/** A separator and the two buttons (or nothing, until the main side has said what it allows). */
export function RowActionButtons({ services }: { services: AppServices }) {
  const { actions } = services;
  const states = useRowActionStates(services);
  if (!states.kill.shown && !states.closeConnection.shown) return null;
  return (
    <>
      <span className="separator" aria-hidden="true" />
      <ActionButton label="Kill process" state={states.kill} onClick={actions.openKill} />
      <ActionButton
        label="Close connection"
        state={states.closeConnection}
        onClick={actions.openCloseConnection}
      />
    </>
  );
}

function ActionButton({ label, state, onClick }: { label: string; state: ActionState; onClick: () => void }) {
  if (!state.shown) return null;
  const reason = state.enabled ? undefined : state.reason;
  return (
    <button
      type="button"
      className="row-action"
      aria-haspopup="dialog"
      aria-disabled={!state.enabled || undefined}
      aria-description={reason}
      title={reason}
      onClick={() => {
        if (state.enabled) onClick();
      }}
    >
      {label}
    </button>
  );
}
