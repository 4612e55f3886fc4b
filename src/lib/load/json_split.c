/* SPDX-License-Identifier: MIT */
/*
 * The streaming JSON splitter behind dp-load-json: it reads JSON text in
 * chunks of any size (yajl, no recursion, no whole-document tree) and
 * hands over each record as compact JSON text the moment it ends.
 *
 * Records are the elements of a top-level array, top-level objects
 * (NDJSON, concatenated JSON), or, with a path, the elements of the array
 * found by following object keys from a top-level object. Memory is one
 * record plus yajl's nesting stack, whatever the size of the document.
 */
#include <stdlib.h>
#include <string.h>

#include <yajl/yajl_parse.h>

#include "load.h"

enum kind { KIND_MAP, KIND_ARRAY, KIND_SCALAR };

struct dp_split {
	yajl_handle h;
	dp_split_fn fn;
	void *ctx;
	const struct dp_field_path *path;	/* keys to follow, or NULL */
	int npath;		/* its keys; 0: none */

	long depth;		/* open containers */
	long split_depth;	/* depth of the elements to split, or -1 */
	int path_active;	/* inside the top-level object of --path */
	int path_k;		/* path keys matched so far */
	int path_pending;	/* the next value is at path[path_k] */

	/* With a path, each top-level value is itself a record until the
	 * array is found in it: one without the array is a bad record,
	 * handed over whole. Its text is kept only until the array is
	 * found, so memory stays one record. */
	int top_seen;		/* a top-level value has begun */
	int top_collect;	/* keeping the top-level value's text */
	int top_found;		/* the array was found in it */
	int top_matched;	/* most path keys matched in it, as objects */
	enum kind top_kind;
	long long top_line;
	struct dp_buf top;	/* its text so far */
	struct dp_buf top_why;	/* why the path does not lead to an array */

	int in_record;
	long rec_depth;		/* depth where the record value started */
	enum kind rec_kind;
	struct dp_split_record rec;
	struct dp_buf text;	/* the record's JSON */
	struct dp_buf key;	/* last object key, for messages */
	struct dp_buf why;

	/* Position tracking over the chunk being parsed. */
	const char *chunk;
	size_t counted;		/* chunk bytes whose newlines are counted */
	long long line;		/* line number at chunk[counted] */
	size_t col0;		/* bytes of the current line before chunk */

	struct dp_buf error;	/* why parsing stopped */
	long long err_line, err_col;
};

/* Advance the line count to the parser's current offset in the chunk. */
static void
count_lines(struct dp_split *s)
{
	size_t off = yajl_get_bytes_consumed(s->h);
	const char *p = s->chunk + s->counted, *end = s->chunk + off;

	while (p < end && (p = memchr(p, '\n', (size_t)(end - p)))) {
		s->line++;
		p++;
	}
	if (off > s->counted)
		s->counted = off;
}

/* Add a ',' to t before a value or key unless it opens its container. */
static void
comma(struct dp_buf *t)
{
	if (t->len > 0) {
		char last = t->data[t->len - 1];
		if (last != '{' && last != '[' && last != ':')
			dp_buf_addc(t, ',');
	}
}

/* Start collecting a record whose value begins now. */
static void
begin_record(struct dp_split *s, enum kind kind)
{
	s->in_record = 1;
	s->rec_depth = s->depth;
	s->rec_kind = kind;
	s->text.len = 0;
	s->why.len = 0;
	s->rec.envelope = 0;
	count_lines(s);
	s->rec.line = s->line;
}

/* The record's value has ended: hand it over. */
static void
end_record(struct dp_split *s)
{
	static const char *const not_object[] = {
		[KIND_ARRAY] = "not a JSON object but an array",
		[KIND_SCALAR] = "not a JSON object",
	};

	s->in_record = 0;
	s->rec.json = &s->text;
	s->rec.is_object = s->rec_kind == KIND_MAP;
	s->rec.error = s->why.len ? dp_buf_cstr(&s->why) : NULL;
	if (!s->rec.is_object)
		s->rec.error = not_object[s->rec_kind];
	s->fn(s->ctx, &s->rec);
}

/* Start the reason the top-level value is bad: "--path PATH: ". */
static void
path_why(struct dp_split *s)
{
	dp_buf_printf(&s->top_why, "--path %s: ", s->path->text);
}

/* Append the path's first k keys, quoted, to the reason. */
static void
path_prefix(struct dp_split *s, int k)
{
	dp_buf_addc(&s->top_why, '"');
	dp_field_path_print(&s->top_why, s->path, (size_t)k);
	dp_buf_addc(&s->top_why, '"');
}

/* The value at the first path_k + 1 keys is `name`, not `want`: the
 * reason the top-level value is bad, unless the array is found in it
 * anyway (under a repeated key) or an earlier reason stands. */
