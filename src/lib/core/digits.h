/* SPDX-License-Identifier: MIT */
/*
 * ASCII digits eight at a time (private to core: the record scanner
 * and the float reader). A byte is a digit when its high nibble is 3
 * and stays 3 with 6 added; a carry out of a byte (0xFA and up, not a
 * digit) can only spoil the bytes after it, which do not count.
 */
#ifndef DP_DIGITS_H
#define DP_DIGITS_H

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

/* Read the digits from p (before end) into *w (w * 10 + digit each,
 * wrapping past 19 digits); returns the byte after them. */
static inline __attribute__((always_inline)) const char *
dp_read_digits(const char *p, const char *end, uint64_t *w)
{
	static const uint64_t pow10[] = {
		1, 10, 100, 1000, 10000, 100000, 1000000, 10000000,
		100000000
	};
	uint64_t v = *w;

	while (end - p >= 8) {
		uint64_t c;
		int k;
		memcpy(&c, p, 8);
		k = dp_digit_run(c);
		if (k)
			v = v * pow10[k] + dp_eight_digits(
				(c - DP_ONES * '0') << (8 * (8 - k)));
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

#endif
