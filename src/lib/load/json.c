/* SPDX-License-Identifier: MIT */
/* dp-load-json's loader: JSON arrays, NDJSON or concatenated JSON
 * split into records (dp-load-json(1)). */
#include <stdlib.h>
#include <string.h>

#include "load.h"

#define CHUNK (256 * 1024)

/* A record or a reject held back until its lines have all parsed. */
struct held {
	long long line;
	size_t off, len;	/* its JSON in dp_json_loader.held */
	size_t why;		/* its error's offset in loader.held, or
				 * NO_ERROR for a record */
};

#define NO_ERROR ((size_t)-1)

struct dp_json_loader {
	struct dp_loader *run;	/* the envelope and --limit */
	const struct dp_field_path *path;	/* --path, or NULL */
	int keep_going;
	const char *file;	/* input name for messages */

	/* Reading by lines, records wait until their lines end clean: a
	 * line that then fails is rejected with all its values, none of
	 * which is written. */
	int hold;
	struct dp_buf held;	/* the held records' JSON and errors */
	struct held *items;
	size_t nitems, cap;
	struct dp_split *probe;	/* tries a line on its own */
	struct dp_buf why;	/* a message being formatted */
};

/* Keep a record (error NULL) or a reject for release() or drop(). */
static void
hold(struct dp_json_loader *ld, long long line, const struct dp_buf *b,
     const char *error)
{
	struct held *h;

	ld->items = dp_xgrow(ld->items, &ld->cap, ld->nitems + 1,
			     sizeof *ld->items);
	h = &ld->items[ld->nitems++];
	h->line = line;
	h->off = ld->held.len;
	h->len = b->len;
	dp_buf_add(&ld->held, b->data, b->len);
	h->why = NO_ERROR;
	if (error) {
		h->why = ld->held.len;
		dp_buf_add(&ld->held, error, strlen(error) + 1);
	}
}

/* The held records' lines all parsed: write them and reject the bad
 * ones, in input order, up to --limit. */
static void
release(struct dp_json_loader *ld)
{
	for (size_t i = 0; i < ld->nitems && !dp_loader_done(ld->run); i++) {
		const struct held *h = &ld->items[i];
		struct dp_buf view = { ld->held.data + h->off, h->len, h->len };

		if (h->why == NO_ERROR)
			dp_loader_write(ld->run, &view);
		else
			dp_reject(ld->file, h->line, ld->held.data + h->why,
				  view.data, NULL, view.len);
	}
	ld->nitems = 0;
	ld->held.len = 0;
}

/* The held records' lines failed and are rejected as text instead. */
static void
drop(struct dp_json_loader *ld)
{
	ld->nitems = 0;
	ld->held.len = 0;
}

/* Emit one record with the envelope, or reject it; by lines, hold it
 * until its lines have parsed. Past --limit, nothing. */
static void
on_record(void *ctx, const struct dp_split_record *r)
{
	struct dp_json_loader *ld = ctx;
	struct dp_buf *b = r->json;

	if (dp_loader_done(ld->run))
		return;
	if (!r->error) {
		b->len--;	/* reopen the object: drop its '}' */
		dp_loader_seal(ld->run, b, r->envelope);
	}
	if (ld->hold)
		hold(ld, r->line, b, r->error);
	else if (r->error)
		dp_reject(ld->file, r->line, r->error, b->data, NULL, b->len);
	else
		dp_loader_write(ld->run, b);
}

/* Print the splitter's syntax or end-of-input error. */
static void
warn_split_error(struct dp_json_loader *ld, struct dp_split *sp)
{
	long long line, col;
	const char *msg = dp_split_error(sp, &line, &col);

	if (line > 0)
		dp_warn("%s:%lld:%lld: %s", ld->file, line, col, msg);
	else
		dp_warn("%s: %s", ld->file, msg);
}

