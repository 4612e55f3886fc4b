/* SPDX-License-Identifier: MIT */
/* Thrift compact protocol decoder for Parquet metadata. */
#include <string.h>

#include "thrift_read.h"

/* Compact types the encoder never writes but a reader must skip. */
enum { CT_SET = 10, CT_MAP = 11 };

/* See thrift_read.h. */
void
pq_tread_init(struct pq_tread *r, const void *p, size_t n)
{
	r->p = p;
	r->end = r->p + n;
	r->depth = 0;
	r->last[0] = 0;
	r->err = NULL;
}

/* See thrift_read.h. */
void
pq_tread_fail(struct pq_tread *r, const char *why)
{
	if (!r->err)
		r->err = why;
}

/* See thrift_read.h. */
size_t
pq_tread_used(const struct pq_tread *r, const void *start)
{
	return (size_t)(r->p - (const unsigned char *)start);
}

/* The next byte, or 0 (and the error) at the end of the buffer. */
static unsigned
next_byte(struct pq_tread *r)
{
	if (r->err)
		return 0;
	if (r->p >= r->end) {
		pq_tread_fail(r, "the data ends in the middle of a value");
		return 0;
	}
	return *r->p++;
}

/* A ULEB128 varint of at most 10 bytes whose value fits 64 bits. */
static uint64_t
read_varint(struct pq_tread *r)
{
	uint64_t v = 0;

	for (int shift = 0; shift <= 63; shift += 7) {
		unsigned b = next_byte(r);
		if (r->err)
			return 0;
		if (shift == 63 && b > 1) {
			pq_tread_fail(r, "a varint longer than 64 bits");
			return 0;
		}
		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return v;
	}
	return 0;	/* not reached: the tenth byte ends the loop above */
}

/* Undo the zigzag mapping (unsigned arithmetic, no overflow). */
static int64_t
unzigzag(uint64_t v)
{
	return (int64_t)((v >> 1) ^ (0 - (v & 1)));
}

/* Bytes left in the buffer. */
static size_t
left(const struct pq_tread *r)
{
	return (size_t)(r->end - r->p);
}

/* Is `type` a value type that can follow a field header or be a list
 * element (both bool codes included)? */
static int
valid_type(int type)
{
	return type >= PQ_CT_TRUE && type <= PQ_CT_STRUCT;
}

/* See thrift_read.h. */
void
pq_tread_begin(struct pq_tread *r)
{
	if (r->err)
		return;
	if (r->depth >= PQ_THRIFT_DEPTH) {
		pq_tread_fail(r, "structs or lists nested too deep");
		return;
	}
	r->last[++r->depth] = 0;
}

/* See thrift_read.h. */
int
pq_tread_field(struct pq_tread *r, int *id, int *type)
{
	unsigned b = next_byte(r);
	int delta;
	int64_t v;

	if (r->err)
		return 0;
	if (b == 0) {
		if (r->depth > 0)
			r->depth--;
		return 0;
	}
	*type = (int)(b & 15);
	delta = (int)(b >> 4);
	if (!valid_type(*type)) {
		pq_tread_fail(r, "a field of an unknown type");
		return 0;
	}
	if (delta) {
		v = r->last[r->depth] + delta;
	} else {
		v = unzigzag(read_varint(r));
		if (r->err)
			return 0;
	}
	if (v < INT16_MIN || v > INT16_MAX) {
		pq_tread_fail(r, "a field id out of range");
		return 0;
	}
	r->last[r->depth] = (int16_t)v;
	*id = (int)v;
	return 1;
}

/* See thrift_read.h. */
int64_t
pq_tread_int(struct pq_tread *r, int type)
{
	int64_t v, lo, hi;

	if (r->err)
		return 0;
	switch (type) {
	case PQ_CT_I8:
		return (int8_t)next_byte(r);
	case PQ_CT_I16:
		lo = INT16_MIN;
		hi = INT16_MAX;
		break;
	case PQ_CT_I32:
		lo = INT32_MIN;
		hi = INT32_MAX;
		break;
	case PQ_CT_I64:
		lo = INT64_MIN;
		hi = INT64_MAX;
		break;
	default:
		pq_tread_fail(r, "a value that should be an integer is not");
		return 0;
	}
	v = unzigzag(read_varint(r));
	if (r->err)
		return 0;
	if (v < lo || v > hi) {
		pq_tread_fail(r, "an integer out of its type's range");
		return 0;
	}
	return v;
}

