/*
 * The syscalls of a NETLINK_SOCK_DIAG dump (see sock-diag-io.h). Each
 * datagram is peeked first so a receive never cuts one (iproute2's
 * libnetlink does the same).
 */
#include "sock-diag-io.h"

#include <errno.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

/* The kernel fills dump datagrams up to 32 KiB; a large buffer keeps a burst from overrunning. */
#define RECEIVE_BUFFER (1 << 20)
/* A kernel that stays silent this long is not going to answer: the poll fails instead of hanging. */
#define RECEIVE_TIMEOUT_MS 2000
/* How many receive timeouts in a row before giving up on the dump. */
#define TIMEOUT_RETRIES 2
/*
 * With this much room no dump datagram is cut (the kernel fills them up to
 * 32 KiB), so none is peeked at first: a syscall less per datagram.
 */
#define ROOM_WITHOUT_PEEK (64u << 10)

int sock_diag_open_socket(void) {
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  if (fd < 0) return -errno;
  int size = RECEIVE_BUFFER;
  /* Best effort: net.core.rmem_max may cap it, and a smaller buffer still works. */
  (void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
  struct timeval timeout = {RECEIVE_TIMEOUT_MS / 1000, (RECEIVE_TIMEOUT_MS % 1000) * 1000};
  if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout)) != 0) {
    int error = errno;
    close(fd);
    return -error;
  }
  struct sockaddr_nl local = {.nl_family = AF_NETLINK};
  if (bind(fd, (struct sockaddr *)&local, sizeof(local)) != 0) {
    int error = errno;
    close(fd);
    return -error;
  }
  return fd;
}

/* Sends `message` (size bytes) to the kernel, retrying EINTR: 0 or -errno. */
static int send_to_kernel(int fd, const void *message, size_t size) {
  struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
  for (;;) {
    ssize_t sent = sendto(fd, message, size, 0, (struct sockaddr *)&kernel, sizeof(kernel));
    if (sent == (ssize_t)size) return 0;
    if (sent >= 0) return -EMSGSIZE;
    if (errno != EINTR) return -errno;
  }
}

/* The largest request: header and the bigger request struct. */
#define REQUEST_ROOM (NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(struct inet_diag_req)) + NLMSG_ALIGN(sizeof(struct inet_diag_req_v2)))

int sock_diag_send_request(int fd, uint8_t family, uint8_t protocol, uint32_t states, uint8_t ext,
                           uint32_t seq) {
  union {
    struct nlmsghdr header;
    uint8_t bytes[REQUEST_ROOM];
  } message;
  memset(&message, 0, sizeof(message));
  uint8_t *body = message.bytes + NLMSG_HDRLEN;
  size_t size = NLMSG_HDRLEN;
  if (family == AF_UNSPEC && protocol == IPPROTO_TCP) {
    /*
     * The original TCPDIAG_GETSOCK request (struct inet_diag_req): the kernel
     * answers it for TCP with IPv4 and IPv6 sockets together, in one walk of
     * its socket tables instead of one walk per family.
     */
    struct inet_diag_req *request = (struct inet_diag_req *)body;
    message.header.nlmsg_type = TCPDIAG_GETSOCK;
    request->idiag_family = AF_INET;
    request->idiag_ext = ext;
    request->idiag_states = states;
    request->id.idiag_cookie[0] = INET_DIAG_NOCOOKIE;
    request->id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;
    size += NLMSG_ALIGN(sizeof(*request));
  } else {
    struct inet_diag_req_v2 *request = (struct inet_diag_req_v2 *)body;
    message.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
    request->sdiag_family = family;
    request->sdiag_protocol = protocol;
    request->idiag_ext = ext;
    request->idiag_states = states;
    request->id.idiag_cookie[0] = INET_DIAG_NOCOOKIE;
    request->id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;
    size += NLMSG_ALIGN(sizeof(*request));
  }
  message.header.nlmsg_len = (uint32_t)size;
  message.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  message.header.nlmsg_seq = seq;
  return send_to_kernel(fd, &message, size);
}

