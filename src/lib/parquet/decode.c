/* SPDX-License-Identifier: MIT */
/*
 * Decoders of Parquet's encodings (Encodings.md): the RLE / bit-packing
 * hybrid, BIT_PACKED levels, DELTA_BINARY_PACKED and PLAIN booleans.
 * None allocates; none reads outside the bytes it is given: the
 * unpackers load 8 bytes at a time, so near the end of the input they
 * work on a zero-padded copy instead.
 */
#include <string.h>

#include "decode.h"

/* The 8 bytes at p as a little-endian number. */
static inline uint64_t
load_le64(const unsigned char *p)
{
	uint64_t x;

	memcpy(&x, p, sizeof x);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	x = __builtin_bswap64(x);
#endif
	return x;
}

/* Store x at p as 8 little-endian bytes. */
static inline void
store_le64(unsigned char *p, uint64_t x)
{
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	x = __builtin_bswap64(x);
#endif
	memcpy(p, &x, sizeof x);
}

/* A ULEB128 number of at most 64 bits at p[*at..len): 0 with *at past
 * it, or -1 when it is cut short or too large. */
static int
uleb(const unsigned char *p, size_t len, size_t *at, uint64_t *v)
{
	uint64_t x = 0;

	for (int shift = 0;; shift += 7) {
		if (*at >= len || (shift == 63 && p[*at] > 1))
			return -1;
		unsigned char b = p[(*at)++];
		x |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*v = x;
			return 0;
		}
	}
}

/* Zigzag decoding, in two's complement as a uint64_t. */
static inline uint64_t
unzigzag(uint64_t v)
{
	return (v >> 1) ^ (0 - (v & 1));
}

/* ---- the RLE / bit-packing hybrid ------------------------------------- */

/* Store v as element i of out, an array of `size`-byte elements (1:
 * uint8_t, 4: uint32_t). */
static inline __attribute__((always_inline)) void
store(void *out, size_t i, uint32_t v, int size)
{
	if (size == 1)
		((uint8_t *)out)[i] = (uint8_t)v;
	else
		((uint32_t *)out)[i] = v;
}

/* Elements 0..count of out (as for store) set to v. */
static inline __attribute__((always_inline)) void
fill(void *out, size_t count, uint32_t v, int size)
{
	if (size == 1) {
		memset(out, (int)v, count);
		return;
	}
	uint32_t *o = out;
	for (size_t i = 0; i < count; i++)
		o[i] = v;
}

/* Unpack `groups` groups of 8 values of `width` (1..32) bits, packed
 * LSB first in `width` bytes a group, from in into out[0..8 * groups)
 * (as for store). Each value is taken from the 8 bytes that start at
 * its first byte (at 8 bits or less, a whole group from one load), so
 * up to 7 bytes after the last group are read, not used: the caller
 * makes sure they are there. With `width` a constant and the loops
 * over a group unrolled (gcc -O2 would keep them), the shifts and
 * masks are immediates. */
static inline __attribute__((always_inline)) void
unpack_groups(const unsigned char *in, size_t groups, int width, void *out,
	      int size)
{
	const uint64_t mask = ((uint64_t)1 << width) - 1;

	for (size_t g = 0; g < groups; g++, in += width) {
		if (width <= 8) {
			uint64_t word = load_le64(in);
#pragma GCC unroll 8
			for (int k = 0; k < 8; k++)
				store(out, 8 * g + (size_t)k,
				      (uint32_t)(word >> (k * width) & mask),
				      size);
			continue;
		}
#pragma GCC unroll 8
		for (int k = 0; k < 8; k++) {
			int bit = k * width;
			uint64_t word = load_le64(in + bit / 8);
			store(out, 8 * g + (size_t)k,
			      (uint32_t)(word >> (bit % 8) & mask), size);
		}
	}
}

#define UNPACK_CASE(w, size) \
	case w: unpack_groups(in, groups, w, out, size); break;

/* unpack_groups into uint32_t, one specialised loop per width. */
static void
unpack_u32(const unsigned char *in, size_t groups, int width, uint32_t *out)
{
	switch (width) {
	UNPACK_CASE(1, 4) UNPACK_CASE(2, 4) UNPACK_CASE(3, 4)
	UNPACK_CASE(4, 4) UNPACK_CASE(5, 4) UNPACK_CASE(6, 4)
	UNPACK_CASE(7, 4) UNPACK_CASE(8, 4) UNPACK_CASE(9, 4)
	UNPACK_CASE(10, 4) UNPACK_CASE(11, 4) UNPACK_CASE(12, 4)
	UNPACK_CASE(13, 4) UNPACK_CASE(14, 4) UNPACK_CASE(15, 4)
	UNPACK_CASE(16, 4) UNPACK_CASE(17, 4) UNPACK_CASE(18, 4)
	UNPACK_CASE(19, 4) UNPACK_CASE(20, 4) UNPACK_CASE(21, 4)
	UNPACK_CASE(22, 4) UNPACK_CASE(23, 4) UNPACK_CASE(24, 4)
	UNPACK_CASE(25, 4) UNPACK_CASE(26, 4) UNPACK_CASE(27, 4)
	UNPACK_CASE(28, 4) UNPACK_CASE(29, 4) UNPACK_CASE(30, 4)
	UNPACK_CASE(31, 4) UNPACK_CASE(32, 4)
	}
}

