/*
 * echo-off: a tuner written in C for the tests of run --measure --rollback-if-worse.
 * It sets net.ipv4.icmp_echo_ignore_all = 1, which makes every echo request to this
 * network namespace go unanswered: a change that measurably makes loss worse.
 * Built with -DCLAIM_EVERY_KEY it answers every read (a defect check-module must catch),
 * with -DEXIT_IN_WRITE it calls exit(0) right after writing "1", with -DEXIT_IN_RESTORE it
 * writes "7" instead of "0" (half a restore) and calls exit(0), and with
 * -DPRINT_ON_STDOUT every call prints a line on standard output; -DTUNER_NAME="x" renames it;
 * -DUNREADABLE_WHEN_SET its read fails while the value is "1" (a knob that cannot be read back).
 * -DTUNER_SYSCTL=\"net.ipv4.x\" -DTUNER_SYSCTL_PATH=\"net/ipv4/x\" -DTUNER_VALUE=\"v\" make it set
 * another sysctl to another value (the rounds tests set tcp_congestion_control = cubic).
 */
#include <netagent/module.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef PRINT_ON_STDOUT
#define STRAY_OUTPUT(call) printf("echo-off says hello from %s\n", call)
#else
#define STRAY_OUTPUT(call) ((void)0)
#endif

#ifndef TUNER_NAME
#define TUNER_NAME "echo-off"
#endif

#ifndef TUNER_SYSCTL
#define TUNER_SYSCTL "net.ipv4.icmp_echo_ignore_all"
#define TUNER_SYSCTL_PATH "net/ipv4/icmp_echo_ignore_all"
#endif
#ifndef TUNER_VALUE
#define TUNER_VALUE "1"
#endif

static const char *const key = "sysctl:" TUNER_SYSCTL;

static void free_string(void *ctx, char *string)
{
	(void)ctx;
	free(string);
}

/* The sysctl's file below the host's root. */
static void path(const netagent_services *services, char *buffer, size_t size)
{
	const char *root = strcmp(services->root, "/") == 0 ? "" : services->root;
	snprintf(buffer, size, "%s/proc/sys/" TUNER_SYSCTL_PATH, root);
}

static int32_t plan(void *ctx, const netagent_services *services, const char *request, char **out_json, char **out_message)
{
	(void)ctx; (void)services; (void)request; (void)out_message;
	STRAY_OUTPUT("plan");
	*out_json = strdup("{\"knobs\":[{\"key\":\"sysctl:" TUNER_SYSCTL "\",\"value\":\"" TUNER_VALUE "\",\"why\":\"test fixture\"}]}");
	return NETAGENT_OK;
}

static int32_t read_knob(void *ctx, const netagent_services *services, const char *knob, char **out_value, char **out_message)
{
	(void)ctx;
	char file[4096], value[32] = "";
	STRAY_OUTPUT("read");
#ifdef CLAIM_EVERY_KEY
	if (strcmp(knob, key) != 0) {
		*out_value = strdup("0");
		return NETAGENT_OK;
	}
#endif
	if (strcmp(knob, key) != 0) {
		*out_message = strdup("echo-off has one knob");
		return NETAGENT_INVALID;
	}
	path(services, file, sizeof file);
	FILE *stream = fopen(file, "r");
	if (!stream) {
		*out_message = strdup("no icmp_echo_ignore_all here");
		return NETAGENT_UNSUPPORTED;
	}
	if (!fgets(value, sizeof value, stream))
		value[0] = '\0';
	fclose(stream);
	value[strcspn(value, "\n")] = '\0';
#ifdef UNREADABLE_WHEN_SET
	if (strcmp(value, "1") == 0) {
		*out_message = strdup("cannot read icmp_echo_ignore_all while it is set");
		return NETAGENT_ERROR;
	}
#endif
	*out_value = strdup(value);
	return NETAGENT_OK;
}

static int32_t write_knob(void *ctx, const netagent_services *services, const char *knob, const char *value, char **out_message)
{
	(void)ctx;
	char file[4096];
	STRAY_OUTPUT("write");
	if (strcmp(knob, key) != 0 || !value) {
		*out_message = strdup("echo-off has one knob and cannot remove it");
		return NETAGENT_INVALID;
	}
	path(services, file, sizeof file);
#ifdef EXIT_IN_RESTORE
	if (strcmp(value, "0") == 0) {
		FILE *half = fopen(file, "w");
		if (half) {
			fputs("7\n", half);
			fclose(half);
		}
		exit(0);
	}
#endif
	FILE *stream = fopen(file, "w");
	if (!stream || fprintf(stream, "%s\n", value) < 0 || fclose(stream) != 0) {
		*out_message = strdup("cannot write icmp_echo_ignore_all");
		return NETAGENT_ERROR;
	}
#ifdef EXIT_IN_WRITE
	if (strcmp(value, "1") == 0)
		exit(0);
#endif
	return NETAGENT_OK;
}

static const netagent_module descriptor = {
	.abi_major = NETAGENT_ABI_MAJOR,
	.struct_size = sizeof(netagent_module),
	.name = TUNER_NAME,
	.kind = NETAGENT_KIND_TUNER,
	.version = "0.0.1",
	.summary = "test fixture: stop answering ICMP echo requests",
	.free_string = free_string,
	.plan = plan,
	.read = read_knob,
	.write = write_knob,
};

const netagent_module *netagent_module_v1(void)
{
	return &descriptor;
}
