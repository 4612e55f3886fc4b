/* SPDX-License-Identifier: MIT */
/*
 * Column chunks: a leaf column's levels and values buffered for one row
 * group, with a dictionary built on the fly (given up for PLAIN when it
 * outgrows its limit or does not pay), written out as a dictionary page
 * and data pages v1 with exact metadata and statistics.
 */
#ifndef PARQUET_COLUMN_H
#define PARQUET_COLUMN_H

#include <stddef.h>
#include <stdint.h>

#include "dp.h"
#include "codec.h"
#include "schema.h"
#include "sink.h"
#include "thrift.h"

/* Dictionary page size limit (PLAIN bytes), as parquet-mr and Arrow. */
#define PQ_DICT_LIMIT (1024 * 1024)

/* How a leaf column is stored. */
struct pq_colspec {
	const struct pq_field *field;
	enum pq_physical type;
	int width;		/* PLAIN bytes of a fixed-width value; 0 for
				 * byte arrays */
	int max_def, max_rep;
	int def_list;		/* lists: def level of an empty list */
	int dict;		/* may be dictionary-encoded */
	int minmax;		/* min/max statistics */
};

void pq_colspec_init(struct pq_colspec *c, const struct pq_field *f,
		     int allow_dict);

struct pq_dict;

/* One column's buffered row group. */
struct pq_colbuf {
	const struct pq_colspec *spec;
	uint8_t *def, *rep;	/* per level entry, when max_def/max_rep > 0 */
	size_t nlev, levcap;
	size_t nvals;		/* non-null values */
	struct dp_buf plain;	/* PLAIN values (no dictionary) */
	uint32_t *idx;		/* dictionary indices, one per value */
	size_t idxcap;
	struct pq_dict *dict;	/* NULL: PLAIN */
	int want_dict;		/* start each row group with a dictionary */
};

/* Settings and scratch space shared by chunk writers. */
struct pq_pagectx {
	struct pq_compressor *comp;
	enum pq_codec codec;
	size_t page_size;	/* target uncompressed data page bytes */
	size_t page_rows;	/* at most this many rows a page */
	struct dp_buf body, header;
};

void pq_colbuf_init(struct pq_colbuf *b, const struct pq_colspec *spec,
		    int use_dict);

/* Make room for n more level entries. */
static inline void
pq_colbuf_level_room(struct pq_colbuf *b, size_t n)
{
	if (b->nlev + n <= b->levcap)
		return;
	while (b->nlev + n > b->levcap)
		b->levcap = b->levcap ? b->levcap * 2 : 1024;
	if (b->spec->max_def)
		b->def = dp_xrealloc(b->def, b->levcap);
	if (b->spec->max_rep)
		b->rep = dp_xrealloc(b->rep, b->levcap);
}

/* Append one level entry. */
static inline void
pq_colbuf_level(struct pq_colbuf *b, int rep, int def)
{
	pq_colbuf_level_room(b, 1);
	if (b->spec->max_def)
		b->def[b->nlev] = (uint8_t)def;
	if (b->spec->max_rep)
		b->rep[b->nlev] = (uint8_t)rep;
	b->nlev++;
}

/* Append the level entries of a list of n > 0 non-null elements: the
 * first at repetition level 0, the others at 1, all at definition
 * level def. */
void pq_colbuf_levels(struct pq_colbuf *b, size_t n, int def);
/* Append n non-null fixed-width values, PLAIN bytes (n * width). */
void pq_colbuf_values(struct pq_colbuf *b, const void *p, size_t n);

/* Append a non-null value: `width` bytes (fixed width, already in PLAIN
 * byte order), or n bytes of a byte array. */
void pq_colbuf_value(struct pq_colbuf *b, const void *p, size_t n);

/* Bytes of memory the buffer holds (capacity). */
size_t pq_colbuf_mem(const struct pq_colbuf *b);
/* Bytes of buffered data (what the row group holds). */
size_t pq_colbuf_used(const struct pq_colbuf *b);

/* Write the chunk at the sink's offset: the dictionary page, if any, then
 * data pages; append its ColumnChunk struct to t (a list element).
 * Adds the chunk's sizes (headers included) to *compressed and
 * *uncompressed. Then empties the buffer; `release` frees its memory. */
void pq_colbuf_write(struct pq_colbuf *b, struct pq_sink *sink,
		     struct pq_pagectx *ctx, struct pq_thrift *t,
		     int64_t *compressed, int64_t *uncompressed, int release);

/* Free the memory of an empty buffer (nothing buffered is lost only if
 * it was written first). */
void pq_colbuf_release(struct pq_colbuf *b);
void pq_colbuf_free(struct pq_colbuf *b);

#endif
