#define _GNU_SOURCE
#include "isolation.h"

#include <errno.h>
#include <sys/prctl.h>
#include <unistd.h>

int netagent_set_no_new_privs(void)
{
	return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 ? 0 : -errno;
}

int netagent_set_all_gids(gid_t gid)
{
	return setresgid(gid, gid, gid) == 0 ? 0 : -errno;
}

int netagent_set_all_uids(uid_t uid)
{
	return setresuid(uid, uid, uid) == 0 ? 0 : -errno;
}
