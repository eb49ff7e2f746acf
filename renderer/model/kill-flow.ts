/**
 * The kill dialog's flow as a state machine: confirm -> waiting (SIGTERM) ->
 * outcome; "still running" offers Force kill (SIGKILL, only on that click);
 * "not permitted" offers Retry as administrator where the main side can
 * elevate. Every request names the process as the view saw it (pid and
 * start time), so a reused pid is refused by the main side.
 */
import type { ActionAvailability, KillOutcome, KillRequest, KillSignal } from '../../shared/actions.js';
import type { Endpoint } from '../../shared/endpoint.js';
import { finalStep, type ActionDialogView, type DialogButton } from './action-dialog-view.js';

/** The process a kill dialog is about, as the view saw it when the dialog opened. */
export interface KillTarget {
  pid: number;
  /** With pid, the process's identity (ProcessOwner.startTime). */
  startTime: number;
  name: string;
  user: string;
  exe: string | null;
  cmdline: string;
}

/** The process that owns `row`, or null when the owner is not known. */
export function killTargetOf(row: Endpoint): KillTarget | null {
  const owner = row.owner;
  if (owner.kind !== 'process') return null;
  const { pid, startTime, name, user, exe, cmdline } = owner;
  return { pid, startTime, name, user, exe, cmdline };
}

/** Where a kill dialog is. */
export type KillFlow =
  | { step: 'confirm'; target: KillTarget }
  | { step: 'waiting'; target: KillTarget; request: KillRequest }
  | { step: 'outcome'; target: KillTarget; request: KillRequest; outcome: KillOutcome }
  /** The request itself failed (not connected, refused by the contract's checks). */
  | { step: 'failed'; target: KillTarget; request: KillRequest; message: string };

/** What happens to a kill dialog: the user's choices and the main side's answers. */
export type KillEvent =
  | { type: 'confirm' }
  | { type: 'force-kill' }
  | { type: 'retry-as-administrator' }
  | { type: 'outcome'; outcome: KillOutcome }
  | { type: 'failed'; message: string };

/** What the dialog's buttons do: an event of the flow, or closing the dialog. */
export type KillCommand = 'confirm' | 'force-kill' | 'retry-as-administrator' | 'dismiss';

/** A fresh dialog for `target`. */
export function startKillFlow(target: KillTarget): KillFlow {
  return { step: 'confirm', target };
}

function request(target: KillTarget, signal: KillSignal, asAdministrator: boolean): KillRequest {
  return { pid: target.pid, startTime: target.startTime, signal, asAdministrator };
}

/** The next state; an event that does not fit the current step leaves it as it is. */
export function nextKillFlow(flow: KillFlow, event: KillEvent): KillFlow {
  const { target } = flow;
  switch (event.type) {
    case 'confirm':
      return flow.step === 'confirm'
        ? { step: 'waiting', target, request: request(target, 'SIGTERM', false) }
        : flow;
    case 'force-kill':
      // SIGKILL goes only after the main side said the process outlived SIGTERM, and the user said yes.
      if (flow.step !== 'outcome' || flow.outcome.kind !== 'still-running') return flow;
      return { step: 'waiting', target, request: request(target, 'SIGKILL', flow.request.asAdministrator) };
    case 'retry-as-administrator':
      if (!canRetryAsAdministrator(flow)) return flow;
      return { step: 'waiting', target, request: request(target, flow.request.signal, true) };
    case 'outcome':
      return flow.step === 'waiting'
        ? { step: 'outcome', target, request: flow.request, outcome: event.outcome }
        : flow;
    case 'failed':
      return flow.step === 'waiting'
        ? { step: 'failed', target, request: flow.request, message: event.message }
        : flow;
  }
}

/** The request to send now: set while the flow waits, null otherwise. */
export function pendingKillRequest(flow: KillFlow): KillRequest | null {
  return flow.step === 'waiting' ? flow.request : null;
}

