/* SPDX-License-Identifier: MIT */
/* Unit tests: the record scanner (core/scan.c) and writer (core/jout.c):
 * what it accepts, the fields' spans, types and canonical flags,
 * decoded strings, numbers, nested lookup by field path, repeated
 * keys, error messages, and output records. */
#include <stdlib.h>

#include "dp.h"
#include "unit.h"

static struct dp_scan s;
static struct dp_buf out;

/* Scan the C string t; 1 if accepted. */
static int
scan(const char *t)
{
	return dp_scan_line(&s, t, strlen(t)) == 0;
}

/* Scan n bytes. */
static int
scann(const char *t, size_t n)
{
	return dp_scan_line(&s, t, n) == 0;
}

/* The value text of field `name` in the last scan, or "(none)". */
static const char *
val(const char *name)
{
	static char buf[256];
	const struct dp_jfield *f = dp_scan_field(&s, name, strlen(name));

	if (!f)
		return "(none)";
	snprintf(buf, sizeof buf, "%.*s", (int)f->v.n, f->v.p);
	return buf;
}

/* Field `name` of the last scan (it must be there). */
static const struct dp_jfield *
field(const char *name)
{
	const struct dp_jfield *f = dp_scan_field(&s, name, strlen(name));

	if (!f) {
		printf("FAIL no field %s\n", name);
		exit(1);
	}
	return f;
}

/* The record written back (dp_scan_write), as a C string. */
static const char *
written(void)
{
	out.len = 0;
	dp_scan_write(&out, &s);
	return dp_buf_cstr(&out);
}

/* Field `name`'s value written canonically. */
static const char *
wval(const char *name)
{
	out.len = 0;
	dp_jspan_write(&out, &field(name)->v);
	return dp_buf_cstr(&out);
}

/* The decoded string of field `name`. */
static const char *
str(const char *name)
{
	out.len = 0;
	dp_jspan_string(&out, &field(name)->v);
	return dp_buf_cstr(&out);
}

/* The reject message for t. */
static const char *
why(const char *t, size_t n)
{
	out.len = 0;
	if (scann(t, n))
		return "(accepted)";
	dp_scan_error(&out, t, n);
	return dp_buf_cstr(&out);
}

