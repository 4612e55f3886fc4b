/* SPDX-License-Identifier: MIT */
/* RLE / bit-packing hybrid encoder. */
#include <stdlib.h>
#include <string.h>

#include "rle.h"
#include "thrift.h"

/* See rle.h. */
int
pq_bit_width(uint32_t max)
{
	int w = 0;

	while (max) {
		w++;
		max >>= 1;
	}
	return w;
}

/* A run of `count` copies of v: header count << 1, then v in
 * ceil(width / 8) little-endian bytes. */
static void
rle_run(struct dp_buf *b, uint32_t v, size_t count, int width)
{
	unsigned char tmp[4];
	int bytes = (width + 7) / 8;

	pq_varint(b, (uint64_t)count << 1);
	for (int i = 0; i < bytes; i++)
		tmp[i] = (unsigned char)(v >> (8 * i));
	dp_buf_add(b, tmp, (size_t)bytes);
}

/* Pending bit-packed groups are kept apart until their count is known,
 * since the run header comes first. */
struct packer {
	struct dp_buf *out;
	unsigned char *groups;	/* packed bytes of the pending groups */
	size_t ngroups, len, cap;
};

static void
packer_flush(struct packer *p)
{
	if (!p->ngroups)
		return;
	pq_varint(p->out, ((uint64_t)p->ngroups << 1) | 1);
	dp_buf_add(p->out, p->groups, p->len);
	p->ngroups = 0;
	p->len = 0;
}

/* Pack 8 values (missing ones are 0) of `width` bits, LSB first. */
static void
packer_group(struct packer *p, const uint32_t v[8], int width)
{
	uint64_t acc = 0;
	int bits = 0;

	p->groups = dp_xgrow(p->groups, &p->cap, p->len + (size_t)width, 1);
	for (int i = 0; i < 8; i++) {
		acc |= (uint64_t)v[i] << bits;
		bits += width;
		while (bits >= 8) {
			p->groups[p->len++] = (unsigned char)acc;
			acc >>= 8;
			bits -= 8;
		}
	}
	p->ngroups++;
}

/* The encoder, once per element type. At each position: 8 or more equal
 * values become an RLE run; otherwise the next 8 values become one
 * bit-packed group (padding only ever happens at the very end). */
/* How many values from v[i] on equal v[i] (n values in all). */
static size_t
run_u8(const uint8_t *v, size_t i, size_t n)
{
	const uint64_t ones = 0x0101010101010101u;
	uint64_t want = ones * v[i], w;
	size_t r = 1;

	while (n - i - r >= 8) {
		memcpy(&w, v + i + r, 8);
		if ((w ^= want) != 0)
			return r + ((size_t)__builtin_ctzll(w) >> 3);
		r += 8;
	}
	while (i + r < n && v[i + r] == v[i])
		r++;
	return r;
}

/* As run_u8, for 32-bit values. */
static size_t
run_u32(const uint32_t *v, size_t i, size_t n)
{
	size_t r = 1;

	while (i + r < n && v[i + r] == v[i])
		r++;
	return r;
}

#define RLE_ENCODE(name, type, run) \
void \
name(struct dp_buf *b, const type *v, size_t n, int width) \
{ \
	struct packer p = { b, NULL, 0, 0, 0 }; \
	size_t i = 0; \
	while (i < n) { \
		size_t r = run(v, i, n); \
		if (r >= 8) { \
			packer_flush(&p); \
			rle_run(b, v[i], r, width); \
			i += r; \
			continue; \
		} \
		uint32_t g[8] = { 0 }; \
		for (size_t k = 0; k < 8 && i + k < n; k++) \
			g[k] = v[i + k]; \
		packer_group(&p, g, width); \
		i += 8; \
	} \
	packer_flush(&p); \
	free(p.groups); \
}

RLE_ENCODE(pq_rle_u8, uint8_t, run_u8)
RLE_ENCODE(pq_rle_u32, uint32_t, run_u32)

/* See rle.h. */
void
pq_levels(struct dp_buf *b, const uint8_t *v, size_t n, int width)
{
	size_t at = b->len;
	uint32_t len;
	unsigned char le[4];

	dp_buf_add(b, "\0\0\0\0", 4);
	pq_rle_u8(b, v, n, width);
	len = (uint32_t)(b->len - at - 4);
	for (int i = 0; i < 4; i++)
		le[i] = (unsigned char)(len >> (8 * i));
	memcpy(b->data + at, le, 4);
}

/* See rle.h. */
void
pq_bool_plain(struct dp_buf *b, const uint8_t *v, size_t n)
{
	size_t bytes = (n + 7) / 8;

	dp_buf_reserve(b, bytes);
	unsigned char *o = (unsigned char *)b->data + b->len;
	memset(o, 0, bytes);
	for (size_t i = 0; i < n; i++)
		if (v[i])
			o[i >> 3] |= (unsigned char)(1u << (i & 7));
	b->len += bytes;
}
