/*
 * Reads a process's descriptor table (/proc/PID/fd) whole in one call: the
 * directory listed once, each entry's link read relative to the directory
 * (the kernel walks one path component, not four), and only socket links
 * decoded. Node-API only, so one binary loads in Node and Electron.
 *
 * scanFdDir(fdDir: string, out: Float64Array): number
 *   Returns n >= 0, the descriptors met; when they fit, out holds
 *     out[0]        the directory's st_size (the open-fd count on Linux >= 6.2),
 *     out[1]        descriptors listed but closed before their link was read,
 *     out[2 + 2i]   descriptor number,
 *     out[3 + 2i]   its socket inode, or 0 when it is not a socket,
 *   in listing order. n > (out.length - 2) / 2 means out was too small: call
 *   again with a bigger one. Returns -errno when the table could not be read:
 *   the directory's open or listing failed, or a link read was refused
 *   (EACCES/EPERM refuses every descriptor alike). Never aborts: a bad
 *   argument throws a TypeError.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "addon.h"

#define PATH_BUFFER 4096
/* "socket:[" + 20 digits + "]" fits; a longer link is not a socket. */
#define LINK_BUFFER 64
#define MAX_SAFE_INTEGER 9007199254740991ULL

/* Decimal descriptor number of a directory entry, or -1. */
static long parse_fd(const char *name) {
  if (name[0] < '0' || name[0] > '9') return -1;
  long value = 0;
  for (const char *p = name; *p; p++) {
    if (*p < '0' || *p > '9') return -1;
    value = value * 10 + (*p - '0');
    if (value > INT_MAX) return -1;
  }
  return value;
}

/* Inode of a link "socket:[INODE]", or 0 for anything else. */
static double socket_inode(const char *link, ssize_t length) {
  static const char prefix[] = "socket:[";
  const ssize_t prefix_length = sizeof(prefix) - 1;
  if (length <= prefix_length + 1 || length >= LINK_BUFFER) return 0;
  if (memcmp(link, prefix, (size_t)prefix_length) != 0 || link[length - 1] != ']') return 0;
  uint64_t value = 0;
  for (ssize_t i = prefix_length; i < length - 1; i++) {
    char c = link[i];
    if (c < '0' || c > '9') return 0;
    value = value * 10 + (uint64_t)(c - '0');
    if (value > MAX_SAFE_INTEGER) return 0;
  }
  return (double)value;
}

/* Lists `path` into out (capacity pairs); returns the entries met or -errno. */
static int64_t scan(const char *path, double *out, size_t capacity) {
  int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return -errno;
  struct stat st;
  if (fstat(fd, &st) != 0) {
    int error = errno;
    close(fd);
    return -error;
  }
  DIR *dir = fdopendir(fd);
  if (dir == NULL) {
    int error = errno;
    close(fd);
    return -error;
  }
  int64_t met = 0;
  double vanished = 0;
  int64_t result = 0;
  char link[LINK_BUFFER];
  for (;;) {
    errno = 0;
    struct dirent *entry = readdir(dir);
    if (entry == NULL) {
      if (errno != 0) result = -errno;
      break;
    }
    long number = parse_fd(entry->d_name);
    if (number < 0) continue; /* ".", "..", or not a descriptor */
    ssize_t length = readlinkat(fd, entry->d_name, link, sizeof(link));
    if (length < 0) {
      if (errno == EACCES || errno == EPERM) {
        result = -errno;
        break;
      }
      vanished++; /* closed since listed, or the process is exiting */
      continue;
    }
    if ((uint64_t)met < capacity) {
      out[2 + 2 * met] = (double)number;
      out[3 + 2 * met] = socket_inode(link, length);
    }
    met++;
  }
  closedir(dir); /* closes fd */
  if (result < 0) return result;
  out[0] = (double)st.st_size;
  out[1] = vanished;
  return met;
}

static napi_value scan_fd_dir(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return NULL;
  if (argc < 2) return throw_type_error(env, "scanFdDir(fdDir, out): two arguments expected");

  char path[PATH_BUFFER];
  size_t path_length = 0;
  if (napi_get_value_string_utf8(env, argv[0], path, sizeof(path), &path_length) != napi_ok) {
    return throw_type_error(env, "scanFdDir: fdDir must be a string");
  }
  if (path_length + 1 >= sizeof(path)) return throw_type_error(env, "scanFdDir: fdDir is too long");
  if (strlen(path) != path_length) return throw_type_error(env, "scanFdDir: fdDir holds a NUL");

  size_t length = 0;
  void *data = NULL;
  if (!typed_array_argument(env, argv[1], napi_float64_array, &length, &data)) {
    return throw_type_error(env, "scanFdDir: out must be a Float64Array");
  }
  if (length < 2 || data == NULL) return throw_type_error(env, "scanFdDir: out must hold at least 2 numbers");

  int64_t met = scan(path, (double *)data, (length - 2) / 2);
  napi_value result;
  if (napi_create_int64(env, met, &result) != napi_ok) return NULL;
  return result;
}

napi_status register_fd_scan(napi_env env, napi_value exports) {
  return export_function(env, exports, "scanFdDir", scan_fd_dir);
}
