/**
 * Which rows count as listening, established, closing or unconnected: one
 * definition for the State filter, the "Show unconnected endpoints" box and
 * the status bar, so their numbers agree. As in `ss` and `netstat`, a UDP
 * socket with no peer counts as listening and one with a peer as established.
 */
import type { Endpoint, EndpointState } from '../../shared/endpoint.js';

type StateRow = Pick<Endpoint, 'proto' | 'state' | 'remotePort'>;

/** The TCP states between a close starting and the socket going away. */
export const CLOSING_STATES: ReadonlySet<EndpointState> = new Set<EndpointState>([
  'FIN_WAIT1',
  'FIN_WAIT2',
  'TIME_WAIT',
  'CLOSE',
  'CLOSE_WAIT',
  'LAST_ACK',
  'CLOSING',
]);

/** A TCP listener, or a UDP socket without a peer (what `ss -l` lists). */
export function isListening(row: StateRow): boolean {
  return row.state === 'LISTEN' || row.state === 'UNCONNECTED';
}

/** An established TCP connection, or a UDP socket with a fixed peer (`ss` says ESTAB for both). */
export function isEstablished(row: StateRow): boolean {
  return row.state === 'ESTABLISHED' || row.state === 'CONNECTED';
}

/** A TCP connection on its way out (FIN_WAIT1 … TIME_WAIT, CLOSE_WAIT, LAST_ACK, CLOSING, CLOSE). */
export function isClosing(row: StateRow): boolean {
  return CLOSING_STATES.has(row.state);
}

/**
 * An endpoint with no peer: listeners, unconnected UDP sockets, and TCP
 * sockets that are bound or just made (CLOSE with no remote port). What
 * "Show unconnected endpoints" hides when unchecked.
 */
export function isUnconnected(row: StateRow): boolean {
  return (
    row.state === 'LISTEN' ||
    row.state === 'UNCONNECTED' ||
    (row.proto === 'tcp' && row.state === 'CLOSE' && row.remotePort === 0)
  );
}
