/* SPDX-License-Identifier: MIT */
/* Parquet files: magic, row groups, footer and schema elements. */
#include <string.h>

#include "file.h"

/* ConvertedType and FieldRepetitionType values of parquet.thrift. */
enum { CT_UTF8 = 0, CT_LIST = 3, CT_DECIMAL = 5, CT_TIMESTAMP_MICROS = 10 };
enum { REQUIRED = 0, OPTIONAL = 1, REPEATED = 2 };

/* See file.h. */
void
pq_file_open(struct pq_file *f, const char *path)
{
	memset(f, 0, sizeof *f);
	pq_sink_open(&f->sink, path);
	pq_sink_write(&f->sink, "PAR1", 4);
}

/* See file.h. */
void
pq_file_rowgroup(struct pq_file *f, struct pq_colbuf *cols, int ncols,
		 int64_t nrows, struct pq_pagectx *ctx, int release)
{
	struct pq_thrift t;
	int64_t compressed = 0, uncompressed = 0;
	int64_t start = (int64_t)f->sink.offset;

	pq_thrift_init(&t, &f->rowgroups);
	pq_thrift_push(&t);			/* RowGroup */
	pq_thrift_list(&t, 1, PQ_CT_STRUCT, (size_t)ncols);
	for (int i = 0; i < ncols; i++)
		pq_colbuf_write(&cols[i], &f->sink, ctx, &t, &compressed,
				&uncompressed, release);
	pq_thrift_i64(&t, 2, uncompressed);	/* total_byte_size */
	pq_thrift_i64(&t, 3, nrows);
	pq_thrift_i64(&t, 5, start);		/* file_offset */
	pq_thrift_i64(&t, 6, compressed);	/* total_compressed_size */
	pq_thrift_end(&t);
	f->nrowgroups++;
	f->nrows += nrows;
}

/* The annotations of a leaf: converted type, scale and precision,
 * logical type. */
static void
annotate(struct pq_thrift *t, const struct pq_field *f)
{
	switch (f->kind) {
	case PQ_STRING:
		pq_thrift_i32(t, 6, CT_UTF8);
		pq_thrift_begin(t, 10);
		pq_thrift_empty(t, 1);		/* STRING */
		pq_thrift_end(t);
		break;
	case PQ_DECIMAL:
		pq_thrift_i32(t, 6, CT_DECIMAL);
		pq_thrift_i32(t, 7, f->scale);
		pq_thrift_i32(t, 8, f->precision);
		pq_thrift_begin(t, 10);
		pq_thrift_begin(t, 5);		/* DECIMAL */
		pq_thrift_i32(t, 1, f->scale);
		pq_thrift_i32(t, 2, f->precision);
		pq_thrift_end(t);
		pq_thrift_end(t);
		break;
	case PQ_TIMESTAMP:
		pq_thrift_i32(t, 6, CT_TIMESTAMP_MICROS);
		pq_thrift_begin(t, 10);
		pq_thrift_begin(t, 8);		/* TIMESTAMP */
		pq_thrift_bool(t, 1, 1);	/* isAdjustedToUTC */
		pq_thrift_begin(t, 2);		/* unit */
		pq_thrift_empty(t, 2);		/* MICROS */
		pq_thrift_end(t);
		pq_thrift_end(t);
		pq_thrift_end(t);
		break;
	default:
		break;
	}
}

/* See file.h. */
void
pq_schema_elements(struct pq_thrift *t, const struct pq_colspec *specs,
		   int ncols)
{
	size_t n = 1;

	for (int i = 0; i < ncols; i++)
		n += specs[i].field->list ? 3 : 1;
	pq_thrift_list(t, 2, PQ_CT_STRUCT, n);
	pq_thrift_push(t);			/* the root */
	pq_thrift_string(t, 4, "schema");
	pq_thrift_i32(t, 5, ncols);
	pq_thrift_end(t);
	for (int i = 0; i < ncols; i++) {
		const struct pq_field *f = specs[i].field;
		if (f->list) {
			pq_thrift_push(t);
			pq_thrift_i32(t, 3, f->required ? REQUIRED : OPTIONAL);
			pq_thrift_string(t, 4, f->name);
			pq_thrift_i32(t, 5, 1);
			pq_thrift_i32(t, 6, CT_LIST);
			pq_thrift_begin(t, 10);
			pq_thrift_empty(t, 3);	/* LIST */
			pq_thrift_end(t);
			pq_thrift_end(t);
			pq_thrift_push(t);
			pq_thrift_i32(t, 3, REPEATED);
			pq_thrift_string(t, 4, "list");
			pq_thrift_i32(t, 5, 1);
			pq_thrift_end(t);
		}
		pq_thrift_push(t);
		pq_thrift_i32(t, 1, specs[i].type);
		pq_thrift_i32(t, 3, (f->list ? f->elem_required : f->required)
			      ? REQUIRED : OPTIONAL);
		pq_thrift_string(t, 4, f->list ? "element" : f->name);
		annotate(t, f);
		pq_thrift_end(t);
	}
}

/* See file.h. */
void
pq_file_finish(struct pq_file *f, const struct pq_colspec *specs, int ncols,
	       const char *schema, char hex[33])
{
	struct dp_buf meta = { 0 };
	struct pq_thrift t;
	unsigned char len[4];

	pq_thrift_init(&t, &meta);
	pq_thrift_i32(&t, 1, 1);		/* version */
	pq_schema_elements(&t, specs, ncols);
	pq_thrift_i64(&t, 3, f->nrows);
	pq_thrift_list(&t, 4, PQ_CT_STRUCT, (size_t)f->nrowgroups);
	if (f->rowgroups.len)
		dp_buf_add(&meta, f->rowgroups.data, f->rowgroups.len);
	pq_thrift_list(&t, 5, PQ_CT_STRUCT, 1);	/* key_value_metadata */
	pq_thrift_push(&t);
	pq_thrift_string(&t, 1, "dp.schema");
	pq_thrift_string(&t, 2, schema);
	pq_thrift_end(&t);
	pq_thrift_string(&t, 6, PQ_CREATED_BY);
	pq_thrift_list(&t, 7, PQ_CT_STRUCT, (size_t)ncols);
	for (int i = 0; i < ncols; i++) {
		pq_thrift_push(&t);
		pq_thrift_empty(&t, 1);		/* TYPE_ORDER */
		pq_thrift_end(&t);
	}
	pq_thrift_end(&t);
	for (int i = 0; i < 4; i++)
		len[i] = (unsigned char)(meta.len >> (8 * i));
	pq_sink_write(&f->sink, meta.data, meta.len);
	pq_sink_write(&f->sink, len, 4);
	pq_sink_write(&f->sink, "PAR1", 4);
	pq_sink_close(&f->sink, hex);
	dp_buf_free(&meta);
}

/* See file.h. */
void
pq_file_free(struct pq_file *f)
{
	pq_sink_free(&f->sink);
	dp_buf_free(&f->rowgroups);
	memset(f, 0, sizeof *f);
	f->sink.fd = -1;
}