/* unpack_groups into uint8_t (width 1..8). */
static void
unpack_u8(const unsigned char *in, size_t groups, int width, uint8_t *out)
{
	switch (width) {
	UNPACK_CASE(1, 1) UNPACK_CASE(2, 1) UNPACK_CASE(3, 1)
	UNPACK_CASE(4, 1) UNPACK_CASE(5, 1) UNPACK_CASE(6, 1)
	UNPACK_CASE(7, 1) UNPACK_CASE(8, 1)
	}
}

#undef UNPACK_CASE

/* The first `want` values of a bit-packed run into out[0..want) (as for
 * store), from its groups at in[0..avail) (avail may end before the
 * run does). The groups that hold them must be there: 0, or -1. Whole
 * groups with 7 bytes after them are unpacked in place; the others
 * (the last ones of the input, and a group only partly wanted) from a
 * zero-padded copy. */
static inline __attribute__((always_inline)) int
packed_run(const unsigned char *in, size_t avail, size_t want, int width,
	   void *out, int size)
{
	const size_t w = (size_t)width, whole = want / 8,
		     groups = whole + (want % 8 != 0);
	size_t direct;

	if (!w) {
		fill(out, want, 0, size);
		return 0;
	}
	if (groups > avail / w)
		return -1;
	direct = avail >= w + 7 ? (avail - w - 7) / w + 1 : 0;
	if (direct > whole)
		direct = whole;
	if (size == 1)
		unpack_u8(in, direct, width, out);
	else
		unpack_u32(in, direct, width, out);
	for (size_t g = direct; g < groups; g++) {
		unsigned char padded[32 + 7] = { 0 };
		uint32_t v[8];
		size_t k_end = want - 8 * g < 8 ? want - 8 * g : 8;

		memcpy(padded, in + g * w, w);
		unpack_u32(padded, 1, width, v);
		for (size_t k = 0; k < k_end; k++)
			store(out, 8 * g + k, v[k], size);
	}
	return 0;
}

/* pq_hybrid_decode for elements of `size` bytes (as for store). */
static inline __attribute__((always_inline)) int
hybrid(const unsigned char *p, size_t len, int width, void *out, int size,
       size_t n, size_t *used)
{
	size_t at = 0, got = 0;

	if (width < 0 || width > 8 * size)
		return -1;
	const uint32_t max = (uint32_t)(((uint64_t)1 << width) - 1);
	const size_t value_bytes = ((size_t)width + 7) / 8;

	if (width == 0 && len == 0 && n) {
		fill(out, n, 0, size);
		got = n;
	}
	while (got < n) {
		uint64_t h;
		if (uleb(p, len, &at, &h) != 0 || h > UINT32_MAX || h >> 1 == 0)
			return -1;
		uint64_t count = h >> 1, left = n - got;
		size_t avail = len - at;
		void *o = (char *)out + got * (size_t)size;

		if (h & 1) {
			uint64_t bytes = count * (uint64_t)width;
			size_t want = (size_t)(8 * count < left ? 8 * count : left);
			if (packed_run(p + at, avail, want, width, o, size) != 0)
				return -1;
			at += (size_t)(bytes < avail ? bytes : avail);
			got += want;
		} else {
			uint32_t v = 0;
			size_t take = (size_t)(count < left ? count : left);
			if (avail < value_bytes)
				return -1;
			for (size_t k = 0; k < value_bytes; k++)
				v |= (uint32_t)p[at + k] << (8 * k);
			if (v > max)
				return -1;
			at += value_bytes;
			fill(o, take, v, size);
			got += take;
		}
	}
	if (used)
		*used = at;
	return 0;
}

/* See decode.h. */
int
pq_hybrid_decode(const unsigned char *p, size_t len, int width,
		 uint32_t *out, size_t n, size_t *used)
{
	return hybrid(p, len, width, out, 4, n, used);
}

/* See decode.h. */
int
pq_hybrid_decode_u8(const unsigned char *p, size_t len, int width,
		    uint8_t *out, size_t n, size_t *used)
{
	return hybrid(p, len, width, out, 1, n, used);
}

/* ---- BIT_PACKED --------------------------------------------------------- */

/* See decode.h. */
int
pq_bitpacked_decode_u8(const unsigned char *p, size_t len, int width,
		       uint8_t *out, size_t n)
{
	const size_t w = (size_t)width;
	uint32_t window = 0;	/* its low `have` bits are the next ones */
	int have = 0;
	size_t at = 0;

	if (width < 0 || width > 8 || n / 8 * w + (n % 8 * w + 7) / 8 > len)
		return -1;
	const uint32_t mask = (1u << width) - 1;
	for (size_t i = 0; i < n; i++) {
		if (have < width) {
			window = window << 8 | p[at++];
			have += 8;
		}
		have -= width;
		out[i] = (uint8_t)(window >> have & mask);
	}
	return 0;
}

/* ---- DELTA_BINARY_PACKED ------------------------------------------------ */

