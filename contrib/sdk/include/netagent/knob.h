/*
 * netagent/knob.h — helpers for tuners written in C.
 *
 * Not part of the ABI (that is netagent/module.h alone): static inline
 * functions only, so a module carries its own copy and links against nothing.
 * They do what the host expects of a tuner that keeps knobs in files:
 *
 * - Every path goes below services->root (--root), and a path with a ".."
 *   component is refused: a knob key is text from a config, and "../" in it
 *   is an attack on the files outside the root. The tree under --root is not
 *   trusted either: the *_knob_file() helpers open every path with openat2(2)
 *   and RESOLVE_IN_ROOT (Linux 5.6), so each symlink in it, at any depth,
 *   resolves inside the root, then work relative to the directory they opened.
 * - A file is replaced atomically: a temporary file beside it, named
 *   ".<name>.netagent-tmp" (the name netagent's own code uses, so rollback and
 *   the next write remove one a crash left), takes the old file's mode and
 *   owner, is fsync'd and renamed over the file; then the directory is fsync'd.
 *   A symlink is refused rather than replaced by a file.
 * - read() must return exactly the bytes write() was given: after every write
 *   the host reads the knob back and compares the strings byte for byte, and
 *   a difference fails the transaction. netagent_read_file() returns the
 *   whole file, so a value written with netagent_replace_file() reads back as
 *   written. (Where a kernel file adds a newline, strip it in read() and do
 *   not pass one to write(), or add it in both.)
 *
 * Messages (*out_message) are allocated with malloc(): a module whose
 * free_string() calls free() passes them on to the host as they are.
 */
#ifndef NETAGENT_KNOB_H
#define NETAGENT_KNOB_H

#include <netagent/module.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <linux/openat2.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The ending of the temporary files netagent_replace_file() makes. */
#define NETAGENT_TEMPORARY_SUFFIX ".netagent-tmp"

/** Sets *out_message (if out_message is not NULL) to a malloc'd, printf-style message and
 *  returns status. */
static inline int32_t netagent_knob_fail(char **out_message, int32_t status, const char *format, ...)
{
	if (!out_message)
		return status;
	va_list arguments;
	va_start(arguments, format);
	int length = vsnprintf(NULL, 0, format, arguments);
	va_end(arguments);
	*out_message = length < 0 ? NULL : (char *)malloc((size_t)length + 1);
	if (*out_message) {
		va_start(arguments, format);
		vsnprintf(*out_message, (size_t)length + 1, format, arguments);
		va_end(arguments);
	}
	return status;
}

/** The status for a failed system call: NETAGENT_PERMISSION for EACCES, EPERM and EROFS,
 *  NETAGENT_ERROR otherwise. */
static inline int32_t netagent_errno_status(int error)
{
	return error == EACCES || error == EPERM || error == EROFS ? NETAGENT_PERMISSION : NETAGENT_ERROR;
}

/**
 * Writes the path of `absolute` below services->root into buffer (size bytes).
 * NETAGENT_INVALID, with the reason in *out_message, when `absolute` does not
 * start with "/", has a ".." component, or does not fit.
 */
static inline int32_t netagent_rooted_path(const netagent_services *services, const char *absolute,
                                           char *buffer, size_t size, char **out_message)
{
	if (absolute[0] != '/')
		return netagent_knob_fail(out_message, NETAGENT_INVALID, "\"%s\" is not an absolute path", absolute);
	for (const char *component = absolute; component; component = strchr(component + 1, '/')) {
		if (strncmp(component, "/..", 3) == 0 && (component[3] == '/' || component[3] == '\0'))
			return netagent_knob_fail(out_message, NETAGENT_INVALID, "\"%s\" has a \"..\" component", absolute);
	}
	const char *root = strcmp(services->root, "/") == 0 ? "" : services->root;
	int length = snprintf(buffer, size, "%s%s", root, absolute);
	if (length < 0 || (size_t)length >= size)
		return netagent_knob_fail(out_message, NETAGENT_INVALID, "the path of \"%s\" below %s is too long", absolute, services->root);
	return NETAGENT_OK;
}

