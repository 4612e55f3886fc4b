/* SPDX-License-Identifier: MIT */
/* Schema inference over all records. */
#include <stdlib.h>
#include <string.h>

#include "dp.h"
#include "infer.h"
#include "value.h"

enum { C_NULL, C_BOOL, C_INT, C_BIGINT, C_DOUBLE, C_STRING, C_ARRAY,
       C_OBJECT, NCLASS };

static const char *const class_names[NCLASS] = {
	"null", "bool", "integer", "integer beyond int64", "double",
	"string", "array", "object"
};

struct counts {
	long long n[NCLASS];
};

struct pq_infer {
	struct pq_schema *names;	/* order of first appearance */
	struct counts *values, *elems;
	int cap;
};

/* See infer.h. */
struct pq_infer *
pq_infer_new(void)
{
	struct pq_infer *in = dp_xmalloc(sizeof *in);

	memset(in, 0, sizeof *in);
	in->names = pq_schema_new();
	return in;
}

/* The class of value v. */
static int
classify(const struct dp_jspan *v)
{
	int64_t i;

	switch (v->type) {
	case DP_JNULL: return C_NULL;
	case DP_JTRUE: case DP_JFALSE: return C_BOOL;
	case DP_JSTRING: return C_STRING;
	case DP_JARRAY: return C_ARRAY;
	case DP_JOBJECT: return C_OBJECT;
	case DP_JREAL: return C_DOUBLE;
	default:
		return pq_parse_int64(v->p, v->n, &i) == 0 ? C_INT : C_BIGINT;
	}
}

/* See infer.h. */
void
pq_infer_record(struct pq_infer *in, const struct dp_scan *rec)
{
	for (size_t i = 0; i < rec->n; i++) {
		const struct dp_jfield *m = &rec->field[i];
		/* a field name cannot hold a NUL byte ("a\u0000b" would be
		 * cut to "a"): such a key is left out, and dropped with a
		 * warning when the records are written */
		if (memchr(m->name, '\0', m->name_len))
			continue;
		int k = pq_schema_find(in->names, m->name, m->name_len);
		if (k < 0) {
			struct pq_field f = { 0 };
			f.name = dp_xmalloc(m->name_len + 1);
			memcpy(f.name, m->name, m->name_len);
			f.name[m->name_len] = '\0';
			pq_schema_add(in->names, &f);
			free(f.name);
			k = in->names->n - 1;
			if (k >= in->cap) {
				int old = in->cap;
				in->cap = in->cap ? in->cap * 2 : 64;
				in->values = dp_xrealloc(in->values,
					(size_t)in->cap * sizeof *in->values);
				in->elems = dp_xrealloc(in->elems,
					(size_t)in->cap * sizeof *in->elems);
				memset(in->values + old, 0, (size_t)(in->cap -
				       old) * sizeof *in->values);
				memset(in->elems + old, 0, (size_t)(in->cap -
				       old) * sizeof *in->elems);
			}
		}
		int c = classify(&m->v);
		in->values[k].n[c]++;
		if (c == C_ARRAY) {
			struct dp_jspan e;
			size_t pos = 0;
			while (dp_jspan_next(&m->v, &pos, NULL, &e))
				in->elems[k].n[classify(&e)]++;
		}
	}
}

/* Describe the classes seen, for the report. */
static void
describe(struct dp_buf *b, const struct counts *c)
{
	int first = 1;

	for (int k = 1; k < NCLASS; k++) {
		if (!c->n[k])
			continue;
		dp_buf_printf(b, "%s%lld %s", first ? "" : ", ", c->n[k],
			      class_names[k]);
		first = 0;
	}
}

/* The kind for values of these classes; *widened when it is a string
 * that some values are not. */
static enum pq_kind
decide(const struct counts *c, int *widened)
{
	int bool_ = c->n[C_BOOL] > 0, int_ = c->n[C_INT] > 0;
	int big = c->n[C_BIGINT] > 0, dbl = c->n[C_DOUBLE] > 0;
	int str = c->n[C_STRING] > 0, other = c->n[C_ARRAY] + c->n[C_OBJECT] > 0;

	*widened = 0;
	if (bool_ && !int_ && !big && !dbl && !str && !other)
		return PQ_BOOL;
	if (int_ && !bool_ && !big && !dbl && !str && !other)
		return PQ_INT64;
	if (dbl && !bool_ && !big && !str && !other)
		return PQ_DOUBLE;
	if (str && !bool_ && !int_ && !big && !dbl && !other)
		return PQ_STRING;
	*widened = bool_ + int_ + big + dbl + str + other > 0;
	return PQ_STRING;
}

/* See infer.h. */
struct pq_schema *
pq_infer_schema(struct pq_infer *in)
{
	struct pq_schema *s = pq_schema_new();
	struct dp_buf why = { 0 };

	for (int k = 0; k < in->names->n; k++) {
		struct pq_field f = { 0 };
		const struct counts *v = &in->values[k];
		long long scalars = 0;
		int widened = 0;

		f.name = in->names->fields[k].name;
		for (int c = 1; c < NCLASS; c++)
			if (c != C_ARRAY)
				scalars += v->n[c];
		if (v->n[C_ARRAY] && !scalars) {
			f.list = 1;
			f.kind = decide(&in->elems[k], &widened);
			if (widened) {
				why.len = 0;
				describe(&why, &in->elems[k]);
				dp_warn("--schema infer: field '%s': list "
					"elements are %s: written as "
					"list<string>", f.name, dp_buf_cstr(&why));
			}
		} else {
			f.kind = decide(v, &widened);
			if (widened && (scalars != v->n[C_OBJECT] ||
					v->n[C_ARRAY])) {
				why.len = 0;
				describe(&why, v);
				dp_warn("--schema infer: field '%s' has %s: "
					"written as string", f.name, dp_buf_cstr(&why));
			}
		}
		pq_schema_add(s, &f);
	}
	dp_buf_free(&why);
	return s;
}

/* See infer.h. */
void
pq_infer_free(struct pq_infer *in)
{
	if (!in)
		return;
	pq_schema_free(in->names);
	free(in->values);
	free(in->elems);
	free(in);
}
