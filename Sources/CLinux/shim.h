// Linux interfaces that Swift's Glibc module does not export: epoll, eventfd, mallopt,
// and two GNU extensions (declared here because Glibc is built without _GNU_SOURCE).
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <pthread.h>
#include <malloc.h>

extern int accept4(int fd, struct sockaddr *addr, socklen_t *addrlen, int flags);
extern int pthread_setname_np(pthread_t thread, const char *name);
