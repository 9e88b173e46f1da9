#define _GNU_SOURCE /* strptime, timegm */
#include "curl_timing.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

struct netagent_http {
	CURL *curl;
	int32_t reuse;
	int64_t bytes;
	char error[CURL_ERROR_SIZE];
};

/* Counts the body and throws it away. */
static size_t discard(char *data, size_t size, size_t count, void *context)
{
	(void)data;
	((netagent_http *)context)->bytes += (int64_t)(size * count);
	return size * count;
}

netagent_http *netagent_http_new(const char *url, int32_t http_version, int32_t reuse,
                                 int32_t verify_tls, const char *ca_file, int64_t timeout_ms)
{
	static int initialized;
	if (!initialized) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
			return NULL;
		initialized = 1;
	}
	netagent_http *handle = calloc(1, sizeof *handle);
	if (!handle || !(handle->curl = curl_easy_init())) {
		free(handle);
		return NULL;
	}
	CURL *curl = handle->curl;
	handle->reuse = reuse;
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, (long)timeout_ms);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, handle);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, handle->error);
	curl_easy_setopt(curl, CURLOPT_USERAGENT, "netagent-http/1.0");
	curl_easy_setopt(curl, CURLOPT_CERTINFO, 1L);
	curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, verify_tls ? 1L : 0L);
	curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, verify_tls ? 2L : 0L);
	if (ca_file)
		curl_easy_setopt(curl, CURLOPT_CAINFO, ca_file);
	if (http_version == 11)
		curl_easy_setopt(curl, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
	else if (http_version == 2)
		curl_easy_setopt(curl, CURLOPT_HTTP_VERSION,
		                 (long)(strncmp(url, "https:", 6) == 0 ? CURL_HTTP_VERSION_2TLS : CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE));
	if (!reuse) {
		curl_easy_setopt(curl, CURLOPT_FRESH_CONNECT, 1L);
		curl_easy_setopt(curl, CURLOPT_FORBID_REUSE, 1L);
	}
	return handle;
}

/* The earliest expiry of the chain of the last TLS handshake, in Unix seconds; 0 when there
 * was none. OpenSSL's backend gives each certificate an "Expire date:" entry in
 * ASN1_TIME_print's form, "Mar  1 12:00:00 2027 GMT". */
static int64_t earliest_expiry(CURL *curl)
{
	struct curl_certinfo *chain = NULL;
	if (curl_easy_getinfo(curl, CURLINFO_CERTINFO, &chain) != CURLE_OK || !chain)
		return 0;
	int64_t earliest = 0;
	for (int i = 0; i < chain->num_of_certs; i++) {
		for (struct curl_slist *item = chain->certinfo[i]; item; item = item->next) {
			static const char prefix[] = "Expire date:";
			if (strncmp(item->data, prefix, sizeof prefix - 1) != 0)
				continue;
			struct tm parts;
			memset(&parts, 0, sizeof parts);
			const char *end = strptime(item->data + sizeof prefix - 1, "%b %d %H:%M:%S %Y GMT", &parts);
			if (!end)
				continue;
			int64_t expiry = (int64_t)timegm(&parts);
			if (earliest == 0 || expiry < earliest)
				earliest = expiry;
		}
	}
	return earliest;
}

static int64_t info(CURL *curl, CURLINFO what)
{
	curl_off_t microseconds = 0;
	curl_easy_getinfo(curl, what, &microseconds);
	return (int64_t)microseconds * 1000;
}

int32_t netagent_http_fetch(netagent_http *handle, struct netagent_http_timing *timing)
{
	memset(timing, 0, sizeof *timing);
	handle->bytes = 0;
	handle->error[0] = '\0';
	CURLcode result = curl_easy_perform(handle->curl);
	long status = 0, version = 0;
	curl_easy_getinfo(handle->curl, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(handle->curl, CURLINFO_HTTP_VERSION, &version);
	timing->status = (int32_t)status;
	timing->http_version = version == CURL_HTTP_VERSION_1_0 ? 10 : version == CURL_HTTP_VERSION_1_1 ? 11
	                     : version == CURL_HTTP_VERSION_2_0 ? 2 : version == CURL_HTTP_VERSION_3 ? 3 : 0;
	timing->bytes = handle->bytes;
	timing->cert_expiry = earliest_expiry(handle->curl);
	if (result != CURLE_OK) {
		snprintf(timing->error, sizeof timing->error, "%s", handle->error[0] ? handle->error : curl_easy_strerror(result));
		return -1;
	}
	timing->dns_ns = info(handle->curl, CURLINFO_NAMELOOKUP_TIME_T);
	timing->connect_ns = info(handle->curl, CURLINFO_CONNECT_TIME_T);
	timing->tls_ns = info(handle->curl, CURLINFO_APPCONNECT_TIME_T);
	timing->ttfb_ns = info(handle->curl, CURLINFO_STARTTRANSFER_TIME_T);
	timing->total_ns = info(handle->curl, CURLINFO_TOTAL_TIME_T);
	return 0;
}

int32_t netagent_http_has_http2(void)
{
	return (curl_version_info(CURLVERSION_NOW)->features & CURL_VERSION_HTTP2) != 0;
}

void netagent_http_free(netagent_http *handle)
{
	if (!handle)
		return;
	curl_easy_cleanup(handle->curl);
	free(handle);
}
