/* SPDX-License-Identifier: MIT */
/* One leaf column chunk read page by page into level entries. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "column_read.h"
#include "codec.h"
#include "decode.h"
#include "rle.h"

/* parquet.thrift's Encoding. */
enum {
	ENC_PLAIN = 0, ENC_PLAIN_DICTIONARY = 2, ENC_RLE = 3,
	ENC_BIT_PACKED = 4, ENC_DELTA_BINARY_PACKED = 5,
	ENC_DELTA_LENGTH_BYTE_ARRAY = 6, ENC_DELTA_BYTE_ARRAY = 7,
	ENC_RLE_DICTIONARY = 8, ENC_BYTE_STREAM_SPLIT = 9
};

/* A page header is read through a window this large at first. */
#define HEADER_WINDOW 4096
/* The largest page and the most entries a page may have: far beyond
 * what writers make (1 MiB pages, 20,000 rows), small enough that a
 * hostile header cannot make the reader allocate gigabytes. */
#define MAX_PAGE_BYTES ((int32_t)1 << 30)
#define MAX_PAGE_ENTRIES ((int32_t)1 << 26)

/* Decoded byte-array values: pointers into a page, the dictionary or
 * scratch. */
struct byte_values {
	const unsigned char **p;
	size_t *n;
	size_t cap;
};

struct pq_colreader {
	int fd;
	const char *path;
	const struct pq_footer *f;
	int rg;
	const struct pq_leaf *leaf;
	int width;			/* fixed value bytes; 0: BYTE_ARRAY */
	uint64_t pos, end;		/* the chunk's unread file bytes */
	int64_t entries_left;		/* num_values not yet in a page */
	/* the dictionary, when the chunk has one */
	int has_dict;
	struct dp_buf dict_data;	/* its decompressed page */
	struct byte_values dict_bytes;	/* BYTE_ARRAY entries */
	size_t ndict;
	/* the current page */
	struct dp_buf raw, page, scratch;
	uint8_t *def, *rep;
	size_t levcap;
	size_t nlev, ilev;		/* entries, the next one */
	const unsigned char *fixed;	/* fixed-width values */
	struct byte_values bytes;	/* BYTE_ARRAY values */
	size_t nvals, ival;		/* values, the next one */
	uint32_t *idx;
	size_t idxcap;
	int64_t *ints;
	size_t intcap;
	struct dp_buf row;		/* a row that spans pages */
	int failed;
};

/* The most bytes a page of n fixed-width values can need, whatever
 * its encoding: each value's bytes, its two levels and dictionary index
 * in their worst run-length forms (a 5-byte run header each), a DELTA
 * encoding's headers; more is a file that would make the reader
 * decompress gigabytes for a few values (a compression bomb). */
static uint64_t
fixed_page_bound(int width, int32_t n)
{
	return 4096 + (uint64_t)n * ((uint64_t)width + 32);
}

/* Bytes of a value of physical type t, 0 for BYTE_ARRAY. */
static int
value_width(const struct pq_leaf *l)
{
	switch (l->type) {
	case PQ_T_BOOLEAN:
		return 1;
	case PQ_T_INT32:
	case PQ_T_FLOAT:
		return 4;
	case PQ_T_INT64:
	case PQ_T_DOUBLE:
		return 8;
	case PQ_T_INT96:
		return 12;
	case PQ_T_FIXED:
		return l->type_length;
	default:
		return 0;
	}
}

