/* SPDX-License-Identifier: MIT */
/* The shortest text of a float, fast (see dp.h), and vectors as JSON.
 *
 * The general way is to find the shortest "%.Pg" (P = 6..9) that strtof
 * reads back: up to four snprintf and strtof calls per value, which made
 * number formatting most of dp-embed's time. This file computes the same
 * text with integer arithmetic for the values embeddings are made of,
 * 1e-7 <= |v| < 1 (every float there is normal): the P-digit rounding of
 * v (ties to even, as printf does), checked against v's rounding
 * interval instead of by strtof. dp_json_float uses it first and falls
 * back to the general way. The unit tests compare the two over millions
 * of floats. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "dp.h"

__extension__ typedef unsigned __int128 u128;

static const uint64_t pow10[] = {
	1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL,
	10000000ULL, 100000000ULL, 1000000000ULL, 10000000000ULL,
	100000000000ULL, 1000000000000ULL, 10000000000000ULL,
	100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL,
	100000000000000000ULL
};

/* Does the decimal N / 10^k read back (round to nearest, ties to even)
 * as the float m * 2^-s (m in [2^23, 2^24))? */
static int
reads_back(uint64_t n, int k, uint32_t m, int s)
{
	u128 d = (u128)n << (s + 2);		/* N * 2^(s+2) */
	u128 t = (u128)pow10[k];
	u128 hi = (u128)(4 * (uint64_t)m + 2) * t;
	u128 lo = (m == (1u << 23) ? (u128)(4 * (uint64_t)m - 1)
				   : (u128)(4 * (uint64_t)m - 2)) * t;
	int even = (m & 1) == 0;

	if (d > hi || d < lo)
		return 0;
	if (d == hi || d == lo)
		return even;
	return 1;
}

/* Write |v|'s text at p for 1e-7 <= |v| < 1 and return its end; NULL
 * if v is outside that range (or rounds up to 1). */
static char *
fast_float(char *p, float v)
{
	uint32_t u, m;
	int s, x;

	memcpy(&u, &v, 4);
	int exp = (int)((u >> 23) & 0xff);
	if (exp == 0 || exp == 0xff)
		return NULL;
	m = (u & 0x7fffff) | 0x800000;
	s = 150 - exp;			/* |v| = m * 2^-s */
	if (s < 24 || s > 50)
		return NULL;		/* |v| >= 1, or far below 1e-7 */
	/* x = floor(log10 |v|): the largest x with m * 10^-x >= 2^s,
	 * from an estimate that is exact or one too small */
	x = (int)((double)(exp - 127) * 0.30102999566398120) - 1;
	if (x < -8)
		x = -8;
	if (x > -1)
		x = -1;
	while (x < -1 && (((u128)m * pow10[-(x + 1)]) >> s))
		x++;
	if (x < -7 || !(((u128)m * pow10[-x]) >> s))
		return NULL;

	char digits[12];
	uint64_t n = 0;
	int prec, k = 0, x0 = x;
	for (prec = 6; prec <= 9; prec++) {
		x = x0;
		k = prec - 1 - x;	/* n = round(|v| * 10^k) */
		u128 prod = (u128)m * pow10[k];
		u128 mask = ((u128)1 << s) - 1, half = (u128)1 << (s - 1);
		n = (uint64_t)(prod >> s);
		u128 r = prod & mask;
		if (r > half || (r == half && (n & 1)))
			n++;
		if (n == pow10[prec]) {	/* rounded up to a power of 10 */
			if (x == -1)
				return NULL;
			x++;
			n = pow10[prec - 1];
			k--;
		}
		if (reads_back(n, k, m, s))
			break;
	}
	if (prec > 9)
		return NULL;	/* cannot happen: 9 digits always do */
	int nd = prec;
	for (int i = nd - 1; i >= 0; i--, n /= 10)
		digits[i] = (char)('0' + n % 10);
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	if (x < -4) {		/* %g's exponent form: d.ddde-X */
		*p++ = digits[0];
		if (nd > 1) {
			*p++ = '.';
			memcpy(p, digits + 1, (size_t)nd - 1);
			p += nd - 1;
		}
		*p++ = 'e';
		*p++ = '-';
		*p++ = (char)('0' - x);
	} else {
		memcpy(p, "0.000", (size_t)(1 - x));
		p += 1 - x;
		memcpy(p, digits, (size_t)nd);
		p += nd;
	}
	return p;
}

/* See dp.h. */
char *
dp_float_text_fast(char *p, float v)
{
	if (v == 0) {
		memcpy(p, signbit(v) ? "-0.0" : "0.0", 4);
		return p + (signbit(v) ? 4 : 3);
	}
	if (v < 0)
		*p++ = '-';
	return fast_float(p, fabsf(v));
}

/* See embed.h. */
void
dp_json_float_array(struct dp_buf *b, const float *v, int dim)
{
	dp_buf_addc(b, '[');
	for (int i = 0; i < dim; i++) {
		if (i)
			dp_buf_addc(b, ',');
		dp_json_float(b, v[i]);
	}
	dp_buf_addc(b, ']');
}
