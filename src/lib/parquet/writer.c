/* SPDX-License-Identifier: MIT */
/* Records to partitions, row groups and files, within a memory budget. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "column.h"
#include "dataset.h"
#include "file.h"
#include "flusher.h"
#include "parquet.h"
#include "partition.h"
#include "record.h"

/* Row groups stop growing at this many bytes of buffers. */
#define ROW_GROUP_BYTES ((size_t)128 * 1024 * 1024)
/* Buffer sizes are measured every this many rows of a partition. */
#define MEASURE_EVERY 8

struct partition {
	char *rel;			/* "" or "a=x/b=y" */
	struct pq_colbuf *cols;
	int64_t rows;			/* buffered */
	int64_t total_rows;
	size_t mem;			/* last measured buffer bytes */
	size_t used;			/* last measured data bytes */
	unsigned since;			/* rows since measured */
	struct pq_file file;
	const char *tmp;		/* NULL until the first row group */
	uint64_t bytes;			/* file size once finished */
};

struct pq_writer {
	struct pq_writer_opts o;
	const struct pq_schema *schema;
	struct pq_colspec *specs;	/* the file's leaf columns */
	int *field;			/* schema field of each column */
	int ncols;
	struct pq_dataset *ds;
	struct pq_pagectx ctx;
	struct partition **parts;
	size_t nparts, capparts;
	struct partition **table;	/* by rel */
	size_t nslots;
	struct pq_dirset *dirs;
	size_t mem;			/* all buffers, last measured */
	struct pq_flusher *flusher;	/* with --threads 2, once needed */
	struct pq_colbuf *inflight;	/* the row group it is writing */
	size_t inflight_mem;		/* its buffers, counted in mem */
	struct pq_colbuf *spare;	/* empty buffers for a partition */
	int finishing;			/* the last row groups: no flusher */
	size_t rg_bytes;
	struct dp_buf key;
	struct dp_buf schema_text;	/* for each file's footer */
};

/* See parquet.h. */
struct pq_writer *
pq_writer_new(const struct pq_schema *s, const struct pq_writer_opts *o,
	      struct pq_dataset *ds)
{
	struct pq_writer *w = dp_xmalloc(sizeof *w);

	memset(w, 0, sizeof *w);
	w->o = *o;
	w->schema = s;
	w->ds = ds;
	pq_schema_format(s, &w->schema_text);
	w->specs = dp_xmalloc(((size_t)s->n + 1) * sizeof *w->specs);
	w->field = dp_xmalloc(((size_t)s->n + 1) * sizeof *w->field);
	for (int i = 0; i < s->n; i++) {
		int part = 0;
		for (int k = 0; k < o->npartition; k++)
			part |= o->partition_by[k] == i;
		if (part)
			continue;
		pq_colspec_init(&w->specs[w->ncols], &s->fields[i],
				o->dictionary);
		w->field[w->ncols++] = i;
	}
	w->ctx.codec = o->codec;
	w->ctx.comp = pq_compressor_new(o->codec, o->level);
	w->ctx.page_size = o->page_size;
	w->ctx.page_rows = 20000;
	w->nslots = 64;
	w->table = dp_xmalloc(w->nslots * sizeof *w->table);
	memset(w->table, 0, w->nslots * sizeof *w->table);
	w->dirs = pq_dirset_new();
	if (o->existing && o->npartition)
		pq_dirset_seed(w->dirs, o->existing, o->npartition);
	w->rg_bytes = ROW_GROUP_BYTES;
	/* a buffer may hold twice what it uses; with --threads 2 the row
	 * group in flight is buffered too */
	size_t share = (size_t)o->memory_limit / (o->threads > 1 ? 4 : 2);
	if (share < w->rg_bytes)
		w->rg_bytes = share;
	return w;
}

static void
table_put(struct pq_writer *w, struct partition *p)
{
	size_t h = dp_hash(p->rel, strlen(p->rel)) & (w->nslots - 1);

	while (w->table[h])
		h = (h + 1) & (w->nslots - 1);
	w->table[h] = p;
}