/* See column_read.h. */
struct pq_colreader *
pq_colreader_new(int fd, const char *path, const struct pq_footer *f,
		 int rg, int leaf, struct pq_colreader *old)
{
	struct pq_colreader *c = old ? old : dp_xmalloc(sizeof *c);
	const struct pq_chunkmeta *m = &f->rowgroups[rg].chunks[leaf];
	struct pq_colreader keep;

	/* old's buffers stay, empty: fresh memory for every row group
	 * costs a page fault per 4 KB, 15% of a dp-search */
	if (old)
		keep = *old;
	else
		memset(&keep, 0, sizeof keep);
	memset(c, 0, sizeof *c);
	c->dict_data = keep.dict_data;
	c->dict_bytes = keep.dict_bytes;
	c->raw = keep.raw;
	c->page = keep.page;
	c->scratch = keep.scratch;
	c->def = keep.def;
	c->rep = keep.rep;
	c->levcap = keep.levcap;
	c->bytes = keep.bytes;
	c->idx = keep.idx;
	c->idxcap = keep.idxcap;
	c->ints = keep.ints;
	c->intcap = keep.intcap;
	c->row = keep.row;
	c->dict_data.len = c->raw.len = c->page.len = 0;
	c->scratch.len = c->row.len = 0;
	c->fd = fd;
	c->path = path;
	c->f = f;
	c->rg = rg;
	c->leaf = &f->leaves[leaf];
	c->width = value_width(c->leaf);
	c->pos = (uint64_t)m->start;
	c->end = (uint64_t)m->start + (uint64_t)m->length;
	c->entries_left = m->num_values;
	return c;
}

/* Fail: "PATH: row group N, column 'C': why" (N from 1, as the footer's
 * messages count), once; returns -1. */
static int
fail(struct pq_colreader *c, struct dp_buf *err, const char *why)
{
	if (!c->failed) {
		err->len = 0;
		dp_buf_printf(err, "%s: row group %d, column '%s': %s", c->path,
			      c->rg + 1, c->leaf->path, why);
	}
	c->failed = 1;
	return -1;
}

/* Read n bytes at file offset off into b (replacing its content). */
static int
read_at(struct pq_colreader *c, struct dp_buf *b, uint64_t off, size_t n,
	struct dp_buf *err)
{
	size_t got = 0;

	b->len = 0;
	dp_buf_reserve(b, n + 1);
	while (got < n) {
		ssize_t r = pread(c->fd, b->data + got, n - got,
				  (off_t)(off + got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			struct dp_buf why = { 0 };
			dp_buf_printf(&why, "read error: %s", r < 0 ?
				      strerror(errno) : "the file is shorter "
				      "than its footer says");
			fail(c, err, dp_buf_cstr(&why));
			dp_buf_free(&why);
			return -1;
		}
		got += (size_t)r;
	}
	b->len = n;
	return 0;
}

/* Room for n byte-array values in v. */
static void
byte_values_room(struct byte_values *v, size_t n)
{
	if (n <= v->cap)
		return;
	v->cap = n;
	v->p = dp_xrealloc(v->p, n * sizeof *v->p);
	v->n = dp_xrealloc(v->n, n * sizeof *v->n);
}

/* PLAIN byte arrays: n values of 4-byte length and bytes from p[0..len)
 * into v. */
static int
plain_bytes(const unsigned char *p, size_t len, size_t n,
	    struct byte_values *v)
{
	size_t at = 0;

