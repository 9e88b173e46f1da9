/*
 * netagent/knob.h — helpers for tuners written in C.
 *
 * Not part of the ABI (that is netagent/module.h alone): static inline
 * functions only, so a module carries its own copy and links against nothing.
 * They do what the host expects of a tuner that keeps knobs in files:
 *
 * - Every path goes below services->root (--root), and a path with a ".."
 *   component is refused: a knob key is text from a config, and "../" in it
 *   is an attack on the files outside the root.
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
#include <string.h>
#include <sys/stat.h>
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
 * Reads a whole file. On NETAGENT_OK, *out_value is its content (malloc'd;
 * NUL-terminated) or NULL when the file does not exist, as a knob's read()
 * reports an absent knob.
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

/** fsyncs the directory that holds `path`; errors are ignored (the rename is already done). */
static inline void netagent_sync_directory_of(const char *path)
{
	char directory[4096];
	const char *slash = strrchr(path, '/');
	if (!slash || (size_t)(slash - path) >= sizeof directory)
		return;
	snprintf(directory, sizeof directory, "%.*s", slash == path ? 1 : (int)(slash - path), path);
	int fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/**
 * Replaces the content of the regular file `path` with `text`, atomically (see
 * the top of this file); a new file is made 0644 root:root. The directory must
 * exist. A symlink or a non-regular file at `path` is refused.
 */
static inline int32_t netagent_replace_file(const char *path, const char *text, char **out_message)
{
	struct stat old;
	int exists = lstat(path, &old) == 0;
	if (exists && S_ISLNK(old.st_mode))
		return netagent_knob_fail(out_message, NETAGENT_INVALID, "%s is a symlink; write the file it points to, not the link", path);
	if (exists && !S_ISREG(old.st_mode))
		return netagent_knob_fail(out_message, NETAGENT_ERROR, "%s exists and is not a regular file", path);
	char temporary[4096];
	if (netagent_temporary_path(path, temporary, sizeof temporary) != 0)
		return netagent_knob_fail(out_message, NETAGENT_INVALID, "%s is not an absolute path, or too long", path);
	if (unlink(temporary) != 0 && errno != ENOENT)
		return netagent_knob_fail(out_message, netagent_errno_status(errno), "remove the leftover %s: %s", temporary, strerror(errno));
	int fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return netagent_knob_fail(out_message, netagent_errno_status(errno), "create %s: %s", temporary, strerror(errno));
	const char *failed = NULL;
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
	int error = errno;
	close(fd);
	if (!failed && rename(temporary, path) != 0) {
		failed = "rename";
		error = errno;
	}
	if (failed) {
		unlink(temporary);
		return netagent_knob_fail(out_message, netagent_errno_status(error), "%s %s: %s", failed, temporary, strerror(error));
	}
	netagent_sync_directory_of(path);
	return NETAGENT_OK;
}

/** Deletes the file `path`, and the temporary file a crash may have left for it; NETAGENT_OK
 *  when they are already gone. */
static inline int32_t netagent_remove_file(const char *path, char **out_message)
{
	char temporary[4096];
	if (netagent_temporary_path(path, temporary, sizeof temporary) != 0)
		return netagent_knob_fail(out_message, NETAGENT_INVALID, "%s is not an absolute path, or too long", path);
	if (unlink(path) != 0 && errno != ENOENT)
		return netagent_knob_fail(out_message, netagent_errno_status(errno), "remove %s: %s", path, strerror(errno));
	if (unlink(temporary) != 0 && errno != ENOENT)
		return netagent_knob_fail(out_message, netagent_errno_status(errno), "remove %s: %s", temporary, strerror(errno));
	netagent_sync_directory_of(path);
	return NETAGENT_OK;
}

#ifdef __cplusplus
}
#endif

#endif /* NETAGENT_KNOB_H */