/* Arrays and --path: feed fixed chunks, so that memory stays flat even
 * when the whole document is one line. A syntax error ends the run
 * with exit 1 even with --keep-going, since no record can be found
 * after it: the records before it are written, the rest is not read,
 * and the message says so. Reading stops at --limit (an error after
 * the last record wanted is not one). */
static void
load_chunks(struct dp_json_loader *ld, struct dp_input *in,
	    struct dp_split *sp)
{
	char *chunk = dp_xmalloc(CHUNK);
	long n = 0;

	while (!dp_loader_done(ld->run) &&
	       (n = dp_input_read(in, chunk, CHUNK)) > 0) {
		if (dp_split_feed(sp, chunk, (size_t)n) == 0)
			continue;
		if (dp_loader_done(ld->run))
			break;	/* after the last record wanted */
		warn_split_error(ld, sp);
		if (ld->keep_going)
			dp_warn("%s: the rest of the input is not read: in "
				"input that starts with '[', or with --path, "
				"no record can be found after a syntax error",
				ld->file);
		exit(DP_EXIT_DATA);
	}
	free(chunk);
	if (n < 0)
		exit(DP_EXIT_IO);
	if (!dp_loader_done(ld->run) && dp_split_finish(sp) != 0) {
		warn_split_error(ld, sp);
		exit(DP_EXIT_DATA);
	}
}

/* Reading by lines: the lines of a value still open at a line end, and
 * lines to parse again before reading on. */
struct by_lines {
	struct dp_lines *lines;
	struct dp_buf group;	/* the open value's lines, each with '\n' */
	long long first;	/* the number of group's first line */
	struct dp_buf replay;	/* lines to parse again, each with '\n' */
	size_t replay_off;
	long long replay_line;	/* the number of replay's next line */
	int cut_run;		/* lines rejected as cut short in a row */
	int alone;		/* judge the replayed lines each on its own */
};

/* After this many lines rejected as cut short with no line ending
 * clean between them, the lines read ahead are judged one at a time:
 * each rejection parses the lines after it again, so a long run of cut
 * lines would otherwise take time quadratic in its length. */
#define CUT_RUN_MAX 64

/* The next line, from the replay first: its length (*p[length] is its
 * '\n'), and its number in *number; -1 at the end, -2 on a read error. */
static long
next_line(struct by_lines *bl, char **p, long long *number)
{
	long n;

	if (bl->replay_off < bl->replay.len) {
		char *s = bl->replay.data + bl->replay_off;
		char *nl = memchr(s, '\n', bl->replay.len - bl->replay_off);

		*p = s;
		*number = bl->replay_line++;
		bl->replay_off += (size_t)(nl - s) + 1;
		return (long)(nl - s);
	}
	bl->replay.len = bl->replay_off = 0;
	bl->alone = 0;
	n = dp_lines_next(bl->lines, p);
	if (n >= 0) {
		(*p)[n] = '\n';	/* the reader left room where '\n' was */
		*number = dp_lines_number(bl->lines);
	}
	return n;
}

/* A bad line or lines, whose text is p (n bytes): with --keep-going a
 * reject (the message "column C: msg" when col > 0), else exit 1 with
 * "file:line:col: msg". */
static void
reject_text(struct dp_json_loader *ld, long long line, long long col,
	    const char *msg, const char *p, size_t n)
{
	if (!ld->keep_going) {
		if (col > 0)
			dp_warn("%s:%lld:%lld: %s", ld->file, line, col, msg);
		else
			dp_warn("%s:%lld: %s", ld->file, line, msg);
		exit(DP_EXIT_DATA);
	}
	ld->why.len = 0;
	if (col > 0)
		dp_buf_printf(&ld->why, "column %lld: ", col);
	dp_buf_adds(&ld->why, msg);
	dp_reject(ld->file, line, dp_buf_cstr(&ld->why), NULL, p, n);
}

/* The probe's records: it only tells whether a line parses. */
static void
ignore_record(void *ctx, const struct dp_split_record *r)
{
	(void)ctx, (void)r;
}

