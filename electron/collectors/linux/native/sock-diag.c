/*
 * The syscalls of a NETLINK_SOCK_DIAG dump, and nothing else: the request is
 * sent here and the kernel's answer handed back one datagram at a time, raw.
 * Every message is decoded in TypeScript (sock-diag-decoder.ts), where it is
 * tested against recorded dumps. Each datagram is peeked first so a receive
 * never cuts one (iproute2's libnetlink does the same).
 *
 * sockDiagOpen(): handle | -errno
 * sockDiagRequest(handle, family, protocol, states, ext, seq): 0 | -errno
 *   family AF_UNSPEC (TCP only): both families in one dump (TCPDIAG_GETSOCK).
 * sockDiagRecv(handle, out: Uint8Array, offset, status: Int32Array): bytes | -errno
 *   -ENOBUFS: the next datagram needs status[1] bytes from offset; nothing read.
 *   status[0]: the read's msg_flags (MSG_TRUNC: the datagram was cut).
 * sockDiagClose(handle)
 *
 * Errors are returned as -errno, bad arguments throw a TypeError; nothing
 * here aborts the process.
 */
#include <errno.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "addon.h"

/* The kernel fills dump datagrams up to 32 KiB; a large buffer keeps a burst from overrunning. */
#define RECEIVE_BUFFER (1 << 20)
/* A kernel that stays silent this long is not going to answer: the poll fails instead of hanging. */
#define RECEIVE_TIMEOUT_MS 2000
/* How many receive timeouts in a row before giving up on the dump. */
#define TIMEOUT_RETRIES 2

struct sock_diag_socket {
  int fd;
};

/* Marks handles made here, so a foreign external passed from JavaScript is refused. */
static const napi_type_tag HANDLE_TAG = {0x736f636b73636f70ULL, 0x6e6c2d6469616701ULL};

static void finalize_handle(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  struct sock_diag_socket *socket_data = data;
  if (socket_data->fd >= 0) close(socket_data->fd);
  free(socket_data);
}

/* The socket behind argument `value`, or NULL with a TypeError pending. */
static struct sock_diag_socket *handle_of(napi_env env, napi_value value) {
  bool tagged = false;
  napi_valuetype type;
  if (napi_typeof(env, value, &type) != napi_ok || type != napi_external ||
      napi_check_object_type_tag(env, value, &HANDLE_TAG, &tagged) != napi_ok || !tagged) {
    throw_type_error(env, "sock_diag: the handle must come from sockDiagOpen");
    return NULL;
  }
  void *data = NULL;
  if (napi_get_value_external(env, value, &data) != napi_ok || data == NULL) {
    throw_type_error(env, "sock_diag: the handle must come from sockDiagOpen");
    return NULL;
  }
  return data;
}

/* Argument `value` as a uint32 within [min, max], or false with a TypeError pending. */
static bool uint32_argument(napi_env env, napi_value value, uint32_t min, uint32_t max, const char *message,
                            uint32_t *out) {
  napi_valuetype type;
  double number = 0;
  if (napi_typeof(env, value, &type) != napi_ok || type != napi_number ||
      napi_get_value_double(env, value, &number) != napi_ok || number != number || number < min ||
      number > max || number != (double)(uint32_t)number) {
    throw_type_error(env, message);
    return false;
  }
  *out = (uint32_t)number;
  return true;
}

