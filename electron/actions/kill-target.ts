/**
 * Which process a kill request may name: the rules that need no system call.
 * A view only names what it saw; these checks run against the main side's
 * own current table, so a forged or stale request finds nothing to hit.
 */
import type { KillOutcome, KillRequest } from '../../shared/actions.js';
import type { Endpoint } from '../../shared/endpoint.js';

/** The process a request names, as the current table shows it. */
export interface KillTarget {
  pid: number;
  startTime: number;
  name: string;
  uid: number;
  user: string;
}

export type KillTargetCheck = { ok: true; target: KillTarget } | { ok: false; outcome: KillOutcome };

/**
 * Checks, in order: pid 1 and below, Sockscope's own processes, then that
 * the pid owns a row of `rows` with the request's start time (a row with
 * the pid but another start time means the pid now names another process).
 */
export function findKillTarget(
  request: KillRequest,
  rows: Iterable<Endpoint>,
  ownPids: Iterable<number>,
): KillTargetCheck {
  const { pid, startTime } = request;
  if (pid <= 1) {
    const what = pid === 1 ? 'pid 1 is the init process' : `pid ${pid} names no single process`;
    return refuse(pid, 'protected-pid', `${what}: Sockscope never signals it`);
  }
  for (const own of ownPids) {
    if (own === pid) {
      return refuse(
        pid,
        'own-process',
        `pid ${pid} is part of Sockscope itself: it does not kill its own processes`,
      );
    }
  }
  let reused = false;
  for (const row of rows) {
    const owner = row.owner;
    if (owner.kind !== 'process' || owner.pid !== pid) continue;
    if (owner.startTime === startTime) {
      return { ok: true, target: { pid, startTime, name: owner.name, uid: owner.uid, user: owner.user } };
    }
    reused = true;
  }
  if (reused) return refuse(pid, 'identity-changed', identityChangedMessage(pid));
  return refuse(
    pid,
    'not-in-snapshot',
    `pid ${pid} owns no connection in the current table: it may have exited or closed its sockets`,
  );
}

/** The sentence for a pid that now names another process. */
export function identityChangedMessage(pid: number): string {
  return `process ${pid} has exited; another process now has its pid`;
}

function refuse(
  pid: number,
  refusal: 'protected-pid' | 'own-process' | 'identity-changed' | 'not-in-snapshot',
  message: string,
): KillTargetCheck {
  return { ok: false, outcome: { kind: 'refused', pid, refusal, message } };
}
