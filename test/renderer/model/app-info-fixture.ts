/** AppInfo as the main sides send it, with the row actions they offer. */
import { noActions, type ActionsInfo } from '../../../shared/actions.js';
import type { AppInfo } from '../../../shared/protocol.js';

/** Everything offered, elevation included (a desktop app with pkexec and CAP_NET_ADMIN). */
export const ALL_ACTIONS: ActionsInfo = {
  offered: true,
  kill: { available: true },
  closeConnection: { available: true },
  elevate: { available: true },
  killGraceMs: 3000,
};

/** The info of a main side in `mode` offering `actions` (all of them by default). */
export function appInfo(mode: AppInfo['mode'], actions: Partial<ActionsInfo> = {}): AppInfo {
  return {
    name: 'sockscope',
    version: '0.1.0',
    mode,
    versions: { node: '20' },
    platform: 'linux',
    elevated: false,
    actions: { ...ALL_ACTIONS, ...actions },
  };
}

/** `sockscope serve` without --allow-kill, as the main side words it. */
export const SERVE_WITHOUT_FLAG = appInfo(
  'serve',
  noActions('sockscope serve was started without --allow-kill'),
);
