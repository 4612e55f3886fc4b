/* SPDX-License-Identifier: MIT */
/*
 * One NDJSON record converted to the schema's column values: every
 * value checked against its field's type before anything is kept, so
 * that a bad record is rejected whole.
 */
#ifndef PARQUET_RECORD_H
#define PARQUET_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "dp.h"
#include "parquet.h"
#include "schema.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "dp's Parquet writer stores values in host order: little-endian only"
#endif

/* A value: fixed-width values in v (little-endian, PLAIN order), byte
 * arrays in s/n, lists as elems[first .. first + count), or, when
 * dense (a list<float> of reals, a vector), as the floats
 * scan.vec[first .. first + count). */
struct pq_cell {
	uint8_t present;	/* 0: null (or missing) */
	uint8_t dense;
	union {
		int32_t i32;
		int64_t i64;
		float f;
		double d;
		uint8_t b;
	} v;
	const char *s;
	size_t n;
	uint32_t first, count;
};

/* pq_record_new, pq_record_read, pq_record_error and pq_record_free are
 * in parquet.h. */
struct pq_record {
	const struct pq_schema *schema;
	int strict;		/* a field outside the schema is an error */
	struct dp_scan scan;	/* the line, scanned (dp_scan_line_lax) */
	int not_json;		/* the last error: the line is no object */
	const struct dp_jfield **slot;	/* the member of each field */
	struct pq_cell *cells;		/* one per field */
	struct pq_cell *elems;
	size_t nelems, capelems;
	struct dp_buf text;		/* decoded strings, compacted
					 * containers: room for the whole
					 * line, so never moved in a record */
	long elem;		/* the list element being converted, or -1 */
	struct pq_schema *unknown;	/* names already warned about */
	unsigned char *inexact_warned;	/* per field: warned about an
					 * integer a double cannot hold */
	struct pq_inexact {		/* such integers of this record, */
		int field;		/* warned about once it is read */
		long elem;
		struct dp_jspan v;
		double d;
		int is_float;
	} *inexact;
	int ninexact;
	struct dp_buf err;
};

#endif
