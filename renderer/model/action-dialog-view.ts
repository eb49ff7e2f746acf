/**
 * What an action dialog (kill, close connection) shows in one step of its
 * flow: a message, a progress bar while the request runs, and its buttons.
 * The flows in kill-flow.ts and close-flow.ts make these; the dialogs only
 * render them, so the whole flow is tested without a DOM.
 */

/** How a message reads: plain, good news, something to decide, or a failure. */
export type MessageTone = 'info' | 'success' | 'warn' | 'error';

/** A button of a dialog step; `command` is what clicking it does. */
export interface DialogButton<C extends string> {
  /** The button's text and accessible name. */
  label: string;
  command: C;
  /** The step's main action. */
  primary?: boolean;
  /** A destructive action (red). */
  danger?: boolean;
  /** Shown but not clickable (the request is running). */
  disabled?: boolean;
  /** Where focus goes when the step appears: the safe choice. */
  focus?: boolean;
}

/** One step of an action dialog. */
export interface ActionDialogView<C extends string> {
  /** The step's sentence; null on the confirmation step, which shows the target alone. */
  message: string | null;
  tone: MessageTone;
  /** While the request runs: what it waits for, and for how long at most (null when unknown). */
  progress: { label: string; durationMs: number | null } | null;
  /** Another line under the message, e.g. why "Retry as administrator" is not offered. */
  note: string | null;
  buttons: DialogButton<C>[];
}

/** The message, tone and buttons of a step that only reports (nothing left to do but dismiss). */
export function finalStep<C extends string>(
  message: string,
  tone: MessageTone,
  dismiss: C,
  note: string | null = null,
): ActionDialogView<C> {
  return { message, tone, progress: null, note, buttons: [{ label: 'Done', command: dismiss, focus: true }] };
}
