/* SPDX-License-Identifier: MIT */
/* Unit tests of the Parquet reader's decoders (parquet/decode.h) and
 * page decompression (pq_decompress, parquet/codec.h): round trips
 * through the writer's encoders and compressors, the examples of
 * Encodings.md, DELTA_BINARY_PACKED from an encoder written here, and
 * every prefix of valid input, each copied into a buffer of its exact
 * size so that the sanitizer build sees any read past its end. */
#include <stdlib.h>

#include <zlib.h>
#include <zstd.h>

#include "dp.h"
#include "parquet/codec.h"
#include "parquet/decode.h"
#include "parquet/rle.h"
#include "parquet/thrift.h"
#include "unit.h"

/* xorshift64*: the same numbers on every run. */
static uint64_t
rnd(void)
{
	static uint64_t s = 0x9e3779b97f4a7c15u;

	s ^= s >> 12;
	s ^= s << 25;
	s ^= s >> 27;
	return s * 0x2545f4914f6cdd1du;
}

/* A malloc'd copy of p[0..n), exactly n bytes. */
static unsigned char *
exact(const void *p, size_t n)
{
	unsigned char *c = malloc(n ? n : 1);

	if (n)
		memcpy(c, p, n);
	return c;
}

/* The largest value of `width` bits (0..32). */
static uint32_t
max_of(int width)
{
	return (uint32_t)(((uint64_t)1 << width) - 1);
}

/* n values of `width` bits in one of four shapes: random, runs of
 * random lengths, alternating 0 and the maximum, all the maximum. */
static void
make_values(uint32_t *v, size_t n, int width, int shape)
{
	uint32_t m = max_of(width), cur = 0;
	size_t left = 0;

	for (size_t i = 0; i < n; i++) {
		switch (shape) {
		case 0:
			v[i] = (uint32_t)rnd() & m;
			break;
		case 1:
			if (!left) {
				cur = (uint32_t)rnd() & m;
				left = 1 + rnd() % 40;
			}
			v[i] = cur;
			left--;
			break;
		case 2:
			v[i] = i % 2 ? m : 0;
			break;
		default:
			v[i] = m;
		}
	}
}

/* Decode enc (copied to an exact buffer) as n values of `width` bits,
 * into uint32_t and, for width <= 8, bytes: 1 when both give v and use
 * every byte. */
static int
hybrid_matches(const struct dp_buf *enc, const uint32_t *v, size_t n,
	       int width)
{
	unsigned char *p = exact(enc->data, enc->len);
	uint32_t *out = malloc((n ? n : 1) * sizeof *out);
	uint8_t *out8 = malloc(n ? n : 1);
	size_t used = 0;
	int ok = pq_hybrid_decode(p, enc->len, width, out, n, &used) == 0 &&
		 used == enc->len &&
		 (n == 0 || memcmp(out, v, n * sizeof *v) == 0);

	if (ok && width <= 8) {
		ok = pq_hybrid_decode_u8(p, enc->len, width, out8, n,
					 &used) == 0 && used == enc->len;
		for (size_t i = 0; ok && i < n; i++)
			ok = out8[i] == v[i];
	}
	free(p);
	free(out);
	free(out8);
	return ok;
}

/* Every proper prefix of enc fails to give n values. */
static int
hybrid_prefixes_fail(const struct dp_buf *enc, size_t n, int width)
{
	uint32_t *out = malloc((n ? n : 1) * sizeof *out);
	int ok = 1;

	for (size_t k = 0; ok && k < enc->len; k++) {
		unsigned char *p = exact(enc->data, k);
		size_t used;
		ok = pq_hybrid_decode(p, k, width, out, n, &used) == -1;
		free(p);
	}
	free(out);
	return ok;
}

