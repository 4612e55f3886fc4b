/* SPDX-License-Identifier: MIT */
/* Unit tests: the streaming splitter gives the same records however the
 * input is cut into chunks, with the right lines and errors. */
#include <stdlib.h>

#include "dp.h"
#include "load/load.h"
#include "unit.h"

static struct dp_buf got;
static int show_bad_text;	/* also show a bad record's JSON */

/* Collect "line:json" or "line:!error" per record, one per line; with
 * show_bad_text "line:!error json". */
static void
collect(void *ctx, const struct dp_split_record *r)
{
	(void)ctx;
	dp_buf_printf(&got, "%lld:", r->line);
	if (r->error)
		dp_buf_printf(&got, "!%s", r->error);
	if (r->error && show_bad_text)
		dp_buf_addc(&got, ' ');
	if (!r->error || show_bad_text)
		dp_buf_add(&got, r->json->data, r->json->len);
	dp_buf_addc(&got, '\n');
}

/* Split `text` in chunks of `chunk` bytes, with the field path `path`
 * (or none); returns the records, or "ERR line:col: message". */
static const char *
split(const char *path, const char *text, size_t chunk)
{
	struct dp_field_path *fp = NULL;
	struct dp_split *s;
	size_t n = strlen(text);
	long long line, col;
	int r = 0;

	if (path)
		dp_field_path_option(&fp, "--path", path);
	s = dp_split_new(fp, collect, NULL);
	got.len = 0;
	for (size_t i = 0; i < n && r == 0; i += chunk)
		r = dp_split_feed(s, text + i, n - i < chunk ? n - i : chunk);
	if (r == 0)
		r = dp_split_finish(s);
	if (r != 0) {
		const char *m = dp_split_error(s, &line, &col);
		dp_buf_printf(&got, "ERR %lld:%lld: %s", line, col, m);
	}
	dp_split_free(s);
	dp_field_path_free(fp);
	return dp_buf_cstr(&got);
}

/* The same result for every chunk size from 1 byte to all at once. */
static void
check_all_chunks(const char *name, const char *path, const char *text,
		 const char *want)
{
	char label[200];
	int same = 1;

	for (size_t c = 1; c <= strlen(text) + 1; c++) {
		if (strcmp(split(path, text, c), want) != 0) {
			snprintf(label, sizeof label, "%s (chunk %zu)", name, c);
			CHECK_STR(label, got.data, want);
			same = 0;
			break;
		}
	}
	if (same)
		CHECK_STR(name, split(path, text, 4096), want);
}

