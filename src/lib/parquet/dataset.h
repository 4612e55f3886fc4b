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

#include "parquet.h"

/* pq_mode_parse, pq_dataset_open, pq_dataset_commit and pq_dataset_free
 * are in parquet.h. */

/* A new, not yet existing, temporary file path for partition directory
 * `rel` ("" or "a=x/b=y"), whose directories are created. The string
 * belongs to the dataset. */
const char *pq_dataset_temp(struct pq_dataset *ds, const char *rel);
/* The temporary file `tmp` of partition `rel` is complete and its
 * content hash is `hex`: it becomes rel/part-<hex>.parquet. */
void pq_dataset_done(struct pq_dataset *ds, const char *tmp,
		     const char *rel, const char *hex);
/* Remove the staging directory (done at exit when not committed). */
void pq_dataset_abort(struct pq_dataset *ds);

#endif
