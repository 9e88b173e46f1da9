/*
 * netagent/module.h — the netagent module ABI, version 1.
 *
 * This header is everything a module author needs. A module is a shared
 * library that exports one function, netagent_module_v1(), returning a
 * descriptor. The host (the `netagent` program) dlopen()s the file, calls the
 * entry once, checks the descriptor and then calls the module's functions.
 *
 * Rules of the ABI
 * ----------------
 * - Sized structs. Every struct that crosses the boundary starts with its own
 *   size in bytes. Fields are only ever appended. A reader given a struct
 *   shorter than it knows reads the missing tail as zero; a reader given a
 *   longer struct ignores the unknown tail. (The kernel's copy_struct_from_user
 *   requires the tail to be zero; netagent ignores it instead, so a newer
 *   module keeps loading in an older host.)
 * - Fixed-width types only: no bool, no enum, no bit-fields.
 * - Text is UTF-8. Structured data (configs, plans, samples) crosses as JSON
 *   text; a knob's value is a plain string, NULL meaning "absent".
 * - Ownership. A string the host passes in is owned by the host and valid only
 *   during the call. A string the module passes out through a `char **` is
 *   allocated by the module and released by the host with the module's own
 *   free_string(). Out pointers are NULL on entry; a module may leave them NULL.
 * - Every call returns a NETAGENT_* status. No call may abort the process,
 *   print, exit, or keep a pointer to host memory after it returns.
 * - Threads. The host never calls one module from two threads at once unless
 *   the descriptor sets NETAGENT_FLAG_THREAD_SAFE.
 * - Read-back. After every write() the host calls read() on the same key and
 *   compares the two strings byte for byte; a difference fails the
 *   transaction and restores what was written. So read() must return exactly
 *   the string write() was given (strip or add a kernel file's trailing
 *   newline in both, never in one).
 * - Paths. Every file a tuner touches lies below services->root, and a key
 *   with a ".." component must be refused (NETAGENT_INVALID). Replace files
 *   atomically (temporary file beside it, fsync, rename) so a crash leaves the
 *   old or the new content. netagent/knob.h, installed beside this header,
 *   has static inline helpers that do all three for C tuners.
 */
#ifndef NETAGENT_MODULE_H
#define NETAGENT_MODULE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The ABI major this header describes. A host refuses any other major. */
#define NETAGENT_ABI_MAJOR 1

/** The name of the entry symbol for ABI major 1. */
#define NETAGENT_ENTRY_SYMBOL_V1 "netagent_module_v1"

/* ---- Status codes: the result of every call ---------------------------- */

/** The call did what was asked. */
#define NETAGENT_OK 0
/** The call failed; the message says why. */
#define NETAGENT_ERROR 1
/** Not applicable on this host (like PAM_IGNORE): a knob the kernel lacks,
 *  hardware without the feature. Not a failure; the host reports it. */
#define NETAGENT_UNSUPPORTED 2
/** The host passed something the module cannot accept: bad JSON, unknown
 *  key, a config value out of range. The message names it. */
#define NETAGENT_INVALID 3
/** The deadline passed or the host cancelled the call. */
#define NETAGENT_CANCELLED 4
/** The module lacks the privilege to do this (EPERM, EACCES). */
#define NETAGENT_PERMISSION 5

/** A constant English name for a status code, for messages. Never NULL. */
static inline const char *netagent_status_string(int32_t status)
{
	switch (status) {
	case NETAGENT_OK: return "ok";
	case NETAGENT_ERROR: return "error";
	case NETAGENT_UNSUPPORTED: return "unsupported";
	case NETAGENT_INVALID: return "invalid argument";
	case NETAGENT_CANCELLED: return "cancelled";
	case NETAGENT_PERMISSION: return "permission denied";
	default: return "unknown status";
	}
}

/* ---- Log levels for netagent_services.log ------------------------------ */

#define NETAGENT_LOG_DEBUG 0
#define NETAGENT_LOG_INFO 1
#define NETAGENT_LOG_WARNING 2
#define NETAGENT_LOG_ERROR 3

/* ---- What the host offers the module ----------------------------------- */

/**
 * Services the host passes into every call. Owned by the host; valid only
 * during the call. Read a field only if it lies within struct_size.
 */
