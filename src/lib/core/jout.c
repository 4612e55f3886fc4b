/* SPDX-License-Identifier: MIT */
/* Writing records from spans (span.h): canonical bytes are copied, the
 * rest written as dp_json_value would write jansson's reading of them,
 * and an output record is the input's fields with some dropped,
 * replaced or added. dp_jspan_next walks a container's members by the
 * same skimming of valid text that writing uses. */
#include <stdlib.h>
#include <string.h>

#include "dp.h"

/* What becomes of an input field. */
enum { KEEP, DROP, SET };

struct dp_jout_edit {
	int what;
	size_t off, len;	/* SET: the new value in o->vals */
};

struct dp_jout_add {
	size_t name, name_len;	/* the key, in o->vals */
	size_t off, len;	/* the value, in o->vals */
	int dropped;
};

/* Skip white space, and the NUL byte jansson drops after a scalar. */
static const char *
gap(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' ||
			   *p == '\r' || *p == '\0'))
		p++;
	return p;
}

/* The end of the number at p. */
static const char *
number_end(const char *p, const char *end)
{
	while (p < end && ((*p >= '0' && *p <= '9') || *p == '-' ||
			   *p == '+' || *p == '.' || *p == 'e' || *p == 'E'))
		p++;
	return p;
}

/* The closing quote of the valid string whose opening quote is at p. */
static const char *
string_end(const char *p)
{
	for (p++; *p != '"'; p += *p == '\\' ? 2 : 1)
		;
	return p;
}

/* The byte after the valid object or array at p. */
static const char *
container_end(const char *p)
{
	int depth = 0;

	for (;; p++) {
		if (*p == '"')
			p = string_end(p);
		else if (*p == '{' || *p == '[')
			depth++;
		else if ((*p == '}' || *p == ']') && --depth == 0)
			return p + 1;
	}
}

/* The valid JSON value at p (before end) as span v, with the flags
 * dp_jspan_next promises; returns the byte after it. */
static const char *
skim(const char *p, const char *end, struct dp_jspan *v)
{
	const char *q;

	v->p = p;
	v->esc = 0;
	v->canon = 1;
	switch (*p) {
	case '{':
	case '[':
		v->type = *p == '{' ? DP_JOBJECT : DP_JARRAY;
		v->canon = 0;
		q = container_end(p);
		break;
	case '"':
		v->type = DP_JSTRING;
		for (q = p + 1; *q != '"'; q++)
			if (*q == '\\') {
				v->esc = 1;
				q++;
			}
		q++;
		v->canon = !v->esc;
		break;
	case 't':
		v->type = DP_JTRUE;
		q = p + 4;
		break;
	case 'f':
		v->type = DP_JFALSE;
		q = p + 5;
		break;
	case 'n':
		v->type = DP_JNULL;
		q = p + 4;
		break;
	default:
		v->type = DP_JINT;
		for (q = p; q < end && ((*q >= '0' && *q <= '9') || *q == '-' ||
					*q == '+' || *q == '.' || *q == 'e' ||
					*q == 'E'); q++)
			if (*q == '.' || *q == 'e' || *q == 'E')
				v->type = DP_JREAL;
		v->canon = v->type == DP_JINT &&
			   !(q - p == 2 && p[0] == '-' && p[1] == '0');
		break;
	}
	v->n = (size_t)(q - p);
	return q;
}

/* See span.h. */
int
dp_jspan_next(const struct dp_jspan *c, size_t *pos, struct dp_jspan *key,
	      struct dp_jspan *v)
{
	const char *end = c->p + c->n, *p = c->p + *pos;

	if (c->type != DP_JARRAY && c->type != DP_JOBJECT)
		return 0;
	if (*pos == 0)
		p = gap(p + 1, end);
	if (*p == ']' || *p == '}')
		return 0;
	if (c->type == DP_JOBJECT) {
		struct dp_jspan k;
		p = gap(skim(p, end, &k), end) + 1;	/* the ':' */
		if (key)
			*key = k;
		p = gap(p, end);
	}
	p = gap(skim(p, end, v), end);
	if (*p == ',')
		p = gap(p + 1, end);
	*pos = (size_t)(p - c->p);
	return 1;
}

