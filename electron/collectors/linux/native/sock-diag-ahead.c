/*
 * Receive-ahead (see sock-diag-ahead.h): one thread per dump, a queue of
 * whole datagrams under one mutex, and an eventfd to wake the thread out of
 * its wait when the dump is abandoned. Datagram buffers are kept for the
 * next dump: fresh memory would cost a page fault per 4 KiB, every poll.
 */
#include "sock-diag-ahead.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "sock-diag-io.h"

/* Received but not taken: past this the thread waits for JavaScript (20,000 TCP sockets dump 8 MiB). */
#define QUEUE_LIMIT (32u << 20)
/*
 * JavaScript, once it has taken everything, waits for this much before it is
 * woken: a wake-up costs tens of microseconds (more in a VM), too much to pay
 * for every 32 KiB datagram.
 */
#define BATCH_BYTES (256u << 10)
/* The size of a kept buffer: the kernel fills dump datagrams up to 32 KiB. */
#define BLOCK_BYTES (32u << 10)
/* Buffers kept between dumps, at most: a 20,000-socket dump's worth. */
#define SPARE_LIMIT 256

struct datagram {
  struct datagram *next;
  size_t length;
  size_t capacity;
  int flags;
  uint8_t bytes[];
};

struct sock_diag_ahead {
  int fd;
  int wake_fd;
  uint32_t seq;
  pthread_t thread;
  bool running;
  /* Guards everything below. */
  pthread_mutex_t lock;
  /* Broadcast when a batch is queued or the thread finished (JavaScript waits on it)... */
  pthread_cond_t arrived;
  /* ...and when datagrams were taken or the thread is asked to stop (the thread waits on it). */
  pthread_cond_t taken;
  struct datagram *head;
  struct datagram *tail;
  size_t queued;
  bool finished;
  /* Stop now; or read the rest of the dump, dropping it, and stop when it ends or nothing more comes. */
  bool stopping;
  bool draining;
  /* The errno that ended the thread early, reported once after the queue; 0 when the dump ended. */
  int error;
  struct datagram *spare;
  unsigned spares;
};

/* A buffer for `length` bytes: a kept one when it fits, else a new one. */
static struct datagram *buffer_for(struct sock_diag_ahead *ahead, size_t length) {
  struct datagram *datagram = NULL;
  if (length <= BLOCK_BYTES) {
    pthread_mutex_lock(&ahead->lock);
    datagram = ahead->spare;
    if (datagram != NULL) {
      ahead->spare = datagram->next;
      ahead->spares--;
    }
    pthread_mutex_unlock(&ahead->lock);
  }
  if (datagram != NULL) return datagram;
  size_t capacity = length > BLOCK_BYTES ? length : BLOCK_BYTES;
  datagram = malloc(sizeof(*datagram) + capacity);
  if (datagram != NULL) datagram->capacity = capacity;
  return datagram;
}

/* Keeps datagram's buffer for later, or frees it; the lock is held (or no thread runs). */
static void recycle_locked(struct sock_diag_ahead *ahead, struct datagram *datagram) {
  if (datagram->capacity != BLOCK_BYTES || ahead->spares >= SPARE_LIMIT) {
    free(datagram);
    return;
  }
  datagram->next = ahead->spare;
  ahead->spare = datagram;
  ahead->spares++;
}

/*
 * Appends datagram (drops it while draining); waits while the queue is full.
 * Returns false when the thread is to stop at once.
 */
static bool enqueue(struct sock_diag_ahead *ahead, struct datagram *datagram) {
  pthread_mutex_lock(&ahead->lock);
  while (!ahead->stopping && !ahead->draining && ahead->queued >= QUEUE_LIMIT) {
    pthread_cond_wait(&ahead->taken, &ahead->lock);
  }
  bool going_on = !ahead->stopping;
  if (going_on && !ahead->draining) {
    if (ahead->tail == NULL) ahead->head = datagram;
    else ahead->tail->next = datagram;
    ahead->tail = datagram;
    ahead->queued += datagram->length;
    if (ahead->queued >= BATCH_BYTES) pthread_cond_broadcast(&ahead->arrived);
  } else {
    recycle_locked(ahead, datagram);
  }
  pthread_mutex_unlock(&ahead->lock);
  return going_on;
}

static void *receive_ahead(void *argument) {
  struct sock_diag_ahead *ahead = argument;
  int error = 0;
  for (bool ended = false; !ended;) {
    ssize_t length = sock_diag_wait(ahead->fd, ahead->wake_fd);
    if (length < 0) {
      error = (int)-length;
      break;
    }
    struct datagram *datagram = buffer_for(ahead, (size_t)length);
    if (datagram == NULL) {
      error = ENOMEM;
      break;
    }
    bool from_kernel = false;
    int flags = 0;
    /*
     * With the whole buffer's room, not the peeked length: the kernel sizes
     * the datagrams it builds next by the largest receive it has seen on the
     * socket (netlink's max_recvmsg_len, up to 32 KiB), so receives of
     * exactly the peeked length would keep every datagram at its smallest,
     * about 4 KiB: ten sockets a datagram, and eight times the receives.
     */
    ssize_t got = sock_diag_read(ahead->fd, datagram->bytes, datagram->capacity, &flags, &from_kernel);
    datagram->next = NULL;
    datagram->length = got <= 0 ? 0 : (size_t)got < datagram->capacity ? (size_t)got : datagram->capacity;
    datagram->flags = flags;
    if (got < 0 || !from_kernel) {
      pthread_mutex_lock(&ahead->lock);
      recycle_locked(ahead, datagram);
      pthread_mutex_unlock(&ahead->lock);
      if (got >= 0) continue;
      error = (int)-got;
      break;
    }
    ended = sock_diag_ends_dump(datagram->bytes, datagram->length, ahead->seq);
    if (!enqueue(ahead, datagram)) {
      error = ECANCELED;
      break;
    }
  }
  pthread_mutex_lock(&ahead->lock);
  ahead->finished = true;
  ahead->error = error;
  pthread_cond_broadcast(&ahead->arrived);
  pthread_mutex_unlock(&ahead->lock);
  return NULL;
}

