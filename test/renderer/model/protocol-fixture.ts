/** Protocol payloads for the renderer model tests: snapshots and delta events as the main side sends them. */
import type { EndpointTable } from '../../../shared/delta.js';
import { diff } from '../../../shared/diff.js';
import type { DeltaEvent, FullSnapshot, MonitorStatus, PollReport } from '../../../shared/protocol.js';

/** The status of a running monitor with a scripted collector. */
export const STATUS: MonitorStatus = {
  paused: false,
  intervalMs: 1000,
  collector: { name: 'scripted', reason: 'test', capabilities: { owners: true, counters: true, limits: [] } },
  lastPoll: null,
  failure: null,
};

/** The snapshot a view gets of `table`, sent through JSON as it would cross the wire. */
export function snapshotOf(table: EndpointTable): FullSnapshot {
  const snapshot: FullSnapshot = {
    seq: table.seq,
    takenAt: table.takenAt,
    rows: [...table.rows.values()],
    status: STATUS,
  };
  return JSON.parse(JSON.stringify(snapshot)) as FullSnapshot;
}

/** The delta event from `prev` to `next`, through JSON. */
export function deltaEvent(prev: EndpointTable, next: EndpointTable): DeltaEvent {
  const delta = diff(prev, next);
  const poll: PollReport = {
    seq: next.seq,
    takenAt: next.takenAt,
    cost: { socketsMs: 1, ownersMs: 1, diffMs: 1, totalMs: 3 },
    stats: {
      skippedRows: 0,
      duplicateRows: 0,
      ownersNotPermitted: 0,
      ownersNotFound: 0,
      processesNotPermitted: 0,
      vanished: 0,
      retriedReads: 0,
      truncatedReads: 0,
    },
    consistent: true,
  };
  return JSON.parse(JSON.stringify({ delta, poll })) as DeltaEvent;
}
