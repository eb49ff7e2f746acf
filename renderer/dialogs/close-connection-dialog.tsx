/**
 * The close-connection confirmation: names the connection (local -> remote,
 * state, process) and runs the flow of model/close-flow.ts. The request
 * names the socket as the view saw it, so a newer one on the same ports is
 * never the one closed.
 */
import { useEffect, useRef, useState } from 'react';
import type { Transport } from '../transport/transport.js';
import {
  closeDialogView,
  connectionLabel,
  nextCloseFlow,
  pendingCloseRequest,
  startCloseFlow,
  type CloseCommand,
  type CloseEvent,
  type CloseFlow,
  type CloseTarget,
} from '../model/close-flow.js';
import { ActionStep } from './action-step.js';
import { FieldRow } from './field-row.js';
import { ModalDialog } from './modal-dialog.js';

/** The dialog for closing `target`'s connection. */
export function CloseConnectionDialog({
  transport,
  target,
  onClose,
  returnFocus,
}: {
  transport: Transport;
  target: CloseTarget;
  onClose: () => void;
  /** Where focus goes after (the row acted on); see ModalDialog. */
  returnFocus?: () => boolean;
}) {
  const [flow, setFlow] = useState<CloseFlow>(() => startCloseFlow(target));
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  // Sent from the click, not from an effect: one request per click, whatever React replays.
  const dispatch = (event: CloseEvent) => {
    const next = nextCloseFlow(flow, event);
    setFlow(next);
    const request = pendingCloseRequest(next);
    if (request === null || next === flow) return;
    transport.request('closeConnection', request).then(
      (outcome) => mounted.current && setFlow((f) => nextCloseFlow(f, { type: 'outcome', outcome })),
      (error: unknown) =>
        mounted.current &&
        setFlow((f) => nextCloseFlow(f, { type: 'failed', message: (error as Error).message })),
    );
  };
  const onCommand = (command: CloseCommand) => {
    if (command === 'dismiss') onClose();
    else dispatch({ type: 'confirm' });
  };

  return (
    <ModalDialog
      title={`Close ${connectionLabel(target)}?`}
      onClose={onClose}
      className="action-dialog"
      closeButton={false}
      returnFocus={returnFocus}
      busy={flow.step === 'waiting'}
    >
      <dl className="about-list action-target">
        <FieldRow label="Local" value={target.local} />
        <FieldRow label="Remote" value={target.remote} />
        <FieldRow label="State" value={target.state} />
        <FieldRow label="Process" value={target.owner} />
      </dl>
      {flow.step === 'confirm' && (
        <p className="action-explain">
          Sockscope aborts this one TCP connection (the kernel resets it). The process keeps running and sees
          an error on its next read or write; the peer sees a reset.
        </p>
      )}
      <ActionStep view={closeDialogView(flow)} onCommand={onCommand} />
    </ModalDialog>
  );
}
