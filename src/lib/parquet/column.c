/* SPDX-License-Identifier: MIT */
/* Column chunks: buffering, dictionary, pages, statistics, metadata. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "column.h"
#include "rle.h"

/* Encoding, PageType and ConvertedType values of parquet.thrift. */
enum { ENC_PLAIN = 0, ENC_RLE = 3, ENC_RLE_DICTIONARY = 8 };
enum { PAGE_DATA = 0, PAGE_DICTIONARY = 2 };

/* Longest string kept as a min/max statistic. */
#define STAT_MAX_BYTES 128

struct pq_dict {
	struct dp_buf plain;	/* the entries, PLAIN-encoded */
	uint32_t *off;		/* entry i starts at plain.data + off[i] */
	uint32_t *hash;		/* entry hashes */
	uint32_t n, cap;
	uint32_t *slots;	/* entry + 1; 0 is empty */
	uint32_t mask;
};

/* See column.h. */
void
pq_colspec_init(struct pq_colspec *c, const struct pq_field *f,
		int allow_dict)
{
	memset(c, 0, sizeof *c);
	c->field = f;
	c->type = pq_kind_physical(f->kind);
	c->width = pq_kind_width(f->kind);
	if (f->list) {
		c->def_list = f->required ? 0 : 1;
		c->max_def = c->def_list + 1 + (f->elem_required ? 0 : 1);
		c->max_rep = 1;
	} else {
		c->max_def = f->required ? 0 : 1;
	}
	/* never for booleans, nor for float vectors (embeddings) */
	c->dict = allow_dict && c->type != PQ_T_BOOLEAN &&
		  !(f->list && c->type == PQ_T_FLOAT);
	c->minmax = !f->list;
}

static struct pq_dict *
dict_new(void)
{
	struct pq_dict *d = dp_xmalloc(sizeof *d);

	memset(d, 0, sizeof *d);
	d->mask = 63;
	d->slots = dp_xmalloc(64 * sizeof *d->slots);
	memset(d->slots, 0, 64 * sizeof *d->slots);
	return d;
}

static void
dict_free(struct pq_dict *d)
{
	if (!d)
		return;
	dp_buf_free(&d->plain);
	free(d->off);
	free(d->hash);
	free(d->slots);
	free(d);
}

static size_t
dict_mem(const struct pq_dict *d)
{
	return d->plain.cap + (size_t)d->cap * 8 + ((size_t)d->mask + 1) * 4;
}

static void
dict_grow_slots(struct pq_dict *d)
{
	uint32_t nslots = (d->mask + 1) * 2;

	free(d->slots);
	d->slots = dp_xmalloc((size_t)nslots * sizeof *d->slots);
	memset(d->slots, 0, (size_t)nslots * sizeof *d->slots);
	d->mask = nslots - 1;
	for (uint32_t i = 0; i < d->n; i++) {
		uint32_t h = d->hash[i] & d->mask;
		while (d->slots[h])
			h = (h + 1) & d->mask;
		d->slots[h] = i + 1;
	}
}

/* The index of value p[0..n) (byte array content, or fixed-width PLAIN
 * bytes), adding it when new; -1 when adding would pass the limit. */
static long
dict_index(struct pq_dict *d, const void *p, size_t n, int width)
{
	uint32_t h32 = (uint32_t)XXH3_64bits(p, n);
	uint32_t h = h32 & d->mask;

	while (d->slots[h]) {
		uint32_t e = d->slots[h] - 1;
		if (d->hash[e] == h32) {
			const char *q = d->plain.data + d->off[e];
			if (width) {
				if (!memcmp(q, p, n))
					return e;
			} else {
				uint32_t len;
				memcpy(&len, q, 4);
				if (len == n && !memcmp(q + 4, p, n))
					return e;
			}
		}
		h = (h + 1) & d->mask;
	}
	size_t add = width ? n : n + 4;
	if (d->plain.len + add > PQ_DICT_LIMIT)
		return -1;
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->off = dp_xrealloc(d->off, d->cap * sizeof *d->off);
		d->hash = dp_xrealloc(d->hash, d->cap * sizeof *d->hash);
	}
	d->off[d->n] = (uint32_t)d->plain.len;
	d->hash[d->n] = h32;
	if (!width) {
		uint32_t len = (uint32_t)n;
		dp_buf_add(&d->plain, &len, 4);
	}
	dp_buf_add(&d->plain, p, n);
	d->slots[h] = d->n + 1;
	d->n++;
	if ((size_t)d->n * 2 > d->mask)
		dict_grow_slots(d);
	return d->n - 1;
}

