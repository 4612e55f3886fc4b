/* SPDX-License-Identifier: MIT */
/* JSON number text to the nearest 32-bit float (see dp.h).
 *
 * Fast path (Clinger's, dp_float_fast in digits.h) with at most 19
 * significant digits; when it cannot decide, or the text has more
 * digits or a larger exponent, strtof reads a NUL-terminated copy of
 * the text.
 *
 * Digits are read eight at a time where eight bytes are left (an
 * embedding's values have eight or nine). */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "digits.h"
#include "dp.h"

/* The text s[0..n) through strtof: the general way. */
static int
parse_slow(const char *s, size_t n, float *out)
{
	char tmp[128], *copy = n < sizeof tmp ? tmp : dp_xmalloc(n + 1);

	memcpy(copy, s, n);
	copy[n] = '\0';
	*out = strtof(copy, NULL);
	if (copy != tmp)
		free(copy);
	return isinf(*out) ? -1 : 0;
}

/* See dp.h. */
int
dp_parse_float_at(const char *s, const char *end, float *out,
		  const char **stop)
{
	const char *p = s, *dig;
	uint64_t w = 0;
	long digits, x = 0, ex = 0;
	int neg = 0, slow = 0;

	if (p < end && *p == '-') {
		neg = 1;
		p++;
	}
	/* w: the digits without leading zeros (wrapping past 19 digits,
	 * which then go the slow way); x: minus the fraction's length */
	while (p < end && *p == '0')
		p++;
	dig = p;
	if (p < end && (unsigned)(*p - '0') < 10)
		p = dp_read_digits(p, end, &w);
	digits = p - dig;
	if (p < end && *p == '.') {
		const char *f = ++p;
		if (digits == 0)
			while (p < end && *p == '0')
				p++;
		dig = p;
		p = dp_read_digits(p, end, &w);
		digits += p - dig;
		x = -(long)(p - f);
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		int eneg = 0;
		p++;
		if (p < end && (*p == '-' || *p == '+'))
			eneg = *p++ == '-';
		for (; p < end && (unsigned)(*p - '0') < 10; p++)
			if (ex <= 22 + 19)
				ex = ex * 10 + (*p - '0');
		x += eneg ? -ex : ex;
		slow = ex > 22 + 19;
	}
	*stop = p;
	return dp_float_decimal(w, slow ? LONG_MAX : digits, x, neg, s,
				(size_t)(p - s), out);
}

/* See dp.h. */
int
dp_float_decimal(uint64_t w, long digits, long x, int neg, const char *s,
		 size_t n, float *out)
{
	if (digits > 19 || dp_float_fast(w, x, neg, out) != 0)
		return parse_slow(s, n, out);
	return 0;
}

/* See dp.h. */
int
dp_parse_float(const char *s, size_t n, float *out)
{
	const char *stop;

	return dp_parse_float_at(s, s + n, out, &stop);
}
