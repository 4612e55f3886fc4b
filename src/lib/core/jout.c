/* SPDX-License-Identifier: MIT */
/* Writing records from spans (span.h): canonical bytes are copied, the
 * rest written as dp_json_value would write jansson's reading of them,
 * and an output record is the input's fields with some dropped,
 * replaced or added. */
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

/* See span.h. */
void
dp_jspan_write(struct dp_buf *b, const struct dp_jspan *v)
{
	struct dp_buf tmp = { 0 };

	if (v->canon) {
		dp_buf_add(b, v->p, v->n);
		return;
	}
	switch (v->type) {
	case DP_JINT:
		dp_json_int(b, dp_jspan_int(v));
		break;
	case DP_JREAL:
		dp_json_double(b, dp_jspan_real(v));
		break;
	case DP_JSTRING:
		dp_jspan_string(&tmp, v);
		dp_json_string(b, tmp.data, tmp.len);
		dp_buf_free(&tmp);
		break;
	case DP_JARRAY: {
		struct dp_jspan x;
		size_t pos = 0;
		int first = 1;
		dp_buf_addc(b, '[');
		while (dp_jspan_next(v, &pos, NULL, &x)) {
			if (!first)
				dp_buf_addc(b, ',');
			first = 0;
			dp_jspan_write(b, &x);
		}
		dp_buf_addc(b, ']');
		break;
	}
	case DP_JOBJECT: {
		/* repeated keys, white space, escapes: rare; jansson
		 * merges the keys as the record reader always has */
		json_t *j = json_loadb(v->p, v->n, JSON_ALLOW_NUL, NULL);
		if (!j)
			dp_die(DP_EXIT_INTERNAL, "jansson rejects a value the "
			       "scanner accepted");
		dp_json_value(b, j);
		json_decref(j);
		break;
	}
	default:
		dp_buf_add(b, v->p, v->n);
		break;
	}
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