static void
test_hybrid_round_trip(void)
{
	static const char *shapes[] = { "random", "runs", "alternating",
					"all equal" };
	uint32_t *v = malloc(2000 * sizeof *v);
	uint8_t *v8 = malloc(2000);
	struct dp_buf enc = { 0 };
	char name[128];

	for (int width = 1; width <= 32; width++)
		for (int shape = 0; shape < 4; shape++) {
			int ok = 1;
			for (size_t n = 0; n <= 2000;
			     n += n < 70 ? 1 : 97 + n % 13) {
				make_values(v, n, width, shape);
				enc.len = 0;
				pq_rle_u32(&enc, v, n, width);
				ok &= hybrid_matches(&enc, v, n, width);
				if (width > 8)
					continue;
				for (size_t i = 0; i < n; i++)
					v8[i] = (uint8_t)v[i];
				enc.len = 0;
				pq_rle_u8(&enc, v8, n, width);
				ok &= hybrid_matches(&enc, v, n, width);
			}
			snprintf(name, sizeof name,
				 "hybrid round trip, width %d, %s", width,
				 shapes[shape]);
			CHECK(name, ok);
		}

	/* the first values only: the run that holds the last is longer */
	int ok = 1;
	for (int width = 1; width <= 32; width++) {
		uint32_t out[300];
		size_t used;
		make_values(v, 300, width, (int)(rnd() % 2));
		enc.len = 0;
		pq_rle_u32(&enc, v, 300, width);
		for (size_t n = 0; n <= 300; n += 1 + rnd() % 23)
			ok &= pq_hybrid_decode((unsigned char *)enc.data,
					       enc.len, width, out, n,
					       &used) == 0 &&
			      used <= enc.len &&
			      (n == 0 || memcmp(out, v, n * sizeof *v) == 0);
	}
	CHECK("hybrid: the first n values of longer runs", ok);

	/* data page v1 levels: the length prefix says the bytes used */
	ok = 1;
	for (int width = 1; width <= 8; width++) {
		size_t used;
		uint32_t len;
		uint8_t out[777];
		for (size_t i = 0; i < 777; i++)
			v8[i] = (uint8_t)(rnd() % (max_of(width) + 1) *
					  (rnd() % 3 == 0));
		enc.len = 0;
		pq_levels(&enc, v8, 777, width);
		memcpy(&len, enc.data, 4);
		ok &= len == enc.len - 4 &&
		      pq_hybrid_decode_u8((unsigned char *)enc.data + 4, len,
					  width, out, 777, &used) == 0 &&
		      used == len && memcmp(out, v8, 777) == 0;
	}
	CHECK("hybrid: data page v1 levels", ok);

	/* every prefix of an encoding fails */
	ok = 1;
	for (int width = 1; width <= 32; width++) {
		size_t n = 1 + rnd() % 300;
		make_values(v, n, width, (int)(rnd() % 4));
		enc.len = 0;
		pq_rle_u32(&enc, v, n, width);
		ok &= hybrid_prefixes_fail(&enc, n, width);
	}
	CHECK("hybrid: every prefix fails, none reads past its end", ok);
	dp_buf_free(&enc);
	free(v);
	free(v8);
}

/* Decode the bytes s[0..len) as n values of width bits: 0 with out and
 * *used set, or -1. */
static int
hybrid_bytes(const char *s, size_t len, int width, uint32_t *out, size_t n,
	     size_t *used)
{
	unsigned char *p = exact(s, len);
	int rc = pq_hybrid_decode(p, len, width, out, n, used);

	free(p);
	return rc;
}

