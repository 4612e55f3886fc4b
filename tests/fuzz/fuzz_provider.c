/* SPDX-License-Identifier: MIT */
/* Fuzz target: the embedding providers' response parsers. The first
 * byte picks the provider (ollama, openai, voyage, gemini) and whether
 * a dimension was requested; the second the number of inputs (1..8);
 * the third the dimension expected (0: any); the rest is the body of a
 * 200 response. No crash; a success means exactly one finite vector per
 * input, all of one dimension (the expected one, if any), each equal to
 * what the body gives for that input (found here independently: by
 * position, or by an "index" that is an integer in range, each input
 * once), L2-normalised for a shortened Gemini vector. A failure has a
 * reason. The body is read by dp_embed_json_load, which takes Python's
 * NaN, Infinity and -Infinity: where jansson reads the body, it must
 * read the same JSON; where only it reads the body, one of those words
 * must be in it; a vector holding one never parses. The same body also
 * goes through the error-body reader and the retry classification. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "embed/provider.h"
#include "embed/retry.h"

/* The value of a base64 digit (standard or URL-safe), or -1. */
static int
b64(unsigned char c)
{
	const char *digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			     "0123456789+/";
	const char *p;

	if (c == '-')
		return 62;
	if (c == '_')
		return 63;
	p = c ? strchr(digits, c) : NULL;
	return p ? (int)(p - digits) : -1;
}

/* The floats a body gives for one input: a JSON array of numbers or
 * base64 little-endian float32 text. Returns the count, or -1. */
static long
body_vector(const json_t *e, float *out, long max)
{
	long k = 0;

	if (json_is_array(e)) {
		size_t i;
		json_t *x;
		json_array_foreach(e, i, x) {
			if (!json_is_number(x) || k >= max)
				return -1;
			out[k++] = (float)json_number_value(x);
		}
		return k;
	}
	if (!json_is_string(e))
		return -1;
	const char *s = json_string_value(e);
	size_t n = json_string_length(e);
	unsigned char bytes[4];
	unsigned acc = 0;
	int bits = 0, nb = 0;
	for (size_t i = 0; i < n && s[i] != '='; i++) {
		int d = b64((unsigned char)s[i]);
		if (d < 0)
			return -1;
		acc = acc << 6 | (unsigned)d;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			bytes[nb++] = (unsigned char)(acc >> bits);
			if (nb == 4) {
				uint32_t u = (uint32_t)bytes[0] |
					     (uint32_t)bytes[1] << 8 |
					     (uint32_t)bytes[2] << 16 |
					     (uint32_t)bytes[3] << 24;
				if (k >= max)
					return -1;
				memcpy(&out[k++], &u, 4);
				nb = 0;
			}
		}
	}
	return nb ? -1 : k;
}

/* Check a successful parse against the body. */
static void
check(const struct embed_provider *p, const struct embed_cfg *cfg,
      json_t *root, int n, int dim, const struct embed_vectors *v)
{
	int seen[8] = { 0 };
	float *want;
	json_t *list, *item;
	size_t k;

	if (v->n != n || v->dim < 1 || (dim > 0 && v->dim != dim) || !v->v)
		abort();
	for (size_t i = 0; i < (size_t)n * (size_t)v->dim; i++)
		if (!isfinite(v->v[i]))
			abort();
	want = malloc((size_t)v->dim * sizeof *want);
	list = json_object_get(root, p == &dp_embed_ollama ||
				     p == &dp_embed_gemini ? "embeddings"
							   : "data");
	if (!json_is_array(list) || json_array_size(list) != (size_t)n)
		abort();
	json_array_foreach(list, k, item) {
		json_t *e = item;
		long i = (long)k;
		if (p == &dp_embed_gemini) {
			e = json_object_get(item, "values");
		} else if (p != &dp_embed_ollama) {
			json_t *idx = json_object_get(item, "index");
			e = json_object_get(item, "embedding");
			if (idx) {
				if (!json_is_integer(idx) ||
				    json_integer_value(idx) < 0 ||
				    json_integer_value(idx) >= n)
					abort();
				i = (long)json_integer_value(idx);
			}
		}
		if (seen[i]++)
			abort();
		if (body_vector(e, want, v->dim) != v->dim)
			abort();
		const float *got = v->v + (size_t)i * (size_t)v->dim;
		if (p == &dp_embed_gemini && cfg->dimensions > 0) {
			double s = 0;
			int zero = 1;
			for (int d = 0; d < v->dim; d++) {
				s += (double)got[d] * got[d];
				zero &= want[d] == 0;
			}
			if (zero ? s != 0 : fabs(sqrt(s) - 1) > 1e-4)
				abort();
		} else if (memcmp(got, want, (size_t)v->dim * sizeof *want)) {
			/* -0.0 and 0.0 compare equal; anything else not */
			for (int d = 0; d < v->dim; d++)
				if (got[d] != want[d])
					abort();
		}
	}
	free(want);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct embed_provider *const providers[] = {
		&dp_embed_ollama, &dp_embed_openai, &dp_embed_voyage,
		&dp_embed_gemini
	};
	if (size < 3)
		return 0;
	const struct embed_provider *p = providers[data[0] & 3];
	struct embed_cfg cfg = { p, p->default_model, p->default_base_url,
				 (data[0] & 4) ? 64 : 0, NULL,
				 (data[0] & 8) != 0 };
	int n = (data[1] & 7) + 1, dim = data[2] & 15;
	const char *body = (const char *)data + 3;
	size_t len = size - 3;
	struct embed_vectors v;
	struct dp_buf why = { 0 };
	struct embed_error err;
	json_t *root = dp_embed_json_load(body, len);
	json_t *plain = json_loadb(body, len, 0, NULL);

	if (plain && !json_equal(plain, root))
		abort();
	if (root && !plain && !memmem(body, len, "NaN", 3) &&
	    !memmem(body, len, "Infinity", 8))
		abort();
	json_decref(plain);
	if (root) {
		enum embed_parse r;
		dp_embed_vectors_init(&v, n);
		v.max_values = len;
		r = p->parse(&cfg, root, n, dim, &v, &why);
		if (r == EMBED_PARSE_OK) {
			if (why.len)
				abort();
			check(p, &cfg, root, n, dim, &v);
		} else if ((r != EMBED_PARSE_MALFORMED &&
			    r != EMBED_PARSE_BAD) || why.len == 0) {
			abort();
		}
		dp_embed_vectors_free(&v);
		json_decref(root);
	}
	dp_buf_free(&why);

	/* the same body as an error response */
	dp_embed_error_parse(&err, body, len);
	if (!err.msg.data || err.msg.len > 300 ||
	    strlen(err.msg.data) > err.msg.len || memchr(err.code, 0, 64) == NULL)
		abort();
	static const long statuses[] = { 400, 401, 404, 408, 413, 429, 500,
					 503 };
	enum embed_action a = dp_embed_classify(0, statuses[data[1] >> 5], "",
						&err);
	if (a != EMBED_RETRY && a != EMBED_RATE && a != EMBED_SPLIT &&
	    a != EMBED_FATAL)
		abort();
	dp_embed_error_free(&err);
	return 0;
}
