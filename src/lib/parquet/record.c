/* SPDX-License-Identifier: MIT */
/* Records to column values, with type checks naming the field. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"
#include "value.h"

/* See parquet.h. */
struct pq_record *
pq_record_new(const struct pq_schema *s, int strict)
{
	struct pq_record *r = dp_xmalloc(sizeof *r);

	memset(r, 0, sizeof *r);
	r->schema = s;
	r->strict = strict;
	r->elem = -1;
	r->slot = dp_xmalloc((size_t)s->n * sizeof *r->slot + 1);
	r->cells = dp_xmalloc((size_t)s->n * sizeof *r->cells + 1);
	r->unknown = pq_schema_new();
	r->inexact_warned = dp_xmalloc((size_t)s->n + 1);
	memset(r->inexact_warned, 0, (size_t)s->n + 1);
	r->inexact = dp_xmalloc(((size_t)s->n + 1) * sizeof *r->inexact);
	return r;
}

/* See parquet.h. */
void
pq_record_free(struct pq_record *r)
{
	pq_json_free(&r->json);
	free(r->slot);
	free(r->cells);
	free(r->elems);
	pq_schema_free(r->unknown);
	free(r->inexact_warned);
	free(r->inexact);
	dp_buf_free(&r->err);
	free(r);
}

/* See parquet.h. */
const char *
pq_record_error(struct pq_record *r, int *json)
{
	*json = r->json.error == NULL;
	return dp_buf_cstr(&r->err);
}

static const char *
jtype_name(enum pq_jtype t)
{
	switch (t) {
	case PQ_J_NULL: return "null";
	case PQ_J_FALSE: return "false";
	case PQ_J_TRUE: return "true";
	case PQ_J_NUMBER: return "a number";
	case PQ_J_STRING: return "a string";
	case PQ_J_ARRAY: return "an array";
	default: return "an object";
	}
}

/* "field 'x': ", or "field 'x' element k: " while a list's element k
 * is converted (r->elem), then the message; returns -1. */
static int
fail(struct pq_record *r, const struct pq_field *f, const char *fmt, ...)
	DP_PRINTF(3, 4);

static int
fail(struct pq_record *r, const struct pq_field *f, const char *fmt, ...)
{
	va_list ap;
	char tmp[512];

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	r->err.len = 0;
	if (r->elem >= 0)
		dp_buf_printf(&r->err, "field '%s' element %ld: %s", f->name,
			      r->elem, tmp);
	else
		dp_buf_printf(&r->err, "field '%s': %s", f->name, tmp);
	return -1;
}

/* The type as the schema spells it, for messages. */
static const char *
type_text(const struct pq_field *f, char *buf, size_t n)
{
	struct dp_buf b = { 0 };
	struct pq_field scalar = *f;

	scalar.list = 0;
	pq_type_name(&scalar, &b);
	snprintf(buf, n, "%s", dp_buf_cstr(&b));
	dp_buf_free(&b);
	return buf;
}

/* A value's text for messages: whole up to 64 bytes, else its first 32
 * and its length. */
static const char *
excerpt(const struct pq_jval *v, char *buf, size_t n)
{
	if (v->n <= 64)
		snprintf(buf, n, "%.*s", (int)v->n, v->p);
	else
		snprintf(buf, n, "%.32s... (%zu characters)", v->p, v->n);
	return buf;
}

/* Is the integer text p[0..n) (JSON syntax: no leading zeros) exactly
 * the value d, a double or, with is_float, a float? */
static int
integer_exact(const char *p, size_t n, double d, int is_float)
{
	char buf[400];	/* %.0f of any double: at most 310 bytes */
	size_t digits = n - (p[0] == '-');

	if (digits <= (is_float ? 7u : 15u))	/* below 2^24, 2^53 */
		return 1;
	if (n >= sizeof buf)	/* more digits than any finite double */
		return 0;
	return (size_t)snprintf(buf, sizeof buf, "%.0f", d) == n &&
	       !memcmp(buf, p, n);
}

/* Note an integer that a double (or float) field holds only as the
 * nearest value d, to be warned about once the record is read. */
static void
note_inexact(struct pq_record *r, const struct pq_field *f,
	     const struct pq_jval *v, double d, int is_float)
{
	int k = (int)(f - r->schema->fields);

	if (r->inexact_warned[k] || integer_exact(v->p, v->n, d, is_float))
		return;
	for (int j = 0; j < r->ninexact; j++)
		if (r->inexact[j].field == k)
			return;
	r->inexact[r->ninexact++] = (struct pq_inexact){ k, r->elem, v, d,
							 is_float };
}

