/*
 * conf-file: a tuner written in C with netagent/knob.h, for the tests of the
 * helpers. It owns one file knob, file:/etc/netagent-fixture.conf, and wants it
 * to hold "tuned = 1\n" (or the config's "content").
 */
#include <netagent/knob.h>

static const char *const key = "file:/etc/netagent-fixture.conf";

static void free_string(void *ctx, char *string)
{
	(void)ctx;
	free(string);
}

static int32_t plan(void *ctx, const netagent_services *services, const char *request, char **out_json, char **out_message)
{
	(void)ctx; (void)services; (void)request; (void)out_message;
	*out_json = strdup("{\"knobs\":[{\"key\":\"file:/etc/netagent-fixture.conf\",\"value\":\"tuned = 1\\n\",\"why\":\"test\"}]}");
	return NETAGENT_OK;
}

/* NETAGENT_INVALID for a key other than the module's one. */
static int32_t check_key(const char *knob, char **out_message)
{
	return strcmp(knob, key) == 0 ? NETAGENT_OK : netagent_knob_fail(out_message, NETAGENT_INVALID, "conf-file has one knob, %s", key);
}

static int32_t read_knob(void *ctx, const netagent_services *services, const char *knob, char **out_value, char **out_message)
{
	(void)ctx;
	int32_t status = check_key(knob, out_message);
	return status != NETAGENT_OK ? status : netagent_read_knob_file(services, knob + strlen("file:"), out_value, out_message);
}

static int32_t write_knob(void *ctx, const netagent_services *services, const char *knob, const char *value, char **out_message)
{
	(void)ctx;
	int32_t status = check_key(knob, out_message);
	if (status != NETAGENT_OK)
		return status;
	const char *path = knob + strlen("file:");
	return value ? netagent_replace_knob_file(services, path, value, out_message) : netagent_remove_knob_file(services, path, out_message);
}

static const netagent_module descriptor = {
	.abi_major = NETAGENT_ABI_MAJOR,
	.struct_size = sizeof(netagent_module),
	.name = "conf-file",
	.kind = NETAGENT_KIND_TUNER,
	.version = "0.0.1",
	.summary = "test fixture: one file knob through netagent/knob.h",
	.free_string = free_string,
	.plan = plan,
	.read = read_knob,
	.write = write_knob,
};

const netagent_module *netagent_module_v1(void)
{
	return &descriptor;
}