	if (n > len / 4)
		return -1;	/* each value has its 4-byte length */
	byte_values_room(v, n);
	for (size_t i = 0; i < n; i++) {
		uint32_t k;
		if (len - at < 4)
			return -1;
		memcpy(&k, p + at, 4);	/* little-endian hosts only */
		at += 4;
		if (k > len - at)
			return -1;
		v->p[i] = p + at;
		v->n[i] = k;
		at += k;
	}
	return 0;
}

/* The dictionary page's values: PLAIN, num entries. */
static int
load_dictionary(struct pq_colreader *c, size_t num, struct dp_buf *err)
{
	const unsigned char *p = (const unsigned char *)c->dict_data.data;
	size_t len = c->dict_data.len;

	if (c->width) {
		if (c->leaf->type == PQ_T_BOOLEAN)
			return fail(c, err, "a dictionary of booleans");
		if (num > len / (size_t)c->width)
			return fail(c, err, "the dictionary page is shorter "
				    "than its entries");
	} else if (plain_bytes(p, len, num, &c->dict_bytes) != 0) {
		return fail(c, err, "the dictionary page is shorter than its "
			    "entries");
	}
	c->ndict = num;
	c->has_dict = 1;
	return 0;
}

/* Eight bytes of v as a word. */
static uint64_t
word(const uint8_t *v)
{
	uint64_t w;

	memcpy(&w, v, 8);
	return w;
}

#define ONES ((uint64_t)0x0101010101010101)

/* Is one of n levels above max? Eight at a time where max < 128 (a
 * byte above max carries into its top bit). */
static int
above(const uint8_t *v, size_t n, int max)
{
	size_t i = 0;

	if (max < 128)
		for (; i + 8 <= n; i += 8) {
			uint64_t w = word(v + i);
			if (((w + ONES * (uint64_t)(127 - max)) | w) & ONES * 0x80)
				return 1;
		}
	for (; i < n; i++)
		if (v[i] > max)
			return 1;
	return 0;
}

/* How many of n levels equal x: a run of eight equal ones at a time. */
static size_t
count_equal(const uint8_t *v, size_t n, uint8_t x)
{
	size_t k = 0, i = 0;
	uint64_t all = ONES * x;

	for (; i + 8 <= n; i += 8) {
		if (word(v + i) == all) {
			k += 8;
			continue;
		}
		for (size_t j = i; j < i + 8; j++)
			k += v[j] == x;
	}
	for (; i < n; i++)
		k += v[i] == x;
	return k;
}

/* Levels of a v1 page at p[0..len): RLE (4-byte length, then the
 * hybrid) or BIT_PACKED; *used gets the bytes taken. */
static int
levels_v1(const unsigned char *p, size_t len, int encoding, int max,
	  uint8_t *out, size_t n, size_t *used)
{
	int width = pq_bit_width((uint32_t)max);

	if (encoding == ENC_RLE) {
		uint32_t k;
		if (len < 4)
			return -1;
		memcpy(&k, p, 4);
		if (k > len - 4 ||
		    pq_hybrid_decode_u8(p + 4, k, width, out, n, NULL) != 0)
			return -1;
		*used = 4 + (size_t)k;
	} else if (encoding == ENC_BIT_PACKED) {
		size_t k = (n * (size_t)width + 7) / 8;
		if (k > len || pq_bitpacked_decode_u8(p, k, width, out, n) != 0)
			return -1;
		*used = k;
	} else {
		return -1;
	}
	return above(out, n, max) ? -1 : 0;
}

/* Room for the page's n level entries. */
static void
levels_room(struct pq_colreader *c, size_t n)
{
	if (n <= c->levcap)
		return;
	c->levcap = n;
	c->def = dp_xrealloc(c->def, n);
	c->rep = dp_xrealloc(c->rep, n);
}

/* Room for n dictionary indices or n integers. */
static void
idx_room(struct pq_colreader *c, size_t n)
{
	if (n > c->idxcap) {
		c->idxcap = n;
		c->idx = dp_xrealloc(c->idx, n * sizeof *c->idx);
	}
}

static void
int_room(struct pq_colreader *c, size_t n)
{
	if (n > c->intcap) {
		c->intcap = n;
		c->ints = dp_xrealloc(c->ints, n * sizeof *c->ints);
	}
}

/* Dictionary indices (1 byte of bit width, then the hybrid) at
 * p[0..len): the values become the dictionary's entries. */
static int
dictionary_values(struct pq_colreader *c, const unsigned char *p,
		  size_t len, struct dp_buf *err)
{
	size_t n = c->nvals;

	if (!c->has_dict)
		return fail(c, err, "dictionary-encoded values but no "
			    "dictionary page");
	if (n == 0)
		return 0;
	if (len < 1 || p[0] > 32 ||
	    (idx_room(c, n), pq_hybrid_decode(p + 1, len - 1, p[0], c->idx,
					      n, NULL) != 0))
		return fail(c, err, "bad dictionary indices");
	for (size_t i = 0; i < n; i++)
		if (c->idx[i] >= c->ndict)
			return fail(c, err, "a dictionary index past the "
				    "dictionary");
	if (c->width) {
		size_t w = (size_t)c->width;
		c->scratch.len = 0;
		dp_buf_reserve(&c->scratch, n * w);
		for (size_t i = 0; i < n; i++)
			memcpy(c->scratch.data + i * w, c->dict_data.data +
			       (size_t)c->idx[i] * w, w);
		c->fixed = (const unsigned char *)c->scratch.data;
	} else {
		byte_values_room(&c->bytes, n);
		for (size_t i = 0; i < n; i++) {
			c->bytes.p[i] = c->dict_bytes.p[c->idx[i]];
			c->bytes.n[i] = c->dict_bytes.n[c->idx[i]];
		}
	}
	return 0;
}

/* DELTA_BINARY_PACKED integers at p[0..len) as the leaf's width. */
static int
delta_values(struct pq_colreader *c, const unsigned char *p, size_t len,
	     struct dp_buf *err)
{
	size_t n = c->nvals, count = 0, used = 0;
	int bits = c->leaf->type == PQ_T_INT32 ? 32 : 64;

