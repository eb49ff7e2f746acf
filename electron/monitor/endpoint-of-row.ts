/**
 * How one collector row becomes one table row, for TableBuilder: whether a
 * row is the socket a previous row showed, what it keeps from it (owner and
 * counters through TIME_WAIT), its rates, and whether the previous row
 * object already shows it. Hot: runs for every socket of every poll.
 */
import type { Endpoint, OwnedSocketRow, Owner, SocketCounters } from '../../shared/endpoint.js';

/**
 * Whether `endpoint`, which the builder made of (or found right for) this
 * very row object at the previous poll, is what the full path would make of
 * it now. A collector changes a row it hands back again only in its owner
 * (set each poll; see CollectorSnapshot.rows), so of the row only the owner
 * is read: the rest is what the endpoint was made of. The owner may differ
 * only where a closed socket keeps the process it had. The rates must be
 * what counters that stood still give: `sendRate` and `recvRate` are 0 for
 * a byte counter the row has when time passed, else undefined.
 */
export function stillShows(
  endpoint: Endpoint,
  owner: Owner,
  sendRate: 0 | undefined,
  recvRate: 0 | undefined,
): boolean {
  const was = endpoint.owner;
  return (
    (owner === was || (owner.kind !== 'process' && was.kind === 'process')) &&
    endpoint.sendRate === sendRate &&
    endpoint.recvRate === recvRate
  );
}

/** Whether a row read now is the socket a previous row showed: same inode (checked by the caller) and addresses. */
export function sameSocket(a: Endpoint, b: OwnedSocketRow): boolean {
  return (
    a.localPort === b.localPort &&
    a.remotePort === b.remotePort &&
    a.proto === b.proto &&
    a.family === b.family &&
    a.localAddress === b.localAddress &&
    a.remoteAddress === b.remoteAddress
  );
}

/**
 * Whether `row` is the socket `before` showed a poll earlier under the same
 * key. The cookie says so exactly when both have one. Without it, the inode:
 * a socket its process closed loses its inode (TIME_WAIT) and keeps its
 * 4-tuple, so inode 0 counts as the same socket, while another inode is
 * another socket on the same ports.
 */
export function socketContinues(before: Endpoint, row: OwnedSocketRow): boolean {
  if (before.cookie !== undefined && row.cookie !== undefined) return before.cookie === row.cookie;
  return row.inode === 0 || row.inode === before.inode;
}

/**
 * A socket whose process let go of it (closed: FIN_WAIT, TIME_WAIT with inode 0)
 * has no owner to find: the row keeps the owner it showed before, as long as it
 * is the same socket (`previous`, see socketContinues).
 */
export function keptOwner(owner: Owner, previous: Endpoint | undefined): Owner {
  return owner.kind === 'process' || previous?.owner.kind !== 'process' ? owner : previous.owner;
}

/**
 * Whether a row carries any counter. The kernel reports a closed socket's
 * TIME_WAIT (and FIN_WAIT2 after close) as a small stand-in without tcp_info:
 * without the rule that uses this, such a row would drop the totals of the
 * connection it was a moment earlier, just when a user looks at what the
 * connection moved. So a row read without counters keeps its previous row's
 * (for the same socket only), and has no rates: nothing moves any more.
 */
export function hasCounters(row: SocketCounters): boolean {
  return (
    row.bytesSent !== undefined ||
    row.bytesReceived !== undefined ||
    row.segsOut !== undefined ||
    row.segsIn !== undefined ||
    row.retrans !== undefined ||
    row.rttMs !== undefined ||
    row.rttVarMs !== undefined ||
    row.deliveryRate !== undefined
  );
}

/**
 * Whether a byte counter shrank: the same key (and inode, where there is no
 * cookie) now names a new socket. Then neither rate is made for this poll:
 * a negative rate would be a lie, and so would a rate from the other counter.
 */
