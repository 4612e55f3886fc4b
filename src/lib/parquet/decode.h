/* SPDX-License-Identifier: MIT */
/*
 * Decoding Parquet's encodings (parquet-format Encodings.md) and
 * codecs, for reading: the RLE / bit-packing hybrid (levels, dictionary
 * indices, RLE booleans), the deprecated BIT_PACKED levels,
 * DELTA_BINARY_PACKED, PLAIN booleans, and page decompression. Every
 * function checks its input against the bytes given and fails, never
 * reads past them.
 */
#ifndef PARQUET_DECODE_H
#define PARQUET_DECODE_H

#include <stddef.h>
#include <stdint.h>

#include "dp.h"

/* n values of `width` bits (0..32) of the hybrid encoding (no length
 * prefix) at p[0..len) into out. Width 0 gives n zeros. 0, or -1 when
 * the runs end before n values or a value exceeds the width's range.
 * *used (if not NULL) gets the bytes consumed. */
int pq_hybrid_decode(const unsigned char *p, size_t len, int width,
		     uint32_t *out, size_t n, size_t *used);
/* The same into bytes, for levels (width <= 8). */
int pq_hybrid_decode_u8(const unsigned char *p, size_t len, int width,
			uint8_t *out, size_t n, size_t *used);
/* BIT_PACKED (deprecated) levels: n values of `width` bits packed MSB
 * first, (n * width + 7) / 8 bytes. */
int pq_bitpacked_decode_u8(const unsigned char *p, size_t len, int width,
			   uint8_t *out, size_t n);
/* DELTA_BINARY_PACKED: the values of one encoded run, as many as its
 * header says (more than n is an error), into out; *count gets that
 * count, *used the bytes consumed. 32-bit
 * columns pass bits 32 (values must fit int32, arithmetic wraps as the
 * spec says), 64-bit 64. 0, or -1. */
int pq_delta_decode(const unsigned char *p, size_t len, int bits,
		    int64_t *out, size_t n, size_t *count, size_t *used);
/* PLAIN booleans: n bits LSB first into 0/1 bytes. */
int pq_bool_plain_decode(const unsigned char *p, size_t len, uint8_t *out,
			 size_t n);

/* Decompress src[0..n) with the CompressionCodec `codec` (0 none,
 * 1 snappy, 2 gzip (zlib or gzip framing), 6 zstd) into exactly dstn
 * bytes at dst. 0, or -1 with the reason in *err (an unknown codec
 * names its number: "codec 3 (LZO) is not supported"). */
int pq_decompress(int codec, const void *src, size_t n, void *dst,
		  size_t dstn, struct dp_buf *err);

#endif
