/* SPDX-License-Identifier: MIT */
/* Fuzz target: dp-load-sqlite's adapter (load/sqlite.c). The input is a
 * database file, opened read-only in memory (sqlite3_deserialize); the
 * adapter loads every table twice, as it is and with every column
 * named in --json-columns, then runs --preset wikipedia (which names
 * the tables it lacks). With --keep-going semantics a bad row is a
 * reject and a damaged database an error status, never an exit;
 * records go to /dev/null (messages to stderr: run with
 * -close_fd_mask=2 to hide them). */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "load/load.h"

/* Statements are cut short after this many progress calls (of 1000
 * virtual machine steps each): a crafted schema can make a read as
 * slow as it likes. */
#define MAX_PROGRESS 1000

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct dp_common c;
	int null = open("/dev/null", O_WRONLY);

	(void)argc;
	(void)argv;
	dup2(null, STDOUT_FILENO);	/* records */
	dp_common_init(&c);
	c.keep_going = 1;
	dp_out_init(0);
	dp_rejects_init(&c);
	return 0;
}

/* Progress handler: nonzero (interrupt) once the budget is spent. */
static int
progress(void *ctx)
{
	int *calls = ctx;

	return ++*calls > MAX_PROGRESS;
}

/* The first column of each row of `sql` on db (n of them), or with
 * `names` the names of its result columns; NULL when it does not
 * compile. */
static char **
strings(sqlite3 *db, const char *sql, int names, int *n)
{
	sqlite3_stmt *st;
	char **v = NULL;

	*n = 0;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK || !st)
		return NULL;
	for (int i = 0; names ? i < sqlite3_column_count(st)
			      : sqlite3_step(st) == SQLITE_ROW; i++) {
		const char *s = names ? sqlite3_column_name(st, i)
				      : (const char *)sqlite3_column_text(st, 0);
		char **more = realloc(v, (size_t)(*n + 1) * sizeof *v);

		if (!more || !s)
			break;
		v = more;
		v[(*n)++] = strdup(s);
	}
	sqlite3_finalize(st);
	return v;
}

/* Free an array of n strings. */
static void
free_strings(char **v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Load table `name` as it is, then with every column parsed as JSON. */
static void
load_table(struct dp_sqlite *s, sqlite3 *db, const char *name)
{
	char *sql = sqlite3_mprintf("SELECT * FROM \"%w\"", name);
	int n = 0;
	char **cols = sql ? strings(db, sql, 1, &n) : NULL;

	if (dp_sqlite_table(s, name, NULL, 0) == DP_EXIT_OK && n > 0)
		dp_sqlite_table(s, name, (const char *const *)cols, n);
	free_strings(cols, n);
	sqlite3_free(sql);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dp_loader run = DP_LOADER_INIT;
	sqlite3 *db = NULL;
	unsigned char *copy;
	char **tables;
	int ntables, calls = 0;
	struct dp_sqlite *s;

	if (size == 0 || sqlite3_open(":memory:", &db) != SQLITE_OK ||
	    !(copy = sqlite3_malloc64(size))) {
		sqlite3_close(db);
		return 0;
	}
	memcpy(copy, data, size);
	if (sqlite3_deserialize(db, "main", copy, (sqlite3_int64)size,
				(sqlite3_int64)size,
				SQLITE_DESERIALIZE_FREEONCLOSE |
				SQLITE_DESERIALIZE_READONLY) != SQLITE_OK) {
		sqlite3_close(db);
		return 0;
	}
	sqlite3_limit(db, SQLITE_LIMIT_LENGTH, 1 << 16);
	sqlite3_limit(db, SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 100);
	sqlite3_progress_handler(db, 1000, progress, &calls);
	dp_loader_start(&run, "sqlite");
	s = dp_sqlite_new(db, "fuzz.db", &run);
	tables = strings(db, "SELECT name FROM sqlite_master WHERE type = "
			 "'table'", 0, &ntables);
	for (int i = 0; i < ntables; i++) {
		calls = 0;
		load_table(s, db, tables[i]);
	}
	calls = 0;
	dp_sqlite_wikipedia(s);
	free_strings(tables, ntables);
	dp_sqlite_close(s);
	return 0;
}
