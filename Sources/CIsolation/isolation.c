#define _GNU_SOURCE
#include "isolation.h"

#include <errno.h>
#include <linux/capability.h>
#include <sys/syscall.h>
#include <sys/auxv.h>
#include <sys/prctl.h>
#include <sys/vfs.h>
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

int netagent_is_secure_execution(void)
{
	return getauxval(AT_SECURE) != 0;
}

int netagent_filesystem_type(int fd, long *magic)
{
	struct statfs filesystem;
	if (fstatfs(fd, &filesystem) != 0)
		return -errno;
	*magic = (long)filesystem.f_type;
	return 0;
}

int netagent_spawn_close_from(posix_spawn_file_actions_t *actions, int lowest)
{
	int status = posix_spawn_file_actions_addclosefrom_np(actions, lowest);
	return status == 0 ? 0 : -status;
}

int netagent_set_keep_capabilities(int keep)
{
	return prctl(PR_SET_KEEPCAPS, keep, 0, 0, 0) == 0 ? 0 : -errno;
}

int netagent_limit_capabilities(unsigned long long mask)
{
	struct __user_cap_header_struct header = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
	struct __user_cap_data_struct data[2] = { { 0 } };
	data[0].effective = data[0].permitted = (__u32)mask;
	data[1].effective = data[1].permitted = (__u32)(mask >> 32);
	if (syscall(SYS_capset, &header, data) != 0)
		return -errno;
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 && errno != EINVAL)
		return -errno;
	return 0;
}
