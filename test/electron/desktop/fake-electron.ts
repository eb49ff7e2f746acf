/**
 * Minimal stand-ins for the Electron objects the desktop modules take as
 * parameters (Electron cannot run here). Each has only what the modules use,
 * and records what was done to it.
 */
import { EventEmitter } from 'node:events';
import type { SenderEvent } from '../../../electron/desktop/own-windows.js';
import type { Reply } from '../../../shared/protocol.js';

type InvokeHandler = (event: SenderEvent, ...args: unknown[]) => Promise<Reply<unknown>>;

/** ipcMain: handlers by channel; `invoke` plays a renderer's ipcRenderer.invoke. */
export class FakeIpcMain {
  readonly handlers = new Map<string, InvokeHandler>();

  handle(channel: string, handler: InvokeHandler): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, handler);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  invoke(channel: string, event: SenderEvent, ...args: unknown[]): Promise<Reply<unknown>> {
    const handler = this.handlers.get(channel);
    if (handler === undefined) throw new Error(`no handler for ${channel}`);
    return handler(event, ...args);
  }
}

/** A WebContents: events, isDestroyed, and the messages sent to it. */
export class FakeWebContents extends EventEmitter {
  readonly sent: { channel: string; args: unknown[] }[] = [];
  #destroyed = false;

  isDestroyed(): boolean {
    return this.#destroyed;
  }

  send(channel: string, ...args: unknown[]): void {
    if (this.#destroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, args });
  }

  destroy(): void {
    this.#destroyed = true;
    this.emit('destroyed');
  }
}

/** A BrowserWindow with its WebContents; `close()` emits 'closed' as Electron does. */
export class FakeWindow extends EventEmitter {
  readonly webContents = new FakeWebContents();

  close(): void {
    this.emit('closed');
    this.webContents.destroy();
  }
}

/** An IPC event from `sender`'s frame showing `url` (a subframe when `parent` is given). */
export function ipcEvent(sender: object, url: string | null, parent: object | null = null): SenderEvent {
  return { sender, senderFrame: url === null ? null : { url, parent } };
}

/** ipcRenderer: records invokes (answering with `reply`), and delivers events sent with `emitFromMain`. */
export class FakeIpcRenderer {
  readonly invoked: { channel: string; args: unknown[] }[] = [];
  readonly #emitter = new EventEmitter();
  reply: (channel: string, args: unknown[]) => Promise<unknown> = async () => ({ ok: true, value: null });

  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args });
    return this.reply(channel, args);
  }

  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): this {
    this.#emitter.on(channel, listener);
    return this;
  }

  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): this {
    this.#emitter.removeListener(channel, listener);
    return this;
  }

  listenerCount(channel: string): number {
    return this.#emitter.listenerCount(channel);
  }

  /** What main's webContents.send would cause: listeners get (event, payload). */
  emitFromMain(channel: string, payload: unknown): void {
    this.#emitter.emit(channel, { sender: 'the IPC event, which the page must never see' }, payload);
  }
}
