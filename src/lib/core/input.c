/* SPDX-License-Identifier: MIT */
/* Input files: plain, gzip or zstd (by magic bytes), or stdin. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>
#include <zstd.h>

#include "dp.h"

#define RAW_BUFSIZE (128 * 1024)

enum codec { CODEC_PLAIN, CODEC_GZIP, CODEC_ZSTD };

struct dp_input {
	int fd;
	const char *name;
	enum codec codec;
	unsigned char *raw;	/* compressed bytes read but not yet used */
	size_t raw_pos, raw_len;
	int raw_eof;
	z_stream z;
	ZSTD_DStream *zs;
	int stream_done;	/* the current gzip member or zstd frame ended */
	char *back;		/* bytes given back by dp_input_unread */
	size_t back_pos, back_len;
	int tracked;		/* counted in the progress report */
};

/* Refill the raw buffer; returns 0 at end of file, -1 on error. */
static int
refill(struct dp_input *in)
{
	ssize_t r;

	if (in->raw_pos < in->raw_len)
		return 1;
	if (in->raw_eof)
		return 0;
	do
		r = read(in->fd, in->raw, RAW_BUFSIZE);
	while (r < 0 && errno == EINTR);
	if (r < 0) {
		dp_warn("%s: read error:", in->name);
		return -1;
	}
	in->raw_pos = 0;
	in->raw_len = (size_t)r;
	if (in->tracked)
		dp_progress_bytes((size_t)r);
	if (r == 0)
		in->raw_eof = 1;
	return r > 0;
}

/* See dp.h. */
struct dp_input *
dp_input_open(const char *path)
{
	struct dp_input *in = dp_xmalloc(sizeof *in);

	memset(in, 0, sizeof *in);
	in->name = strcmp(path, "-") == 0 ? "<stdin>" : path;
	if (strcmp(path, "-") == 0) {
		in->fd = STDIN_FILENO;
	} else {
		in->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (in->fd < 0) {
			dp_warn("%s:", path);
			free(in);
			return NULL;
		}
	}
	in->raw = dp_xmalloc(RAW_BUFSIZE);
	/* Gather enough bytes to see a magic number. */
	while (in->raw_len < 4 && !in->raw_eof) {
		ssize_t r = read(in->fd, in->raw + in->raw_len,
				 RAW_BUFSIZE - in->raw_len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			dp_warn("%s: read error:", in->name);
			dp_input_close(in);
			return NULL;
		}
		if (r == 0)
			in->raw_eof = 1;
		in->raw_len += (size_t)r;
	}
	if (in->raw_len >= 2 && in->raw[0] == 0x1f && in->raw[1] == 0x8b) {
		in->codec = CODEC_GZIP;
		if (inflateInit2(&in->z, 15 + 16) != Z_OK)
			dp_die(DP_EXIT_INTERNAL, "zlib initialisation failed");
	} else if (in->raw_len >= 4 && memcmp(in->raw, "\x28\xb5\x2f\xfd", 4) == 0) {
		in->codec = CODEC_ZSTD;
		in->zs = ZSTD_createDStream();
		if (!in->zs)
			dp_die(DP_EXIT_INTERNAL, "out of memory");
	}
	return in;
}

/* Refill for a decompressor: 1 with bytes to decompress, 0 at the end
 * of the input after a whole member or frame, -1 after a read error or
 * at an end inside one (the data in `format` is truncated). */
static int
refill_stream(struct dp_input *in, const char *format)
{
	int r = refill(in);

	if (r == 0 && !in->stream_done) {
		dp_warn("%s: truncated %s data", in->name, format);
		return -1;
	}
	return r;
}

/* Copy up to n bytes from src[*pos..len) to buf, advancing *pos;
 * returns how many. */
static long
take(void *buf, size_t n, const void *src, size_t *pos, size_t len)
{
	size_t k = len - *pos;

	if (k > n)
		k = n;
	memcpy(buf, (const char *)src + *pos, k);
	*pos += k;
	return (long)k;
}

