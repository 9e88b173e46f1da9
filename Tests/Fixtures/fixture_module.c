/*
 * A configurable module for the loader tests. Each -D builds one kind of bad
 * (or good) module:
 *   FIXTURE_NAME "x"        the descriptor's name
 *   FIXTURE_MAJOR n         abi_major in the descriptor
 *   FIXTURE_SIZE n          struct_size in the descriptor
 *   FIXTURE_ENTRY name      the exported entry symbol
 *   FIXTURE_NO_RUN          leave the probe's run callback NULL
 *   FIXTURE_NO_FREE         leave free_string NULL
 *   FIXTURE_RUN=n           what run does: 0 answers for the target "fixture-target";
 *                           1 segfaults, 2 aborts, 3 calls exit(3), 4 sleeps forever,
 *                           5 returns invalid JSON, 6 returns 10^6 samples,
 *                           7 returns invalid UTF-8, 8 returns a negative RTT,
 *                           9 answers but first forks a child that sleeps a minute holding
 *                           every descriptor (its pid goes to FIXTURE_PIDFILE),
 *                           10 answers after printing on standard output,
 *                           11 returns an RTT of 0, 12 returns an RTT of 10^18 ns (31 years)
 *   FIXTURE_MARKER "path"   a constructor that runs at load and appends a line to this file
 *                           with its pid, parent pid and uid: proof of where the code ran
 *   FIXTURE_CONSTRUCTOR=n   a constructor that, at load, 1 calls exit(0), 2 sleeps forever,
 *                           3 prints to standard output
 */
#include <netagent/module.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef FIXTURE_NAME
#define FIXTURE_NAME "fixture"
#endif
#ifndef FIXTURE_MAJOR
#define FIXTURE_MAJOR NETAGENT_ABI_MAJOR
#endif
#ifndef FIXTURE_SIZE
#define FIXTURE_SIZE sizeof(netagent_module)
#endif
#ifndef FIXTURE_ENTRY
#define FIXTURE_ENTRY netagent_module_v1
#endif
#ifndef FIXTURE_RUN
#define FIXTURE_RUN 0
#endif

#ifdef FIXTURE_MARKER
#include <fcntl.h>
__attribute__((constructor)) static void leave_marker(void)
{
	int fd = open(FIXTURE_MARKER, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd >= 0) {
		dprintf(fd, "pid %d ppid %d uid %d\n", (int)getpid(), (int)getppid(), (int)getuid());
		close(fd);
	}
}
#endif

#ifdef FIXTURE_CONSTRUCTOR
__attribute__((constructor)) static void misbehave(void)
{
	switch (FIXTURE_CONSTRUCTOR) {
	case 1: exit(0);
	case 2: for (;;) sleep(1);
	case 3: printf("junk from a module's constructor\n"); break;
	}
}
#endif

#ifndef FIXTURE_NO_FREE
static void free_string(void *ctx, char *string)
{
	(void)ctx;
	free(string);
}
#endif

#ifndef FIXTURE_NO_RUN
/* 10^6 samples for one target: far more than any request asks for. */
static char *many_samples(void)
{
	const char *head = "{\"results\":[{\"target\":\"fixture-target\",\"samples_ns\":[";
	size_t count = 1000000, size = strlen(head) + count * 2 + 8;
	char *json = malloc(size), *cursor = json;
	if (!json)
		return NULL;
	cursor += sprintf(cursor, "%s", head);
	for (size_t i = 0; i < count; i++)
		cursor += sprintf(cursor, i ? ",1" : "1");
	strcpy(cursor, "]}]}");
	return json;
}

static int32_t run(void *ctx, const netagent_services *services, const char *request,
                   char **out_json, char **out_message)
{
	(void)ctx;
	(void)services;
	(void)request;
	(void)out_message;
	switch (FIXTURE_RUN) {
	case 1: {
		volatile int *volatile nowhere = NULL;
		*nowhere = 1;
		break;
	}
	case 2: abort();
	case 3: exit(3);
	case 4: for (;;) sleep(1);
	case 5: *out_json = strdup("{\"results\": [ {not json"); return NETAGENT_OK;
	case 6: *out_json = many_samples(); return NETAGENT_OK;
	case 7: *out_json = strdup("{\"results\":[{\"target\":\"fixture-target\xff\xfe\",\"samples_ns\":[1]}]}"); return NETAGENT_OK;
	case 8: *out_json = strdup("{\"results\":[{\"target\":\"fixture-target\",\"samples_ns\":[-5]}]}"); return NETAGENT_OK;
#ifdef FIXTURE_PIDFILE
	case 9: {
		pid_t child = fork();
		if (child == 0) {
			sleep(60);
			_exit(0);
		}
		FILE *pidfile = fopen(FIXTURE_PIDFILE, "w");
		if (pidfile) {
			fprintf(pidfile, "%d\n", (int)child);
			fclose(pidfile);
		}
		break;
	}
#endif
	case 11: *out_json = strdup("{\"results\":[{\"target\":\"fixture-target\",\"samples_ns\":[0]}]}"); return NETAGENT_OK;
	case 12: *out_json = strdup("{\"results\":[{\"target\":\"fixture-target\",\"samples_ns\":[1000000000000000000]}]}"); return NETAGENT_OK;
	case 10: printf("{\"json\": \"not the answer\"}\n"); fflush(stdout); break;
	}
	*out_json = strdup("{\"results\":[{\"target\":\"fixture-target\",\"samples_ns\":[1000]}]}");
	return NETAGENT_OK;
}
#endif

/* A descriptor followed by a tail a future ABI might add: the host must ignore it. */
static struct {
	netagent_module module;
	uint64_t future_fields[8];
} descriptor = {
	.module = {
		.abi_major = FIXTURE_MAJOR,
		.struct_size = FIXTURE_SIZE,
		.name = FIXTURE_NAME,
		.kind = NETAGENT_KIND_PROBE,
		.version = "0.0.1",
		.summary = "loader test fixture",
#ifndef FIXTURE_NO_FREE
		.free_string = free_string,
#endif
#ifndef FIXTURE_NO_RUN
		.run = run,
#endif
	},
	.future_fields = { 0xdeadbeef },
};

const netagent_module *FIXTURE_ENTRY(void)
{
	return &descriptor.module;
}
