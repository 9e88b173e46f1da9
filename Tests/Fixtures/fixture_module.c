/*
 * A configurable module for the loader tests. Each -D builds one kind of bad
 * (or good) module:
 *   FIXTURE_NAME "x"        the descriptor's name
 *   FIXTURE_MAJOR n         abi_major in the descriptor
 *   FIXTURE_SIZE n          struct_size in the descriptor
 *   FIXTURE_ENTRY name      the exported entry symbol
 *   FIXTURE_NO_RUN          leave the probe's run callback NULL
 */
#include <netagent/module.h>
#include <stdlib.h>
#include <string.h>

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

static void free_string(void *ctx, char *string)
{
	(void)ctx;
	free(string);
}

#ifndef FIXTURE_NO_RUN
static int32_t run(void *ctx, const netagent_services *services, const char *request,
                   char **out_json, char **out_message)
{
	(void)ctx;
	(void)services;
	(void)request;
	(void)out_message;
	*out_json = strdup("{\"results\":[]}");
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
		.free_string = free_string,
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