static void
path_mismatch(struct dp_split *s, const char *name, const char *want)
{
	if (s->top_why.len)
		return;
	path_why(s);
	path_prefix(s, s->path_k + 1);
	dp_buf_printf(&s->top_why, " is %s, not %s", name, want);
}

/* A top-level value begins (with a path): keep its text, and follow
 * the path into it if it is an object. */
static void
top_begin(struct dp_split *s, enum kind kind, const char *name)
{
	s->top_seen = 1;
	s->top_collect = 1;
	s->top_found = 0;
	s->top_matched = 0;
	s->top_kind = kind;
	s->top.len = 0;
	s->top_why.len = 0;
	count_lines(s);
	s->top_line = s->line;
	if (kind == KIND_MAP) {
		s->path_active = 1;
		s->path_k = 0;
		s->path_pending = 0;
	} else {
		path_why(s);
		dp_buf_printf(&s->top_why, "the top-level value is %s, not "
			      "an object", name);
	}
}

/* The top-level value has ended: unless the array was found in it,
 * hand it over as a bad record saying what the path missed. */
static void
top_end(struct dp_split *s)
{
	s->top_collect = 0;
	s->path_active = 0;
	s->path_pending = 0;
	if (s->top_found)
		return;
	if (s->top_why.len == 0) {
		int k = s->top_matched;

		path_why(s);
		if (k > 0) {
			path_prefix(s, k);
			dp_buf_printf(&s->top_why, " has no key \"%s\"",
				      s->path->key[k].name);
		} else {
			dp_buf_printf(&s->top_why, "no key \"%s\" in the "
				      "top-level object", s->path->key[0].name);
		}
	}
	s->rec.json = &s->top;
	s->rec.line = s->top_line;
	s->rec.is_object = s->top_kind == KIND_MAP;
	s->rec.envelope = 0;
	s->rec.error = dp_buf_cstr(&s->top_why);
	s->fn(s->ctx, &s->rec);
}

/* Append a scalar's JSON text (a string's raw bytes when is_string) to
 * the kept top-level value; a top-level scalar ends it. */
static void
top_scalar(struct dp_split *s, const char *p, size_t n, int is_string)
{
	if (!s->top_collect)
		return;
	comma(&s->top);
	if (is_string)
		dp_json_string_lossy(&s->top, p, n);
	else
		dp_buf_add(&s->top, p, n);
	if (s->depth == 0)
		top_end(s);
}

/* Append a container's bracket to the kept top-level value. */
static void
top_bracket(struct dp_split *s, char c)
{
	if (!s->top_collect)
		return;
	if (c == '{' || c == '[')
		comma(&s->top);
	dp_buf_addc(&s->top, c);
}

/* A value of kind `kind` (`name` in messages: "a string") starts:
 * decide whether it is (part of) a record. Returns 1 to collect it
 * in the record, 0 when it is not in one. */
static int
value_start(struct dp_split *s, enum kind kind, const char *name)
{
	if (s->in_record) {
		comma(&s->text);
		return 1;
	}
	if (s->depth == 0 && s->npath == 0) {
		if (kind == KIND_ARRAY) {
			s->split_depth = 1;
			return 0;
		}
		begin_record(s, kind);
		return 1;
	}
	if (s->depth == 0) {
		top_begin(s, kind, name);
		return 0;
	}
	if (s->depth == s->split_depth) {
		begin_record(s, kind);
		return 1;
	}
	if (s->path_pending) {
		s->path_pending = 0;
		if (s->path_k + 1 == s->npath) {
			if (kind != KIND_ARRAY) {
				path_mismatch(s, name, "an array");
				return 0;
			}
			s->split_depth = s->depth + 1;
			s->top_found = 1;
			s->top_collect = 0;
			return 0;
		}
		if (kind != KIND_MAP) {
			path_mismatch(s, name, "an object");
			return 0;
		}
		if (++s->path_k > s->top_matched)
			s->top_matched = s->path_k;
	}
	return 0;
}

/* A scalar was written: it may be a whole (non-object) record. */
static int
scalar_done(struct dp_split *s)
{
	if (s->in_record && s->depth == s->rec_depth)
		end_record(s);
	return 1;
}

/* Scalar callbacks: collect the value when it belongs to a record. */
static int
on_null(void *ctx)
{
	struct dp_split *s = ctx;

	if (!value_start(s, KIND_SCALAR, "null")) {
		top_scalar(s, "null", 4, 0);
		return 1;
	}
	dp_buf_add(&s->text, "null", 4);
	return scalar_done(s);
}

