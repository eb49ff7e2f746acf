import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { CollectorInfo } from '../../shared/collector-report.js';
import { DEFAULT_INTERVAL_MS } from '../../shared/poll-interval.js';
import { MAX_FRAME_BYTES } from '../../shared/wire-frames.js';
import { createActionServices } from '../actions/action-services.js';
import { buildAppInfo } from '../app-info.js';
import type { Collector } from '../collectors/collector.js';
import { createCollector } from '../collectors/select-collector.js';
import { Monitor } from '../monitor/monitor.js';
import { MonitorService } from '../monitor/monitor-service.js';
import { newToken, tokenCookie, tokenCookieName } from './access-token.js';
import { acceptedHosts, acceptedOrigins, urlHost } from './accepted-hosts.js';
import { refuseUpgrade, sendText } from './http-replies.js';
import { checkRendererDir, defaultRendererDir } from './renderer-dir.js';
import { checkRequest, type AccessPolicy } from './request-guard.js';
import { ServeError } from './serve-error.js';
import { serveStatic } from './static-files.js';
import { CLOSE, ViewSession } from './view-session.js';

/** The port `sockscope serve` listens on unless told otherwise. */
export const DEFAULT_SERVE_PORT = 7007;
/** The WebSocket's path on the page's own origin. */
export const WS_PATH = '/ws';

export interface ServeOptions {
  /** Address to bind; default 127.0.0.1. */
  host?: string;
  /** Port; 0 picks a free one; default 7007. */
  port?: number;
  /**
   * Allow the actions (kill a process, close a connection): off by default,
   * and then the server refuses them whatever a view sends.
   */
  allowKill?: boolean;
  /** With allowKill: how long a kill waits for the exit after SIGTERM; default 3000 ms. */
  killGraceMs?: number;
  /** The socket source; default the OS's (createCollector). The server closes it on close(). */
  collector?: Collector;
  /** The built renderer; default dist/renderer (see renderer-dir.ts). */
  rendererDir?: string;
  /** First poll interval in milliseconds; default 1000. */
  intervalMs?: number;
  /** Unsent event bytes a view may have on top of its last snapshot before it is closed with 1013; default 8 MiB. */
  maxBufferedBytes?: number;
  /** Keep-alive ping period; a view that misses one pong is dropped; default 30 s. */
  pingIntervalMs?: number;
}

/** A running serve-mode server. */
export interface ServeHandle {
  /** The URL to open, with the token. */
  url: string;
  token: string;
  host: string;
  port: number;
  allowKill: boolean;
  collector: CollectorInfo;
  /** Closes every view (1001), stops the monitor, closes the collector and the listener. */
  close(): Promise<void>;
}

/**
 * Starts serve mode: the built renderer over HTTP and the protocol of
 * shared/protocol.ts over a WebSocket at /ws, both behind the token, Host
 * and Origin checks of request-guard.ts, on one Monitor.
 */
export async function startServer(options: ServeOptions = {}): Promise<ServeHandle> {
  const host = options.host ?? '127.0.0.1';
  const allowKill = options.allowKill ?? false;
  const root = checkRendererDir(options.rendererDir ?? defaultRendererDir());
  const token = newToken();
  const policy: { -readonly [K in keyof AccessPolicy]: AccessPolicy[K] } = {
    token,
    cookie: '',
    hosts: new Set(),
    origins: new Set(),
  };

  const server = createServer({ requireHostHeader: false }, (req, res) => onRequest(req, res, policy, root));
  const address = await listen(server, host, options.port ?? DEFAULT_SERVE_PORT);
  policy.cookie = tokenCookieName(address.port);
  policy.hosts = acceptedHosts(host, address.address, address.port);
  policy.origins = acceptedOrigins(policy.hosts);

  let collector: Collector;
  try {
    collector = options.collector ?? createCollector();
  } catch (error) {
    server.close();
    throw error;
  }
  const monitor = new Monitor(collector, { intervalMs: options.intervalMs ?? DEFAULT_INTERVAL_MS });
  const actions = createActionServices({
    mode: 'serve',
    allowKill,
    monitor,
    killGraceMs: options.killGraceMs,
  });
  const service = new MonitorService(
    monitor,
    collector.info,
    buildAppInfo('serve', { actions: actions.info }),
    actions.handlers,
  );
  const sessions = new Set<ViewSession>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  const sessionOptions = { maxBufferedBytes: options.maxBufferedBytes ?? 8 * 1024 * 1024 };

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => undefined);
    const verdict = checkRequest(req, policy, true);
    if (!verdict.ok) return refuseUpgrade(socket, verdict.status, verdict.reason);
    if (verdict.url.pathname !== WS_PATH) return refuseUpgrade(socket, 404, 'no WebSocket here');
    wss.handleUpgrade(req, socket, head, (ws) => {
      const session = new ViewSession(ws, service, sessionOptions);
      sessions.add(session);
      void session.closed.then(() => sessions.delete(session));
    });
  });

  const heartbeat = setInterval(() => {
    for (const session of sessions) session.heartbeat();
  }, options.pingIntervalMs ?? 30_000);
  heartbeat.unref();
  monitor.start();

  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    clearInterval(heartbeat);
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const session of sessions) session.close(CLOSE.goingAway, 'sockscope serve is stopping', 1000);
    await Promise.all([...sessions].map((session) => session.closed));
    server.closeAllConnections();
    service.close();
    monitor.stop();
    collector.close();
    await stopped;
  };

  return {
    url: `http://${urlHost(host)}:${address.port}/?token=${token}`,
    token,
    host,
    port: address.port,
    allowKill,
    collector: collector.info,
    close: () => (closing ??= close()),
  };
}

function onRequest(req: IncomingMessage, res: ServerResponse, policy: AccessPolicy, root: string): void {
  const verdict = checkRequest(req, policy, false);
  if (!verdict.ok) return sendText(res, verdict.status, verdict.reason);
  const headers: Record<string, string> = verdict.setCookie
    ? { 'Set-Cookie': tokenCookie(policy.cookie, policy.token) }
    : {};
  serveStatic(req.method ?? 'GET', verdict.url, res, root, headers).catch((error: Error) => {
    if (res.headersSent) res.destroy();
    else sendText(res, 500, `could not read the file: ${error.message}`);
  });
}

/** Binds, turning the usual failures into messages a user can act on. */
function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const where = `${urlHost(host)}:${port}`;
      if (error.code === 'EADDRINUSE') {
        reject(
          new ServeError(`${where} is in use: pick another port with --port N (--port 0 takes any free one)`),
        );
      } else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') {
        reject(new ServeError(`cannot listen on ${where}: ${host} is not an address of this machine`));
      } else if (error.code === 'EACCES') {
        reject(new ServeError(`cannot listen on ${where}: ports below 1024 need root`));
      } else {
        reject(error);
      }
    });
    server.listen(port, host, () => resolve(server.address() as AddressInfo));
  });
}