static void
test_accept(void)
{
	CHECK("empty object", scan("{}") && s.n == 0 && s.canon);
	CHECK("white space around", scan(" \t{ } \r\n") && !s.canon);
	CHECK("array is not a record", !scan("[1]"));
	CHECK("scalar is not a record", !scan("1"));
	CHECK("blank", !scan("  "));
	CHECK("nothing", !scann("", 0));
	CHECK("trailing comma", !scan("{\"a\":1,}"));
	CHECK("missing value", !scan("{\"a\":}"));
	CHECK("missing colon", !scan("{\"a\" 1}"));
	CHECK("unquoted key", !scan("{a:1}"));
	CHECK("single quotes", !scan("{'a':1}"));
	CHECK("two objects", !scan("{}{}"));
	CHECK("unclosed", !scan("{\"a\":[1,2}"));
	CHECK("leading zero", !scan("{\"a\":01}"));
	CHECK("minus alone", !scan("{\"a\":-}"));
	CHECK("dot without digits", !scan("{\"a\":1.}"));
	CHECK("exponent without digits", !scan("{\"a\":1e+}"));
	CHECK("plus sign", !scan("{\"a\":+1}"));
	CHECK("literal with letters", !scan("{\"a\":truex}"));
	CHECK("capital literal", !scan("{\"a\":True}"));
	CHECK("NaN", !scan("{\"a\":NaN}"));
	CHECK("control byte in string", !scan("{\"a\":\"x\ty\"}"));
	CHECK("bad escape", !scan("{\"a\":\"\\x\"}"));
	CHECK("short \\u", !scan("{\"a\":\"\\u12\"}"));
	CHECK("lone high surrogate", !scan("{\"a\":\"\\ud800\"}"));
	CHECK("lone low surrogate", !scan("{\"a\":\"\\udc00\"}"));
	CHECK("two high surrogates", !scan("{\"a\":\"\\ud800\\ud800\"}"));
	CHECK("surrogate pair", scan("{\"a\":\"\\ud83d\\ude00\"}"));
	CHECK("\\u0000 in a string", scan("{\"a\":\"\\u0000\"}"));
	CHECK("\\u0000 in a key", !scan("{\"a\\u0000\":1}"));
	CHECK("invalid UTF-8", !scan("{\"a\":\"\xc3\x28\"}"));
	CHECK("overlong UTF-8", !scan("{\"a\":\"\xc0\xaf\"}"));
	CHECK("UTF-8 surrogate", !scan("{\"a\":\"\xed\xa0\x80\"}"));
	CHECK("UTF-8 above U+10FFFF", !scan("{\"a\":\"\xf4\x90\x80\x80\"}"));
	CHECK("UTF-8 cut short", !scan("{\"a\":\"\xe2\x82\"}"));
	CHECK("UTF-8 text", scan("{\"ключ\":\"😀\"}"));
	CHECK("DEL byte", scan("{\"a\":\"\x7f\"}"));
	CHECK("int64 max", scan("{\"a\":9223372036854775807}"));
	CHECK("int64 min", scan("{\"a\":-9223372036854775808}"));
	CHECK("above int64", !scan("{\"a\":9223372036854775808}"));
	CHECK("below int64", !scan("{\"a\":-9223372036854775809}"));
	CHECK("1e308", scan("{\"a\":1e308}"));
	CHECK("1e309", !scan("{\"a\":1e309}"));
	CHECK("-1e309", !scan("{\"a\":-1e309}"));
	CHECK("underflow reads as 0", scan("{\"a\":1e-400}"));
	CHECK("long real", scan("{\"a\":123456789012345678901234567890.5}"));
	/* jansson drops a NUL byte right after a number or literal */
	CHECK("NUL after a number", scann("{\"a\":1\0}", 8) && !s.canon &&
	      strcmp(val("a"), "1") == 0 && field("a")->v.canon);
	CHECK("NUL after true", scann("{\"a\":true\0}", 11));
	CHECK("NUL in an array", scann("{\"a\":[1\0]}", 10) &&
	      !field("a")->v.canon && strcmp(wval("a"), "[1]") == 0);
	CHECK("two NULs", !scann("{\"a\":1\0\0}", 9));
	CHECK("NUL after a string", !scann("{\"a\":\"x\"\0}", 10));
	CHECK("NUL after the record", !scann("{}\0", 3));
}

static void
test_depth(void)
{
	struct dp_buf b = { 0 };

	/* the record is depth 1; jansson allows 2048 */
	dp_buf_adds(&b, "{\"a\":");
	for (int i = 0; i < 2046; i++)
		dp_buf_addc(&b, '[');
	dp_buf_addc(&b, '1');
	for (int i = 0; i < 2046; i++)
		dp_buf_addc(&b, ']');
	dp_buf_addc(&b, '}');
	CHECK("depth 2048", scann(b.data, b.len));
	b.len = 0;
	dp_buf_adds(&b, "{\"a\":");
	for (int i = 0; i < 2047; i++)
		dp_buf_addc(&b, '[');
	dp_buf_addc(&b, '1');
	for (int i = 0; i < 2047; i++)
		dp_buf_addc(&b, ']');
	dp_buf_addc(&b, '}');
	CHECK("depth 2049", !scann(b.data, b.len));
	CHECK_STR("depth message", why(b.data, b.len),
		  "invalid JSON at column 2053: maximum parsing depth reached "
		  "near '1'");
	dp_buf_free(&b);
}

