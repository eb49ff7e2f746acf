/**
 * Actions on what the grid shows: kill the process that owns a row, close
 * one TCP connection. The requests, their outcomes and what the main side
 * offers travel in these types (see RequestMap in protocol.ts); the main
 * side decides everything again from its own snapshot, so a view only names
 * what it saw.
 */

/** Whether an action can run here, and if not, why (shown as the button's tooltip). */
export interface ActionAvailability {
  available: boolean;
  /** Set when not available, e.g. "closing a connection needs administrator rights (CAP_NET_ADMIN)". */
  reason?: string;
}

/** What a main side offers: AppInfo.actions. */
export interface ActionsInfo {
  /**
   * False when this main side has no actions at all (serve mode without
   * --allow-kill): views show no controls for them, rather than controls that
   * can never work. When true, each action says whether it can run here.
   */
  offered: boolean;
  /** Kill the owning process. Serve mode: only with --allow-kill. */
  kill: ActionAvailability;
  /** Close one TCP connection (SOCK_DESTROY on Linux): probed once at start. */
  closeConnection: ActionAvailability;
  /** "Retry as administrator" after EPERM (pkexec on Linux); unavailable when pkexec is missing. */
  elevate: ActionAvailability;
  /** Milliseconds the main side waits after SIGTERM before it reports "still running" (default 3000). */
  killGraceMs: number;
}

/** ActionsInfo.killGraceMs unless the main side is told otherwise. */
export const DEFAULT_KILL_GRACE_MS = 3000;

/** An ActionsInfo offering nothing, each action with the same reason (serve without --allow-kill, tests). */
export function noActions(reason: string, killGraceMs = DEFAULT_KILL_GRACE_MS): ActionsInfo {
  const unavailable = { available: false, reason };
  return {
    offered: false,
    kill: unavailable,
    closeConnection: unavailable,
    elevate: unavailable,
    killGraceMs,
  };
}

/** The signals a view may ask for: SIGTERM first, SIGKILL only after the user's yes. */
export const KILL_SIGNALS = ['SIGTERM', 'SIGKILL'] as const;
export type KillSignal = (typeof KILL_SIGNALS)[number];

/** Kill the process with this identity, as the view's snapshot showed it. */
export interface KillRequest {
  pid: number;
  /** ProcessOwner.startTime (clock ticks since boot): with pid, the process's identity. */
  startTime: number;
  signal: KillSignal;
  /** Send it through the privileged helper (pkexec): only after an EPERM outcome offered it. */
  asAdministrator: boolean;
}

/** Why a kill was refused, for tests and for choosing what the dialog offers. */
export type KillRefusal =
  /** pid <= 1. */
  | 'protected-pid'
  /** Sockscope's own processes (main, renderer, helpers). */
  | 'own-process'
  | 'kernel-thread'
  /** The pid owns no row of the current snapshot. */
  | 'not-in-snapshot'
  /** The pid now belongs to another process (its start time differs). */
  | 'identity-changed'
  /** EPERM: `user` owns it; `canElevate` says whether "Retry as administrator" is offered. */
  | 'not-permitted'
  /** The administrator retry could not run or was declined (pkexec missing, authentication failed). */
  | 'elevation-failed'
  /** This main side does not allow kills (serve without --allow-kill). */
  | 'not-allowed'
  /** Anything else: the message says what. */
  | 'failed';

/** What came of a kill request. `message` is a sentence for the dialog. */
export type KillOutcome =
  /** The process exited after the signal. */
  | { kind: 'exited'; pid: number; signal: KillSignal; message: string }
  /** SIGTERM was delivered but the process is still alive after the grace period: offer "Force kill". */
  | { kind: 'still-running'; pid: number; signal: KillSignal; graceMs: number; message: string }
  /** ESRCH: it had exited before the signal. */
  | { kind: 'already-exited'; pid: number; message: string }
  | {
      kind: 'refused';
      pid: number;
      refusal: KillRefusal;
      message: string;
      /** For not-permitted: the owner's user name. */
      user?: string;
      /** For not-permitted: whether "Retry as administrator" can be offered. */
      canElevate?: boolean;
    };

/** Close the TCP connection shown in the row with this key, as the view saw it. */
export interface CloseConnectionRequest {
  key: string;
  /** The row's socket cookie as the view saw it (netlink), so a newer socket under the same key is never hit. */
  cookie?: string;
  /** The row's inode as the view saw it. */
  inode: number;
}

/** Why closing a connection was refused. */
export type CloseRefusal =
  | 'not-in-snapshot'
  /** UDP, or a TCP state that cannot be closed (LISTEN, TIME_WAIT, ...). */
  | 'not-closable'
  /** The row's key now names another socket (ports reused): the user's connection is already gone. */
  | 'stale'
  /** EPERM: needs CAP_NET_ADMIN. */
  | 'not-permitted'
  /** EOPNOTSUPP: the kernel lacks CONFIG_INET_DIAG_DESTROY (or the platform has no way). */
  | 'unsupported'
  /** The socket closed before the request reached the kernel. */
  | 'gone'
  | 'not-allowed'
  | 'failed';

export type CloseConnectionOutcome =
  | { kind: 'closed'; key: string; message: string }
  | { kind: 'refused'; key: string; refusal: CloseRefusal; message: string };

/** TCP states whose connection can be closed: the ones with a peer and a live socket. */
export const CLOSABLE_TCP_STATES = [
  'ESTABLISHED',
  'SYN_SENT',
  'SYN_RECV',
  'FIN_WAIT1',
  'FIN_WAIT2',
  'CLOSE_WAIT',
  'LAST_ACK',
  'CLOSING',
] as const;

/** Whether a row's protocol and state allow "Close connection". */
export function isClosable(row: { proto: string; state: string }): boolean {
  return row.proto === 'tcp' && (CLOSABLE_TCP_STATES as readonly string[]).includes(row.state);
}