/* See thrift_read.h. */
double
pq_tread_double(struct pq_tread *r)
{
	uint64_t bits = 0;
	double d;

	if (r->err)
		return 0;
	if (left(r) < 8) {
		pq_tread_fail(r, "the data ends in the middle of a value");
		return 0;
	}
	for (int i = 0; i < 8; i++)
		bits |= (uint64_t)r->p[i] << (8 * i);
	r->p += 8;
	memcpy(&d, &bits, sizeof d);
	return d;
}

/* See thrift_read.h. */
const unsigned char *
pq_tread_binary(struct pq_tread *r, size_t *n)
{
	static const unsigned char empty[1];
	uint64_t len = read_varint(r);
	const unsigned char *s;

	*n = 0;
	if (r->err)
		return empty;
	if (len > left(r)) {
		pq_tread_fail(r, "a string longer than the bytes left");
		return empty;
	}
	s = r->p;
	r->p += len;
	*n = (size_t)len;
	return s;
}

/* See thrift_read.h. Every element takes one byte at least, so a count
 * beyond the bytes left is an error before anything is allocated. */
size_t
pq_tread_list(struct pq_tread *r, int *elem)
{
	unsigned b = next_byte(r);
	uint64_t n;

	*elem = 0;
	if (r->err)
		return 0;
	n = b >> 4;
	if (n == 15)
		n = read_varint(r);
	if (r->err)
		return 0;
	if (!valid_type((int)(b & 15))) {
		pq_tread_fail(r, "a list of an unknown element type");
		return 0;
	}
	if (n > left(r)) {
		pq_tread_fail(r, "a list longer than the bytes left");
		return 0;
	}
	*elem = (int)(b & 15);
	return (size_t)n;
}

static void skip_value(struct pq_tread *r, int type, int element);

/* Skip n elements of `type` each, one container level deeper. */
static void
skip_elements(struct pq_tread *r, uint64_t n, int type)
{
	if (r->depth >= PQ_THRIFT_DEPTH) {
		pq_tread_fail(r, "structs or lists nested too deep");
		return;
	}
	r->depth++;
	for (uint64_t i = 0; i < n && !r->err; i++)
		skip_value(r, type, 1);
	r->depth--;
}

/* Skip a map: its count, the key and value types, the pairs. */
static void
skip_map(struct pq_tread *r)
{
	uint64_t n = read_varint(r);
	unsigned kv;

	if (r->err || n == 0)
		return;
	kv = next_byte(r);
	if (r->err)
		return;
	if (!valid_type((int)(kv >> 4)) || !valid_type((int)(kv & 15))) {
		pq_tread_fail(r, "a map of an unknown key or value type");
		return;
	}
	if (n > left(r) / 2) {
		pq_tread_fail(r, "a map longer than the bytes left");
		return;
	}
	if (r->depth >= PQ_THRIFT_DEPTH) {
		pq_tread_fail(r, "structs or lists nested too deep");
		return;
	}
	r->depth++;
	for (uint64_t i = 0; i < n && !r->err; i++) {
		skip_value(r, (int)(kv >> 4), 1);
		skip_value(r, (int)(kv & 15), 1);
	}
	r->depth--;
}

/* Skip one value; `element` says it is a list, set or map element,
 * where a bool takes a byte (as a field's, it takes none). */
static void
skip_value(struct pq_tread *r, int type, int element)
{
	int id, ftype, elem;
	size_t n;

	if (r->err)
		return;
	switch (type) {
	case PQ_CT_TRUE:
	case PQ_CT_FALSE:
		if (element)
			next_byte(r);
		break;
	case PQ_CT_I8:
	case PQ_CT_I16:
	case PQ_CT_I32:
	case PQ_CT_I64:
		pq_tread_int(r, type);
		break;
	case PQ_CT_DOUBLE:
		pq_tread_double(r);
		break;
	case PQ_CT_BINARY:
		pq_tread_binary(r, &n);
		break;
	case PQ_CT_LIST:
	case CT_SET:
		n = pq_tread_list(r, &elem);
		skip_elements(r, n, elem);
		break;
	case CT_MAP:
		skip_map(r);
		break;
	case PQ_CT_STRUCT:
		pq_tread_begin(r);
		while (pq_tread_field(r, &id, &ftype))
			skip_value(r, ftype, 0);
		break;
	default:
		pq_tread_fail(r, "a value of an unknown type");
		break;
	}
}

/* See thrift_read.h. */
void
pq_tread_skip(struct pq_tread *r, int type)
{
	skip_value(r, type, 0);
}
