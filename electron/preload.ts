/**
 * The preload of the app's window: exposes `window.sockscope`, one object of
 * named functions (see buildBridge in ipc.ts), and nothing else. Runs
 * sandboxed, so it is bundled to CommonJS (dist/electron/preload.cjs) and may
 * require only 'electron'.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { buildBridge } from './ipc.js';

contextBridge.exposeInMainWorld('sockscope', buildBridge(ipcRenderer));
