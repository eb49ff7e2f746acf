/*
 * Receive-ahead: a thread that reads one dump's datagrams off a netlink
 * socket into a queue while JavaScript decodes the ones already taken. The
 * kernel builds each datagram inside the recvmsg() that asks for it, so
 * receiving on a second thread moves that work (most of a dump's cost) off
 * the JavaScript thread and onto another core. Free of Node-API.
 *
 * Only the owning JavaScript thread calls these functions; while a
 * receive-ahead runs, only its thread touches the socket.
 */
#ifndef SOCKSCOPE_SOCK_DIAG_AHEAD_H
#define SOCKSCOPE_SOCK_DIAG_AHEAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct sock_diag_ahead;

/* A receive-ahead for socket fd, no thread running yet: NULL when memory or an eventfd ran out. */
struct sock_diag_ahead *sock_diag_ahead_new(int fd);

/*
 * Starts a thread receiving the answer to request `seq`, until the message
 * that ends it (NLMSG_DONE, an NLMSG_ERROR with an error, NLMSG_OVERRUN), a
 * receive error, or sock_diag_ahead_stop. Returns 0, or -errno with nothing
 * started (-EBUSY: a thread is running).
 */
int sock_diag_ahead_start(struct sock_diag_ahead *ahead, uint32_t seq);

/* Whether a thread was started and not stopped since. */
bool sock_diag_ahead_running(const struct sock_diag_ahead *ahead);

/*
 * Takes the next datagram, waiting for it, with the semantics of
 * sock_diag_receive: its length (copied to buffer), -ENOBUFS with *needed set
 * when it does not fit room (left queued), or the thread's -errno once the
 * datagrams before the error are taken. Sets *drained instead when the
 * thread has finished and everything it received was taken: the caller stops
 * it and reads the socket itself.
 */
ssize_t sock_diag_ahead_take(struct sock_diag_ahead *ahead, uint8_t *buffer, size_t room, int *flags,
                             int *needed, bool *drained);

/*
 * Ends the thread, if one runs, and waits for it; what it received and
 * nobody took is dropped. With `drain` it first reads the rest of its dump
 * (dropping it), so the kernel takes the socket's next request (it refuses
 * one with EBUSY while a dump is unfinished); it stops as soon as it would
 * have to wait. Without, it stops at once.
 */
void sock_diag_ahead_stop(struct sock_diag_ahead *ahead, bool drain);

/* Stops the thread and frees everything. */
void sock_diag_ahead_free(struct sock_diag_ahead *ahead);

#endif