/* Is the line p (n bytes, then '\n') blank? */
static int
blank_line(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strchr(" \t\r", p[i]))
			return 0;
	return 1;
}

/* Does the line p (n bytes, then '\n') parse on its own, as the start
 * of a value or as whole values? */
static int
parses_alone(struct dp_json_loader *ld, const char *p, size_t n)
{
	dp_split_restart(ld->probe, 1);
	return dp_split_feed(ld->probe, p, n + 1) == 0;
}

/* The value open since bl->first failed: on line `number`, whose text
 * is cur (n bytes, then '\n'), or at the end of the input (cur NULL).
 * When a later line up to the failing one parses on its own, the first
 * line alone is rejected, as cut short, and the lines after it are
 * parsed again (those before the one that parses on its own, which fail
 * on their own, are rejected one by one); otherwise all the lines are
 * one reject. The later lines tried are the first that is not blank,
 * and those after it that start in column 1: an indented line is most
 * likely inside a pretty-printed value that is broken, not a record.
 * Their held records are dropped either way. */
static void
fail_group(struct dp_json_loader *ld, struct by_lines *bl, struct dp_split *sp,
	   const char *cur, size_t n, long long number)
{
	static const char eof_msg[] = "unexpected end of input: the JSON "
				      "text is truncated";
	struct dp_buf *g = &bl->group;
	size_t first_len = (size_t)((char *)memchr(g->data, '\n', g->len) -
				    g->data);
	const char *p, *end;
	size_t len = first_len;	/* to the end of the last non-blank line */
	int fresh = 0;		/* a later line parses on its own */

	drop(ld);
	if (cur)
		dp_buf_add(g, cur, n + 1);
	end = g->data + g->len;
	for (p = g->data + first_len + 1; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		if (!blank_line(p, (size_t)(nl - p))) {
			if (!fresh && (len == first_len || !strchr(" \t", *p)))
				fresh = parses_alone(ld, p, (size_t)(nl - p));
			len = (size_t)(nl - g->data);
		}
		p = nl + 1;
	}
	if (fresh) {
		struct dp_buf again = { 0 };

		reject_text(ld, bl->first, (long long)first_len + 1,
			    "unexpected end of line: the JSON value is "
			    "truncated", g->data, first_len);
		dp_buf_add(&again, g->data + first_len + 1,
			   g->len - first_len - 1);
		if (bl->replay_off < bl->replay.len)
			dp_buf_add(&again, bl->replay.data + bl->replay_off,
				   bl->replay.len - bl->replay_off);
		dp_buf_free(&bl->replay);
		bl->replay = again;
		bl->replay_off = 0;
		bl->replay_line = bl->first + 1;
		bl->alone = ++bl->cut_run > CUT_RUN_MAX;
		dp_split_restart(sp, bl->first + 1);
	} else {
		if (cur) {
			long long line, col;
			const char *msg = dp_split_error(sp, &line, &col);
			reject_text(ld, line, col, msg, g->data, len);
		} else {
			reject_text(ld, bl->first, 0, eof_msg, g->data, len);
		}
		dp_split_restart(sp, number + 1);
	}
	g->len = 0;
}

/* Parse the line s (n bytes, then '\n') numbered `number` on its own:
 * its records are written if it ends with no value open, else it is
 * rejected whole. */
static void
load_alone(struct dp_json_loader *ld, struct dp_split *sp, const char *s, size_t n,
	   long long number)
{
	long long line, col;

	dp_split_restart(sp, number);
	if (dp_split_feed(sp, s, n + 1) != 0) {
		const char *msg = dp_split_error(sp, &line, &col);

		drop(ld);
		reject_text(ld, line, col, msg, s, n);
	} else if (dp_split_pending(sp)) {
		drop(ld);
		reject_text(ld, number, (long long)n + 1, "unexpected end of "
			    "line: the JSON value is truncated", s, n);
	} else {
		release(ld);
	}
	dp_split_restart(sp, number + 1);
}

