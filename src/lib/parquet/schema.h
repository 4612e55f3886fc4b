/* SPDX-License-Identifier: MIT */
/*
 * The table schema dp-to-parquet writes: named, typed fields, from
 * the unified schema (dp(7)), a schema file, or inference.
 *
 * Schema file format (also in dp-to-parquet(1)): one field per line,
 *   NAME TYPE [required]
 * TYPE is string, int32, int64, double, float, bool, timestamp,
 * decimal(P,S) (1 <= P <= 18, 0 <= S <= P), or list<T> with T one of
 * those, optionally "list<T not null>" for lists whose elements may not
 * be null. '#' starts a comment; blank lines are ignored.
 */
#ifndef PARQUET_SCHEMA_H
#define PARQUET_SCHEMA_H

#include <stddef.h>

#include "dp.h"
#include "parquet.h"

enum pq_kind {
	PQ_STRING,
	PQ_INT32,
	PQ_INT64,
	PQ_DOUBLE,
	PQ_FLOAT,
	PQ_BOOL,
	PQ_DECIMAL,	/* INT64 unscaled, precision <= 18 */
	PQ_TIMESTAMP	/* INT64 microseconds since the epoch, UTC */
};

/* Parquet physical types (parquet.thrift Type). */
enum pq_physical {
	PQ_T_BOOLEAN = 0,
	PQ_T_INT32 = 1,
	PQ_T_INT64 = 2,
	PQ_T_INT96 = 3,		/* read only */
	PQ_T_FLOAT = 4,
	PQ_T_DOUBLE = 5,
	PQ_T_BYTE_ARRAY = 6,
	PQ_T_FIXED = 7		/* FIXED_LEN_BYTE_ARRAY; read only */
};

struct pq_field {
	char *name;
	enum pq_kind kind;	/* the value's kind; an element's for lists */
	int list;		/* list<kind> */
	int required;		/* the field may not be null or missing */
	int elem_required;	/* list elements may not be null */
	int precision, scale;	/* PQ_DECIMAL */
};

struct pq_schema {
	struct pq_field *fields;
	int n, cap;
	int *slots;		/* name hash table: field index + 1, 0 empty */
	size_t nslots;
};

/* pq_schema_unified, pq_schema_load, pq_schema_format and
 * pq_schema_free are in parquet.h. */
struct pq_schema *pq_schema_new(void);
/* Add a copy of f (its name is copied). Returns 0, or -1 when the name
 * is taken. */
int pq_schema_add(struct pq_schema *s, const struct pq_field *f);
/* The index of the field named by n bytes at name (which may hold NUL
 * bytes: then no field has that name), or -1. */
int pq_schema_find(const struct pq_schema *s, const char *name, size_t n);

/* Parse schema file text; on error returns NULL and puts
 * "LINE: message" in *err. */
struct pq_schema *pq_schema_parse(const char *text, size_t n,
				  struct dp_buf *err);
/* Append a field's type as the schema file spells it. */
void pq_type_name(const struct pq_field *f, struct dp_buf *out);

/* Is `name` a valid field name ([A-Za-z_][A-Za-z0-9_]*, <= 255)? */
int pq_name_ok(const char *name, size_t n);
enum pq_physical pq_kind_physical(enum pq_kind k);
/* Bytes of a PLAIN value of fixed width (booleans count 1, as they are
 * buffered one a byte); 0 for byte arrays. */
int pq_kind_width(enum pq_kind k);

#endif
