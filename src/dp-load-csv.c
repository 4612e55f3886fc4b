/* SPDX-License-Identifier: MIT */
/* dp-load-csv: CSV or TSV rows (RFC 4180) to NDJSON records. */
#include <stdlib.h>
#include <string.h>

#include "load/load.h"

struct csv_run {
	struct dp_csv_options o;
	int no_header;		/* --no-header */
	struct dp_loader ld;
	struct dp_csv_loader *csv;
};

/* --delimiter C: one byte, a single character, the text "\t" or the
 * word "tab". */
static void
set_delimiter(void *ctx, const char *arg)
{
	struct csv_run *run = ctx;

	if (strcmp(arg, "\\t") == 0 || strcmp(arg, "tab") == 0) {
		run->o.delim = '\t';
		return;
	}
	if (strlen(arg) != 1)
		dp_usage_error("--delimiter: not a single character: '%s'",
			       arg);
	if (arg[0] == '"' || arg[0] == '\n' || arg[0] == '\r')
		dp_usage_error("--delimiter: cannot be a quote or a line "
			       "ending");
	run->o.delim = (unsigned char)arg[0];
}

/* --types auto|string */
static void
set_types(void *ctx, const char *arg)
{
	struct csv_run *run = ctx;

	if (strcmp(arg, "auto") == 0)
		run->o.typed = 1;
	else if (strcmp(arg, "string") == 0)
		run->o.typed = 0;
	else
		dp_usage_error("--types: not auto or string: '%s'", arg);
}

static const struct dp_option options[] = {
	DP_OPT_CALL("delimiter", 'd', "C", "field delimiter: one character, "
		    "'\\t' or 'tab' (default ',')", set_delimiter),
	DP_OPT_FLAG("no-header", 0, "the first row is data; columns are "
		    "named c1, c2, ...", struct csv_run, no_header),
	DP_OPT_CALL("types", 0, "MODE", "auto (default): numbers, true/false "
		    "and empty fields become JSON numbers, booleans and null; "
		    "string: all values are strings", set_types),
	DP_OPT_END
};

static const struct dp_option loader_options[] = {
	DP_LOADER_OPT_TYPE('t', "entity_type for records that lack one "
			   "(default: from the file name)"),
	DP_LOADER_OPT_LIMIT,
	DP_OPT_END
};

/* Once the options are read: the loader. */
static void
start(void *ctx, const struct dp_common *common)
{
	struct csv_run *run = ctx;

	(void)common;
	run->o.header = !run->no_header;
	dp_loader_start(&run->ld, "csv");
	run->csv = dp_csv_new(&run->o, &run->ld);
}

/* Load the files in turn (stdin without any) up to --limit; a bad
 * header ends the run with exit 1 at once. */
static int
run_files(void *ctx, int argc, char **argv)
{
	struct csv_run *run = ctx;

	dp_progress_expect_files(argc, argv);
	if (argc == 0 && !dp_loader_done(&run->ld) &&
	    dp_csv_load_file(run->csv, "-") != 0)
		exit(DP_EXIT_DATA);
	for (int i = 0; i < argc && !dp_loader_done(&run->ld); i++)
		if (dp_csv_load_file(run->csv, argv[i]) != 0)
			exit(DP_EXIT_DATA);
	return DP_EXIT_OK;
}

/* Free the loader. */
static int
end(void *ctx)
{
	dp_csv_free(((struct csv_run *)ctx)->csv);
	return DP_EXIT_OK;
}

int
main(int argc, char *argv[])
{
	static struct csv_run run = {
		.o = { .delim = ',', .typed = 1 },
		.ld = DP_LOADER_INIT
	};
	static const struct dp_program program = {
		.synopsis = "[OPTION]... [FILE]...",
		.about = "Load CSV or TSV rows as NDJSON records, one object "
			 "per row keyed by the\nheader row, adding the loader "
			 "envelope. With no FILE, or when FILE is -,\nread "
			 "standard input; .gz and .zst files are "
			 "decompressed.\n",
		.groups = { { options, &run }, { loader_options, &run.ld } },
		.ctx = &run,
		.start = start,
		.run = run_files,
		.end = end
	};

	return dp_main(&program, argc, argv);
}
