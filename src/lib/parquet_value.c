/* SPDX-License-Identifier: MIT */
/* Integers, decimals and timestamps from JSON texts. */
#include <stdlib.h>
#include <string.h>

#include "dp.h"
#include "parquet_value.h"

/* See parquet_value.h. */
int
pq_parse_int64(const char *p, size_t n, int64_t *out)
{
	int neg = n > 0 && p[0] == '-';
	uint64_t v = 0, limit = neg ? (uint64_t)INT64_MAX + 1 : INT64_MAX;
	size_t i = (size_t)neg;

	if (i == n)
		return -1;
	for (; i < n; i++) {
		unsigned d = (unsigned)(p[i] - '0');
		if (d > 9)
			return -1;
		if (v > (limit - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return 0;
}

/* A decimal number as significant digits and a power of ten:
 * value = sign * digits * 10^exp, digits without leading zeros. */
struct dec {
	int neg;
	char digits[48];
	int ndigits;	/* digits kept (at most 40: more only matter as
			 * "something non-zero beyond") */
	int nonzero_beyond;
	long exp;
};

/* Split a JSON number text into struct dec. */
static void
dec_split(const char *p, size_t n, struct dec *d)
{
	size_t i = 0;
	long frac = 0, e = 0;
	int esign = 1;

	memset(d, 0, sizeof *d);
	if (i < n && p[i] == '-') {
		d->neg = 1;
		i++;
	}
	for (int in_frac = 0; i < n; i++) {
		char c = p[i];
		if (c == '.') {
			in_frac = 1;
			continue;
		}
		if (c < '0' || c > '9')
			break;
		if (in_frac)
			frac++;
		if (c == '0' && d->ndigits == 0)
			continue;
		if (d->ndigits < 40)
			d->digits[d->ndigits++] = c;
		else {
			frac--;	/* a dropped integer digit still counts */
			if (c != '0')
				d->nonzero_beyond = 1;
		}
	}
	if (i < n && (p[i] == 'e' || p[i] == 'E')) {
		i++;
		if (i < n && (p[i] == '+' || p[i] == '-'))
			esign = p[i++] == '-' ? -1 : 1;
		for (; i < n && p[i] >= '0' && p[i] <= '9'; i++)
			if (e < 100000)
				e = e * 10 + (p[i] - '0');
	}
	/* trailing zeros of the digits move into the exponent */
	while (d->ndigits > 0 && d->digits[d->ndigits - 1] == '0' &&
	       !d->nonzero_beyond) {
		d->ndigits--;
		frac--;
	}
	d->exp = esign * e - frac;
}

/* See parquet_value.h. */
int
pq_decimal(const char *p, size_t n, int precision, int scale, int64_t *out,
	   int *inexact)
{
	struct dec d;
	uint64_t v = 0, bound = 1;
	int is_int = !memchr(p, '.', n) && !memchr(p, 'e', n) &&
		     !memchr(p, 'E', n);

	dec_split(p, n, &d);
	if (!is_int && (d.ndigits > 15 || d.nonzero_beyond)) {
		/* read as a double, use its shortest text */
		struct dp_buf b = { 0 };
		char *tmp = dp_xmalloc(n + 1);
		memcpy(tmp, p, n);
		tmp[n] = '\0';
		dp_json_double(&b, strtod(tmp, NULL));
		free(tmp);
		dec_split(b.data, b.len, &d);
		dp_buf_free(&b);
	}
	for (int i = 0; i < precision; i++)
		bound *= 10;
	if (inexact)
		*inexact = 0;
	if (d.ndigits == 0) {
		*out = 0;
		if (inexact)
			*inexact = d.nonzero_beyond;
		return 0;
	}
	long shift = d.exp + scale;	/* value * 10^scale = digits * 10^shift */
	int keep = d.ndigits;
	int round_up = 0;
	if (shift < 0) {
		long drop = -shift;
		if (drop > d.ndigits) {
			keep = 0;
		} else {
			keep = d.ndigits - (int)drop;
			round_up = d.digits[keep] >= '5';
		}
		if (inexact)
			*inexact = 1;
		shift = 0;
	}
	for (int i = 0; i < keep; i++) {
		v = v * 10 + (uint64_t)(d.digits[i] - '0');
		if (v >= bound)
			return -1;
	}
	v += (uint64_t)round_up;
	for (long i = 0; i < shift; i++) {
		v *= 10;
		if (v >= bound)
			return -1;
	}
	if (v >= bound)
		return -1;
	*out = d.neg ? -(int64_t)v : (int64_t)v;
	return 0;
}

/* See parquet_value.h (Howard Hinnant's days_from_civil). */
int64_t
pq_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

/* n decimal digits at p, or -1. */
static int
digits(const char *p, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

static int
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* See parquet_value.h. */
int
pq_timestamp(const char *p, size_t n, int64_t *micros, const char **why)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
				     30, 31 };
	int y, mo, d, h, mi, s;
	long frac = 0;
	size_t i = 19;
	int64_t off = 0;

	*why = "not an RFC 3339 timestamp (like 2026-11-25T11:42:30Z)";
	if (n < 19 || p[4] != '-' || p[7] != '-' || p[13] != ':' ||
	    p[16] != ':' || (p[10] != 'T' && p[10] != 't' && p[10] != ' '))
		return -1;
	y = digits(p, 4);
	mo = digits(p + 5, 2);
	d = digits(p + 8, 2);
	h = digits(p + 11, 2);
	mi = digits(p + 14, 2);
	s = digits(p + 17, 2);
	if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || s < 0)
		return -1;
	if (mo < 1 || mo > 12 || d < 1 ||
	    d > mdays[mo - 1] + (mo == 2 && leap(y)) || h > 23 || mi > 59 ||
	    s > 59) {
		*why = "timestamp out of range (month, day, hour, minute or "
		       "second)";
		return -1;
	}
	if (i < n && p[i] == '.') {
		int nd = 0;
		i++;
		while (i < n && p[i] >= '0' && p[i] <= '9') {
			if (nd < 6)
				frac = frac * 10 + (p[i] - '0');
			else if (p[i] != '0') {
				*why = "timestamp has digits beyond "
				       "microseconds";
				return -1;
			}
			nd++;
			i++;
		}
		if (nd == 0)
			return -1;
		for (; nd < 6; nd++)
			frac *= 10;
	}
	if (i == n - 1 && (p[i] == 'Z' || p[i] == 'z')) {
		off = 0;
	} else if (i + 6 == n && (p[i] == '+' || p[i] == '-') &&
		   p[i + 3] == ':') {
		int oh = digits(p + i + 1, 2), om = digits(p + i + 4, 2);
		if (oh < 0 || om < 0 || oh > 23 || om > 59)
			return -1;
		off = (p[i] == '-' ? -1 : 1) * (int64_t)(oh * 60 + om) * 60;
	} else {
		if (i == n)
			*why = "timestamp without a UTC offset (Z or +HH:MM)";
		return -1;
	}
	int64_t secs = pq_days_from_civil(y, (unsigned)mo, (unsigned)d) *
		       86400 + h * 3600 + mi * 60 + s - off;
	*micros = secs * 1000000 + frac;
	return 0;
}
