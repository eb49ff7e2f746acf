/**
 * Numbers and layouts of the netlink sock_diag protocol, from the kernel's
 * uapi headers (linux/netlink.h, linux/sock_diag.h, linux/inet_diag.h).
 */

/** struct nlmsghdr: len u32, type u16, flags u16, seq u32, pid u32. */
export const NLMSG_HDRLEN = 16;

/** Message types every netlink family shares (NLMSG_NOOP, 1, is skipped like any other). */
export const NLMSG_ERROR = 2;
export const NLMSG_DONE = 3;
export const NLMSG_OVERRUN = 4;

/** The NETLINK_SOCK_DIAG request and answer type. */
export const SOCK_DIAG_BY_FAMILY = 20;
/** The original inet_diag request for TCP (both families at once); its answers carry an inet_diag_msg too. */
export const TCPDIAG_GETSOCK = 18;

/** nlmsghdr flag: the dump's tables changed while it was being made: sockets may be missing or repeated. */
export const NLM_F_DUMP_INTR = 0x10;

/** sizeof(struct inet_diag_msg). */
export const INET_DIAG_MSG_SIZE = 72;

/** Attribute types after an inet_diag_msg (enum in linux/inet_diag.h). */
export const INET_DIAG_INFO = 2;

/** Address families (linux/socket.h). */
export const AF_UNSPEC = 0;
export const AF_INET = 2;
export const AF_INET6 = 10;

/** Protocols (linux/in.h). */
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;

/** Every TCP state in an inet_diag_req_v2 `idiag_states` mask (states 1..12). */
export const ALL_TCP_STATES_MASK = 0x1ffe;

/** errno values the decoder reports itself. */
export const ENOBUFS = 105;
export const EBADMSG = 74;

/** Rounds a message or attribute length up to the 4-byte boundary (NLMSG_ALIGN, RTA_ALIGN). */
export function netlinkAlign(length: number): number {
  return (length + 3) & ~3;
}