	if (c->leaf->type != PQ_T_INT32 && c->leaf->type != PQ_T_INT64)
		return fail(c, err, "DELTA_BINARY_PACKED on a column that is "
			    "not INT32 or INT64");
	int_room(c, n + 1);
	if (pq_delta_decode(p, len, bits, c->ints, n, &count, &used) != 0 ||
	    count != n)
		return fail(c, err, "bad DELTA_BINARY_PACKED values");
	c->scratch.len = 0;
	dp_buf_reserve(&c->scratch, n * (size_t)c->width);
	for (size_t i = 0; i < n; i++) {
		if (bits == 32) {
			int32_t v = (int32_t)c->ints[i];
			memcpy(c->scratch.data + i * 4, &v, 4);
		} else {
			memcpy(c->scratch.data + i * 8, &c->ints[i], 8);
		}
	}
	c->fixed = (const unsigned char *)c->scratch.data;
	return 0;
}

/* DELTA_LENGTH_BYTE_ARRAY at p[0..len): the lengths, then the bytes;
 * *used gets the bytes taken. */
static int
delta_length_values(struct pq_colreader *c, const unsigned char *p,
		    size_t len, size_t n, size_t *used)
{
	size_t count = 0, at = 0;

	int_room(c, n + 1);
	byte_values_room(&c->bytes, n);
	if (pq_delta_decode(p, len, 32, c->ints, n, &count, &at) != 0 ||
	    count != n)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (c->ints[i] < 0 || (uint64_t)c->ints[i] > len - at)
			return -1;
		c->bytes.p[i] = p + at;
		c->bytes.n[i] = (size_t)c->ints[i];
		at += (size_t)c->ints[i];
	}
	*used = at;
	return 0;
}

/* DELTA_BYTE_ARRAY at p[0..len): prefix lengths, then the suffixes as
 * DELTA_LENGTH_BYTE_ARRAY; each value is the previous one's prefix and
 * its suffix, built in scratch. */
