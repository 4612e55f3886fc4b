/* SPDX-License-Identifier: MIT */
/* Page codecs: snappy, gzip, zstd. */
#include <stdlib.h>
#include <string.h>

#include <snappy-c.h>
#include <zlib.h>
#include <zstd.h>

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