/* The PLAIN bytes of dictionary entry e (with a byte array's length). */
static const char *
dict_entry(const struct pq_dict *d, uint32_t e, size_t *n, int width)
{
	const char *q = d->plain.data + d->off[e];

	if (width) {
		*n = (size_t)width;
	} else {
		uint32_t len;
		memcpy(&len, q, 4);
		*n = 4 + (size_t)len;
	}
	return q;
}

/* See column.h. */
void
pq_colbuf_init(struct pq_colbuf *b, const struct pq_colspec *spec,
	       int use_dict)
{
	memset(b, 0, sizeof *b);
	b->spec = spec;
	b->want_dict = use_dict && spec->dict;
	if (b->want_dict)
		b->dict = dict_new();
}

/* Give up the dictionary: write its values out as PLAIN. */
static void
materialize(struct pq_colbuf *b)
{
	struct pq_dict *d = b->dict;

	for (size_t i = 0; i < b->nvals; i++) {
		size_t n;
		const char *q = dict_entry(d, b->idx[i], &n, b->spec->width);
		dp_buf_add(&b->plain, q, n);
	}
	dict_free(d);
	b->dict = NULL;
	free(b->idx);
	b->idx = NULL;
	b->idxcap = 0;
}

/* See column.h. */
void
pq_colbuf_value(struct pq_colbuf *b, const void *p, size_t n)
{
	int width = b->spec->width;

	if (b->dict) {
		long e = dict_index(b->dict, p, n, width);
		if (e >= 0) {
			b->idx = dp_xgrow(b->idx, &b->idxcap, b->nvals + 1,
					  sizeof *b->idx);
			b->idx[b->nvals++] = (uint32_t)e;
			return;
		}
		materialize(b);
	}
	if (!width) {
		uint32_t len = (uint32_t)n;
		dp_buf_reserve(&b->plain, n + 4);
		memcpy(b->plain.data + b->plain.len, &len, 4);
		memcpy(b->plain.data + b->plain.len + 4, p, n);
		b->plain.len += n + 4;
	} else {
		dp_buf_reserve(&b->plain, n);
		memcpy(b->plain.data + b->plain.len, p, n);
		b->plain.len += n;
	}
	b->nvals++;
}

/* See column.h. */
void
pq_colbuf_levels(struct pq_colbuf *b, size_t n, int def)
{
	pq_colbuf_level_room(b, n);
	if (b->spec->max_def)
		memset(b->def + b->nlev, def, n);
	if (b->spec->max_rep) {
		b->rep[b->nlev] = 0;
		memset(b->rep + b->nlev + 1, 1, n - 1);
	}
	b->nlev += n;
}

/* See column.h. */
void
pq_colbuf_values(struct pq_colbuf *b, const void *p, size_t n)
{
	size_t width = (size_t)b->spec->width, bytes = n * width;

	if (b->dict) {
		for (size_t i = 0; i < n; i++)
			pq_colbuf_value(b, (const char *)p + i * width, width);
		return;
	}
	dp_buf_reserve(&b->plain, bytes);
	memcpy(b->plain.data + b->plain.len, p, bytes);
	b->plain.len += bytes;
	b->nvals += n;
}

/* See column.h. */
size_t
pq_colbuf_mem(const struct pq_colbuf *b)
{
	size_t m = b->plain.cap + b->idxcap * 4;

	if (b->spec->max_def)
		m += b->levcap;
	if (b->spec->max_rep)
		m += b->levcap;
	if (b->dict)
		m += dict_mem(b->dict);
	return m;
}