static void
test_hybrid_vectors(void)
{
	uint32_t out[64];
	uint8_t out8[64];
	size_t used = 99;
	int ok;

	/* Encodings.md: 0..7 at width 3, one bit-packed group */
	ok = hybrid_bytes("\x03\x88\xc6\xfa", 4, 3, out, 8, &used) == 0 &&
	     used == 4;
	for (uint32_t i = 0; ok && i < 8; i++)
		ok = out[i] == i;
	CHECK("hybrid: Encodings.md's 0..7 at width 3", ok);
	CHECK("hybrid: the same into bytes",
	      pq_hybrid_decode_u8((const unsigned char *)"\x03\x88\xc6\xfa",
				  4, 3, out8, 8, &used) == 0 &&
	      used == 4 && out8[0] == 0 && out8[7] == 7);

	/* an RLE run: header 5 << 1, one value byte */
	ok = hybrid_bytes("\x0a\x07", 2, 3, out, 5, &used) == 0 && used == 2;
	for (int i = 0; ok && i < 5; i++)
		ok = out[i] == 7;
	CHECK("hybrid: RLE run of five 7s", ok);
	CHECK("hybrid: RLE value of width 9 in two little-endian bytes",
	      hybrid_bytes("\x04\x2c\x01", 3, 9, out, 2, &used) == 0 &&
	      used == 3 && out[0] == 300 && out[1] == 300);
	CHECK("hybrid: RLE value of width 32",
	      hybrid_bytes("\x02\xfe\xff\xff\xff", 5, 32, out, 1, &used) == 0 &&
	      used == 5 && out[0] == 0xfffffffeu);
	CHECK("hybrid: bit-packed width 32",
	      hybrid_bytes("\x03\x01\0\0\0\x02\0\0\0\x03\0\0\0\x04\0\0\0"
			   "\x05\0\0\0\x06\0\0\0\x07\0\0\0\xff\xff\xff\xff",
			   33, 32, out, 8, &used) == 0 &&
	      used == 33 && out[0] == 1 && out[6] == 7 &&
	      out[7] == 0xffffffffu);
	CHECK("hybrid: RLE run then bit-packed group",
	      hybrid_bytes("\x06\x01\x03\xff", 4, 1, out, 11, &used) == 0 &&
	      used == 4 && out[0] == 1 && out[2] == 1 && out[3] == 1 &&
	      out[10] == 1);
	CHECK("hybrid: a two-byte run header (200 values)",
	      hybrid_bytes("\x90\x03\x01", 3, 1, out, 64, &used) == 0 &&
	      used == 3 && out[63] == 1);
	CHECK("hybrid: a longer RLE run fills the request",
	      hybrid_bytes("\xc8\x01\x05", 3, 3, out, 10, &used) == 0 &&
	      used == 3 && out[9] == 5);
	CHECK("hybrid: bytes after the values are not used",
	      hybrid_bytes("\x0a\x07\x0a\x07", 4, 3, out, 5, &used) == 0 &&
	      used == 2);
	CHECK("hybrid: a bit-packed run longer than the request",
	      hybrid_bytes("\x05\xff\xff", 3, 1, out, 3, &used) == 0 &&
	      used == 3 && out[2] == 1);
	CHECK("hybrid: its groups past the request may be missing",
	      hybrid_bytes("\x05\xff", 2, 1, out, 8, &used) == 0 &&
	      used == 2 && out[7] == 1);
	CHECK("hybrid: but not those holding values",
	      hybrid_bytes("\x05\xff", 2, 1, out, 9, &used) == -1);
	CHECK("hybrid: n = 0 reads nothing",
	      hybrid_bytes("", 0, 5, out, 0, &used) == 0 && used == 0);
	CHECK("hybrid: used may be NULL",
	      hybrid_bytes("\x0a\x07", 2, 3, out, 5, NULL) == 0);

	/* width 0: no input, or runs whose values take no bytes */
	out[0] = out[4] = 9;
	CHECK("hybrid: width 0 and no input gives zeros",
	      hybrid_bytes("", 0, 0, out, 5, &used) == 0 && used == 0 &&
	      out[0] == 0 && out[4] == 0);
	out[0] = out[4] = 9;
	CHECK("hybrid: width 0, an RLE run",
	      hybrid_bytes("\x0a", 1, 0, out, 5, &used) == 0 && used == 1 &&
	      out[0] == 0 && out[4] == 0);
	CHECK("hybrid: width 0, a bit-packed run",
	      hybrid_bytes("\x03", 1, 0, out, 5, &used) == 0 && used == 1);
	CHECK("hybrid: width 0, runs too short",
	      hybrid_bytes("\x04", 1, 0, out, 5, &used) == -1);

	/* errors */
	CHECK("hybrid: width 33", hybrid_bytes("\x02\0\0\0\0\0", 6, 33, out, 1,
					       &used) == -1);
	CHECK("hybrid: width -1", hybrid_bytes("\x02", 1, -1, out, 1,
					       &used) == -1);
	CHECK("hybrid: width 9 into bytes",
	      pq_hybrid_decode_u8((const unsigned char *)"\x02\x01\x00", 3, 9,
				  out8, 1, &used) == -1);
	CHECK("hybrid: the runs end early",
	      hybrid_bytes("\x0a\x07", 2, 3, out, 6, &used) == -1);
	CHECK("hybrid: no input", hybrid_bytes("", 0, 3, out, 1, &used) == -1);
	CHECK("hybrid: a truncated header",
	      hybrid_bytes("\x80", 1, 3, out, 1, &used) == -1);
	CHECK("hybrid: a truncated RLE value",
	      hybrid_bytes("\x02\x01", 2, 9, out, 1, &used) == -1);
	CHECK("hybrid: a truncated group",
	      hybrid_bytes("\x03\x88\xc6", 3, 3, out, 8, &used) == -1);
	CHECK("hybrid: an RLE value past the width",
	      hybrid_bytes("\x02\x08", 2, 3, out, 1, &used) == -1);
	CHECK("hybrid: an RLE value past width 9",
	      hybrid_bytes("\x02\x00\x02", 3, 9, out, 1, &used) == -1);
	CHECK("hybrid: an RLE run of no values",
	      hybrid_bytes("\x00\x01\x02\x01", 4, 1, out, 1, &used) == -1);
	CHECK("hybrid: a bit-packed run of no groups",
	      hybrid_bytes("\x01\x02\x01", 3, 1, out, 1, &used) == -1);
	CHECK("hybrid: a run header beyond 32 bits",
	      hybrid_bytes("\x80\x80\x80\x80\x10\x01", 6, 1, out, 1,
			   &used) == -1);
	CHECK("hybrid: the largest run header",
	      hybrid_bytes("\xfe\xff\xff\xff\x0f\x01", 6, 1, out, 4,
			   &used) == 0 && used == 6 && out[3] == 1);
	CHECK("hybrid: a varint of 11 bytes",
	      hybrid_bytes("\x82\x80\x80\x80\x80\x80\x80\x80\x80\x80\x00\x01",
			   12, 1, out, 1, &used) == -1);
}

/* BIT_PACKED of v[0..n): MSB first, a bit at a time. */
static void
msb_pack(struct dp_buf *b, const uint8_t *v, size_t n, int width)
{
	size_t bytes = (n * (size_t)width + 7) / 8, bit = 0;
	unsigned char *o;

	dp_buf_reserve(b, bytes);
	o = (unsigned char *)b->data + b->len;
	memset(o, 0, bytes);
	for (size_t i = 0; i < n; i++)
		for (int k = width - 1; k >= 0; k--, bit++)
			if (v[i] >> k & 1)
				o[bit / 8] |= (unsigned char)(0x80 >> bit % 8);
	b->len += bytes;
}