/* The next datagram's full length, nothing copied: length or -errno. */
static ssize_t peek_length(int fd, int flags) {
  for (;;) {
    ssize_t length = recv(fd, NULL, 0, MSG_PEEK | MSG_TRUNC | flags);
    if (length >= 0 || errno != EINTR) return length >= 0 ? length : -errno;
  }
}

ssize_t sock_diag_read(int fd, uint8_t *buffer, size_t room, int *flags, bool *from_kernel) {
  for (;;) {
    struct sockaddr_nl from;
    struct iovec iov = {.iov_base = buffer, .iov_len = room};
    struct msghdr message = {
        .msg_name = &from, .msg_namelen = sizeof(from), .msg_iov = &iov, .msg_iovlen = 1};
    /* MSG_TRUNC: the datagram's full length, should it be longer than room. */
    ssize_t got = recvmsg(fd, &message, MSG_TRUNC);
    if (got < 0) {
      if (errno == EINTR) continue;
      return -errno;
    }
    /* Only the kernel (port 0) answers a dump; anything else on our port is not ours to decode. */
    *from_kernel = message.msg_namelen == sizeof(from) && from.nl_family == AF_NETLINK && from.nl_pid == 0;
    *flags = message.msg_flags;
    return got;
  }
}

ssize_t sock_diag_receive(int fd, uint8_t *buffer, size_t room, int *flags, int *needed) {
  int timeouts = 0;
  for (;;) {
    if (room < ROOM_WITHOUT_PEEK) {
      ssize_t length = peek_length(fd, 0);
      if (length == -EAGAIN && ++timeouts <= TIMEOUT_RETRIES) continue;
      if (length < 0) return length;
      if ((size_t)length > room) {
        *needed = length > INT32_MAX ? INT32_MAX : (int)length;
        return -ENOBUFS;
      }
    }
    bool from_kernel = false;
    ssize_t got = sock_diag_read(fd, buffer, room, flags, &from_kernel);
    if (got == -EAGAIN && ++timeouts <= TIMEOUT_RETRIES) continue;
    if (got < 0) return got;
    if (!from_kernel) continue;
    if ((size_t)got <= room) return got;
    /* Longer than even the unpeeked room: cut, and the kernel said so (MSG_TRUNC in flags). */
    *needed = got > INT32_MAX ? INT32_MAX : (int)got;
    return (ssize_t)room;
  }
}

ssize_t sock_diag_wait(int fd, int wake_fd) {
  int timeouts = 0;
  for (;;) {
    ssize_t length = peek_length(fd, MSG_DONTWAIT);
    if (length != -EAGAIN) return length;
    struct pollfd fds[2] = {{.fd = fd, .events = POLLIN}, {.fd = wake_fd, .events = POLLIN}};
    int ready = poll(fds, 2, RECEIVE_TIMEOUT_MS);
    if (ready < 0) {
      if (errno == EINTR) continue;
      return -errno;
    }
    if (ready > 0 && fds[1].revents != 0) return -ECANCELED;
    if (ready == 0 && ++timeouts > TIMEOUT_RETRIES) return -EAGAIN;
  }
}

bool sock_diag_ends_dump(const uint8_t *bytes, size_t length, uint32_t seq) {
  size_t at = 0;
  while (length - at >= sizeof(struct nlmsghdr)) {
    struct nlmsghdr header;
    memcpy(&header, bytes + at, sizeof(header));
    if (header.nlmsg_len < sizeof(header) || header.nlmsg_len > length - at) return false;
    if (header.nlmsg_seq == seq) {
      if (header.nlmsg_type == NLMSG_DONE || header.nlmsg_type == NLMSG_OVERRUN) return true;
      if (header.nlmsg_type == NLMSG_ERROR) {
        /* An error whose code cannot be read ends the request too. */
        int32_t error = -EBADMSG;
        if (header.nlmsg_len >= sizeof(header) + sizeof(error)) {
          memcpy(&error, bytes + at + sizeof(header), sizeof(error));
        }
        if (error != 0) return true;
      }
    }
    size_t next = NLMSG_ALIGN(header.nlmsg_len);
    if (next >= length - at) return false;
    at += next;
  }
  return false;
}