static int open_socket(void) {
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

static napi_value sock_diag_open(napi_env env, napi_callback_info info) {
  (void)info;
  int fd = open_socket();
  if (fd < 0) return int32_value(env, fd);
  struct sock_diag_socket *data = malloc(sizeof(*data));
  if (data == NULL) {
    close(fd);
    return int32_value(env, -ENOMEM);
  }
  data->fd = fd;
  napi_value handle;
  if (napi_create_external(env, data, finalize_handle, NULL, &handle) != napi_ok) {
    finalize_handle(env, data, NULL);
    return NULL;
  }
  if (napi_type_tag_object(env, handle, &HANDLE_TAG) != napi_ok) return NULL;
  return handle;
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

/* A dump request's netlink header. */
static void dump_header(struct nlmsghdr *header, uint32_t size, uint16_t type, uint32_t seq) {
  header->nlmsg_len = size;
  header->nlmsg_type = type;
  header->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  header->nlmsg_seq = seq;
}

/*
 * The original TCPDIAG_GETSOCK request (struct inet_diag_req): the kernel
 * answers it for TCP with IPv4 and IPv6 sockets together, in one walk of its
 * socket tables instead of one walk per family.
 */
static int send_tcp_both_families(int fd, uint32_t states, uint8_t ext, uint32_t seq) {
  struct {
    struct nlmsghdr header;
    struct inet_diag_req request;
  } message;
  memset(&message, 0, sizeof(message));
  dump_header(&message.header, sizeof(message), TCPDIAG_GETSOCK, seq);
  message.request.idiag_family = AF_INET;
  message.request.idiag_ext = ext;
  message.request.idiag_states = states;
  message.request.id.idiag_cookie[0] = INET_DIAG_NOCOOKIE;
  message.request.id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;
  return send_to_kernel(fd, &message, sizeof(message));
}

static int send_request(int fd, uint8_t family, uint8_t protocol, uint32_t states, uint8_t ext, uint32_t seq) {
  if (family == AF_UNSPEC && protocol == IPPROTO_TCP) return send_tcp_both_families(fd, states, ext, seq);
  struct {
    struct nlmsghdr header;
    struct inet_diag_req_v2 request;
  } message;
  memset(&message, 0, sizeof(message));
  dump_header(&message.header, sizeof(message), SOCK_DIAG_BY_FAMILY, seq);
  message.request.sdiag_family = family;
  message.request.sdiag_protocol = protocol;
  message.request.idiag_ext = ext;
  message.request.idiag_states = states;
  message.request.id.idiag_cookie[0] = INET_DIAG_NOCOOKIE;
  message.request.id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;
  return send_to_kernel(fd, &message, sizeof(message));
}

static napi_value sock_diag_request(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return NULL;
  if (argc < 6) return throw_type_error(env, "sockDiagRequest: six arguments expected");
  struct sock_diag_socket *socket_data = handle_of(env, argv[0]);
  if (socket_data == NULL) return NULL;
  uint32_t family, protocol, states, ext, seq;
  if (!uint32_argument(env, argv[1], 0, 255, "sockDiagRequest: family must be AF_INET or AF_INET6", &family) ||
      !uint32_argument(env, argv[2], 0, 255, "sockDiagRequest: protocol must be a byte", &protocol) ||
      !uint32_argument(env, argv[3], 0, UINT32_MAX, "sockDiagRequest: states must be a uint32", &states) ||
      !uint32_argument(env, argv[4], 0, 255, "sockDiagRequest: ext must be a byte", &ext) ||
      !uint32_argument(env, argv[5], 0, UINT32_MAX, "sockDiagRequest: seq must be a uint32", &seq)) {
    return NULL;
  }
  if (family != AF_INET && family != AF_INET6 && !(family == AF_UNSPEC && protocol == IPPROTO_TCP)) {
    return throw_type_error(env, "sockDiagRequest: family must be AF_INET or AF_INET6 (or AF_UNSPEC for TCP)");
  }
  if (socket_data->fd < 0) return int32_value(env, -EBADF);
  return int32_value(env, send_request(socket_data->fd, (uint8_t)family, (uint8_t)protocol, states,
                                       (uint8_t)ext, seq));
}

/*
 * Reads the next datagram from the kernel into buffer (room bytes). Returns
 * its length, -ENOBUFS with *needed set when it does not fit (left unread),
 * or -errno. Datagrams from another sender are read and dropped.
 */
static ssize_t receive(int fd, uint8_t *buffer, size_t room, int *flags, int *needed) {
  int timeouts = 0;
  for (;;) {
    /* Peek: the datagram's full length, nothing copied. */
    ssize_t length = recv(fd, NULL, 0, MSG_PEEK | MSG_TRUNC);
    if (length < 0) {
      if (errno == EINTR) continue;
      if ((errno == EAGAIN || errno == EWOULDBLOCK) && ++timeouts <= TIMEOUT_RETRIES) continue;
      return -errno;
    }
    if ((size_t)length > room) {
      *needed = length > INT32_MAX ? INT32_MAX : (int)length;
      return -ENOBUFS;
    }
    struct sockaddr_nl from;
    struct iovec iov = {.iov_base = buffer, .iov_len = room};
    struct msghdr message = {
        .msg_name = &from, .msg_namelen = sizeof(from), .msg_iov = &iov, .msg_iovlen = 1};
    ssize_t got = recvmsg(fd, &message, 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      if ((errno == EAGAIN || errno == EWOULDBLOCK) && ++timeouts <= TIMEOUT_RETRIES) continue;
      return -errno;
    }
    /* Only the kernel (port 0) answers a dump; anything else on our port is not ours to decode. */
    if (message.msg_namelen != sizeof(from) || from.nl_family != AF_NETLINK || from.nl_pid != 0) continue;
    *flags = message.msg_flags;
    return got;
  }
}

static napi_value sock_diag_recv(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return NULL;
  if (argc < 4) return throw_type_error(env, "sockDiagRecv: four arguments expected");
  struct sock_diag_socket *socket_data = handle_of(env, argv[0]);
  if (socket_data == NULL) return NULL;

  size_t length = 0;
  void *data = NULL;
  if (!typed_array_argument(env, argv[1], napi_uint8_array, &length, &data)) {
    return throw_type_error(env, "sockDiagRecv: out must be a Uint8Array");
  }
  uint32_t offset;
  if (!uint32_argument(env, argv[2], 0, (uint32_t)(length > UINT32_MAX ? UINT32_MAX : length),
                       "sockDiagRecv: offset must be an integer within out", &offset)) {
    return NULL;
  }
  size_t status_length = 0;
  void *status_data = NULL;
  if (!typed_array_argument(env, argv[3], napi_int32_array, &status_length, &status_data) || status_length < 2) {
    return throw_type_error(env, "sockDiagRecv: status must be an Int32Array of 2");
  }
  if (socket_data->fd < 0) return int32_value(env, -EBADF);

  int32_t *status = status_data;
  int flags = 0;
  int needed = 0;
  uint8_t *buffer = length == 0 ? NULL : (uint8_t *)data + offset;
  ssize_t got = receive(socket_data->fd, buffer, length - offset, &flags, &needed);
  status[0] = flags;
  status[1] = needed;
  return int32_value(env, got > INT32_MAX ? -EMSGSIZE : (int32_t)got);
}

static napi_value sock_diag_close(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return NULL;
  if (argc < 1) return throw_type_error(env, "sockDiagClose: the handle is expected");
  struct sock_diag_socket *socket_data = handle_of(env, argv[0]);
  if (socket_data == NULL) return NULL;
  if (socket_data->fd >= 0) close(socket_data->fd);
  socket_data->fd = -1;
  return NULL;
}

napi_status register_sock_diag(napi_env env, napi_value exports) {
  napi_status status;
  if ((status = export_function(env, exports, "sockDiagOpen", sock_diag_open)) != napi_ok) return status;
  if ((status = export_function(env, exports, "sockDiagRequest", sock_diag_request)) != napi_ok) return status;
  if ((status = export_function(env, exports, "sockDiagRecv", sock_diag_recv)) != napi_ok) return status;
  return export_function(env, exports, "sockDiagClose", sock_diag_close);
}