static int
on_boolean(void *ctx, int v)
{
	struct dp_split *s = ctx;
	const char *t = v ? "true" : "false";

	if (!value_start(s, KIND_SCALAR, "a boolean")) {
		top_scalar(s, t, strlen(t), 0);
		return 1;
	}
	dp_buf_adds(&s->text, t);
	return scalar_done(s);
}

/* Numbers keep their exact text; one beyond int64 or the double range
 * makes the record bad (its text kept, for the rejects file). */
static int
on_number(void *ctx, const char *p, size_t n)
{
	struct dp_split *s = ctx;
	const char *why;

	if (!value_start(s, KIND_SCALAR, "a number")) {
		top_scalar(s, p, n, 0);
		return 1;
	}
	if (dp_json_number_text(&s->text, p, n, &why) != 0) {
		dp_buf_add(&s->text, p, n);
		if (s->why.len == 0) {
			if (s->key.len)
				dp_buf_printf(&s->why, "field \"%s\": ",
					      dp_buf_cstr(&s->key));
			dp_buf_printf(&s->why, "%s: %.*s", why, (int)n, p);
		}
	}
	return scalar_done(s);
}

/* Append a string value or key. yajl has checked the raw bytes, but a
 * \u escape can still decode to a lone surrogate, which is not Unicode:
 * that makes the record bad (its text keeps U+FFFD in its place). */
static void
add_string(struct dp_split *s, const unsigned char *p, size_t n)
{
	const char *t = (const char *)p;

	if (dp_utf8_check(t, n) == n) {
		dp_json_string(&s->text, t, n);
		return;
	}
	dp_json_string_lossy(&s->text, t, n);
	if (s->why.len == 0)
		dp_buf_adds(&s->why, "a \\u escape gives a lone surrogate, "
			    "which is not Unicode");
}

static int
on_string(void *ctx, const unsigned char *p, size_t n)
{
	struct dp_split *s = ctx;

	if (!value_start(s, KIND_SCALAR, "a string")) {
		top_scalar(s, (const char *)p, n, 1);
		return 1;
	}
	add_string(s, p, n);
	return scalar_done(s);
}

/* An object or an array (`kind`, `name` as value_start takes them)
 * opens with bracket `c`. */
static int
start_container(struct dp_split *s, enum kind kind, const char *name, char c)
{
	if (value_start(s, kind, name))
		dp_buf_addc(&s->text, c);
	else
		top_bracket(s, c);
	s->depth++;
	return 1;
}

/* An object or an array closes with bracket `c`: in a record, or
 * outside them, where it may end the path's object or the array being
 * split, or the top-level value. */
static int
end_container(struct dp_split *s, char c)
{
	long inner = s->depth--;

	if (s->in_record) {
		dp_buf_addc(&s->text, c);
		if (s->depth == s->rec_depth)
			end_record(s);
		return 1;
	}
	top_bracket(s, c);
	if (c == '}' && s->path_active && inner == s->path_k + 1 &&
	    s->path_k > 0)
		s->path_k--;
	if (c == ']' && inner == s->split_depth)
		s->split_depth = -1;
	if (s->npath > 0 && s->depth == 0)
		top_end(s);
	return 1;
}

static int
on_start_map(void *ctx)
{
	return start_container(ctx, KIND_MAP, "an object", '{');
}

/* Keys: collected in records (noting envelope fields at the record's
 * top level), matched against the path outside them. */
static int
on_map_key(void *ctx, const unsigned char *p, size_t n)
{
	struct dp_split *s = ctx;

	if (s->in_record) {
		comma(&s->text);
		add_string(s, p, n);
		dp_buf_addc(&s->text, ':');
		if (s->depth == s->rec_depth + 1) {
			s->rec.envelope |= dp_envelope_key((const char *)p, n);
			s->key.len = 0;
			dp_buf_add(&s->key, p, n);
		}
		return 1;
	}
	if (s->top_collect) {
		comma(&s->top);
		dp_json_string_lossy(&s->top, (const char *)p, n);
		dp_buf_addc(&s->top, ':');
	}
	if (s->path_active && s->depth == s->path_k + 1) {
		const struct dp_field_key *want = &s->path->key[s->path_k];
		s->path_pending = want->len == n &&
				  memcmp(want->name, p, n) == 0;
	}
	return 1;
}

static int
on_end_map(void *ctx)
{
	return end_container(ctx, '}');
}

static int
on_start_array(void *ctx)
{
	return start_container(ctx, KIND_ARRAY, "an array", '[');
}

static int
on_end_array(void *ctx)
{
	return end_container(ctx, ']');
}

static const yajl_callbacks callbacks = {
	.yajl_null = on_null,
	.yajl_boolean = on_boolean,
	.yajl_number = on_number,
	.yajl_string = on_string,
	.yajl_start_map = on_start_map,
	.yajl_map_key = on_map_key,
	.yajl_end_map = on_end_map,
	.yajl_start_array = on_start_array,
	.yajl_end_array = on_end_array,
};