function canRetryAsAdministrator(flow: KillFlow): flow is Extract<KillFlow, { step: 'outcome' }> {
  return (
    flow.step === 'outcome' &&
    flow.outcome.kind === 'refused' &&
    flow.outcome.refusal === 'not-permitted' &&
    flow.outcome.canElevate === true &&
    !flow.request.asAdministrator
  );
}

/** "sshd (812)". */
export function processLabel(target: KillTarget): string {
  return `${target.name} (${target.pid})`;
}

/** "3 s", "2.5 s": how long the grace period is. */
export function secondsText(ms: number): string {
  return `${Number((ms / 1000).toFixed(2))} s`;
}

/** What the dialog shows now; `graceMs` is how long SIGTERM waits, `elevate` whether elevation exists. */
export function killDialogView(
  flow: KillFlow,
  options: { graceMs: number; elevate: ActionAvailability },
): ActionDialogView<KillCommand> {
  const who = processLabel(flow.target);
  switch (flow.step) {
    case 'confirm':
      return {
        message: null,
        tone: 'info',
        progress: null,
        note: null,
        buttons: [
          { label: 'Kill', command: 'confirm', primary: true, danger: true },
          { label: 'Cancel', command: 'dismiss', focus: true },
        ],
      };
    case 'waiting': {
      const { signal, asAdministrator } = flow.request;
      const label = asAdministrator
        ? `Asking for administrator rights to signal ${who}…`
        : `Waiting for ${who} to exit…`;
      const trigger = asAdministrator
        ? 'Retry as administrator'
        : signal === 'SIGKILL'
          ? 'Force kill'
          : 'Kill';
      return {
        message: null,
        tone: 'info',
        progress: { label, durationMs: signal === 'SIGTERM' && !asAdministrator ? options.graceMs : null },
        note: null,
        buttons: [
          { label: trigger, command: 'dismiss', primary: true, danger: true, disabled: true },
          { label: 'Cancel', command: 'dismiss', disabled: true },
        ],
      };
    }
    case 'failed':
      return finalStep(`Could not kill ${who}: ${flow.message}`, 'error', 'dismiss');
    case 'outcome':
      return outcomeView(flow, options.elevate);
  }
}

function outcomeView(
  flow: Extract<KillFlow, { step: 'outcome' }>,
  elevate: ActionAvailability,
): ActionDialogView<KillCommand> {
  const outcome = flow.outcome;
  const cancel: DialogButton<KillCommand> = { label: 'Cancel', command: 'dismiss', focus: true };
  switch (outcome.kind) {
    case 'exited':
      return finalStep(outcome.message, 'success', 'dismiss');
    case 'already-exited':
      return finalStep(outcome.message, 'info', 'dismiss');
    case 'still-running':
      return {
        message: outcome.message,
        tone: 'warn',
        progress: null,
        note: null,
        buttons: [{ label: 'Force kill', command: 'force-kill', primary: true, danger: true }, cancel],
      };
    case 'refused':
      if (canRetryAsAdministrator(flow)) {
        return {
          message: outcome.message,
          tone: 'warn',
          progress: null,
          note: null,
          buttons: [
            { label: 'Retry as administrator', command: 'retry-as-administrator', primary: true },
            cancel,
          ],
        };
      }
      return finalStep(outcome.message, 'error', 'dismiss', refusalNote(flow, elevate));
  }
}

/** Why a not-permitted refusal offers no administrator retry. */
function refusalNote(
  flow: Extract<KillFlow, { step: 'outcome' }>,
  elevate: ActionAvailability,
): string | null {
  const outcome = flow.outcome;
  if (outcome.kind !== 'refused' || outcome.refusal !== 'not-permitted' || flow.request.asAdministrator)
    return null;
  const why = elevate.available ? null : elevate.reason;
  return why
    ? `Retry as administrator is not available: ${why.replace(/\.$/, '')}.`
    : 'Retry as administrator is not available here.';
}
