/* SPDX-License-Identifier: MIT */
/*
 * The Parquet subsystem's public header: what a program needs to write
 * NDJSON records as a (Hive-partitioned) Parquet dataset
 * (dp-to-parquet(1)). A run: a schema (unified, from a file, or
 * inferred by a first pass over the input: pq_spool), the partition
 * fields, a dataset directory, then each input line read as a record
 * and handed to the writer; finish, commit.
 * The subsystem's other headers are private to src/lib/parquet/.
 */
#ifndef DP_PARQUET_H
#define DP_PARQUET_H

#include <stddef.h>

#include "dp.h"

/* ---- options ------------------------------------------------------------ */

/* What --mode does with an existing dataset directory. */
enum pq_mode {
	PQ_MODE_ERROR,
	PQ_MODE_APPEND,
	PQ_MODE_OVERWRITE
};

/* "error", "append", "overwrite": 0 and *mode set, or -1. */
int pq_mode_parse(const char *name, enum pq_mode *mode);

/* CompressionCodec values of parquet.thrift. */
enum pq_codec {
	PQ_CODEC_NONE = 0,
	PQ_CODEC_SNAPPY = 1,
	PQ_CODEC_GZIP = 2,
	PQ_CODEC_ZSTD = 6
};

/* "snappy", "zstd", "gzip", "none" (or "uncompressed"): 0 and *codec
 * set, or -1. */
int pq_codec_parse(const char *name, enum pq_codec *codec);

/* ---- the input ---------------------------------------------------------- */

/* Called with one record line: where it came from (file name and
 * 1-based line number) and its text s[0..n), NUL-terminated at n. */
typedef void (*pq_line_fn)(void *ctx, const char *file, long long line,
			   const char *s, size_t n);

/* Feed each non-blank line of the files, in turn, to fn (standard input
 * when nfiles is 0; a file named "-" is standard input too). An
 * unreadable file exits 3. (source.c) */
void pq_read_lines(int nfiles, char **files, pq_line_fn fn, void *ctx);

/* ---- the schema --------------------------------------------------------- */

/* A table schema: named, typed fields (schema file format in
 * dp-to-parquet(1)). */
struct pq_schema;

/* The unified schema (dp-enrich(1)). */
struct pq_schema *pq_schema_unified(void);
/* The schema file at path (at most 16 MB); a file that is not one is a
 * usage error naming its line (exit 2), an unreadable one exits 3.
 * (schema_file.c) */
struct pq_schema *pq_schema_load(const char *path);
/* Append the schema in schema file format. */
void pq_schema_format(const struct pq_schema *s, struct dp_buf *out);
void pq_schema_free(struct pq_schema *s);

/* --partition-by's value: comma-separated field paths (dp(7), FIELD
 * PATHS) of one key each, as partitions are top-level fields; empty
 * items are skipped. *n gets their number. A bad path is a usage error
 * (exit 2). Free with pq_partition_paths_free. (partition_by.c) */
struct dp_field_path **pq_partition_parse(const char *names, int *n);
void pq_partition_paths_free(struct dp_field_path **paths, int n);
/* The partition fields as the indices of schema s's fields, in their
 * order; *count gets their number. Each must be a string, integer or
 * bool field, named once, and one field at least must be left for the
 * files; otherwise a usage error (exit 2). The array is the caller's
 * to free. */
int *pq_partition_fields(const struct pq_schema *s,
			 struct dp_field_path *const *paths, int npaths,
			 int *count);

/* --schema infer's two passes over the input (spool.c). */
struct pq_spool;

/* Pass one: read the records of the files as pq_read_lines does,
 * counting their values' kinds, and keep each, with where it came from,
 * in a temporary file ($TMPDIR, else /tmp; removed by pq_spool_free or
 * at exit). A line that is not a JSON object goes to dp_reject. Sets
 * *schema to the narrowest schema that holds every value (each widening
 * to string reported on stderr); no field at all exits 1. */