/* See column.h. */
size_t
pq_colbuf_used(const struct pq_colbuf *b)
{
	size_t m = b->plain.len + b->nlev * (size_t)((b->spec->max_def > 0) +
						     (b->spec->max_rep > 0));

	if (b->dict)
		m += b->nvals * 4 + b->dict->plain.len;
	return m;
}

/* ---- statistics ---------------------------------------------------- */

struct stats {
	int64_t nulls;
	int have;		/* min and max found */
	const char *min, *max;	/* PLAIN bytes, without length prefix */
	size_t minn, maxn;
	double dmin, dmax;	/* floats: the values, for -0.0/+0.0 */
	unsigned char zero[2][8];	/* -0.0 / +0.0 bytes, if needed */
};

/* Return -1, 0 or 1 as the values of C type T at a and b compare. */
#define COMPARE_AS(T) do { \
		T x_, y_; \
		memcpy(&x_, a, sizeof x_); \
		memcpy(&y_, b, sizeof y_); \
		return (x_ > y_) - (x_ < y_); \
	} while (0)

/* Compare two PLAIN values of the column's type (byte arrays: content
 * only, unsigned bytes). */
static int
compare(enum pq_physical type, const char *a, size_t an, const char *b,
	size_t bn)
{
	switch (type) {
	case PQ_T_INT32:
		COMPARE_AS(int32_t);
	case PQ_T_INT64:
		COMPARE_AS(int64_t);
	case PQ_T_FLOAT:
		COMPARE_AS(float);
	case PQ_T_DOUBLE:
		COMPARE_AS(double);
	case PQ_T_BOOLEAN:
		return (*a > *b) - (*a < *b);
	default: {
		size_t m = an < bn ? an : bn;
		int c = memcmp(a, b, m);
		if (c)
			return c;
		return (an > bn) - (an < bn);
	}
	}
}

/* Is this float value NaN (skipped by statistics)? */
static int
is_nan(enum pq_physical type, const char *p)
{
	if (type == PQ_T_FLOAT) {
		float f;
		memcpy(&f, p, 4);
		return isnan(f);
	}
	if (type == PQ_T_DOUBLE) {
		double d;
		memcpy(&d, p, 8);
		return isnan(d);
	}
	return 0;
}

/* Fold one PLAIN value (with a byte array's length prefix) into st. */
static void
stats_add(struct stats *st, const struct pq_colspec *s, const char *p,
	  size_t n)
{
	if (!s->width) {
		p += 4;
		n -= 4;
	}
	if (is_nan(s->type, p))
		return;
	if (!st->have) {
		st->min = st->max = p;
		st->minn = st->maxn = n;
		st->have = 1;
		return;
	}
	if (compare(s->type, p, n, st->min, st->minn) < 0) {
		st->min = p;
		st->minn = n;
	}
	if (compare(s->type, p, n, st->max, st->maxn) > 0) {
		st->max = p;
		st->maxn = n;
	}
}

/* Min and max over the chunk's distinct values; null count. */
static void
chunk_stats(const struct pq_colbuf *b, struct stats *st)
{
	const struct pq_colspec *s = b->spec;

	memset(st, 0, sizeof *st);
	if (s->max_def) {
		size_t nulls = 0;	/* a local sum: the loop vectorizes */
		for (size_t i = 0; i < b->nlev; i++)
			nulls += b->def[i] < s->max_def;
		st->nulls = (int64_t)nulls;
	}
	if (!s->minmax)
		return;
	if (b->dict) {
		for (uint32_t e = 0; e < b->dict->n; e++) {
			size_t n;
			const char *q = dict_entry(b->dict, e, &n, s->width);
			stats_add(st, s, q, n);
		}
	} else {
		size_t off = 0;
		for (size_t i = 0; i < b->nvals; i++) {
			size_t n = (size_t)s->width;
			if (!n) {
				uint32_t len;
				memcpy(&len, b->plain.data + off, 4);
				n = 4 + (size_t)len;
			}
			stats_add(st, s, b->plain.data + off, n);
			off += n;
		}
	}
	if (st->have && !s->width &&
	    (st->minn > STAT_MAX_BYTES || st->maxn > STAT_MAX_BYTES))
		st->have = 0;
	/* a zero extreme is written as -0.0 (min) and +0.0 (max) */
	if (st->have && (s->type == PQ_T_FLOAT || s->type == PQ_T_DOUBLE)) {
		double mn, mx;
		if (s->type == PQ_T_FLOAT) {
			float f;
			memcpy(&f, st->min, 4);
			mn = f;
			memcpy(&f, st->max, 4);
			mx = f;
		} else {
			memcpy(&mn, st->min, 8);
			memcpy(&mx, st->max, 8);
		}
		if (mn == 0.0) {
			if (s->type == PQ_T_FLOAT) {
				float z = -0.0f;
				memcpy(st->zero[0], &z, 4);
			} else {
				double z = -0.0;
				memcpy(st->zero[0], &z, 8);
			}
			st->min = (const char *)st->zero[0];
		}
		if (mx == 0.0) {
			memset(st->zero[1], 0, 8);
			st->max = (const char *)st->zero[1];
		}
	}
}

