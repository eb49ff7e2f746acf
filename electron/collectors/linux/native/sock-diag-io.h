/*
 * The syscalls of a NETLINK_SOCK_DIAG dump, and how to see where its answer
 * ends, free of Node-API so both the JavaScript thread (sock-diag.c) and a
 * receive-ahead thread (sock-diag-ahead.c) can use them. Every function
 * returns -errno on failure and retries EINTR itself.
 */
#ifndef SOCKSCOPE_SOCK_DIAG_IO_H
#define SOCKSCOPE_SOCK_DIAG_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* A bound NETLINK_SOCK_DIAG socket with a large receive buffer and a receive timeout: fd or -errno. */
int sock_diag_open_socket(void);

/*
 * Sends one dump request: TCPDIAG_GETSOCK for family AF_UNSPEC with TCP (both
 * families in one walk), else SOCK_DIAG_BY_FAMILY. Returns 0 or -errno.
 */
int sock_diag_send_request(int fd, uint8_t family, uint8_t protocol, uint32_t states, uint8_t ext,
                           uint32_t seq);

/*
 * Reads the next datagram from the kernel into buffer (room bytes), waiting
 * through the socket's receive timeout a few times. Returns its length, or
 * -errno. Below 64 KiB of room it is peeked at first: -ENOBUFS with *needed
 * set when it does not fit (left unread). With more (more than the kernel
 * puts in a dump datagram) it is read at once: a longer one would come cut,
 * MSG_TRUNC in *flags and its length in *needed. Datagrams from another
 * sender are read and dropped.
 */
ssize_t sock_diag_receive(int fd, uint8_t *buffer, size_t room, int *flags, int *needed);

/*
 * Waits for the next datagram without consuming it: its length, -ECANCELED
 * as soon as `wake_fd` is readable, or -errno (-EAGAIN after the same
 * timeouts as sock_diag_receive).
 */
ssize_t sock_diag_wait(int fd, int wake_fd);

/*
 * Reads the next datagram into buffer (room bytes). Returns its full length
 * (more than room: it was cut, MSG_TRUNC in *flags) and sets *from_kernel
 * (false: another sender's, to be dropped), or -errno.
 */
ssize_t sock_diag_read(int fd, uint8_t *buffer, size_t room, int *flags, bool *from_kernel);

/*
 * Whether a datagram (length bytes) holds the message that ends the answer
 * to request `seq` (NLMSG_DONE, an NLMSG_ERROR with an error, NLMSG_OVERRUN),
 * by the rules of SockDiagDecoder.push: a malformed header ends the datagram,
 * not the dump.
 */
bool sock_diag_ends_dump(const uint8_t *bytes, size_t length, uint32_t seq);

#endif
