/* SPDX-License-Identifier: MIT */
/* Thrift compact protocol encoder for Parquet metadata. */
#include <string.h>

#include "thrift.h"

/* See thrift.h. */
void
pq_thrift_init(struct pq_thrift *t, struct dp_buf *out)
{
	t->out = out;
	t->depth = 0;
	t->last[0] = 0;
}

/* ULEB128: 7 bits a byte, least significant group first. */
void
pq_varint(struct dp_buf *b, uint64_t v)
{
	unsigned char tmp[10];
	size_t n = 0;

	while (v >= 0x80) {
		tmp[n++] = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	tmp[n++] = (unsigned char)v;
	dp_buf_add(b, tmp, n);
}

/* Zigzag: small magnitudes, positive or negative, get small codes. The
 * shift left is done unsigned to stay clear of undefined behaviour. */
uint64_t
pq_zigzag(int64_t v)
{
	return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
}

/* See thrift.h. */
void
pq_thrift_list_header(struct dp_buf *b, int elem_type, size_t n)
{
	if (n < 15) {
		dp_buf_addc(b, (char)((n << 4) | (size_t)elem_type));
	} else {
		dp_buf_addc(b, (char)(0xF0 | elem_type));
		pq_varint(b, n);
	}
}

/* See thrift.h. */
void
pq_thrift_field(struct pq_thrift *t, int id, int type)
{
	int delta = id - t->last[t->depth];

	if (delta > 0 && delta <= 15) {
		dp_buf_addc(t->out, (char)((delta << 4) | type));
	} else {
		dp_buf_addc(t->out, (char)type);
		pq_varint(t->out, pq_zigzag(id));
	}
	t->last[t->depth] = (int16_t)id;
}

void
pq_thrift_i8(struct pq_thrift *t, int id, int8_t v)
{
	pq_thrift_field(t, id, PQ_CT_I8);
	dp_buf_addc(t->out, (char)v);
}

/* An integer field of compact type `type`: zigzag varint payload. */
static void
int_field(struct pq_thrift *t, int id, int type, int64_t v)
{
	pq_thrift_field(t, id, type);
	pq_varint(t->out, pq_zigzag(v));
}

void
pq_thrift_i16(struct pq_thrift *t, int id, int16_t v)
{
	int_field(t, id, PQ_CT_I16, v);
}

void
pq_thrift_i32(struct pq_thrift *t, int id, int32_t v)
{
	int_field(t, id, PQ_CT_I32, v);
}

void
pq_thrift_i64(struct pq_thrift *t, int id, int64_t v)
{
	int_field(t, id, PQ_CT_I64, v);
}

/* A bool field has no payload: the type nibble carries the value. */
void
pq_thrift_bool(struct pq_thrift *t, int id, int v)
{
	pq_thrift_field(t, id, v ? PQ_CT_TRUE : PQ_CT_FALSE);
}

/* Binary payload: its length, then its bytes. */
static void
add_binary(struct dp_buf *b, const void *p, size_t n)
{
	pq_varint(b, n);
	dp_buf_add(b, p, n);
}

void
pq_thrift_binary(struct pq_thrift *t, int id, const void *p, size_t n)
{
	pq_thrift_field(t, id, PQ_CT_BINARY);
	add_binary(t->out, p, n);
}

void
pq_thrift_string(struct pq_thrift *t, int id, const char *s)
{
	pq_thrift_binary(t, id, s, strlen(s));
}

/* See thrift.h. */
void
pq_thrift_push(struct pq_thrift *t)
{
	if (t->depth + 1 >= PQ_THRIFT_DEPTH)
		dp_die(DP_EXIT_INTERNAL, "thrift: structs nested too deep");
	t->last[++t->depth] = 0;
}

void
pq_thrift_begin(struct pq_thrift *t, int id)
{
	pq_thrift_field(t, id, PQ_CT_STRUCT);
	pq_thrift_push(t);
}

void
pq_thrift_end(struct pq_thrift *t)
{
	dp_buf_addc(t->out, 0);
	if (t->depth > 0)
		t->depth--;
}

void
pq_thrift_empty(struct pq_thrift *t, int id)
{
	pq_thrift_begin(t, id);
	pq_thrift_end(t);
}

void
pq_thrift_list(struct pq_thrift *t, int id, int elem_type, size_t n)
{
	pq_thrift_field(t, id, PQ_CT_LIST);
	pq_thrift_list_header(t->out, elem_type, n);
}

void
pq_thrift_elem_i32(struct pq_thrift *t, int32_t v)
{
	pq_varint(t->out, pq_zigzag(v));
}

void
pq_thrift_elem_string(struct pq_thrift *t, const char *s)
{
	add_binary(t->out, s, strlen(s));
}
