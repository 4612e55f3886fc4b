/* SPDX-License-Identifier: MIT */
/*
 * Parquet's RLE / bit-packing hybrid (Encodings.md "RLE"): repetition
 * and definition levels, dictionary indices, and PLAIN booleans.
 */
#ifndef PARQUET_RLE_H
#define PARQUET_RLE_H

#include <stddef.h>
#include <stdint.h>

#include "dp.h"

/* Bits needed for values 0..max (0 for max 0). */
int pq_bit_width(uint32_t max);

/* Append the hybrid encoding of n values of `width` bits (1..32): an
 * RLE run wherever 8 or more equal values follow one another, groups of
 * 8 bit-packed values (LSB first) elsewhere, the last group padded with
 * zeros. No length prefix. */
void pq_rle_u8(struct dp_buf *b, const uint8_t *v, size_t n, int width);
void pq_rle_u32(struct dp_buf *b, const uint32_t *v, size_t n, int width);

/* Data page v1 levels: a 4-byte little-endian length, then the hybrid
 * encoding of the n levels. */
void pq_levels(struct dp_buf *b, const uint8_t *v, size_t n, int width);

/* PLAIN booleans: n values (0 or 1 bytes) bit-packed LSB first into
 * ceil(n/8) bytes. */
void pq_bool_plain(struct dp_buf *b, const uint8_t *v, size_t n);

#endif
