/* SPDX-License-Identifier: MIT */
/* Page codecs: snappy, gzip, zstd; compression and decompression. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <snappy-c.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#include "codec.h"

struct pq_compressor {
	enum pq_codec codec;
	int level;
	struct dp_buf out;
	ZSTD_CCtx *zstd;
	z_stream z;
	int z_ready;
};

/* See codec.h. */
int
pq_codec_parse(const char *name, enum pq_codec *codec)
{
	if (!strcmp(name, "snappy"))
		*codec = PQ_CODEC_SNAPPY;
	else if (!strcmp(name, "zstd"))
		*codec = PQ_CODEC_ZSTD;
	else if (!strcmp(name, "gzip"))
		*codec = PQ_CODEC_GZIP;
	else if (!strcmp(name, "none") || !strcmp(name, "uncompressed"))
		*codec = PQ_CODEC_NONE;
	else
		return -1;
	return 0;
}

/* See codec.h. */
const char *
pq_codec_name(enum pq_codec codec)
{
	switch (codec) {
	case PQ_CODEC_SNAPPY: return "snappy";
	case PQ_CODEC_GZIP: return "gzip";
	case PQ_CODEC_ZSTD: return "zstd";
	default: return "none";
	}
}

/* See codec.h. */
struct pq_compressor *
pq_compressor_new(enum pq_codec codec, int level)
{
	struct pq_compressor *c = dp_xmalloc(sizeof *c);

	memset(c, 0, sizeof *c);
	c->codec = codec;
	c->level = level;
	if (codec == PQ_CODEC_ZSTD) {
		c->zstd = ZSTD_createCCtx();
		if (!c->zstd)
			dp_die(DP_EXIT_INTERNAL, "zstd: cannot create context");
		if (!c->level)
			c->level = 1;
	}
	if (codec == PQ_CODEC_GZIP && !c->level)
		c->level = 6;
	return c;
}

/* One gzip member (windowBits 15 + 16) of the whole input. */
static size_t
gzip(struct pq_compressor *c, const char *src, size_t n)
{
	z_stream *z = &c->z;
	uLong bound;

	if (!c->z_ready) {
		if (deflateInit2(z, c->level, Z_DEFLATED, 15 + 16, 8,
				 Z_DEFAULT_STRATEGY) != Z_OK)
			dp_die(DP_EXIT_INTERNAL, "zlib: deflateInit2 failed");
		c->z_ready = 1;
	} else if (deflateReset(z) != Z_OK) {
		dp_die(DP_EXIT_INTERNAL, "zlib: deflateReset failed");
	}
	bound = deflateBound(z, (uLong)n) + 32;
	c->out.len = 0;
	dp_buf_reserve(&c->out, bound);
	z->next_in = (Bytef *)(uintptr_t)src;
	z->avail_in = (uInt)n;
	z->next_out = (Bytef *)c->out.data;
	z->avail_out = (uInt)bound;
	if (deflate(z, Z_FINISH) != Z_STREAM_END)
		dp_die(DP_EXIT_INTERNAL, "zlib: deflate failed");
	return (size_t)(bound - z->avail_out);
}

/* See codec.h. */
const char *
pq_compress(struct pq_compressor *c, const char *src, size_t n, size_t *outn)
{
	size_t bound, len;

	switch (c->codec) {
	case PQ_CODEC_SNAPPY:
		bound = snappy_max_compressed_length(n);
		c->out.len = 0;
		dp_buf_reserve(&c->out, bound);
		len = bound;
		if (snappy_compress(src, n, c->out.data, &len) != SNAPPY_OK)
			dp_die(DP_EXIT_INTERNAL, "snappy: compression failed");
		break;
	case PQ_CODEC_ZSTD:
		bound = ZSTD_compressBound(n);
		c->out.len = 0;
		dp_buf_reserve(&c->out, bound);
		len = ZSTD_compressCCtx(c->zstd, c->out.data, bound, src, n,
					c->level);
		if (ZSTD_isError(len))
			dp_die(DP_EXIT_INTERNAL, "zstd: %s",
			       ZSTD_getErrorName(len));
		break;
	case PQ_CODEC_GZIP:
		len = gzip(c, src, n);
		break;
	default:
		*outn = n;
		return src;
	}
	*outn = len;
	return c->out.data;
}

/* See codec.h. */
void
pq_compressor_free(struct pq_compressor *c)
{
	if (!c)
		return;
	if (c->zstd)
		ZSTD_freeCCtx(c->zstd);
	if (c->z_ready)
		deflateEnd(&c->z);
	dp_buf_free(&c->out);
	free(c);
}

/* ---- decompression ------------------------------------------------------ */

/* A raw snappy block of exactly dstn bytes: 0, or -1 with *err. */
static int
unsnappy(const char *src, size_t n, char *dst, size_t dstn,
	 struct dp_buf *err)
{
	size_t len;

	if (snappy_uncompressed_length(src, n, &len) != SNAPPY_OK) {
		dp_buf_adds(err, "snappy: the page is corrupt");
		return -1;
	}
	if (len != dstn) {
		dp_buf_printf(err, "snappy: the page decompresses to %zu bytes, "
			      "not %zu", len, dstn);
		return -1;
	}
	if (snappy_uncompress(src, n, dst, &len) != SNAPPY_OK || len != dstn) {
		dp_buf_adds(err, "snappy: the page is corrupt");
		return -1;
	}
	return 0;
}

