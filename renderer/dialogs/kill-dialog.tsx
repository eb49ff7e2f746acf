/**
 * The kill confirmation: names the process (name, pid, user, path) and how
 * many rows of the table it owns, then runs the flow of model/kill-flow.ts:
 * SIGTERM, a wait of up to the grace period, and Force kill or Retry as
 * administrator only when the outcome offers them and the user clicks.
 */
import { useEffect, useRef, useState } from 'react';
import { DEFAULT_KILL_GRACE_MS, type ActionsInfo } from '../../shared/actions.js';
import type { AppServices } from '../app/app-services.js';
import { useStore } from '../app/use-store.js';
import {
  killDialogView,
  nextKillFlow,
  pendingKillRequest,
  processLabel,
  secondsText,
  startKillFlow,
  type KillCommand,
  type KillEvent,
  type KillFlow,
  type KillTarget,
} from '../model/kill-flow.js';
import { connectionCountText, rowsOwnedBy } from '../model/process-rows.js';
import { ActionStep } from './action-step.js';
import { FieldRow } from './field-row.js';
import { ModalDialog } from './modal-dialog.js';

const DEFAULT_ACTIONS: Pick<ActionsInfo, 'killGraceMs' | 'elevate'> = {
  killGraceMs: DEFAULT_KILL_GRACE_MS,
  elevate: { available: false },
};

/** The dialog for killing `target`; closing it at any step sends nothing more. */
export function KillDialog({
  services,
  target,
  onClose,
  returnFocus,
}: {
  services: Pick<AppServices, 'transport' | 'view' | 'session'>;
  target: KillTarget;
  onClose: () => void;
  /** Where focus goes after (the row acted on); see ModalDialog. */
  returnFocus?: () => boolean;
}) {
  const { transport, view, session } = services;
  const [flow, setFlow] = useState<KillFlow>(() => startKillFlow(target));
  const actions = useStore(view, (s) => s.appInfo?.actions) ?? DEFAULT_ACTIONS;
  // Counted in the live table, so the number follows the process while the user decides; from
  // the Kill click on it stays what it was then (the rows of a process that exits go to zero).
  const liveCount = useStore(view, () => rowsOwnedBy(session.table.rows.values(), target));
  const [countAtKill, setCountAtKill] = useState<number | null>(null);
  const owned = countAtKill ?? liveCount;
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  // Requests go from the click, not from an effect: a kill is sent once per click, whatever React replays.
  const dispatch = (event: KillEvent) => {
    const next = nextKillFlow(flow, event);
    setFlow(next);
    const request = pendingKillRequest(next);
    if (request === null || next === flow) return;
    transport.request('kill', request).then(
      (outcome) => mounted.current && setFlow((f) => nextKillFlow(f, { type: 'outcome', outcome })),
      (error: unknown) =>
        mounted.current &&
        setFlow((f) => nextKillFlow(f, { type: 'failed', message: (error as Error).message })),
    );
  };
  const onCommand = (command: KillCommand) => {
    if (command === 'dismiss') onClose();
    else if (command === 'confirm') {
      setCountAtKill(liveCount);
      dispatch({ type: 'confirm' });
    } else if (command === 'force-kill') dispatch({ type: 'force-kill' });
    else dispatch({ type: 'retry-as-administrator' });
  };

  const step = killDialogView(flow, { graceMs: actions.killGraceMs, elevate: actions.elevate });
  const busy = flow.step === 'waiting';
  return (
    <ModalDialog
      title={`Kill ${processLabel(target)}?`}
      onClose={onClose}
      className="action-dialog"
      closeButton={false}
      returnFocus={returnFocus}
      busy={busy}
    >
      <dl className="about-list action-target">
        <FieldRow label="Process" value={target.name} />
        <FieldRow label="PID" value={String(target.pid)} />
        <FieldRow label="User" value={target.user} />
        <FieldRow label="Path" value={target.exe ?? '(not readable)'} />
        {target.cmdline !== '' && <FieldRow label="Command line" value={target.cmdline} />}
        <FieldRow label="Connections" value={`${connectionCountText(owned)} in the current table`} />
      </dl>
      {flow.step === 'confirm' && (
        <p className="action-explain">
          Sockscope sends SIGTERM, so the process can clean up, and waits up to{' '}
          {secondsText(actions.killGraceMs)} for it to exit. If it is still running then, you can force it
          (SIGKILL).
        </p>
      )}
      <ActionStep view={step} onCommand={onCommand} />
    </ModalDialog>
  );
}
