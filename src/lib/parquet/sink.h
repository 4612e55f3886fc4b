/* SPDX-License-Identifier: MIT */
/*
 * A buffered output file that knows its offset and hashes its bytes
 * (XXH3-128) as they are written, so that a finished file can be named
 * after its content without reading it back.
 */
#ifndef PARQUET_SINK_H
#define PARQUET_SINK_H

#include <stddef.h>
#include <stdint.h>

#define PQ_SINK_BUF (256 * 1024)

struct pq_sink {
	char *path;
	int fd;			/* -1 while suspended */
	uint64_t offset;	/* bytes written so far */
	unsigned char *buf;
	size_t len;
	void *hash;		/* XXH3 state */
};

/* Create `path` (which must not exist). I/O errors exit 3. */
void pq_sink_open(struct pq_sink *s, const char *path);
void pq_sink_write(struct pq_sink *s, const void *p, size_t n);
/* Flush, close the descriptor and free the buffer, keeping the state:
 * many partitions need not hold as many descriptors or buffers. */
void pq_sink_suspend(struct pq_sink *s);
/* Flush, fsync and close; the content's XXH3-128 as 32 lowercase hex
 * digits in canonical (big-endian) order into hex[33]. */
void pq_sink_close(struct pq_sink *s, char hex[33]);
/* Free the memory (after close, or to abandon the file). */
void pq_sink_free(struct pq_sink *s);

#endif
