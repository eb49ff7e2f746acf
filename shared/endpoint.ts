/**
 * The model: one row per socket endpoint, as every part of Sockscope sees it.
 * Plain data only (no classes, no Maps) so a row crosses IPC and JSON as is.
 */

/** Every TCP state the kernel reports, with netstat's names. */
export const TCP_STATES = [
  'ESTABLISHED',
  'SYN_SENT',
  'SYN_RECV',
  'FIN_WAIT1',
  'FIN_WAIT2',
  'TIME_WAIT',
  'CLOSE',
  'CLOSE_WAIT',
  'LAST_ACK',
  'LISTEN',
  'CLOSING',
] as const;
export type TcpState = (typeof TCP_STATES)[number];

/** UDP has no connection state: a socket is connected (has a fixed peer) or not. */
export const UDP_STATES = ['UNCONNECTED', 'CONNECTED'] as const;
export type UdpState = (typeof UDP_STATES)[number];

export type EndpointState = TcpState | UdpState;
export const ENDPOINT_STATES: readonly EndpointState[] = [...TCP_STATES, ...UDP_STATES];

export type Protocol = 'tcp' | 'udp';
export type IpFamily = 4 | 6;

/** The process that holds a socket's file descriptor. */
export interface ProcessOwner {
  kind: 'process';
  pid: number;
  /** Short name (comm), e.g. "sshd". */
  name: string;
  /** Executable path; null when it cannot be read (not permitted, kernel thread). */
  exe: string | null;
  /** Command line, arguments joined by spaces; empty for kernel threads. */
  cmdline: string;
  uid: number;
  /** User name for `uid`, or the uid as text when it has no name. */
  user: string;
  /** Start time in clock ticks since boot (/proc/PID/stat field 22): with `pid`, the process's identity. */
  startTime: number;
  /** Start time as milliseconds since the epoch. */
  startedAt: number;
}

/**
 * Why a socket has no known owner:
 * - `not-permitted`: some processes could not be inspected (run as root to see them);
 * - `no-process`: no process holds a descriptor for it (the kernel keeps it, or it is being closed);
 * - `kernel`: the socket has no inode (TIME_WAIT, SYN_RECV) and no owner was seen before.
 */
export type UnknownOwnerReason = 'not-permitted' | 'no-process' | 'kernel';

export interface UnknownOwner {
  kind: 'unknown';
  reason: UnknownOwnerReason;
}

export type Owner = ProcessOwner | UnknownOwner;

/**
 * Per-connection counters from the kernel's tcp_info. Absent where the collector
 * cannot read them (the /proc collector) and for UDP.
 */
export interface SocketCounters {
  /** Bytes sent and acknowledged by the peer (tcpi_bytes_acked). */
  bytesSent?: number;
  /** Bytes received (tcpi_bytes_received). */
  bytesReceived?: number;
  segsOut?: number;
  segsIn?: number;
  /** Total retransmitted segments. */
  retrans?: number;
  /** Smoothed round-trip time in milliseconds. */
  rttMs?: number;
  rttVarMs?: number;
  /** Delivery rate in bytes per second, where the kernel gives it. */
  deliveryRate?: number;
}

/** One socket exactly as a collector reads it from the OS. */
export interface SocketRow extends SocketCounters {
  proto: Protocol;
  family: IpFamily;
  localAddress: string;
  localPort: number;
  /** `0.0.0.0` / `::` with port 0 when the socket has no peer. */
  remoteAddress: string;
  remotePort: number;
  state: EndpointState;
  recvQ: number;
  sendQ: number;
  uid: number;
  /** Socket inode; 0 when no file holds the socket (TIME_WAIT, SYN_RECV). */
  inode: number;
  /**
   * The kernel's socket cookie, 16 lowercase hex digits (a u64 as text: a
   * number would lose bits). Unlike the inode it names one socket for its
   * whole life, TIME_WAIT included, and is never reused: what tells two
   * sockets on the same ports apart, and what closing a connection targets.
   * Only the netlink collector reads it.
   */
  cookie?: string;
}

/** A socket row with its owner, as a collector's snapshot holds it. */
export interface OwnedSocketRow extends SocketRow {
  owner: Owner;
}

/** Bytes per second since the previous poll, from counter differences. */
export interface SocketRates {
  sendRate?: number;
  recvRate?: number;
}

/** One row of the live table. */
export interface Endpoint extends OwnedSocketRow, SocketRates {
  /** Stable across polls for the same socket: see `rowKey`. */
  key: string;
  /** When this socket was first seen, in milliseconds since the epoch. */
  firstSeen: number;
}

/** The counter fields of a socket row, all optional. */
export const COUNTER_FIELDS = [
  'bytesSent',
  'bytesReceived',
  'segsOut',
  'segsIn',
  'retrans',
  'rttMs',
  'rttVarMs',
  'deliveryRate',
] as const satisfies readonly (keyof SocketCounters)[];

/** Fields of an Endpoint that may be absent; a delta can clear them. */
export const OPTIONAL_ENDPOINT_FIELDS = [
  'cookie',
  ...COUNTER_FIELDS,
  'sendRate',
  'recvRate',
] as const satisfies readonly (keyof Endpoint)[];
export type OptionalEndpointField = (typeof OPTIONAL_ENDPOINT_FIELDS)[number];
