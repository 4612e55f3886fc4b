/* SPDX-License-Identifier: MIT */
/*
 * A dataset directory written atomically (design.md "Scale").
 *
 * Files are built in a staging directory whose name starts with '.', so
 * that no reader lists it: beside PATH for --mode error and overwrite
 * (the finished tree then takes PATH's place with one rename, or an
 * atomic exchange with the old tree), inside PATH for append (each
 * finished file is then linked into place under its final name, never
 * replacing a file). A run that exits early, or is stopped by SIGINT,
 * SIGTERM or SIGHUP, removes its staging directory; one killed outright
 * leaves only that hidden directory behind.
 */
#ifndef PARQUET_DATASET_H
#define PARQUET_DATASET_H

enum pq_mode {
	PQ_MODE_ERROR,
	PQ_MODE_APPEND,
	PQ_MODE_OVERWRITE
};

/* "error", "append", "overwrite": 0 and *mode set, or -1. */
int pq_mode_parse(const char *name, enum pq_mode *mode);

struct pq_dataset;

/* Start writing the dataset at `path`. --mode error refuses a path that
 * is not an empty directory (exit 2); every mode refuses a path that is
 * not a directory. I/O problems exit 3. */
struct pq_dataset *pq_dataset_open(const char *path, enum pq_mode mode);
/* A new, not yet existing, temporary file path for partition directory
 * `rel` ("" or "a=x/b=y"), whose directories are created. The string
 * belongs to the dataset. */
const char *pq_dataset_temp(struct pq_dataset *ds, const char *rel);
/* The temporary file `tmp` of partition `rel` is complete and its
 * content hash is `hex`: it becomes rel/part-<hex>.parquet. */
void pq_dataset_done(struct pq_dataset *ds, const char *tmp,
		     const char *rel, const char *hex);
/* Put the files in place; _SUCCESS ends error and overwrite runs. */
void pq_dataset_commit(struct pq_dataset *ds);
/* Remove the staging directory (done at exit when not committed). */
void pq_dataset_abort(struct pq_dataset *ds);
/* Free the memory (after commit or abort). */
void pq_dataset_free(struct pq_dataset *ds);

#endif