/* NDJSON and concatenated values: feed line by line. A line's records
 * are written once it ends with no value open; a line that does not
 * parse is rejected whole (with the earlier lines of a value it
 * continues, see fail_group), and parsing resumes on the next line.
 * Reading stops at --limit. */
static void
load_lines(struct dp_json_loader *ld, struct dp_input *in,
	   struct dp_split *sp)
{
	struct by_lines bl = { .lines = dp_lines_new(in) };
	long long number = 0;
	char *s;
	long n;

	ld->hold = 1;
	while (!dp_loader_done(ld->run)) {
		n = next_line(&bl, &s, &number);
		if (n == -2)
			exit(DP_EXIT_IO);
		if (n == -1) {
			if (bl.group.len == 0)
				break;
			fail_group(ld, &bl, sp, NULL, 0, number);
			continue;
		}
		if (bl.alone) {
			load_alone(ld, sp, s, (size_t)n, number);
		} else if (dp_split_feed(sp, s, (size_t)n + 1) != 0) {
			if (bl.group.len == 0) {
				long long line, col;
				const char *msg = dp_split_error(sp, &line, &col);

				drop(ld);
				reject_text(ld, line, col, msg, s, (size_t)n);
				dp_split_restart(sp, number + 1);
			} else {
				fail_group(ld, &bl, sp, s, (size_t)n, number);
			}
		} else if (dp_split_pending(sp)) {
			if (bl.group.len == 0)
				bl.first = number;
			dp_buf_add(&bl.group, s, (size_t)n + 1);
		} else {
			bl.group.len = 0;
			bl.cut_run = 0;
			release(ld);
		}
	}
	ld->hold = 0;
	dp_lines_free(bl.lines);
	dp_buf_free(&bl.group);
	dp_buf_free(&bl.replay);
}

/* The first byte that is not JSON whitespace, or 0 if there is none. */
static char
first_token(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strchr(" \t\r\n", p[i]))
			return p[i];
	return 0;
}

/* See load.h. */
void
dp_json_loader_file(struct dp_json_loader *ld, const char *path)
{
	struct dp_input *in = dp_input_open(path);
	struct dp_buf peek = { 0 };
	char token = 0;
	long n;

	if (!in)
		exit(DP_EXIT_IO);
	dp_input_track(in);
	ld->file = dp_input_name(in);
	dp_loader_input(ld->run, ld->file, path);

	do {	/* read until the first token shows how to split */
		dp_buf_reserve(&peek, 4096);
		n = dp_input_read(in, peek.data + peek.len, 4096);
		if (n < 0)
			exit(DP_EXIT_IO);
		token = first_token(peek.data + peek.len, (size_t)n);
		peek.len += (size_t)n;
	} while (n > 0 && !token);
	dp_input_unread(in, peek.data, peek.len);
	dp_buf_free(&peek);

	struct dp_split *sp = dp_split_new(ld->path, on_record, ld);
	if (ld->path || token == '[')
		load_chunks(ld, in, sp);
	else
		load_lines(ld, in, sp);
	dp_split_free(sp);
	dp_input_close(in);
}

/* See load.h. */
struct dp_json_loader *
dp_json_loader_new(struct dp_loader *run, const struct dp_field_path *path,
		   int keep_going)
{
	struct dp_json_loader *ld = dp_xmalloc(sizeof *ld);

	memset(ld, 0, sizeof *ld);
	ld->run = run;
	ld->path = path;
	ld->keep_going = keep_going;
	ld->probe = dp_split_new(NULL, ignore_record, NULL);
	return ld;
}

/* See load.h. */
void
dp_json_loader_free(struct dp_json_loader *ld)
{
	if (!ld)
		return;
	dp_split_free(ld->probe);
	dp_buf_free(&ld->held);
	dp_buf_free(&ld->why);
	free(ld->items);
	free(ld);
}
