/* SPDX-License-Identifier: MIT */
/* --schema infer: a first pass over the input that infers the schema
 * (infer.c) and keeps every record, with where it came from, in a
 * temporary file that the second pass reads back (pq_spool_* in
 * parquet.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "infer.h"
#include "parquet.h"
#include "schema.h"

struct pq_spool {
	struct pq_infer *infer;
	struct dp_scan scan;
	FILE *file;
	char *path;
	char **names;		/* input names, by index in the spool */
	int nnames;
	pq_line_fn fn;		/* pq_spool_replay's callback */
	void *ctx;
};

/* The spool file while there is one, for remove_spool. */
static char *spool_to_remove;

/* At exit: remove the spool file. */
static void
remove_spool(void)
{
	if (spool_to_remove)
		unlink(spool_to_remove);
}

/* Pass one, a record: count its value kinds and keep it in the spool
 * with its origin, as "INDEX LINE JSON". */
static void
spool(void *ctx, const char *file, long long lineno, const char *s,
      size_t n)
{
	struct pq_spool *sp = ctx;

	if (dp_scan_line_lax(&sp->scan, s, n) != 0) {
		struct dp_buf why = { 0 };
		if (dp_scan_error(&why, s, n) != 0)
			dp_die(DP_EXIT_INTERNAL, "a record the scanner "
			       "refused is valid JSON");
		dp_reject(file, lineno, dp_buf_cstr(&why), NULL, s, n);
		dp_buf_free(&why);
		return;
	}
	pq_infer_record(sp->infer, &sp->scan);
	if (sp->nnames == 0 || strcmp(sp->names[sp->nnames - 1], file)) {
		sp->names = dp_xrealloc(sp->names, ((size_t)sp->nnames + 1) *
					sizeof *sp->names);
		sp->names[sp->nnames++] = dp_xstrdup(file);
	}
	if (fprintf(sp->file, "%d %lld ", sp->nnames - 1, lineno) < 0 ||
	    fwrite(s, 1, n, sp->file) != n || putc('\n', sp->file) == EOF)
		dp_die(DP_EXIT_IO, "%s: write error:", sp->path);
}

/* Pass two, a spooled record: "INDEX LINE JSON" to the replay's fn. */
static void
unspool(void *ctx, const char *file, long long lineno, const char *s,
	size_t n)
{
	struct pq_spool *sp = ctx;
	char *end;
	long idx = strtol(s, &end, 10);
	long long line = strtoll(end, &end, 10);

	(void)file;
	(void)lineno;
	end++;
	sp->fn(sp->ctx, sp->names[idx], line, end, n - (size_t)(end - s));
}

/* See parquet.h. */
struct pq_spool *
pq_spool_infer(int nfiles, char **files, struct pq_schema **schema)
{
	struct pq_spool *sp = dp_xmalloc(sizeof *sp);
	const char *tmp = getenv("TMPDIR");
	struct dp_buf path = { 0 };
	int fd;

	memset(sp, 0, sizeof *sp);
	dp_buf_printf(&path, "%s/dp-to-parquet-XXXXXX",
		      tmp && *tmp ? tmp : "/tmp");
	fd = mkstemp(path.data);
	if (fd < 0 || !(sp->file = fdopen(fd, "w")))
		dp_die(DP_EXIT_IO, "%s:", path.data);
	sp->path = path.data;
	spool_to_remove = path.data;
	atexit(remove_spool);
	sp->infer = pq_infer_new();
	pq_read_lines(nfiles, files, spool, sp);
	if (fclose(sp->file) != 0)
		dp_die(DP_EXIT_IO, "%s: write error:", sp->path);
	*schema = pq_infer_schema(sp->infer);
	if ((*schema)->n == 0)
		dp_die(DP_EXIT_DATA, "--schema infer: no records, no fields");
	pq_infer_free(sp->infer);
	dp_scan_free(&sp->scan);
	return sp;
}

/* See parquet.h. */
void
pq_spool_replay(struct pq_spool *sp, pq_line_fn fn, void *ctx)
{
	sp->fn = fn;
	sp->ctx = ctx;
	dp_progress_restart();
	pq_read_lines(1, &sp->path, unspool, sp);
}

/* See parquet.h. */
void
pq_spool_free(struct pq_spool *sp)
{
	if (!sp)
		return;
	unlink(sp->path);
	spool_to_remove = NULL;
	free(sp->path);
	for (int i = 0; i < sp->nnames; i++)
		free(sp->names[i]);
	free(sp->names);
	free(sp);
}
