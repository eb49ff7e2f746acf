/*
 * Closes one TCP socket the way `ss -K` does: a SOCK_DESTROY request over
 * NETLINK_SOCK_DIAG naming the socket's exact id. The kernel aborts it
 * (tcp_abort: its owner's next read or write fails with ECONNABORTED, the
 * peer gets a reset). The id includes the socket cookie, so a newer socket
 * that reuses the same addresses and ports is never hit: the kernel answers
 * ENOENT for it instead (ESTALE on some versions). Each call opens its own
 * netlink socket and closes it:
 * this runs once per user action, never per poll.
 *
 * sockDestroy(family, localAddr, localPort, remoteAddr, remotePort, cookieHi, cookieLo): 0 | -errno
 *   family AF_INET (2) with 4-byte addresses or AF_INET6 (10) with 16-byte
 *   ones (IPv4-mapped ones are looked up among IPv4 sockets by the kernel),
 *   as Uint8Arrays in network order; ports in host order. The cookie's two
 *   32-bit halves as the dump gave them (idiag_cookie[1], idiag_cookie[0]);
 *   both 0xffffffff means "any socket with this id", which callers avoid.
 *   -ENOENT: no such socket, or (current kernels) the cookie names another
 *   one; -ESTALE: the cookie names another socket (older kernels);
 *   -EPERM: CAP_NET_ADMIN is needed; -EOPNOTSUPP: the kernel was built
 *   without CONFIG_INET_DIAG_DESTROY.
 * sockDiagLookup(family, localAddr, localPort, remoteAddr, remotePort, out: Uint32Array(4)): 0 | -errno
 *   The one TCP socket with that id (SOCK_DIAG_BY_FAMILY without NLM_F_DUMP):
 *   out = [cookie high word, cookie low word, inode, state]. -ENOENT when
 *   there is none. Needs no privilege.
 *
 * Sockets bound to a device (SO_BINDTODEVICE) need its index in the id; it
 * is passed as 0 (any), which the kernel matches for unbound sockets only.
 * Errors are returned as -errno, bad arguments throw a TypeError; nothing
 * here aborts the process.
 */
#include <errno.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "addon.h"

/* The kernel answers one request with one short message: a stalled answer is a failure, not a wait. */
#define ANSWER_TIMEOUT_MS 2000
/* An inet_diag_msg and its few default attributes fit many times over. */
#define ANSWER_BUFFER 8192
/* Datagrams that are not our answer (none are expected on a fresh socket) tolerated before giving up. */
#define MAX_FOREIGN 16
/* Any sequence number works: the socket is ours alone and used for one request. */
#define REQUEST_SEQ 1

/* One socket's id as JavaScript named it. */
struct socket_id {
  uint8_t family;
  uint8_t local[16];
  uint8_t remote[16];
  uint16_t local_port;
  uint16_t remote_port;
  uint32_t cookie[2];
};

/* An address argument: a Uint8Array of exactly `size` bytes, copied into `out`. */
static bool address_argument(napi_env env, napi_value value, size_t size, uint8_t *out, const char *message) {
  size_t length = 0;
  void *data = NULL;
  if (!typed_array_argument(env, value, napi_uint8_array, &length, &data) || length != size) {
    throw_type_error(env, message);
    return false;
  }
  memcpy(out, data, size);
  return true;
}

/* The first five arguments (family, addresses, ports) into `id`, or false with a TypeError pending. */
static bool socket_id_arguments(napi_env env, napi_value *argv, struct socket_id *id) {
  uint32_t family, local_port, remote_port;
  if (!uint32_argument(env, argv[0], 0, 255, "sock_diag: family must be AF_INET or AF_INET6", &family)) {
    return false;
  }
  if (family != AF_INET && family != AF_INET6) {
    throw_type_error(env, "sock_diag: family must be AF_INET or AF_INET6");
    return false;
  }
  size_t size = family == AF_INET ? 4 : 16;
  memset(id, 0, sizeof(*id));
  id->family = (uint8_t)family;
  if (!address_argument(env, argv[1], size, id->local, "sock_diag: localAddr must be 4 or 16 bytes") ||
      !uint32_argument(env, argv[2], 0, 65535, "sock_diag: localPort must be 0 to 65535", &local_port) ||
      !address_argument(env, argv[3], size, id->remote, "sock_diag: remoteAddr must be 4 or 16 bytes") ||
      !uint32_argument(env, argv[4], 0, 65535, "sock_diag: remotePort must be 0 to 65535", &remote_port)) {
    return false;
  }
  id->local_port = (uint16_t)local_port;
  id->remote_port = (uint16_t)remote_port;
  id->cookie[0] = INET_DIAG_NOCOOKIE;
  id->cookie[1] = INET_DIAG_NOCOOKIE;
  return true;
}

