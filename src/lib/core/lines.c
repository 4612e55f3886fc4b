/* SPDX-License-Identifier: MIT */
/* Reading input line by line, with line numbers. */
#include <stdlib.h>
#include <string.h>

#include "dp.h"

#define LINES_CHUNK (256 * 1024)

struct dp_lines {
	struct dp_input *in;
	char *buf;
	size_t cap, start, end;	/* unread bytes are buf[start..end) */
	long long number;
	int eof;
};

/* See dp.h. */
struct dp_lines *
dp_lines_new(struct dp_input *in)
{
	struct dp_lines *l = dp_xmalloc(sizeof *l);

	memset(l, 0, sizeof *l);
	l->in = in;
	l->cap = LINES_CHUNK;
	l->buf = dp_xmalloc(l->cap);
	return l;
}

/* Move unread bytes to the front, grow if full, and read more; returns
 * bytes read, 0 at end, -1 on error. */
static long
fill(struct dp_lines *l)
{
	if (l->start > 0) {
		memmove(l->buf, l->buf + l->start, l->end - l->start);
		l->end -= l->start;
		l->start = 0;
	}
	if (l->cap - l->end < LINES_CHUNK / 2) {
		l->cap *= 2;
		l->buf = dp_xrealloc(l->buf, l->cap);
	}
	long r = dp_input_read(l->in, l->buf + l->end, l->cap - l->end);
	if (r > 0)
		l->end += (size_t)r;
	return r;
}

/* See dp.h. */
long
dp_lines_next(struct dp_lines *l, char **line)
{
	size_t scanned = l->start;

	for (;;) {
		char *nl = memchr(l->buf + scanned, '\n', l->end - scanned);
		if (nl || (l->eof && l->end > l->start)) {
			char *s = l->buf + l->start;
			size_t n = nl ? (size_t)(nl - s) : l->end - l->start;
			l->start = nl ? (size_t)(nl - l->buf) + 1 : l->end;
			if (n > 0 && s[n - 1] == '\r')
				n--;
			s[n] = '\0';	/* room: '\n' or spare capacity */
			l->number++;
			*line = s;
			return (long)n;
		}
		if (l->eof)
			return -1;
		scanned = l->end - l->start;
		long r = fill(l);
		if (r < 0)
			return -2;
		if (r == 0)
			l->eof = 1;
	}
}

/* See dp.h. */
long long
dp_lines_number(const struct dp_lines *l)
{
	return l->number;
}

/* See dp.h. The input stays open: the caller owns it. */
void
dp_lines_free(struct dp_lines *l)
{
	if (!l)
		return;
	free(l->buf);
	free(l);
}