static int
delta_byte_values(struct pq_colreader *c, const unsigned char *p,
		  size_t len, struct dp_buf *err)
{
	size_t n = c->nvals, count = 0, at = 0, used = 0;
	int64_t *prefix;

	int_room(c, n + 1);
	if (pq_delta_decode(p, len, 32, c->ints, n, &count, &at) != 0 ||
	    count != n)
		return fail(c, err, "bad DELTA_BYTE_ARRAY prefix lengths");
	prefix = dp_xmalloc((n + 1) * sizeof *prefix);
	memcpy(prefix, c->ints, n * sizeof *prefix);
	if (delta_length_values(c, p + at, len - at, n, &used) != 0) {
		free(prefix);
		return fail(c, err, "bad DELTA_BYTE_ARRAY suffixes");
	}
	/* lay out every value in scratch, then point at it */
	c->scratch.len = 0;
	size_t prev_at = 0, prev_n = 0;
	size_t *offs = dp_xmalloc((n + 1) * sizeof *offs);
	for (size_t i = 0; i < n; i++) {
		size_t k = (size_t)prefix[i];
		if (prefix[i] < 0 || k > prev_n) {
			free(prefix);
			free(offs);
			return fail(c, err, "a DELTA_BYTE_ARRAY prefix longer "
				    "than the value before it");
		}
		size_t start = c->scratch.len;
		dp_buf_reserve(&c->scratch, k + c->bytes.n[i]);
		memmove(c->scratch.data + start, c->scratch.data + prev_at, k);
		memcpy(c->scratch.data + start + k, c->bytes.p[i],
		       c->bytes.n[i]);
		c->scratch.len = start + k + c->bytes.n[i];
		offs[i] = start;
		prev_at = start;
		prev_n = k + c->bytes.n[i];
		c->bytes.n[i] = prev_n;
	}
	for (size_t i = 0; i < n; i++)
		c->bytes.p[i] = (const unsigned char *)c->scratch.data + offs[i];
	free(prefix);
	free(offs);
	return 0;
}

/* The page's values at p[0..len) in `encoding`. */
static int
page_values(struct pq_colreader *c, int encoding, const unsigned char *p,
	    size_t len, struct dp_buf *err)
{
	size_t n = c->nvals, w = (size_t)c->width, used = 0;

	switch (encoding) {
	case ENC_PLAIN:
		if (c->leaf->type == PQ_T_BOOLEAN) {
			c->scratch.len = 0;
			dp_buf_reserve(&c->scratch, n + 1);
			if (pq_bool_plain_decode(p, len, (uint8_t *)
						 c->scratch.data, n) != 0)
				return fail(c, err, "the page is shorter than "
					    "its values");
			c->fixed = (const unsigned char *)c->scratch.data;
		} else if (w) {
			if (n > len / w)
				return fail(c, err, "the page is shorter than "
					    "its values");
			c->fixed = p;
		} else if (plain_bytes(p, len, n, &c->bytes) != 0) {
			return fail(c, err, "the page is shorter than its "
				    "values");
		}
		return 0;
	case ENC_PLAIN_DICTIONARY:
	case ENC_RLE_DICTIONARY:
		return dictionary_values(c, p, len, err);
	case ENC_RLE: {
		uint32_t k;
		if (c->leaf->type != PQ_T_BOOLEAN)
			return fail(c, err, "RLE values that are not booleans");
		c->scratch.len = 0;
		dp_buf_reserve(&c->scratch, n + 1);
		if (len < 4 || (memcpy(&k, p, 4), k > len - 4) ||
		    pq_hybrid_decode_u8(p + 4, k, 1, (uint8_t *)
					c->scratch.data, n, NULL) != 0)
			return fail(c, err, "bad RLE booleans");
		c->fixed = (const unsigned char *)c->scratch.data;
		return 0;
	}
	case ENC_DELTA_BINARY_PACKED:
		return delta_values(c, p, len, err);
	case ENC_DELTA_LENGTH_BYTE_ARRAY:
		if (w)
			return fail(c, err, "DELTA_LENGTH_BYTE_ARRAY on a "
				    "column that is not BYTE_ARRAY");
		if (delta_length_values(c, p, len, n, &used) != 0)
			return fail(c, err, "bad DELTA_LENGTH_BYTE_ARRAY "
				    "values");
		return 0;
	case ENC_DELTA_BYTE_ARRAY:
		if (w)
			return fail(c, err, "DELTA_BYTE_ARRAY on a column "
				    "that is not BYTE_ARRAY");
		return delta_byte_values(c, p, len, err);
	case ENC_BYTE_STREAM_SPLIT:
		if (!w || c->leaf->type == PQ_T_BOOLEAN)
			return fail(c, err, "BYTE_STREAM_SPLIT on a column "
				    "of variable width");
		if (n > len / w)
			return fail(c, err, "the page is shorter than its "
				    "values");
		c->scratch.len = 0;
		dp_buf_reserve(&c->scratch, n * w);
		for (size_t k = 0; k < w; k++)
			for (size_t i = 0; i < n; i++)
				c->scratch.data[i * w + k] = (char)p[k * n + i];
		c->fixed = (const unsigned char *)c->scratch.data;
		return 0;
	default: {
		struct dp_buf why = { 0 };
		dp_buf_printf(&why, "encoding %d is not supported", encoding);
		fail(c, err, dp_buf_cstr(&why));
		dp_buf_free(&why);
		return -1;
	}
	}
}

