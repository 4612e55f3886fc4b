/* SPDX-License-Identifier: MIT */
/* Fuzz target: the record scanner (core/scan.c) and writer (core/jout.c)
 * against jansson, the reader they replace. For any input line:
 * dp_scan_line accepts it exactly when json_loadb(JSON_ALLOW_NUL) reads
 * a JSON object, and then
 *   - dp_scan_write prints what dp_json_value prints for jansson's
 *     object, and s.canon is set exactly when that is the line itself;
 *   - the fields come in jansson's order, each found by its name, its
 *     value written as dp_json_value writes jansson's, its canonical
 *     flags exact, its string decoded as jansson decodes it, each
 *     member of a nested object found by dp_jspan_member and each
 *     element of an array by dp_jspan_next (whose canonical flags are
 *     never wrongly set, but may be 0 for a canonical value);
 *   - an output record with the first field dropped, the last given a
 *     new value and a field added equals jansson's object edited so.
 * Any difference aborts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dp.h"

/* Abort unless a[0..an) equals b[0..bn). */
static void
same(const char *a, size_t an, const char *b, size_t bn, const char *what)
{
	if (an != bn || memcmp(a, b, an) != 0) {
		fprintf(stderr, "%s differs:\n  jansson %.*s\n  scan    %.*s\n",
			what, (int)an, a, (int)bn, b);
		abort();
	}
}

/* Check span v against jansson's value j, recursively into objects
 * and arrays up to `depth` more levels (each level writes the whole
 * value again, so deep nesting would cost its square). */
static void
check_value(const struct dp_jspan *v, json_t *j, int depth, int exact)
{
	struct dp_buf a = { 0 }, b = { 0 };

	dp_json_value(&a, j);
	dp_jspan_write(&b, v);
	same(a.data, a.len, b.data, b.len, "value");
	if ((exact || v->canon) &&
	    v->canon != (a.len == v->n && memcmp(a.data, v->p, v->n) == 0))
		same(a.data, a.len, v->p, v->n, "canonical flag");
	if (json_is_string(j)) {
		b.len = 0;
		dp_jspan_string(&b, v);
		same(json_string_value(j), json_string_length(j), b.data,
		     b.len, "decoded string");
	} else if (json_is_integer(j)) {
		if (v->type != DP_JINT || dp_jspan_int(v) != json_integer_value(j))
			abort();
	} else if (json_is_real(j)) {
		double x = dp_jspan_real(v), y = json_real_value(j);
		if (v->type != DP_JREAL || memcmp(&x, &y, sizeof x) != 0)
			abort();
	} else if (depth > 0 && json_is_object(j)) {
		const char *key;
		json_t *item;
		if (v->type != DP_JOBJECT)
			abort();
		json_object_foreach(j, key, item) {
			struct dp_jspan m;
			if (!dp_jspan_member(v, key, strlen(key), &m))
				abort();
			check_value(&m, item, depth - 1, 0);
		}
	} else if (depth > 0 && json_is_array(j)) {
		struct dp_jspan x;
		size_t pos = 0, i = 0;
		if (v->type != DP_JARRAY)
			abort();
		while (dp_jspan_next(v, &pos, NULL, &x))
			check_value(&x, json_array_get(j, i++), depth - 1, 0);
		if (i != json_array_size(j))
			abort();
	}
	dp_buf_free(&a);
	dp_buf_free(&b);
}

/* Edit s and j alike (drop the first field, a new value for the last,
 * one field added) and compare the outputs. */