static void
test_fields(void)
{
	const struct dp_jfield *f;

	CHECK("fields", scan("{\"s\":\"x\",\"i\":-12,\"r\":1.5,\"t\":true,"
			     "\"f\":false,\"n\":null,\"a\":[1],\"o\":{}}") &&
	      s.n == 8 && s.canon);
	CHECK("types", field("s")->v.type == DP_JSTRING &&
	      field("i")->v.type == DP_JINT && field("r")->v.type == DP_JREAL &&
	      field("t")->v.type == DP_JTRUE && field("f")->v.type == DP_JFALSE &&
	      field("n")->v.type == DP_JNULL && field("a")->v.type == DP_JARRAY &&
	      field("o")->v.type == DP_JOBJECT);
	CHECK_STR("string span", val("s"), "\"x\"");
	CHECK_STR("array span", val("a"), "[1]");
	CHECK_STR("absent", val("zz"), "(none)");
	CHECK("order", s.field[0].name[0] == 's' && s.field[7].name[0] == 'o');
	CHECK("int value", dp_jspan_int(&field("i")->v) == -12);
	CHECK("real value", dp_jspan_real(&field("r")->v) == 1.5);
	CHECK("int as real", dp_jspan_real(&field("i")->v) == -12.0);
	scan("{\"min\":-9223372036854775808,\"max\":9223372036854775807}");
	CHECK("int64 min value", dp_jspan_int(&field("min")->v) == INT64_MIN);
	CHECK("int64 max value", dp_jspan_int(&field("max")->v) == INT64_MAX);

	scan("{ \"a\" : [ 1 , 2 ] , \"b\":{\"c\" :1}}");
	CHECK_STR("span inside white space", val("a"), "[ 1 , 2 ]");
	CHECK("white space: not canonical", !field("a")->v.canon &&
	      !field("b")->v.canon && !s.canon);
	CHECK_STR("written compact", written(), "{\"a\":[1,2],\"b\":{\"c\":1}}");

	scan("{\"k\\u00e9y\":1,\"a\\nb\":2}");
	f = &s.field[0];
	CHECK("escaped key", f->key_esc && !f->key_canon &&
	      f->name_len == 4 && memcmp(f->name, "k\xc3\xa9y", 4) == 0);
	CHECK("found by decoded name", dp_scan_field(&s, "k\xc3\xa9y", 4) == f);
	CHECK("canonical escaped key", s.field[1].key_esc &&
	      s.field[1].key_canon && dp_scan_field(&s, "a\nb", 3));
	CHECK_STR("keys written", written(), "{\"k\xc3\xa9y\":1,\"a\\nb\":2}");
}

static void
test_canonical(void)
{
	scan("{\"a\":\"\\\"\\\\\\b\\f\\n\\r\\t\\u0001\\u001f\",\"b\":\"\\/\","
	     "\"c\":\"\\u001F\",\"d\":\"\\u0041\",\"e\":\"\\u000a\","
	     "\"f\":\"\\u00e9\",\"g\":\"\\ud83d\\ude00\",\"h\":\"é\"}");
	CHECK("short escapes canonical", field("a")->v.canon && field("a")->v.esc);
	CHECK("\\/ not canonical", !field("b")->v.canon);
	CHECK_STR("\\/ written", wval("b"), "\"/\"");
	CHECK("upper-case hex not canonical", !field("c")->v.canon);
	CHECK_STR("upper-case hex written", wval("c"), "\"\\u001f\"");
	CHECK("\\u0041 not canonical", !field("d")->v.canon);
	CHECK_STR("\\u0041 written", wval("d"), "\"A\"");
	CHECK("\\u000a not canonical", !field("e")->v.canon);
	CHECK_STR("\\u000a written", wval("e"), "\"\\n\"");
	CHECK_STR("\\u00e9 written", wval("f"), "\"\xc3\xa9\"");
	CHECK_STR("surrogate pair written", wval("g"), "\"\xf0\x9f\x98\x80\"");
	CHECK("raw UTF-8 canonical", field("h")->v.canon && !field("h")->v.esc);
	CHECK_STR("decoded", str("a"), "\"\\\b\f\n\r\t\001\037");

	scan("{\"a\":1.5,\"b\":2.0,\"c\":-0,\"d\":-0.0,\"e\":1E5,\"f\":1e5,"
	     "\"g\":0.10,\"h\":100,\"i\":1e-400,\"j\":0.1}");
	CHECK("1.5 canonical", field("a")->v.canon);
	CHECK_STR("2.0", wval("b"), "2.0");
	CHECK("-0 not canonical", !field("c")->v.canon);
	CHECK_STR("-0 written", wval("c"), "0");
	CHECK_STR("-0.0", wval("d"), "-0.0");
	CHECK("1E5 not canonical", !field("e")->v.canon);
	CHECK_STR("1E5 written", wval("e"), "100000.0");
	CHECK_STR("1e5 written", wval("f"), "100000.0");
	CHECK("0.10 not canonical", !field("g")->v.canon);
	CHECK_STR("0.10 written", wval("g"), "0.1");
	CHECK("integer canonical", field("h")->v.canon);
	CHECK_STR("underflow written", wval("i"), "0.0");
	CHECK("0.1 canonical", field("j")->v.canon);
	CHECK("record not canonical", !s.canon);

	CHECK("nested canonical", scan("{\"a\":{\"b\":[1,\"x\",{\"c\":null}]}}")
	      && field("a")->v.canon && s.canon);
	CHECK("nested escape", scan("{\"a\":[\"\\/\"]}") && !field("a")->v.canon);
	CHECK_STR("nested escape written", wval("a"), "[\"/\"]");
	CHECK("nested key escape", scan("{\"a\":{\"\\u0062\":1}}") &&
	      !field("a")->v.canon);
	CHECK_STR("nested key written", wval("a"), "{\"b\":1}");
}

