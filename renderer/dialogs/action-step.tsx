/**
 * One step of an action dialog (see model/action-dialog-view.ts): the
 * progress while a request runs, the outcome's message, and the buttons.
 * The message sits in a live region so a screen reader announces outcomes.
 */
import { useEffect, useRef } from 'react';
import type { ActionDialogView } from '../model/action-dialog-view.js';

/** The step's parts; clicking a button calls `onCommand` with its command. */
export function ActionStep<C extends string>({
  view,
  onCommand,
}: {
  view: ActionDialogView<C>;
  onCommand: (command: C) => void;
}) {
  const step = useRef<HTMLDivElement>(null);
  const focusLabel = view.buttons.find((b) => b.focus && !b.disabled)?.label;
  // A new step's buttons replace the old ones: focus goes to the new safe choice, or to the progress
  // while every button is disabled, and never falls out of the dialog.
  useEffect(() => {
    step.current?.querySelector<HTMLElement>('[data-autofocus], .action-progress')?.focus();
  }, [focusLabel]);
  return (
    <div ref={step} className="action-step">
      {view.progress !== null && <ActionProgress {...view.progress} />}
      <div role="status" className={`action-message tone-${view.tone}`} hidden={view.message === null}>
        {view.message}
      </div>
      {view.note !== null && <p className="muted action-note">{view.note}</p>}
      <div className="modal-actions">
        {view.buttons.map((button) => (
          <button
            key={button.label}
            type="button"
            className={
              [button.primary ? 'primary' : '', button.danger ? 'danger' : ''].join(' ').trim() || undefined
            }
            disabled={button.disabled}
            data-autofocus={button.focus && !button.disabled ? '' : undefined}
            onClick={() => onCommand(button.command)}
          >
            {button.label}
          </button>
        ))}
      </div>
    </div>
  );
}

/**
 * A spinner, the waiting sentence and a bar: it fills over `durationMs` when
 * the wait has a known bound (SIGTERM's grace period), and slides otherwise.
 */
function ActionProgress({ label, durationMs }: { label: string; durationMs: number | null }) {
  return (
    <div className="action-progress" tabIndex={-1}>
      <p className="action-waiting">
        <span className="spinner" aria-hidden="true" />
        {label}
      </p>
      <div
        role="progressbar"
        aria-label={label}
        className={`progress-track ${durationMs === null ? 'indeterminate' : ''}`}
      >
        <div
          className="progress-fill"
          style={durationMs === null ? undefined : { animationDuration: `${durationMs}ms` }}
        />
      </div>
    </div>
  );
}
