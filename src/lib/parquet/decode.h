/* SPDX-License-Identifier: MIT */
/*
 * Decoding Parquet's encodings (parquet-format Encodings.md), for
 * reading: the RLE / bit-packing hybrid (levels, dictionary indices,
 * RLE booleans), the deprecated BIT_PACKED levels, DELTA_BINARY_PACKED
 * and PLAIN booleans (page decompression is in codec.h). Every function
 * checks its input against the bytes given and fails, never reads past
 * them; none allocates.
 */
#ifndef PARQUET_DECODE_H
#define PARQUET_DECODE_H

#include <stddef.h>
#include <stdint.h>

/* n values of `width` bits (0..32) of the hybrid encoding (no length
 * prefix) at p[0..len) into out. 0, or -1 when the runs end before n
 * values, a value exceeds the width's range, a run holds no values or
 * more than 2^31 - 1 (its header is not within 32 bits), or the width
 * is out of range. A run may hold more values than are left to read
 * (the last one's padding): it fills out all the same. Width 0 gives n
 * zeros, from runs whose values take no bytes or from an empty input.
 * *used (if not NULL) gets the bytes consumed: the runs read, whole,
 * but for bit-packed groups past the n values that the input ends
 * before. */
int pq_hybrid_decode(const unsigned char *p, size_t len, int width,
		     uint32_t *out, size_t n, size_t *used);
/* The same into bytes, for levels (width 0..8). */
int pq_hybrid_decode_u8(const unsigned char *p, size_t len, int width,
			uint8_t *out, size_t n, size_t *used);
/* BIT_PACKED (deprecated) levels: n values of `width` bits (0..8)
 * packed MSB first, (n * width + 7) / 8 bytes. 0, or -1 when len is
 * less or the width out of range. */
int pq_bitpacked_decode_u8(const unsigned char *p, size_t len, int width,
			   uint8_t *out, size_t n);
/* DELTA_BINARY_PACKED: the values of one encoded run, as many as its
 * header says (more than n is an error), into out; *count gets that
 * count, *used (if not NULL) the bytes consumed: through the padding
 * of the last miniblock that holds values (the miniblocks after it
 * have a bit width but no bytes). 32-bit columns pass bits 32 (the
 * first value and each block's min delta must fit int32, arithmetic
 * wraps at 32 bits as the spec says), 64-bit 64. 0, or -1 when the
 * input ends early, a bit width exceeds `bits`, or the block size is
 * not a multiple of 128 or its miniblocks not of a multiple of 32
 * values. */
int pq_delta_decode(const unsigned char *p, size_t len, int bits,
		    int64_t *out, size_t n, size_t *count, size_t *used);
/* PLAIN booleans: n bits LSB first into 0/1 bytes. 0, or -1 when len
 * is less than (n + 7) / 8. */
int pq_bool_plain_decode(const unsigned char *p, size_t len, uint8_t *out,
			 size_t n);

#endif
