/*
 * Checks netagent/knob.h's path and file helpers directly, below the directory
 * given as argv[1], with argv[2] a directory outside it that holds the file
 * x.conf. Prints one line per failed check and "N passed, N failed".
 */
#include <netagent/knob.h>

static int passed, failed;

static void check(int condition, const char *what)
{
	if (condition) {
		passed++;
	} else {
		failed++;
		printf("FAILED: %s\n", what);
	}
}

int main(int argc, char **argv)
{
	if (argc != 3)
		return 64;
	netagent_services services = { .struct_size = sizeof services, .version = 1, .root = argv[1] };
	char path[4096], *message = NULL, *value = NULL;

	check(netagent_rooted_path(&services, "/etc/../shadow", path, sizeof path, &message) == NETAGENT_INVALID, "a .. component is refused");
	check(message && strstr(message, "\"..\""), "the refusal says why");
	free(message);
	message = NULL;
	check(netagent_rooted_path(&services, "/etc/..", path, sizeof path, NULL) == NETAGENT_INVALID, "a trailing .. is refused");
	check(netagent_rooted_path(&services, "etc/x", path, sizeof path, NULL) == NETAGENT_INVALID, "a relative path is refused");
	check(netagent_rooted_path(&services, "/etc/..x/y", path, sizeof path, NULL) == NETAGENT_OK, "a name that starts with .. is fine");
	check(netagent_rooted_path(&services, "/x.conf", path, sizeof path, NULL) == NETAGENT_OK
	      && strncmp(path, argv[1], strlen(argv[1])) == 0, "paths go below the root");

	check(netagent_read_file(path, &value, NULL) == NETAGENT_OK && value == NULL, "a missing file reads as absent");
	check(netagent_replace_file(path, "a = 1\n", NULL) == NETAGENT_OK, "a new file is written");
	check(netagent_read_file(path, &value, NULL) == NETAGENT_OK && value && strcmp(value, "a = 1\n") == 0, "it reads back byte for byte");
	free(value);
	struct stat info;
	check(stat(path, &info) == 0 && (info.st_mode & 07777) == 0644, "a new file is 0644");
	chmod(path, 0640);
	char temporary[4096];
	netagent_temporary_path(path, temporary, sizeof temporary);
	check(strstr(temporary, "/.x.conf.netagent-tmp") != NULL, "the temporary file is .<name>.netagent-tmp");
	FILE *leftover = fopen(temporary, "w");
	if (leftover)
		fclose(leftover);
	check(netagent_replace_file(path, "a = 2\n", NULL) == NETAGENT_OK, "a leftover temporary file does not stop a write");
	check(stat(path, &info) == 0 && (info.st_mode & 07777) == 0640, "replacing keeps the mode");
	check(access(temporary, F_OK) != 0, "no temporary file is left");
	leftover = fopen(temporary, "w");
	if (leftover)
		fclose(leftover);
	check(netagent_remove_file(path, NULL) == NETAGENT_OK && access(path, F_OK) != 0 && access(temporary, F_OK) != 0,
	      "removing deletes the file and a leftover temporary file");
	check(netagent_remove_file(path, NULL) == NETAGENT_OK, "removing a missing file is fine");
	char link[4096];
	snprintf(link, sizeof link, "%s/link.conf", argv[1]);
	check(symlink("/etc/passwd", link) == 0 && netagent_replace_file(link, "x", NULL) == NETAGENT_INVALID, "a symlink is not replaced");


	char etc[4096], outside[4096];
	snprintf(etc, sizeof etc, "%s/etc", argv[1]);
	snprintf(outside, sizeof outside, "%s/x.conf", argv[2]);
	check(symlink(argv[2], etc) == 0, "the tree links etc to the directory outside");
	check(netagent_replace_knob_file(&services, "/etc/x.conf", "a = 3\n", NULL) != NETAGENT_OK, "a replace does not follow the link out of the root");
	check(netagent_read_knob_file(&services, "/etc/x.conf", &value, NULL) == NETAGENT_OK && value == NULL, "a read finds nothing outside the root");
	check(netagent_remove_knob_file(&services, "/etc/x.conf", NULL) == NETAGENT_OK, "a remove inside the root has nothing to do");
	check(netagent_read_file(outside, &value, NULL) == NETAGENT_OK && value && strcmp(value, "outside\n") == 0, "the file outside is untouched");
	free(value);
	check(netagent_replace_knob_file(&services, "/x.conf", "a = 4\n", NULL) == NETAGENT_OK
	      && netagent_read_knob_file(&services, "/x.conf", &value, NULL) == NETAGENT_OK && value && strcmp(value, "a = 4\n") == 0,
	      "inside the root the knob helpers write and read back");
	free(value);
	check(netagent_remove_knob_file(&services, "/x.conf", NULL) == NETAGENT_OK && netagent_read_knob_file(&services, "/x.conf", &value, NULL) == NETAGENT_OK
	      && value == NULL, "and remove");
	check(netagent_read_knob_file(&services, "/etc/../x.conf", &value, NULL) == NETAGENT_INVALID, "the knob helpers refuse ..");

	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