/* Count the entries that carry a value. */
static void
count_values(struct pq_colreader *c)
{
	size_t n = 0;

	if (c->leaf->max_def == 0) {
		c->nvals = c->nlev;
		return;
	}
	n = count_equal(c->def, c->nlev, (uint8_t)c->leaf->max_def);
	c->nvals = n;
}

/* Decompress the page body raw[0..n) into c->page (size out). */
static int
decompress(struct pq_colreader *c, const unsigned char *src, size_t n,
	   size_t out, struct dp_buf *err)
{
	struct dp_buf why = { 0 };
	int codec = c->f->rowgroups[c->rg].chunks[c->leaf - c->f->leaves].codec;

	c->page.len = 0;
	dp_buf_reserve(&c->page, out + 1);
	if (pq_decompress(codec, src, n, c->page.data, out, &why) != 0) {
		fail(c, err, dp_buf_cstr(&why));
		dp_buf_free(&why);
		return -1;
	}
	c->page.len = out;
	dp_buf_free(&why);
	return 0;
}

/* A data page v1: levels and values all compressed together. */
static int
data_page_v1(struct pq_colreader *c, const struct pq_pagehdr *h,
	     struct dp_buf *err)
{
	const unsigned char *p;
	size_t len, used = 0, n = (size_t)h->num_values;

	if (decompress(c, (const unsigned char *)c->raw.data, c->raw.len,
		       (size_t)h->uncompressed_size, err) != 0)
		return -1;
	p = (const unsigned char *)c->page.data;
	len = c->page.len;
	levels_room(c, n + 1);
	if (c->leaf->max_rep > 0) {
		if (levels_v1(p, len, h->rep_encoding, c->leaf->max_rep, c->rep,
			      n, &used) != 0)
			return fail(c, err, "bad repetition levels");
		p += used;
		len -= used;
	} else {
		memset(c->rep, 0, n);
	}
	if (c->leaf->max_def > 0) {
		if (levels_v1(p, len, h->def_encoding, c->leaf->max_def, c->def,
			      n, &used) != 0)
			return fail(c, err, "bad definition levels");
		p += used;
		len -= used;
	}
	c->nlev = n;
	count_values(c);
	return page_values(c, h->encoding, p, len, err);
}

/* A data page v2: levels uncompressed first, then the values,
 * compressed unless is_compressed is false. */
static int
data_page_v2(struct pq_colreader *c, const struct pq_pagehdr *h,
	     struct dp_buf *err)
{
	const unsigned char *p = (const unsigned char *)c->raw.data;
	size_t n = (size_t)h->num_values;
	size_t rl = (size_t)h->rep_length, dl = (size_t)h->def_length;
	size_t rest = c->raw.len - rl - dl;

