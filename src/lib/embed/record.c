/* SPDX-License-Identifier: MIT */
/* The embedding fields of a record (see embed.h): embedding,
 * embedding_model, embedding_dimension and embedding_generated_at,
 * read from a scanned record and written into its copy. */
#include <string.h>

#include "embed.h"

/* The fields dp-embed writes; an input's own are replaced. */
static const char *const added[] = {
	dp_name_embedding, dp_name_embedding_model, dp_name_embedding_dimension,
	dp_name_embedding_generated_at
};

/* The top-level field `name` (a C string) of rec, or NULL. */
static const struct dp_jfield *
get(const struct dp_scan *rec, const char *name)
{
	return dp_scan_field(rec, name, strlen(name));
}

/* See embed.h. */
int
dp_embed_record_model_is(const struct dp_scan *rec, const char *model)
{
	const struct dp_jfield *m = get(rec, dp_name_embedding_model);
	struct dp_buf scratch = { 0 };
	size_t n = strlen(model), len;
	const char *s;
	int is;

	if (!m || m->v.type != DP_JSTRING)
		return 0;
	/* by length: "hash-v3\u0000x" is another model */
	s = dp_jspan_str(&m->v, &scratch, &len);
	is = len == n && memcmp(s, model, n) == 0;
	dp_buf_free(&scratch);
	return is;
}

/* The number of elements of array span a, counting no further than
 * max + 1. */
static size_t
elements(const struct dp_jspan *a, size_t max)
{
	struct dp_jspan x;
	size_t pos = 0, n = 0;

	while (n <= max && dp_jspan_next(a, &pos, NULL, &x))
		n++;
	return n;
}

/* See embed.h. */
int
dp_embed_record_has(const struct dp_scan *rec, const char *model, int dim)
{
	const struct dp_jfield *v = get(rec, dp_name_embedding);
	size_t n;

	if (!dp_embed_record_model_is(rec, model) || !v ||
	    v->v.type != DP_JARRAY)
		return 0;
	n = v->vec >= 0 ? v->vec_len : elements(&v->v, dim ? (size_t)dim : 0);
	return n > 0 && (!dim || n == (size_t)dim);
}

/* See embed.h. Each number is read as the nearest float
 * (dp_parse_float): by the scan, for a vector of reals it read
 * (want_vec), else here. */
int
dp_embed_record_vector(const struct dp_scan *rec, float *v, int dim)
{
	const struct dp_jfield *a = get(rec, dp_name_embedding);
	struct dp_jspan x;
	size_t pos = 0;
	int i = 0;

	if (!a || a->v.type != DP_JARRAY)
		return 0;
	if (a->vec >= 0) {
		if (a->vec_len != (size_t)dim)
			return 0;
		memcpy(v, rec->vec + a->vec, (size_t)dim * sizeof *v);
		return 1;
	}
	while (dp_jspan_next(&a->v, &pos, NULL, &x)) {
		if (i == dim || (x.type != DP_JREAL && x.type != DP_JINT))
			return 0;
		dp_parse_float(x.p, x.n, &v[i++]);
	}
	return i == dim;
}

/* See embed.h. */
void
dp_embed_record_write(struct dp_buf *b, struct dp_jout *o,
		      const struct dp_scan *rec, const float *v, int dim,
		      const char *model, const char *generated_at)
{
	size_t n = sizeof added / sizeof *added;

	dp_jout_begin(o, rec);
	for (size_t i = 0; i < n; i++)
		dp_jout_drop(o, added[i], strlen(added[i]));
	if (v) {
		dp_json_float_array(dp_jout_set(o, added[0], strlen(added[0])),
				    v, dim);
		dp_json_cstring(dp_jout_set(o, added[1], strlen(added[1])),
				model);
		dp_json_int(dp_jout_set(o, added[2], strlen(added[2])), dim);
		dp_json_cstring(dp_jout_set(o, added[3], strlen(added[3])),
				generated_at);
	} else {
		for (size_t i = 0; i < n; i++)
			dp_buf_add(dp_jout_set(o, added[i], strlen(added[i])),
				   "null", 4);
	}
	b->len = 0;
	dp_jout_end(o, b);
}
