/* SPDX-License-Identifier: MIT */
/* A growable byte buffer. */
#include <stdlib.h>
#include <string.h>

#include "dp.h"

/* Make room for `extra` more bytes plus a terminating NUL. */
void
dp_buf_reserve(struct dp_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;

	if (need <= b->cap)
		return;
	if (need < b->len)
		dp_die(DP_EXIT_INTERNAL, "out of memory");
	size_t cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap = cap * 2 > cap ? cap * 2 : need;
	b->data = dp_xrealloc(b->data, cap);
	b->cap = cap;
}

/* Append n bytes. */
void
dp_buf_add(struct dp_buf *b, const void *p, size_t n)
{
	dp_buf_reserve(b, n);
	memcpy(b->data + b->len, p, n);
	b->len += n;
}

/* Append one byte. */
void
dp_buf_addc(struct dp_buf *b, char c)
{
	if (b->len + 2 > b->cap)
		dp_buf_reserve(b, 1);
	b->data[b->len++] = c;
}

/* Append a NUL-terminated string. */
void
dp_buf_adds(struct dp_buf *b, const char *s)
{
	dp_buf_add(b, s, strlen(s));
}

/* Append formatted text. */
void
dp_buf_printf(struct dp_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	dp_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

/* dp_buf_printf with a va_list. */
void
dp_buf_vprintf(struct dp_buf *b, const char *fmt, va_list ap)
{
	va_list again;
	int n;

	va_copy(again, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	if (n < 0)
		dp_die(DP_EXIT_INTERNAL, "bad format");
	dp_buf_reserve(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, again);
	va_end(again);
	b->len += (size_t)n;
}

/* The contents as a C string; valid until the next change. */
const char *
dp_buf_cstr(struct dp_buf *b)
{
	dp_buf_reserve(b, 0);
	b->data[b->len] = '\0';
	return b->data;
}

/* Release the bytes; the buffer is empty and reusable afterwards. */
void
dp_buf_free(struct dp_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}
