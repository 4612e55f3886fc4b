/* SPDX-License-Identifier: MIT */
/* Typing text values (CSV fields, SQL parameters). */
#include <strings.h>

#include "load.h"

/* Length of the run of ASCII digits at s[i..n). */
static size_t
digits(const char *s, size_t i, size_t n)
{
	size_t j = i;

	while (j < n && s[j] >= '0' && s[j] <= '9')
		j++;
	return j - i;
}

/* See dp.h: JSON number syntax without leading zeros, or true/false. */
enum dp_scalar
dp_scalar_classify(const char *s, size_t n)
{
	size_t i = 0, d;
	int is_float = 0;

	if (n == 0)
		return DP_SCALAR_NULL;
	if ((n == 4 && strncasecmp(s, "true", 4) == 0) ||
	    (n == 5 && strncasecmp(s, "false", 5) == 0))
		return DP_SCALAR_BOOL;
	if (s[i] == '-')
		i++;
	d = digits(s, i, n);
	if (d == 0 || (d > 1 && s[i] == '0'))
		return DP_SCALAR_STRING;
	i += d;
	if (i < n && s[i] == '.') {
		d = digits(s, ++i, n);
		if (d == 0)
			return DP_SCALAR_STRING;
		i += d;
		is_float = 1;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		d = digits(s, i, n);
		if (d == 0)
			return DP_SCALAR_STRING;
		i += d;
		is_float = 1;
	}
	if (i != n || (!is_float && !dp_int_text_fits(s, n)))
		return DP_SCALAR_STRING;
	return is_float ? DP_SCALAR_DOUBLE : DP_SCALAR_INT;
}

/* Append s as the JSON value its class gives; a number that cannot be
 * held exactly (beyond int64, or overflowing a double) stays a string. */
void
dp_json_scalar(struct dp_buf *b, const char *s, size_t n)
{
	const char *why;
	size_t mark = b->len;

	switch (dp_scalar_classify(s, n)) {
	case DP_SCALAR_NULL:
		dp_buf_add(b, "null", 4);
		return;
	case DP_SCALAR_BOOL:
		dp_buf_adds(b, (s[0] == 't' || s[0] == 'T') ? "true" : "false");
		return;
	case DP_SCALAR_INT:
	case DP_SCALAR_DOUBLE:
		if (dp_json_number_text(b, s, n, &why) == 0)
			return;
		b->len = mark;	/* a double overflow: keep the text */
		break;
	case DP_SCALAR_STRING:
		break;
	}
	dp_json_string(b, s, n);
}
