/* SPDX-License-Identifier: MIT */
/* dp-load-sqlite: the rows of a SQLite database, opened read-only, as
 * NDJSON records: a whole table, one read-only query with bound
 * parameters, or a built-in preset (--preset wikipedia). The adapter is
 * load/sqlite.c. */
#include <stdlib.h>
#include <string.h>

#include "dp.h"
#include "load/load.h"

struct sqlite_run {
	struct dp_loader ld;
	const char *table;	/* --table */
	const char *query;	/* --query */
	const char *preset;	/* --preset */
	int nsources;		/* how many of the three were given */
	const char **params;	/* --param values, in order */
	int nparams;
	char **json_columns;	/* --json-columns names, copies */
	int njson_columns;
};

/* Append `item` to the array v of *n strings; returns the array. */
static const char **
push(const char **v, int *n, const char *item)
{
	v = dp_xrealloc(v, (size_t)(*n + 1) * sizeof *v);
	v[(*n)++] = item;
	return v;
}

/* --table NAME */
static void
set_table(void *ctx, const char *arg)
{
	struct sqlite_run *run = ctx;

	run->table = arg;
	run->nsources++;
}

/* --query SQL */
static void
set_query(void *ctx, const char *arg)
{
	struct sqlite_run *run = ctx;

	run->query = arg;
	run->nsources++;
}

/* --param VALUE */
static void
add_param(void *ctx, const char *arg)
{
	struct sqlite_run *run = ctx;

	run->params = push(run->params, &run->nparams, arg);
}

/* --preset NAME: wikipedia is the one there is. */
static void
set_preset(void *ctx, const char *arg)
{
	struct sqlite_run *run = ctx;

	if (strcmp(arg, "wikipedia") != 0)
		dp_usage_error("--preset: unknown preset '%s' (known: "
			       "wikipedia)", arg);
	run->preset = arg;
	run->nsources++;
}

/* --json-columns LIST: the comma-separated names, each copied; an empty
 * or repeated name is a usage error. */
static void
add_json_columns(void *ctx, const char *arg)
{
	struct sqlite_run *run = ctx;

	dp_name_list_add(&run->json_columns, &run->njson_columns,
			 "--json-columns", "column", arg);
}

static const struct dp_option options[] = {
	DP_OPT_CALL("table", 0, "NAME", "every row of table NAME", set_table),
	DP_OPT_CALL("query", 0, "SQL", "the rows of one read-only SQL "
		    "statement", set_query),
	DP_OPT_CALL("param", 0, "VALUE", "bind VALUE to the next parameter of "
		    "--query (?1, ?2, ...) as an integer, a real or text",
		    add_param),
	DP_OPT_CALL("preset", 0, "NAME", "a built-in query; NAME is wikipedia",
		    set_preset),
	DP_OPT_CALL("json-columns", 0, "LIST", "parse the TEXT columns named "
		    "in LIST (comma-separated) as JSON", add_json_columns),
	DP_OPT_END
};

static const struct dp_option loader_options[] = {
	DP_LOADER_OPT_LIMIT,
	DP_LOADER_OPT_TYPE(0, "entity_type of the records (default: from "
			   "DB's name)"),
	DP_OPT_END
};

/* One DB operand, one source, and options that go with it; the DB is
 * left for run_db (0 operands taken). */
static int
check(void *ctx, int argc, char **argv)
{
	struct sqlite_run *run = ctx;

	if (argc == 0)
		dp_usage_error("missing DB operand");
	if (argc > 1)
		dp_usage_error("extra operand '%s'", argv[1]);
	if (!*argv[0])	/* SQLite would open a temporary database */
		dp_usage_error("the DB operand is empty");
	if (run->nsources != 1)
		dp_usage_error("give exactly one of --table, --query and "
			       "--preset");
	if (run->nparams > 0 && !run->query)
		dp_usage_error("--param needs --query");
	if (run->njson_columns > 0 && run->preset)
		dp_usage_error("--json-columns cannot be used with --preset");
	if (run->preset && !run->ld.type)
		run->ld.type = "WIKIPEDIA_ARTICLE";
	return 0;
}

/* Once the options are read: the run's envelope. */
static void
start(void *ctx, const struct dp_common *common)
{
	(void)common;
	dp_loader_start(&((struct sqlite_run *)ctx)->ld, "sqlite");
}

/* Open DB and write the records the options ask for. An error ends the
 * run at once, with its status. */
static int
run_db(void *ctx, int argc, char **argv)
{
	struct sqlite_run *run = ctx;
	const char *const *cols = (const char *const *)run->json_columns;
	struct dp_sqlite *db;
	int status;

	(void)argc;
	db = dp_sqlite_open(argv[0], &run->ld);
	if (run->preset)
		status = dp_sqlite_wikipedia(db);
	else if (run->table)
		status = dp_sqlite_table(db, run->table, cols,
					 run->njson_columns);
	else
		status = dp_sqlite_query(db, run->query, run->params,
					 run->nparams, cols,
					 run->njson_columns);
	if (status != DP_EXIT_OK)
		exit(status);
	dp_sqlite_close(db);
	return DP_EXIT_OK;
}

/* Free the option lists. */
static int
end(void *ctx)
{
	struct sqlite_run *run = ctx;

	dp_name_list_free(run->json_columns, run->njson_columns);
	free(run->params);
	return DP_EXIT_OK;
}

int
main(int argc, char **argv)
{
	static struct sqlite_run run = { .ld = DP_LOADER_INIT };
	static const struct dp_program program = {
		.synopsis = "[OPTION]... DB --table NAME\n"
			    "[OPTION]... DB --query SQL [--param VALUE]...\n"
			    "[OPTION]... DB --preset wikipedia",
		.about = "Write the rows of the SQLite database DB, opened "
			 "read-only, as NDJSON records.\n",
		.groups = { { options, &run }, { loader_options, &run.ld } },
		.ctx = &run,
		.check = check,
		.start = start,
		.run = run_db,
		.end = end
	};

	return dp_main(&program, argc, argv);
}
