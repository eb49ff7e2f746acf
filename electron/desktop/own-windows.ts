/**
 * The windows the app made, and the check every IPC request passes: it must
 * come from the top frame of one of them, showing a page of the app's own
 * origin. A page that navigated elsewhere, an iframe, or any other
 * WebContents (a devtools extension, a window someone else opened) is refused.
 */
import { isAppUrl } from './app-protocol.js';

/** The parts of a BrowserWindow the set reads. */
export interface OwnWindow {
  readonly webContents: object;
  once(event: 'closed', listener: () => void): unknown;
}

/** The parts of an IPC event the sender check reads (IpcMainInvokeEvent has them). */
export interface SenderEvent {
  readonly sender: object;
  readonly senderFrame: { readonly url: string; readonly parent: object | null } | null;
}

/** The app's own windows, each leaving the set when it closes. */
export class OwnWindows<W extends OwnWindow> {
  readonly #windows = new Map<object, W>();

  /** Adds a window the app created. */
  add(win: W): W {
    const contents = win.webContents;
    this.#windows.set(contents, win);
    win.once('closed', () => this.#windows.delete(contents));
    return win;
  }

  /** The open windows, oldest first. */
  list(): W[] {
    return [...this.#windows.values()];
  }

  /** Whether a request came from the top frame of one of these windows, showing app://sockscope. */
  isTrustedSender(event: SenderEvent): boolean {
    if (!this.#windows.has(event.sender)) return false;
    const frame = event.senderFrame;
    // null: the frame navigated or was destroyed after sending.
    if (frame === null || frame.parent !== null) return false;
    return isAppUrl(frame.url);
  }
}
