/* SPDX-License-Identifier: MIT */
/* UTF-8 validation. */
#include "dp.h"

/* Length of the valid UTF-8 sequence at s[0..n), or 0 if invalid
 * (overlong forms, surrogates and code points above U+10FFFF are
 * invalid, as RFC 3629 says). */
static size_t
sequence_length(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len;
	unsigned cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return len;
}

/* See dp.h. */
size_t
dp_utf8_check(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		size_t len = sequence_length(u + i, n - i);
		if (len == 0)
			return i;
		i += len;
	}
	return n;
}

/* See dp.h. */
void
dp_json_string_lossy(struct dp_buf *b, const char *s, size_t n)
{
	struct dp_buf clean = { 0 };
	size_t i = 0;

	if (dp_utf8_check(s, n) == n) {
		dp_json_string(b, s, n);
		return;
	}
	while (i < n) {
		size_t ok = dp_utf8_check(s + i, n - i);
		dp_buf_add(&clean, s + i, ok);
		i += ok;
		if (i < n) {
			dp_buf_add(&clean, "\xef\xbf\xbd", 3);	/* U+FFFD */
			i++;
		}
	}
	dp_json_string(b, clean.data, clean.len);
	dp_buf_free(&clean);
}
