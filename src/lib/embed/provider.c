/* SPDX-License-Identifier: MIT */
/* The provider registry and the parsing helpers every provider shares. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "provider.h"

const char *const dp_embed_nonfinite[3] = { "NaN", "Infinity", "-Infinity" };

/* See provider.h. */
const struct embed_provider *
dp_embed_provider(const char *name)
{
	static const struct embed_provider *const all[] = {
		&dp_embed_ollama, &dp_embed_openai, &dp_embed_voyage,
		&dp_embed_gemini
	};

	for (size_t i = 0; i < sizeof all / sizeof *all; i++)
		if (strcmp(all[i]->name, name) == 0)
			return all[i];
	return NULL;
}

/* Does a bare word that starts at s[i] start a token: is s[i - 1]
 * white space or structure? */
static int
word_starts(const char *s, size_t i)
{
	if (i == 0)
		return 1;
	switch (s[i - 1]) {
	case ' ': case '\t': case '\r': case '\n':
	case '[': case '{': case ',': case ':':
		return 1;
	}
	return 0;
}

/* The length of the non-finite word (NaN, Infinity, -Infinity) that is
 * a whole token at s[i..n), or 0. */
static size_t
nonfinite_word(const char *s, size_t n, size_t i)
{
	for (int k = 0; k < 3; k++) {
		const char *w = dp_embed_nonfinite[k];
		size_t len = strlen(w);
		if (n - i < len || memcmp(s + i, w, len) != 0)
			continue;
		if (i + len == n)
			return len;
		switch (s[i + len]) {
		case ' ': case '\t': case '\r': case '\n':
		case ',': case ']': case '}':
			return len;
		}
	}
	return 0;
}

/* See provider.h. */
json_t *
dp_embed_json_load(const char *s, size_t n)
{
	struct dp_buf b = { 0 };
	size_t done = 0;	/* s[0..done) is in b */
	int in_string = 0;
	json_t *root;

	for (size_t i = 0; i < n; i++) {
		size_t len;

		if (in_string) {
			if (s[i] == '\\')
				i++;
			else if (s[i] == '"')
				in_string = 0;
		} else if (s[i] == '"') {
			in_string = 1;
		} else if ((s[i] == 'N' || s[i] == 'I' || s[i] == '-') &&
			   word_starts(s, i) && (len = nonfinite_word(s, n, i))) {
			dp_buf_add(&b, s + done, i - done);
			dp_json_string(&b, s + i, len);
			done = i + len;
			i += len - 1;
		}
	}
	if (!done)
		return json_loadb(s, n, 0, NULL);
	dp_buf_add(&b, s + done, n - done);
	root = json_loadb(b.data, b.len, 0, NULL);
	dp_buf_free(&b);
	return root;
}

/* See provider.h. */
void
dp_embed_vectors_init(struct embed_vectors *out, int n)
{
	out->n = n;
	out->dim = 0;
	out->v = NULL;
	out->max_values = SIZE_MAX;
}

/* See provider.h. */
void
dp_embed_vectors_free(struct embed_vectors *out)
{
	free(out->v);
	out->v = NULL;
}

/* Fix the dimension on the first vector (of `size` values), check it
 * on the others, and mark vector i as unset (NaN) until stored. */
static enum embed_parse
set_dim(struct embed_vectors *out, int i, size_t size, int dim,
	struct dp_buf *why)
{
	int len = size > DP_EMBED_MAX_DIM ? DP_EMBED_MAX_DIM + 1 : (int)size;

	if (i < 0 || i >= out->n) {
		dp_buf_printf(why, "vector index %d out of range 0..%d", i,
			      out->n - 1);
		return EMBED_PARSE_BAD;
	}
	if (len == 0) {
		dp_buf_printf(why, "empty vector for input %d", i);
		return EMBED_PARSE_BAD;
	}
	if (dim > 0 && len != dim) {
		dp_buf_printf(why, "vector of dimension %zu, expected %d",
			      size, dim);
		return EMBED_PARSE_BAD;
	}
	if (len > DP_EMBED_MAX_DIM) {
		dp_buf_printf(why, "vector of dimension %zu, more than %d",
			      size, DP_EMBED_MAX_DIM);
		return EMBED_PARSE_BAD;
	}
	if (!out->v && (size_t)out->n * (size_t)len > out->max_values) {
		dp_buf_printf(why, "%d vectors of %d values cannot be in a "
			      "response of %zu bytes", out->n, len,
			      out->max_values);
		return EMBED_PARSE_MALFORMED;
	}
	if (!out->v) {
		out->dim = len;
		out->v = dp_xmalloc((size_t)out->n * (size_t)len *
				    sizeof *out->v);
		for (size_t k = 0; k < (size_t)out->n * (size_t)len; k++)
			out->v[k] = NAN;
	} else if (len != out->dim) {
		dp_buf_printf(why, "vectors of dimensions %d and %d in one "
			      "response", out->dim, len);
		return EMBED_PARSE_BAD;
	}
	if (!isnan(out->v[(size_t)i * (size_t)out->dim])) {
		dp_buf_printf(why, "two vectors for input %d", i);
		return EMBED_PARSE_BAD;
	}
	return EMBED_PARSE_OK;
}

