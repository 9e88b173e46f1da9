/*
 * iperf_load.h — working conditions for the responsiveness probe: an iperf3
 * client (libiperf) run in a thread of its own, so the probe can measure
 * latency on the same path while the flows fill it.
 *
 * Functions return 0 or a negative errno, or a documented value; none prints.
 */
#ifndef NETAGENT_IPERF_LOAD_H
#define NETAGENT_IPERF_LOAD_H

/** Which way the flows go, seen from this host. */
#define NETAGENT_LOAD_UPLOAD 0
#define NETAGENT_LOAD_DOWNLOAD 1
#define NETAGENT_LOAD_BOTH 2

/** A running iperf3 client. */
typedef struct netagent_load netagent_load;

/**
 * Starts `flows` TCP flows to the iperf3 server at host:port for `duration_s`
 * seconds in `direction`, reporting goodput every second. Returns NULL with
 * the reason in `error` (at most `error_size` bytes) when it cannot start.
 */
netagent_load *netagent_load_start(const char *host, int port, int flows, int duration_s, int direction,
                                   char *error, int error_size);

/** 1 when the client has already ended (it could not start the test, say), else 0. */
int netagent_load_ended(netagent_load *load);

/**
 * Waits for the flows to end and frees `load`. Returns iperf3's JSON report
 * (malloc'd: free() it), or NULL with the reason in `error`.
 */
char *netagent_load_finish(netagent_load *load, char *error, int error_size);

#endif
