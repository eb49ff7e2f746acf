/**
 * Close one TCP connection (TCPView's "Close Connection", `ss -K`): the row
 * is looked up by key in the main side's current table and the socket is
 * destroyed by its id from that table (cookie included), never by what the
 * view sent, so a newer connection on the same ports is never hit.
 */
import {
  isClosable,
  type ActionAvailability,
  type CloseConnectionOutcome,
  type CloseConnectionRequest,
  type CloseRefusal,
} from '../../shared/actions.js';
import type { EndpointTable } from '../../shared/delta.js';
import type { Endpoint } from '../../shared/endpoint.js';
import { hostPort } from '../../shared/row-key.js';
import type { DestroyResult, SocketId } from '../collectors/linux/sock-destroy.js';

export interface CloseConnectionServiceOptions {
  /** The monitor's current table (read at each request). */
  table: () => EndpointTable;
  /** Destroys one socket (destroySocket); null where the platform has no way to. */
  destroy: ((id: SocketId) => DestroyResult) | null;
  /** What the capability probe found at start: its reason explains a refusal. */
  availability: ActionAvailability;
  /** Called after a socket was closed (or found gone), so its row turns red and leaves now (monitor.refresh). */
  onClosed?: () => void;
}

const NEEDS_ADMIN = 'closing a connection needs administrator rights (CAP_NET_ADMIN)';
const UNSUPPORTED = 'closing connections is not supported here';

/** Answers `closeConnection` requests; never throws. */
export class CloseConnectionService {
  readonly #options: CloseConnectionServiceOptions;

  constructor(options: CloseConnectionServiceOptions) {
    this.#options = options;
  }

  async closeConnection(request: CloseConnectionRequest): Promise<CloseConnectionOutcome> {
    const { key } = request;
    const row = this.#options.table().rows.get(key);
    if (row === undefined) {
      return refused(
        key,
        'not-in-snapshot',
        'this connection is no longer in the table: it has closed already',
      );
    }
    if (!isClosable(row)) {
      return refused(
        key,
        'not-closable',
        `only TCP connections with a peer can be closed; this row is ${row.proto.toUpperCase()} ${row.state}`,
      );
    }
    if (isStale(request, row)) {
      return refused(
        key,
        'stale',
        'the connection you selected has closed: a newer connection now uses the same addresses and ports',
      );
    }
    const destroy = this.#options.destroy;
    if (destroy === null)
      return refused(key, 'unsupported', this.#options.availability.reason ?? UNSUPPORTED);

    let result: DestroyResult;
    try {
      result = destroy(socketIdOf(row));
    } catch (error) {
      result = { kind: 'error', message: (error as Error).message };
    }
    switch (result.kind) {
      case 'closed':
        this.#options.onClosed?.();
        return { kind: 'closed', key, message: `closed the connection ${describe(row)}` };
      case 'gone':
        this.#options.onClosed?.();
        return refused(key, 'gone', `the connection ${describe(row)} had already closed`);
      case 'stale':
        return refused(
          key,
          'stale',
          'the connection has closed: a newer socket now uses the same addresses and ports',
        );
      case 'not-permitted':
        return refused(key, 'not-permitted', this.#probeReason() ?? NEEDS_ADMIN);
      case 'unsupported':
        return refused(key, 'unsupported', this.#probeReason() ?? result.reason);
      case 'error':
        return refused(key, 'failed', `could not close ${describe(row)}: ${result.message}`);
    }
  }

  /** The probe's reason, when the probe found the capability missing. */
  #probeReason(): string | undefined {
    const { availability } = this.#options;
    return availability.available ? undefined : availability.reason;
  }
}

/**
 * Whether the row under the request's key is another socket than the one the
 * view saw. The cookie names one socket for its whole life; the inode drops
 * to 0 once the owner closes its descriptor (FIN_WAIT1, LAST_ACK), so it is
 * compared only when there is no cookie (the /proc collector).
 */
function isStale(request: CloseConnectionRequest, row: Endpoint): boolean {
  if (request.cookie !== undefined && row.cookie !== undefined) return request.cookie !== row.cookie;
  return request.inode !== row.inode;
}

/** The socket's full id, from the main side's row. */
function socketIdOf(row: Endpoint): SocketId {
  const id: SocketId = {
    family: row.family,
    localAddress: row.localAddress,
    localPort: row.localPort,
    remoteAddress: row.remoteAddress,
    remotePort: row.remotePort,
    inode: row.inode,
  };
  if (row.cookie !== undefined) id.cookie = row.cookie;
  return id;
}

/** "127.0.0.1:5000 -> 127.0.0.1:41234". */
function describe(row: Endpoint): string {
  return `${hostPort(row.localAddress, row.localPort, row.family)} -> ${hostPort(row.remoteAddress, row.remotePort, row.family)}`;
}

function refused(key: string, refusal: CloseRefusal, message: string): CloseConnectionOutcome {
  return { kind: 'refused', key, refusal, message };
}