static void
test_bitpacked(void)
{
	uint8_t out[600], v[600];
	struct dp_buf enc = { 0 };
	int ok = 1, prefixes = 1;

	ok = pq_bitpacked_decode_u8((const unsigned char *)"\x05\x39\x77", 3,
				    3, out, 8) == 0;
	for (int i = 0; ok && i < 8; i++)
		ok = out[i] == i;
	CHECK("BIT_PACKED: Encodings.md's 0..7 at width 3", ok);

	ok = 1;
	for (int width = 0; width <= 8; width++)
		for (size_t n = 0; n <= 600; n += 1 + n / 10) {
			for (size_t i = 0; i < n; i++)
				v[i] = (uint8_t)(rnd() & max_of(width));
			enc.len = 0;
			msb_pack(&enc, v, n, width);
			unsigned char *p = exact(enc.data, enc.len);
			ok &= pq_bitpacked_decode_u8(p, enc.len, width, out,
						     n) == 0 &&
			      (n == 0 || memcmp(out, v, n) == 0);
			free(p);
			if (width == 0 || n > 100)
				continue;
			for (size_t k = 0; k < enc.len; k++) {
				p = exact(enc.data, k);
				prefixes &= pq_bitpacked_decode_u8(p, k, width,
								   out, n) == -1;
				free(p);
			}
		}
	CHECK("BIT_PACKED: round trip at widths 0..8", ok);
	CHECK("BIT_PACKED: every prefix fails", prefixes);
	CHECK("BIT_PACKED: width 9",
	      pq_bitpacked_decode_u8((const unsigned char *)"\0\0", 2, 9, out,
				     1) == -1);
	dp_buf_free(&enc);
}

static void
test_bool(void)
{
	uint8_t v[300], out[300];
	struct dp_buf enc = { 0 };
	int ok = 1, prefixes = 1, rle = 1;

	for (size_t n = 0; n <= 300; n++) {
		for (size_t i = 0; i < n; i++)
			v[i] = rnd() % 3 == 0;
		enc.len = 0;
		pq_bool_plain(&enc, v, n);
		unsigned char *p = exact(enc.data, enc.len);
		ok &= pq_bool_plain_decode(p, enc.len, out, n) == 0 &&
		      (n == 0 || memcmp(out, v, n) == 0);
		free(p);
		if (enc.len) {
			p = exact(enc.data, enc.len - 1);
			prefixes &= pq_bool_plain_decode(p, enc.len - 1, out,
							 n) == -1;
			free(p);
		}
		/* RLE booleans: the hybrid at width 1 */
		enc.len = 0;
		pq_rle_u8(&enc, v, n, 1);
		size_t used;
		p = exact(enc.data, enc.len);
		rle &= pq_hybrid_decode_u8(p, enc.len, 1, out, n, &used) == 0 &&
		       used == enc.len && (n == 0 || memcmp(out, v, n) == 0);
		free(p);
	}
	CHECK("PLAIN booleans: round trip, lengths 0..300", ok);
	CHECK("PLAIN booleans: one byte short fails", prefixes);
	CHECK("RLE booleans: round trip", rle);
	CHECK("PLAIN booleans: bit order",
	      pq_bool_plain_decode((const unsigned char *)"\x81\x02", 2, out,
				   10) == 0 &&
	      out[0] == 1 && out[1] == 0 && out[7] == 1 && out[8] == 0 &&
	      out[9] == 1);
	dp_buf_free(&enc);
}

/* ---- DELTA_BINARY_PACKED ------------------------------------------------ */

/* Bits needed for x. */
static int
width64(uint64_t x)
{
	return x ? 64 - __builtin_clzll(x) : 0;
}

/* Append the `width`-bit value x at bit *bit of o (zeroed), LSB first. */
static void
put_bits(unsigned char *o, size_t *bit, uint64_t x, int width)
{
	for (int k = 0; k < width; k++, (*bit)++)
		if (x >> k & 1)
			o[*bit / 8] |= (unsigned char)(1u << *bit % 8);
}

/* DELTA_BINARY_PACKED of v[0..n) for a `bits`-bit column, `block`
 * values a block in `minis` miniblocks. With `junk`, the padding bits
 * of the last miniblock and the bit widths of miniblocks without
 * values are random, as readers must accept. */
static void
delta_encode(struct dp_buf *b, const int64_t *v, size_t n, int bits,
	     size_t block, size_t minis, int junk)
{
	size_t mini = block / minis;
	uint64_t *rel = malloc(block * sizeof *rel);

	pq_varint(b, block);
	pq_varint(b, minis);
	pq_varint(b, n);
	pq_varint(b, pq_zigzag(n ? v[0] : 0));
	for (size_t start = 1; start < n; start += block) {
		size_t count = n - start < block ? n - start : block;
		int64_t min = INT64_MAX;

		for (size_t i = 0; i < count; i++) {
			uint64_t d = (uint64_t)v[start + i] -
				     (uint64_t)v[start + i - 1];
			if (bits == 32)
				d = (uint64_t)(int64_t)(int32_t)(uint32_t)d;
			rel[i] = d;
			if ((int64_t)d < min)
				min = (int64_t)d;
		}
		pq_varint(b, pq_zigzag(min));
		int widths[64];
		for (size_t m = 0; m < minis; m++) {
			uint64_t all = 0;
			for (size_t i = m * mini; i < (m + 1) * mini && i < count;
			     i++)
				all |= rel[i] - (uint64_t)min;
			widths[m] = m * mini < count ? width64(all)
				     : junk ? (int)(rnd() & 0xff) : 0;
			dp_buf_addc(b, (char)widths[m]);
		}
		for (size_t m = 0; m < minis && m * mini < count; m++) {
			size_t bytes = mini / 8 * (size_t)widths[m], bit = 0;
			uint64_t mask = widths[m] == 64 ? UINT64_MAX
				: ((uint64_t)1 << widths[m]) - 1;
			dp_buf_reserve(b, bytes);
			unsigned char *o = (unsigned char *)b->data + b->len;
			memset(o, 0, bytes);
			for (size_t i = m * mini; i < (m + 1) * mini; i++)
				put_bits(o, &bit, i < count
					 ? rel[i] - (uint64_t)min
					 : junk ? rnd() & mask : 0, widths[m]);
			b->len += bytes;
		}
	}
	free(rel);
}