struct pq_spool *pq_spool_infer(int nfiles, char **files,
				struct pq_schema **schema);
/* Pass two: each kept record to fn, in order, with its file name and
 * line number of pass one. */
void pq_spool_replay(struct pq_spool *sp, pq_line_fn fn, void *ctx);
/* Remove the temporary file and free the memory; sp may be NULL. */
void pq_spool_free(struct pq_spool *sp);

/* ---- records ------------------------------------------------------------ */

/* One NDJSON record converted to a schema's column values: every value
 * checked against its field's type before anything is kept, so that a
 * bad record is rejected whole. */
struct pq_record;

/* A record of schema s (which must outlive it); with `strict`, a field
 * outside the schema is an error. */
struct pq_record *pq_record_new(const struct pq_schema *s, int strict);
/* Convert the record on line[0..n) (NUL-terminated), read from
 * file:lineno. Returns 0, or -1 (see pq_record_error). A field outside
 * the schema is warned about once per name, or is an error with
 * `strict`. An integer that a double or float field cannot hold exactly
 * (beyond 2^53, or 2^24) is stored as the nearest value and warned
 * about once per field, naming the first one. */
int pq_record_read(struct pq_record *r, const char *line, size_t n,
		   const char *file, long long lineno);
/* Why the last pq_record_read failed, naming the field; *json tells
 * whether the line was a JSON object at all. */
const char *pq_record_error(struct pq_record *r, int *json);
void pq_record_free(struct pq_record *r);

/* ---- the dataset and its writer ---------------------------------------- */

/* A dataset directory written atomically (dp-to-parquet(1), "Files,
 * modes and atomicity"). */
struct pq_dataset;

/* Start writing the dataset at `path`, after undoing and removing what
 * dead runs of this host left there. Every mode refuses a path that is
 * not a directory, --mode error one that is not empty, and --mode
 * overwrite one that holds anything but a dp dataset's entries or is a
 * symbolic link (exit 2, naming the entry). I/O problems exit 3. */
struct pq_dataset *pq_dataset_open(const char *path, enum pq_mode mode);
/* Put the files in place, all or none; _SUCCESS ends error and
 * overwrite runs. SIGINT, SIGTERM and SIGHUP are held from here on: one
 * that comes before the files are committed undoes them and then ends
 * the process, one that comes after is ignored. A failure undoes what
 * was placed and exits 3. */
void pq_dataset_commit(struct pq_dataset *ds);
/* Free the memory (after commit or abort). */
void pq_dataset_free(struct pq_dataset *ds);

struct pq_writer_opts {
	enum pq_codec codec;
	int level;		/* codec level, 0 for its default */
	long long row_group_rows;
	long long memory_limit;	/* bytes */
	size_t page_size;	/* data page target, bytes */
	int dictionary;		/* use dictionary encoding where it pays */
	int threads;		/* 2: row groups are written by a second
				 * thread while records are read; else 1 */
	const int *partition_by;	/* field indices */
	int npartition;
	const char *existing;	/* --mode append: the dataset whose
				 * partition directories count in the
				 * letter-case check; else NULL */
};

/* Records to a (partitioned) Parquet dataset: rows are routed to their
 * Hive partition, buffered as column chunks, and flushed as row groups
 * when a partition reaches the row-group size, or early, largest
 * partition first, when all buffers together reach the memory limit.
 * Each partition gets one file per run. */
struct pq_writer;

/* A writer for records of schema s into dataset ds. Partition fields
 * are left out of the files. */
struct pq_writer *pq_writer_new(const struct pq_schema *s,
				const struct pq_writer_opts *o,
				struct pq_dataset *ds);
/* Add a converted record. Returns 0, or -1 with the reason in *err when
 * the record cannot go to a partition (a value too long for a directory
 * name). Two partition values that would share a directory on a
 * case-insensitive file system, or one that would share a directory
 * already in o->existing, are fatal (exit 1). */
int pq_writer_add(struct pq_writer *w, const struct pq_record *r,
		  struct dp_buf *err);
