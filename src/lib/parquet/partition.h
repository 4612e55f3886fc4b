/* SPDX-License-Identifier: MIT */
/*
 * Hive partition directories: escaping values into directory names, and
 * finding distinct values that would share a directory on a
 * case-insensitive file system, within a run and with the directories
 * already in the dataset.
 */
#ifndef PARQUET_PARTITION_H
#define PARQUET_PARTITION_H

#include <stddef.h>

#include "dp.h"

#define PQ_HIVE_DEFAULT "__HIVE_DEFAULT_PARTITION__"

/* Append "name=value", name and value (n bytes at s; s NULL for a null
 * value) both escaped as Spark's ExternalCatalogUtils.escapePathName
 * does (getPartitionPathString), %XX with upper-case hex: control
 * characters, '"', '#', '%', '\'', '*', '/', ':', '=', '?', '\\', DEL,
 * '{', '[', ']', '^'; so the result is always one path component. Null
 * and empty values give __HIVE_DEFAULT_PARTITION__. A value that a
 * reader would take for something else is escaped whole: "null" in any
 * letter case (DuckDB reads p=null as a null) every byte; that name in
 * any case, "." and ".." their '.' and '_' too; so that no value reads
 * back as a null or climbs out of the dataset. Returns -1 (and appends
 * nothing) when the result would pass 255 bytes. */
int pq_hive_dir(struct dp_buf *out, const char *name, const char *s,
		size_t n);
/* Read a directory name that pq_hive_dir (or another Hive writer)
 * made: "name=value" with %XX decoded in both, NUL-terminated: 0, 1
 * when the value is __HIVE_DEFAULT_PARTITION__ (a null), or -1 when it
 * is not "name=value". */
int pq_hive_parse(const char *component, struct dp_buf *name,
		  struct dp_buf *value);

struct pq_dirset;

struct pq_dirset *pq_dirset_new(void);
/* Record partition path `path` ("a=x/b=y", n bytes). Returns 0; or,
 * when a directory on the path differs from a recorded one only in
 * letter case (Unicode simple case folding, as dp_utf8_fold), sets
 * *other to that one (NUL-terminated) and *prefix_len to the length of
 * path's own, and returns -1, or -2 when *other is in the dataset
 * (pq_dirset_seed). */
int pq_dirset_add(struct pq_dirset *d, const char *path, size_t n,
		  const char **other, size_t *prefix_len);
/* Record the partition directories (key=value names, not hidden)
 * already in the dataset at `root`, `depth` levels deep, for --mode
 * append. They may differ in case among themselves. A directory that
 * cannot be read exits 3. */
void pq_dirset_seed(struct pq_dirset *d, const char *root, int depth);
void pq_dirset_free(struct pq_dirset *d);

#endif