/* ---- pages ---------------------------------------------------------- */

struct chunk {
	int64_t compressed, uncompressed;
	int64_t data_offset, dict_offset;
	int data_pages;
};

/* Compress ctx->body and write it behind its page header. The header
 * is built by the caller in ctx->header up to (not including) the
 * sizes; `kind` says which page header struct follows. */
static void
write_page(struct pq_sink *sink, struct pq_pagectx *ctx, int type,
	   int32_t num_values, int encoding, struct chunk *ch)
{
	size_t clen;
	const char *cdata = pq_compress(ctx->comp, ctx->body.data,
					ctx->body.len, &clen);
	struct pq_thrift t;

	if (ctx->body.len > INT32_MAX || clen > INT32_MAX)
		dp_die(DP_EXIT_DATA, "a page exceeds 2 GiB: a value is too "
				     "large for Parquet");
	ctx->header.len = 0;
	pq_thrift_init(&t, &ctx->header);
	pq_thrift_i32(&t, 1, type);
	pq_thrift_i32(&t, 2, (int32_t)ctx->body.len);
	pq_thrift_i32(&t, 3, (int32_t)clen);
	if (type == PAGE_DATA) {
		pq_thrift_begin(&t, 5);
		pq_thrift_i32(&t, 1, num_values);
		pq_thrift_i32(&t, 2, encoding);
		pq_thrift_i32(&t, 3, ENC_RLE);
		pq_thrift_i32(&t, 4, ENC_RLE);
		pq_thrift_end(&t);
	} else {
		pq_thrift_begin(&t, 7);
		pq_thrift_i32(&t, 1, num_values);
		pq_thrift_i32(&t, 2, ENC_PLAIN);
		pq_thrift_end(&t);
	}
	pq_thrift_end(&t);
	pq_sink_write(sink, ctx->header.data, ctx->header.len);
	pq_sink_write(sink, cdata, clen);
	ch->compressed += (int64_t)(ctx->header.len + clen);
	ch->uncompressed += (int64_t)(ctx->header.len + ctx->body.len);
}

/* Data pages over the levels [l0, l1) and values [v0, v1) starting at
 * PLAIN byte offset off0 .. off1. */
static void
data_page(const struct pq_colbuf *b, struct pq_sink *sink,
	  struct pq_pagectx *ctx, size_t l0, size_t l1, size_t v0, size_t v1,
	  size_t off0, size_t off1, int bw, struct chunk *ch)
{
	const struct pq_colspec *s = b->spec;

	ctx->body.len = 0;
	if (s->max_rep)
		pq_levels(&ctx->body, b->rep + l0, l1 - l0,
			  pq_bit_width((uint32_t)s->max_rep));
	if (s->max_def)
		pq_levels(&ctx->body, b->def + l0, l1 - l0,
			  pq_bit_width((uint32_t)s->max_def));
	if (b->dict) {
		dp_buf_addc(&ctx->body, (char)bw);
		pq_rle_u32(&ctx->body, b->idx + v0, v1 - v0, bw);
	} else if (s->type == PQ_T_BOOLEAN) {
		if (v1 > v0)	/* a page of nulls only: no buffer to point into */
			pq_bool_plain(&ctx->body,
				      (const uint8_t *)b->plain.data + v0,
				      v1 - v0);
	} else if (off1 > off0) {
		dp_buf_add(&ctx->body, b->plain.data + off0, off1 - off0);
	}
	if (ch->data_pages == 0)
		ch->data_offset = (int64_t)sink->offset;
	write_page(sink, ctx, PAGE_DATA, (int32_t)(l1 - l0),
		   b->dict ? ENC_RLE_DICTIONARY : ENC_PLAIN, ch);
	ch->data_pages++;
}

