/*
 * rooted_open.h — openat2(2) with RESOLVE_IN_ROOT, which glibc does not wrap
 * and Swift cannot reach through the variadic syscall(2).
 */
#ifndef NETAGENT_ROOTED_OPEN_H
#define NETAGENT_ROOTED_OPEN_H

#include <sys/types.h>

/**
 * Opens `path` as if the directory `root_fd` were "/": every symlink and ".."
 * in it, at any depth, resolves inside that directory, and magic links
 * (/proc/PID/fd/N) are refused. `flags` as for open(2); `mode` is used only
 * with O_CREAT. Returns the descriptor, or -errno (-ENOSYS before Linux 5.6).
 */
int netagent_open_in_root(int root_fd, const char *path, int flags, mode_t mode);

#endif
