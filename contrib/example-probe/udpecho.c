/*
 * udpecho — an example netagent probe written in plain C.
 *
 * Measures the round trip of a small UDP datagram to an echo server
 * (host:port or [v6]:port), the path real-time audio takes. It shows the
 * whole ABI from C: the descriptor, the services, status codes and
 * module-owned strings.
 *
 * Build:  cc -shared -fPIC -I<netagent include dir> udpecho.c -o libnetagent-udpecho.so
 *
 * The request is read with a few string scans that rely on the host's
 * compact JSON; a real module should use a JSON library (json-c).
 */
#include <netagent/module.h>

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdarg.h>
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

/* A growing output buffer; on allocation failure it stays NULL. */
struct text {
	char *data;
	size_t length, capacity;
};

static void append(struct text *text, const char *format, ...)
	__attribute__((format(printf, 2, 3)));

static void append(struct text *text, const char *format, ...)
{
	if (!text->data && text->capacity)
		return;
	for (;;) {
		va_list args;
		size_t room = text->capacity - text->length;
		va_start(args, format);
		int needed = vsnprintf(text->data ? text->data + text->length : NULL, room, format, args);
		va_end(args);
		if (needed < 0)
			return;
		if ((size_t)needed < room) {
			text->length += (size_t)needed;
			return;
		}
		size_t capacity = text->capacity * 2 + (size_t)needed + 64;
		char *grown = realloc(text->data, capacity);
		if (!grown) {
			free(text->data);
			text->data = NULL;
			text->capacity = 1;
			return;
		}
		text->data = grown;
		text->capacity = capacity;
	}
}

/* The integer after "key": in the request, or fallback. */
static long request_int(const char *json, const char *key, long fallback)
{
	char pattern[64];
	snprintf(pattern, sizeof pattern, "\"%s\":", key);
	const char *found = strstr(json, pattern);
	return found ? strtol(found + strlen(pattern), NULL, 10) : fallback;
}

/* Copies the strings of "targets":[...] into targets; returns how many. */
static int request_targets(const char *json, char targets[][256], int max)
{
	const char *cursor = strstr(json, "\"targets\":[");
	int count = 0;
	if (!cursor)
		return 0;
	cursor += strlen("\"targets\":[");
	while (*cursor == '"' && count < max) {
		size_t length = 0;
		cursor++;
		while (*cursor && *cursor != '"' && length < 255) {
			if (*cursor == '\\' && cursor[1])
				cursor++;
			targets[count][length++] = *cursor++;
		}
		targets[count++][length] = '\0';
		if (*cursor == '"')
			cursor++;
		if (*cursor == ',')
			cursor++;
	}
	return count;
}

/* Opens a UDP socket connected to host:port; returns -1 with *error set. */
static int connect_target(const char *target, const char **error)
{
	char host[256];
	const char *port;
	if (target[0] == '[') {
		const char *close = strchr(target, ']');
		if (!close || close[1] != ':') {
			*error = "write an IPv6 target as [address]:port";
			return -1;
		}
		snprintf(host, sizeof host, "%.*s", (int)(close - target - 1), target + 1);
		port = close + 2;
	} else {
		const char *colon = strrchr(target, ':');
		if (!colon) {
			*error = "expected host:port";
			return -1;
		}
		snprintf(host, sizeof host, "%.*s", (int)(colon - target), target);
		port = colon + 1;
	}
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
	char payload[32], reply[64];
	int length = snprintf(payload, sizeof payload, "netagent-udpecho %u", sequence);
	int64_t start = now_ns();
	if (send(fd, payload, (size_t)length, 0) != length)
		return -1;
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

static int32_t run(void *module_ctx, const netagent_services *services, const char *request,
                   char **out_json, char **out_message)
{
	(void)module_ctx;
	static char targets[MAX_TARGETS][256];
	int target_count = request_targets(request, targets, MAX_TARGETS);
	long count = request_int(request, "count", 5);
	long interval_ms = request_int(request, "interval_ms", 200);
	long timeout_ms = request_int(request, "timeout_ms", 1000);
	struct text out = { 0 };

	append(&out, "{\"results\":[");
	for (int t = 0; t < target_count; t++) {
		const char *error = NULL;
		int fd = connect_target(targets[t], &error);
		append(&out, "%s{\"target\":\"%s\",\"samples_ns\":[", t ? "," : "", targets[t]);
		for (long i = 0; fd >= 0 && i < count; i++) {
			if (services->cancelled && services->cancelled(services->host_ctx))
				break;
			int64_t rtt = echo_once(fd, (uint32_t)i, timeout_ms);
			if (rtt >= 0)
				append(&out, "%s%lld", i ? "," : "", (long long)rtt);
			else
				append(&out, "%snull", i ? "," : "");
			if (i + 1 < count)
				usleep((useconds_t)interval_ms * 1000);
		}
		append(&out, "]");
		if (fd < 0)
			append(&out, ",\"error\":\"%s\"", error);
		append(&out, "}");
		if (fd >= 0)
			close(fd);
	}
	append(&out, "]}");
	if (!out.data) {
		*out_message = strdup("out of memory");
		return NETAGENT_ERROR;
	}
	if (services->log)
		services->log(services->host_ctx, NETAGENT_LOG_INFO, "udpecho finished");
	*out_json = out.data;
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
