/* SPDX-License-Identifier: MIT */
/* dp-load-json: JSON arrays, NDJSON or concatenated JSON to records. */
#include "dp.h"
#include "load/load.h"

struct json_run {
	struct dp_loader ld;
	struct dp_field_path *path;	/* --path, or NULL */
	struct dp_json_loader *json;
};

/* --path PATH: a field path (dp(7), FIELD PATHS). */
static void
set_path(void *ctx, const char *arg)
{
	dp_field_path_option(&((struct json_run *)ctx)->path, "--path", arg);
}

static const struct dp_option loader_options[] = {
	DP_LOADER_OPT_TYPE('t', "entity_type for records that lack one "
			   "(default: from the file name)"),
	DP_LOADER_OPT_LIMIT,
	DP_OPT_END
};

static const struct dp_option options[] = {
	DP_OPT_CALL("path", 'p', "PATH", "split the array at this path "
		    "in a top-level object", set_path),
	DP_OPT_END
};

/* Once the options are read: the loader. */
static void
start(void *ctx, const struct dp_common *common)
{
	struct json_run *run = ctx;

	dp_loader_start(&run->ld, "json");
	run->json = dp_json_loader_new(&run->ld, run->path,
				       common->keep_going);
}

/* Load the files in turn (stdin without any) up to --limit. */
static int
run_files(void *ctx, int argc, char **argv)
{
	struct json_run *run = ctx;

	dp_progress_expect_files(argc, argv);
	if (argc == 0 && !dp_loader_done(&run->ld))
		dp_json_loader_file(run->json, "-");
	for (int i = 0; i < argc && !dp_loader_done(&run->ld); i++)
		dp_json_loader_file(run->json, argv[i]);
	return DP_EXIT_OK;
}

/* Free the loader and the path. */
static int
end(void *ctx)
{
	struct json_run *run = ctx;

	dp_json_loader_free(run->json);
	dp_field_path_free(run->path);
	return DP_EXIT_OK;
}

int
main(int argc, char *argv[])
{
	static struct json_run run = { .ld = DP_LOADER_INIT };
	static const struct dp_program program = {
		.synopsis = "[OPTION]... [FILE]...",
		.about = "Split JSON arrays, NDJSON or concatenated JSON into "
			 "NDJSON records, one\nobject per line, adding the "
			 "loader envelope. With no FILE, or when FILE\nis -, "
			 "read standard input; .gz and .zst files are "
			 "decompressed.\n",
		.groups = { { loader_options, &run.ld }, { options, &run } },
		.ctx = &run,
		.start = start,
		.run = run_files,
		.end = end
	};

	return dp_main(&program, argc, argv);
}
