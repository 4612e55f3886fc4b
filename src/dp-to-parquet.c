/* SPDX-License-Identifier: MIT */
/* dp-to-parquet: records to a (Hive-partitioned) Parquet dataset. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "dp.h"
#include "parquet/parquet.h"

struct run {
	const char *output;
	enum pq_mode mode;
	struct dp_field_path **partition;	/* --partition-by */
	int npartition;
	const char *schema_arg;
	int strict;
	int print_schema;
	int allow_empty;
	int no_dictionary;
	long long rows;		/* rows written */
	struct pq_writer_opts wo;
	struct pq_schema *schema;
	int *parts;
	struct pq_spool *spool;	/* --schema infer */
	struct pq_dataset *ds;
	struct pq_record *rec;
	struct pq_writer *writer;
	struct dp_buf err;
};

/* --partition-by COLS */
static void
set_partition_by(void *ctx, const char *arg)
{
	struct run *run = ctx;

	pq_partition_paths_free(run->partition, run->npartition);
	run->partition = pq_partition_parse(arg, &run->npartition);
	if (!run->partition)
		dp_usage_error("--partition-by: no field named");
}

/* -o PATH */
static void
set_output(void *ctx, const char *arg)
{
	if (!*arg)
		dp_usage_error("--output: empty path");
	((struct run *)ctx)->output = arg;
}

/* --mode MODE */
static void
set_mode(void *ctx, const char *arg)
{
	if (pq_mode_parse(arg, &((struct run *)ctx)->mode) != 0)
		dp_usage_error("--mode: not error, append or overwrite: '%s'",
			       arg);
}

/* --compression CODEC */
static void
set_compression(void *ctx, const char *arg)
{
	if (pq_codec_parse(arg, &((struct run *)ctx)->wo.codec) != 0)
		dp_usage_error("--compression: not snappy, zstd, gzip or "
			       "none: '%s'", arg);
}

static const struct dp_option options[] = {
	DP_OPT_CALL("output", 'o', "PATH", "the dataset directory",
		    set_output),
	DP_OPT_CALL("mode", 0, "MODE", "error (default: refuse a non-empty "
		    "PATH), append, or overwrite", set_mode),
	DP_OPT_FLAG("allow-empty", 0, "let --mode overwrite replace PATH when "
		    "there are no rows (else it is kept, exit 1)", struct run,
		    allow_empty),
	DP_OPT_CALL("partition-by", 0, "COLS", "Hive partitions by these "
		    "comma-separated fields", set_partition_by),
	DP_OPT_STRING("schema", 0, "SCHEMA", "unified (default), infer, or a "
		      "schema FILE", struct run, schema_arg),
	DP_OPT_FLAG("print-schema", 0, "print the schema and exit (after "
		    "inferring it)", struct run, print_schema),
	DP_OPT_FLAG("strict", 0, "a field outside the schema is an error",
		    struct run, strict),
	DP_OPT_CALL("compression", 0, "CODEC", "snappy (default), zstd, gzip "
		    "or none", set_compression),
	DP_OPT_INT("compression-level", 0, "N", "the codec's level (zstd "
		   "1-22, gzip 1-9)", struct run, wo.level, 1, 22),
	DP_OPT_INT("row-group-size", 0, "ROWS", "rows per row group at most "
		   "(default 1048576)", struct run, wo.row_group_rows, 1,
		   LLONG_MAX),
	DP_OPT_BYTES("memory-limit", 0, "BYTES", "buffer memory for all "
		     "partitions (default 128M)", struct run, wo.memory_limit,
		     65536, LLONG_MAX),
	/* a page's size is an int32 in its header */
	DP_OPT_BYTES("page-size", 0, "BYTES", "data page size target (default "
		     "1M)", struct run, wo.page_size, 1, 1LL << 30),
	DP_OPT_FLAG("no-dictionary", 0, "PLAIN encoding only", struct run,
		    no_dictionary),
	DP_OPT_INT("threads", 0, "N", "2 (default): compress and write row "
		   "groups in a second thread while reading; 1: one thread",
		   struct run, wo.threads, 1, 2),
	DP_OPT_END
};

/* The options' combination, before anything is opened; takes no
 * operand. */
static int
check(void *ctx, int argc, char **argv)
{
	struct run *run = ctx;

	(void)argc;
	(void)argv;
	if (run->wo.codec == PQ_CODEC_GZIP && run->wo.level > 9)
		dp_usage_error("--compression-level: gzip levels are 1-9");
	if (!run->output && !run->print_schema)
		dp_usage_error("no dataset directory: -o PATH is required");
	return 0;
}