/* A partition's empty column buffers. */
static struct pq_colbuf *
colset_new(const struct pq_writer *w)
{
	struct pq_colbuf *cols = dp_xmalloc(((size_t)w->ncols + 1) *
					     sizeof *cols);

	for (int i = 0; i < w->ncols; i++)
		pq_colbuf_init(&cols[i], &w->specs[i], w->o.dictionary);
	return cols;
}

/* Free a partition's column buffers; NULL is a no-op. */
static void
colset_free(const struct pq_writer *w, struct pq_colbuf *cols)
{
	if (!cols)
		return;
	for (int i = 0; i < w->ncols; i++)
		pq_colbuf_free(&cols[i]);
	free(cols);
}

/* The partition for directory key[0..n), created when new. */
static struct partition *
partition(struct pq_writer *w, const char *key, size_t n)
{
	size_t h = dp_hash(key, n) & (w->nslots - 1);
	const char *other;
	size_t plen;

	while (w->table[h]) {
		struct partition *p = w->table[h];
		if (!strncmp(p->rel, key, n) && p->rel[n] == '\0')
			return p;
		h = (h + 1) & (w->nslots - 1);
	}
	int clash = pq_dirset_add(w->dirs, key, n, &other, &plen);
	if (clash)
		dp_die(DP_EXIT_DATA, "partition directories '%s'%s and "
		       "'%.*s' differ only in letter case and would be one "
		       "directory on a case-insensitive file system: nothing "
		       "written", other, clash == -2 ?
		       " (already in the dataset)" : "", (int)plen, key);

	struct partition *p = dp_xmalloc(sizeof *p);
	memset(p, 0, sizeof *p);
	p->rel = dp_xmalloc(n + 1);
	memcpy(p->rel, key, n);
	p->rel[n] = '\0';
	p->cols = colset_new(w);
	if (w->nparts == w->capparts) {
		w->capparts = w->capparts ? w->capparts * 2 : 16;
		w->parts = dp_xrealloc(w->parts, w->capparts *
				       sizeof *w->parts);
	}
	w->parts[w->nparts++] = p;
	if (w->nparts * 2 > w->nslots) {
		free(w->table);
		w->nslots *= 2;
		w->table = dp_xmalloc(w->nslots * sizeof *w->table);
		memset(w->table, 0, w->nslots * sizeof *w->table);
		for (size_t i = 0; i < w->nparts; i++)
			table_put(w, w->parts[i]);
	} else {
		table_put(w, p);
	}
	return p;
}

/* Measure a partition's buffers and update the total. */
static void
measure(struct pq_writer *w, struct partition *p)
{
	size_t m = 0, u = 0;

	for (int i = 0; i < w->ncols; i++) {
		m += pq_colbuf_mem(&p->cols[i]);
		u += pq_colbuf_used(&p->cols[i]);
	}
	p->used = u;
	w->mem = w->mem - p->mem + m;
	p->mem = m;
	p->since = 0;
}

/* Wait for the row group in flight, if any; its emptied buffers become
 * the spare set and stop counting in w->mem. */
static void
drain(struct pq_writer *w)
{
	if (!w->inflight)
		return;
	pq_flusher_wait(w->flusher);
	colset_free(w, w->spare);
	w->spare = w->inflight;
	w->inflight = NULL;
	w->mem -= w->inflight_mem;
	w->inflight_mem = 0;
}

/* Hand the partition's buffered rows to the flusher, which writes them
 * as a row group (and releases their memory) while p fills the spare
 * set. */
static void
hand_off(struct pq_writer *w, struct partition *p, int release)
{
	if (!w->flusher)
		w->flusher = pq_flusher_new(&w->ctx);
	drain(w);
	w->inflight = p->cols;
	w->inflight_mem = p->mem;
	p->cols = w->spare ? w->spare : colset_new(w);
	w->spare = NULL;
	p->mem = 0;
	pq_flusher_start(w->flusher, &p->file, w->inflight, w->ncols,
			 p->rows, release);
	p->rows = 0;
	measure(w, p);
}