/* Write the valid JSON value at p (before end) as dp_json_value writes
 * jansson's reading of it; returns the byte after it. One pass: the
 * cost follows the text, however deep. */
static const char *
write_text(struct dp_buf *b, const char *p, const char *end)
{
	struct dp_jspan v;
	const char *q;

	switch (*p) {
	case '[':
		dp_buf_addc(b, '[');
		p = gap(p + 1, end);
		while (*p != ']') {
			p = gap(write_text(b, p, end), end);
			if (*p == ',') {
				dp_buf_addc(b, ',');
				p = gap(p + 1, end);
			}
		}
		dp_buf_addc(b, ']');
		return p + 1;
	case '{':
		/* repeated keys, white space, escapes: rare; jansson
		 * merges the keys as the record reader always has */
		q = container_end(p);
		json_t *j = json_loadb(p, (size_t)(q - p), JSON_ALLOW_NUL, NULL);
		dp_json_value(b, j);
		json_decref(j);
		return q;
	case '"': {
		struct dp_buf tmp = { 0 };
		q = string_end(p);
		dp_json_unescape(&tmp, p + 1, (size_t)(q - p - 1));
		dp_json_string(b, tmp.data, tmp.len);
		dp_buf_free(&tmp);
		return q + 1;
	}
	case 't':
	case 'n':
		dp_buf_add(b, p, 4);
		return p + 4;
	case 'f':
		dp_buf_add(b, p, 5);
		return p + 5;
	default:
		q = number_end(p, end);
		v = (struct dp_jspan){ .p = p, .n = (size_t)(q - p) };
		v.type = memchr(p, '.', v.n) || memchr(p, 'e', v.n) ||
			 memchr(p, 'E', v.n) ? DP_JREAL : DP_JINT;
		if (v.type == DP_JINT)
			dp_json_int(b, dp_jspan_int(&v));
		else
			dp_json_double(b, dp_jspan_real(&v));
		return q;
	}
}

/* See span.h. */
void
dp_jspan_write(struct dp_buf *b, const struct dp_jspan *v)
{
	if (v->canon)
		dp_buf_add(b, v->p, v->n);
	else
		write_text(b, v->p, v->p + v->n);
}

/* Append the key of f and the ':' after it. */
static void
write_key(struct dp_buf *b, const struct dp_jfield *f)
{
	if (f->key_canon) {
		dp_buf_reserve(b, f->key_len + 3);
		b->data[b->len++] = '"';
		memcpy(b->data + b->len, f->key, f->key_len);
		b->len += f->key_len;
		b->data[b->len++] = '"';
		b->data[b->len++] = ':';
	} else {
		dp_json_string(b, f->name, f->name_len);
		dp_buf_addc(b, ':');
	}
}

/* See span.h. */
void
dp_jfield_write(struct dp_buf *b, const struct dp_jfield *f)
{
	write_key(b, f);
	dp_jspan_write(b, &f->v);
}

/* See span.h. */
void
dp_scan_write(struct dp_buf *b, const struct dp_scan *s)
{
	if (s->canon) {
		dp_buf_add(b, s->line, s->len);
		return;
	}
	dp_buf_addc(b, '{');
	for (size_t i = 0; i < s->n; i++) {
		if (i)
			dp_buf_addc(b, ',');
		dp_jfield_write(b, &s->field[i]);
	}
	dp_buf_addc(b, '}');
}

/* End the value being appended to o->vals, if any. */
static void
close_value(struct dp_jout *o)
{
	if (o->open > 0)
		o->edit[o->open - 1].len = o->vals.len - o->edit[o->open - 1].off;
	else if (o->open < 0)
		o->add[-o->open - 1].len = o->vals.len -
					   o->add[-o->open - 1].off;
	o->open = 0;
}