export function bytesWentBackwards(before: SocketCounters, now: SocketCounters): boolean {
  return (
    (now.bytesSent !== undefined && before.bytesSent !== undefined && now.bytesSent < before.bytesSent) ||
    (now.bytesReceived !== undefined &&
      before.bytesReceived !== undefined &&
      now.bytesReceived < before.bytesReceived)
  );
}

/** Growth per second from `then` to `now` over `elapsedMs` (> 0); undefined when either is unknown. */
export function perSecond(
  now: number | undefined,
  then: number | undefined,
  elapsedMs: number,
): number | undefined {
  if (now === undefined || then === undefined) return undefined;
  const rate = ((now - then) * 1000) / elapsedMs;
  // A collector's counter that is not a finite number must not make a rate that JSON turns into null.
  return Number.isFinite(rate) ? rate : undefined;
}

/**
 * Whether the previous row already shows what was read now, with the
 * counters the row will show (read now, or kept) and the rates just made.
 * Comparing the rates is what lets a row whose counters stopped moving
 * change once (its rate to 0) and then be reused.
 */
export function unchanged(
  before: Endpoint,
  row: OwnedSocketRow,
  owner: Owner,
  counters: SocketCounters,
  sendRate: number | undefined,
  recvRate: number | undefined,
): boolean {
  return (
    before.owner === owner &&
    before.state === row.state &&
    before.inode === row.inode &&
    before.recvQ === row.recvQ &&
    before.sendQ === row.sendQ &&
    before.uid === row.uid &&
    before.cookie === row.cookie &&
    before.sendRate === sendRate &&
    before.recvRate === recvRate &&
    (counters === before || sameCounters(before, counters))
  );
}

/** Written out: keyed reads (row[field]) of absent counters are slow in V8. */
function sameCounters(a: SocketCounters, b: SocketCounters): boolean {
  return (
    a.bytesSent === b.bytesSent &&
    a.bytesReceived === b.bytesReceived &&
    a.segsOut === b.segsOut &&
    a.segsIn === b.segsIn &&
    a.retrans === b.retrans &&
    a.rttMs === b.rttMs &&
    a.rttVarMs === b.rttVarMs &&
    a.deliveryRate === b.deliveryRate
  );
}

/**
 * One object literal naming every required field, then the optional fields
 * one by one in a fixed order (cookie, counters, rates): rows share a few
 * hidden classes, which keeps the diff's field reads fast (a spread gives
 * each row its own shape: 20-30x slower). Named reads, for the same reason
 * as in `sameCounters`.
 */
export function toEndpoint(
  row: OwnedSocketRow,
  key: string,
  owner: Owner,
  firstSeen: number,
  counters: SocketCounters,
  sendRate: number | undefined,
  recvRate: number | undefined,
): Endpoint {
  const endpoint: Endpoint = {
    key,
    proto: row.proto,
    family: row.family,
    localAddress: row.localAddress,
    localPort: row.localPort,
    remoteAddress: row.remoteAddress,
    remotePort: row.remotePort,
    state: row.state,
    recvQ: row.recvQ,
    sendQ: row.sendQ,
    uid: row.uid,
    inode: row.inode,
    owner,
    firstSeen,
  };
  if (row.cookie !== undefined) endpoint.cookie = row.cookie;
  if (counters.bytesSent !== undefined) endpoint.bytesSent = counters.bytesSent;
  if (counters.bytesReceived !== undefined) endpoint.bytesReceived = counters.bytesReceived;
  if (counters.segsOut !== undefined) endpoint.segsOut = counters.segsOut;
  if (counters.segsIn !== undefined) endpoint.segsIn = counters.segsIn;
  if (counters.retrans !== undefined) endpoint.retrans = counters.retrans;
  if (counters.rttMs !== undefined) endpoint.rttMs = counters.rttMs;
  if (counters.rttVarMs !== undefined) endpoint.rttVarMs = counters.rttVarMs;
  if (counters.deliveryRate !== undefined) endpoint.deliveryRate = counters.deliveryRate;
  if (sendRate !== undefined) endpoint.sendRate = sendRate;
  if (recvRate !== undefined) endpoint.recvRate = recvRate;
  return endpoint;
}
