/* SPDX-License-Identifier: MIT */
/* Reading NDJSON records (one JSON object per line): each line scanned
 * once (scan.c); jansson's object built only when asked for. */
#include <stdlib.h>
#include <string.h>

#include "dp.h"

struct dp_records {
	char **paths;
	int npaths, next;
	struct dp_input *in;
	struct dp_lines *lines;
	struct dp_buf msg;
	const char *text;	/* the current record's line */
	size_t text_len;
	struct dp_scan scan;	/* the current record */
	json_t *json;		/* its object, once asked for, or NULL */
};

/* See dp.h. */
struct dp_records *
dp_records_open(int argc, char **argv)
{
	static char *stdin_path[] = { "-" };
	struct dp_records *r = dp_xmalloc(sizeof *r);

	memset(r, 0, sizeof *r);
	r->paths = argc > 0 ? argv : stdin_path;
	r->npaths = argc > 0 ? argc : 1;
	dp_progress_expect_files(argc, argv);
	return r;
}

/* Open the next input file; 0 when there is none left. */
static int
next_file(struct dp_records *r)
{
	dp_lines_free(r->lines);
	dp_input_close(r->in);
	r->lines = NULL;
	r->in = NULL;
	if (r->next >= r->npaths)
		return 0;
	r->in = dp_input_open(r->paths[r->next++]);
	if (!r->in) {
		exit(DP_EXIT_IO);
	}
	dp_input_track(r->in);
	r->lines = dp_lines_new(r->in);
	return 1;
}

/* Is the line empty or only blanks? */
static int
blank(const char *s, long n)
{
	for (long i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

/* See dp.h. */
void
dp_records_want_vec(struct dp_records *r)
{
	r->scan.want_vec = 1;
}

/* See dp.h. */
const struct dp_scan *
dp_records_scan(struct dp_records *r, const char **file, long long *line)
{
	json_decref(r->json);
	r->json = NULL;
	r->text = NULL;
	for (;;) {
		char *s;
		long n;

		if (!r->lines && !next_file(r))
			return NULL;
		n = dp_lines_next(r->lines, &s);
		if (n == -1) {
			if (!next_file(r))
				return NULL;
			continue;
		}
		if (n == -2) {
			exit(DP_EXIT_IO);
		}
		if (blank(s, n))
			continue;
		*file = dp_input_name(r->in);
		*line = dp_lines_number(r->lines);
		dp_progress_record();
		if (dp_scan_line(&r->scan, s, (size_t)n) == 0) {
			r->text = s;
			r->text_len = (size_t)n;
			return &r->scan;
		}
		r->msg.len = 0;
		if (dp_scan_error(&r->msg, s, (size_t)n) != 0)
			dp_die_at(DP_EXIT_INTERNAL, *file, *line, "the record "
				  "scanner rejects a line jansson reads");
		dp_reject(*file, *line, dp_buf_cstr(&r->msg), NULL, s,
			  (size_t)n);
	}
}

/* See dp.h. */
json_t *
dp_records_json(struct dp_records *r)
{
	if (!r->json && r->text) {
		json_error_t err;
		r->json = json_loadb(r->text, r->text_len, JSON_ALLOW_NUL,
				     &err);
		if (!r->json)
			dp_die(DP_EXIT_INTERNAL, "jansson rejects a record the "
			       "scanner read: %s", err.text);
	}
	return r->json;
}

/* See dp.h. */
json_t *
dp_records_next(struct dp_records *r, const char **file, long long *line)
{
	if (!dp_records_scan(r, file, line))
		return NULL;
	return json_incref(dp_records_json(r));
}

/* Is the JSON text compact: no whitespace outside strings? */
static int
compact(const char *s, size_t n)
{
	int in_string = 0;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = 0;
		} else if (c == '"') {
			in_string = 1;
		} else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
			return 0;
		}
	}
	return 1;
}

/* See dp.h. */
const char *
dp_records_text(const struct dp_records *r, size_t *n)
{
	if (!r->text || !compact(r->text, r->text_len))
		return NULL;
	*n = r->text_len;
	return r->text;
}

/* See dp.h. */
void
dp_records_close(struct dp_records *r)
{
	if (!r)
		return;
	dp_lines_free(r->lines);
	dp_input_close(r->in);
	dp_buf_free(&r->msg);
	dp_scan_free(&r->scan);
	json_decref(r->json);
	free(r);
}