static void
test_duplicates(void)
{
	CHECK("repeated key", scan("{\"a\":1,\"b\":2,\"a\":3}") && s.n == 2 &&
	      !s.canon);
	CHECK_STR("last value", val("a"), "3");
	CHECK_STR("first place", written(), "{\"a\":3,\"b\":2}");
	CHECK("escaped repeat", scan("{\"a\":1,\"\\u0061\":2}") && s.n == 1);
	CHECK_STR("escaped repeat written", written(), "{\"a\":2}");
	CHECK("nested repeat", scan("{\"x\":{\"y\":1,\"z\":0,\"y\":2}}") &&
	      !field("x")->v.canon);
	CHECK_STR("nested repeat written", wval("x"), "{\"y\":2,\"z\":0}");

	struct dp_buf b = { 0 };
	dp_buf_adds(&b, "{\"x\":{");
	for (int i = 0; i < 40; i++)
		dp_buf_printf(&b, "\"k%d\":%d,", i, i);
	dp_buf_adds(&b, "\"k7\":0}}");
	CHECK("many nested keys, one repeated", scann(b.data, b.len) &&
	      !field("x")->v.canon);
	b.len -= 8;
	dp_buf_adds(&b, "\"k99\":0}}");
	CHECK("many nested keys, none repeated", scann(b.data, b.len) &&
	      field("x")->v.canon);
	dp_buf_free(&b);
}

static void
test_nested(void)
{
	struct dp_field_path *p;
	struct dp_jspan v;
	const char *why_not;
	size_t pos = 0, n = 0;

	scan("{\"a\":{\"b\":{\"c\":\"deep\"},\"b\":{\"c\":\"last\"}},\"x.y\":1,"
	     "\"arr\":[10, 20 ,30],\"e\":{\"\\u006b\":\"esc\"}}");
	p = dp_field_path_parse("a.b.c", 5, &why_not);
	CHECK("path found", dp_scan_get(&s, p, &v) && v.type == DP_JSTRING);
	CHECK("path: last repeat wins", v.n == 6 && memcmp(v.p, "\"last\"", 6) == 0);
	dp_field_path_free(p);
	p = dp_field_path_parse("a.q.c", 5, &why_not);
	CHECK("path missing", !dp_scan_get(&s, p, &v) &&
	      dp_scan_walk(&s, p, &v) == 1 && v.type == DP_JOBJECT);
	dp_field_path_free(p);
	p = dp_field_path_parse("x\\.y", 4, &why_not);
	CHECK("escaped dot key", dp_scan_get(&s, p, &v) && v.n == 1 && *v.p == '1');
	dp_field_path_free(p);
	p = dp_field_path_parse("nope", 4, &why_not);
	CHECK("walk depth 0", dp_scan_walk(&s, p, &v) == 0 && v.type == DP_JOBJECT
	      && v.p == s.line && v.n == s.len);
	dp_field_path_free(p);
	p = dp_field_path_parse("arr.b", 5, &why_not);
	CHECK("into an array", dp_scan_walk(&s, p, &v) == 1 && v.type == DP_JARRAY);
	dp_field_path_free(p);
	CHECK("member with escaped key", dp_jspan_member(&field("e")->v, "k", 1, &v)
	      && v.n == 5);
	while (dp_jspan_next(&field("arr")->v, &pos, NULL, &v))
		n += (size_t)dp_jspan_int(&v);
	CHECK("array elements", n == 60);
	pos = 0;
	n = 0;
	{
		struct dp_jspan k;
		while (dp_jspan_next(&field("a")->v, &pos, &k, &v))
			n++;
		CHECK("object members, repeats too", n == 2 && k.type == DP_JSTRING);
	}
	CHECK("member of a non-object", !dp_jspan_member(&field("arr")->v, "b", 1, &v));
	CHECK("scan of empty array", scan("{\"a\":[ ]}"));
	pos = 0;
	CHECK("no elements", !dp_jspan_next(&field("a")->v, &pos, NULL, &v));
}

