#ifndef CEPOLL_H
#define CEPOLL_H
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <stdint.h>

/// epoll_event is packed on x86_64, which Swift cannot express; these accessors hide the layout.
static inline void cepoll_set(struct epoll_event *ev, uint32_t events, uint64_t data) {
    ev->events = events;
    ev->data.u64 = data;
}
static inline uint32_t cepoll_events(const struct epoll_event *ev) { return ev->events; }
static inline uint64_t cepoll_data(const struct epoll_event *ev) { return ev->data.u64; }

/// accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC); Glibc's Swift module hides accept4 (_GNU_SOURCE).
int cepoll_accept_nonblocking(int fd);
#endif