static int open_socket(void) {
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  if (fd < 0) return -errno;
  struct timeval timeout = {ANSWER_TIMEOUT_MS / 1000, (ANSWER_TIMEOUT_MS % 1000) * 1000};
  struct sockaddr_nl local = {.nl_family = AF_NETLINK};
  if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout)) != 0 ||
      bind(fd, (struct sockaddr *)&local, sizeof(local)) != 0) {
    int error = errno;
    close(fd);
    return -error;
  }
  return fd;
}

/* Sends one request of `type` about `id`: 0 or -errno. */
static int send_request(int fd, uint16_t type, uint16_t flags, const struct socket_id *id) {
  struct {
    struct nlmsghdr header;
    struct inet_diag_req_v2 request;
  } message;
  memset(&message, 0, sizeof(message));
  message.header.nlmsg_len = sizeof(message);
  message.header.nlmsg_type = type;
  message.header.nlmsg_flags = flags;
  message.header.nlmsg_seq = REQUEST_SEQ;
  message.request.sdiag_family = id->family;
  message.request.sdiag_protocol = IPPROTO_TCP;
  /* An exact request ignores the state mask; every state, in case a kernel ever reads it. */
  message.request.idiag_states = ~0U;
  /* The id as the kernel keeps it: "src" is the local end, ports in network order. */
  message.request.id.idiag_sport = htons(id->local_port);
  message.request.id.idiag_dport = htons(id->remote_port);
  memcpy(message.request.id.idiag_src, id->local, sizeof(id->local));
  memcpy(message.request.id.idiag_dst, id->remote, sizeof(id->remote));
  message.request.id.idiag_if = 0;
  message.request.id.idiag_cookie[0] = id->cookie[0];
  message.request.id.idiag_cookie[1] = id->cookie[1];

  struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
  for (;;) {
    ssize_t sent = sendto(fd, &message, sizeof(message), 0, (struct sockaddr *)&kernel, sizeof(kernel));
    if (sent == (ssize_t)sizeof(message)) return 0;
    if (sent >= 0) return -EMSGSIZE;
    if (errno != EINTR) return -errno;
  }
}

/*
 * Reads the kernel's answer to our request into `buffer`: returns its
 * length, or -errno. Datagrams from anyone but the kernel, or about another
 * sequence number, are dropped.
 */
static ssize_t receive_answer(int fd, uint8_t *buffer, size_t room) {
  for (int foreign = 0; foreign <= MAX_FOREIGN;) {
    struct sockaddr_nl from;
    struct iovec iov = {.iov_base = buffer, .iov_len = room};
    struct msghdr message = {
        .msg_name = &from, .msg_namelen = sizeof(from), .msg_iov = &iov, .msg_iovlen = 1};
    ssize_t got = recvmsg(fd, &message, 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      /* The receive timeout: the kernel never answered. */
      if (errno == EAGAIN || errno == EWOULDBLOCK) return -ETIMEDOUT;
      return -errno;
    }
    if (message.msg_flags & MSG_TRUNC) return -EMSGSIZE;
    const struct nlmsghdr *header = (const struct nlmsghdr *)buffer;
    if (message.msg_namelen != sizeof(from) || from.nl_pid != 0 || (size_t)got < sizeof(*header) ||
        header->nlmsg_len < sizeof(*header) || header->nlmsg_len > (size_t)got ||
        header->nlmsg_seq != REQUEST_SEQ) {
      foreign++;
      continue;
    }
    return got;
  }
  return -EPROTO;
}

