/* SPDX-License-Identifier: MIT */
/*
 * Records to a (partitioned) Parquet dataset: rows are routed to their
 * Hive partition, buffered as column chunks, and flushed as row groups
 * when a partition reaches the row-group size, or early, largest
 * partition first, when all buffers together reach the memory limit.
 * Each partition gets one file per run.
 */
#ifndef PARQUET_WRITER_H
#define PARQUET_WRITER_H

#include <stddef.h>
#include <stdint.h>

#include "dp.h"
#include "codec.h"
#include "dataset.h"
#include "record.h"
#include "schema.h"

struct pq_writer_opts {
	enum pq_codec codec;
	int level;		/* codec level, 0 for its default */
	int64_t row_group_rows;
	int64_t memory_limit;	/* bytes */
	size_t page_size;	/* data page target, bytes */
	int dictionary;		/* use dictionary encoding where it pays */
	const int *partition_by;	/* field indices */
	int npartition;
	const char *existing;	/* --mode append: the dataset whose
				 * partition directories count in the
				 * letter-case check; else NULL */
};

struct pq_writer;

/* A writer for records of schema s into dataset ds. Partition fields
 * are left out of the files. */
struct pq_writer *pq_writer_new(const struct pq_schema *s,
				const struct pq_writer_opts *o,
				struct pq_dataset *ds);
/* Add a converted record. Returns 0, or -1 with the reason in *err when
 * the record cannot go to a partition (a value too long for a directory
 * name). Two partition values that would share a directory on a
 * case-insensitive file system, or one that would share a directory
 * already in o->existing, are fatal (exit 1). */
int pq_writer_add(struct pq_writer *w, const struct pq_record *r,
		  struct dp_buf *err);
/* Flush everything and finish the files (not yet committed). */
void pq_writer_finish(struct pq_writer *w);
/* Print rows, files and bytes per partition and in total to stderr. */
void pq_writer_summary(const struct pq_writer *w, const char *path);
void pq_writer_free(struct pq_writer *w);

#endif
