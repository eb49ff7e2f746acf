/**
 * The close-connection dialog's flow: confirm -> waiting -> outcome. The
 * request names the socket as the view saw it (key, cookie, inode), so a
 * newer connection on the same ports is never the one closed.
 */
import type { CloseConnectionOutcome, CloseConnectionRequest } from '../../shared/actions.js';
import type { Endpoint } from '../../shared/endpoint.js';
import { hostPort } from '../../shared/row-key.js';
import { finalStep, type ActionDialogView } from './action-dialog-view.js';

/** The connection a close dialog is about, as the view saw it when the dialog opened. */
export interface CloseTarget {
  request: CloseConnectionRequest;
  /** "127.0.0.1:5000". */
  local: string;
  remote: string;
  state: string;
  /** "sshd (812)", or why the owner is unknown. */
  owner: string;
}

/** The target for `row`: its socket id and how to name it. */
export function closeTargetOf(row: Endpoint): CloseTarget {
  const request: CloseConnectionRequest = { key: row.key, inode: row.inode };
  if (row.cookie !== undefined) request.cookie = row.cookie;
  return {
    request,
    local: hostPort(row.localAddress, row.localPort, row.family),
    remote: hostPort(row.remoteAddress, row.remotePort, row.family),
    state: row.state,
    owner: row.owner.kind === 'process' ? `${row.owner.name} (${row.owner.pid})` : 'unknown process',
  };
}

/** "127.0.0.1:5000 → 127.0.0.1:40312". */
export function connectionLabel(target: CloseTarget): string {
  return `${target.local} → ${target.remote}`;
}

/** Where a close dialog is. */
export type CloseFlow =
  | { step: 'confirm'; target: CloseTarget }
  | { step: 'waiting'; target: CloseTarget }
  | { step: 'outcome'; target: CloseTarget; outcome: CloseConnectionOutcome }
  | { step: 'failed'; target: CloseTarget; message: string };

export type CloseEvent =
  | { type: 'confirm' }
  | { type: 'outcome'; outcome: CloseConnectionOutcome }
  | { type: 'failed'; message: string };

export type CloseCommand = 'confirm' | 'dismiss';

/** A fresh dialog for `target`. */
export function startCloseFlow(target: CloseTarget): CloseFlow {
  return { step: 'confirm', target };
}

/** The next state; an event that does not fit the current step leaves it as it is. */
export function nextCloseFlow(flow: CloseFlow, event: CloseEvent): CloseFlow {
  const { target } = flow;
  if (event.type === 'confirm') return flow.step === 'confirm' ? { step: 'waiting', target } : flow;
  if (flow.step !== 'waiting') return flow;
  return event.type === 'outcome'
    ? { step: 'outcome', target, outcome: event.outcome }
    : { step: 'failed', target, message: event.message };
}

/** The request to send now: set while the flow waits, null otherwise. */
export function pendingCloseRequest(flow: CloseFlow): CloseConnectionRequest | null {
  return flow.step === 'waiting' ? flow.target.request : null;
}

/** What the dialog shows now. */
export function closeDialogView(flow: CloseFlow): ActionDialogView<CloseCommand> {
  switch (flow.step) {
    case 'confirm':
    case 'waiting': {
      const waiting = flow.step === 'waiting';
      return {
        message: null,
        tone: 'info',
        progress: waiting ? { label: `Closing ${connectionLabel(flow.target)}…`, durationMs: null } : null,
        note: null,
        buttons: [
          { label: 'Close', command: 'confirm', primary: true, danger: true, disabled: waiting },
          { label: 'Cancel', command: 'dismiss', disabled: waiting, focus: !waiting },
        ],
      };
    }
    case 'failed':
      return finalStep(`Could not close the connection: ${flow.message}`, 'error', 'dismiss');
    case 'outcome':
      return flow.outcome.kind === 'closed'
        ? finalStep(flow.outcome.message, 'success', 'dismiss')
        : finalStep(flow.outcome.message, 'error', 'dismiss');
  }
}