/* Warn about the integers noted by note_inexact, each field once. */
static void
warn_inexact(struct pq_record *r, const char *file, long long lineno)
{
	char at[48], ex[80], as[80], buf[400];

	for (int j = 0; j < r->ninexact; j++) {
		const struct pq_inexact *e = &r->inexact[j];
		struct pq_jval stored = { 0 };
		at[0] = '\0';
		if (e->elem >= 0)
			snprintf(at, sizeof at, " element %ld", e->elem);
		stored.p = buf;
		stored.n = (size_t)snprintf(buf, sizeof buf, "%.0f", e->d);
		r->inexact_warned[e->field] = 1;
		dp_warn_at(file, lineno, "field '%s'%s: %s is not exactly a "
			   "%s: stored as %s (warned once per field)",
			   r->schema->fields[e->field].name, at,
			   excerpt(e->v, ex, sizeof ex),
			   e->is_float ? "float" : "double",
			   excerpt(&stored, as, sizeof as));
	}
	r->ninexact = 0;
}

/* "expected <what> for <type>, got <JSON type>"; returns -1. */
static int
wrong_type(struct pq_record *r, const struct pq_field *f,
	   const struct pq_jval *v, const char *what)
{
	char tb[64];

	return fail(r, f, "expected %s for %s, got %s", what,
		    type_text(f, tb, sizeof tb), jtype_name(v->type));
}

/* Fail: the number v does not fit a `type` (float or double). */
static int
out_of_range(struct pq_record *r, const struct pq_field *f,
	     const struct pq_jval *v, const char *type)
{
	char ex[80];

	return fail(r, f, "%s is out of range for %s",
		    excerpt(v, ex, sizeof ex), type);
}

/* Convert one JSON value to a value of f's kind. Number texts of any
 * length are read exactly: strtod and dp_parse_float round the whole text
 * correctly, integers and decimals are read digit by digit. */
static int
convert(struct pq_record *r, const struct pq_field *f,
	const struct pq_jval *v, struct pq_cell *c)
{
	char tb[64], ex[80];
	int64_t i;
	int rc;
	const char *why;

	c->present = 1;
	switch (f->kind) {
	case PQ_STRING:
		if (v->type == PQ_J_STRING || v->type == PQ_J_NUMBER ||
		    v->type == PQ_J_TRUE || v->type == PQ_J_FALSE) {
			c->s = v->p;
			c->n = v->n;
		} else {
			c->s = pq_json_compact(&r->json, v, &c->n);
		}
		break;
	case PQ_BOOL:
		if (v->type != PQ_J_TRUE && v->type != PQ_J_FALSE)
			return wrong_type(r, f, v, "true or false");
		c->v.b = v->type == PQ_J_TRUE;
		break;
	case PQ_TIMESTAMP:
		if (v->type != PQ_J_STRING)
			return wrong_type(r, f, v, "an RFC 3339 string");
		if (pq_timestamp(v->p, v->n, &c->v.i64, &why) != 0)
			return fail(r, f, "%s: '%.*s'", why,
				    (int)(v->n < 64 ? v->n : 64), v->p);
		break;
	case PQ_INT32:
	case PQ_INT64:
		if (v->type != PQ_J_NUMBER)
			return wrong_type(r, f, v, "a number");
		/* 0; 1: not an integer; -1: an integer beyond int64 */
		rc = v->is_int ? pq_parse_int64(v->p, v->n, &i) :
				 pq_parse_integer(v->p, v->n, &i);
		if (rc > 0)
			return fail(r, f, "%s is not an integer (%s)",
				    excerpt(v, ex, sizeof ex),
				    type_text(f, tb, sizeof tb));
		if (rc < 0 || (f->kind == PQ_INT32 &&
			       (i < INT32_MIN || i > INT32_MAX)))
			return fail(r, f, "%s is out of range for %s",
				    excerpt(v, ex, sizeof ex),
				    type_text(f, tb, sizeof tb));
		if (f->kind == PQ_INT32)
			c->v.i32 = (int32_t)i;
		else
			c->v.i64 = i;
		break;
	/* v->p ends at a byte that cannot continue a number (the line is
	 * NUL-terminated), so strtod reads exactly v->n bytes;
	 * dp_parse_float reads them as strtof would, faster. A value below
	 * the smallest one is its nearest, 0 or a subnormal. Two cases,
	 * not one: this is the embeddings' hot path. */
	case PQ_DOUBLE:
		if (v->type != PQ_J_NUMBER)
			return wrong_type(r, f, v, "a number");
		c->v.d = strtod(v->p, NULL);
		if (isinf(c->v.d))
			return out_of_range(r, f, v, "double");
		if (v->is_int)
			note_inexact(r, f, v, c->v.d, 0);
		break;
	case PQ_FLOAT:
		if (v->type != PQ_J_NUMBER)
			return wrong_type(r, f, v, "a number");
		if (dp_parse_float(v->p, v->n, &c->v.f) != 0)
			return out_of_range(r, f, v, "float");
		if (v->is_int)
			note_inexact(r, f, v, c->v.f, 1);
		break;
	case PQ_DECIMAL:
		if (v->type != PQ_J_NUMBER)
			return wrong_type(r, f, v, "a number");
		if (pq_decimal(v->p, v->n, f->precision, f->scale, &i,
			       NULL) != 0)
			return fail(r, f, "%s is out of range for %s",
				    excerpt(v, ex, sizeof ex),
				    type_text(f, tb, sizeof tb));
		c->v.i64 = i;
		break;
	}
	return 0;
}

