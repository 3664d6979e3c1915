// Linux calls that Swift's Glibc module does not expose (epoll, eventfd, accept4, sendfile).
// Wrapped in plain functions so Swift never touches the packed `struct epoll_event`.
#ifndef CHTTPSHIMS_H
#define CHTTPSHIMS_H
#include <stdint.h>
#include <sys/types.h>

int chttp_epoll_create(void);
/// op: 0 add, 1 modify, 2 delete. events: bit set of CHTTP_EV_*.
int chttp_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data);
/// Fills `datas` and `events` with up to `max` ready entries.
int chttp_epoll_wait(int epfd, uint64_t *datas, uint32_t *events, int max, int timeout_ms);
int chttp_eventfd(void);
int chttp_accept(int fd, void *addr, uint32_t *len);
ssize_t chttp_sendfile(int out_fd, int in_fd, int64_t *offset, size_t count);

extern const uint32_t CHTTP_EV_IN;
extern const uint32_t CHTTP_EV_OUT;
extern const uint32_t CHTTP_EV_ERR;
extern const uint32_t CHTTP_EV_HUP;
extern const uint32_t CHTTP_EV_ONESHOT;
#endif