/* See span.h. */
void
dp_jout_begin(struct dp_jout *o, const struct dp_scan *in)
{
	o->in = in;
	o->vals.len = 0;
	o->nadd = 0;
	o->nedit = 0;
	o->open = 0;
	if (in->n > 0) {
		o->edit = dp_xgrow(o->edit, &o->capedit, in->n,
				   sizeof *o->edit);
		memset(o->edit, 0, in->n * sizeof *o->edit);
	}
}

/* The input field named name[0..len) that is still there, or -1. */
static long
find_input(const struct dp_jout *o, const char *name, size_t len)
{
	const struct dp_jfield *f = dp_scan_field(o->in, name, len);

	if (!f || o->edit[f - o->in->field].what == DROP)
		return -1;
	return f - o->in->field;
}

/* The added field named name[0..len) that is still there, or -1. */
static long
find_added(const struct dp_jout *o, const char *name, size_t len)
{
	for (size_t i = 0; i < o->nadd; i++) {
		const struct dp_jout_add *a = &o->add[i];
		if (!a->dropped && a->name_len == len &&
		    memcmp(o->vals.data + a->name, name, len) == 0)
			return (long)i;
	}
	return -1;
}

/* See span.h. */
void
dp_jout_drop(struct dp_jout *o, const char *name, size_t len)
{
	long i;

	close_value(o);
	if ((i = find_input(o, name, len)) >= 0) {
		o->edit[i].what = DROP;
		o->nedit++;
	} else if ((i = find_added(o, name, len)) >= 0) {
		o->add[i].dropped = 1;
	}
}

/* See span.h. */
struct dp_buf *
dp_jout_set(struct dp_jout *o, const char *name, size_t len)
{
	long i;

	close_value(o);
	if ((i = find_input(o, name, len)) >= 0) {
		if (o->edit[i].what == KEEP)
			o->nedit++;
		o->edit[i].what = SET;
		o->edit[i].off = o->vals.len;
		o->open = (int)i + 1;
	} else if ((i = find_added(o, name, len)) >= 0) {
		o->add[i].off = o->vals.len;
		o->open = -(int)i - 1;
	} else {
		struct dp_jout_add *a;
		o->add = dp_xgrow(o->add, &o->capadd, o->nadd + 1,
				  sizeof *o->add);
		a = &o->add[o->nadd++];
		a->name = o->vals.len;
		a->name_len = len;
		a->dropped = 0;
		dp_buf_add(&o->vals, name, len);
		a->off = o->vals.len;
		o->open = -(int)o->nadd;
	}
	return &o->vals;
}

/* See span.h. */
void
dp_jout_end(struct dp_jout *o, struct dp_buf *b)
{
	const struct dp_scan *in = o->in;
	int first = 1;

	close_value(o);
	if (o->nedit == 0 && in->canon) {
		/* every input field as it is: the line without its '}' */
		dp_buf_add(b, in->line, in->len - 1);
		first = in->n == 0;
	} else {
		dp_buf_addc(b, '{');
		for (size_t i = 0; i < in->n; i++) {
			const struct dp_jout_edit *e = &o->edit[i];
			if (e->what == DROP)
				continue;
			if (!first)
				dp_buf_addc(b, ',');
			first = 0;
			if (e->what == SET) {
				write_key(b, &in->field[i]);
				dp_buf_add(b, o->vals.data + e->off, e->len);
			} else {
				dp_jfield_write(b, &in->field[i]);
			}
		}
	}
	for (size_t i = 0; i < o->nadd; i++) {
		const struct dp_jout_add *a = &o->add[i];
		if (a->dropped)
			continue;
		if (!first)
			dp_buf_addc(b, ',');
		first = 0;
		dp_json_string(b, o->vals.data + a->name, a->name_len);
		dp_buf_addc(b, ':');
		dp_buf_add(b, o->vals.data + a->off, a->len);
	}
	dp_buf_addc(b, '}');
}

/* See span.h. */
void
dp_jout_free(struct dp_jout *o)
{
	dp_buf_free(&o->vals);
	free(o->edit);
	free(o->add);
	memset(o, 0, sizeof *o);
}