/* Decode enc (copied to an exact buffer) for a `bits`-bit column: 1
 * when it gives v[0..n) and uses every byte. */
static int
delta_matches(const struct dp_buf *enc, const int64_t *v, size_t n, int bits)
{
	unsigned char *p = exact(enc->data, enc->len);
	int64_t *out = malloc((n ? n : 1) * sizeof *out);
	size_t count = 99, used = 0;
	int ok = pq_delta_decode(p, enc->len, bits, out, n, &count,
				 &used) == 0 &&
		 count == n && used == enc->len &&
		 (n == 0 || memcmp(out, v, n * sizeof *v) == 0);

	free(p);
	free(out);
	return ok;
}

/* n values for a `bits`-bit column in one of five shapes: random over
 * the whole range, a small random walk, increasing, constant, and the
 * extremes. */
static void
make_delta_values(int64_t *v, size_t n, int bits, int shape)
{
	int64_t lo = bits == 32 ? INT32_MIN : INT64_MIN,
		hi = bits == 32 ? INT32_MAX : INT64_MAX;
	int64_t walk = (int64_t)(rnd() % 1000) - 500;

	for (size_t i = 0; i < n; i++) {
		switch (shape) {
		case 0:
			v[i] = bits == 32 ? (int64_t)(int32_t)(uint32_t)rnd()
					  : (int64_t)rnd();
			break;
		case 1:
			walk += (int64_t)(rnd() % 21) - 10;
			v[i] = walk;
			break;
		case 2:
			v[i] = (int64_t)i * 1000 + (int64_t)(rnd() % 100);
			break;
		case 3:
			v[i] = -7;
			break;
		default: {
			static const int pick[] = { 0, 1, 1, 0, 2, 1, 0, 0 };
			int k = pick[(i + rnd() % 2) % 8];
			v[i] = k == 0 ? lo : k == 1 ? hi : 0;
		}
		}
	}
}

static void
test_delta_vectors(void)
{
	int64_t out[16];
	size_t count, used;
	unsigned char *p;

	/* Encodings.md's examples with a block of 128 in 4 miniblocks of
	 * 32 (its blocks of 8 are for show, and invalid) */
	p = exact("\x80\x01\x04\x05\x02" "\x02\0\0\0\0", 10);
	CHECK("delta: 1, 2, 3, 4, 5",
	      pq_delta_decode(p, 10, 32, out, 16, &count, &used) == 0 &&
	      count == 5 && used == 10 && out[0] == 1 && out[4] == 5);
	free(p);
	p = exact("\x80\x01\x04\x08\x0e" "\x03\x02\0\0\0"
		  "\xc0\x3f\0\0\0\0\0\0", 18);
	CHECK("delta: 7, 5, 3, 1, 2, 3, 4, 5",
	      pq_delta_decode(p, 18, 64, out, 8, &count, &used) == 0 &&
	      count == 8 && used == 18 && out[0] == 7 && out[1] == 5 &&
	      out[3] == 1 && out[4] == 2 && out[7] == 5);
	free(p);
	p = exact("\x80\x01\x04\x08\x0e" "\x03\x02\xff\x41\x63"
		  "\xc0\x3f\xa0\0\0\0\x55\xff", 18);
	CHECK("delta: any padding, any widths for miniblocks without values",
	      pq_delta_decode(p, 18, 32, out, 8, &count, &used) == 0 &&
	      count == 8 && used == 18 && out[7] == 5);
	free(p);
	p = exact("\x80\x01\x04\x01\x0d", 5);
	CHECK("delta: one value is the header alone",
	      pq_delta_decode(p, 5, 32, out, 1, &count, &used) == 0 &&
	      count == 1 && used == 5 && out[0] == -7);
	free(p);
	p = exact("\x80\x01\x04\x00\x00", 5);
	CHECK("delta: no values",
	      pq_delta_decode(p, 5, 64, out, 0, &count, &used) == 0 &&
	      count == 0 && used == 5);
	free(p);

	/* errors */
#define DELTA_FAILS(name, s, bits) do { \
	p = exact(s, sizeof s - 1); \
	CHECK(name, pq_delta_decode(p, sizeof s - 1, bits, out, 16, &count, \
				    &used) == -1); \
	free(p); \
} while (0)
	DELTA_FAILS("delta: block size not a multiple of 128",
		    "\x08\x01\x05\x02" "\x02\0", 32);
	DELTA_FAILS("delta: block size 0", "\x00\x01\x01\x02", 32);
	DELTA_FAILS("delta: no miniblocks", "\x80\x01\x00\x01\x02", 32);
	DELTA_FAILS("delta: miniblock count not a divisor",
		    "\x80\x01\x03\x01\x02", 32);
	DELTA_FAILS("delta: miniblocks of 16 values",
		    "\x80\x01\x08\x01\x02", 32);
	DELTA_FAILS("delta: more values than asked for",
		    "\x80\x01\x04\x11\x02", 64);
	DELTA_FAILS("delta: a bit width past 32 for INT32",
		    "\x80\x01\x01\x02\x02\x02\x21", 32);
	DELTA_FAILS("delta: a bit width past 64",
		    "\x80\x01\x01\x02\x02\x02\x41", 64);
	DELTA_FAILS("delta: a first value past int32",
		    "\x80\x01\x04\x01\x80\x80\x80\x80\x10", 32);
	DELTA_FAILS("delta: a min delta past int32",
		    "\x80\x01\x04\x02\x02\x80\x80\x80\x80\x10\0\0\0\0", 32);
	DELTA_FAILS("delta: a varint past 64 bits",
		    "\x80\x01\x04\x01\xff\xff\xff\xff\xff\xff\xff\xff\xff\x02",
		    64);
	DELTA_FAILS("delta: a miniblock cut short",
		    "\x80\x01\x04\x08\x0e" "\x03\x02\0\0\0" "\xc0\x3f\0\0\0\0\0",
		    64);
	DELTA_FAILS("delta: bit widths cut short",
		    "\x80\x01\x04\x08\x0e" "\x03\x02\0\0", 64);
	DELTA_FAILS("delta: a miniblock size past the input",
		    "\x80\x80\x80\x80\x80\x80\x80\x80\x40\x01\x02\x02\x02\x40",
		    64);
