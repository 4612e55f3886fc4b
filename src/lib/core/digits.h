/* SPDX-License-Identifier: MIT */
/*
 * Number text at speed (private to core: the record scanner and the
 * float reader): ASCII digits eight at a time, and decimal to float
 * for the common case. A byte is a digit when its high nibble is 3 and
 * stays 3 with 6 added; a carry out of a byte (0xFA and up, not a
 * digit) can only spoil the bytes after it, which do not count.
 */
#ifndef DP_DIGITS_H
#define DP_DIGITS_H

#include <float.h>
#include <stdint.h>
#include <string.h>

#define DP_ONES 0x0101010101010101u

/* How many of the 8 bytes in w (the first byte lowest) lead as ASCII
 * digits. */
static inline int
dp_digit_run(uint64_t w)
{
	uint64_t hi = DP_ONES * 0xF0, t, nz;

	t = ((w & hi) | (((w + DP_ONES * 6) & hi) >> 4)) ^ DP_ONES * 0x33;
	nz = (((t & DP_ONES * 0x7F) + DP_ONES * 0x7F) | t) & DP_ONES * 0x80;
	return nz ? __builtin_ctzll(nz) >> 3 : 8;
}

/* The value of the 8 digits in w, the first byte the leading digit,
 * each byte already less '0'. */
static inline uint64_t
dp_eight_digits(uint64_t w)
{
	w = (w * 10 + (w >> 8)) & 0x00FF00FF00FF00FFu;
	w = (w * 100 + (w >> 16)) & 0x0000FFFF0000FFFFu;
	return (w * 10000 + (w >> 32)) & 0xFFFFFFFFu;
}

/* The first byte from p (before end) that is not a digit, or end. */
static inline const char *
dp_skip_digits(const char *p, const char *end)
{
	while (end - p >= 8) {
		uint64_t w;
		int k;
		memcpy(&w, p, 8);
		k = dp_digit_run(w);
		p += k;
		if (k < 8)
			return p;
	}
	while (p < end && (unsigned char)(*p - '0') < 10)
		p++;
	return p;
}

/* Read the digits that lead the 8 bytes at p into *w (w * 10 + digit
 * each); returns how many, 0 to 8. */
static inline __attribute__((always_inline)) int
dp_digit_step(const char *p, uint64_t *w)
{
	static const uint64_t pow10[] = {
		1, 10, 100, 1000, 10000, 100000, 1000000, 10000000,
		100000000
	};
	uint64_t c;
	int k;

	memcpy(&c, p, 8);
	k = dp_digit_run(c);
	if (k)
		*w = *w * pow10[k] +
		     dp_eight_digits((c - DP_ONES * '0') << (8 * (8 - k)));
	return k;
}

/* Read the digits from p (before end) into *w (w * 10 + digit each,
 * wrapping past 19 digits); returns the byte after them. */
static inline __attribute__((always_inline)) const char *
dp_read_digits(const char *p, const char *end, uint64_t *w)
{
	uint64_t v = *w;

	while (end - p >= 8) {
		int k = dp_digit_step(p, &v);
		p += k;
		if (k < 8) {
			*w = v;
			return p;
		}
	}
	for (; p < end && (unsigned char)(*p - '0') < 10; p++)
		v = v * 10 + (uint64_t)(*p - '0');
	*w = v;
	return p;
}

/* The float nearest to (neg ? -1 : 1) * w * 10^x, when Clinger's fast
 * path decides it: w <= 2^53 and |x| <= 22 make w and 10^|x| exact
 * doubles, so one IEEE operation gives d, the double nearest to the
 * value; rounding d to float gives the float nearest to the value
 * unless d is a float midpoint (a midpoint strictly between the value
 * and d would be a double nearer to the value than d), or d is below
 * FLT_MIN (subnormal spacing) or above FLT_MAX. Returns 0 with *out
 * set, or -1: the caller reads the text the slow way. */
static inline int
dp_float_fast(uint64_t w, long x, int neg, float *out)
{
	static const double pow10[] = {
		1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
		1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
		1e21, 1e22
	};
	double d;
	uint64_t bits;

	if (w == 0) {
		*out = neg ? -0.0f : 0.0f;
		return 0;
	}
	if (w > (uint64_t)1 << 53 || x < -22 || x > 22)
		return -1;
	d = x < 0 ? (double)w / pow10[-x] : (double)w * pow10[x];
	memcpy(&bits, &d, 8);
	/* below the 29 bits that rounding to float drops: 1 then 0s */
	if (d < FLT_MIN || d > FLT_MAX ||
	    (bits & 0x1fffffff) == (uint64_t)1 << 28)
		return -1;
	*out = neg ? -(float)d : (float)d;
	return 0;
}

#endif
