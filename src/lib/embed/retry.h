/* SPDX-License-Identifier: MIT */
/* The retry policy: what to do with each outcome of a request, and how
 * long to wait before the next try (dp-embed(1), "Failures and retries"). */
#ifndef DP_EMBED_RETRY_H
#define DP_EMBED_RETRY_H

#include <stddef.h>

#include "dp.h"

enum embed_action {
	EMBED_OK,	/* use the response */
	EMBED_RETRY,	/* transient: the same request again, later */
	EMBED_RATE,	/* rate limited: pause every request, then retry */
	EMBED_SPLIT,	/* this batch's fault: halve it, down to the one bad
			 * input, which is rejected */
	EMBED_FATAL	/* stop the run: credentials, quota, model, ... */
};

/* What the response body says, for classifying and for messages. */
struct embed_error {
	struct dp_buf msg;	/* the provider's message (or the body) */
	char code[64];		/* error.code / type / status, if any */
	double retry_delay;	/* Gemini RetryInfo.retryDelay, or -1 */
};

/* Read an error body in any provider's shape: {"error":"..."},
 * {"error":{"message","type","code","status","details"}},
 * {"detail":"..."}, or plain text (cut to 300 bytes). */
void dp_embed_error_parse(struct embed_error *e, const char *body, size_t n);
void dp_embed_error_free(struct embed_error *e);

/* Classify a finished request: `transport` is non-zero when no HTTP
 * response came (connection refused or dropped, timeout); status is the
 * HTTP status otherwise; should_retry the x-should-retry header or "". */
enum embed_action dp_embed_classify(int transport, long status,
				    const char *should_retry,
				    const struct embed_error *e);

/* The server's wait hint in seconds, or -1: retry-after-ms, then
 * Retry-After as seconds or an HTTP date, then Gemini's retryDelay. */
double dp_embed_retry_hint(const char *retry_after_ms,
			   const char *retry_after, double retry_delay,
			   double now);

/* Backoff before retry number `attempt` (0 first) with jitter r in
 * [0,1): min(0.5 * 2^attempt, 8) * (1 - 0.25 r) seconds. */
double dp_embed_backoff(int attempt, double r);

/* The longest server hint that is waited for; a longer one ends the run. */
#define DP_EMBED_MAX_HINT 120.0

#endif
