/*
 * isolation.h — the system calls of netagent's privilege drop that Swift
 * cannot call itself: prctl(2) is variadic, and setresuid(2)/setresgid(2)
 * need _GNU_SOURCE. Each returns 0, or -errno on failure.
 */
#ifndef NETAGENT_ISOLATION_H
#define NETAGENT_ISOLATION_H

#include <sys/types.h>

/** prctl(PR_SET_NO_NEW_PRIVS, 1): no exec of this process or its children gains privileges. */
int netagent_set_no_new_privs(void);

/** setresgid(gid, gid, gid): the real, effective and saved group id. */
int netagent_set_all_gids(gid_t gid);

/** setresuid(uid, uid, uid): the real, effective and saved user id. */
int netagent_set_all_uids(uid_t uid);

#endif
