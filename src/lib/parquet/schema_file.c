/* SPDX-License-Identifier: MIT */
/* --schema FILE: a schema file read from disk (pq_schema_load in
 * parquet.h; the format is pq_schema_parse's, schema.h). */
#include <stdlib.h>

#include "parquet.h"
#include "schema.h"

/* See parquet.h. The whole file is read, up to 16 MB, so that
 * /dev/zero is an error, not all of memory. */
struct pq_schema *
pq_schema_load(const char *path)
{
	struct dp_input *in = dp_input_open(path);
	struct dp_buf text = { 0 }, err = { 0 };
	char chunk[65536];
	long n;

	if (!in)
		exit(DP_EXIT_IO);
	while ((n = dp_input_read(in, chunk, sizeof chunk)) > 0) {
		dp_buf_add(&text, chunk, (size_t)n);
		if (text.len > 16 << 20)
			dp_die(DP_EXIT_USAGE, "%s: not a schema: larger than "
			       "16 MB", path);
	}
	if (n < 0)
		exit(DP_EXIT_IO);
	dp_input_close(in);
	struct pq_schema *s = pq_schema_parse(text.data ? text.data : "",
					      text.len, &err);
	if (!s)
		dp_die(DP_EXIT_USAGE, "%s:%s", path, dp_buf_cstr(&err));
	dp_buf_free(&text);
	return s;
}
