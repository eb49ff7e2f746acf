/*
 * The JavaScript face of a NETLINK_SOCK_DIAG dump: the request is sent here
 * and the kernel's answer handed back one datagram at a time, raw. Every
 * message is decoded in TypeScript (sock-diag-decoder.ts), where it is tested
 * against recorded dumps. The syscalls are in sock-diag-io.c, the
 * receive-ahead thread in sock-diag-ahead.c.
 *
 * sockDiagOpen(): handle | -errno
 * sockDiagRequest(handle, family, protocol, states, ext, seq): 0 | -errno
 *   family AF_UNSPEC (TCP only): both families in one dump (TCPDIAG_GETSOCK).
 *   Stops a receive-ahead still running on the handle first, reading the rest
 *   of its dump (the kernel refuses a request while one is unfinished).
 * sockDiagReceiveAhead(handle, seq): 0 | -errno
 *   A thread receives the answer to request seq from now on; sockDiagRecv
 *   takes its datagrams (waiting for them), then reads the socket again.
 * sockDiagRecv(handle, out: Uint8Array, offset, status: Int32Array): bytes | -errno
 *   -ENOBUFS: the next datagram needs status[1] bytes from offset; nothing read
 *   (with 64 KiB of room or more none is peeked at: a longer one comes cut).
 *   status[0]: the read's msg_flags (MSG_TRUNC: the datagram was cut).
 * sockDiagClose(handle)
 *
 * Errors are returned as -errno, bad arguments throw a TypeError; nothing
 * here aborts the process.
 */
#include <errno.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "addon.h"
#include "sock-diag-ahead.h"
#include "sock-diag-io.h"

struct sock_diag_socket {
  int fd;
  /* Its receive-ahead (made on first use), or NULL. */
  struct sock_diag_ahead *ahead;
};

/* Marks handles made here, so a foreign external passed from JavaScript is refused. */
static const napi_type_tag HANDLE_TAG = {0x736f636b73636f70ULL, 0x6e6c2d6469616701ULL};

/*
 * Ends the socket's receive-ahead thread, if one runs: the socket is the
 * caller's alone again. `drain`: with its dump read to the end.
 */
static void stop_ahead(struct sock_diag_socket *socket_data, bool drain) {
  if (socket_data->ahead != NULL) sock_diag_ahead_stop(socket_data->ahead, drain);
}

/* Stops the receive-ahead thread and closes the socket. */
static void close_socket(struct sock_diag_socket *socket_data) {
  if (socket_data->ahead != NULL) sock_diag_ahead_free(socket_data->ahead);
  socket_data->ahead = NULL;
  if (socket_data->fd >= 0) close(socket_data->fd);
  socket_data->fd = -1;
}

static void finalize_handle(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  close_socket(data);
  free(data);
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

static napi_value sock_diag_open(napi_env env, napi_callback_info info) {
  (void)info;
  int fd = sock_diag_open_socket();
  if (fd < 0) return int32_value(env, fd);
  struct sock_diag_socket *data = malloc(sizeof(*data));
  if (data == NULL) {
    close(fd);
    return int32_value(env, -ENOMEM);
  }
  data->fd = fd;
  data->ahead = NULL;
  napi_value handle;
  if (napi_create_external(env, data, finalize_handle, NULL, &handle) != napi_ok) {
    finalize_handle(env, data, NULL);
    return NULL;
  }
  if (napi_type_tag_object(env, handle, &HANDLE_TAG) != napi_ok) return NULL;
  return handle;
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
  stop_ahead(socket_data, true);
  if (socket_data->fd < 0) return int32_value(env, -EBADF);
  return int32_value(env, sock_diag_send_request(socket_data->fd, (uint8_t)family, (uint8_t)protocol, states,
                                                 (uint8_t)ext, seq));
}

static napi_value sock_diag_receive_ahead(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return NULL;
  if (argc < 2) return throw_type_error(env, "sockDiagReceiveAhead: two arguments expected");
  struct sock_diag_socket *socket_data = handle_of(env, argv[0]);
  if (socket_data == NULL) return NULL;
  uint32_t seq;
  if (!uint32_argument(env, argv[1], 0, UINT32_MAX, "sockDiagReceiveAhead: seq must be a uint32", &seq)) {
    return NULL;
  }
  if (socket_data->fd < 0) return int32_value(env, -EBADF);
  if (socket_data->ahead == NULL) socket_data->ahead = sock_diag_ahead_new(socket_data->fd);
  if (socket_data->ahead == NULL) return int32_value(env, -ENOMEM);
  return int32_value(env, sock_diag_ahead_start(socket_data->ahead, seq));
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
  ssize_t got = 0;
  bool drained = true;
  if (socket_data->ahead != NULL && sock_diag_ahead_running(socket_data->ahead)) {
    got = sock_diag_ahead_take(socket_data->ahead, buffer, length - offset, &flags, &needed, &drained);
    if (drained) stop_ahead(socket_data, false);
  }
  if (drained) got = sock_diag_receive(socket_data->fd, buffer, length - offset, &flags, &needed);
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
  close_socket(socket_data);
  return NULL;
}

napi_status register_sock_diag(napi_env env, napi_value exports) {
  napi_status status;
  if ((status = export_function(env, exports, "sockDiagOpen", sock_diag_open)) != napi_ok) return status;
  if ((status = export_function(env, exports, "sockDiagRequest", sock_diag_request)) != napi_ok) return status;
  if ((status = export_function(env, exports, "sockDiagReceiveAhead", sock_diag_receive_ahead)) != napi_ok) {
    return status;
  }
  if ((status = export_function(env, exports, "sockDiagRecv", sock_diag_recv)) != napi_ok) return status;
  return export_function(env, exports, "sockDiagClose", sock_diag_close);
}