static void
check_edit(const struct dp_scan *s, json_t *j)
{
	static struct dp_jout o;
	struct dp_buf a = { 0 }, b = { 0 };
	struct dp_buf *v;

	dp_jout_begin(&o, s);
	if (s->n > 0) {
		const struct dp_jfield *first = &s->field[0];
		const struct dp_jfield *last = &s->field[s->n - 1];
		char *name = strndup(first->name, first->name_len);
		json_object_del(j, name);
		free(name);
		dp_jout_drop(&o, first->name, first->name_len);
		name = strndup(last->name, last->name_len);
		json_object_set_new(j, name, json_integer(7));
		free(name);
		v = dp_jout_set(&o, last->name, last->name_len);
		dp_json_int(v, 7);
	}
	json_object_set_new(j, "added \"key\"", json_string("x"));
	v = dp_jout_set(&o, "added \"key\"", 11);
	dp_json_cstring(v, "x");
	dp_json_value(&a, j);
	dp_jout_end(&o, &b);
	same(a.data, a.len, b.data, b.len, "edited record");
	dp_buf_free(&a);
	dp_buf_free(&b);
}

/* The same line scanned with want_vec (and lax) gives the same fields
 * and flags, and every vector holds its elements' floats as
 * dp_parse_float reads them. */
static void
check_vectors(const struct dp_scan *plain, const char *line, size_t size)
{
	static struct dp_scan v = { .want_vec = 1 };

	if (dp_scan_line(&v, line, size) != 0 || v.n != plain->n ||
	    v.canon != plain->canon)
		abort();
	for (size_t i = 0; i < v.n; i++) {
		const struct dp_jfield *f = &v.field[i];
		struct dp_jspan x;
		size_t pos = 0, k = 0;
		int reals = f->v.type == DP_JARRAY;

		if (f->v.canon != plain->field[i].v.canon ||
		    f->v.n != plain->field[i].v.n)
			abort();
		while (dp_jspan_next(&f->v, &pos, NULL, &x)) {
			float e;
			if (x.type != DP_JREAL ||
			    dp_parse_float(x.p, x.n, &e) != 0) {
				reals = 0;
				break;
			}
			if (f->vec >= 0 && (k >= f->vec_len ||
			    memcmp(&v.vec[f->vec + k], &e, sizeof e)))
				abort();
			k++;
		}
		if (reals != (f->vec >= 0) || (reals && k != f->vec_len))
			abort();
	}
	if (dp_scan_line_lax(&v, line, size) != 0 || v.n != plain->n)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct dp_scan s;
	const char *line = (const char *)data;
	struct dp_buf a = { 0 }, b = { 0 };
	json_t *j = json_loadb(line, size, JSON_ALLOW_NUL, NULL);
	int want = j && json_is_object(j);
	int got = dp_scan_line(&s, line, size) == 0;
	const char *key;
	json_t *item;
	size_t i = 0;

	if (want != got) {
		fprintf(stderr, "jansson %s, the scanner %s\n",
			want ? "accepts" : "rejects",
			got ? "accepts" : "rejects");
		abort();
	}
	if (!got) {
		if (dp_scan_error(&a, line, size) != 0 || a.len == 0)
			abort();
		dp_buf_free(&a);
		json_decref(j);
		return 0;
	}
	dp_json_value(&a, j);
	dp_scan_write(&b, &s);
	same(a.data, a.len, b.data, b.len, "record");
	if (s.canon != (a.len == size && memcmp(a.data, line, size) == 0))
		same(a.data, a.len, line, size, "record canonical flag");
	if (s.n != json_object_size(j))
		abort();
	json_object_foreach(j, key, item) {
		const struct dp_jfield *f = &s.field[i++];
		size_t n = strlen(key);

		same(key, n, f->name, f->name_len, "key");
		if (dp_scan_field(&s, key, n) != f)
			abort();
		a.len = 0;
		dp_json_cstring(&a, key);
		if (f->key_canon != (a.len == f->key_len + 2 &&
				     memcmp(a.data + 1, f->key, f->key_len) == 0))
			abort();
		check_value(&f->v, item, 8, 1);
	}
	check_vectors(&s, line, size);
	check_edit(&s, j);
	dp_buf_free(&a);
	dp_buf_free(&b);
	json_decref(j);
	return 0;
}
