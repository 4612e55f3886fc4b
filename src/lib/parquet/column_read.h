/* SPDX-License-Identifier: MIT */
/*
 * Reading one leaf column of one row group, a page at a time: each
 * page is read from the file, decompressed, its levels decoded and its
 * values laid out (dictionary entries looked up, DELTA and
 * BYTE_STREAM_SPLIT undone), so that a reader walks level entries in
 * order. Only the pages of the columns a reader opens are read.
 */
#ifndef PARQUET_COLUMN_READ_H
#define PARQUET_COLUMN_READ_H

#include <stddef.h>
#include <stdint.h>

#include "dp.h"
#include "footer.h"

/* One level entry: its levels and, when def == the leaf's max_def, its
 * value: fixed-width types as `width` bytes (little-endian, as Parquet
 * stores them; a BOOLEAN as one byte 0 or 1), BYTE_ARRAY as n bytes.
 * The pointer is valid until the next call. */
struct pq_entry {
	int rep, def;
	const unsigned char *p;
	size_t n;
};

struct pq_colreader;

/* A reader of leaf `leaf` in row group `rg` of the file open on fd
 * (`path` for messages). Never fails here: errors come from next.
 * With old non-NULL, old itself is made the new reader, keeping its
 * buffers (it is not to be freed). */
struct pq_colreader *pq_colreader_new(int fd, const char *path,
				      const struct pq_footer *f, int rg,
				      int leaf, struct pq_colreader *old);
/* The next entry into *e: 1, 0 at the end of the chunk, or -1 with the
 * reason in *err (a message naming the file, row group and column). */
int pq_colreader_next(struct pq_colreader *c, struct pq_entry *e,
		      struct dp_buf *err);
/* A whole row of a list leaf of fixed-width values (a vector). */
struct pq_row {
	int def;		/* the first entry's definition level: below
				 * the leaf's max_def - 1 a null list or an
				 * empty one, as the caller's schema says */
	size_t n;		/* values (entries that are not null) */
	size_t nulls;		/* entries without a value */
	const unsigned char *p;	/* the n values, contiguous, when nulls is
				 * 0 (valid until the next call) */
};

/* The next row of a list leaf with fixed-width values: 1, 0 at the end
 * of the chunk, or -1 with *err. A row that spans pages is gathered. */
int pq_colreader_row(struct pq_colreader *c, struct pq_row *row,
		     struct dp_buf *err);
/* The next entry's repetition level, without taking it: 0 also at the
 * end of the chunk; -1 with *err on a bad page. */
int pq_colreader_peek_rep(struct pq_colreader *c, struct dp_buf *err);
void pq_colreader_free(struct pq_colreader *c);

#endif
