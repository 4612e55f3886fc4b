/* SPDX-License-Identifier: MIT */
/* Base64 (RFC 4648, standard alphabet, padded). */
#include "load.h"

/* Append the base64 text of n bytes. */
void
dp_base64(struct dp_buf *b, const unsigned char *p, size_t n)
{
	static const char abc[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i;

	dp_buf_reserve(b, (n + 2) / 3 * 4);
	for (i = 0; i + 2 < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8 |
			     p[i + 2];
		char q[4] = { abc[v >> 18], abc[v >> 12 & 63], abc[v >> 6 & 63],
			      abc[v & 63] };
		dp_buf_add(b, q, 4);
	}
	if (i < n) {
		unsigned v = (unsigned)p[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)p[i + 1] << 8;
		char q[4] = { abc[v >> 18], abc[v >> 12 & 63],
			      i + 1 < n ? abc[v >> 6 & 63] : '=', '=' };
		dp_buf_add(b, q, 4);
	}
}