#undef DELTA_FAILS
	CHECK("delta: bits 16",
	      pq_delta_decode((const unsigned char *)"\x80\x01\x04\x01\x02", 5,
			      16, out, 16, &count, &used) == -1);
}

static void
test_delta_round_trip(void)
{
	static const size_t layouts[][2] = {
		{ 128, 4 }, { 128, 1 }, { 256, 8 }, { 512, 4 }, { 1024, 32 }
	};
	int64_t *v = malloc(2100 * sizeof *v);
	struct dp_buf enc = { 0 };
	char name[128];

	for (int bits = 32; bits <= 64; bits += 32)
		for (int shape = 0; shape < 5; shape++) {
			int ok = 1;
			for (size_t l = 0; l < 5; l++)
				for (size_t n = 0; n <= 2100;
				     n += n < 300 ? 1 + n / 40 : 257) {
					make_delta_values(v, n, bits, shape);
					enc.len = 0;
					delta_encode(&enc, v, n, bits,
						     layouts[l][0],
						     layouts[l][1], n % 2);
					ok &= delta_matches(&enc, v, n, bits);
				}
			snprintf(name, sizeof name,
				 "delta round trip, %d bits, shape %d", bits,
				 shape);
			CHECK(name, ok);
		}

	/* the extremes: INT64_MIN after INT64_MAX is a delta of 1 */
	int64_t ext[] = { INT64_MAX, INT64_MIN, INT64_MAX, 0, INT64_MIN, -1,
			  INT64_MIN, INT64_MIN, INT64_MAX };
	enc.len = 0;
	delta_encode(&enc, ext, 9, 64, 128, 4, 0);
	CHECK("delta: INT64 extremes wrap", delta_matches(&enc, ext, 9, 64));
	int64_t ext32[] = { INT32_MAX, INT32_MIN, INT32_MAX, 0, INT32_MIN };
	enc.len = 0;
	delta_encode(&enc, ext32, 5, 32, 128, 4, 0);
	CHECK("delta: INT32 extremes wrap at 32 bits",
	      delta_matches(&enc, ext32, 5, 32));

	/* every prefix fails; bytes after the run are not used */
	int ok = 1;
	for (int k = 0; k < 12; k++) {
		size_t n = 1 + rnd() % 400, count, used;
		int bits = k % 2 ? 64 : 32;
		int64_t *out = malloc(n * sizeof *out);
		make_delta_values(v, n, bits, k % 5);
		enc.len = 0;
		delta_encode(&enc, v, n, bits, 128, 4, 1);
		for (size_t len = 0; len < enc.len; len++) {
			unsigned char *p = exact(enc.data, len);
			ok &= pq_delta_decode(p, len, bits, out, n, &count,
					      &used) == -1;
			free(p);
		}
		dp_buf_add(&enc, "\x01\x02\x03", 3);
		ok &= pq_delta_decode((unsigned char *)enc.data, enc.len, bits,
				      out, n, &count, &used) == 0 &&
		      used == enc.len - 3 && count == n;
		free(out);
	}
	CHECK("delta: every prefix fails, none reads past its end", ok);
	dp_buf_free(&enc);
	free(v);
}

/* ---- pq_decompress ------------------------------------------------------ */

/* n bytes that compress somewhat: words from a small set. */
static void
make_text(char *s, size_t n)
{
	static const char *words[] = { "parquet ", "page ", "dictionary ",
				       "level ", "zstd ", "x", "\n" };

	for (size_t i = 0; i < n; i++) {
		const char *w = words[rnd() % 7];
		for (; *w && i < n; w++)
			s[i++] = *w;
		if (i < n)
			s[i] = (char)rnd();
	}
}

/* pq_decompress of src[0..n) (copied to an exact buffer) into an exact
 * buffer of dstn bytes: its result, the message in *err (emptied
 * first), and whether the output is want[0..dstn). */