/* The errno of an NLMSG_ERROR answer (0 for an ack), or -EPROTO when it is too short. */
static int error_answer(const struct nlmsghdr *header) {
  if (header->nlmsg_len < NLMSG_LENGTH(sizeof(struct nlmsgerr))) return -EPROTO;
  const struct nlmsgerr *error = NLMSG_DATA(header);
  /* The kernel sends -errno; a positive value would be a protocol error. */
  return error->error <= 0 ? error->error : -EPROTO;
}

/* One request about `id` and its answer: 0 (with the socket's message in `found` for a lookup) or -errno. */
static int exchange(uint16_t type, uint16_t flags, const struct socket_id *id, struct inet_diag_msg *found) {
  int fd = open_socket();
  if (fd < 0) return fd;
  /* uint32_t elements keep the netlink headers in it aligned. */
  uint32_t buffer[ANSWER_BUFFER / sizeof(uint32_t)];
  int result = send_request(fd, type, flags, id);
  if (result == 0) {
    ssize_t got = receive_answer(fd, (uint8_t *)buffer, sizeof(buffer));
    const struct nlmsghdr *header = (const struct nlmsghdr *)buffer;
    if (got < 0) {
      result = (int)got;
    } else if (header->nlmsg_type == NLMSG_ERROR) {
      result = error_answer(header);
      /* A lookup answers with the socket's message: a bare ack would leave `found` unset. */
      if (result == 0 && found != NULL) result = -EPROTO;
    } else if (found != NULL && header->nlmsg_type == SOCK_DIAG_BY_FAMILY &&
               header->nlmsg_len >= NLMSG_LENGTH(sizeof(*found))) {
      memcpy(found, NLMSG_DATA(header), sizeof(*found));
      result = 0;
    } else {
      result = -EPROTO;
    }
  }
  close(fd);
  return result;
}

static napi_value sock_destroy_call(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value argv[7];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return NULL;
  if (argc < 7) return throw_type_error(env, "sockDestroy: seven arguments expected");
  struct socket_id id;
  uint32_t cookie_high, cookie_low;
  if (!socket_id_arguments(env, argv, &id) ||
      !uint32_argument(env, argv[5], 0, UINT32_MAX, "sockDestroy: cookieHi must be a uint32", &cookie_high) ||
      !uint32_argument(env, argv[6], 0, UINT32_MAX, "sockDestroy: cookieLo must be a uint32", &cookie_low)) {
    return NULL;
  }
  id.cookie[0] = cookie_low;
  id.cookie[1] = cookie_high;
  /* NLM_F_ACK: the kernel answers success with an NLMSG_ERROR of 0, not with silence. */
  return int32_value(env, exchange(SOCK_DESTROY, NLM_F_REQUEST | NLM_F_ACK, &id, NULL));
}

static napi_value sock_diag_lookup_call(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return NULL;
  if (argc < 6) return throw_type_error(env, "sockDiagLookup: six arguments expected");
  struct socket_id id;
  if (!socket_id_arguments(env, argv, &id)) return NULL;
  size_t length = 0;
  void *data = NULL;
  if (!typed_array_argument(env, argv[5], napi_uint32_array, &length, &data) || length < 4) {
    return throw_type_error(env, "sockDiagLookup: out must be a Uint32Array of 4");
  }
  struct inet_diag_msg found;
  int result = exchange(SOCK_DIAG_BY_FAMILY, NLM_F_REQUEST, &id, &found);
  if (result == 0) {
    uint32_t *out = data;
    out[0] = found.id.idiag_cookie[1];
    out[1] = found.id.idiag_cookie[0];
    out[2] = found.idiag_inode;
    out[3] = found.idiag_state;
  }
  return int32_value(env, result);
}

napi_status register_sock_destroy(napi_env env, napi_value exports) {
  napi_status status;
  if ((status = export_function(env, exports, "sockDestroy", sock_destroy_call)) != napi_ok) return status;
  return export_function(env, exports, "sockDiagLookup", sock_diag_lookup_call);
}