/* The schema, unless inferred, and the dataset: whether PATH may be
 * written is decided before reading input. */
static void
start(void *ctx, const struct dp_common *common)
{
	struct run *run = ctx;

	(void)common;
	run->wo.dictionary = !run->no_dictionary;
	if (!strcmp(run->schema_arg, "unified"))
		run->schema = pq_schema_unified();
	else if (strcmp(run->schema_arg, "infer"))
		run->schema = pq_schema_load(run->schema_arg);
	if (run->schema && run->partition)
		run->parts = pq_partition_fields(run->schema, run->partition,
						 run->npartition,
						 &run->wo.npartition);
	if (!run->print_schema)
		run->ds = pq_dataset_open(run->output, run->mode);
}

/* One record: convert, then write; or reject. */
static void
record(void *ctx, const char *file, long long lineno, const char *s,
       size_t n)
{
	struct run *run = ctx;
	int json;

	if (pq_record_read(run->rec, s, n, file, lineno) != 0) {
		const char *why = pq_record_error(run->rec, &json);
		dp_reject(file, lineno, why, json ? s : NULL, json ? NULL : s,
			  n);
	} else if (pq_writer_add(run->writer, run->rec, &run->err) != 0) {
		dp_reject(file, lineno, dp_buf_cstr(&run->err), s, NULL, n);
	} else {
		run->rows++;
	}
}

/* Infer the schema if asked, then print it, or write the records. */
static int
run_files(void *ctx, int argc, char **argv)
{
	struct run *run = ctx;

	if (!run->schema) {
		run->spool = pq_spool_infer(argc, argv, &run->schema);
		if (run->partition)
			run->parts = pq_partition_fields(run->schema,
							 run->partition,
							 run->npartition,
							 &run->wo.npartition);
	}
	if (run->print_schema) {
		struct dp_buf b = { 0 };
		pq_schema_format(run->schema, &b);
		dp_out_write(b.data, b.len);
		dp_buf_free(&b);
		return DP_EXIT_OK;
	}
	run->rec = pq_record_new(run->schema, run->strict);
	run->wo.partition_by = run->parts;
	run->wo.existing = run->mode == PQ_MODE_APPEND ? run->output : NULL;
	run->writer = pq_writer_new(run->schema, &run->wo, run->ds);
	if (run->spool)
		pq_spool_replay(run->spool, record, run);
	else
		pq_read_lines(argc, argv, record, run);
	return DP_EXIT_OK;
}

/* Finish and commit the dataset, unless an overwrite would empty it. */
static int
end(void *ctx)
{
	struct run *run = ctx;

	if (run->writer) {
		if (run->rows == 0 && run->mode == PQ_MODE_OVERWRITE &&
		    !run->allow_empty) {
			/* an upstream stage that failed must not empty the
			 * dataset */
			dp_rejects_finish();
			dp_die(DP_EXIT_DATA, "%s: no rows to write: the dataset "
			       "is left as it was (--allow-empty replaces it "
			       "with an empty one)", run->output);
		}
		pq_writer_finish(run->writer);
		pq_dataset_commit(run->ds);
		pq_writer_summary(run->writer, run->output);
		pq_writer_free(run->writer);
		pq_dataset_free(run->ds);
		pq_record_free(run->rec);
	}
	pq_spool_free(run->spool);
	pq_schema_free(run->schema);
	dp_buf_free(&run->err);
	free(run->parts);
	pq_partition_paths_free(run->partition, run->npartition);
	return DP_EXIT_OK;
}

int
main(int argc, char *argv[])
{
	static struct run run = {
		.mode = PQ_MODE_ERROR,
		.schema_arg = "unified",
		.wo = { .codec = PQ_CODEC_SNAPPY, .row_group_rows = 1048576,
			.memory_limit = 128LL << 20, .page_size = 1 << 20,
			.threads = 2 }
	};
	static const struct dp_program program = {
		.synopsis = "-o PATH [OPTION]... [FILE]...",
		.about = "Write NDJSON records as a Parquet dataset in the "
			 "directory PATH (created if\nmissing), optionally "
			 "Hive-partitioned. With no FILE, or when FILE is "
			 "-,\nread standard input.\n",
		.groups = { { options, &run } },
		.ctx = &run,
		.stdout_on_request = 1,
		.check = check,
		.start = start,
		.run = run_files,
		.end = end
	};

	return dp_main(&program, argc, argv);
}
