import type { SocketRow } from './endpoint.js';

/** `addr:port`, with IPv6 addresses in brackets as `ss` prints them. */
export function hostPort(address: string, port: number, family: 4 | 6): string {
  return family === 6 ? `[${address}]:${port}` : `${address}:${port}`;
}

/**
 * The stable key of a socket's row.
 *
 * A TCP socket with a peer is named by its 4-tuple, which the kernel keeps
 * unique and which survives ESTABLISHED -> FIN_WAIT -> TIME_WAIT, when the
 * inode drops to 0: the row changes state instead of being replaced.
 * Sockets without a peer (listeners, unconnected or bound sockets) can share
 * an address through SO_REUSEPORT, so their key adds the inode; UDP sockets
 * never pass through TIME_WAIT and always add it.
 */
export function rowKey(
  row: Pick<
    SocketRow,
    'proto' | 'family' | 'localAddress' | 'localPort' | 'remoteAddress' | 'remotePort' | 'inode'
  >,
): string {
  const base = `${row.proto}${row.family} ${hostPort(row.localAddress, row.localPort, row.family)}>${hostPort(row.remoteAddress, row.remotePort, row.family)}`;
  return row.proto === 'tcp' && row.remotePort !== 0 ? base : `${base}#${row.inode}`;
}