static void
test_strings(void)
{
	struct dp_buf scratch = { 0 };
	size_t n;
	const char *p;

	scan("{\"plain\":\"abc\",\"esc\":\"a\\u0000b\"}");
	p = dp_jspan_str(&field("plain")->v, &scratch, &n);
	CHECK("plain string points into the line", n == 3 &&
	      p == field("plain")->v.p + 1);
	p = dp_jspan_str(&field("esc")->v, &scratch, &n);
	CHECK("NUL decoded", n == 3 && memcmp(p, "a\0b", 3) == 0 &&
	      p == scratch.data);
	dp_buf_free(&scratch);
}

static void
test_errors(void)
{
	CHECK_STR("not an object", why("[1]", 3), "not a JSON object");
	CHECK_STR("bad token", why("{\"a\":x}", 7),
		  "invalid JSON at column 6: invalid token near 'x'");
	CHECK_STR("too big", why("{\"n\":[1, 99999999999999999999]}", 30),
		  "field \"n\": integer outside the 64-bit range: "
		  "99999999999999999999");
	CHECK_STR("real overflow", why("{\"a\":1e999}", 11),
		  "invalid JSON at column 10: real number overflow near '1e999'");
	CHECK_STR("lone surrogate", why("{\"a\":\"\\udc00\"}", 14),
		  "invalid JSON at column 13: invalid Unicode '\\uDC00' "
		  "near '\"\\udc00\"'");
}

static void
test_jout(void)
{
	struct dp_jout o = { 0 };
	struct dp_buf b = { 0 };

	scan("{\"a\":1,\"b\":\"x\",\"c\":[1]}");
	dp_jout_begin(&o, &s);
	dp_json_int(dp_jout_set(&o, "d", 1), 4);
	dp_jout_end(&o, &b);
	CHECK_STR("added at the end", dp_buf_cstr(&b),
		  "{\"a\":1,\"b\":\"x\",\"c\":[1],\"d\":4}");

	b.len = 0;
	dp_jout_begin(&o, &s);
	dp_json_cstring(dp_jout_set(&o, "b", 1), "new");
	dp_jout_drop(&o, "a", 1);
	dp_jout_drop(&o, "zz", 2);
	dp_jout_end(&o, &b);
	CHECK_STR("replaced in place, dropped", dp_buf_cstr(&b),
		  "{\"b\":\"new\",\"c\":[1]}");

	b.len = 0;
	dp_jout_begin(&o, &s);
	dp_jout_drop(&o, "a", 1);
	dp_json_int(dp_jout_set(&o, "a", 1), 9);
	dp_json_int(dp_jout_set(&o, "e", 1), 5);
	dp_json_int(dp_jout_set(&o, "e", 1), 6);
	dp_jout_end(&o, &b);
	CHECK_STR("dropped then set goes last", dp_buf_cstr(&b),
		  "{\"b\":\"x\",\"c\":[1],\"a\":9,\"e\":6}");

	b.len = 0;
	dp_jout_begin(&o, &s);
	dp_json_int(dp_jout_set(&o, "e", 1), 5);
	dp_jout_drop(&o, "e", 1);
	dp_jout_drop(&o, "a", 1);
	dp_jout_drop(&o, "b", 1);
	dp_jout_drop(&o, "c", 1);
	dp_jout_end(&o, &b);
	CHECK_STR("everything dropped", dp_buf_cstr(&b), "{}");

	scan("{ \"a\" : 1E2 , \"\\u0062\":\"\\/\" }");
	b.len = 0;
	dp_jout_begin(&o, &s);
	dp_json_int(dp_jout_set(&o, "c", 1), 1);
	dp_jout_end(&o, &b);
	CHECK_STR("input written canonically", dp_buf_cstr(&b),
		  "{\"a\":100.0,\"b\":\"/\",\"c\":1}");

	scan("{}");
	b.len = 0;
	dp_jout_begin(&o, &s);
	dp_json_int(dp_jout_set(&o, "c", 1), 1);
	dp_jout_end(&o, &b);
	CHECK_STR("added to an empty record", dp_buf_cstr(&b), "{\"c\":1}");
	dp_jout_free(&o);
	dp_buf_free(&b);
}