/* Flush everything and finish the files (not yet committed). */
void pq_writer_finish(struct pq_writer *w);
/* Print rows, files and bytes per partition and in total to stderr. */
void pq_writer_summary(const struct pq_writer *w, const char *path);
void pq_writer_free(struct pq_writer *w);

/* ---- reading (read.c) ------------------------------------------------- */

/* Records read back from Parquet (dp-load-parquet(1)). */
struct pq_reader;

/* Is path a Parquet file (it starts with "PAR1") or a dataset directory
 * (a _SUCCESS marker, or a .parquet file below it)? */
int pq_is_parquet(const char *path);

/* A reader of the Parquet file at path, or of every *.parquet file below
 * the directory at path, in sorted path order (entries whose names start
 * with '.' or '_' left out), their Hive "name=value" directories
 * giving fields. columns[0..ncolumns): the top-level fields wanted, in
 * that order; NULL (0) for every field, in the order dp-to-parquet
 * wrote them (its dp.schema key in the footer), else the file's order
 * and then the partition fields. A path that cannot be read exits 3; a
 * directory without a .parquet file or a _SUCCESS marker is a usage
 * error (exit 2). */
struct pq_reader *pq_reader_open(const char *path, char **columns,
				 int ncolumns);
/* How many files it reads. */
size_t pq_reader_files(const struct pq_reader *r);
/* Append the next record (a JSON object, nulls left out) to b: 1, 0
 * after the last, or -1 when a file cannot be read: see
 * pq_reader_error. */
int pq_reader_next(struct pq_reader *r, struct dp_buf *b);
/* Why pq_reader_next failed, naming the file (and the row group and
 * column where there is one); *status gets the exit status: 1 for a
 * file that is not Parquet, is damaged or uses what dp does not read, 3
 * for one that cannot be opened. */
const char *pq_reader_error(const struct pq_reader *r, int *status);
/* Leave these fields out of "every field" (columns NULL): names[0..n),
 * which must outlive the reader. Call before the first read. */
void pq_reader_leave_out(struct pq_reader *r, char **names, int n);
/* Pass over the next n records without writing them: whole row groups
 * are not even read. 1 (or 0 at the end), or -1 as pq_reader_next. */
int pq_reader_skip(struct pq_reader *r, int64_t n);

/* Reading columns one by one, for a program that needs a few values of
 * many rows (dp-search): move to the next row (1, 0 after the last, -1
 * as pq_reader_next), then take from it what it needs of the wanted
 * columns (by index k in `columns`); what it leaves is passed over.
 * Each take is 1 with the value, 0 when the row has none of that kind
 * (a null, another type, a file without the column), -1 on an error. */
int pq_reader_next_row(struct pq_reader *r);
/* A list of numbers without a null element (an embedding): *v holds
 * *n floats (DOUBLE and integer lists converted), valid until the next
 * call. 2 instead of 1 for a list that is not such a vector (empty, a
 * null element, other values); 0 for a null list or no list. */
int pq_reader_floats(struct pq_reader *r, int k, const float **v,
		     size_t *n);
/* A string: s[0..n), valid until the next call. */
int pq_reader_string(struct pq_reader *r, int k, const char **s,
		     size_t *n);
/* A wanted column that no file had so far, or NULL. */
const char *pq_reader_missing(const struct pq_reader *r);
/* Read only row groups first, first + step, first + 2 * step, ... of
 * all the files counted together (0 <= first < step), so that step
 * readers share the work; call before the first read. */
void pq_reader_stride(struct pq_reader *r, int first, int step);
/* The row that pq_reader_next_row last moved to: its index among the
 * rows of all the reader's files (rows passed over count), as
 * pq_reader_skip counts them. */
int64_t pq_reader_row_number(const struct pq_reader *r);
/* The rows of all its files, from their footers (for a progress
 * report), or -1 when a footer cannot be read. */
long long pq_reader_count_rows(const struct pq_reader *r);
void pq_reader_free(struct pq_reader *r);

#endif
