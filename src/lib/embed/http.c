/* SPDX-License-Identifier: MIT */
/* The curl multi driver (see http.h). */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http.h"

struct dp_http {
	CURLM *multi;
	int running;		/* started, not finished */
	struct dp_http_req **live;	/* those requests */
	size_t caplive;
	struct dp_http_req **done;	/* finished, not collected */
	size_t ndone, capdone;
};

/* Response bytes, up to max_body; past it, stop the transfer. */
static size_t
on_body(char *p, size_t size, size_t n, void *ctx)
{
	struct dp_http_req *r = ctx;

	if (size * n > r->max_body - r->resp.len) {
		r->too_long = 1;
		return 0;
	}
	dp_buf_add(&r->resp, p, size * n);
	return size * n;
}

/* Copy the value of header line `p` (n bytes) named `name` into
 * dst[cap], trimmed; returns 1 if it was that header. */
static int
header_value(const char *p, size_t n, const char *name, char *dst,
	     size_t cap)
{
	size_t k = strlen(name);

	if (n <= k || strncasecmp(p, name, k) != 0 || p[k] != ':')
		return 0;
	p += k + 1;
	n -= k + 1;
	while (n > 0 && (*p == ' ' || *p == '\t'))
		p++, n--;
	while (n > 0 && isspace((unsigned char)p[n - 1]))
		n--;
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, p, n);
	dst[n] = 0;
	return 1;
}

/* Response headers: keep the retry hints. A new status line (after a
 * 100 Continue) starts afresh. */
static size_t
on_header(char *p, size_t size, size_t n, void *ctx)
{
	struct dp_http_req *r = ctx;
	size_t len = size * n;

	r->header_bytes += len;
	if (r->header_bytes > DP_HTTP_MAX_HEADERS) {
		r->too_long = 2;
		return 0;
	}
	r->in_headers = len > 2;	/* not the blank line ending them */
	if (len >= 5 && strncmp(p, "HTTP/", 5) == 0) {
		r->retry_after[0] = r->retry_after_ms[0] = 0;
		r->should_retry[0] = 0;
	} else if (!header_value(p, len, "retry-after-ms", r->retry_after_ms,
				 sizeof r->retry_after_ms) &&
		   !header_value(p, len, "retry-after", r->retry_after,
				 sizeof r->retry_after)) {
		header_value(p, len, "x-should-retry", r->should_retry,
			     sizeof r->should_retry);
	}
	return len;
}

/* See http.h. */
struct dp_http *
dp_http_new(void)
{
	static int inited;
	struct dp_http *h = dp_xmalloc(sizeof *h);

	if (!inited) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
			dp_die(DP_EXIT_INTERNAL, "cannot initialise libcurl");
		inited = 1;
	}
	memset(h, 0, sizeof *h);
	h->multi = curl_multi_init();
	if (!h->multi)
		dp_die(DP_EXIT_INTERNAL, "cannot initialise libcurl");
	return h;
}

/* See http.h. */
void
dp_http_free(struct dp_http *h)
{
	if (!h)
		return;
	dp_http_abort_all(h);
	curl_multi_cleanup(h->multi);
	free(h->done);
	free(h->live);
	free(h);
}