int
main(void)
{
	check_all_chunks("array of objects", NULL,
			 "[\n {\"a\": 1},\n {\"b\": [1, 2.50, \"x\"]}\n]\n",
			 "2:{\"a\":1}\n3:{\"b\":[1,2.5,\"x\"]}\n");
	check_all_chunks("ndjson", NULL, "{\"a\":1}\n{\"b\":{\"c\":null}}\n",
			 "1:{\"a\":1}\n2:{\"b\":{\"c\":null}}\n");
	check_all_chunks("concatenated, no separator", NULL,
			 "{\"a\":1}{\"a\":2} {\"a\":3}",
			 "1:{\"a\":1}\n1:{\"a\":2}\n1:{\"a\":3}\n");
	check_all_chunks("pretty concatenated objects", NULL,
			 "{\n  \"a\": true\n}\n{\n  \"a\": false\n}\n",
			 "1:{\"a\":true}\n4:{\"a\":false}\n");
	check_all_chunks("non-object elements are bad records", NULL,
			 "[1, \"s\", [2], {\"a\":1}]",
			 "1:!not a JSON object\n1:!not a JSON object\n"
			 "1:!not a JSON object but an array\n1:{\"a\":1}\n");
	check_all_chunks("trailing top-level number", NULL, "5",
			 "1:!not a JSON object\n");
	check_all_chunks("int beyond int64 is a bad record", NULL,
			 "[{\"id\":1,\"n\":99999999999999999999}]",
			 "1:!field \"n\": integer outside the 64-bit range: "
			 "99999999999999999999\n");
	check_all_chunks("path", "features",
			 "{\"type\":\"x\",\"features\":[{\"id\":1},{\"id\":2}],"
			 "\"more\":{\"features\":[3]}}",
			 "1:{\"id\":1}\n1:{\"id\":2}\n");
	check_all_chunks("nested path", "a.b",
			 "{\"b\":[9],\"a\":{\"x\":[8],\"b\":[{\"k\":\"v\"}]}}",
			 "1:{\"k\":\"v\"}\n");
	check_all_chunks("path: a key with a dot, escaped", "a\\.b.c",
			 "{\"a\":{\"b\":{\"c\":[1]}},"
			 "\"a.b\":{\"c\":[{\"k\":2}]}}",
			 "1:{\"k\":2}\n");
	check_all_chunks("path: messages show the keys escaped", "a\\.b.c",
			 "{\"a.b\":{\"d\":[1]}}\n{\"a.b\":{\"c\":7}}",
			 "1:!--path a\\.b.c: \"a\\.b\" has no key \"c\"\n"
			 "2:!--path a\\.b.c: \"a\\.b.c\" is a number, not an "
			 "array\n");
	check_all_chunks("path on each concatenated object", "f",
			 "{\"f\":[{\"i\":1}]}\n{\"f\":[{\"i\":2}]}",
			 "1:{\"i\":1}\n2:{\"i\":2}\n");
	/* With a path, a top-level value without the array is a bad
	 * record, whole; the values after it are still split. */
	check_all_chunks("path not found", "nope", "{\"a\":[]}",
			 "1:!--path nope: no key \"nope\" in the top-level "
			 "object\n");
	check_all_chunks("path to a non-array", "a", "{\"a\":{}}",
			 "1:!--path a: \"a\" is an object, not an array\n");
	check_all_chunks("path missing in the 2nd of 3 objects", "f",
			 "{\"f\":[{\"i\":1}]}\n{\"F\":[{\"i\":2}]}\n"
			 "{\"f\":[{\"i\":3}]}",
			 "1:{\"i\":1}\n2:!--path f: no key \"f\" in the "
			 "top-level object\n3:{\"i\":3}\n");
	check_all_chunks("path to null, a string, a number, a boolean", "f",
			 "{\"f\":null}{\"f\":\"x\"}\n{\"f\":5}{\"f\":false}",
			 "1:!--path f: \"f\" is null, not an array\n"
			 "1:!--path f: \"f\" is a string, not an array\n"
			 "2:!--path f: \"f\" is a number, not an array\n"
			 "2:!--path f: \"f\" is a boolean, not an array\n");
	check_all_chunks("nested path: a key missing, a wrong type", "a.b",
			 "{\"a\":{\"c\":[1]}}\n{\"a\":[1]}\n"
			 "{\"a\":{\"b\":{}}}\n{\"b\":[1]}\n"
			 "{\"a\":{\"b\":[{\"k\":1}]}}",
			 "1:!--path a.b: \"a\" has no key \"b\"\n"
			 "2:!--path a.b: \"a\" is an array, not an object\n"
			 "3:!--path a.b: \"a.b\" is an object, not an array\n"
			 "4:!--path a.b: no key \"a\" in the top-level object\n"
			 "5:{\"k\":1}\n");
	check_all_chunks("path: top-level values that are not objects", "f",
			 "[{\"f\":[1]}]\n7\n\"s\"\n{\"f\":[{}]}",
			 "1:!--path f: the top-level value is an array, not an "
			 "object\n2:!--path f: the top-level value is a number, "
			 "not an object\n3:!--path f: the top-level value is a "
			 "string, not an object\n4:{}\n");
	check_all_chunks("path: a repeated key finds the array", "f",
			 "{\"f\":null,\"f\":[{\"i\":1}]}",
			 "1:{\"i\":1}\n");
	show_bad_text = 1;
	check_all_chunks("path: the bad value is kept whole, exactly", "f",
			 "{\"F\": [{\"i\": 2.50, \"s\": \"\\u00e9\\n\"}],"
			 " \"n\": [null, true, -1e5]}",
			 "1:!--path f: no key \"f\" in the top-level object "
			 "{\"F\":[{\"i\":2.50,\"s\":\"\xc3\xa9\\n\"}],"
			 "\"n\":[null,true,-1e5]}\n");
	show_bad_text = 0;
	CHECK_STR("path on empty input", split("f", " \n", 4096),
		  "ERR 0:0: --path: no array found at that path: the input "
		  "holds no JSON value");
	check_all_chunks("truncated array", NULL, "[{\"a\":1},\n{\"b\"",
			 "1:{\"a\":1}\nERR 2:5: unexpected end of input: the "
			 "JSON text is truncated");
	CHECK_STR("syntax error position", split(NULL, "[\n{\"a\":1},\n{\"b\" 2}]",
						 4096),
		  "2:{\"a\":1}\nERR 3:7: syntax error: object key and value "
		  "must be separated by a colon (':')");
	CHECK_STR("invalid UTF-8 is an error",
		  split(NULL, "{\"a\":\"\xff\"}", 4096),
		  "ERR 1:8: syntax error: invalid bytes in UTF8 string.");
	CHECK_STR("raw NUL is an error", split(NULL, "{\"a\":\"x\0\"}", 4096),
		  "ERR 1:8: syntax error: invalid character inside string.");
	/* Found by fuzz_split: yajl decodes a lone surrogate escape into
	 * bytes that are not UTF-8. */
	check_all_chunks("lone surrogate is a bad record", NULL,
			 "[{\"n\":\"\\ude00\"},{\"ok\":\"\\ud83d\\ude00\"}]",
			 "1:!a \\u escape gives a lone surrogate, which is not "
			 "Unicode\n1:{\"ok\":\"\xf0\x9f\x98\x80\"}\n");
	CHECK_STR("empty input", split(NULL, "", 4096), "");
	CHECK_STR("empty array", split(NULL, " [ ] ", 4096), "");
	{
		/* 10,000 levels of nesting inside one record. */
		struct dp_buf deep = { 0 }, want = { 0 };
		dp_buf_adds(&deep, "[");
		for (int i = 0; i < 10000; i++)
			dp_buf_adds(&deep, "{\"a\":");
		dp_buf_adds(&deep, "1");
		for (int i = 0; i < 10000; i++)
			dp_buf_adds(&deep, "}");
		dp_buf_adds(&deep, "]");
		dp_buf_adds(&want, "1:");
		dp_buf_add(&want, deep.data + 1, deep.len - 2);
		dp_buf_adds(&want, "\n");
		CHECK_STR("10,000 levels", split(NULL, dp_buf_cstr(&deep), 4096),
			  dp_buf_cstr(&want));
		dp_buf_free(&deep);
		dp_buf_free(&want);
	}
	dp_buf_free(&got);
	return unit_failures != 0;
}