/* A fresh parser and splitting state; the path is kept. */
static void
start(struct dp_split *s)
{
	if (s->h)
		yajl_free(s->h);
	s->h = yajl_alloc(&callbacks, NULL, s);
	if (!s->h)
		dp_die(DP_EXIT_INTERNAL, "out of memory");
	yajl_config(s->h, yajl_allow_multiple_values, 1);
	s->depth = 0;
	s->split_depth = -1;
	s->path_active = s->path_k = s->path_pending = 0;
	s->top_collect = 0;
	s->in_record = 0;
	s->chunk = NULL;
	s->counted = 0;
}

/* See dp.h. */
struct dp_split *
dp_split_new(const struct dp_field_path *path, dp_split_fn fn, void *ctx)
{
	struct dp_split *s = dp_xmalloc(sizeof *s);

	memset(s, 0, sizeof *s);
	s->fn = fn;
	s->ctx = ctx;
	s->line = 1;
	s->path = path;
	s->npath = path ? (int)path->n : 0;
	start(s);
	return s;
}

/* Record why yajl stopped, with the line and column it stopped at. */
static void
set_parse_error(struct dp_split *s, size_t n)
{
	size_t off = yajl_get_bytes_consumed(s->h);

	if (off > n)
		off = n;
	count_lines(s);
	const char *nl = memrchr(s->chunk, '\n', off);
	s->err_line = s->line;
	s->err_col = nl ? (long long)(s->chunk + off - nl)
			: (long long)(s->col0 + off + 1);
	if (s->error.len == 0) {
		unsigned char *msg = yajl_get_error(s->h, 0, NULL, 0);
		const char *m = (const char *)msg;
		size_t len;

		if (strncmp(m, "lexical error: ", 15) == 0)
			m += 15;
		if (strncmp(m, "parse error: ", 13) == 0)
			m += 13;
		len = strcspn(m, "\n");
		dp_buf_adds(&s->error, "syntax error: ");
		dp_buf_add(&s->error, m, len);
		yajl_free_error(s->h, msg);
	}
}

/* See dp.h. */
int
dp_split_feed(struct dp_split *s, const char *p, size_t n)
{
	yajl_status st;

	s->chunk = p;
	s->counted = 0;
	s->error.len = 0;
	st = yajl_parse(s->h, (const unsigned char *)p, n);
	if (st != yajl_status_ok) {
		set_parse_error(s, n);
		return -1;
	}
	const char *nl = memrchr(p, '\n', n);
	for (const char *q = p + s->counted, *end = p + n;
	     q < end && (q = memchr(q, '\n', (size_t)(end - q))); q++)
		s->line++;
	s->col0 = nl ? (size_t)(p + n - nl - 1) : s->col0 + n;
	s->chunk = NULL;
	return 0;
}

/* See dp.h. A final newline ends a trailing top-level number; then a
 * value still open means the input was cut short. */
int
dp_split_finish(struct dp_split *s)
{
	long long end_line = s->line, end_col = (long long)s->col0 + 1;

	if (dp_split_feed(s, "\n", 1) != 0)
		return -1;
	s->line = end_line;	/* that newline was ours, not the input's */
	if (dp_split_pending(s)) {
		s->err_line = end_line;
		s->err_col = end_col;
		s->error.len = 0;
		dp_buf_adds(&s->error, "unexpected end of input: the JSON "
			    "text is truncated");
		return -1;
	}
	if (s->npath > 0 && !s->top_seen) {
		s->err_line = 0;
		s->err_col = 0;
		s->error.len = 0;
		dp_buf_adds(&s->error, "--path: no array found at that path: "
			    "the input holds no JSON value");
		return -1;
	}
	return 0;
}

/* See dp.h. */
const char *
dp_split_error(struct dp_split *s, long long *line, long long *col)
{
	*line = s->err_line;
	*col = s->err_col;
	return dp_buf_cstr(&s->error);
}

/* See dp.h. */
int
dp_split_pending(const struct dp_split *s)
{
	return s->depth > 0 || s->in_record;
}

/* See dp.h. */
void
dp_split_restart(struct dp_split *s, long long line)
{
	start(s);
	s->line = line;
	s->col0 = 0;
}

/* See dp.h. */
void
dp_split_free(struct dp_split *s)
{
	if (!s)
		return;
	yajl_free(s->h);
	dp_buf_free(&s->text);
	dp_buf_free(&s->top);
	dp_buf_free(&s->top_why);
	dp_buf_free(&s->key);
	dp_buf_free(&s->why);
	dp_buf_free(&s->error);
	free(s);
}
