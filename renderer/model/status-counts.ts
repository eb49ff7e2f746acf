/**
 * The status bar's numbers: how many rows are shown of how many, by state
 * group, and why some owners are unknown.
 */
import type { Endpoint } from '../../shared/endpoint.js';
import { isEstablished, isListening } from './state-groups.js';

/** Rows passing the view's filter, of all live rows. */
export interface ShownOfTotal {
  shown: number;
  total: number;
}

/** Everything the status bar counts. */
export interface StatusCounts {
  shown: number;
  total: number;
  /** TCP ESTABLISHED and connected UDP (see state-groups.ts). */
  established: ShownOfTotal;
  /** TCP LISTEN and unconnected UDP. */
  listening: ShownOfTotal;
  timeWait: ShownOfTotal;
  closeWait: ShownOfTotal;
  /** Rows without a known owner, by reason, over all live rows (the filter does not change why). */
  ownersUnknown: { notPermitted: number; noProcess: number; kernel: number };
}

/** Counts `rows` in one pass; `isShown` is the view's row filter. */
export function statusCounts(rows: Iterable<Endpoint>, isShown: (row: Endpoint) => boolean): StatusCounts {
  const c: StatusCounts = {
    shown: 0,
    total: 0,
    established: { shown: 0, total: 0 },
    listening: { shown: 0, total: 0 },
    timeWait: { shown: 0, total: 0 },
    closeWait: { shown: 0, total: 0 },
    ownersUnknown: { notPermitted: 0, noProcess: 0, kernel: 0 },
  };
  for (const row of rows) {
    const shown = isShown(row) ? 1 : 0;
    c.total++;
    c.shown += shown;
    let group: ShownOfTotal | undefined;
    if (isEstablished(row)) group = c.established;
    else if (isListening(row)) group = c.listening;
    else if (row.state === 'TIME_WAIT') group = c.timeWait;
    else if (row.state === 'CLOSE_WAIT') group = c.closeWait;
    if (group !== undefined) {
      group.total++;
      group.shown += shown;
    }
    const owner = row.owner;
    if (owner.kind === 'unknown') {
      if (owner.reason === 'not-permitted') c.ownersUnknown.notPermitted++;
      else if (owner.reason === 'no-process') c.ownersUnknown.noProcess++;
      else c.ownersUnknown.kernel++;
    }
  }
  return c;
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Why some owners are unknown, for the status bar: '37 owners hidden: not
 * permitted', then the other reasons briefly ('; 4 with no process, 12 held by
 * the kernel'); '5 owners unknown: …' when none is a permission problem; ''
 * when every owner is known.
 */
export function describeUnknownOwners(c: StatusCounts['ownersUnknown']): string {
  const others: string[] = [];
  if (c.noProcess > 0) others.push(`${c.noProcess} with no process`);
  if (c.kernel > 0) others.push(`${c.kernel} held by the kernel`);
  if (c.notPermitted > 0) {
    const head = `${count(c.notPermitted, 'owner', 'owners')} hidden: not permitted`;
    return others.length > 0 ? `${head}; ${others.join(', ')}` : head;
  }
  if (others.length === 0) return '';
  return `${count(c.noProcess + c.kernel, 'owner', 'owners')} unknown: ${others.join(', ')}`;
}
