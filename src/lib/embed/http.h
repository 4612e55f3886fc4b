/* SPDX-License-Identifier: MIT */
/* Concurrent HTTP POSTs over libcurl's multi interface, for the
 * embedding providers: no redirects followed, http and https only, no
 * signals, one connection pool for the run. */
#ifndef DP_HTTP_MULTI_H
#define DP_HTTP_MULTI_H

#include <curl/curl.h>

#include "dp.h"

struct dp_http_req {
	/* set by the caller before dp_http_start */
	const char *url;
	const char *body;
	size_t body_len;
	struct curl_slist *headers;	/* owned by the caller */
	long timeout_ms;
	size_t max_body;	/* the most response bytes taken (after
				 * decompression; 0: no limit): a longer
				 * body ends the request as a transport
				 * failure, as do longer headers */
	void *user;
	/* filled in when the request finishes */
	int transport;		/* non-zero: no HTTP response came */
	char error[CURL_ERROR_SIZE];	/* why, when transport */
	long status;		/* HTTP status */
	struct dp_buf resp;	/* response body (the caller frees it) */
	char retry_after[80];
	char retry_after_ms[32];
	char should_retry[8];	/* x-should-retry */
	/* private */
	CURL *easy;
	size_t header_bytes;
	int in_headers;		/* a status line came, the headers go on */
	int too_long;		/* 1: the body passed max_body, 2: the
				 * headers DP_HTTP_MAX_HEADERS */
};

/* The most bytes of response headers taken. */
#define DP_HTTP_MAX_HEADERS (64 * 1024)

struct dp_http;

struct dp_http *dp_http_new(void);
void dp_http_free(struct dp_http *h);
/* Start request r; it stays the caller's, and must outlive the call. */
void dp_http_start(struct dp_http *h, struct dp_http_req *r);
/* Drive transfers, waiting at most timeout_ms for activity. */
void dp_http_run(struct dp_http *h, int timeout_ms);
/* A finished request, or NULL when none is waiting to be collected. */
struct dp_http_req *dp_http_done(struct dp_http *h);
/* Requests started and not yet finished. */
int dp_http_running(const struct dp_http *h);
/* Stop every unfinished request; they are not reported. */
void dp_http_abort_all(struct dp_http *h);

#endif