/**
 * Reads the whole file open on `fd` and closes it; `path` names it in messages.
 * On NETAGENT_OK, *out_value is its content (malloc'd; NUL-terminated).
 */
static inline int32_t netagent_read_descriptor(int fd, const char *path, char **out_value, char **out_message)
{
	size_t length = 0, capacity = 4096;
	char *text = (char *)malloc(capacity);
	for (;;) {
		if (!text) {
			close(fd);
			return netagent_knob_fail(out_message, NETAGENT_ERROR, "read %s: out of memory", path);
		}
		ssize_t count = read(fd, text + length, capacity - length - 1);
		if (count < 0 && errno == EINTR)
			continue;
		if (count < 0) {
			int error = errno;
			free(text);
			close(fd);
			return netagent_knob_fail(out_message, netagent_errno_status(error), "read %s: %s", path, strerror(error));
		}
		if (count == 0)
			break;
		length += (size_t)count;
		if (length + 1 == capacity) {
			char *larger = (char *)realloc(text, capacity * 2);
			if (!larger)
				free(text);
			text = larger;
			capacity *= 2;
		}
	}
	close(fd);
	text[length] = '\0';
	*out_value = text;
	return NETAGENT_OK;
}

/**
 * Reads a whole file of the host's (not below --root: see
 * netagent_read_knob_file). On NETAGENT_OK, *out_value is its content
 * (malloc'd; NUL-terminated) or NULL when the file does not exist, as a knob's
 * read() reports an absent knob.
 */
static inline int32_t netagent_read_file(const char *path, char **out_value, char **out_message)
{
	*out_value = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return NETAGENT_OK;
		return netagent_knob_fail(out_message, netagent_errno_status(errno), "open %s: %s", path, strerror(errno));
	}
	return netagent_read_descriptor(fd, path, out_value, out_message);
}

/**
 * Opens `absolute` inside services->root with openat2(2) and RESOLVE_IN_ROOT:
 * every symlink and ".." in it resolves as if the root were "/". `flags` as for
 * open(2). Returns the descriptor, or -1 with errno set (ENOSYS before Linux
 * 5.6). `absolute` must have passed netagent_rooted_path().
 */
static inline int netagent_open_in_root(const netagent_services *services, const char *absolute, int flags)
{
	int root = open(services->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (root < 0)
		return -1;
	struct open_how how;
	memset(&how, 0, sizeof how);
	how.flags = (unsigned long long)(flags | O_CLOEXEC);
	how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
	int fd = (int)syscall(SYS_openat2, root, absolute, &how, sizeof how);
	int error = errno;
	close(root);
	errno = error;
	return fd;
}

/**
 * netagent_read_file() of the file `absolute` names inside services->root,
 * links resolved inside the root. NETAGENT_INVALID for a path with "..".
 */
static inline int32_t netagent_read_knob_file(const netagent_services *services, const char *absolute, char **out_value,
                                              char **out_message)
{
	char path[4096];
	*out_value = NULL;
	int32_t status = netagent_rooted_path(services, absolute, path, sizeof path, out_message);
	if (status != NETAGENT_OK)
		return status;
	int fd = netagent_open_in_root(services, absolute, O_RDONLY);
	if (fd < 0) {
		if (errno == ENOENT)
			return NETAGENT_OK;
		return netagent_knob_fail(out_message, netagent_errno_status(errno), "open %s: %s", path, strerror(errno));
	}
	return netagent_read_descriptor(fd, path, out_value, out_message);
}

/** Writes the name of the temporary file for `path` into buffer: ".<name>.netagent-tmp" beside it.
 *  Returns 0, or -1 when `path` has no "/" or the name does not fit. */
static inline int netagent_temporary_path(const char *path, char *buffer, size_t size)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return -1;
	int length = snprintf(buffer, size, "%.*s/.%s" NETAGENT_TEMPORARY_SUFFIX, (int)(slash - path), path, slash + 1);
	return length < 0 || (size_t)length >= size ? -1 : 0;
}

