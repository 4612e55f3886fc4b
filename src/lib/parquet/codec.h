/* SPDX-License-Identifier: MIT */
/*
 * Page compression (Compression.md): raw snappy blocks, gzip (RFC 1952,
 * not zlib) members, zstd frames, or none; and decompression for
 * reading.
 */
#ifndef PARQUET_CODEC_H
#define PARQUET_CODEC_H

#include <stddef.h>

#include "dp.h"
#include "parquet.h"

/* The codec's name, as pq_codec_parse (parquet.h) reads it. */
const char *pq_codec_name(enum pq_codec codec);

struct pq_compressor;

/* A compressor for `codec`; level 0 means the codec's default (zstd 1,
 * gzip 6). */
struct pq_compressor *pq_compressor_new(enum pq_codec codec, int level);
/* Compress n bytes at src. Returns the compressed bytes and sets *outn;
 * the result is src itself for PQ_CODEC_NONE, otherwise valid until the
 * next call. A codec failure is an internal error (exit 5). */
const char *pq_compress(struct pq_compressor *c, const char *src, size_t n,
			size_t *outn);
void pq_compressor_free(struct pq_compressor *c);

/* Decompress src[0..n) with the CompressionCodec `codec` (0 none,
 * 1 snappy, 2 gzip (gzip or zlib framing, concatenated gzip members
 * too), 6 zstd (one frame or more)) into exactly dstn bytes at dst.
 * 0, or -1 with the reason appended to *err: a page that is corrupt or
 * decompresses to another size ("zstd: the page decompresses to 1000
 * bytes, not 4096"), or a codec not supported, named by its number
 * ("codec 3 (LZO) is not supported"). */
int pq_decompress(int codec, const void *src, size_t n, void *dst,
		  size_t dstn, struct dp_buf *err);

#endif