typedef struct netagent_services {
	/** sizeof the struct as the host built it. */
	uint32_t struct_size;
	/** Version of this struct's layout: 1 up to cancelled, 2 with progress.
	 *  Test struct_size, not this, before reading a field. */
	uint32_t version;
	/** Opaque host context: pass it back as the first argument of log()
	 *  and cancelled(). Never dereference it. */
	void *host_ctx;
	/** Log one line through the host's logger, attributed to the module.
	 *  level is a NETAGENT_LOG_*; message is UTF-8, host copies it. */
	void (*log)(void *host_ctx, int32_t level, const char *message);
	/** Filesystem root prefix for every file and sysfs path the module
	 *  touches: "/" normally, a directory under --root in tests and image
	 *  builds. Never NULL, never ends in "/" unless it is "/". */
	const char *root;
	/** Absolute CLOCK_MONOTONIC deadline of this call in nanoseconds, or 0
	 *  for none. A module stops and returns NETAGENT_CANCELLED past it. */
	int64_t deadline_ns;
	/** Returns nonzero when the host wants the call to stop early (the user
	 *  pressed ^C). Cheap; call it between attempts. A probe stopped this
	 *  way may answer NETAGENT_OK with the attempts made so far (fewer
	 *  samples than count), as ping prints its statistics at ^C. */
	int32_t (*cancelled)(void *host_ctx);
	/** Version 2, added after ABI 1's first release: read it only when
	 *  struct_size reaches it. A probe tells how far its run has got: the
	 *  attempts sent so far and the replies received, summed over every
	 *  target. The host shows them on a progress line. Cheap; call it
	 *  every 100 ms or so, and after the last attempt. */
	void (*progress)(void *host_ctx, uint64_t sent, uint64_t received);
} netagent_services;

/** Size of netagent_services version 1 (without progress). */
#define NETAGENT_SERVICES_SIZE_V1 \
	(offsetof(netagent_services, cancelled) + sizeof(void *))

/* ---- What the module offers the host ----------------------------------- */

/** The module changes system settings: it lists knobs, reads and writes them. */
#define NETAGENT_KIND_TUNER 1
/** The module measures: it returns raw samples per target. */
#define NETAGENT_KIND_PROBE 2

/** Flag: the host may call this module from several threads at once. */
#define NETAGENT_FLAG_THREAD_SAFE 0x1u

/** Flag, probes: a round measures all its targets at once (one socket, one
 *  poll loop, as fping does), so a run takes count x interval_ms plus one
 *  timeout however many targets there are. Without it the host allows each
 *  attempt its timeout in turn: count x (interval_ms + timeout_ms x targets).
 *  The host sizes the run's deadline from it. Added after ABI 1's first
 *  release: hosts that predate it ignore it. */
#define NETAGENT_FLAG_TARGETS_AT_ONCE 0x2u

/** Flag, probes: the probe opens raw sockets (ICMP echo where
 *  net.ipv4.ping_group_range does not allow datagram ICMP sockets). Run as
 *  root, the host runs every probe in a helper that drops to an unprivileged
 *  system user (netagent, else nobody) with no_new_privs once the module is
 *  loaded; with this flag the helper keeps CAP_NET_RAW, without it no
 *  capability at all. Added after ABI 1's first release: hosts that predate
 *  it run probes as root. */
#define NETAGENT_FLAG_NEEDS_RAW_SOCKETS 0x4u

/**
 * The module descriptor, returned by netagent_module_v1(). It and the strings
 * it points to are owned by the module and must stay valid until the library
 * is unloaded. The host reads only the first struct_size bytes.
 *
 * Every function gets module_ctx as its first argument and the host services
 * as its second. Functions a kind does not use are NULL: a tuner sets plan,
 * read and write; a probe sets run.
 */
