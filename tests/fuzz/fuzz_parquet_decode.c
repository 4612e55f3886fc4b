/* SPDX-License-Identifier: MIT */
/* Fuzz target: the Parquet reader's decoders (parquet/decode.h) and
 * page decompression (pq_decompress, parquet/codec.h) on any bytes.
 *
 * Input: four bytes, then the encoded data. Byte 0 (mod 4) picks the
 * decoder: the RLE / bit-packing hybrid, DELTA_BINARY_PACKED, PLAIN
 * booleans with BIT_PACKED levels, or decompression. Byte 1 is its
 * parameter: the hybrid's bit width (mod 34, so 33 is there to be
 * refused), the delta column's bits (32 or 64 by its low bit), the
 * BIT_PACKED width (mod 10) or the codec (mod 9). Bytes 2-3 (little
 * endian) are how many values to decode, or the page's size.
 *
 * No decoder may crash or read past the data (libFuzzer hands it over
 * in a buffer of its exact size); results must be in range; the hybrid
 * decoder's values, encoded again by the writer's pq_rle_u32, must
 * decode to themselves, and its byte variant must agree with it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dp.h"
#include "parquet/codec.h"
#include "parquet/decode.h"
#include "parquet/rle.h"

/* The hybrid at `width` on p[0..len) for n values, checked. */
static void
hybrid(const unsigned char *p, size_t len, int width, size_t n)
{
	uint32_t *out = malloc((n ? n : 1) * sizeof *out);
	uint32_t *again = malloc((n ? n : 1) * sizeof *again);
	uint8_t *out8 = malloc(n ? n : 1);
	size_t used = 0, used8 = 0;
	int rc = pq_hybrid_decode(p, len, width, out, n, &used);

	if (width <= 8) {
		int rc8 = pq_hybrid_decode_u8(p, len, width, out8, n, &used8);
		if (rc8 != rc || (rc == 0 && used8 != used))
			abort();
		for (size_t i = 0; rc == 0 && i < n; i++)
			if (out8[i] != out[i])
				abort();
	}
	if (rc == 0) {
		uint32_t max = (uint32_t)(((uint64_t)1 << width) - 1);
		struct dp_buf enc = { 0 };
		size_t used2;

		if (used > len || width < 0 || width > 32)
			abort();
		for (size_t i = 0; i < n; i++)
			if (out[i] > max)
				abort();
		if (width > 0) {
			pq_rle_u32(&enc, out, n, width);
			if (pq_hybrid_decode((unsigned char *)enc.data, enc.len,
					     width, again, n, &used2) != 0 ||
			    used2 != enc.len ||
			    (n && memcmp(again, out, n * sizeof *out) != 0))
				abort();
		}
		dp_buf_free(&enc);
	}
	free(out);
	free(again);
	free(out8);
}

/* DELTA_BINARY_PACKED for a `bits`-bit column, at most n values. */
static void
delta(const unsigned char *p, size_t len, int bits, size_t n)
{
	int64_t *out = malloc((n ? n : 1) * sizeof *out);
	size_t count, used;

	if (pq_delta_decode(p, len, bits, out, n, &count, &used) == 0) {
		if (count > n || used > len)
			abort();
		for (size_t i = 0; bits == 32 && i < count; i++)
			if (out[i] < INT32_MIN || out[i] > INT32_MAX)
				abort();
	}
	free(out);
}

/* PLAIN booleans and BIT_PACKED levels of `width` bits, n of each. */
static void
bool_and_levels(const unsigned char *p, size_t len, int width, size_t n)
{
	uint8_t *out = malloc(n ? n : 1);

	if (pq_bool_plain_decode(p, len, out, n) == 0)
		for (size_t i = 0; i < n; i++)
			if (out[i] > 1)
				abort();
	if (pq_bitpacked_decode_u8(p, len, width, out, n) == 0)
		for (size_t i = 0; i < n; i++)
			if (width > 8 || out[i] >> width)
				abort();
	free(out);
}

/* A page of `codec` decompressed to dstn bytes: a failure says why, a
 * success does not; an uncompressed page is itself. */
static void
decompress(const unsigned char *p, size_t len, int codec, size_t dstn)
{
	char *dst = malloc(dstn ? dstn : 1);
	struct dp_buf err = { 0 };
	int rc = pq_decompress(codec, p, len, dst, dstn, &err);

	if (rc == 0 ? err.len != 0 : err.len == 0)
		abort();
	if (rc == 0 && codec == 0 && (len != dstn || memcmp(dst, p, len)))
		abort();
	dp_buf_free(&err);
	free(dst);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 4)
		return 0;
	const unsigned char *p = data + 4;
	size_t len = size - 4, n = (size_t)data[2] | (size_t)data[3] << 8;

	switch (data[0] % 4) {
	case 0:
		hybrid(p, len, data[1] % 34, n);
		break;
	case 1:
		delta(p, len, data[1] & 1 ? 64 : 32, n);
		break;
	case 2:
		bool_and_levels(p, len, data[1] % 10, n);
		break;
	default:
		decompress(p, len, data[1] % 9, n);
	}
	return 0;
}
