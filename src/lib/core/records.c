/* SPDX-License-Identifier: MIT */
/* Reading NDJSON records (one JSON object per line) with jansson. */
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

/* Word jansson's "too big integer" error as dp(7) asks (THE RECORD
 * STREAM), naming the field: 'field "KEY": integer outside the 64-bit range: DIGITS', KEY
 * being the top-level key (as written) whose value holds the number
 * that ends at byte `end` of s. Returns 0, writing nothing, when the
 * text does not show one. */
static int
too_big_integer(struct dp_buf *msg, const char *s, size_t end)
{
	size_t num = end, klen = 0;
	const char *key = NULL;
	int depth = 0;

	while (num > 0 && ((s[num - 1] >= '0' && s[num - 1] <= '9') ||
			   s[num - 1] == '-'))
		num--;
	for (size_t i = 0; i < num; i++) {
		char c = s[i];
		if (c == '{' || c == '[') {
			depth++;
		} else if (c == '}' || c == ']') {
			depth--;
		} else if (c == '"') {
			size_t start = ++i, j;
			while (i < num && s[i] != '"')
				i += s[i] == '\\' ? 2 : 1;
			if (i >= num)
				return 0;
			for (j = i + 1; j < num && (s[j] == ' ' ||
			     s[j] == '\t' || s[j] == '\r' || s[j] == '\n'); j++)
				;
			if (depth == 1 && j < num && s[j] == ':') {
				key = s + start;
				klen = i - start;
			}
		}
	}
	if (!key || num == end)
		return 0;
	dp_buf_printf(msg, "field \"%.*s\": integer outside the 64-bit range: "
		      "%.*s", (int)klen, key, (int)(end - num), s + num);
	return 1;
}

/* See dp.h. */
json_t *
dp_records_next(struct dp_records *r, const char **file, long long *line)
{
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

		json_error_t err;
		json_t *v = json_loadb(s, (size_t)n, JSON_ALLOW_NUL, &err);
		if (v && json_is_object(v)) {
			r->text = s;
			r->text_len = (size_t)n;
			return v;
		}
		r->msg.len = 0;
		if (v) {
			dp_buf_adds(&r->msg, "not a JSON object");
			json_decref(v);
		} else if (strncmp(err.text, "too big ", 8) != 0 ||
			   err.position < 0 || (long)err.position > n ||
			   !too_big_integer(&r->msg, s, (size_t)err.position)) {
			dp_buf_printf(&r->msg, "invalid JSON at column %d: %s",
				      err.column, err.text);
		}
		dp_reject(*file, *line, dp_buf_cstr(&r->msg), NULL, s,
			  (size_t)n);
	}
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
	free(r);
}