/* Plain bytes: hand out the raw buffer. */
static long
read_plain(struct dp_input *in, unsigned char *buf, size_t n)
{
	int r = refill(in);

	if (r <= 0)
		return r;
	return take(buf, n, in->raw, &in->raw_pos, in->raw_len);
}

/* gzip, including several concatenated members. */
static long
read_gzip(struct dp_input *in, unsigned char *buf, size_t n)
{
	in->z.next_out = buf;
	in->z.avail_out = (uInt)(n > (1u << 30) ? 1u << 30 : n);
	while (in->z.avail_out > 0) {
		int r = refill_stream(in, "gzip");
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		if (in->stream_done) {	/* another member follows */
			inflateReset(&in->z);
			in->stream_done = 0;
		}
		in->z.next_in = in->raw + in->raw_pos;
		in->z.avail_in = (uInt)(in->raw_len - in->raw_pos);
		int zr = inflate(&in->z, Z_NO_FLUSH);
		in->raw_pos = in->raw_len - in->z.avail_in;
		if (zr == Z_STREAM_END) {
			in->stream_done = 1;
		} else if (zr != Z_OK && zr != Z_BUF_ERROR) {
			dp_warn("%s: corrupt gzip data: %s", in->name,
				in->z.msg ? in->z.msg : "inflate failed");
			return -1;
		}
		if (in->z.next_out != buf)
			break;	/* return what we have */
	}
	return (long)(in->z.next_out - buf);
}

/* zstd, including several concatenated frames. */
static long
read_zstd(struct dp_input *in, unsigned char *buf, size_t n)
{
	ZSTD_outBuffer out = { buf, n, 0 };

	while (out.pos == 0) {
		int r = refill_stream(in, "zstd");
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		ZSTD_inBuffer inb = { in->raw, in->raw_len, in->raw_pos };
		size_t zr = ZSTD_decompressStream(in->zs, &out, &inb);
		in->raw_pos = inb.pos;
		if (ZSTD_isError(zr)) {
			dp_warn("%s: corrupt zstd data: %s", in->name,
				ZSTD_getErrorName(zr));
			return -1;
		}
		in->stream_done = zr == 0;
	}
	return (long)out.pos;
}

/* See dp.h. */
void
dp_input_unread(struct dp_input *in, const void *p, size_t n)
{
	size_t left = in->back_len - in->back_pos;
	char *back = dp_xmalloc(left + n);

	memcpy(back, p, n);
	if (left)
		memcpy(back + n, in->back + in->back_pos, left);
	free(in->back);
	in->back = back;
	in->back_pos = 0;
	in->back_len = left + n;
}

/* See dp.h. */
long
dp_input_read(struct dp_input *in, void *buf, size_t n)
{
	if (in->back_pos < in->back_len)
		return take(buf, n, in->back, &in->back_pos, in->back_len);
	switch (in->codec) {
	case CODEC_GZIP:
		return read_gzip(in, buf, n);
	case CODEC_ZSTD:
		return read_zstd(in, buf, n);
	case CODEC_PLAIN:
		break;
	}
	return read_plain(in, buf, n);
}

/* See dp.h. */
const char *
dp_input_name(const struct dp_input *in)
{
	return in->name;
}

/* See dp.h. The bytes read to find the magic number count too. */
void
dp_input_track(struct dp_input *in)
{
	if (!in->tracked)
		dp_progress_bytes(in->raw_len);
	in->tracked = 1;
}

/* See dp.h. */
void
dp_input_close(struct dp_input *in)
{
	if (!in)
		return;
	if (in->codec == CODEC_GZIP)
		inflateEnd(&in->z);
	if (in->zs)
		ZSTD_freeDStream(in->zs);
	if (in->fd != STDIN_FILENO)
		close(in->fd);
	free(in->raw);
	free(in->back);
	free(in);
}
