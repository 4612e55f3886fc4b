/* SPDX-License-Identifier: MIT */
/* dp-to-parquet's input: the non-blank lines of its files, each with
 * the file's name and the line's number (pq_read_lines in parquet.h). */
#include <stdlib.h>

#include "parquet.h"

/* Feed each non-blank line of the file at path to fn. */
static void
each_line(const char *path, pq_line_fn fn, void *ctx)
{
	struct dp_input *in = dp_input_open(path);
	struct dp_lines *lines;
	char *s;
	long n;

	if (!in)
		exit(DP_EXIT_IO);
	dp_input_track(in);
	lines = dp_lines_new(in);
	while ((n = dp_lines_next(lines, &s)) >= 0) {
		long i = 0;
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i == n)
			continue;
		dp_progress_record();
		fn(ctx, dp_input_name(in), dp_lines_number(lines), s,
		   (size_t)n);
	}
	if (n == -2)
		exit(DP_EXIT_IO);
	dp_lines_free(lines);
	dp_input_close(in);
}

/* See parquet.h. */
void
pq_read_lines(int nfiles, char **files, pq_line_fn fn, void *ctx)
{
	dp_progress_expect_files(nfiles, files);
	if (nfiles == 0)
		each_line("-", fn, ctx);
	for (int i = 0; i < nfiles; i++)
		each_line(files[i], fn, ctx);
}
