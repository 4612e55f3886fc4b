/* SPDX-License-Identifier: MIT */
/*
 * Thrift compact protocol, decoding, for reading Parquet metadata
 * (FileMetaData, PageHeader) from files dp did not necessarily write.
 * Every read is bounds-checked against the buffer; the first problem
 * is kept in `err` and every later read returns zero, so a caller reads
 * a whole struct and checks `err` once. Nesting deeper than
 * PQ_THRIFT_DEPTH and lists longer than the bytes left are errors.
 */
#ifndef PARQUET_THRIFT_READ_H
#define PARQUET_THRIFT_READ_H

#include <stddef.h>
#include <stdint.h>

#include "thrift.h"

struct pq_tread {
	const unsigned char *p, *end;
	int depth;				/* open structs */
	int16_t last[PQ_THRIFT_DEPTH + 1];	/* last field id per struct */
	const char *err;			/* NULL while all is well */
};

/* Start reading p[0..n), outside any struct. */
void pq_tread_init(struct pq_tread *r, const void *p, size_t n);

/* Enter a struct (the top level, a struct field's value or a list
 * element of struct type). */
void pq_tread_begin(struct pq_tread *r);
/* The next field of the innermost struct: 1 with its id and compact
 * type (PQ_CT_*; a bool field's value is its type, PQ_CT_TRUE or
 * PQ_CT_FALSE), or 0 at the stop byte (which leaves the struct) or
 * after an error. */
int pq_tread_field(struct pq_tread *r, int *id, int *type);

/* Values, by compact type. pq_tread_int reads I8 (one byte), I16, I32
 * and I64 (zigzag varints; a value out of the type's range is an
 * error). */
int64_t pq_tread_int(struct pq_tread *r, int type);
double pq_tread_double(struct pq_tread *r);
/* A BINARY (string) value: a pointer into the buffer and its length. */
const unsigned char *pq_tread_binary(struct pq_tread *r, size_t *n);
/* A list (or set) header: the element count, the element type into
 * *elem. A bool list element is one byte, 1 true: read it with
 * pq_tread_int(r, PQ_CT_I8). */
size_t pq_tread_list(struct pq_tread *r, int *elem);
/* Skip a field's value of this compact type (structs, lists, sets and
 * maps recursively; a bool field's value is its type, nothing to
 * skip). */
void pq_tread_skip(struct pq_tread *r, int type);

/* Record an error (the first one stays). */
void pq_tread_fail(struct pq_tread *r, const char *why);
/* Bytes consumed so far. */
size_t pq_tread_used(const struct pq_tread *r, const void *start);

#endif
