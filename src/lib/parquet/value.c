/* SPDX-License-Identifier: MIT */
/* Integers, decimals and timestamps from JSON texts. */
#include <stdlib.h>
#include <string.h>

#include "dp.h"
#include "value.h"

/* See value.h. */
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

/* A JSON number text's significant digits and where they sit: the
 * value is 0.d1 d2 d3 ... * 10^(lead + 1), digits[] holding d1.. (at
 * most MAX_DIGITS: a decimal column has at most 19 integer digits and
 * one rounding digit), low the power of ten of its last non-zero digit.
 * Exponents saturate far beyond any text's length, so that the
 * arithmetic cannot overflow whatever the text. */
#define MAX_DIGITS 24
#define EXP_CAP 100000000000000000LL
struct dec {
	int neg;
	int zero;		/* every digit is 0 */
	char digits[MAX_DIGITS];
	int ndigits;		/* digits kept */
	long long lead;		/* power of ten of the first digit */
	long long low;		/* power of ten of the last non-zero digit */
};

/* Split a JSON number text (valid syntax) into struct dec. */
static void
dec_split(const char *p, size_t n, struct dec *d)
{
	size_t i = 0, intdigits = 0, j = 0, first = 0, last = 0;
	long long e = 0;
	int seen = 0;

	memset(d, 0, sizeof *d);
	if (i < n && p[i] == '-') {
		d->neg = 1;
		i++;
	}
	/* j counts the mantissa's digits; first and last index the
	 * non-zero ones */
	for (int in_frac = 0; i < n; i++) {
		char c = p[i];
		if (c == '.') {
			in_frac = 1;
			continue;
		}
		if (c < '0' || c > '9')
			break;
		if (!in_frac)
			intdigits++;
		if (c != '0') {
			if (!seen)
				first = j;
			seen = 1;
			last = j;
		}
		if (seen && d->ndigits < MAX_DIGITS)
			d->digits[d->ndigits++] = c;
		j++;
	}
	if (i < n && (p[i] == 'e' || p[i] == 'E')) {
		int esign = 1;
		i++;
		if (i < n && (p[i] == '+' || p[i] == '-'))
			esign = p[i++] == '-' ? -1 : 1;
		for (; i < n && p[i] >= '0' && p[i] <= '9'; i++)
			if (e < EXP_CAP)
				e = e * 10 + (p[i] - '0');
		e *= esign;
	}
	d->zero = !seen;
	/* the mantissa digit at index k has the power intdigits - 1 - k */
	d->lead = (long long)intdigits - 1 - (long long)first + e;
	d->low = (long long)intdigits - 1 - (long long)last + e;
}

/* The number's magnitude times 10^scale rounded half-up to an integer,
 * into *mag; *inexact tells whether a non-zero digit lay below the
 * units of that. Returns 0, or -1 when the magnitude passes `limit`. */
static int
dec_scaled(const struct dec *d, int scale, uint64_t limit, uint64_t *mag,
	   int *inexact)
{
	uint64_t v = 0;

	*mag = 0;
	*inexact = !d->zero && d->low + scale < 0;
	if (d->zero)
		return 0;
	long long lead = d->lead + scale;	/* of the scaled value */
	if (lead >= 19)			/* 10^19 and more: beyond uint64's */
		return -1;		/* 20 digits and any decimal column */
	if (lead < -1)			/* below 0.1: rounds to 0 */
		return 0;
	int units = (int)lead + 1;	/* digits down to the units */
	for (int k = 0; k < units; k++)
		v = v * 10 + (uint64_t)(k < d->ndigits ? d->digits[k] - '0' : 0);
	if (units < d->ndigits && d->digits[units] >= '5')
		v++;
	if (v > limit)
		return -1;
	*mag = v;
	return 0;
}

/* See value.h. */
int
pq_decimal(const char *p, size_t n, int precision, int scale, int64_t *out,
	   int *inexact)
{
	struct dec d;
	uint64_t limit = 1, mag;
	int lost;

	for (int i = 0; i < precision; i++)
		limit *= 10;
	dec_split(p, n, &d);
	if (dec_scaled(&d, scale, limit - 1, &mag, &lost) != 0)
		return -1;
	if (inexact)
		*inexact = lost;
	*out = d.neg ? -(int64_t)mag : (int64_t)mag;
	return 0;
}

/* See value.h. */
int
pq_parse_integer(const char *p, size_t n, int64_t *out)
{
	struct dec d;
	uint64_t mag;
	int lost;

	dec_split(p, n, &d);
	int r = dec_scaled(&d, 0, d.neg ? (uint64_t)INT64_MAX + 1 : INT64_MAX,
			   &mag, &lost);
	if (lost)
		return 1;
	if (r != 0)
		return -1;
	*out = d.neg ? (int64_t)(0 - mag) : (int64_t)mag;
	return 0;
}

/* See value.h (Howard Hinnant's days_from_civil). */
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

/* See value.h. */
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
