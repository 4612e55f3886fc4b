/* SPDX-License-Identifier: MIT */
/*
 * A Parquet value as JSON text (dp-load-parquet(1), VALUES): integers
 * and reals as numbers (the shortest text that reads back, float32 as
 * float32; NaN and infinities as null), decimals as numbers, dates as
 * "YYYY-MM-DD", timestamps as RFC 3339 with the unit's fraction digits
 * ("Z" when adjusted to UTC), times as "HH:MM:SS.fff" (up to
 * "24:00:00"; "Z" likewise), intervals as ISO 8601 durations ("P1Y2M3DT4H5M6.789S"),
 * UUIDs in their 8-4-4-4-12 form, other bytes as strings.
 */
#ifndef PARQUET_VALUE_JSON_H
#define PARQUET_VALUE_JSON_H

#include <stddef.h>

#include "dp.h"
#include "footer.h"

/* What pq_value_json had to do to a value. */
enum {
	PQ_NOT_UTF8 = 1,	/* bytes that are not UTF-8 replaced by U+FFFD */
	PQ_OUT_OF_RANGE = 2	/* a value its type cannot hold: null */
};

/* Append the value p[0..n) of leaf l (as pq_colreader_next gives it).
 * Returns 0, PQ_NOT_UTF8 or PQ_OUT_OF_RANGE. */
int pq_value_json(struct dp_buf *b, const struct pq_leaf *l,
		  const unsigned char *p, size_t n);

#endif
