/* SPDX-License-Identifier: MIT */
/*
 * Turning JSON number and string texts into column values: integers,
 * decimals (half-up on the exact text), RFC 3339 timestamps; texts of
 * any length, read exactly.
 */
#ifndef PARQUET_VALUE_H
#define PARQUET_VALUE_H

#include <stddef.h>
#include <stdint.h>

/* An integer JSON number text (digits, no fraction or exponent) within
 * int64: 0 and *out, or -1. */
int pq_parse_int64(const char *p, size_t n, int64_t *out);

/* A JSON number text of any form and length ("3", "3.0", "0.3e1") as
 * an int64, read exactly: 0 and *out; 1 when the value is not an
 * integer; -1 when it is an integer outside int64. */
int pq_parse_integer(const char *p, size_t n, int64_t *out);

/* The JSON number text p[0..n) (valid syntax, any length) as an
 * unscaled decimal with `scale` digits after the point, rounded half-up
 * (away from zero) on the exact text: 1.005 gives 101 at scale 2, and
 * 1.00499999999999989 gives 100. Returns 0; -1 when the rounded value
 * does not fit `precision` (at most 18) digits. *inexact tells whether
 * non-zero digits were dropped (may be NULL). */
int pq_decimal(const char *p, size_t n, int precision, int scale,
	       int64_t *out, int *inexact);

/* An RFC 3339 timestamp ("2026-11-25T11:42:30.123456Z", 'T', 't' or a
 * space between date and time, an optional fraction, 'Z' or a +HH:MM
 * offset) as microseconds since 1970-01-01T00:00:00Z. Returns 0, or -1
 * with *why set. Fractions beyond microseconds must be zeros. */
int pq_timestamp(const char *p, size_t n, int64_t *micros, const char **why);

/* Days since 1970-01-01 of a proleptic Gregorian date. */
int64_t pq_days_from_civil(int64_t y, unsigned m, unsigned d);

#endif