	levels_room(c, n + 1);
	if (c->leaf->max_rep > 0) {
		if (pq_hybrid_decode_u8(p, rl, pq_bit_width((uint32_t)
					c->leaf->max_rep), c->rep, n, NULL))
			return fail(c, err, "bad repetition levels");
	} else {
		memset(c->rep, 0, n);
	}
	if (c->leaf->max_def > 0 &&
	    pq_hybrid_decode_u8(p + rl, dl, pq_bit_width((uint32_t)
				c->leaf->max_def), c->def, n, NULL))
		return fail(c, err, "bad definition levels");
	if (above(c->rep, n, c->leaf->max_rep) ||
	    (c->leaf->max_def > 0 && above(c->def, n, c->leaf->max_def)))
		return fail(c, err, "a level above the column's maximum");
	if (h->is_compressed) {
		if ((size_t)h->uncompressed_size < rl + dl)
			return fail(c, err, "the page's sizes disagree");
		if (decompress(c, p + rl + dl, rest, (size_t)h->uncompressed_size
			       - rl - dl, err) != 0)
			return -1;
	} else {
		c->page.len = 0;
		dp_buf_add(&c->page, p + rl + dl, rest);
	}
	c->nlev = n;
	count_values(c);
	return page_values(c, h->encoding, (const unsigned char *)
			   c->page.data, c->page.len, err);
}

/* Read the next page with entries: 1, 0 at the end of the chunk, -1. */
static int
next_page(struct pq_colreader *c, struct dp_buf *err)
{
	for (;;) {
		struct pq_pagehdr h;
		struct dp_buf why = { 0 };
		size_t window = HEADER_WINDOW;
		long hlen = -1;

		if (c->entries_left <= 0 || c->pos >= c->end)
			return c->entries_left > 0 ?
				fail(c, err, "the chunk ends before its "
				     "values") : 0;
		for (;;) {
			size_t left = (size_t)(c->end - c->pos);
			if (window > left)
				window = left;
			if (read_at(c, &c->raw, c->pos, window, err) != 0)
				return -1;
			why.len = 0;
			hlen = pq_pagehdr_parse(&h, c->raw.data, c->raw.len,
						&why);
			if (hlen >= 0 || window == left)
				break;
			window *= 8;
		}
		if (hlen < 0) {
			fail(c, err, dp_buf_cstr(&why));
			dp_buf_free(&why);
			return -1;
		}
		dp_buf_free(&why);
		c->pos += (uint64_t)hlen;
		if ((uint64_t)h.compressed_size > c->end - c->pos)
			return fail(c, err, "a page runs past the chunk");
		if (h.uncompressed_size > MAX_PAGE_BYTES ||
		    h.num_values > MAX_PAGE_ENTRIES)
			return fail(c, err, "a page larger than dp reads (1 "
				    "GiB, 64M values)");
		if (c->width && (h.type == PQ_PAGE_DICT ||
				 h.type == PQ_PAGE_DATA ||
				 h.type == PQ_PAGE_DATA_V2) &&
		    (uint64_t)h.uncompressed_size >
		    fixed_page_bound(c->width, h.num_values))
			return fail(c, err, "a page that claims more bytes "
				    "than its values can take");
		if (read_at(c, &c->raw, c->pos, (size_t)h.compressed_size,
			    err) != 0)
			return -1;
		c->pos += (uint64_t)h.compressed_size;
		if (h.type == PQ_PAGE_DICT) {
			if (c->has_dict)
				return fail(c, err, "a second dictionary page");
			if (decompress(c, (const unsigned char *)c->raw.data,
				       c->raw.len, (size_t)h.uncompressed_size,
				       err) != 0)
				return -1;
			struct dp_buf t = c->dict_data;
			c->dict_data = c->page;
			c->page = t;
			if (load_dictionary(c, (size_t)h.num_values, err) != 0)
				return -1;
			continue;
		}
		if (h.type != PQ_PAGE_DATA && h.type != PQ_PAGE_DATA_V2)
			continue;	/* an index page */
		if (h.num_values > c->entries_left)
			return fail(c, err, "more values in the pages than "
				    "in the chunk");
		c->entries_left -= h.num_values;
		c->ilev = c->ival = 0;
		if ((h.type == PQ_PAGE_DATA ? data_page_v1(c, &h, err) :
		     data_page_v2(c, &h, err)) != 0)
			return -1;
		if (c->nlev > 0)
			return 1;
	}
}

