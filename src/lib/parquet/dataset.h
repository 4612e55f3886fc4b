/* SPDX-License-Identifier: MIT */
/*
 * A dataset directory written atomically (dp-to-parquet(1), "Files,
 * modes and atomicity").
 *
 * Files are built in a staging directory named
 * .dp-tmp-<host>-<pid>-<random> (a dot first, so that no reader lists
 * it, and no file in it is named *.parquet): beside PATH, as
 * .<name>.dp-tmp-..., for --mode error and overwrite (the finished tree
 * then takes PATH's place with one rename, or an atomic exchange with the
 * old tree), inside PATH for append. An append places its files with a
 * journal in the staging directory: every name is logged (and synced)
 * before the file takes it, so that a failed commit is undone in the
 * process, and one cut short by SIGKILL or a power loss is undone by the
 * next run on the same host. The live writer holds an flock on
 * <staging>/.lock; a run removes (after undoing their journal) the
 * staging directories of its own host whose writer is gone. A run that
 * exits early, or is stopped by SIGINT, SIGTERM or SIGHUP, removes its
 * staging directory and the directories it created for PATH.
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

/* Start writing the dataset at `path`, after undoing and removing what
 * dead runs of this host left there. Every mode refuses a path that is
 * not a directory, --mode error one that is not empty, and --mode
 * overwrite one that holds anything but a dp dataset's entries or is a
 * symbolic link (exit 2, naming the entry). I/O problems exit 3. */
struct pq_dataset *pq_dataset_open(const char *path, enum pq_mode mode);
/* A new, not yet existing, temporary file path for partition directory
 * `rel` ("" or "a=x/b=y"), whose directories are created. The string
 * belongs to the dataset. */
const char *pq_dataset_temp(struct pq_dataset *ds, const char *rel);
/* The temporary file `tmp` of partition `rel` is complete and its
 * content hash is `hex`: it becomes rel/part-<hex>.parquet. */
void pq_dataset_done(struct pq_dataset *ds, const char *tmp,
		     const char *rel, const char *hex);
/* Put the files in place, all or none; _SUCCESS ends error and
 * overwrite runs. SIGINT, SIGTERM and SIGHUP are held from here on: one
 * that comes before the files are committed undoes them and then ends
 * the process, one that comes after is ignored. A failure undoes what
 * was placed and exits 3. */
void pq_dataset_commit(struct pq_dataset *ds);
/* Remove the staging directory (done at exit when not committed). */
void pq_dataset_abort(struct pq_dataset *ds);
/* Free the memory (after commit or abort). */
void pq_dataset_free(struct pq_dataset *ds);

#endif