/* What jansson and dp_json_value make of number text t: -1 rejected,
 * 1 accepted and written back as t itself, 0 accepted otherwise. */
static int
number_reference(const char *t)
{
	char line[160];
	json_error_t err;
	json_t *v;
	int r;

	snprintf(line, sizeof line, "[%s]", t);
	v = json_loads(line, 0, &err);
	if (!v)
		return -1;
	out.len = 0;
	dp_json_value(&out, json_array_get(v, 0));
	r = out.len == strlen(t) && memcmp(out.data, t, out.len) == 0;
	json_decref(v);
	return r;
}

/* Does the scanner agree with number_reference on t, alone, in a
 * vector, and in the lax scan? Prints the first disagreement. */
static int
number_agrees(const char *t)
{
	static struct dp_scan vs = { .want_vec = 1 };
	char line[400];
	int want = number_reference(t), got, in_vector, lax, as_vec;
	float f = 0;
	int real = strpbrk(t, ".eE") != NULL;

	snprintf(line, sizeof line, "{\"a\":%s}", t);
	got = scan(line) ? field("a")->v.canon : -1;
	snprintf(line, sizeof line, "{\"a\":[1,%s,%s]}", t, t);
	in_vector = scan(line) ? field("a")->v.canon : -1;
	snprintf(line, sizeof line, "{\"a\":%s}", t);
	lax = dp_scan_line_lax(&s, line, strlen(line)) == 0;
	/* read as a vector's floats (want_vec), each the nearest */
	snprintf(line, sizeof line, "{\"a\":[0.5,%s,%s,0.25]}", t, t);
	as_vec = -1;
	if (dp_scan_line(&vs, line, strlen(line)) == 0) {
		const struct dp_jfield *a = dp_scan_field(&vs, "a", 1);
		as_vec = a->v.canon;
		if (real && dp_parse_float(t, strlen(t), &f) == 0 &&
		    (a->vec < 0 || a->vec_len != 4 ||
		     memcmp(&vs.vec[a->vec + 1], &f, sizeof f) ||
		     memcmp(&vs.vec[a->vec + 2], &f, sizeof f)))
			as_vec = -2;
	}
	if (got == want && in_vector == want && as_vec == want &&
	    (want < 0 || lax))
		return 1;
	printf("# number %s: jansson %d, scanner %d, in a vector %d, "
	       "as floats %d, lax %d\n", t, want, got, in_vector, as_vec,
	       lax);
	return 0;
}

/* Numbers' canonical flags against jansson and dp_json_value, over
 * every combination of sign, integer part, fraction and exponent below
 * and 200000 random number texts. */