/* Is x one of the strings dp_embed_json_load makes of NaN, Infinity
 * and -Infinity? */
static int
nonfinite_string(const json_t *x)
{
	if (!json_is_string(x))
		return 0;
	for (int k = 0; k < 3; k++)
		if (strcmp(json_string_value(x), dp_embed_nonfinite[k]) == 0)
			return 1;
	return 0;
}

/* See provider.h. */
enum embed_parse
dp_embed_store_array(struct embed_vectors *out, int i, const json_t *a,
		     int dim, struct dp_buf *why)
{
	enum embed_parse r;
	size_t k;
	json_t *x;

	if (!json_is_array(a)) {
		dp_buf_printf(why, "vector %d is not an array", i);
		return EMBED_PARSE_MALFORMED;
	}
	if ((r = set_dim(out, i, json_array_size(a), dim, why)))
		return r;
	float *v = out->v + (size_t)i * (size_t)out->dim;
	json_array_foreach(a, k, x) {
		double d;
		if (json_is_real(x))
			d = json_real_value(x);
		else if (json_is_integer(x))
			d = (double)json_integer_value(x);
		else if (nonfinite_string(x))
			d = NAN;
		else {
			dp_buf_printf(why, "vector %d: element %zu is not a "
				      "number", i, k);
			return EMBED_PARSE_BAD;
		}
		float f = (float)d;
		if (!isfinite(f)) {
			dp_buf_printf(why, "vector %d: element %zu is not "
				      "finite (%s)", i, k, json_is_string(x)
				      ? json_string_value(x) : "too large for "
				      "a float");
			return EMBED_PARSE_BAD;
		}
		v[k] = f;
	}
	return EMBED_PARSE_OK;
}

/* The value of a base64 digit, or -1. */
static int
b64val(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '-')
		return 62;
	if (c == '/' || c == '_')
		return 63;
	return -1;
}

/* See provider.h. */
enum embed_parse
dp_embed_store_base64(struct embed_vectors *out, int i, const char *s,
		      size_t n, int dim, struct dp_buf *why)
{
	enum embed_parse r;
	struct dp_buf bytes = { 0 };
	unsigned acc = 0;
	int bits = 0;

	for (size_t k = 0; k < n && s[k] != '='; k++) {
		int d = b64val((unsigned char)s[k]);
		if (d < 0) {
			dp_buf_printf(why, "vector %d: bad base64", i);
			dp_buf_free(&bytes);
			return EMBED_PARSE_MALFORMED;
		}
		acc = (acc << 6) | (unsigned)d;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			dp_buf_addc(&bytes, (char)((acc >> bits) & 0xff));
		}
	}
	if (bytes.len % 4) {
		dp_buf_printf(why, "vector %d: %zu bytes of base64 is not "
			      "float32 values", i, bytes.len);
		dp_buf_free(&bytes);
		return EMBED_PARSE_BAD;
	}
	if ((r = set_dim(out, i, bytes.len / 4, dim, why))) {
		dp_buf_free(&bytes);
		return r;
	}
	float *v = out->v + (size_t)i * (size_t)out->dim;
	for (size_t k = 0; k < bytes.len / 4; k++) {
		const unsigned char *p = (const unsigned char *)bytes.data +
					 4 * k;
		uint32_t u = (uint32_t)p[0] | (uint32_t)p[1] << 8 |
			     (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
		float f;
		memcpy(&f, &u, sizeof f);
		if (!isfinite(f)) {
			dp_buf_printf(why, "vector %d: element %zu is not "
				      "finite", i, k);
			dp_buf_free(&bytes);
			return EMBED_PARSE_BAD;
		}
		v[k] = f;
	}
	dp_buf_free(&bytes);
	return EMBED_PARSE_OK;
}

