import { WebSocketServer, type WebSocket } from 'ws';
import type { AddressInfo } from 'node:net';
import { FrameError, parseRequestFrame, type RequestFrame } from '../../../shared/wire-frames.js';
import type { EventMap, EventName, Reply } from '../../../shared/protocol.js';

/** How the test answers one request: a reply, or undefined to leave it unanswered. */
export type Answer = (frame: RequestFrame, socket: WebSocket) => Promise<Reply<unknown> | undefined>;

/**
 * A real WebSocket server on 127.0.0.1 speaking serve mode's frames, with the
 * answers supplied by the test: what a transport meets, minus HTTP and auth.
 */
export class FrameServer {
  readonly requests: RequestFrame[] = [];
  readonly connections: WebSocket[] = [];
  #server: WebSocketServer;
  #answer: Answer;

  private constructor(server: WebSocketServer, answer: Answer) {
    this.#server = server;
    this.#answer = answer;
    server.on('connection', (socket) => {
      this.connections.push(socket);
      socket.on('message', (data) => void this.#receive(socket, String(data)));
    });
  }

  static async start(answer: Answer): Promise<FrameServer> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve, reject) => server.once('error', reject).once('listening', resolve));
    return new FrameServer(server, answer);
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.#server.address() as AddressInfo).port}/ws`;
  }

  /** Sends an event to every open connection. */
  push<K extends EventName>(event: K, payload: EventMap[K]): void {
    for (const socket of this.connections) {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ event, payload }));
    }
  }

  /** Closes every connection from the server's side (the server keeps listening). */
  dropConnections(): void {
    for (const socket of this.connections) socket.close(1001, 'test drops the connection');
  }

  count(method: string): number {
    return this.requests.filter((r) => r.method === method).length;
  }

  async close(): Promise<void> {
    for (const socket of this.connections) socket.terminate();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #receive(socket: WebSocket, text: string): Promise<void> {
    let frame: RequestFrame;
    try {
      frame = parseRequestFrame(text);
    } catch (error) {
      const id = error instanceof FrameError ? error.id : undefined;
      if (id !== undefined)
        socket.send(JSON.stringify({ id, reply: { ok: false, error: (error as Error).message } }));
      return;
    }
    this.requests.push(frame);
    const reply = await this.#answer(frame, socket);
    if (reply !== undefined && socket.readyState === socket.OPEN)
      socket.send(JSON.stringify({ id: frame.id, reply }));
  }
}
