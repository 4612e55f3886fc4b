/* SPDX-License-Identifier: MIT */
/*
 * A thread that encodes, compresses and writes one row group while the
 * reading thread goes on filling the next: compression (zstd above all)
 * costs as much as reading the records, and a second core can do it.
 * One row group at a time is in flight; its file, column buffers and
 * the page context belong to the thread until pq_flusher_wait returns.
 */
#ifndef PARQUET_FLUSHER_H
#define PARQUET_FLUSHER_H

#include <stdint.h>

#include "column.h"
#include "file.h"

struct pq_flusher;

/* A flusher writing with ctx, which the caller must not touch while a
 * row group is in flight. The thread starts with SIGINT, SIGTERM and
 * SIGHUP blocked, so that they reach the reading thread. */
struct pq_flusher *pq_flusher_new(struct pq_pagectx *ctx);
/* Write nrows rows of cols as a row group of file (pq_file_rowgroup,
 * releasing the buffers' memory, then pq_sink_suspend), in the thread;
 * waits first for the row group in flight. A write error ends the
 * process from the thread, as it would have from the caller. */
void pq_flusher_start(struct pq_flusher *fl, struct pq_file *file,
		      struct pq_colbuf *cols, int ncols, int64_t nrows,
		      int release);
/* Wait until no row group is in flight. */
void pq_flusher_wait(struct pq_flusher *fl);
/* Wait, end the thread and free the flusher; NULL is a no-op. */
void pq_flusher_free(struct pq_flusher *fl);

#endif