/* Write the partition's buffered rows as a row group: in the flusher
 * with --threads 2 (which always releases the memory), else here. */
static void
flush(struct pq_writer *w, struct partition *p, int release)
{
	if (p->rows == 0) {
		if (release) {
			for (int i = 0; i < w->ncols; i++)
				pq_colbuf_release(&p->cols[i]);
			measure(w, p);
		}
		return;
	}
	drain(w);	/* p's file may be the one in flight */
	if (!p->tmp) {
		p->tmp = pq_dataset_temp(w->ds, p->rel);
		pq_file_open(&p->file, p->tmp);
	}
	if (w->o.threads > 1 && !w->finishing) {
		hand_off(w, p, release);
		return;
	}
	pq_file_rowgroup(&p->file, p->cols, w->ncols, p->rows, &w->ctx,
			 release);
	pq_sink_suspend(&p->file.sink);
	p->rows = 0;
	measure(w, p);
}

/* Append a cell's value bytes. */
static void
put_value(struct pq_colbuf *b, const struct pq_cell *c)
{
	if (b->spec->width)
		pq_colbuf_value(b, &c->v, (size_t)b->spec->width);
	else
		pq_colbuf_value(b, c->s, c->n);
}

/* Append a row's value of one column: its levels and values. */
static void
put(struct pq_colbuf *b, const struct pq_record *r, const struct pq_cell *c)
{
	const struct pq_colspec *s = b->spec;

	if (!s->field->list) {
		pq_colbuf_level(b, 0, c->present ? s->max_def : 0);
		if (c->present)
			put_value(b, c);
		return;
	}
	if (!c->present) {
		pq_colbuf_level(b, 0, 0);
		return;
	}
	if (c->count == 0) {
		pq_colbuf_level(b, 0, s->def_list);
		return;
	}
	if (c->dense) {
		pq_colbuf_levels(b, c->count, s->max_def);
		pq_colbuf_values(b, r->scan.vec + c->first, c->count);
		return;
	}
	for (uint32_t k = 0; k < c->count; k++) {
		const struct pq_cell *e = &r->elems[c->first + k];
		pq_colbuf_level(b, k ? 1 : 0,
				e->present ? s->max_def : s->max_def - 1);
		if (e->present)
			put_value(b, e);
	}
}

/* The text of a partition value; NULL for null. */
static const char *
partition_text(const struct pq_field *f, const struct pq_cell *c, char *buf,
	       size_t bufn, size_t *n)
{
	if (!c->present)
		return NULL;
	switch (f->kind) {
	case PQ_INT32:
		*n = (size_t)snprintf(buf, bufn, "%d", (int)c->v.i32);
		return buf;
	case PQ_INT64:
		*n = (size_t)snprintf(buf, bufn, "%lld", (long long)c->v.i64);
		return buf;
	case PQ_BOOL:
		*n = c->v.b ? 4 : 5;
		return c->v.b ? "true" : "false";
	default:
		*n = c->n;
		return c->s;
	}
}

/* See parquet.h. */
int
pq_writer_add(struct pq_writer *w, const struct pq_record *r,
	      struct dp_buf *err)
{
	struct partition *p;

	w->key.len = 0;
	for (int k = 0; k < w->o.npartition; k++) {
		const struct pq_field *f = &w->schema->fields[
			w->o.partition_by[k]];
		char buf[32];
		size_t n = 0;
		const char *s = partition_text(f, &r->cells[
			w->o.partition_by[k]], buf, sizeof buf, &n);
		if (k)
			dp_buf_addc(&w->key, '/');
		if (pq_hive_dir(&w->key, f->name, s, n) != 0) {
			err->len = 0;
			dp_buf_printf(err, "field '%s': partition value too "
				      "long for a directory name", f->name);
			return -1;
		}
	}
	p = partition(w, w->key.len ? w->key.data : "", w->key.len);
	for (int i = 0; i < w->ncols; i++)
		put(&p->cols[i], r, &r->cells[w->field[i]]);
	p->rows++;
	p->total_rows++;
	if (++p->since >= MEASURE_EVERY)
		measure(w, p);
	if (p->rows >= w->o.row_group_rows || p->used >= w->rg_bytes) {
		flush(w, p, 0);
		return 0;
	}
	while (w->mem > (size_t)w->o.memory_limit) {
		/* over budget: first the row group in flight is waited
		 * for, then the largest partition's row group goes now */
		struct partition *big = NULL;
		if (w->inflight) {
			drain(w);
			continue;
		}
		for (size_t i = 0; i < w->nparts; i++) {
			struct partition *q = w->parts[i];
			if (!big || q->mem > big->mem)
				big = q;
		}
		if (!big || (!big->rows && big->mem < 64 * 1024))
			break;
		flush(w, big, 1);
	}
	return 0;
}