static int
decompress(int codec, const void *src, size_t n, size_t dstn,
	   struct dp_buf *err, const char *want, int *same)
{
	unsigned char *p = exact(src, n);
	char *dst = malloc(dstn ? dstn : 1);
	int rc;

	err->len = 0;
	rc = pq_decompress(codec, p, n, dst, dstn, err);
	*same = rc == 0 && want && memcmp(dst, want, dstn) == 0;
	free(p);
	free(dst);
	return rc;
}

static void
test_decompress_codec(enum pq_codec codec, const char *text, size_t tn)
{
	static const size_t sizes[] = { 0, 1, 1000, 100000 };
	struct pq_compressor *c = pq_compressor_new(codec, 0);
	struct dp_buf err = { 0 }, want = { 0 };
	const char *name = pq_codec_name(codec);
	char check[160];
	int same, ok = 1;

	for (size_t i = 0; i < 4; i++) {
		size_t n, size = sizes[i] < tn ? sizes[i] : tn;
		const char *z = pq_compress(c, text, size, &n);
		ok &= decompress(codec, z, n, size, &err, text, &same) == 0 &&
		      same && err.len == 0;
	}
	snprintf(check, sizeof check, "%s: round trip", name);
	CHECK(check, ok);

	size_t n;
	const char *z = pq_compress(c, text, 1000, &n);
	char *copy = dp_xmalloc(n);
	memcpy(copy, z, n);

	snprintf(check, sizeof check, "%s: a page one byte longer", name);
	dp_buf_printf(&want, "%s: the page decompresses to 1000 bytes, "
		      "not 1001", name);
	if (codec == PQ_CODEC_NONE) {
		want.len = 0;
		dp_buf_adds(&want, "uncompressed: the page is 1000 bytes, "
			    "not 1001");
	}
	CHECK(check, decompress(codec, copy, n, 1001, &err, NULL, &same) == -1);
	CHECK_STR(check, dp_buf_cstr(&err), dp_buf_cstr(&want));

	snprintf(check, sizeof check, "%s: a page one byte shorter", name);
	CHECK(check, decompress(codec, copy, n, 999, &err, NULL, &same) == -1);
	want.len = 0;
	if (codec == PQ_CODEC_NONE)
		dp_buf_adds(&want, "uncompressed: the page is 1000 bytes, "
			    "not 999");
	else if (codec == PQ_CODEC_GZIP)
		dp_buf_adds(&want, "gzip: the page decompresses to more than "
			    "999 bytes");
	else
		dp_buf_printf(&want, "%s: the page decompresses to 1000 bytes, "
			      "not 999", name);
	CHECK_STR(check, dp_buf_cstr(&err), dp_buf_cstr(&want));

	/* every prefix fails */
	ok = 1;
	for (size_t k = 0; k < n; k++)
		ok &= decompress(codec, copy, k, 1000, &err, NULL, &same) == -1 &&
		      err.len > 0;
	snprintf(check, sizeof check, "%s: every prefix fails", name);
	CHECK(check, ok);

	/* corrupt bytes: a failure says why; gzip's CRC catches any
	 * change to the data (not to its header's time stamp), but none,
	 * snappy and zstd (without checksums) may take some for other
	 * data */
	ok = 1;
	for (int k = 0; k < 300; k++) {
		size_t at = rnd() % n;
		char was = copy[at];
		copy[at] ^= (char)(1 + rnd() % 255);
		int rc = decompress(codec, copy, n, 1000, &err, text, &same);
		ok &= rc == 0 ? err.len == 0 && (codec != PQ_CODEC_GZIP || same)
			      : err.len > 0;
		copy[at] = was;
	}
	snprintf(check, sizeof check, "%s: corrupt bytes", name);
	CHECK(check, ok);
	free(copy);
	dp_buf_free(&err);
	dp_buf_free(&want);
	pq_compressor_free(c);
}