struct sock_diag_ahead *sock_diag_ahead_new(int fd) {
  struct sock_diag_ahead *ahead = calloc(1, sizeof(*ahead));
  if (ahead == NULL) return NULL;
  ahead->fd = fd;
  ahead->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  bool locked = ahead->wake_fd >= 0 && pthread_mutex_init(&ahead->lock, NULL) == 0;
  bool arrived = locked && pthread_cond_init(&ahead->arrived, NULL) == 0;
  if (arrived && pthread_cond_init(&ahead->taken, NULL) == 0) return ahead;
  if (arrived) pthread_cond_destroy(&ahead->arrived);
  if (locked) pthread_mutex_destroy(&ahead->lock);
  if (ahead->wake_fd >= 0) close(ahead->wake_fd);
  free(ahead);
  return NULL;
}

int sock_diag_ahead_start(struct sock_diag_ahead *ahead, uint32_t seq) {
  if (ahead->running) return -EBUSY;
  ahead->seq = seq;
  /* Signals stay with Node's threads: the new thread starts with every one blocked. */
  sigset_t all;
  sigset_t previous;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &previous);
  int error = pthread_create(&ahead->thread, NULL, receive_ahead, ahead);
  pthread_sigmask(SIG_SETMASK, &previous, NULL);
  if (error != 0) return -error;
  ahead->running = true;
  return 0;
}

bool sock_diag_ahead_running(const struct sock_diag_ahead *ahead) {
  return ahead->running;
}

ssize_t sock_diag_ahead_take(struct sock_diag_ahead *ahead, uint8_t *buffer, size_t room, int *flags,
                             int *needed, bool *drained) {
  *drained = false;
  pthread_mutex_lock(&ahead->lock);
  if (ahead->head == NULL) {
    while (!ahead->finished && ahead->queued < BATCH_BYTES) pthread_cond_wait(&ahead->arrived, &ahead->lock);
  }
  struct datagram *datagram = ahead->head;
  if (datagram == NULL) {
    ssize_t error = -(ssize_t)ahead->error;
    ahead->error = 0;
    *drained = error == 0;
    pthread_mutex_unlock(&ahead->lock);
    return error;
  }
  if (datagram->length > room) {
    *needed = datagram->length > INT32_MAX ? INT32_MAX : (int)datagram->length;
    pthread_mutex_unlock(&ahead->lock);
    return -ENOBUFS;
  }
  ahead->head = datagram->next;
  if (ahead->head == NULL) ahead->tail = NULL;
  ahead->queued -= datagram->length;
  pthread_cond_broadcast(&ahead->taken);
  pthread_mutex_unlock(&ahead->lock);
  /* The copy runs outside the lock: the thread goes on receiving meanwhile. */
  if (datagram->length > 0) memcpy(buffer, datagram->bytes, datagram->length);
  *flags = datagram->flags;
  ssize_t length = (ssize_t)datagram->length;
  pthread_mutex_lock(&ahead->lock);
  recycle_locked(ahead, datagram);
  pthread_mutex_unlock(&ahead->lock);
  return length;
}

void sock_diag_ahead_stop(struct sock_diag_ahead *ahead, bool drain) {
  if (!ahead->running) return;
  pthread_mutex_lock(&ahead->lock);
  if (drain) ahead->draining = true;
  else ahead->stopping = true;
  pthread_cond_broadcast(&ahead->taken);
  pthread_mutex_unlock(&ahead->lock);
  uint64_t count = 1;
  /*
   * Wakes a wait, so a drain ends where nothing more comes. Nonblocking, and
   * the counter is far from full: this cannot fail but for EINTR.
   */
  while (write(ahead->wake_fd, &count, sizeof(count)) < 0 && errno == EINTR) {
  }
  pthread_join(ahead->thread, NULL);
  ahead->running = false;
  /* Ready for the next dump: the wake cleared, the queue's buffers kept, the state reset. */
  while (read(ahead->wake_fd, &count, sizeof(count)) < 0 && errno == EINTR) {
  }
  for (struct datagram *datagram = ahead->head; datagram != NULL;) {
    struct datagram *next = datagram->next;
    recycle_locked(ahead, datagram);
    datagram = next;
  }
  ahead->head = NULL;
  ahead->tail = NULL;
  ahead->queued = 0;
  ahead->finished = false;
  ahead->stopping = false;
  ahead->draining = false;
  ahead->error = 0;
}

void sock_diag_ahead_free(struct sock_diag_ahead *ahead) {
  sock_diag_ahead_stop(ahead, false);
  for (struct datagram *datagram = ahead->spare; datagram != NULL;) {
    struct datagram *next = datagram->next;
    free(datagram);
    datagram = next;
  }
  pthread_cond_destroy(&ahead->taken);
  pthread_cond_destroy(&ahead->arrived);
  pthread_mutex_destroy(&ahead->lock);
  close(ahead->wake_fd);
  free(ahead);
}
