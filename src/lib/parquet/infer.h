/* SPDX-License-Identifier: MIT */
/*
 * --schema infer: a schema from all the records. A field's type is the
 * narrowest that holds every value it has: int64, widened to double
 * when doubles occur too; bool; string; list<T> by the same rules for
 * the elements. Any other mix (a number and a string, an int beyond
 * int64 and a double, an object, an array and a scalar) becomes a
 * string (JSON text for objects and arrays), and is reported: never a
 * silent narrowing (an integer that a double column cannot hold exactly
 * is reported when the records are written: record.h). Fields
 * keep the order of their first appearance.
 * A key holding a NUL byte names no field.
 */
#ifndef PARQUET_INFER_H
#define PARQUET_INFER_H

#include "dp.h"
#include "schema.h"

struct pq_infer;

struct pq_infer *pq_infer_new(void);
/* Count the kinds of values of one parsed record. */
void pq_infer_record(struct pq_infer *in, const struct dp_scan *rec);
/* The schema; each widening to string is reported on stderr. */
struct pq_schema *pq_infer_schema(struct pq_infer *in);
void pq_infer_free(struct pq_infer *in);

#endif