/* Split the chunk into pages of about ctx->page_size bytes, at row
 * boundaries, and write them. */
static void
data_pages(const struct pq_colbuf *b, struct pq_sink *sink,
	   struct pq_pagectx *ctx, int bw, struct chunk *ch, int nulls)
{
	const struct pq_colspec *s = b->spec;
	size_t l = 0, v = 0, off = 0;
	/* lists of fixed-width values without a null or a dictionary
	 * (vectors): a row is the levels up to the next repetition level
	 * 0, each level a value */
	int dense = s->max_rep && s->width && !b->dict && !nulls;

	while (l < b->nlev) {
		size_t l0 = l, v0 = v, off0 = off, rows = 0, est = 0;
		do {
			if (dense) {
				const uint8_t *z = memchr(b->rep + l + 1, 0,
							  b->nlev - l - 1);
				size_t end = z ? (size_t)(z - b->rep) : b->nlev;
				v += end - l;
				off += (end - l) * (size_t)s->width;
				l = end;
				rows++;
				est = off - off0 + (l - l0) / 4;
				continue;
			}
			do {
				if (!s->max_def || b->def[l] == s->max_def) {
					if (!b->dict) {
						size_t n = (size_t)s->width;
						if (!n) {
							uint32_t len;
							memcpy(&len, b->plain.data +
							       off, 4);
							n = 4 + (size_t)len;
						}
						off += n;
					}
					v++;
				}
				l++;
			} while (l < b->nlev && s->max_rep && b->rep[l] != 0);
			rows++;
			est = b->dict ? (v - v0) * (size_t)bw / 8 : off - off0;
			est += (l - l0) / 4;
		} while (l < b->nlev && est < ctx->page_size &&
			 rows < ctx->page_rows);
		data_page(b, sink, ctx, l0, l, v0, v, off0, off, bw, ch);
	}
}

/* ---- metadata ------------------------------------------------------- */

