import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { OwnedSocketRow } from '../../../shared/endpoint.js';
import type { EventMap, EventName } from '../../../shared/protocol.js';
import type { ReplyFrame } from '../../../shared/wire-frames.js';

// What the serve tests share: a tiny renderer build in a temp folder, raw
// HTTP requests (node:http lets a test set or leave out any header, Host
// included) and a WebSocket client that records every frame.

export const INDEX_HTML =
  '<!doctype html><title>sockscope test page</title><script src="/assets/app.js"></script>';
export const APP_JS = 'console.log("sockscope test asset");';
export const SECRET = 'not for the browser: outside the renderer folder';

/** A renderer folder (index.html, assets/app.js, assets/style.css), with a secret file and a symlink to it outside/inside. */
export function makeRendererDir(): { root: string; dir: string; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), 'sockscope-serve-'));
  const dir = join(root, 'renderer');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), INDEX_HTML);
  writeFileSync(join(dir, 'assets', 'app.js'), APP_JS);
  writeFileSync(join(dir, 'assets', 'style.css'), 'body { color: black; }');
  writeFileSync(join(root, 'secret.txt'), SECRET);
  symlinkSync(join(root, 'secret.txt'), join(dir, 'assets', 'link.txt'));
  return { root, dir, remove: () => rmSync(root, { recursive: true, force: true }) };
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One HTTP request to 127.0.0.1:port with exactly these headers; `host: null` sends no Host at all. */
export function rawRequest(
  port: number,
  path: string,
  options: { method?: string; host?: string | null; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.host !== null) headers.Host = options.host ?? `127.0.0.1:${port}`;
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        headers,
        setHost: false,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Tries a WebSocket upgrade with exactly these headers; resolves the refusal's status, or 101. */
export function upgradeStatus(
  port: number,
  path: string,
  headers: Record<string, string>,
  host: string | null = `127.0.0.1:${port}`,
): Promise<number> {
  const all: Record<string, string> = {
    Connection: 'Upgrade',
    Upgrade: 'websocket',
    'Sec-WebSocket-Version': '13',
    'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
    ...headers,
  };
  if (host !== null) all.Host = host;
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, headers: all, setHost: false, agent: false });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('upgrade', (_res, socket) => {
      socket.destroy();
      resolve(101);
    });
    req.on('error', reject);
    req.end();
  });
}

type Frame = { id?: number; reply?: ReplyFrame['reply']; event?: EventName; payload?: unknown };

/** A WebSocket view that records every frame and can await replies, events and the close. */
export class TestView {
  readonly ws: WebSocket;
  readonly frames: Frame[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly opened: Promise<void>;
  #nextId = 1;
  #waiters: (() => void)[] = [];

  constructor(port: number, token: string, options: WebSocket.ClientOptions = {}) {
    this.ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, {
      origin: `http://127.0.0.1:${port}`,
      headers: { Cookie: `sockscope_token_${port}=${token}` },
      ...options,
    });
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    this.closed = new Promise((resolve) =>
      this.ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    this.ws.on('error', () => undefined);
    this.ws.on('message', (data) => {
      this.frames.push(JSON.parse(String(data)) as Frame);
      for (const wake of this.#waiters.splice(0)) wake();
    });
  }

  /** Sends a request and resolves its reply. */
  async call(method: string, ...args: unknown[]): Promise<ReplyFrame['reply']> {
    const id = this.#nextId++;
    this.ws.send(JSON.stringify({ id, method, args }));
    const frame = await this.waitFrame(`the reply to ${method} #${id}`, (f) => f.id === id);
    return frame.reply!;
  }

  /** Sends a request that must succeed and resolves its value. */
  async callOk<T>(method: string, ...args: unknown[]): Promise<T> {
    const reply = await this.call(method, ...args);
    if (!reply.ok) throw new Error(`${method} failed: ${reply.error}`);
    return reply.value as T;
  }

  /** The first recorded frame (from `from` on) that matches, waiting for it up to `timeoutMs`. */
  async waitFrame(
    what: string,
    match: (frame: Frame) => boolean,
    timeoutMs = 5000,
    from = 0,
  ): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.slice(from).find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Recorded events of one kind, in arrival order. */
  events<K extends EventName>(name: K): EventMap[K][] {
    return this.frames.filter((f) => f.event === name).map((f) => f.payload as EventMap[K]);
  }

  close(): void {
    this.ws.terminate();
  }
}

/** A listening TCP row on 127.0.0.1, as a collector reads it. */
export function listenRow(port: number, cmdline = 'test-server'): OwnedSocketRow {
  return {
    proto: 'tcp',
    family: 4,
    localAddress: '127.0.0.1',
    localPort: port,
    remoteAddress: '0.0.0.0',
    remotePort: 0,
    state: 'LISTEN',
    recvQ: 0,
    sendQ: 128,
    uid: 0,
    inode: 100_000 + port,
    owner: {
      kind: 'process',
      pid: 4242,
      name: 'test-server',
      exe: '/usr/bin/test-server',
      cmdline,
      uid: 0,
      user: 'root',
      startTime: 1,
      startedAt: 1_700_000_000_000,
    },
  };
}

/** `promise`, or a failure naming `what` after `ms`: no test waits forever. */
export function within<T>(promise: Promise<T>, what: string, ms = 10_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
