/* SPDX-License-Identifier: MIT */
/* Unit tests: the line reader and the NDJSON record reader, over plain
 * and compressed files. */
#include <stdlib.h>
#include <unistd.h>

#include "dp.h"
#include "unit.h"

static char dir[] = "/tmp/dp-unit-XXXXXX";

/* Write `text` (n bytes) to dir/name and return the path (static). */
static const char *
put(const char *name, const char *text, size_t n)
{
	static char path[256];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "wb");
	fwrite(text, 1, n, f);
	fclose(f);
	return path;
}

/* All lines of a file joined as "number:text|". */
static const char *
lines_of(const char *path)
{
	static struct dp_buf b;
	struct dp_input *in = dp_input_open(path);
	struct dp_lines *l = dp_lines_new(in);
	char *s;
	long n;

	b.len = 0;
	while ((n = dp_lines_next(l, &s)) >= 0)
		dp_buf_printf(&b, "%lld:%.*s|", dp_lines_number(l), (int)n, s);
	dp_lines_free(l);
	dp_input_close(in);
	return dp_buf_cstr(&b);
}

int
main(void)
{
	char cmd[512];
	const char *file;
	long long line;
	json_t *v;

	if (!mkdtemp(dir))
		return 2;
	CHECK_STR("lines: LF, CRLF, no final newline",
		  lines_of(put("a.txt", "one\ntwo\r\n\nlast", 15)),
		  "1:one|2:two|3:|4:last|");
	CHECK_STR("lines: empty file", lines_of(put("e.txt", "", 0)), "");
	{
		/* A line longer than the reader's buffer. */
		size_t n = 1000000;
		char *big = malloc(n + 3);
		memset(big, 'x', n);
		memcpy(big + n, "\ny", 2);
		const char *got = lines_of(put("big.txt", big, n + 2));
		CHECK("lines: 1 MB line", strlen(got) == n + 7 &&
		      strcmp(got + n + 2, "|2:y|") == 0);
		free(big);
	}
	put("r.ndjson", "{\"a\":1}\n\n  \n{\"b\":[1.50]}\n", 25);
	snprintf(cmd, sizeof cmd, "gzip -c %s/r.ndjson > %s/r.ndjson.gz && "
		 "zstd -q -c %s/r.ndjson > %s/r.ndjson.zst", dir, dir, dir, dir);
	CHECK("make compressed copies", system(cmd) == 0);
	for (int i = 0; i < 3; i++) {
		static const char *suffix[] = { "", ".gz", ".zst" };
		char path[300], name[100];
		snprintf(path, sizeof path, "%s/r.ndjson%s", dir, suffix[i]);
		char *argv[] = { path, path };
		struct dp_records *r = dp_records_open(2, argv);
		struct dp_buf b = { 0 };
		while ((v = dp_records_next(r, &file, &line))) {
			dp_buf_printf(&b, "%lld:", line);
			dp_json_value(&b, v);
			dp_buf_addc(&b, '|');
			json_decref(v);
		}
		dp_records_close(r);
		snprintf(name, sizeof name, "records from two%s files", suffix[i]);
		CHECK_STR(name, dp_buf_cstr(&b),
			  "1:{\"a\":1}|4:{\"b\":[1.5]}|1:{\"a\":1}|4:{\"b\":[1.5]}|");
		dp_buf_free(&b);
	}
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd) != 0 || unit_failures != 0;
}