/* A list field: each element converted. */
static int
convert_list(struct pq_record *r, const struct pq_field *f,
	     const struct pq_jval *v, struct pq_cell *c)
{
	char tb[64];

	if (v->type != PQ_J_ARRAY)
		return fail(r, f, "expected an array for list<%s>, got %s",
			    type_text(f, tb, sizeof tb), jtype_name(v->type));
	c->present = 1;
	c->first = (uint32_t)r->nelems;
	c->count = v->count;
	if (r->nelems + v->count > r->capelems) {
		while (r->nelems + v->count > r->capelems)
			r->capelems = r->capelems ? r->capelems * 2 : 1024;
		r->elems = dp_xrealloc(r->elems, r->capelems *
				       sizeof *r->elems);
	}
	for (uint32_t k = 0; k < v->count; k++) {
		const struct pq_jval *e = &r->json.elems[v->first + k];
		struct pq_cell *ec = &r->elems[r->nelems + k];
		if (e->type == PQ_J_NULL) {
			if (f->elem_required)
				return fail(r, f, "element %u is null, but "
					    "the list's elements may not be",
					    k);
			ec->present = 0;
			continue;
		}
		r->elem = k;
		int bad = convert(r, f, e, ec);
		r->elem = -1;
		if (bad)
			return -1;
	}
	r->nelems += v->count;
	return 0;
}

/* See parquet.h. */
int
pq_record_read(struct pq_record *r, const char *line, size_t n,
	       const char *file, long long lineno)
{
	const struct pq_schema *s = r->schema;

	if (pq_json_parse(&r->json, line, n) != 0) {
		r->err.len = 0;
		dp_buf_printf(&r->err, "invalid JSON at column %zu: %s",
			      r->json.error_col, r->json.error);
		return -1;
	}
	memset(r->slot, 0, (size_t)s->n * sizeof *r->slot);
	for (size_t i = 0; i < r->json.nmembers; i++) {
		const struct pq_jmember *m = &r->json.members[i];
		int k = pq_schema_find(s, m->key, m->keylen);
		if (k >= 0) {
			r->slot[k] = &m->val;
			continue;
		}
		if (r->strict) {
			r->err.len = 0;
			dp_buf_add(&r->err, "field '", 7);
			dp_buf_add(&r->err, m->key, m->keylen < 200 ?
				   m->keylen : 200);
			dp_buf_adds(&r->err, "' is not in the schema");
			return -1;
		}
		if (pq_schema_find(r->unknown, m->key, m->keylen) < 0) {
			struct pq_field f = { 0 };
			f.name = dp_xmalloc(m->keylen + 1);
			memcpy(f.name, m->key, m->keylen);
			f.name[m->keylen] = '\0';
			pq_schema_add(r->unknown, &f);
			dp_warn_at(file, lineno, "field '%s' is not in the "
				   "schema: dropped (warned once per field)",
				   f.name);
			free(f.name);
		}
	}
	r->nelems = 0;
	r->ninexact = 0;
	for (int k = 0; k < s->n; k++) {
		const struct pq_field *f = &s->fields[k];
		const struct pq_jval *v = r->slot[k];
		struct pq_cell *c = &r->cells[k];

		if (!v || v->type == PQ_J_NULL) {
			if (f->required) {
				r->err.len = 0;
				dp_buf_printf(&r->err, "field '%s' is "
					      "required but %s", f->name,
					      v ? "null" : "missing");
				return -1;
			}
			c->present = 0;
			continue;
		}
		if ((f->list ? convert_list(r, f, v, c) :
			       convert(r, f, v, c)) != 0)
			return -1;
	}
	warn_inexact(r, file, lineno);
	return 0;
}
