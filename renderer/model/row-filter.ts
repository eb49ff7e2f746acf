/**
 * The view's row filter: quick search, protocol toggles, state and
 * "Show unconnected endpoints". Built once per filter change and then run
 * on every row the grid holds, so the per-row work is a few comparisons.
 */
import type { Endpoint } from '../../shared/endpoint.js';
import { hostPort } from '../../shared/row-key.js';
import { ownerLabel, protoLabel } from './format.js';
import { isClosing, isEstablished, isListening, isUnconnected } from './state-groups.js';

/** The State select: all rows, or one group of states (see state-groups.ts). */
export type StateFilter = 'all' | 'listening' | 'established' | 'closing';

/** Every choice of the State select, in menu order. */
export const STATE_FILTERS: readonly StateFilter[] = ['all', 'listening', 'established', 'closing'];

/** Which protocol and family toggles are on. */
export interface ProtocolToggles {
  tcp4: boolean;
  tcp6: boolean;
  udp4: boolean;
  udp6: boolean;
}

/** Everything the toolbar filters by. */
export interface ViewFilter {
  search: string;
  protocols: ProtocolToggles;
  state: StateFilter;
  showUnconnected: boolean;
}

/** Every row shown. */
export const DEFAULT_FILTER: ViewFilter = {
  search: '',
  protocols: { tcp4: true, tcp6: true, udp4: true, udp6: true },
  state: 'all',
  showUnconnected: true,
};

// Rows are immutable (apply() makes a new object for a changed row), so a row's
// search text is made once per row version and kept while the row lives.
const searchTexts = new WeakMap<Endpoint, string>();

/**
 * The lowercase text the quick search looks in: process name (or the unknown
 * owner's reason), pid, protocol label, state, and each address alone, with
 * its port, and as `addr:port` (`[v6]:port` as `ss` prints it, and unbracketed).
 * Fields are joined by newlines, which no search word contains, so a word
 * never matches across two fields.
 */
export function searchText(row: Endpoint): string {
  let text = searchTexts.get(row);
  if (text === undefined) {
    const parts = [
      ownerLabel(row.owner),
      row.owner.kind === 'process' ? String(row.owner.pid) : '',
      protoLabel(row),
      row.state,
      hostPort(row.localAddress, row.localPort, row.family),
      hostPort(row.remoteAddress, row.remotePort, row.family),
    ];
    // IPv6 also as plain addr:port, for users who type it the way they read it.
    if (row.family === 6) {
      parts.push(`${row.localAddress}:${row.localPort}`, `${row.remoteAddress}:${row.remotePort}`);
    }
    text = parts.join('\n').toLowerCase();
    searchTexts.set(row, text);
  }
  return text;
}

const STATE_TESTS: Record<Exclude<StateFilter, 'all'>, (row: Endpoint) => boolean> = {
  listening: isListening,
  established: isEstablished,
  closing: isClosing,
};

/**
 * A predicate for `filter`. The search is split into words on white space;
 * each must occur (case-insensitive) in the row's search text. With
 * `showUnconnected` false, listeners, unconnected UDP sockets and unbound TCP
 * sockets are hidden.
 */
export function makeRowFilter(filter: ViewFilter): (row: Endpoint) => boolean {
  const words = filter.search
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '');
  const { tcp4, tcp6, udp4, udp6 } = filter.protocols;
  const allProtocols = tcp4 && tcp6 && udp4 && udp6;
  const stateTest = filter.state === 'all' ? undefined : STATE_TESTS[filter.state];
  const hideUnconnected = !filter.showUnconnected;
  return (row) => {
    if (!allProtocols) {
      const on = row.proto === 'tcp' ? (row.family === 6 ? tcp6 : tcp4) : row.family === 6 ? udp6 : udp4;
      if (!on) return false;
    }
    if (stateTest !== undefined && !stateTest(row)) return false;
    if (hideUnconnected && isUnconnected(row)) return false;
    if (words.length > 0) {
      const text = searchText(row);
      for (const word of words) if (!text.includes(word)) return false;
    }
    return true;
  };
}
