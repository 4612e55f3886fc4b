/* SPDX-License-Identifier: MIT */
/*
 * A fast scanner for one NDJSON record (a JSON object on one line), made
 * for columnizing: it finds the top-level members, decodes their string
 * values and the direct elements of their arrays, and only validates
 * (and spans) anything nested deeper. Every string, at any depth, is
 * checked to be valid UTF-8.
 */
#ifndef PARQUET_JSON_H
#define PARQUET_JSON_H

#include <stddef.h>
#include <stdint.h>

enum pq_jtype {
	PQ_J_NULL,
	PQ_J_FALSE,
	PQ_J_TRUE,
	PQ_J_NUMBER,
	PQ_J_STRING,
	PQ_J_ARRAY,
	PQ_J_OBJECT
};

struct pq_jval {
	enum pq_jtype type;
	int is_int;		/* a number without fraction or exponent */
	const char *p;		/* number: its text; string: the decoded
				 * bytes; array, object: the raw text */
	size_t n;
	uint32_t first, count;	/* arrays of a member: the elements are
				 * elems[first .. first + count) */
	const char *raw;	/* the value's raw JSON text */
	size_t rawn;
};

struct pq_jmember {
	const char *key;	/* decoded */
	size_t keylen;
	struct pq_jval val;
};

struct pq_jrec {
	struct pq_jmember *members;
	size_t nmembers, capm;
	struct pq_jval *elems;
	size_t nelems, cape;
	char *arena;		/* decoded strings and compacted texts */
	size_t arena_len, arena_cap;
	char *stack;		/* nesting while skipping */
	size_t stack_cap;
	const char *error;	/* after a failed parse */
	size_t error_col;	/* 1-based byte column */
};

/* Parse the object in line[0..n) (NUL-terminated at n). Returns 0, or
 * -1 with error and error_col set. Results stay valid until the next
 * call. */
int pq_json_parse(struct pq_jrec *r, const char *line, size_t n);

/* Compact JSON text (whitespace outside strings removed) of a value's
 * raw text, in the record's arena. */
const char *pq_json_compact(struct pq_jrec *r, const struct pq_jval *v,
			    size_t *n);

void pq_json_free(struct pq_jrec *r);

#endif
