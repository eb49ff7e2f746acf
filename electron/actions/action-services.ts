/**
 * The actions a main side offers, decided once at start, and the services
 * that carry them out. The desktop app and `sockscope serve` both build
 * theirs here, so what the view is told (ActionsInfo, in AppInfo) and what
 * the server accepts come from the same decision.
 *
 *   desktop:               kill; close a connection if the probe allows it;
 *                          the administrator retry if pkexec and the helper exist.
 *   serve:                 nothing: the server refuses both requests.
 *   serve --allow-kill:    as the desktop, without the administrator retry
 *                          (no desktop session to ask for a password on).
 */
import {
  DEFAULT_KILL_GRACE_MS,
  noActions,
  type ActionAvailability,
  type ActionsInfo,
} from '../../shared/actions.js';
import type { EndpointTable } from '../../shared/delta.js';
import type { NativeAddon } from '../collectors/linux/native-addon.js';
import {
  destroySocket,
  probeSockDestroy,
  type DestroyResult,
  type SocketId,
} from '../collectors/linux/sock-destroy.js';
import type { ActionHandlers } from './action-handlers.js';
import { CloseConnectionService } from './close-connection-service.js';
import {
  elevationAvailability,
  killElevation,
  noElevation,
  type KillElevationOptions,
} from './kill-elevation.js';
import { KillService } from './kill-service.js';

/** The reason every action gives in serve mode without the flag. */
export const SERVE_WITHOUT_ALLOW_KILL = 'sockscope serve was started without --allow-kill';

/** Why serve mode never offers the administrator retry. */
export const SERVE_CANNOT_ELEVATE =
  'sockscope serve cannot ask for administrator rights: there is no desktop session to show a password ' +
  "dialog on (run it as the processes' owner, or as root)";

/** The part of the Monitor the actions use. */
export interface ActionMonitor {
  readonly table: EndpointTable;
  refresh(): Promise<unknown>;
}

export interface ActionServicesOptions {
  mode: 'desktop' | 'serve';
  /** Serve mode only: whether --allow-kill was given. */
  allowKill?: boolean;
  monitor: ActionMonitor;
  /** Sockscope's other processes (Electron's helpers); this process is always included. */
  ownPids?: () => Iterable<number>;
  /** Grace period after SIGTERM; default 3000 ms. */
  killGraceMs?: number;
  /** Default process.platform. */
  platform?: NodeJS.Platform;
  /** For tests: the capability probe and the socket destroyer (default probeSockDestroy, destroySocket). */
  probeSockDestroy?: () => { available: boolean; reason?: string };
  destroySocket?: (id: SocketId) => DestroyResult;
  /** For tests: where pkexec and the helper are, and how the helper runs. */
  elevation?: KillElevationOptions;
  /** For tests: another /proc, and the native addon (null: none). */
  procRoot?: string;
  addon?: NativeAddon | null;
}

export interface ActionServices {
  /** What the view is told (AppInfo.actions). */
  info: ActionsInfo;
  /** The services behind the requests; null when no action is allowed (MonitorService then refuses them). */
  handlers: ActionHandlers | null;
}

/** Decides what this main side offers and builds the services for it. */
export function createActionServices(options: ActionServicesOptions): ActionServices {
  const killGraceMs = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  if (options.mode === 'serve' && options.allowKill !== true) {
    return { info: noActions(SERVE_WITHOUT_ALLOW_KILL, killGraceMs), handlers: null };
  }
  const { monitor, addon } = options;
  const refresh = (): void => void monitor.refresh().catch(() => undefined);
  const elevation =
    options.mode === 'serve' ? noElevation(SERVE_CANNOT_ELEVATE) : killElevation(options.elevation ?? {});
  const close = closeCapability(options);

  const kill = new KillService({
    table: () => monitor.table,
    ownPids: options.ownPids,
    killGraceMs,
    elevation,
    onExit: refresh,
    procRoot: options.procRoot,
    addon,
  });
  const closer = new CloseConnectionService({
    table: () => monitor.table,
    destroy: close.destroy,
    availability: close.availability,
    onClosed: refresh,
  });
  return {
    info: {
      offered: true,
      kill: { available: true },
      closeConnection: close.availability,
      elevate: elevationAvailability(elevation),
      killGraceMs,
    },
    handlers: {
      kill: (request) => kill.kill(request),
      closeConnection: (request) => closer.closeConnection(request),
    },
  };
}

/** Whether sockets can be destroyed here (probed once), and the function that does it. */
function closeCapability(options: ActionServicesOptions): {
  availability: ActionAvailability;
  destroy: ((id: SocketId) => DestroyResult) | null;
} {
  const platform = options.platform ?? process.platform;
  if (platform !== 'linux') {
    return {
      availability: { available: false, reason: `closing a connection is not supported on ${platform} yet` },
      destroy: null,
    };
  }
  const { addon } = options;
  const probe = options.probeSockDestroy?.() ?? probeSockDestroy(addon);
  const destroy = options.destroySocket ?? ((id: SocketId) => destroySocket(id, addon));
  const availability: ActionAvailability = probe.available
    ? { available: true }
    : { available: false, reason: probe.reason ?? 'closing a connection is not possible here' };
  return { availability, destroy };
}
