/* SPDX-License-Identifier: MIT */
/* dp-load-parquet: the rows of Parquet files and datasets as NDJSON
 * records. The reader is parquet/read.c. */
#include <limits.h>
#include <string.h>

#include "dp.h"
#include "parquet/parquet.h"

struct run {
	char **columns;		/* --columns, copies */
	int ncolumns;
	long long limit;	/* --limit, -1: all */
};

/* --columns LIST: the comma-separated names, each copied; an empty or
 * repeated name is a usage error. */
static void
set_columns(void *ctx, const char *arg)
{
	struct run *run = ctx;

	dp_name_list_add(&run->columns, &run->ncolumns, "--columns", "column",
			 arg);
}

static const struct dp_option options[] = {
	DP_OPT_CALL("columns", 'c', "LIST", "only these fields "
		    "(comma-separated), in this order", set_columns),
	DP_OPT_INT("limit", 'n', "N", "stop after N records", struct run, limit,
		   0, LLONG_MAX),
	DP_OPT_END
};

/* At least one PATH, none of them standard input. */
static int
check(void *ctx, int argc, char **argv)
{
	(void)ctx;
	if (argc == 0)
		dp_usage_error("missing PATH operand (a Parquet file or a "
			       "dataset directory)");
	for (int i = 0; i < argc; i++)
		if (!strcmp(argv[i], "-") || !*argv[i])
			dp_usage_error("'%s': Parquet is read from its end, so "
				       "not from standard input: give a file "
				       "or a dataset directory", argv[i]);
	return 0;
}

/* Every record of every PATH, in order. */
static int
run_paths(void *ctx, int argc, char **argv)
{
	struct run *run = ctx;
	struct dp_buf b = { 0 };
	long long n = 0;

	for (int i = 0; i < argc && dp_progress_on(); i++) {
		struct pq_reader *r = pq_reader_open(argv[i], NULL, 0);
		long long rows = pq_reader_count_rows(r);
		if (rows >= 0)
			dp_progress_expect_records(rows);
		pq_reader_free(r);
	}
	for (int i = 0; i < argc && n != run->limit; i++) {
		struct pq_reader *r = pq_reader_open(argv[i], run->columns,
						     run->ncolumns);
		const char *missing;
		int k = 0, status;
		while (n != run->limit &&
		       (b.len = 0, k = pq_reader_next(r, &b)) > 0) {
			dp_out_record(&b);
			dp_progress_record();
			n++;
		}
		if (k < 0) {
			const char *why = pq_reader_error(r, &status);
			dp_die(status, "%s", why);
		}
		if (n != run->limit && (missing = pq_reader_missing(r)) &&
		    pq_reader_files(r) > 0)
			dp_die(DP_EXIT_DATA, "%s: no column '%s' in any file",
			       argv[i], missing);
		pq_reader_free(r);
	}
	dp_buf_free(&b);
	return DP_EXIT_OK;
}

/* Free the option lists. */
static int
end(void *ctx)
{
	struct run *run = ctx;

	dp_name_list_free(run->columns, run->ncolumns);
	return DP_EXIT_OK;
}

int
main(int argc, char **argv)
{
	static struct run run = { .limit = -1 };
	static const struct dp_program program = {
		.synopsis = "[OPTION]... PATH...",
		.about = "Write the rows of Parquet files as NDJSON records: "
			 "each PATH is a Parquet file or a\ndataset directory "
			 "(every .parquet file below it, Hive partition "
			 "values as\nfields), as dp-to-parquet writes "
			 "them.\n",
		.groups = { { options, &run } },
		.ctx = &run,
		.check = check,
		.run = run_paths,
		.end = end
	};

	return dp_main(&program, argc, argv);
}
