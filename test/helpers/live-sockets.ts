import { readdirSync, readlinkSync } from 'node:fs';
import net from 'node:net';
import dgram from 'node:dgram';

/** Sockets the test process itself holds; `close()` releases them all. */
export class LiveSockets {
  #closers: (() => Promise<void> | void)[] = [];

  /** A TCP listener on `host`, port chosen by the kernel. */
  async listen(host: string): Promise<net.Server> {
    const accepted: net.Socket[] = [];
    const server = net.createServer((socket) => {
      socket.on('error', () => {});
      accepted.push(socket);
    });
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, host, resolve));
    this.#closers.push(
      () =>
        new Promise<void>((resolve) => {
          for (const socket of accepted) socket.destroy();
          server.close(() => resolve());
        }),
    );
    return server;
  }

  /** A TCP client connected to `host:port`. */
  async connect(host: string, port: number): Promise<net.Socket> {
    const socket = net.connect(port, host);
    await new Promise<void>((resolve, reject) => socket.once('error', reject).once('connect', resolve));
    socket.on('error', () => {});
    this.#closers.push(() => void socket.destroy());
    return socket;
  }

  /** A UDP socket bound on `host`, and connected to `peerPort` when given. */
  async udp(type: 'udp4' | 'udp6', host: string, peerPort?: number): Promise<dgram.Socket> {
    const socket = dgram.createSocket(type);
    if (peerPort === undefined) {
      await new Promise<void>((resolve, reject) => socket.once('error', reject).bind(0, host, resolve));
    } else {
      await new Promise<void>((resolve, reject) =>
        socket.once('error', reject).connect(peerPort, host, resolve),
      );
    }
    this.#closers.push(() => new Promise<void>((resolve) => socket.close(() => resolve())));
    return socket;
  }

  async close(): Promise<void> {
    await Promise.all(this.#closers.splice(0).map((close) => close()));
  }
}

/** The port a server listens on. */
export function portOf(server: net.Server): number {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('server is not listening on TCP');
  return address.port;
}

/**
 * The inodes of every socket this process holds: what tells its rows from
 * another process's sockets that happen to have the same port numbers (test
 * files run in parallel, and a port is only unique per address and family).
 */
export function ownSocketInodes(): Set<number> {
  const inodes = new Set<number>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
      if (match) inodes.add(Number(match[1]));
    } catch {
      // Closed since the listing (the listing's own descriptor, say).
    }
  }
  return inodes;
}