static void
test_decompress(void)
{
	static const enum pq_codec codecs[] = { PQ_CODEC_NONE, PQ_CODEC_SNAPPY,
						PQ_CODEC_GZIP, PQ_CODEC_ZSTD };
	size_t tn = 100000, n1, n2;
	char *text = dp_xmalloc(tn);
	struct dp_buf err = { 0 }, two = { 0 };
	int same;

	make_text(text, tn);
	for (size_t i = 0; i < 4; i++)
		test_decompress_codec(codecs[i], text, tn);

	/* two gzip members, and a zlib stream */
	struct pq_compressor *c = pq_compressor_new(PQ_CODEC_GZIP, 0);
	const char *z = pq_compress(c, text, 600, &n1);
	dp_buf_add(&two, z, n1);
	z = pq_compress(c, text + 600, 400, &n2);
	dp_buf_add(&two, z, n2);
	CHECK("gzip: two members",
	      decompress(PQ_CODEC_GZIP, two.data, two.len, 1000, &err, text,
			 &same) == 0 && same);
	CHECK("gzip: two members, the page one byte shorter",
	      decompress(PQ_CODEC_GZIP, two.data, two.len, 999, &err, NULL,
			 &same) == -1);
	dp_buf_add(&two, "\0\0", 2);
	CHECK("gzip: bytes after the members",
	      decompress(PQ_CODEC_GZIP, two.data, two.len, 1000, &err, NULL,
			 &same) == -1);
	CHECK_STR("gzip: they are corruption", dp_buf_cstr(&err),
		  "gzip: the page is corrupt");
	pq_compressor_free(c);

	uLongf zn = compressBound(1000);
	unsigned char *zl = dp_xmalloc(zn);
	CHECK("zlib: compress2", compress2(zl, &zn, (const Bytef *)text, 1000,
					   6) == Z_OK);
	CHECK("gzip: a zlib stream",
	      decompress(PQ_CODEC_GZIP, zl, zn, 1000, &err, text, &same) == 0 &&
	      same);
	free(zl);

	/* two zstd frames, and a frame that does not say its size */
	c = pq_compressor_new(PQ_CODEC_ZSTD, 0);
	two.len = 0;
	z = pq_compress(c, text, 600, &n1);
	dp_buf_add(&two, z, n1);
	z = pq_compress(c, text + 600, 400, &n2);
	dp_buf_add(&two, z, n2);
	CHECK("zstd: two frames",
	      decompress(PQ_CODEC_ZSTD, two.data, two.len, 1000, &err, text,
			 &same) == 0 && same);
	CHECK("zstd: two frames, the page one byte longer",
	      decompress(PQ_CODEC_ZSTD, two.data, two.len, 1001, &err, NULL,
			 &same) == -1);
	CHECK_STR("zstd: two frames, the message", dp_buf_cstr(&err),
		  "zstd: the page decompresses to 1000 bytes, not 1001");
	CHECK("zstd: two frames, the page shorter than the first",
	      decompress(PQ_CODEC_ZSTD, two.data, two.len, 500, &err, NULL,
			 &same) == -1);
	CHECK_STR("zstd: two frames, the message", dp_buf_cstr(&err),
		  "zstd: the page decompresses to more than 500 bytes");
	pq_compressor_free(c);

	ZSTD_CCtx *cc = ZSTD_createCCtx();
	size_t bound = ZSTD_compressBound(1000);
	char *zs = dp_xmalloc(bound);
	ZSTD_outBuffer out = { zs, bound, 0 };
	ZSTD_inBuffer in = { text, 1000, 0 };
	ZSTD_CCtx_setParameter(cc, ZSTD_c_contentSizeFlag, 0);
	CHECK("zstd: a frame without its size",
	      ZSTD_compressStream2(cc, &out, &in, ZSTD_e_end) == 0 &&
	      ZSTD_getFrameContentSize(zs, out.pos) ==
		      ZSTD_CONTENTSIZE_UNKNOWN &&
	      decompress(PQ_CODEC_ZSTD, zs, out.pos, 1000, &err, text,
			 &same) == 0 && same);
	CHECK("zstd: a frame without its size, the page longer",
	      decompress(PQ_CODEC_ZSTD, zs, out.pos, 999, &err, NULL,
			 &same) == -1);
	CHECK_STR("zstd: a frame without its size, the message",
		  dp_buf_cstr(&err),
		  "zstd: the page decompresses to more than 999 bytes");
	CHECK("zstd: a frame without its size, the page shorter",
	      decompress(PQ_CODEC_ZSTD, zs, out.pos, 1001, &err, NULL,
			 &same) == -1);
	CHECK_STR("zstd: a frame without its size, the message",
		  dp_buf_cstr(&err),
		  "zstd: the page decompresses to 1000 bytes, not 1001");
	free(zs);
	ZSTD_freeCCtx(cc);

	/* codecs not supported */
	static const struct {
		int codec;
		const char *msg;
	} unsupported[] = {
		{ 3, "codec 3 (LZO) is not supported" },
		{ 4, "codec 4 (BROTLI) is not supported" },
		{ 5, "codec 5 (LZ4) is not supported" },
		{ 7, "codec 7 (LZ4_RAW) is not supported" },
		{ 8, "codec 8 is not supported" },
		{ -1, "codec -1 is not supported" },
	};
	for (size_t i = 0; i < sizeof unsupported / sizeof *unsupported; i++) {
		CHECK(unsupported[i].msg,
		      decompress(unsupported[i].codec, text, 10, 10, &err, NULL,
				 &same) == -1);
		CHECK_STR(unsupported[i].msg, dp_buf_cstr(&err),
			  unsupported[i].msg);
	}
	CHECK("snappy: garbage",
	      decompress(PQ_CODEC_SNAPPY, "\xff\xff\xff\xff\xff\xff", 6, 10,
			 &err, NULL, &same) == -1);
	CHECK_STR("snappy: garbage, the message", dp_buf_cstr(&err),
		  "snappy: the page is corrupt");
	CHECK("zstd: garbage",
	      decompress(PQ_CODEC_ZSTD, "garbage!", 8, 10, &err, NULL,
			 &same) == -1);
	CHECK_STR("zstd: garbage, the message", dp_buf_cstr(&err),
		  "zstd: the page is corrupt");
	dp_buf_free(&err);
	dp_buf_free(&two);
	free(text);
}

int
main(void)
{
	test_hybrid_round_trip();
	test_hybrid_vectors();
	test_bitpacked();
	test_bool();
	test_delta_vectors();
	test_delta_round_trip();
	test_decompress();
	return unit_failures ? 1 : 0;
}
