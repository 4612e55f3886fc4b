/* SPDX-License-Identifier: MIT */
/*
 * One Parquet file: "PAR1", row groups of column chunks, and the footer
 * (FileMetaData with the schema, row groups, created_by and column
 * orders, its length, "PAR1").
 */
#ifndef PARQUET_FILE_H
#define PARQUET_FILE_H

#include <stdint.h>

#include "dp.h"
#include "column.h"
#include "sink.h"

#define PQ_CREATED_BY "dp-to-parquet version " DP_VERSION

struct pq_file {
	struct pq_sink sink;
	struct dp_buf rowgroups;	/* serialized RowGroup structs */
	int nrowgroups;
	int64_t nrows;
};

/* Create the file at `path` (which must not exist) and write "PAR1". */
void pq_file_open(struct pq_file *f, const char *path);
/* Write a row group of nrows rows from the column buffers (which are
 * emptied; `release` frees their memory). nrows must be > 0. */
void pq_file_rowgroup(struct pq_file *f, struct pq_colbuf *cols, int ncols,
		      int64_t nrows, struct pq_pagectx *ctx, int release);
/* Write the footer for these leaf columns and close the file; its
 * XXH3-128 in hex into hex[33]. `schema`, the dataset's whole schema
 * in schema file format (partition fields too), is kept as the
 * key/value metadata "dp.schema", so that a reader can put partition
 * values back in their place. */
void pq_file_finish(struct pq_file *f, const struct pq_colspec *specs,
		    int ncols, const char *schema, char hex[33]);
/* Free the memory of a finished or abandoned file. */
void pq_file_free(struct pq_file *f);

/* Append the SchemaElement list field (FileMetaData field 2). */
void pq_schema_elements(struct pq_thrift *t, const struct pq_colspec *specs,
			int ncols);

#endif