/* One or more zstd frames of exactly dstn bytes in all: 0, or -1 with
 * *err. A first frame that says its size is checked before any work. */
static int
unzstd(const void *src, size_t n, void *dst, size_t dstn, struct dp_buf *err)
{
	unsigned long long first = ZSTD_getFrameContentSize(src, n);
	size_t got;

	if (first == ZSTD_CONTENTSIZE_ERROR) {
		dp_buf_adds(err, "zstd: the page is corrupt");
		return -1;
	}
	if (first != ZSTD_CONTENTSIZE_UNKNOWN && first != dstn &&
	    ZSTD_findFrameCompressedSize(src, n) == n) {
		dp_buf_printf(err, "zstd: the page decompresses to %llu bytes, "
			      "not %zu", first, dstn);
		return -1;
	}
	if (first != ZSTD_CONTENTSIZE_UNKNOWN && first > dstn) {
		dp_buf_printf(err, "zstd: the page decompresses to more than "
			      "%zu bytes", dstn);
		return -1;
	}
	got = ZSTD_decompress(dst, dstn, src, n);
	if (ZSTD_isError(got)) {
		if (ZSTD_getErrorCode(got) == ZSTD_error_dstSize_tooSmall)
			dp_buf_printf(err, "zstd: the page decompresses to more "
				      "than %zu bytes", dstn);
		else
			dp_buf_adds(err, "zstd: the page is corrupt");
		return -1;
	}
	if (got != dstn) {
		dp_buf_printf(err, "zstd: the page decompresses to %zu bytes, "
			      "not %zu", got, dstn);
		return -1;
	}
	return 0;
}

/* gzip members (or a zlib stream: windowBits 15 + 32 tells them apart)
 * of exactly dstn bytes in all: 0, or -1 with *err. Once dst is full,
 * one more byte of room tells a page that is longer. */
static int
ungzip(const void *src, size_t n, void *dst, size_t dstn, struct dp_buf *err)
{
	z_stream z;
	unsigned char extra;
	int ret, spilled = 0;

	if (n > UINT_MAX || dstn > UINT_MAX) {
		dp_buf_adds(err, "gzip: the page is too large");
		return -1;
	}
	memset(&z, 0, sizeof z);
	if (inflateInit2(&z, 15 + 32) != Z_OK)
		dp_die(DP_EXIT_INTERNAL, "zlib: inflateInit2 failed");
	z.next_in = (Bytef *)(uintptr_t)src;
	z.avail_in = (uInt)n;
	z.next_out = dst;
	z.avail_out = (uInt)dstn;
	do {
		if (z.avail_out == 0 && !spilled) {
			z.next_out = &extra;
			z.avail_out = 1;
			spilled = 1;
		}
		ret = inflate(&z, Z_NO_FLUSH);
		if (ret == Z_STREAM_END && z.avail_in > 0)
			ret = inflateReset(&z);	/* the next member */
	} while (ret == Z_OK && !(spilled && z.avail_out == 0));
	size_t got = spilled ? dstn + 1 - z.avail_out : dstn - z.avail_out;
	inflateEnd(&z);
	if (ret == Z_MEM_ERROR)
		dp_die(DP_EXIT_INTERNAL, "zlib: out of memory");
	if (got > dstn) {
		dp_buf_printf(err, "gzip: the page decompresses to more than "
			      "%zu bytes", dstn);
		return -1;
	}
	if (ret != Z_STREAM_END) {
		dp_buf_adds(err, "gzip: the page is corrupt");
		return -1;
	}
	if (got != dstn) {
		dp_buf_printf(err, "gzip: the page decompresses to %zu bytes, "
			      "not %zu", got, dstn);
		return -1;
	}
	return 0;
}

/* See codec.h. */
int
pq_decompress(int codec, const void *src, size_t n, void *dst, size_t dstn,
	      struct dp_buf *err)
{
	static const char *const unsupported[] = {
		[3] = "LZO", [4] = "BROTLI", [5] = "LZ4", [7] = "LZ4_RAW"
	};

	switch (codec) {
	case PQ_CODEC_NONE:
		if (n != dstn) {
			dp_buf_printf(err, "uncompressed: the page is %zu "
				      "bytes, not %zu", n, dstn);
			return -1;
		}
		if (n)
			memcpy(dst, src, n);
		return 0;
	case PQ_CODEC_SNAPPY:
		return unsnappy(src, n, dst, dstn, err);
	case PQ_CODEC_GZIP:
		return ungzip(src, n, dst, dstn, err);
	case PQ_CODEC_ZSTD:
		return unzstd(src, n, dst, dstn, err);
	}
	if (codec >= 0 && codec < 8 && unsupported[codec])
		dp_buf_printf(err, "codec %d (%s) is not supported", codec,
			      unsupported[codec]);
	else
		dp_buf_printf(err, "codec %d is not supported", codec);
	return -1;
}
