/* SPDX-License-Identifier: MIT */
/* Fuzz target: the Parquet metadata reader (parquet/footer.c on
 * parquet/thrift_read.c) on hostile bytes.
 *
 * Input: one mode byte, then the bytes. Mode bit 0 set: the bytes are
 * a page header (pq_pagehdr_parse). Else they are FileMetaData, parsed
 * with pq_footer_parse, or with bit 1 set wrapped as the footer of a
 * file in memory (PAR1, the data area, the bytes, their length, PAR1)
 * and read with pq_footer_read. Bits 2-7: the data area, in KiB, that
 * chunks must fall in.
 *
 * A success must give what footer.h promises (every chunk in the data
 * area, levels and shapes consistent, sizes not negative); a failure a
 * message and a zeroed footer. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "parquet/footer.h"

/* Abort unless the parsed footer keeps footer.h's promises for a data
 * area ending at data_end. */
static void
check_footer(const struct pq_footer *f, int64_t data_end)
{
	int next = 0;

	if (f->nleaves < 0 || f->nfields < 0 || f->nrowgroups < 0 ||
	    f->num_rows < 0 || f->nkv < 0)
		abort();
	for (int i = 0; i < f->nleaves; i++) {
		const struct pq_leaf *l = &f->leaves[i];
		if (!l->path || l->type < PQ_T_BOOLEAN || l->type > PQ_T_FIXED ||
		    l->max_rep < 0 || l->max_def < l->max_rep ||
		    l->field < 0 || l->field >= f->nfields ||
		    (l->type == PQ_T_FIXED && l->type_length < 1))
			abort();
		if (l->meaning == PQ_M_DECIMAL &&
		    (l->precision < 1 || l->scale < 0 ||
		     l->scale > l->precision))
			abort();
	}
	for (int i = 0; i < f->nfields; i++) {
		const struct pq_topfield *t = &f->fields[i];
		if (!t->name || t->leaf != next || t->nleaves < 0 ||
		    t->leaf + t->nleaves > f->nleaves)
			abort();
		next += t->nleaves;
		if (t->shape != PQ_SHAPE_NESTED &&
		    (t->nleaves != 1 ||
		     f->leaves[t->leaf].max_rep !=
		     (t->shape == PQ_SHAPE_LIST)))
			abort();
	}
	if (next != f->nleaves)
		abort();
	for (int g = 0; g < f->nrowgroups; g++) {
		const struct pq_rowgroup *rg = &f->rowgroups[g];
		if (rg->num_rows < 0 || (f->nleaves && !rg->chunks))
			abort();
		for (int c = 0; c < f->nleaves; c++) {
			const struct pq_chunkmeta *ch = &rg->chunks[c];
			if (ch->num_values < 0 || ch->start < 4 ||
			    ch->length < 0 || ch->start > data_end ||
			    ch->length > data_end - ch->start)
				abort();
		}
	}
	for (int i = 0; i < f->nkv; i++)
		if (!f->kv_keys[i])
			abort();
}

/* Abort if a failed parse left no message or anything in f. */
static void
check_failure(const struct pq_footer *f, const struct dp_buf *err)
{
	if (!err->len || f->leaves || f->fields || f->rowgroups ||
	    f->created_by || f->kv_keys || f->kv_values)
		abort();
}

/* The footer of a file in memory: PAR1, `area` bytes, meta, length,
 * PAR1, read with pq_footer_read. */
static int
read_as_file(struct pq_footer *f, const uint8_t *meta, size_t n,
	     size_t area, struct dp_buf *err)
{
	int fd = memfd_create("fuzz_parquet_footer", 0), rc;
	unsigned char len[4];
	size_t size = 4 + area + n + 8;

	if (fd < 0 || ftruncate(fd, (off_t)size) != 0)
		abort();
	for (int i = 0; i < 4; i++)
		len[i] = (unsigned char)((uint64_t)n >> (8 * i));
	if (pwrite(fd, "PAR1", 4, 0) != 4 ||
	    (n && pwrite(fd, meta, n, (off_t)(4 + area)) != (ssize_t)n) ||
	    pwrite(fd, len, 4, (off_t)(4 + area + n)) != 4 ||
	    pwrite(fd, "PAR1", 4, (off_t)(size - 4)) != 4)
		abort();
	rc = pq_footer_read(f, fd, size, err);
	close(fd);
	return rc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dp_buf err = { 0 };
	struct pq_footer f;
	struct pq_pagehdr h;
	size_t n, area;
	long used;
	int rc;

	if (size < 1)
		return 0;
	n = size - 1;
	area = (size_t)(data[0] >> 2) << 10;
	if (data[0] & 1) {
		used = pq_pagehdr_parse(&h, data + 1, n, &err);
		if (used < 0) {
			if (!err.len)
				abort();
		} else if (used == 0 || (size_t)used > n ||
			   h.uncompressed_size < 0 || h.compressed_size < 0 ||
			   h.num_values < 0 || h.num_nulls < 0 ||
			   h.num_rows < 0 || h.def_length < 0 ||
			   h.rep_length < 0 ||
			   (int64_t)h.def_length + h.rep_length >
			   h.compressed_size) {
			abort();
		}
	} else {
		if (data[0] & 2)
			rc = read_as_file(&f, data + 1, n, area, &err);
		else
			rc = pq_footer_parse(&f, data + 1, n, 4 + area + n + 8,
					     &err);
		if (rc == 0)
			check_footer(&f, (int64_t)(4 + area));
		else
			check_failure(&f, &err);
		pq_footer_free(&f);
	}
	dp_buf_free(&err);
	return 0;
}