typedef struct netagent_module {
	/** NETAGENT_ABI_MAJOR as the module was built. Must be the first field. */
	uint32_t abi_major;
	/** sizeof(netagent_module) as the module was built. At least
	 *  NETAGENT_MODULE_SIZE_V1. */
	uint32_t struct_size;
	/** Unique module name: 1 to 32 characters of [a-z0-9-]. Users type it in
	 *  --enable and in the config file. */
	const char *name;
	/** NETAGENT_KIND_TUNER or NETAGENT_KIND_PROBE. */
	uint32_t kind;
	/** NETAGENT_FLAG_* bits; 0 when none. */
	uint32_t flags;
	/** The module's own version, free text such as "1.2.0". */
	const char *version;
	/** One line saying what the module does, without a trailing period. */
	const char *summary;
	/** JSON Schema (an object with "properties") of the module's config
	 *  table, or NULL when it takes no config. The host rejects config keys
	 *  the schema does not list. */
	const char *config_schema;
	/** Opaque module state, passed back as the first argument of every call. */
	void *module_ctx;
	/** Frees a string the module returned through a char ** out parameter. */
	void (*free_string)(void *module_ctx, char *string);

	/**
	 * Tuner: the knobs this module wants for a request.
	 * request_json: {"profile": "aggressive"|"moderate"|"conservative",
	 *                "config": {...}} (config: the module's table, may be {}).
	 * *out_json on NETAGENT_OK: {"knobs": [{"key": "sysctl:net...",
	 *   "value": "bbr", "why": "one line", "unsupported": "reason"?}]}
	 *   "unsupported" is present only for a knob this host cannot take.
	 *   A knob may add "after_change": "what the change does not reach by itself
	 *   and what to restart" (a setting only new sockets or qdiscs pick up);
	 *   netagent shows it in the plan and after applying.
	 * Changes nothing.
	 */
	int32_t (*plan)(void *module_ctx, const netagent_services *services,
	                const char *request_json, char **out_json, char **out_message);

	/**
	 * Tuner: the current value of one knob.
	 * On NETAGENT_OK *out_value is the value, or NULL when the knob is absent
	 * (e.g. a file that does not exist). NETAGENT_UNSUPPORTED when this host
	 * has no such knob, with the reason in *out_message. Changes nothing.
	 */
	int32_t (*read)(void *module_ctx, const netagent_services *services,
	                const char *key, char **out_value, char **out_message);

	/**
	 * Tuner: set one knob. value NULL means make it absent (delete the file).
	 * The only function allowed to change the system. Verification, journal
	 * and rollback are the host's job.
	 */
	int32_t (*write)(void *module_ctx, const netagent_services *services,
	                 const char *key, const char *value, char **out_message);

	/**
	 * Probe: measure. request_json: {"targets": ["host:port", ...],
	 *   "count": N, "interval_ms": N, "timeout_ms": N, "config": {...}}.
	 * *out_json on NETAGENT_OK: {"results": [{"target": "...",
	 *   "samples_ns": [123456, null, ...], "errors": ["..."]?,
	 *   "phases_ns": {"name": [..]}?, "error": "..."?,
	 *   "counters": {"duplicates": 0, ...}?, "timestamp_source": "kernel"?,
	 *   "call": {"codec": "g711", "frame_ms": 20, "jitter_buffer_ms": 40?}?}]}
	 * One result per target in request order. samples_ns holds one entry per
	 * attempt: the round-trip time in nanoseconds, or null when lost. "error"
	 * is set when the target could not be measured at all (a name that does
	 * not resolve); a malformed target (not in the probe's syntax) is instead
	 * refused by returning NETAGENT_INVALID before anything is measured.
	 * phases_ns: per named phase (such as "connect", "ttfb"), one entry per
	 * attempt, in nanoseconds from the attempt's start. counters: events that
	 * are not losses ("duplicates", "late", "corrupt", "reordered").
	 * timestamp_source: where the times came from ("kernel", "user", ...).
	 * call: set when the samples are a paced audio-shaped stream, one packet
	 * every frame_ms; netagent then rates them as a call with the ITU-T G.107
	 * E-model for codec ("g711", "g711-noplc", "g729a", "g723.1"), sizing the
	 * jitter buffer from the jitter unless jitter_buffer_ms is given. Added
	 * after ABI 1's first release: hosts that predate it ignore it.
	 */
	int32_t (*run)(void *module_ctx, const netagent_services *services,
	               const char *request_json, char **out_json, char **out_message);
} netagent_module;

/** Size of netagent_module in ABI version 1. */
#define NETAGENT_MODULE_SIZE_V1 \
	(offsetof(netagent_module, run) + sizeof(void *))

/** The entry point every ABI-1 module exports. Called once after dlopen. */
const netagent_module *netagent_module_v1(void);

#ifdef __cplusplus
}
#endif

#endif /* NETAGENT_MODULE_H */
