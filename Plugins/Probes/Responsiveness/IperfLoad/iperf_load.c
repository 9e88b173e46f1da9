#include "iperf_load.h"

#include <stdint.h>
#include <sys/select.h>
#include <iperf_api.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct netagent_load {
	struct iperf_test *test;
	pthread_t thread;
	int result;
	int ended; /* set by the client thread as it ends, read with __atomic_load_n */
};

static void *run_client(void *argument)
{
	netagent_load *load = argument;
	load->result = iperf_run_client(load->test);
	__atomic_store_n(&load->ended, 1, __ATOMIC_RELEASE);
	return NULL;
}

int netagent_load_ended(netagent_load *load)
{
	return __atomic_load_n(&load->ended, __ATOMIC_ACQUIRE);
}

netagent_load *netagent_load_start(const char *host, int port, int flows, int duration_s, int direction,
                                   char *error, int error_size)
{
	netagent_load *load = calloc(1, sizeof *load);
	if (!load || !(load->test = iperf_new_test()) || iperf_defaults(load->test) != 0) {
		snprintf(error, error_size, "libiperf could not set up a test");
		if (load && load->test)
			iperf_free_test(load->test);
		free(load);
		return NULL;
	}
	iperf_set_test_role(load->test, 'c');
	iperf_set_test_server_hostname(load->test, host);
	iperf_set_test_server_port(load->test, port);
	iperf_set_test_num_streams(load->test, flows);
	iperf_set_test_duration(load->test, duration_s);
	iperf_set_test_reporter_interval(load->test, 1.0);
	iperf_set_test_stats_interval(load->test, 1.0);
	iperf_set_test_json_output(load->test, 1);
	if (direction == NETAGENT_LOAD_DOWNLOAD)
		iperf_set_test_reverse(load->test, 1);
	if (direction == NETAGENT_LOAD_BOTH)
		iperf_set_test_bidirectional(load->test, 1);
	if (pthread_create(&load->thread, NULL, run_client, load) != 0) {
		snprintf(error, error_size, "cannot start a thread for the iperf3 client");
		iperf_free_test(load->test);
		free(load);
		return NULL;
	}
	return load;
}

char *netagent_load_finish(netagent_load *load, char *error, int error_size)
{
	pthread_join(load->thread, NULL);
	char *json = NULL;
	const char *report = iperf_get_test_json_output_string(load->test);
	if (report)
		json = strdup(report);
	else
		snprintf(error, error_size, "iperf3 gave no report: %s", load->result < 0 ? iperf_strerror(i_errno) : "no output");
	iperf_free_test(load->test);
	free(load);
	return json;
}