/* See http.h. */
void
dp_http_start(struct dp_http *h, struct dp_http_req *r)
{
	CURL *e = curl_easy_init();

	if (!e)
		dp_die(DP_EXIT_INTERNAL, "cannot initialise libcurl");
	r->easy = e;
	r->transport = 0;
	r->error[0] = 0;
	r->status = 0;
	r->resp.len = 0;
	r->header_bytes = 0;
	r->in_headers = r->too_long = 0;
	if (!r->max_body)
		r->max_body = SIZE_MAX;
	r->retry_after[0] = r->retry_after_ms[0] = r->should_retry[0] = 0;
	curl_easy_setopt(e, CURLOPT_URL, r->url);
	curl_easy_setopt(e, CURLOPT_POST, 1L);
	curl_easy_setopt(e, CURLOPT_POSTFIELDS, r->body);
	curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE,
			 (curl_off_t)r->body_len);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, r->headers);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, r->error);
	curl_easy_setopt(e, CURLOPT_PRIVATE, r);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	/* A redirect could carry the key's header to another host. */
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, r->timeout_ms);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
			 r->timeout_ms < 10000 ? r->timeout_ms : 10000L);
	/* A Content-Length over the limit fails at once; the write
	 * callback holds the limit for the rest (chunked, compressed). */
	if (r->max_body <= (size_t)INT64_MAX)
		curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE,
				 (curl_off_t)r->max_body);
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(e, CURLOPT_USERAGENT, "dp-embed/" DP_VERSION);
	if (curl_multi_add_handle(h->multi, e) != CURLM_OK)
		dp_die(DP_EXIT_INTERNAL, "cannot start a request");
	if ((size_t)h->running == h->caplive) {
		h->caplive = h->caplive ? 2 * h->caplive : 16;
		h->live = dp_xrealloc(h->live, h->caplive * sizeof *h->live);
	}
	h->live[h->running++] = r;
}

/* Detach request r's transfer and drop it from the live list. */
static void
finish(struct dp_http *h, struct dp_http_req *r)
{
	curl_multi_remove_handle(h->multi, r->easy);
	curl_easy_cleanup(r->easy);
	r->easy = NULL;
	for (int i = 0; i < h->running; i++)
		if (h->live[i] == r) {
			h->live[i] = h->live[--h->running];
			break;
		}
}

/* Move finished transfers to the done list. */
static void
collect(struct dp_http *h)
{
	CURLMsg *m;
	int left;

	while ((m = curl_multi_info_read(h->multi, &left))) {
		struct dp_http_req *r;

		if (m->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE,
				  (char **)&r);
		if (m->data.result != CURLE_OK) {
			r->transport = 1;
			if (r->too_long == 2)
				snprintf(r->error, sizeof r->error, "response "
					 "headers longer than %d bytes",
					 DP_HTTP_MAX_HEADERS);
			else if (r->too_long ||
				 m->data.result == CURLE_FILESIZE_EXCEEDED)
				snprintf(r->error, sizeof r->error, "response "
					 "longer than %zu bytes, the limit "
					 "for this request", r->max_body);
			else if (r->in_headers && m->data.result ==
				 CURLE_OUT_OF_MEMORY)	/* curl's word */
				snprintf(r->error, sizeof r->error, "a response "
					 "header line longer than curl "
					 "takes");
			else if (!r->error[0])
				snprintf(r->error, sizeof r->error, "%s",
					 curl_easy_strerror(m->data.result));
		} else {
			curl_easy_getinfo(m->easy_handle,
					  CURLINFO_RESPONSE_CODE, &r->status);
		}
		finish(h, r);
		if (h->ndone == h->capdone) {
			h->capdone = h->capdone ? 2 * h->capdone : 16;
			h->done = dp_xrealloc(h->done,
					      h->capdone * sizeof *h->done);
		}
		h->done[h->ndone++] = r;
	}
}

/* See http.h. */
void
dp_http_run(struct dp_http *h, int timeout_ms)
{
	int still;

	curl_multi_perform(h->multi, &still);
	collect(h);
	if (h->ndone || timeout_ms <= 0 || !h->running)
		return;
	curl_multi_poll(h->multi, NULL, 0, timeout_ms, NULL);
	curl_multi_perform(h->multi, &still);
	collect(h);
}

/* See http.h. */
struct dp_http_req *
dp_http_done(struct dp_http *h)
{
	if (!h->ndone)
		return NULL;
	struct dp_http_req *r = h->done[0];
	memmove(h->done, h->done + 1, --h->ndone * sizeof *h->done);
	return r;
}

/* See http.h. */
int
dp_http_running(const struct dp_http *h)
{
	return h->running;
}

/* See http.h. */
void
dp_http_abort_all(struct dp_http *h)
{
	while (h->running > 0)
		finish(h, h->live[h->running - 1]);
	h->ndone = 0;
}
