import { TCP_STATES, type TcpState } from '../../../shared/endpoint.js';

/**
 * TCP state names by the kernel's number (include/net/tcp_states.h), as
 * /proc/net/tcp and sock_diag report them: TCP_STATES is in the kernel's
 * order from 1, and 12, TCP_NEW_SYN_RECV (a request socket), is SYN_RECV to
 * everyone else. 256 entries, so any u8 is in bounds; undefined for a number
 * that is not a state.
 */
export const TCP_STATE_BY_CODE: readonly (TcpState | undefined)[] = Array.from({ length: 256 }, (_, code) =>
  code === 12 ? 'SYN_RECV' : TCP_STATES[code - 1],
);