/** Writes the directory part of the absolute `path` into buffer ("/" for "/x"). Returns 0, or
 *  -1 when `path` has no "/" or does not fit. */
static inline int netagent_parent_path(const char *path, char *buffer, size_t size)
{
	const char *slash = strrchr(path, '/');
	if (!slash || (size_t)(slash - path) >= size)
		return -1;
	snprintf(buffer, size, "%.*s", slash == path ? 1 : (int)(slash - path), path);
	return 0;
}

/**
 * Replaces the file named like the last component of `path` in the open
 * directory `directory`, atomically (see the top of this file), and closes
 * `directory`; `path` names the file in messages. Every step is relative to
 * that directory, so what is checked is what is replaced.
 */
static inline int32_t netagent_replace_file_at(int directory, const char *path, const char *text, char **out_message)
{
	const char *name = strrchr(path, '/') + 1;
	char temporary[4096], temporary_name[4096];
	if (netagent_temporary_path(path, temporary, sizeof temporary) != 0
	    || snprintf(temporary_name, sizeof temporary_name, ".%s" NETAGENT_TEMPORARY_SUFFIX, name) >= (int)sizeof temporary_name) {
		close(directory);
		return netagent_knob_fail(out_message, NETAGENT_INVALID, "%s is too long", path);
	}
	struct stat old;
	int exists = fstatat(directory, name, &old, AT_SYMLINK_NOFOLLOW) == 0;
	const char *refused = !exists ? NULL
	                    : S_ISLNK(old.st_mode) ? "%s is a symlink; write the file it points to, not the link"
	                    : !S_ISREG(old.st_mode) ? "%s exists and is not a regular file" : NULL;
	if (refused) {
		close(directory);
		return netagent_knob_fail(out_message, S_ISLNK(old.st_mode) ? NETAGENT_INVALID : NETAGENT_ERROR, refused, path);
	}
	const char *failed = NULL;
	int error = 0;
	if (unlinkat(directory, temporary_name, 0) != 0 && errno != ENOENT)
		failed = "remove the leftover";
	int fd = failed ? -1 : openat(directory, temporary_name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (!failed && fd < 0)
		failed = "create";
	size_t length = strlen(text), written = 0;
	while (!failed && written < length) {
		ssize_t count = write(fd, text + written, length - written);
		if (count < 0 && errno != EINTR)
			failed = "write";
		else if (count > 0)
			written += (size_t)count;
	}
	if (!failed && (fchown(fd, exists ? old.st_uid : 0, exists ? old.st_gid : 0) != 0
	                || fchmod(fd, exists ? (old.st_mode & 07777) : 0644) != 0))
		failed = "set the owner and mode of";
	if (!failed && fsync(fd) != 0)
		failed = "fsync";
	if (!failed && renameat(directory, temporary_name, directory, name) != 0)
		failed = "rename";
	error = errno;
	if (fd >= 0)
		close(fd);
	if (failed && fd >= 0)
		unlinkat(directory, temporary_name, 0);
	if (!failed)
		fsync(directory);
	close(directory);
	if (failed)
		return netagent_knob_fail(out_message, netagent_errno_status(error), "%s %s: %s", failed, temporary, strerror(error));
	return NETAGENT_OK;
}

/**
 * Deletes the file named like the last component of `path` in the open
 * directory `directory`, and the temporary file a crash may have left for it,
 * then closes `directory`; NETAGENT_OK when they are already gone.
 */
static inline int32_t netagent_remove_file_at(int directory, const char *path, char **out_message)
{
	const char *name = strrchr(path, '/') + 1;
	char temporary_name[4096];
	int32_t status = NETAGENT_OK;
	if (snprintf(temporary_name, sizeof temporary_name, ".%s" NETAGENT_TEMPORARY_SUFFIX, name) >= (int)sizeof temporary_name)
		status = netagent_knob_fail(out_message, NETAGENT_INVALID, "%s is too long", path);
	else if (unlinkat(directory, name, 0) != 0 && errno != ENOENT)
		status = netagent_knob_fail(out_message, netagent_errno_status(errno), "remove %s: %s", path, strerror(errno));
	else if (unlinkat(directory, temporary_name, 0) != 0 && errno != ENOENT)
		status = netagent_knob_fail(out_message, netagent_errno_status(errno), "remove the temporary file of %s: %s", path, strerror(errno));
	else
		fsync(directory);
	close(directory);
	return status;
}

/** Opens the directory that holds `path`: of the host's when services is NULL, else of the
 *  path `absolute` names inside services->root (links resolved inside it). -1 with errno set,
 *  ENOENT when the directory is missing. */
static inline int netagent_open_parent(const netagent_services *services, const char *path)
{
	char directory[4096];
	if (netagent_parent_path(path, directory, sizeof directory) != 0) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return services ? netagent_open_in_root(services, directory, O_RDONLY | O_DIRECTORY)
	                : open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

/**
 * Replaces the content of the regular file `path` of the host's (not below
 * --root: see netagent_replace_knob_file) with `text`, atomically (see the top
 * of this file); a new file is made 0644 root:root. The directory must exist.
 * A symlink or a non-regular file at `path` is refused.
 */
static inline int32_t netagent_replace_file(const char *path, const char *text, char **out_message)
{
	int directory = netagent_open_parent(NULL, path);
	if (directory < 0)
		return netagent_knob_fail(out_message, netagent_errno_status(errno), "open the directory of %s: %s", path, strerror(errno));
	return netagent_replace_file_at(directory, path, text, out_message);
}

/** netagent_replace_file() of the file `absolute` names inside services->root, its directory
 *  resolved inside the root. NETAGENT_INVALID for a path with "..". */
static inline int32_t netagent_replace_knob_file(const netagent_services *services, const char *absolute, const char *text,
                                                 char **out_message)
{
	char path[4096];
	int32_t status = netagent_rooted_path(services, absolute, path, sizeof path, out_message);
	if (status != NETAGENT_OK)
		return status;
	int directory = netagent_open_parent(services, absolute);
	if (directory < 0)
		return netagent_knob_fail(out_message, netagent_errno_status(errno), "open the directory of %s: %s", path, strerror(errno));
	return netagent_replace_file_at(directory, path, text, out_message);
}

/** Deletes the file `path` of the host's (not below --root: see netagent_remove_knob_file), and
 *  the temporary file a crash may have left for it; NETAGENT_OK when they are already gone. */
static inline int32_t netagent_remove_file(const char *path, char **out_message)
{
	int directory = netagent_open_parent(NULL, path);
	if (directory < 0 && errno == ENOENT)
		return NETAGENT_OK;
	if (directory < 0)
		return netagent_knob_fail(out_message, netagent_errno_status(errno), "open the directory of %s: %s", path, strerror(errno));
	return netagent_remove_file_at(directory, path, out_message);
}

/** netagent_remove_file() of the file `absolute` names inside services->root, its directory
 *  resolved inside the root. NETAGENT_INVALID for a path with "..". */
static inline int32_t netagent_remove_knob_file(const netagent_services *services, const char *absolute, char **out_message)
{
	char path[4096];
	int32_t status = netagent_rooted_path(services, absolute, path, sizeof path, out_message);
	if (status != NETAGENT_OK)
		return status;
	int directory = netagent_open_parent(services, absolute);
	if (directory < 0 && errno == ENOENT)
		return NETAGENT_OK;
	if (directory < 0)
		return netagent_knob_fail(out_message, netagent_errno_status(errno), "open the directory of %s: %s", path, strerror(errno));
	return netagent_remove_file_at(directory, path, out_message);
}

#ifdef __cplusplus
}
#endif

#endif /* NETAGENT_KNOB_H */
