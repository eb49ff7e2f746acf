/*
 * Signals one process through a pidfd (Linux >= 5.3): a descriptor that
 * names one process, not a pid number. Opened first, then the process's
 * identity is checked (its start time, read from /proc in TypeScript), then
 * the signal is sent on the same descriptor: if the process exited and its
 * pid was reused in between, the signal fails with ESRCH instead of hitting
 * the newcomer (kill(2) with the number would hit it).
 *
 * pidfdOpen(pid): fd | -errno
 *   -ENOSYS: the kernel (or the headers this was built with) has no
 *   pidfd_open; -EINVAL: pid is not a process (e.g. a thread id).
 * pidfdSendSignal(fd, signal): 0 | -errno   (-ESRCH: the process has exited)
 * pidfdWait(fd, timeoutMs): 1 exited | 0 still running | -errno
 *   poll(2) for POLLIN, which the kernel raises when the process exits
 *   (a zombie counts as exited). timeoutMs 0 never blocks.
 * pidfdClose(fd): 0 | -errno
 *
 * Errors are returned as -errno, bad arguments throw a TypeError; nothing
 * here aborts the process.
 */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "addon.h"

/* Linux's own PID_MAX_LIMIT (2^22): no pid is larger on any configuration. */
#define PID_MAX_LIMIT 4194304
/* pidfdWait blocks Node's main thread: a caller wanting longer waits polls again. */
#define MAX_WAIT_MS 10000

static int pidfd_open_syscall(int pid) {
#ifdef SYS_pidfd_open
  long fd = syscall(SYS_pidfd_open, pid, 0);
  return fd < 0 ? -errno : (int)fd;
#else
  (void)pid;
  return -ENOSYS;
#endif
}

static int pidfd_send_signal_syscall(int fd, int signal_number) {
#ifdef SYS_pidfd_send_signal
  return syscall(SYS_pidfd_send_signal, fd, signal_number, NULL, 0) == 0 ? 0 : -errno;
#else
  (void)fd;
  (void)signal_number;
  return -ENOSYS;
#endif
}

/*
 * Whether descriptor `fd` is a pidfd. The descriptor number comes from
 * JavaScript: a stale or wrong number must not make pidfdWait read a socket's
 * readiness as "exited", nor pidfdClose close a descriptor Node owns. Signal
 * 0 delivers nothing; the kernel answers EBADF for anything but a pidfd.
 */
static bool is_pidfd(int fd) { return pidfd_send_signal_syscall(fd, 0) != -EBADF; }

/* Argument `value` as an integer within [min, max], or false with a TypeError pending. */
static bool int_argument(napi_env env, napi_value value, int64_t min, int64_t max, const char *message,
                         int64_t *out) {
  napi_valuetype type;
  double number = 0;
  if (napi_typeof(env, value, &type) != napi_ok || type != napi_number ||
      napi_get_value_double(env, value, &number) != napi_ok || number != number || number < (double)min ||
      number > (double)max || number != (double)(int64_t)number) {
    throw_type_error(env, message);
    return false;
  }
  *out = (int64_t)number;
  return true;
}

/* The call's arguments, `count` of them, or false with a TypeError pending. */
static bool arguments_of(napi_env env, napi_callback_info info, size_t count, napi_value *argv,
                         const char *message) {
  size_t argc = count;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return false;
  if (argc < count) {
    throw_type_error(env, message);
    return false;
  }
  return true;
}

static napi_value pidfd_open_call(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  int64_t pid;
  if (!arguments_of(env, info, 1, argv, "pidfdOpen: the pid is expected") ||
      !int_argument(env, argv[0], 1, PID_MAX_LIMIT, "pidfdOpen: pid must be an integer from 1", &pid)) {
    return NULL;
  }
  return int32_value(env, pidfd_open_syscall((int)pid));
}

static napi_value pidfd_send_signal_call(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  int64_t fd, signal_number;
  if (!arguments_of(env, info, 2, argv, "pidfdSendSignal: fd and signal are expected") ||
      !int_argument(env, argv[0], 0, INT32_MAX, "pidfdSendSignal: fd must be a descriptor", &fd) ||
      !int_argument(env, argv[1], 0, 64, "pidfdSendSignal: signal must be a signal number", &signal_number)) {
    return NULL;
  }
  return int32_value(env, pidfd_send_signal_syscall((int)fd, (int)signal_number));
}

/* Milliseconds on the monotonic clock. */
static int64_t now_ms(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

static int wait_for_exit(int fd, int timeout_ms) {
  if (!is_pidfd(fd)) return -EBADF;
  int64_t deadline = now_ms() + timeout_ms;
  for (;;) {
    struct pollfd entry = {.fd = fd, .events = POLLIN};
    int64_t left = deadline - now_ms();
    int ready = poll(&entry, 1, left > 0 ? (int)left : 0);
    if (ready < 0) {
      /* A signal cut the wait short: wait the rest. */
      if (errno == EINTR) continue;
      return -errno;
    }
    if (ready == 0) return 0;
    if (entry.revents & POLLNVAL) return -EBADF;
    /* POLLIN on exit; newer kernels add POLLHUP once the process is reaped. */
    return (entry.revents & (POLLIN | POLLHUP)) ? 1 : 0;
  }
}

static napi_value pidfd_wait_call(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  int64_t fd, timeout_ms;
  if (!arguments_of(env, info, 2, argv, "pidfdWait: fd and timeoutMs are expected") ||
      !int_argument(env, argv[0], 0, INT32_MAX, "pidfdWait: fd must be a descriptor", &fd) ||
      !int_argument(env, argv[1], 0, MAX_WAIT_MS, "pidfdWait: timeoutMs must be 0 to 10000", &timeout_ms)) {
    return NULL;
  }
  return int32_value(env, wait_for_exit((int)fd, (int)timeout_ms));
}

static napi_value pidfd_close_call(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  int64_t fd;
  if (!arguments_of(env, info, 1, argv, "pidfdClose: the fd is expected") ||
      !int_argument(env, argv[0], 0, INT32_MAX, "pidfdClose: fd must be a descriptor", &fd)) {
    return NULL;
  }
  if (!is_pidfd((int)fd)) return int32_value(env, -EBADF);
  /* Linux releases the descriptor even when close reports EINTR: never retry it. */
  return int32_value(env, close((int)fd) == 0 || errno == EINTR ? 0 : -errno);
}

napi_status register_process_signal(napi_env env, napi_value exports) {
  napi_status status;
  if ((status = export_function(env, exports, "pidfdOpen", pidfd_open_call)) != napi_ok) return status;
  if ((status = export_function(env, exports, "pidfdSendSignal", pidfd_send_signal_call)) != napi_ok) {
    return status;
  }
  if ((status = export_function(env, exports, "pidfdWait", pidfd_wait_call)) != napi_ok) return status;
  return export_function(env, exports, "pidfdClose", pidfd_close_call);
}