/* See column_read.h. */
int
pq_colreader_next(struct pq_colreader *c, struct pq_entry *e,
		  struct dp_buf *err)
{
	int r;

	if (c->failed)
		return -1;
	if (c->ilev == c->nlev && (r = next_page(c, err)) <= 0)
		return r;
	e->rep = c->rep[c->ilev];
	e->def = c->leaf->max_def ? c->def[c->ilev] : 0;
	c->ilev++;
	e->p = NULL;
	e->n = 0;
	if (e->def == c->leaf->max_def) {
		if (c->width) {
			e->p = c->fixed + c->ival * (size_t)c->width;
			e->n = (size_t)c->width;
		} else {
			e->p = c->bytes.p[c->ival];
			e->n = c->bytes.n[c->ival];
		}
		c->ival++;
	}
	return 1;
}

/* See column_read.h. */
int
pq_colreader_row(struct pq_colreader *c, struct pq_row *row,
		 struct dp_buf *err)
{
	size_t w = (size_t)c->width;
	int max = c->leaf->max_def, r, gathered = 0;

	if (c->failed)
		return -1;
	if (c->ilev == c->nlev && (r = next_page(c, err)) <= 0)
		return r;
	if (c->rep[c->ilev] != 0)
		return fail(c, err, "a row starts inside a list");
	row->def = max ? c->def[c->ilev] : 0;
	row->n = row->nulls = 0;
	row->p = NULL;
	for (;;) {
		/* the row's entries in this page */
		size_t first = c->ival, i, vals;
		const uint8_t *end = c->nlev - c->ilev > 1 ?
			memchr(c->rep + c->ilev + 1, 0, c->nlev - c->ilev - 1) :
			NULL;
		i = end ? (size_t)(end - c->rep) : c->nlev;
		vals = max ? count_equal(c->def + c->ilev, i - c->ilev,
					 (uint8_t)max) : i - c->ilev;
		row->n += vals;
		row->nulls += i - c->ilev - vals;
		c->ilev = i;
		c->ival += vals;
		if (w && gathered)
			dp_buf_add(&c->row, c->fixed + first * w, vals * w);
		else if (w && vals)
			row->p = c->fixed + first * w;
		if (c->ilev < c->nlev)
			break;		/* the row ended inside the page */
		/* the page ended: keep the values before reading the next
		 * page, which may go on with the row */
		if (!gathered) {
			c->row.len = 0;
			if (w && vals)
				dp_buf_add(&c->row, row->p, vals * w);
			gathered = 1;
		}
		if ((r = next_page(c, err)) < 0)
			return -1;
		if (r == 0 || c->rep[c->ilev] == 0)
			break;
	}
	if (gathered)
		row->p = (const unsigned char *)c->row.data;
	return 1;
}

/* See column_read.h. */
int
pq_colreader_peek_rep(struct pq_colreader *c, struct dp_buf *err)
{
	int r;

	if (c->failed)
		return -1;
	if (c->ilev == c->nlev && (r = next_page(c, err)) <= 0)
		return r;
	return c->rep[c->ilev];
}

/* See column_read.h. */
void
pq_colreader_free(struct pq_colreader *c)
{
	if (!c)
		return;
	dp_buf_free(&c->dict_data);
	free(c->dict_bytes.p);
	free(c->dict_bytes.n);
	dp_buf_free(&c->raw);
	dp_buf_free(&c->page);
	dp_buf_free(&c->scratch);
	free(c->def);
	free(c->rep);
	free(c->bytes.p);
	free(c->bytes.n);
	free(c->idx);
	free(c->ints);
	dp_buf_free(&c->row);
	free(c);
}
