/* SPDX-License-Identifier: MIT */
/* Unit tests: field paths (dp(7), FIELD PATHS): the parser, its escapes
 * and bounds, the printer, the lookup. */
#include <stdlib.h>

#include "dp.h"
#include "unit.h"

static struct dp_buf got;

/* The keys of the path in the n bytes at s as "<k1><k2>...", then
 * " = " and the path printed back; or "ERR why". */
static const char *
parse_n(const char *s, size_t n)
{
	const char *why;
	struct dp_field_path *p = dp_field_path_parse(s, n, &why);

	got.len = 0;
	if (!p) {
		dp_buf_printf(&got, "ERR %s", why);
		return dp_buf_cstr(&got);
	}
	for (size_t k = 0; k < p->n; k++) {
		dp_buf_addc(&got, '<');
		dp_buf_add(&got, p->key[k].name, p->key[k].len);
		dp_buf_addc(&got, '>');
		if (strlen(p->key[k].name) != p->key[k].len)
			dp_buf_adds(&got, "(length mismatch)");
	}
	dp_buf_adds(&got, " = ");
	dp_field_path_print(&got, p, p->n);
	if (strlen(p->text) != n || memcmp(p->text, s, n) != 0)
		dp_buf_adds(&got, " (text differs)");
	dp_field_path_free(p);
	return dp_buf_cstr(&got);
}

static const char *
parse(const char *s)
{
	return parse_n(s, strlen(s));
}

/* Long paths: the bounds on bytes and keys, exactly. */
static void
bounds(void)
{
	struct dp_buf s = { 0 };
	struct dp_field_path *p;
	const char *why;

	for (int i = 0; i < DP_FIELD_PATH_MAX_BYTES; i++)
		dp_buf_addc(&s, 'k');
	p = dp_field_path_parse(s.data, s.len, &why);
	CHECK("a key of the most bytes", p && p->n == 1 &&
	      p->key[0].len == DP_FIELD_PATH_MAX_BYTES);
	dp_field_path_free(p);
	dp_buf_addc(&s, 'k');
	CHECK_STR("one byte more", parse(dp_buf_cstr(&s)),
		  "ERR longer than 65536 bytes");

	s.len = 0;
	for (int i = 0; i < DP_FIELD_PATH_MAX_KEYS; i++)
		dp_buf_adds(&s, i ? ".a" : "a");
	p = dp_field_path_parse(s.data, s.len, &why);
	CHECK("the most keys", p && p->n == DP_FIELD_PATH_MAX_KEYS &&
	      p->key[DP_FIELD_PATH_MAX_KEYS - 1].len == 1);
	dp_field_path_free(p);
	dp_buf_adds(&s, ".a");
	CHECK_STR("one key more", parse(dp_buf_cstr(&s)),
		  "ERR more than 2048 keys");

	/* escaped dots are not keys: 3000 of them make one key */
	s.len = 0;
	for (int i = 0; i < 3000; i++)
		dp_buf_adds(&s, "\\.");
	p = dp_field_path_parse(s.data, s.len, &why);
	CHECK("3000 escaped dots: one key of 3000 dots", p && p->n == 1 &&
	      p->key[0].len == 3000 && p->key[0].name[2999] == '.');
	dp_field_path_free(p);
	dp_buf_free(&s);
}