/* See provider.h. */
enum embed_parse
dp_embed_vectors_complete(const struct embed_vectors *out, struct dp_buf *why)
{
	if (!out->v) {
		dp_buf_printf(why, "no vectors for %d inputs", out->n);
		return EMBED_PARSE_BAD;
	}
	for (int i = 0; i < out->n; i++)
		if (isnan(out->v[(size_t)i * (size_t)out->dim])) {
			dp_buf_printf(why, "no vector for input %d", i);
			return EMBED_PARSE_BAD;
		}
	return EMBED_PARSE_OK;
}

/* The array `name` of root, of n entries; NULL with `why` set when it
 * is absent (malformed) or of another length (the batch's fault, *r). */
static json_t *
entries(json_t *root, const char *name, int n, enum embed_parse *r,
	struct dp_buf *why)
{
	json_t *a = json_object_get(root, name);

	if (!json_is_array(a)) {
		dp_buf_printf(why, "response has no \"%s\" array", name);
		*r = EMBED_PARSE_MALFORMED;
		return NULL;
	}
	if ((int)json_array_size(a) != n) {
		dp_buf_printf(why, "%zu vectors for %d inputs",
			      json_array_size(a), n);
		*r = EMBED_PARSE_BAD;
		return NULL;
	}
	return a;
}

/* See provider.h. */
enum embed_parse
dp_embed_parse_embeddings(json_t *root, int n, int dim, const char *member,
			  struct embed_vectors *out, struct dp_buf *why)
{
	enum embed_parse r;
	json_t *e = entries(root, "embeddings", n, &r, why), *v;
	size_t i;

	if (!e)
		return r;
	json_array_foreach(e, i, v)
		if ((r = dp_embed_store_array(out, (int)i, member ?
					      json_object_get(v, member) : v,
					      dim, why)))
			return r;
	return dp_embed_vectors_complete(out, why);
}

/* See provider.h. */
enum embed_parse
dp_embed_parse_data(const struct embed_cfg *c, json_t *root, int n, int dim,
		    struct embed_vectors *out, struct dp_buf *why)
{
	enum embed_parse r;
	json_t *data = entries(root, "data", n, &r, why), *item;
	size_t k;

	(void)c;
	if (!data)
		return r;
	json_array_foreach(data, k, item) {
		json_t *idx = json_object_get(item, "index");
		json_t *e = json_object_get(item, "embedding");
		json_int_t at = json_is_integer(idx) ? json_integer_value(idx)
						     : (json_int_t)k;
		int i;

		if (idx && !json_is_integer(idx)) {
			dp_buf_printf(why, "entry %zu: index is not an "
				      "integer", k);
			return EMBED_PARSE_MALFORMED;
		}
		/* checked before the cast: 2^32 must not pass for 0 */
		if (at < 0 || at >= n) {
			dp_buf_printf(why, "vector index %lld out of range "
				      "0..%d", (long long)at, n - 1);
			return EMBED_PARSE_BAD;
		}
		i = (int)at;
		if (json_is_string(e))
			r = dp_embed_store_base64(out, i, json_string_value(e),
						  json_string_length(e), dim,
						  why);
		else
			r = dp_embed_store_array(out, i, e, dim, why);
		if (r)
			return r;
	}
	return dp_embed_vectors_complete(out, why);
}

/* See provider.h. */
void
dp_embed_body_start(struct dp_buf *b, const struct embed_cfg *c, int n,
		    char *const *text, const size_t *len)
{
	dp_buf_adds(b, "{\"model\":");
	dp_json_cstring(b, c->model);
	dp_buf_adds(b, ",\"input\":[");
	for (int i = 0; i < n; i++) {
		if (i)
			dp_buf_addc(b, ',');
		dp_json_string_lossy(b, text[i], len[i]);
	}
	dp_buf_addc(b, ']');
}

/* See provider.h. */
void
dp_embed_body_dims(struct dp_buf *b, const struct embed_cfg *c,
		   const char *key)
{
	if (c->dimensions > 0)
		dp_buf_printf(b, ",\"%s\":%d", key, c->dimensions);
}

/* See provider.h. */
void
dp_embed_url_join(struct dp_buf *url, const char *base, const char *path)
{
	size_t n = strlen(base);

	while (n > 0 && base[n - 1] == '/')
		n--;
	dp_buf_add(url, base, n);
	dp_buf_adds(url, path);
}
