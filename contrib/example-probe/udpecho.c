/*
 * udpecho — an example netagent probe written in plain C.
 *
 * Measures the round trip of a small UDP datagram to `netagent serve-echo`
 * (host:port or [v6]:port), the path real-time audio takes. Each datagram
 * starts with the header serve-echo answers (netagent/echo.h); the reply is
 * the same datagram with the header's reply flag set. It shows the
 * whole ABI from C: the descriptor, the services, status codes and
 * module-owned strings.
 *
 * Build against the installed SDK (see the Makefile beside this file):
 *   cc -shared -fPIC $(pkg-config --cflags netagent json-c) udpecho.c \
 *      $(pkg-config --libs json-c) -o libnetagent-udpecho.so
 *
 * JSON in and out goes through json-c.
 */
#include <netagent/echo.h>
#include <netagent/module.h>

#include <errno.h>
#include <json-c/json.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_TARGETS 64

static int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* An integer member of the request, or fallback when absent. */
static int64_t request_int(struct json_object *request, const char *key, int64_t fallback)
{
	struct json_object *value;
	return json_object_object_get_ex(request, key, &value) ? json_object_get_int64(value) : fallback;
}

/* Splits host:port ([address]:port for IPv6) into host and port; returns -1 with *error set
 * when the target is malformed. */
static int split_target(const char *target, char host[256], const char **port, const char **error)
{
	if (target[0] == '[') {
		const char *close = strchr(target, ']');
		if (!close || close[1] != ':') {
			*error = "write an IPv6 target as [address]:port";
			return -1;
		}
		snprintf(host, 256, "%.*s", (int)(close - target - 1), target + 1);
		*port = close + 2;
	} else {
		const char *colon = strrchr(target, ':');
		if (!colon) {
			*error = "expected host:port";
			return -1;
		}
		snprintf(host, 256, "%.*s", (int)(colon - target), target);
		*port = colon + 1;
	}
	return 0;
}

/* Opens a UDP socket connected to a well-formed host:port; returns -1 with *error set. */
static int connect_target(const char *target, const char **error)
{
	char host[256];
	const char *port;
	if (split_target(target, host, &port, error) != 0)
		return -1;
	struct addrinfo hints = { .ai_socktype = SOCK_DGRAM }, *list;
	if (getaddrinfo(host, port, &hints, &list) != 0) {
		*error = "cannot resolve the host";
		return -1;
	}
	int fd = socket(list->ai_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, list->ai_addr, list->ai_addrlen) != 0) {
		*error = strerror(errno);
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	freeaddrinfo(list);
	return fd;
}

/* One echo round trip in ns, or -1 when lost (timeout) or failed. */
static int64_t echo_once(int fd, uint32_t sequence, long timeout_ms)
{
	uint8_t payload[NETAGENT_ECHO_HEADER_SIZE + 32], reply[sizeof payload + 32];
	netagent_echo_write_header(payload);
	int length = NETAGENT_ECHO_HEADER_SIZE
	             + snprintf((char *)payload + NETAGENT_ECHO_HEADER_SIZE, 32, "netagent-udpecho %u", sequence);
	int64_t start = now_ns();
	if (send(fd, payload, (size_t)length, 0) != length)
		return -1;
	payload[NETAGENT_ECHO_FLAGS_OFFSET] |= NETAGENT_ECHO_REPLY; /* what the reply must be */
	int64_t deadline = start + (int64_t)timeout_ms * 1000000;
	for (;;) {
		int64_t left_ms = (deadline - now_ns()) / 1000000;
		if (left_ms <= 0)
			return -1;
		struct pollfd entry = { .fd = fd, .events = POLLIN };
		if (poll(&entry, 1, (int)left_ms) <= 0)
			continue;
		ssize_t got = recv(fd, reply, sizeof reply, 0);
		if (got == length && memcmp(reply, payload, (size_t)length) == 0)
			return now_ns() - start;
		if (got < 0)
			return -1;
	}
}

static int32_t run(void *module_ctx, const netagent_services *services, const char *request_json,
                   char **out_json, char **out_message)
{
	(void)module_ctx;
	struct json_object *request = json_tokener_parse(request_json);
	struct json_object *targets;
	if (!request || !json_object_is_type(request, json_type_object)
	    || !json_object_object_get_ex(request, "targets", &targets) || !json_object_is_type(targets, json_type_array)) {
		*out_message = strdup("the request is not a JSON object with a targets array");
		json_object_put(request);
		return NETAGENT_INVALID;
	}
	/* A malformed target is a mistake in the request: refuse it before measuring anything. */
	for (size_t t = 0; t < json_object_array_length(targets); t++) {
		const char *target = json_object_get_string(json_object_array_get_idx(targets, t));
		char host[256];
		const char *port, *error = "not a string";
		if (!target || split_target(target, host, &port, &error) != 0) {
			char message[512];
			snprintf(message, sizeof message, "target \"%s\": %s", target ? target : "", error);
			*out_message = strdup(message);
			json_object_put(request);
			return NETAGENT_INVALID;
		}
	}
	int64_t count = request_int(request, "count", 5);
	int64_t interval_ms = request_int(request, "interval_ms", 200);
	int64_t timeout_ms = request_int(request, "timeout_ms", 1000);

	struct json_object *results = json_object_new_array();
	for (size_t t = 0; t < json_object_array_length(targets); t++) {
		const char *target = json_object_get_string(json_object_array_get_idx(targets, t));
		struct json_object *result = json_object_new_object();
		struct json_object *samples = json_object_new_array();
		const char *error = NULL;
		int fd = target ? connect_target(target, &error) : -1;
		json_object_object_add(result, "target", json_object_new_string(target ? target : ""));
		for (int64_t i = 0; fd >= 0 && i < count; i++) {
			if (services->cancelled && services->cancelled(services->host_ctx))
				break;
			int64_t rtt = echo_once(fd, (uint32_t)i, (long)timeout_ms);
			json_object_array_add(samples, rtt >= 0 ? json_object_new_int64(rtt) : NULL);
			if (i + 1 < count)
				usleep((useconds_t)(interval_ms * 1000));
		}
		json_object_object_add(result, "samples_ns", samples);
		if (fd < 0)
			json_object_object_add(result, "error", json_object_new_string(error ? error : "no target"));
		else
			close(fd);
		json_object_array_add(results, result);
	}
	json_object_put(request);

	struct json_object *answer = json_object_new_object();
	json_object_object_add(answer, "results", results);
	*out_json = strdup(json_object_to_json_string_ext(answer, JSON_C_TO_STRING_PLAIN));
	json_object_put(answer);
	if (!*out_json) {
		*out_message = strdup("out of memory");
		return NETAGENT_ERROR;
	}
	if (services->log)
		services->log(services->host_ctx, NETAGENT_LOG_INFO, "udpecho finished");
	return NETAGENT_OK;
}

static void free_string(void *module_ctx, char *string)
{
	(void)module_ctx;
	free(string);
}

static const netagent_module descriptor = {
	.abi_major = NETAGENT_ABI_MAJOR,
	.struct_size = sizeof(netagent_module),
	.name = "udpecho",
	.kind = NETAGENT_KIND_PROBE,
	.flags = 0,
	.version = "1.0.0",
	.summary = "UDP echo round-trip time to host:port, the path real-time audio takes",
	.config_schema = NULL,
	.module_ctx = NULL,
	.free_string = free_string,
	.run = run,
};

const netagent_module *netagent_module_v1(void)
{
	return &descriptor;
}
