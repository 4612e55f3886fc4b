/* SPDX-License-Identifier: MIT */
/* Buffered, hashing output files. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "dp.h"
#include "sink.h"

/* See sink.h. */
void
pq_sink_open(struct pq_sink *s, const char *path)
{
	memset(s, 0, sizeof *s);
	s->path = dp_xstrdup(path);
	s->fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (s->fd < 0)
		dp_die(DP_EXIT_IO, "%s:", path);
	s->hash = XXH3_createState();
	if (!s->hash)
		dp_die(DP_EXIT_INTERNAL, "out of memory");
	XXH3_128bits_reset(s->hash);
}

/* Write out the buffer. */
static void
flush(struct pq_sink *s)
{
	size_t done = 0;

	if (s->fd < 0) {
		s->fd = open(s->path, O_WRONLY | O_APPEND | O_CLOEXEC);
		if (s->fd < 0)
			dp_die(DP_EXIT_IO, "%s:", s->path);
	}
	while (done < s->len) {
		ssize_t w = write(s->fd, s->buf + done, s->len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			dp_die(DP_EXIT_IO, "%s: write error:", s->path);
		done += (size_t)w;
	}
	s->len = 0;
}

/* See sink.h. */
void
pq_sink_write(struct pq_sink *s, const void *p, size_t n)
{
	if (n == 0)
		return;
	XXH3_128bits_update(s->hash, p, n);
	s->offset += n;
	if (!s->buf)
		s->buf = dp_xmalloc(PQ_SINK_BUF);
	if (s->len + n > PQ_SINK_BUF) {
		flush(s);
		if (n >= PQ_SINK_BUF) {
			s->len = 0;
			const unsigned char *q = p;
			while (n > 0) {
				size_t k = n < PQ_SINK_BUF ? n : PQ_SINK_BUF;
				memcpy(s->buf, q, k);
				s->len = k;
				flush(s);
				q += k;
				n -= k;
			}
			return;
		}
	}
	memcpy(s->buf + s->len, p, n);
	s->len += n;
}

/* See sink.h. */
void
pq_sink_suspend(struct pq_sink *s)
{
	if (s->len)
		flush(s);
	if (s->fd >= 0 && close(s->fd) != 0)
		dp_die(DP_EXIT_IO, "%s: close:", s->path);
	s->fd = -1;
	free(s->buf);
	s->buf = NULL;
}

/* See sink.h. */
void
pq_sink_close(struct pq_sink *s, char hex[33])
{
	static const char digits[] = "0123456789abcdef";
	XXH128_canonical_t c;

	flush(s);
	if (fsync(s->fd) != 0 && errno != EINVAL)
		dp_die(DP_EXIT_IO, "%s: fsync:", s->path);
	if (close(s->fd) != 0)
		dp_die(DP_EXIT_IO, "%s: close:", s->path);
	s->fd = -1;
	XXH128_canonicalFromHash(&c, XXH3_128bits_digest(s->hash));
	for (int i = 0; i < 16; i++) {
		hex[2 * i] = digits[c.digest[i] >> 4];
		hex[2 * i + 1] = digits[c.digest[i] & 15];
	}
	hex[32] = '\0';
}

/* See sink.h. */
void
pq_sink_free(struct pq_sink *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
	free(s->path);
	free(s->buf);
	if (s->hash)
		XXH3_freeState(s->hash);
	memset(s, 0, sizeof *s);
	s->fd = -1;
}
