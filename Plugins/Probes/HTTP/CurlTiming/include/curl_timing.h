/*
 * curl_timing.h — the http probe's layer over libcurl's easy interface
 * (curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot
 * call). One handle times requests to one URL; with reuse, later requests go
 * over the connection the first one opened.
 */
#ifndef NETAGENT_CURL_TIMING_H
#define NETAGENT_CURL_TIMING_H

#include <stdint.h>

/** An opaque request handle. */
typedef struct netagent_http netagent_http;

/** What one request took, in nanoseconds from its start, cumulative as curl -w reports them. */
struct netagent_http_timing {
	int64_t dns_ns;      /* name lookup done (CURLINFO_NAMELOOKUP_TIME_T) */
	int64_t connect_ns;  /* TCP connected (CURLINFO_CONNECT_TIME_T) */
	int64_t tls_ns;      /* TLS handshake done, 0 without TLS (CURLINFO_APPCONNECT_TIME_T) */
	int64_t ttfb_ns;     /* first response byte (CURLINFO_STARTTRANSFER_TIME_T) */
	int64_t total_ns;    /* whole transfer (CURLINFO_TOTAL_TIME_T) */
	int64_t bytes;       /* body bytes downloaded */
	int32_t status;      /* HTTP status code, 0 when none arrived */
	int32_t http_version;/* 10, 11, 2 or 3 as negotiated; 0 when unknown */
	int64_t cert_expiry; /* earliest "not after" of the server's certificate chain, in Unix
	                        seconds (CURLINFO_CERTINFO); 0 without a new TLS handshake */
	char error[256];     /* why the transfer failed; empty on success */
};

/**
 * A handle for `url`. http_version: 11 forces HTTP/1.1, 2 asks for HTTP/2
 * (over TLS by ALPN, over cleartext with prior knowledge), 0 lets curl choose.
 * reuse: 1 keeps the connection between requests. verify_tls: 0 skips
 * certificate checks (self-signed test servers). ca_file: extra CA bundle or NULL.
 * Returns NULL when libcurl cannot start.
 */
netagent_http *netagent_http_new(const char *url, int32_t http_version, int32_t reuse,
                                 int32_t verify_tls, const char *ca_file, int64_t timeout_ms);

/** Makes one request; returns 0 when a response arrived, -1 with timing->error set otherwise. */
int32_t netagent_http_fetch(netagent_http *handle, struct netagent_http_timing *timing);

/** 1 when this libcurl can speak HTTP/2. */
int32_t netagent_http_has_http2(void);

/** Frees the handle and closes its connection. */
void netagent_http_free(netagent_http *handle);

#endif
