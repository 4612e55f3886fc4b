/* SPDX-License-Identifier: MIT */
/*
 * Thrift compact protocol, encoding only, as much as Parquet's metadata
 * needs (apache/thrift doc/specs/thrift-compact-protocol.md).
 *
 * A struct is opened with pq_thrift_begin (as a field) or
 * pq_thrift_push (the top level, or a list element) and closed with
 * pq_thrift_end, which writes the stop byte. Fields must be written in
 * ascending id order within a struct.
 */
#ifndef PARQUET_THRIFT_H
#define PARQUET_THRIFT_H

#include <stddef.h>
#include <stdint.h>

#include "dp.h"

/* Compact wire types. */
enum {
	PQ_CT_TRUE = 1,
	PQ_CT_FALSE = 2,
	PQ_CT_I8 = 3,
	PQ_CT_I16 = 4,
	PQ_CT_I32 = 5,
	PQ_CT_I64 = 6,
	PQ_CT_DOUBLE = 7,
	PQ_CT_BINARY = 8,
	PQ_CT_LIST = 9,
	PQ_CT_STRUCT = 12
};

#define PQ_THRIFT_DEPTH 16

struct pq_thrift {
	struct dp_buf *out;
	int depth;			/* open structs */
	int16_t last[PQ_THRIFT_DEPTH];	/* last field id per open struct */
};

/* Start writing to `out` (appending). */
void pq_thrift_init(struct pq_thrift *t, struct dp_buf *out);

/* Raw encodings. */
void pq_varint(struct dp_buf *b, uint64_t v);
uint64_t pq_zigzag(int64_t v);
void pq_thrift_list_header(struct dp_buf *b, int elem_type, size_t n);

/* A field header (short form when the id delta is 1..15). */
void pq_thrift_field(struct pq_thrift *t, int id, int type);

void pq_thrift_i8(struct pq_thrift *t, int id, int8_t v);
void pq_thrift_i16(struct pq_thrift *t, int id, int16_t v);
void pq_thrift_i32(struct pq_thrift *t, int id, int32_t v);
void pq_thrift_i64(struct pq_thrift *t, int id, int64_t v);
void pq_thrift_bool(struct pq_thrift *t, int id, int v);
void pq_thrift_binary(struct pq_thrift *t, int id, const void *p, size_t n);
void pq_thrift_string(struct pq_thrift *t, int id, const char *s);

/* A struct-valued field: its header, then a new field-id scope. */
void pq_thrift_begin(struct pq_thrift *t, int id);
/* A struct without a field header (top level, list element). */
void pq_thrift_push(struct pq_thrift *t);
/* Close the innermost struct: stop byte, scope popped. */
void pq_thrift_end(struct pq_thrift *t);
/* A field holding an empty struct (a union member such as STRING{}). */
void pq_thrift_empty(struct pq_thrift *t, int id);

/* A list-valued field of n elements of elem_type; the caller writes the
 * elements (raw values, or pushed structs). */
void pq_thrift_list(struct pq_thrift *t, int id, int elem_type, size_t n);
/* List elements. */
void pq_thrift_elem_i32(struct pq_thrift *t, int32_t v);
void pq_thrift_elem_string(struct pq_thrift *t, const char *s);

#endif
