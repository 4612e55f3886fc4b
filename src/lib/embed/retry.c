/* SPDX-License-Identifier: MIT */
/* The retry policy (see retry.h). */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>
#include <jansson.h>

#include "provider.h"
#include "retry.h"

/* Copy a JSON string or integer value into code[64]. */
static void
set_code(char code[64], const json_t *v)
{
	if (json_is_string(v))
		snprintf(code, 64, "%s", json_string_value(v));
	else if (json_is_integer(v))
		snprintf(code, 64, "%lld", (long long)json_integer_value(v));
}

/* Gemini's details[].retryDelay ("23s", "0.5s"), or -1. */
static double
gemini_retry_delay(const json_t *details)
{
	size_t i;
	json_t *d;

	json_array_foreach(details, i, d) {
		json_t *rd = json_object_get(d, "retryDelay");
		char *end;
		if (!json_is_string(rd))
			continue;
		double s = strtod(json_string_value(rd), &end);
		if (end != json_string_value(rd) && *end == 's' && s >= 0)
			return s;
	}
	return -1;
}

/* See retry.h. */
void
dp_embed_error_parse(struct embed_error *e, const char *body, size_t n)
{
	json_t *root = dp_embed_json_load(body, n), *err, *m;

	memset(e, 0, sizeof *e);
	e->retry_delay = -1;
	err = json_object_get(root, "error");
	if (json_is_string(err)) {
		dp_buf_adds(&e->msg, json_string_value(err));
		set_code(e->code, json_object_get(root, "error_type"));
	} else if (json_is_object(err)) {
		m = json_object_get(err, "message");
		if (json_is_string(m))
			dp_buf_adds(&e->msg, json_string_value(m));
		set_code(e->code, json_object_get(err, "status"));
		set_code(e->code, json_object_get(err, "type"));
		set_code(e->code, json_object_get(err, "code"));
		e->retry_delay = gemini_retry_delay(
			json_object_get(err, "details"));
		/* Gemini says why in details[].reason (API_KEY_INVALID) */
		json_t *d;
		size_t i;
		json_array_foreach(json_object_get(err, "details"), i, d) {
			json_t *r = json_object_get(d, "reason");
			if (json_is_string(r))
				set_code(e->code, r);
		}
	} else if (json_is_string(m = json_object_get(root, "detail"))) {
		dp_buf_adds(&e->msg, json_string_value(m));
	} else if (json_is_string(m = json_object_get(root, "message"))) {
		dp_buf_adds(&e->msg, json_string_value(m));
	}
	if (!root || e->msg.len == 0) {
		size_t k = n < 300 ? n : 300;
		e->msg.len = 0;
		for (size_t i = 0; i < k; i++)
			dp_buf_addc(&e->msg, isprint((unsigned char)body[i])
				    ? body[i] : ' ');
	}
	if (e->msg.len > 300)
		e->msg.len = 300;
	dp_buf_cstr(&e->msg);
	json_decref(root);
}

/* See retry.h. */
void
dp_embed_error_free(struct embed_error *e)
{
	dp_buf_free(&e->msg);
}

/* Does the message contain `s`, ignoring case? */
static int
says(const struct embed_error *e, const char *s)
{
	return e->msg.len && strcasestr(e->msg.data, s) != NULL;
}

/* A 429 that waiting will not cure: an exhausted quota or billing. */
static int
quota_error(const struct embed_error *e)
{
	return strcmp(e->code, "insufficient_quota") == 0 ||
	       says(e, "exceeded your current quota") ||
	       says(e, "limit: 0") || says(e, "per day") ||
	       says(e, "billing");
}

/* A 500 caused by one input, which the same input will cause again. */
static int
input_error(const struct embed_error *e)
{
	return says(e, "too large") ||
	       (e->msg.len && strstr(e->msg.data, "NaN")) ||
	       says(e, "unsupported value") || says(e, "context length") ||
	       says(e, "exceeds") || says(e, "input");
}

/* See retry.h. */
enum embed_action
dp_embed_classify(int transport, long status, const char *should_retry,
		  const struct embed_error *e)
{
	if (transport)
		return EMBED_RETRY;
	if (status >= 200 && status < 300)
		return EMBED_OK;
	if (should_retry && strcasecmp(should_retry, "true") == 0)
		return status == 429 ? EMBED_RATE : EMBED_RETRY;
	if (status == 401 || status == 403 || status == 404)
		return EMBED_FATAL;
	if (strcmp(e->code, "API_KEY_INVALID") == 0 ||
	    strcmp(e->code, "FAILED_PRECONDITION") == 0 ||
	    says(e, "api key not valid"))
		return EMBED_FATAL;
	if (should_retry && strcasecmp(should_retry, "false") == 0)
		return status == 400 || status == 413 || status == 422
		       ? EMBED_SPLIT : EMBED_FATAL;
	if (status == 429)
		return quota_error(e) ? EMBED_FATAL : EMBED_RATE;
	if (status == 408 || status == 409 || status == 425)
		return EMBED_RETRY;
	if (status == 400 || status == 413 || status == 422)
		return EMBED_SPLIT;
	if (status == 500)
		return input_error(e) ? EMBED_SPLIT : EMBED_RETRY;
	if (status >= 500)
		return EMBED_RETRY;
	return EMBED_FATAL;
}

/* See retry.h. */
double
dp_embed_retry_hint(const char *retry_after_ms, const char *retry_after,
		    double retry_delay, double now)
{
	char *end;
	double v;

	if (retry_after_ms && *retry_after_ms) {
		v = strtod(retry_after_ms, &end);
		if (end != retry_after_ms && v >= 0 && isfinite(v))
			return v / 1000;
	}
	if (retry_after && *retry_after) {
		v = strtod(retry_after, &end);
		while (*end == ' ')
			end++;
		if (end != retry_after && !*end && v >= 0 && isfinite(v))
			return v;
		time_t t = curl_getdate(retry_after, NULL);
		if (t != (time_t)-1)
			return (double)t > now ? (double)t - now : 0;
	}
	return retry_delay >= 0 ? retry_delay : -1;
}

/* See retry.h. */
double
dp_embed_backoff(int attempt, double r)
{
	double d = attempt >= 5 ? 8 : 0.5 * (double)(1 << attempt);

	if (d > 8)
		d = 8;
	return d * (1 - 0.25 * r);
}
