/*
 * sockscope-kill-helper PID STARTTIME SIGNAL
 *
 * Sends SIGTERM (15) or SIGKILL (9) to one process, as root, when Sockscope
 * was refused (EPERM) and the user chose "Retry as administrator". It runs
 * through pkexec (polkit action io.github.sockscope.kill, auth_admin), never
 * through a shell, and trusts nothing from its caller: every rule the app
 * applies is applied again here, and on any doubt it exits without sending
 * anything.
 *
 *   PID        the process, decimal, 2 and up; not this helper, not its parent
 *              (the Sockscope main process), not a kernel thread.
 *   STARTTIME  /proc/PID/stat field 22 (clock ticks since boot) as the app
 *              saw it: with PID, the process's identity. Another start time
 *              means the pid now names another process.
 *   SIGNAL     15 or 9, nothing else.
 *
 * Every argument must be plain decimal digits: no sign, no spaces, no leading
 * zeros (except "0" itself), at most 20 digits, within range.
 *
 * The process is opened as a pidfd FIRST, then its identity is read from
 * /proc, then the signal goes to the pidfd: if the process exits and its pid
 * is reused between the check and the signal, the signal fails (ESRCH)
 * instead of hitting the newcomer. Without pidfd_open (Linux < 5.3) the
 * helper refuses rather than fall back to kill(2).
 *
 * Exit status (one line on stderr says why for every non-zero status):
 *   0  the signal was sent
 *   2  usage: wrong number of arguments, or one is not what is described above
 *   3  refused: pid <= 1, this helper or its parent, a kernel thread, a thread id
 *   4  gone: no such process, or it has already exited (a zombie)
 *   5  identity changed: the pid now belongs to a process with another start time
 *   6  any other error (including a kernel without pidfd); nothing was sent
 *
 * No environment variable, locale or configuration is read.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define EXIT_SENT 0
#define EXIT_USAGE 2
#define EXIT_REFUSED 3
#define EXIT_GONE 4
#define EXIT_CHANGED 5
#define EXIT_ERROR 6

/* Linux's PID_MAX_LIMIT (2^22): no pid is larger on any configuration. */
#define PID_MAX_LIMIT 4194304ULL
/* UINT64_MAX has 20 digits: a longer argument is refused before strtoull sees it. */
#define MAX_DIGITS 20
/* PF_KTHREAD from include/linux/sched.h. */
#define PF_KTHREAD 0x00200000ULL
/* /proc/PID/stat is about 300 bytes; comm is at most 64 (TASK_COMM_LEN 16 today). */
#define STAT_BUFFER 4096
/* Fields after the comm, where field 3 (state) is index 0. */
#define STAT_FLAGS 6
#define STAT_START_TIME 19

static const char program[] = "sockscope-kill-helper";

static void say(const char *message) {
  /* stderr is unbuffered and the message short: one write, nothing to format. */
  fprintf(stderr, "%s: %s\n", program, message);
}

/* Makes sure descriptors 0-2 are open, so no file this helper opens is taken for stdout or stderr. */
static int guard_standard_descriptors(void) {
  for (int fd = 0; fd <= 2; fd++) {
    if (fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
    int null = open("/dev/null", O_RDWR);
    if (null != fd) return -1;
  }
  return 0;
}

/*
 * Parses `text` (its first `length` bytes) as a decimal number within
 * [0, max]: digits only, no leading zero but in "0", at most MAX_DIGITS.
 * Returns 0 and sets *out, or -1.
 */
static int parse_decimal(const char *text, size_t length, unsigned long long max, unsigned long long *out) {
  if (length == 0 || length > MAX_DIGITS) return -1;
  for (size_t i = 0; i < length; i++) {
    if (text[i] < '0' || text[i] > '9') return -1;
  }
  if (text[0] == '0' && length > 1) return -1;
  char digits[MAX_DIGITS + 1];
  memcpy(digits, text, length);
  digits[length] = '\0';
  char *end = NULL;
  errno = 0;
  unsigned long long value = strtoull(digits, &end, 10);
  if (errno != 0 || end != digits + length || value > max) return -1;
  *out = value;
  return 0;
}

static int parse_argument(const char *text, unsigned long long max, unsigned long long *out) {
  /* strnlen: a runaway argument is measured only up to what could be valid. */
  return parse_decimal(text, strnlen(text, MAX_DIGITS + 1), max, out);
}

/* What /proc/PID/stat says about the process. */
struct process_stat {
  char state;
  unsigned long long flags;
  unsigned long long start_time;
};

/* Reads /proc/PID/stat: 0, or EXIT_GONE when there is no such process, or EXIT_ERROR. */
static int read_stat(unsigned long long pid, struct process_stat *stat) {
  char path[64];
  snprintf(path, sizeof(path), "/proc/%llu/stat", pid);
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    if (errno == ENOENT || errno == ESRCH) return EXIT_GONE;
    say("cannot read the process's /proc entry");
    return EXIT_ERROR;
  }
  char text[STAT_BUFFER];
  size_t length = 0;
  while (length < sizeof(text) - 1) {
    ssize_t got = read(fd, text + length, sizeof(text) - 1 - length);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      int error = errno;
      close(fd);
      if (error == ESRCH) return EXIT_GONE;
      say("cannot read the process's /proc entry");
      return EXIT_ERROR;
    }
    if (got == 0) break;
    length += (size_t)got;
  }
  close(fd);
  text[length] = '\0';

  /* comm is free text chosen by the process (it may hold ") " and digits): only the LAST ')' ends it. */
  char *close_paren = strrchr(text, ')');
  if (close_paren == NULL || close_paren[1] != ' ') {
    say("cannot parse the process's /proc/PID/stat");
    return EXIT_ERROR;
  }
  char *field = close_paren + 2;
  /* Field 3, the state: one letter and a space. */
  if (field[0] == '\0' || field[1] != ' ') {
    say("cannot parse the process's /proc/PID/stat");
    return EXIT_ERROR;
  }
  stat->state = field[0];
  bool have_flags = false, have_start = false;
  for (int index = 0; index <= STAT_START_TIME; index++) {
    size_t field_length = strcspn(field, " \n");
    if (field_length == 0) break;
    if (index == STAT_FLAGS) have_flags = parse_decimal(field, field_length, UINT64_MAX, &stat->flags) == 0;
    if (index == STAT_START_TIME) {
      have_start = parse_decimal(field, field_length, UINT64_MAX, &stat->start_time) == 0;
    }
    field += field_length;
    if (*field != ' ') break;
    field++;
  }
  if (!have_flags || !have_start) {
    say("cannot parse the process's /proc/PID/stat");
    return EXIT_ERROR;
  }
  return 0;
}