static void
column_metadata(const struct pq_colbuf *b, struct pq_pagectx *ctx,
		struct pq_thrift *t, const struct chunk *ch,
		const struct stats *st)
{
	const struct pq_colspec *s = b->spec;
	int levels = s->max_def || s->max_rep;
	int signed_order = s->type == PQ_T_INT32 || s->type == PQ_T_INT64 ||
			   s->type == PQ_T_FLOAT || s->type == PQ_T_DOUBLE;

	pq_thrift_push(t);			/* ColumnChunk */
	pq_thrift_i64(t, 2, 0);			/* file_offset */
	pq_thrift_begin(t, 3);			/* ColumnMetaData */
	pq_thrift_i32(t, 1, s->type);
	pq_thrift_list(t, 2, PQ_CT_I32, (b->dict ? 2 : 1) + levels);
	pq_thrift_elem_i32(t, ENC_PLAIN);
	if (levels)
		pq_thrift_elem_i32(t, ENC_RLE);
	if (b->dict)
		pq_thrift_elem_i32(t, ENC_RLE_DICTIONARY);
	if (s->field->list) {
		pq_thrift_list(t, 3, PQ_CT_BINARY, 3);
		pq_thrift_elem_string(t, s->field->name);
		pq_thrift_elem_string(t, "list");
		pq_thrift_elem_string(t, "element");
	} else {
		pq_thrift_list(t, 3, PQ_CT_BINARY, 1);
		pq_thrift_elem_string(t, s->field->name);
	}
	pq_thrift_i32(t, 4, ctx->codec);
	pq_thrift_i64(t, 5, (int64_t)b->nlev);
	pq_thrift_i64(t, 6, ch->uncompressed);
	pq_thrift_i64(t, 7, ch->compressed);
	pq_thrift_i64(t, 9, ch->data_offset);
	if (b->dict)
		pq_thrift_i64(t, 11, ch->dict_offset);
	pq_thrift_begin(t, 12);			/* Statistics */
	if (st->have && signed_order) {
		pq_thrift_binary(t, 1, st->max, st->maxn);
		pq_thrift_binary(t, 2, st->min, st->minn);
	}
	pq_thrift_i64(t, 3, st->nulls);
	if (st->have) {
		pq_thrift_binary(t, 5, st->max, st->maxn);
		pq_thrift_binary(t, 6, st->min, st->minn);
		pq_thrift_bool(t, 7, 1);
		pq_thrift_bool(t, 8, 1);
	}
	pq_thrift_end(t);
	pq_thrift_list(t, 13, PQ_CT_STRUCT, b->dict ? 2 : 1);
	if (b->dict) {
		pq_thrift_push(t);
		pq_thrift_i32(t, 1, PAGE_DICTIONARY);
		pq_thrift_i32(t, 2, ENC_PLAIN);
		pq_thrift_i32(t, 3, 1);
		pq_thrift_end(t);
	}
	pq_thrift_push(t);
	pq_thrift_i32(t, 1, PAGE_DATA);
	pq_thrift_i32(t, 2, b->dict ? ENC_RLE_DICTIONARY : ENC_PLAIN);
	pq_thrift_i32(t, 3, ch->data_pages);
	pq_thrift_end(t);
	pq_thrift_end(t);			/* ColumnMetaData */
	pq_thrift_end(t);			/* ColumnChunk */
}

/* Empty the buffer, keeping or releasing its memory. */
static void
reset(struct pq_colbuf *b, int release)
{
	b->nlev = 0;
	b->nvals = 0;
	b->plain.len = 0;
	if (release) {
		free(b->def);
		free(b->rep);
		free(b->idx);
		dp_buf_free(&b->plain);
		b->def = b->rep = NULL;
		b->idx = NULL;
		b->levcap = b->idxcap = 0;
	}
	dict_free(b->dict);
	b->dict = NULL;
}

/* See column.h. */
void
pq_colbuf_write(struct pq_colbuf *b, struct pq_sink *sink,
		struct pq_pagectx *ctx, struct pq_thrift *t,
		int64_t *compressed, int64_t *uncompressed, int release)
{
	struct chunk ch = { 0, 0, 0, 0, 0 };
	struct stats st;
	int bw = 0;

	/* a dictionary must pay: at most half as many entries as values */
	if (b->dict && (b->dict->n == 0 || (size_t)b->dict->n * 2 > b->nvals))
		materialize(b);
	chunk_stats(b, &st);
	if (b->dict) {
		bw = pq_bit_width(b->dict->n > 1 ? b->dict->n - 1 : 1);
		ctx->body.len = 0;
		dp_buf_add(&ctx->body, b->dict->plain.data, b->dict->plain.len);
		ch.dict_offset = (int64_t)sink->offset;
		write_page(sink, ctx, PAGE_DICTIONARY, (int32_t)b->dict->n, 0,
			   &ch);
	}
	data_pages(b, sink, ctx, bw, &ch, st.nulls != 0);
	column_metadata(b, ctx, t, &ch, &st);
	*compressed += ch.compressed;
	*uncompressed += ch.uncompressed;
	reset(b, release);
	if (b->want_dict)
		b->dict = dict_new();
}

/* See column.h. */
void
pq_colbuf_release(struct pq_colbuf *b)
{
	reset(b, 1);
	if (b->want_dict)
		b->dict = dict_new();
}

/* See column.h. */
void
pq_colbuf_free(struct pq_colbuf *b)
{
	b->want_dict = 0;
	reset(b, 1);
}