/* See parquet.h. */
void
pq_writer_finish(struct pq_writer *w)
{
	drain(w);
	w->finishing = 1;
	if (w->nparts == 0 && w->o.npartition == 0)
		partition(w, "", 0);	/* an empty dataset: one empty file */
	for (size_t i = 0; i < w->nparts; i++) {
		struct partition *p = w->parts[i];
		char hex[33];
		flush(w, p, 1);
		if (!p->tmp) {
			p->tmp = pq_dataset_temp(w->ds, p->rel);
			pq_file_open(&p->file, p->tmp);
		}
		pq_file_finish(&p->file, w->specs, w->ncols,
			       dp_buf_cstr(&w->schema_text), hex);
		p->bytes = p->file.sink.offset;
		pq_dataset_done(w->ds, p->tmp, p->rel, hex);
		pq_file_free(&p->file);
	}
}

static int
by_rel(const void *a, const void *b)
{
	const struct partition *x = *(struct partition *const *)a;
	const struct partition *y = *(struct partition *const *)b;

	return strcmp(x->rel, y->rel);
}

/* See parquet.h. */
void
pq_writer_summary(const struct pq_writer *w, const char *path)
{
	int64_t rows = 0;
	uint64_t bytes = 0;
	struct partition **sorted = dp_xmalloc((w->nparts + 1) *
					       sizeof *sorted);

	if (w->nparts)
		memcpy(sorted, w->parts, w->nparts * sizeof *sorted);
	qsort(sorted, w->nparts, sizeof *sorted, by_rel);
	for (size_t i = 0; i < w->nparts; i++) {
		const struct partition *p = sorted[i];
		rows += p->total_rows;
		bytes += p->bytes;
		if (w->o.npartition)
			dp_warn("%s: %lld row%s, 1 file, %llu bytes", p->rel,
				(long long)p->total_rows,
				p->total_rows == 1 ? "" : "s",
				(unsigned long long)p->bytes);
	}
	free(sorted);
	if (w->o.npartition)
		dp_warn("%lld row%s in %zu file%s (%zu partition%s), %llu "
			"bytes written to %s", (long long)rows,
			rows == 1 ? "" : "s", w->nparts,
			w->nparts == 1 ? "" : "s", w->nparts,
			w->nparts == 1 ? "" : "s", (unsigned long long)bytes,
			path);
	else
		dp_warn("%lld row%s in %zu file%s, %llu bytes written to %s",
			(long long)rows, rows == 1 ? "" : "s", w->nparts,
			w->nparts == 1 ? "" : "s", (unsigned long long)bytes,
			path);
}

/* See parquet.h. */
void
pq_writer_free(struct pq_writer *w)
{
	if (!w)
		return;
	drain(w);
	pq_flusher_free(w->flusher);
	colset_free(w, w->spare);
	for (size_t i = 0; i < w->nparts; i++) {
		struct partition *p = w->parts[i];
		colset_free(w, p->cols);
		free(p->rel);
		free(p);
	}
	free(w->parts);
	free(w->table);
	free(w->specs);
	free(w->field);
	pq_dirset_free(w->dirs);
	pq_compressor_free(w->ctx.comp);
	dp_buf_free(&w->ctx.body);
	dp_buf_free(&w->ctx.header);
	dp_buf_free(&w->key);
	dp_buf_free(&w->schema_text);
	free(w);
}
