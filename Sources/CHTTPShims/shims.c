#define _GNU_SOURCE
#include "CHTTPShims.h"
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <errno.h>

const uint32_t CHTTP_EV_IN = EPOLLIN;
const uint32_t CHTTP_EV_OUT = EPOLLOUT;
const uint32_t CHTTP_EV_ERR = EPOLLERR;
const uint32_t CHTTP_EV_HUP = EPOLLHUP;
const uint32_t CHTTP_EV_ONESHOT = EPOLLONESHOT;

int chttp_epoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }

int chttp_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data) {
    struct epoll_event ev;
    ev.events = events;
    ev.data.u64 = data;
    int o = op == 0 ? EPOLL_CTL_ADD : (op == 1 ? EPOLL_CTL_MOD : EPOLL_CTL_DEL);
    return epoll_ctl(epfd, o, fd, &ev);
}

int chttp_epoll_wait(int epfd, uint64_t *datas, uint32_t *events, int max, int timeout_ms) {
    struct epoll_event evs[256];
    if (max > 256) max = 256;
    int n = epoll_wait(epfd, evs, max, timeout_ms);
    for (int i = 0; i < n; i++) { datas[i] = evs[i].data.u64; events[i] = evs[i].events; }
    return n;
}

int chttp_eventfd(void) { return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC); }

int chttp_accept(int fd, void *addr, uint32_t *len) {
    socklen_t l = *len;
    int r = accept4(fd, (struct sockaddr *)addr, &l, SOCK_NONBLOCK | SOCK_CLOEXEC);
    *len = l;
    return r;
}

ssize_t chttp_sendfile(int out_fd, int in_fd, int64_t *offset, size_t count) {
    off_t o = (off_t)*offset;
    ssize_t r = sendfile(out_fd, in_fd, &o, count);
    *offset = (int64_t)o;
    return r;
}
