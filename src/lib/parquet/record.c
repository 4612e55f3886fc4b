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
	r->scan.want_vec = 1;
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
	dp_scan_free(&r->scan);
	dp_buf_free(&r->text);
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
	*json = !r->not_json;
	return dp_buf_cstr(&r->err);
}

/* A JSON type (enum dp_jtype) for messages. */
static const char *
jtype_name(unsigned char t)
{
	switch (t) {
	case DP_JNULL: return "null";
	case DP_JFALSE: return "false";
	case DP_JTRUE: return "true";
	case DP_JINT: case DP_JREAL: return "a number";
	case DP_JSTRING: return "a string";
	case DP_JARRAY: return "an array";
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
excerpt(const struct dp_jspan *v, char *buf, size_t n)
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
	     const struct dp_jspan *v, double d, int is_float)
{
	int k = (int)(f - r->schema->fields);

	if (r->inexact_warned[k] || integer_exact(v->p, v->n, d, is_float))
		return;
	for (int j = 0; j < r->ninexact; j++)
		if (r->inexact[j].field == k)
			return;
	r->inexact[r->ninexact++] = (struct pq_inexact){ k, r->elem, *v, d,
							 is_float };
}

/* Warn about the integers noted by note_inexact, each field once. */
static void
warn_inexact(struct pq_record *r, const char *file, long long lineno)
{
	char at[48], ex[80], as[80], buf[400];

	for (int j = 0; j < r->ninexact; j++) {
		const struct pq_inexact *e = &r->inexact[j];
		struct dp_jspan stored = { 0 };
		at[0] = '\0';
		if (e->elem >= 0)
			snprintf(at, sizeof at, " element %ld", e->elem);
		stored.p = buf;
		stored.n = (size_t)snprintf(buf, sizeof buf, "%.0f", e->d);
		r->inexact_warned[e->field] = 1;
		dp_warn_at(file, lineno, "field '%s'%s: %s is not exactly a "
			   "%s: stored as %s (warned once per field)",
			   r->schema->fields[e->field].name, at,
			   excerpt(&e->v, ex, sizeof ex),
			   e->is_float ? "float" : "double",
			   excerpt(&stored, as, sizeof as));
	}
	r->ninexact = 0;
}

/* "expected <what> for <type>, got <JSON type>"; returns -1. */
static int
wrong_type(struct pq_record *r, const struct pq_field *f,
	   const struct dp_jspan *v, const char *what)
{
	char tb[64];

	return fail(r, f, "expected %s for %s, got %s", what,
		    type_text(f, tb, sizeof tb), jtype_name(v->type));
}

/* Fail: the number v does not fit a `type` (float or double). */
static int
out_of_range(struct pq_record *r, const struct pq_field *f,
	     const struct dp_jspan *v, const char *type)
{
	char ex[80];

	return fail(r, f, "%s is out of range for %s",
		    excerpt(v, ex, sizeof ex), type);
}

/* Is v a number? */
static int
is_number(const struct dp_jspan *v)
{
	return v->type == DP_JINT || v->type == DP_JREAL;
}

/* String span v's decoded bytes: in the line when it has no escape,
 * else in r->text. */
static const char *
string_value(struct pq_record *r, const struct dp_jspan *v, size_t *n)
{
	if (!v->esc) {
		*n = v->n - 2;
		return v->p + 1;
	}
	/* r->text has room for the whole line (pq_record_read), so
	 * earlier values never move */
	size_t at = r->text.len;
	dp_json_unescape(&r->text, v->p + 1, v->n - 2);
	*n = r->text.len - at;
	return r->text.data + at;
}

/* Container span v's text without the white space outside its strings
 * (nor the NUL byte JSON readers drop after a scalar), in r->text. */
static const char *
compact(struct pq_record *r, const struct dp_jspan *v, size_t *n)
{
	char *out = r->text.data + r->text.len, *o = out;
	int in_string = 0;

	for (size_t i = 0; i < v->n; i++) {
		char c = v->p[i];
		if (in_string) {
			*o++ = c;
			if (c == '\\')
				*o++ = v->p[++i];
			else if (c == '"')
				in_string = 0;
		} else if (c == '"') {
			in_string = 1;
			*o++ = c;
		} else if (c != ' ' && c != '\t' && c != '\n' && c != '\r' &&
			   c != '\0') {
			*o++ = c;
		}
	}
	*n = (size_t)(o - out);
	r->text.len += *n;
	return out;
}

/* Convert one JSON value to a value of f's kind. Number texts of any
 * length are read exactly: strtod and dp_parse_float round the whole text
 * correctly, integers and decimals are read digit by digit. */
static int
convert(struct pq_record *r, const struct pq_field *f,
	const struct dp_jspan *v, struct pq_cell *c)
{
	char tb[64], ex[80];
	int64_t i;
	int rc;
	const char *why, *s;
	size_t n;

	c->present = 1;
	c->dense = 0;
	switch (f->kind) {
	case PQ_STRING:
		if (v->type == DP_JSTRING) {
			c->s = string_value(r, v, &c->n);
		} else if (v->type == DP_JARRAY || v->type == DP_JOBJECT) {
			c->s = compact(r, v, &c->n);
		} else {
			c->s = v->p;
			c->n = v->n;
		}
		break;
	case PQ_BOOL:
		if (v->type != DP_JTRUE && v->type != DP_JFALSE)
			return wrong_type(r, f, v, "true or false");
		c->v.b = v->type == DP_JTRUE;
		break;
	case PQ_TIMESTAMP:
		if (v->type != DP_JSTRING)
			return wrong_type(r, f, v, "an RFC 3339 string");
		s = string_value(r, v, &n);
		if (pq_timestamp(s, n, &c->v.i64, &why) != 0)
			return fail(r, f, "%s: '%.*s'", why,
				    (int)(n < 64 ? n : 64), s);
		break;
	case PQ_INT32:
	case PQ_INT64:
		if (!is_number(v))
			return wrong_type(r, f, v, "a number");
		/* 0; 1: not an integer; -1: an integer beyond int64 */
		rc = v->type == DP_JINT ? pq_parse_int64(v->p, v->n, &i) :
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
		if (!is_number(v))
			return wrong_type(r, f, v, "a number");
		c->v.d = strtod(v->p, NULL);
		if (isinf(c->v.d))
			return out_of_range(r, f, v, "double");
		if (v->type == DP_JINT)
			note_inexact(r, f, v, c->v.d, 0);
		break;
	case PQ_FLOAT:
		if (!is_number(v))
			return wrong_type(r, f, v, "a number");
		if (dp_parse_float(v->p, v->n, &c->v.f) != 0)
			return out_of_range(r, f, v, "float");
		if (v->type == DP_JINT)
			note_inexact(r, f, v, c->v.f, 1);
		break;
	case PQ_DECIMAL:
		if (!is_number(v))
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
	     const struct dp_jfield *m, struct pq_cell *c)
{
	const struct dp_jspan *v = &m->v;
	char tb[64];
	struct dp_jspan e;
	size_t pos = 0;
	uint32_t k = 0;

	if (v->type != DP_JARRAY)
		return fail(r, f, "expected an array for list<%s>, got %s",
			    type_text(f, tb, sizeof tb), jtype_name(v->type));
	c->present = 1;
	if (f->kind == PQ_FLOAT && m->vec >= 0) {
		/* a vector of reals, read as floats by the scan: the
		 * embeddings' hot path */
		c->dense = 1;
		c->first = (uint32_t)m->vec;
		c->count = (uint32_t)m->vec_len;
		return 0;
	}
	c->dense = 0;
	c->first = (uint32_t)r->nelems;
	for (; dp_jspan_next(v, &pos, NULL, &e); k++) {
		struct pq_cell *ec;
		r->elems = dp_xgrow(r->elems, &r->capelems, r->nelems + k + 1,
				    sizeof *r->elems);
		ec = &r->elems[r->nelems + k];
		if (e.type == DP_JNULL) {
			if (f->elem_required)
				return fail(r, f, "element %u is null, but "
					    "the list's elements may not be",
					    k);
			ec->present = 0;
			continue;
		}
		r->elem = k;
		int bad = convert(r, f, &e, ec);
		r->elem = -1;
		if (bad)
			return -1;
	}
	c->count = k;
	r->nelems += k;
	return 0;
}

/* See parquet.h. */
int
pq_record_read(struct pq_record *r, const char *line, size_t n,
	       const char *file, long long lineno)
{
	const struct pq_schema *s = r->schema;
	const struct dp_scan *scan = &r->scan;

	r->not_json = 0;
	if (dp_scan_line_lax(&r->scan, line, n) != 0) {
		r->not_json = 1;
		r->err.len = 0;
		if (dp_scan_error(&r->err, line, n) != 0)
			dp_die(DP_EXIT_INTERNAL, "a record the scanner "
			       "refused is valid JSON");
		return -1;
	}
	memset(r->slot, 0, (size_t)s->n * sizeof *r->slot);
	for (size_t i = 0; i < scan->n; i++) {
		const struct dp_jfield *m = &scan->field[i];
		int k = pq_schema_find(s, m->name, m->name_len);
		if (k >= 0) {
			r->slot[k] = m;
			continue;
		}
		if (r->strict) {
			r->err.len = 0;
			dp_buf_add(&r->err, "field '", 7);
			dp_buf_add(&r->err, m->name, m->name_len < 200 ?
				   m->name_len : 200);
			dp_buf_adds(&r->err, "' is not in the schema");
			return -1;
		}
		if (pq_schema_find(r->unknown, m->name, m->name_len) < 0) {
			struct pq_field f = { 0 };
			f.name = dp_xmalloc(m->name_len + 1);
			memcpy(f.name, m->name, m->name_len);
			f.name[m->name_len] = '\0';
			pq_schema_add(r->unknown, &f);
			dp_warn_at(file, lineno, "field '%s' is not in the "
				   "schema: dropped (warned once per field)",
				   f.name);
			free(f.name);
		}
	}
	r->nelems = 0;
	r->ninexact = 0;
	r->text.len = 0;
	dp_buf_reserve(&r->text, n);
	for (int k = 0; k < s->n; k++) {
		const struct pq_field *f = &s->fields[k];
		const struct dp_jfield *m = r->slot[k];
		const struct dp_jspan *v = m ? &m->v : NULL;
		struct pq_cell *c = &r->cells[k];

		if (!v || v->type == DP_JNULL) {
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
		if ((f->list ? convert_list(r, f, m, c) :
			       convert(r, f, v, c)) != 0)
			return -1;
	}
	warn_inexact(r, file, lineno);
	return 0;
}