static void
test_number_canon(void)
{
	static const char *const ints[] = {
		"0", "1", "9", "10", "12", "100", "123456789012345",
		"1234567890123456", "100000000000000", "1000000000000000",
		"9223372036854775807", "9223372036854775808",
		"99999999999999999999"
	};
	static const char *const fracs[] = {
		"", ".0", ".00", ".5", ".50", ".05", ".0001", ".001",
		".00001", ".000123", ".123456789012345", ".1234567890123456",
		".000000000000001", ".10"
	};
	static const char *const exps[] = {
		"", "e5", "E5", "e+5", "e-5", "e05", "e-05", "e0", "e-0",
		"e15", "e14", "e16", "e-4", "e-3", "e-6", "e300", "e307",
		"e308", "e309", "e-307", "e-308", "e-320", "e-330", "e-400",
		"e400", "e99999999999999999999", "e-99999999999999999999"
	};
	char t[128];
	size_t bad = 0, n = 0;

	for (int neg = 0; neg < 2; neg++)
		for (size_t i = 0; i < sizeof ints / sizeof *ints; i++)
			for (size_t f = 0; f < sizeof fracs / sizeof *fracs;
			     f++)
				for (size_t e = 0;
				     e < sizeof exps / sizeof *exps; e++) {
					snprintf(t, sizeof t, "%s%s%s%s",
						 neg ? "-" : "", ints[i],
						 fracs[f], exps[e]);
					bad += !number_agrees(t);
					n++;
				}
	CHECK("number combinations: canonical flags as jansson's", bad == 0);
	srand(7);
	for (int k = 0; k < 200000 && bad < 5; k++) {
		size_t m = 0;
		int digits = 1 + rand() % 20;
		if (rand() % 2)
			t[m++] = '-';
		t[m++] = (char)('0' + (rand() % 4 ? 1 + rand() % 9 : 0));
		if (t[m - 1] != '0')
			for (int d = rand() % 4; d > 0; d--)
				t[m++] = (char)('0' + rand() % 10);
		if (rand() % 4) {
			t[m++] = '.';
			for (int d = 0; d < digits; d++)
				t[m++] = (char)('0' + (rand() % 3 ? rand() % 10
							       : 0));
		}
		if (rand() % 3 == 0) {
			t[m++] = "eE"[rand() % 5 == 0];
			if (rand() % 2)
				t[m++] = "+-"[rand() % 3 != 0];
			m += (size_t)snprintf(t + m, sizeof t - m, "%d",
					      rand() % 330);
		}
		t[m] = '\0';
		bad += !number_agrees(t);
	}
	CHECK("random numbers: canonical flags as jansson's", bad == 0);
}

/* want_vec: top-level arrays of reals read as floats in the scan. */
static void
test_vectors(void)
{
	struct dp_scan v = { 0 };
	const char *t;
	const struct dp_jfield *a, *b;

	v.want_vec = 1;
	t = "{\"a\":[0.5,-1.25e-3, 3.0 ,0.1],\"b\":[],\"c\":[1.5,2],"
	    "\"d\":[[0.5]],\"e\":[0.5,null],\"f\":[1e39],\"g\":1.5,"
	    "\"h\":{\"x\":[0.5]}}";
	CHECK("vectors: scanned", dp_scan_line(&v, t, strlen(t)) == 0);
	a = dp_scan_field(&v, "a", 1);
	CHECK("vectors: reals read as floats", a && a->vec >= 0 &&
	      a->vec_len == 4 && v.vec[a->vec] == 0.5f &&
	      v.vec[a->vec + 1] == -1.25e-3f && v.vec[a->vec + 2] == 3.0f &&
	      v.vec[a->vec + 3] == 0.1f);
	b = dp_scan_field(&v, "b", 1);
	CHECK("vectors: empty array", b && b->vec >= 0 && b->vec_len == 0);
	CHECK("vectors: an integer element: none",
	      dp_scan_field(&v, "c", 1)->vec == -1);
	CHECK("vectors: nested arrays: none",
	      dp_scan_field(&v, "d", 1)->vec == -1);
	CHECK("vectors: a null element: none",
	      dp_scan_field(&v, "e", 1)->vec == -1);
	CHECK("vectors: beyond a float: none",
	      dp_scan_field(&v, "f", 1)->vec == -1);
	CHECK("vectors: a number is no vector",
	      dp_scan_field(&v, "g", 1)->vec == -1);
	CHECK("vectors: only top-level arrays",
	      dp_scan_field(&v, "h", 1)->vec == -1);
	t = "{\"a\":[0.5,0.25],\"b\":1,\"a\":[2.5]}";
	CHECK("vectors: repeated key scanned",
	      dp_scan_line_lax(&v, t, strlen(t)) == 0);
	a = dp_scan_field(&v, "a", 1);
	CHECK("vectors: repeated key: the last value's",
	      a && a->vec >= 0 && a->vec_len == 1 && v.vec[a->vec] == 2.5f);
	t = "{\"a\":[0.5,0.25],\"b\":[1.0e400]}";
	CHECK("vectors: a double's overflow still refused",
	      dp_scan_line(&v, t, strlen(t)) != 0);
	dp_scan_free(&v);
}

int
main(void)
{
	test_accept();
	test_depth();
	test_fields();
	test_canonical();
	test_number_canon();
	test_vectors();
	test_duplicates();
	test_nested();
	test_strings();
	test_errors();
	test_jout();
	dp_scan_free(&s);
	dp_buf_free(&out);
	return unit_failures != 0;
}