/* Unpack 32 values of `width` (1..64) bits, packed LSB first in
 * 4 * width bytes at in, into out. Up to 8 bytes after them are read,
 * not used: the caller makes sure they are there. */
static void
unpack32_u64(const unsigned char *in, int width, uint64_t *out)
{
	const uint64_t mask = width == 64 ? UINT64_MAX
					  : ((uint64_t)1 << width) - 1;

	for (int k = 0; k < 32; k++) {
		int bit = k * width, shift = bit % 8;
		uint64_t v = load_le64(in + bit / 8) >> shift;

		if (shift + width > 64)
			v |= (uint64_t)in[bit / 8 + 8] << (64 - shift);
		out[k] = v & mask;
	}
}

/* Is v (two's complement) within int32? */
static inline int
fits_int32(uint64_t v)
{
	return v + 0x80000000u <= UINT32_MAX;
}

/* v as a value of a `bits`-bit column: the low 32 bits, sign-extended,
 * for 32. */
static inline int64_t
column_value(uint64_t v, int bits)
{
	return bits == 32 ? (int64_t)(int32_t)(uint32_t)v : (int64_t)v;
}

/* Decode one miniblock of `size` values (a multiple of 32) of `width`
 * bits at in[0..avail) (its size * width / 8 bytes are there) into
 * out[*got..total), each the one before plus min_delta plus its delta;
 * *prev is the value before, and gets the last. */
static void
miniblock(const unsigned char *in, size_t avail, int width, uint64_t size,
	  uint64_t min_delta, int bits, int64_t *out, size_t *got,
	  size_t total, uint64_t *prev)
{
	const size_t chunk_bytes = 4 * (size_t)width;
	uint64_t deltas[32] = { 0 }, v = *prev;

	for (uint64_t c = 0; c < size / 32 && *got < total; c++) {
		const unsigned char *chunk = in + c * chunk_bytes;
		size_t left = avail - c * chunk_bytes;

		if (width && left >= chunk_bytes + 8) {
			unpack32_u64(chunk, width, deltas);
		} else if (width) {
			unsigned char padded[256 + 8] = { 0 };
			memcpy(padded, chunk, chunk_bytes);
			unpack32_u64(padded, width, deltas);
		}
		size_t take = total - *got < 32 ? total - *got : 32;
		for (size_t k = 0; k < take; k++) {
			v += min_delta + deltas[k];
			out[(*got)++] = column_value(v, bits);
		}
	}
	*prev = v;
}

/* See decode.h. */
int
pq_delta_decode(const unsigned char *p, size_t len, int bits, int64_t *out,
		size_t n, size_t *count, size_t *used)
{
	uint64_t block, minis, total, first, mini, prev, min_delta;
	size_t at = 0, got = 0;

	if (bits != 32 && bits != 64)
		return -1;
	if (uleb(p, len, &at, &block) != 0 || uleb(p, len, &at, &minis) != 0 ||
	    uleb(p, len, &at, &total) != 0 || uleb(p, len, &at, &first) != 0)
		return -1;
	if (block == 0 || block % 128 != 0 || minis == 0 ||
	    block % minis != 0 || (mini = block / minis) % 32 != 0 ||
	    total > n)
		return -1;
	prev = unzigzag(first);
	if (bits == 32 && !fits_int32(prev))
		return -1;
	if (total)
		out[got++] = column_value(prev, bits);
	while (got < total) {
		const unsigned char *widths;

		if (uleb(p, len, &at, &min_delta) != 0)
			return -1;
		min_delta = unzigzag(min_delta);
		if ((bits == 32 && !fits_int32(min_delta)) || len - at < minis)
			return -1;
		widths = p + at;
		at += (size_t)minis;
		for (uint64_t m = 0; m < minis && got < total; m++) {
			int width = widths[m];
			if (width > bits ||
			    (width && mini / 8 > (len - at) / (size_t)width))
				return -1;
			miniblock(p + at, len - at, width, mini, min_delta, bits,
				  out, &got, (size_t)total, &prev);
			at += (size_t)(mini / 8) * (size_t)width;
		}
	}
	*count = (size_t)total;
	if (used)
		*used = at;
	return 0;
}

/* ---- PLAIN booleans ----------------------------------------------------- */

/* See decode.h. */
int
pq_bool_plain_decode(const unsigned char *p, size_t len, uint8_t *out,
		     size_t n)
{
	const uint64_t ones = 0x0101010101010101u;
	const size_t whole = n / 8;

	if (whole + (n % 8 != 0) > len)
		return -1;
	/* the byte in all 8 bytes, byte k keeping its bit k; adding 0x7f
	 * to each byte (no carries: each is at most 0x80) sets its top bit
	 * when that bit was set */
	for (size_t i = 0; i < whole; i++) {
		uint64_t x = (p[i] * ones & 0x8040201008040201u) +
			     0x7f7f7f7f7f7f7f7fu;
		store_le64(out + 8 * i, x >> 7 & ones);
	}
	for (size_t i = 8 * whole; i < n; i++)
		out[i] = p[i / 8] >> (i % 8) & 1;
	return 0;
}
