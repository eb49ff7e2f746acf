/**
 * The one contract between the main side (Electron main, or `sockscope serve`)
 * and a view (the renderer). Every channel in both directions is named here
 * with its types; the Electron IPC wrappers and the WebSocket server and
 * client infer their types from these maps, and nothing else names a channel.
 *
 * Requests go from a view to the main side and get one reply. Events go from
 * the main side to every view. A view starts by asking for `snapshot` and
 * then applies each `delta` whose `baseSeq` is its table's seq; a gap means
 * it asks for a snapshot again (see shared/view-sync.ts).
 */
import type {
  ActionsInfo,
  CloseConnectionOutcome,
  CloseConnectionRequest,
  KillOutcome,
  KillRequest,
} from './actions.js';
import type { CollectorInfo, CollectorStats, PollCost } from './collector-report.js';
import type { Delta } from './delta.js';
import type { Endpoint } from './endpoint.js';

/** What one poll cost and could not see: the status bar's poll figures. */
export interface PollReport {
  seq: number;
  takenAt: number;
  cost: PollCost;
  stats: CollectorStats;
  /** False when the OS flagged the reading as possibly torn: no removals were reported. */
  consistent: boolean;
}

/** The last poll that failed; cleared by the next poll that succeeds. */
export interface PollFailure {
  message: string;
  /** Milliseconds since the epoch. */
  at: number;
}

/** The monitor's state as a view shows it: toolbar, status bar and error banner. */
export interface MonitorStatus {
  paused: boolean;
  intervalMs: number;
  collector: CollectorInfo;
  /** The latest successful poll; null before the first. */
  lastPoll: PollReport | null;
  /** Set while the latest poll failed: the view keeps its last good rows and shows a banner. */
  failure: PollFailure | null;
}

/** The whole table, for a view that starts, reconnects or saw a gap in `seq`. */
export interface FullSnapshot {
  seq: number;
  takenAt: number;
  rows: Endpoint[];
  status: MonitorStatus;
}

/** One tick: the change since the previous table, and what the poll cost. */
export interface DeltaEvent {
  delta: Delta;
  poll: PollReport;
}

/** What the app is and may do, for Help > About and for showing actions. */
export interface AppInfo {
  name: string;
  version: string;
  /** `desktop` (Electron) or `serve` (a browser through `sockscope serve`). */
  mode: 'desktop' | 'serve';
  /** Runtime versions, e.g. { node: '20.20.2', electron: '45.4.1', chrome: '…' }. */
  versions: Record<string, string>;
  platform: string;
  /** Whether this process runs as root / administrator. */
  elevated: boolean;
  /**
   * Which actions on processes and sockets this main side offers, and why
   * one is not (serve mode allows them only when started with --allow-kill).
   */
  actions: ActionsInfo;
}

/** Commands the application menu sends to the view (they act on the view's own state). */
export const MENU_COMMANDS = [
  'export-csv',
  'export-json',
  'toggle-pause',
  'refresh',
  'choose-columns',
  'theme-system',
  'theme-light',
  'theme-dark',
  'show-about',
  'focus-filter',
] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

/** Requests: name -> argument tuple and result. */
export interface RequestMap {
  /** The whole current table and status. */
  snapshot: { args: []; result: FullSnapshot };
  /** Sets the poll interval (ms); refused with an error unless a number in range. */
  setInterval: { args: [intervalMs: number]; result: MonitorStatus };
  pause: { args: []; result: MonitorStatus };
  resume: { args: []; result: MonitorStatus };
  /** Polls now, also while paused; the change arrives as a `delta` event. */
  refresh: { args: []; result: MonitorStatus };
  info: { args: []; result: AppInfo };
  /**
   * Signals the process with this identity; refused unless it owns a row of
   * the current snapshot and passes every rule in shared/actions.ts. With
   * SIGTERM the reply waits up to ActionsInfo.killGraceMs for the exit.
   */
  kill: { args: [request: KillRequest]; result: KillOutcome };
  /** Closes the TCP connection of one row (its socket as the main side's snapshot has it). */
  closeConnection: { args: [request: CloseConnectionRequest]; result: CloseConnectionOutcome };
}

/** Events: name -> payload. */
export interface EventMap {
  delta: DeltaEvent;
  status: MonitorStatus;
  /** Desktop only: an application menu item was chosen. */
  menu: MenuCommand;
}

export type RequestName = keyof RequestMap;
export type RequestArgs<K extends RequestName> = RequestMap[K]['args'];
export type RequestResult<K extends RequestName> = RequestMap[K]['result'];
export type EventName = keyof EventMap;

/** Every request name, for building bridges and checking names at run time. */
export const REQUEST_NAMES = [
  'snapshot',
  'setInterval',
  'pause',
  'resume',
  'refresh',
  'info',
  'kill',
  'closeConnection',
] as const satisfies readonly RequestName[];
export const EVENT_NAMES = ['delta', 'status', 'menu'] as const satisfies readonly EventName[];

// Each list must name every key of its map: a channel added to a map and missed here fails to compile.
type AssertNever<T extends never> = T;
type _EveryRequestListed = AssertNever<Exclude<RequestName, (typeof REQUEST_NAMES)[number]>>;
type _EveryEventListed = AssertNever<Exclude<EventName, (typeof EVENT_NAMES)[number]>>;

/** A request's outcome as it crosses a process boundary: errors travel as messages, not exceptions. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * The object the Electron preload exposes as `window.sockscope`: one named
 * function per request, and `onX(listener)` per event, returning an
 * unsubscribe function. Listeners receive the payload only.
 */
export type SockscopeBridge = {
  [K in RequestName]: (...args: RequestArgs<K>) => Promise<Reply<RequestResult<K>>>;
} & {
  [K in EventName as `on${Capitalize<K>}`]: (listener: (payload: EventMap[K]) => void) => () => void;
};

/** The Electron IPC channel of a request or an event: the only place channel strings are made. */
export function ipcChannel(kind: 'request' | 'event', name: RequestName | EventName): string {
  return `sockscope:${kind}:${name}`;
}
