/*
 * isolation.h — the system calls of netagent's privilege checks and drops
 * that Swift cannot call itself: prctl(2) is variadic, setresuid(2) and
 * setresgid(2) and posix_spawn_file_actions_addclosefrom_np(3) need
 * _GNU_SOURCE, Glibc's Swift module has neither getauxval(3) nor fstatfs(2),
 * and capset(2) has no wrapper at all. Each returns 0 (or what it says), or
 * -errno.
 */
#ifndef NETAGENT_ISOLATION_H
#define NETAGENT_ISOLATION_H

#include <spawn.h>
#include <sys/types.h>

/** prctl(PR_SET_NO_NEW_PRIVS, 1): no exec of this process or its children gains privileges. */
int netagent_set_no_new_privs(void);

/** setresgid(gid, gid, gid): the real, effective and saved group id. */
int netagent_set_all_gids(gid_t gid);

/** setresuid(uid, uid, uid): the real, effective and saved user id. */
int netagent_set_all_uids(uid_t uid);

/** Adds to `actions` the closing of every descriptor from `lowest` up in the child. */
int netagent_spawn_close_from(posix_spawn_file_actions_t *actions, int lowest);

/** prctl(PR_SET_KEEPCAPS, keep): whether the permitted capabilities survive the change from uid 0. */
int netagent_set_keep_capabilities(int keep);

/** capset(2): the effective and permitted sets become `mask` (bit n = capability n), the
 *  inheritable set empty; then the ambient set is cleared. */
int netagent_limit_capabilities(unsigned long long mask);

/** 1 when the kernel runs this process in secure mode (getauxval(AT_SECURE)): a setuid, setgid or file-capability binary. */
int netagent_is_secure_execution(void);

/** The filesystem type of `fd` (statfs(2) f_type) in *magic. */
int netagent_filesystem_type(int fd, long *magic);

#endif
