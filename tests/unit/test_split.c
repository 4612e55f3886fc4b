/* SPDX-License-Identifier: MIT */
/* Unit tests: the streaming splitter gives the same records however the
 * input is cut into chunks, with the right lines and errors. */
#include <stdlib.h>

#include "dp.h"
#include "unit.h"

static struct dp_buf got;

/* Collect "line:json" or "line:!error" per record, one per line. */
static void
collect(void *ctx, const struct dp_split_record *r)
{
	(void)ctx;
	dp_buf_printf(&got, "%lld:", r->line);
	if (r->error)
		dp_buf_printf(&got, "!%s", r->error);
	else
		dp_buf_add(&got, r->json->data, r->json->len);
	dp_buf_addc(&got, '\n');
}

/* Split `text` in chunks of `chunk` bytes; returns the records, or
 * "ERR line:col: message". */
static const char *
split(const char *path, const char *text, size_t chunk)
{
	struct dp_split *s = dp_split_new(path, collect, NULL);
	size_t n = strlen(text);
	long long line, col;
	int r = 0;

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
	check_all_chunks("nested path with leading dot", ".a.b",
			 "{\"b\":[9],\"a\":{\"x\":[8],\"b\":[{\"k\":\"v\"}]}}",
			 "1:{\"k\":\"v\"}\n");
	check_all_chunks("path on each concatenated object", "f",
			 "{\"f\":[{\"i\":1}]}\n{\"f\":[{\"i\":2}]}",
			 "1:{\"i\":1}\n2:{\"i\":2}\n");
	check_all_chunks("path not found", "nope", "{\"a\":[]}",
			 "ERR 0:0: --path: no array found at that path");
	check_all_chunks("path to a non-array", "a", "{\"a\":{}}",
			 "ERR 1:7: --path does not lead to an array");
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