static int pidfd_open_syscall(unsigned long long pid) {
#ifdef SYS_pidfd_open
  return (int)syscall(SYS_pidfd_open, (pid_t)pid, 0);
#else
  (void)pid;
  errno = ENOSYS;
  return -1;
#endif
}

static int pidfd_send_signal_syscall(int fd, int signal_number) {
#ifdef SYS_pidfd_send_signal
  return (int)syscall(SYS_pidfd_send_signal, fd, signal_number, NULL, 0);
#else
  (void)fd;
  (void)signal_number;
  errno = ENOSYS;
  return -1;
#endif
}

/* Everything after the arguments are parsed: the checks and the signal. */
static int signal_process(unsigned long long pid, unsigned long long start_time, int signal_number) {
  if (pid <= 1) {
    say("refused: pid 0 and 1 are never signalled");
    return EXIT_REFUSED;
  }
  if (pid == (unsigned long long)getpid() || pid == (unsigned long long)getppid()) {
    say("refused: the helper does not signal itself or the process that started it");
    return EXIT_REFUSED;
  }

  int pidfd = pidfd_open_syscall(pid);
  if (pidfd < 0) {
    if (errno == ESRCH) {
      say("no such process: it has already exited");
      return EXIT_GONE;
    }
    if (errno == EINVAL) {
      say("refused: the pid is not a process (a thread id?)");
      return EXIT_REFUSED;
    }
    if (errno == ENOSYS) {
      say("this kernel has no pidfd_open (Linux 5.3 or later is needed); nothing was sent");
      return EXIT_ERROR;
    }
    say("cannot open the process (pidfd_open failed); nothing was sent");
    return EXIT_ERROR;
  }

  /* The pidfd now pins the process that had the pid; /proc says which one that is. */
  struct process_stat stat;
  int status = read_stat(pid, &stat);
  if (status == EXIT_GONE) say("no such process: it has already exited");
  if (status == 0 && (stat.state == 'Z' || stat.state == 'X')) {
    say("the process has already exited (it is a zombie)");
    status = EXIT_GONE;
  }
  if (status == 0 && (stat.flags & PF_KTHREAD) != 0) {
    say("refused: kernel threads are never signalled");
    status = EXIT_REFUSED;
  }
  if (status == 0 && stat.start_time != start_time) {
    say("identity changed: the process has exited and another process now has its pid");
    status = EXIT_CHANGED;
  }
  if (status == 0 && pidfd_send_signal_syscall(pidfd, signal_number) != 0) {
    if (errno == ESRCH) {
      say("the process exited before the signal; nothing was sent");
      status = EXIT_GONE;
    } else {
      say(errno == EPERM ? "not permitted to signal the process" : "pidfd_send_signal failed");
      status = EXIT_ERROR;
    }
  }
  close(pidfd);
  return status;
}

int main(int argc, char **argv) {
  if (guard_standard_descriptors() != 0) return EXIT_ERROR;
  if (argc != 4) {
    say("usage: sockscope-kill-helper PID STARTTIME SIGNAL (SIGNAL 15 or 9)");
    return EXIT_USAGE;
  }
  unsigned long long pid, start_time, signal_number;
  if (parse_argument(argv[1], PID_MAX_LIMIT, &pid) != 0) {
    say("PID must be a decimal number without sign, spaces or leading zeros, at most 4194304");
    return EXIT_USAGE;
  }
  if (parse_argument(argv[2], UINT64_MAX, &start_time) != 0) {
    say("STARTTIME must be a decimal number without sign, spaces or leading zeros");
    return EXIT_USAGE;
  }
  if (parse_argument(argv[3], 64, &signal_number) != 0 || (signal_number != 15 && signal_number != 9)) {
    say("SIGNAL must be 15 (SIGTERM) or 9 (SIGKILL)");
    return EXIT_USAGE;
  }
  return signal_process(pid, start_time, (int)signal_number);
}
