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
#include "json.h"
#include "parquet.h"
#include "schema.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "dp's Parquet writer stores values in host order: little-endian only"
#endif

/* A value: fixed-width values in v (little-endian, PLAIN order), byte
 * arrays in s/n, lists as elems[first .. first + count). */
struct pq_cell {
	uint8_t present;	/* 0: null (or missing) */
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
	struct pq_jrec json;
	const struct pq_jval **slot;	/* the member of each field */
	struct pq_cell *cells;		/* one per field */
	struct pq_cell *elems;
	size_t nelems, capelems;
	long elem;		/* the list element being converted, or -1 */
	struct pq_schema *unknown;	/* names already warned about */
	unsigned char *inexact_warned;	/* per field: warned about an
					 * integer a double cannot hold */
	struct pq_inexact {		/* such integers of this record, */
		int field;		/* warned about once it is read */
		long elem;
		const struct pq_jval *v;
		double d;
		int is_float;
	} *inexact;
	int ninexact;
	struct dp_buf err;
};

#endif