/* The lookup on a record. */
static void
lookup(void)
{
	json_t *rec = json_loads("{\"a\":{\"b\":{\"c\":1},\"s\":\"x\"},"
				 "\"a.b\":2,\"n\":null,\"d\\\\\":3}", 0, NULL);
	struct dp_field_path *p = NULL;
	size_t depth;
	json_t *v;

	dp_field_path_option(&p, "--t", "a.b.c");
	v = dp_field_path_get(p, rec);
	CHECK("nested a.b.c", json_integer_value(v) == 1);
	dp_field_path_option(&p, "--t", "a\\.b");
	v = dp_field_path_get(p, rec);
	CHECK("escaped a\\.b: the key \"a.b\"", json_integer_value(v) == 2);
	dp_field_path_option(&p, "--t", "d\\\\");
	v = dp_field_path_get(p, rec);
	CHECK("escaped d\\\\: the key \"d\\\"", json_integer_value(v) == 3);
	dp_field_path_option(&p, "--t", "n");
	v = dp_field_path_get(p, rec);
	CHECK("a null value is found", v && json_is_null(v));
	dp_field_path_option(&p, "--t", "a");
	v = dp_field_path_get(p, rec);
	CHECK("an object value is found", json_is_object(v));

	dp_field_path_option(&p, "--t", "a.s.x");
	CHECK("through a string: absent", !dp_field_path_get(p, rec));
	v = dp_field_path_walk(p, rec, &depth);
	CHECK("through a string: walk stops at the string, depth 2",
	      depth == 2 && json_is_string(v));
	dp_field_path_option(&p, "--t", "a.nope.c");
	v = dp_field_path_walk(p, rec, &depth);
	CHECK("a missing key: walk stops at its object, depth 1",
	      depth == 1 && json_is_object(v) && !dp_field_path_get(p, rec));
	dp_field_path_option(&p, "--t", "n.x");
	v = dp_field_path_walk(p, rec, &depth);
	CHECK("through null: depth 1, at the null", depth == 1 &&
	      json_is_null(v) && !dp_field_path_get(p, rec));
	dp_field_path_option(&p, "--t", "zz");
	v = dp_field_path_walk(p, rec, &depth);
	CHECK("absent at the top: depth 0, the record", depth == 0 &&
	      v == rec && !dp_field_path_get(p, rec));
	dp_field_path_option(&p, "--t", "a.b");
	CHECK("the same path twice: the same value",
	      dp_field_path_get(p, rec) == json_object_get(
		      json_object_get(rec, "a"), "b"));

	got.len = 0;
	dp_field_path_option(&p, "--t", "x\\.y.z\\\\.w");
	dp_field_path_print(&got, p, 2);
	CHECK_STR("print the first 2 keys", dp_buf_cstr(&got), "x\\.y.z\\\\");
	got.len = 0;
	dp_field_path_print(&got, p, 0);
	CHECK_STR("print no key", dp_buf_cstr(&got), "");
	dp_field_path_free(p);
	json_decref(rec);
}

int
main(void)
{
	CHECK_STR("one key", parse("text"), "<text> = text");
	CHECK_STR("nested", parse("a.b.c"), "<a><b><c> = a.b.c");
	CHECK_STR("escaped dot: one key", parse("a\\.b"), "<a.b> = a\\.b");
	CHECK_STR("escaped backslash", parse("a\\\\.b"), "<a\\><b> = a\\\\.b");
	CHECK_STR("escaped backslash, then escaped dot", parse("a\\\\\\.b"),
		  "<a\\.b> = a\\\\\\.b");
	CHECK_STR("a key that is only a dot", parse("\\."), "<.> = \\.");
	CHECK_STR("other bytes are themselves", parse("x|y z\"$é"),
		  "<x|y z\"$é> = x|y z\"$é");
	CHECK_STR("empty", parse(""), "ERR an empty key");
	CHECK_STR("only a dot", parse("."), "ERR an empty key");
	CHECK_STR("leading dot", parse(".a"), "ERR an empty key");
	CHECK_STR("trailing dot", parse("a."), "ERR an empty key");
	CHECK_STR("two dots", parse("a..b"), "ERR an empty key");
	CHECK_STR("trailing lone backslash", parse("a\\"),
		  "ERR a lone backslash at the end");
	CHECK_STR("trailing escaped backslash, then a lone one",
		  parse("a\\\\\\"), "ERR a lone backslash at the end");
	CHECK_STR("backslash before another character", parse("a\\b"),
		  "ERR a backslash escapes only '.' and '\\'");
	CHECK_STR("a NUL byte", parse_n("a\0b", 3), "ERR a NUL byte");
	CHECK_STR("only the n bytes given", parse_n("a.bc", 3), "<a><b> = a.b");
	bounds();
	lookup();
	dp_buf_free(&got);
	return unit_failures ? 1 : 0;
}
