/* SPDX-License-Identifier: MIT */
/* dp-embed: add an embedding of a text field to every record. */
#include <stdlib.h>
#include <string.h>

#include "dp.h"
#include "embed/embed.h"

enum kind { EMBED, NO_TEXT, PASS };

/* A record waiting for its vector: the input's scan while the record
 * is read (the hash provider delivers at once), else a copy of its
 * line, scanned again when its turn comes. */
struct rec {
	const struct dp_scan *scan;
	char *copy;
	size_t len;
	const char *file;	/* lives as long as the run (dp.h) */
	long long line;
	enum kind kind;
};

struct run {
	struct dp_embed_opts o;
	struct dp_embedder *e;
	char generated_at[32];
	struct dp_buf out, text, place;
	struct dp_jout jout;
	struct dp_scan held;	/* a copied record, scanned again */
	struct rec *reading;	/* the record being read, until delivered */
	long long records, no_text;
};

/* The engine's delivery, in input order. */
static void
on_done(void *ctx, void *user, const float *v, int dim, const char *error)
{
	struct run *r = ctx;
	struct rec *rec = user;
	const struct dp_scan *s = rec->scan;

	if (rec == r->reading)
		r->reading = NULL;
	if (!s) {
		if (dp_scan_line(&r->held, rec->copy, rec->len) != 0)
			dp_die(DP_EXIT_INTERNAL, "a record copy no longer "
			       "scans");
		s = &r->held;
	}
	r->out.len = 0;
	if (error) {
		dp_scan_write(&r->out, s);
		/* Records are delivered in order: all before this one are
		 * out, so stopping here needs no draining (nor could it
		 * drain from inside the embedder). */
		dp_rejects_on_stop(NULL, NULL);
		dp_reject(rec->file, rec->line, error, r->out.data, NULL,
			  r->out.len);
	} else if (rec->kind == PASS) {
		dp_scan_write(&r->out, s);
		dp_out_record(&r->out);
	} else {
		dp_embed_record_write(&r->out, &r->jout, s, v, dim,
				      dp_embedder_model(r->e),
				      r->generated_at);
		dp_out_record(&r->out);
	}
	free(rec->copy);
	free(rec);
}

/* Is the text empty or only white space? (A NUL byte is text.) */
static int
blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!s[i] || !strchr(" \t\r\n\f\v", s[i]))
			return 0;
	return 1;
}

/* Hand one record to the engine. */
static void
submit(struct run *r, struct rec *rec)
{
	const struct dp_scan *s = rec->scan;
	struct dp_jspan t;
	const char *text = NULL;
	size_t n = 0;
	int found;

	if (r->o.skip_existing &&
	    dp_embed_record_has(s, dp_embedder_model(r->e),
				dp_embedder_dim(r->e))) {
		rec->kind = PASS;
		dp_embedder_pass(r->e, rec, NULL);
		return;
	}
	found = dp_scan_get(s, r->o.field, &t);
	if (found && t.type != DP_JSTRING && t.type != DP_JNULL) {
		struct dp_buf msg = { 0 };
		dp_buf_printf(&msg, "field \"%s\" is not a string",
			      r->o.field->text);
		dp_embedder_pass(r->e, rec, msg.data);
		dp_buf_free(&msg);
		return;
	}
	if (found && t.type == DP_JSTRING)
		text = dp_jspan_str(&t, &r->text, &n);
	if (!found || t.type == DP_JNULL || blank(text, n)) {
		if (r->no_text++ < 5 && !r->o.dry_run)
			dp_warn_at(dp_record_place(&r->place, rec->file,
						   rec->line, s),
				   0, "no text in \"%s\": the embedding is "
				   "null", r->o.field->text);
		rec->kind = NO_TEXT;
		dp_embedder_pass(r->e, rec, NULL);
		return;
	}
	dp_embedder_submit(r->e, text, n, rec);
}

/* A stopped run: what was finished is out; exit 4. */
static DP_NORETURN void
remote_exit(void)
{
	dp_rejects_finish();
	dp_out_finish();
	exit(DP_EXIT_REMOTE);
}

/* A bad input line stops the run: first finish the requests in flight,
 * so that every record read before it is written. */
static void
drain(void *ctx)
{
	struct run *r = ctx;

	dp_embedder_finish(r->e);
}

/* Check the options' combination. */
static int
check(void *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	dp_embed_opts_check(&((struct run *)ctx)->o);
	return 0;
}

/* Once output and rejects are set up: the embedder. */
static void
start(void *ctx, const struct dp_common *common)
{
	struct run *r = ctx;

	r->o.keep_going = common->keep_going;
	dp_timestamp_now(r->generated_at);
	r->e = dp_embedder_new(&r->o, on_done, r);
	dp_progress_detail(dp_embedder_progress, r->e);
	dp_rejects_on_stop(drain, r);
}

/* Submit one record, then make progress while the window is full. A
 * record the engine keeps gets a copy of its line: the input's is
 * reused for the next record. */
static void
record(void *ctx, const struct dp_record *in)
{
	struct run *r = ctx;
	struct rec *rec = dp_xmalloc(sizeof *rec);

	*rec = (struct rec){ .scan = in->scan, .file = in->file,
			     .line = in->line, .kind = EMBED };
	r->records++;
	r->reading = rec;
	submit(r, rec);
	if (r->o.dry_run) {	/* nothing is delivered */
		free(rec);
	} else if (r->reading) {
		rec->len = in->scan->len;
		rec->copy = dp_xmalloc(rec->len);
		memcpy(rec->copy, in->scan->line, rec->len);
		rec->scan = NULL;
	}
	r->reading = NULL;
	while (dp_embedder_backlog(r->e) >= dp_embedder_window(r->e))
		if (dp_embedder_step(r->e))
			remote_exit();
}

/* Every record read lacked text in the field (all got a null
 * embedding): say so and return the status that ends the run, 1, since
 * such output is useless to dp-search. */
static int
all_without_text(const struct run *r)
{
	dp_warn("none of the %lld record%s has text in \"%s\": run dp-enrich "
		"first, or name the field with --field", r->records,
		r->records == 1 ? "" : "s", r->o.field->text);
	return DP_EXIT_DATA;
}

/* Deliver what is in flight, report (exit 1 when no record had text),
 * free. */
static int
end(void *ctx)
{
	struct run *r = ctx;
	int status = DP_EXIT_OK;

	if (dp_embedder_finish(r->e))
		remote_exit();
	if (r->o.dry_run)
		dp_embedder_dry_report(r->e, r->records);
	else if (r->no_text > 0 && r->no_text == r->records)
		status = all_without_text(r);
	else if (r->no_text > 0)
		dp_warn("%lld record%s without text in \"%s\": null "
			"embedding%s", r->no_text, r->no_text == 1 ? "" : "s",
			r->o.field->text, r->no_text == 1 ? "" : "s");
	dp_progress_finish();	/* its line reads the embedder's counts */
	dp_embedder_free(r->e);
	dp_embed_opts_free(&r->o);
	dp_buf_free(&r->out);
	dp_buf_free(&r->text);
	dp_buf_free(&r->place);
	dp_jout_free(&r->jout);
	dp_scan_free(&r->held);
	return status;
}

int
main(int argc, char *argv[])
{
	static struct run r;
	static const struct dp_program program = {
		.synopsis = "[OPTION]... [FILE]...",
		.about = "Add an embedding of a text field to each NDJSON "
			 "record: embedding (floats),\nembedding_model, "
			 "embedding_dimension and embedding_generated_at. "
			 "Records\nkeep their order. A record without text "
			 "gets a null embedding. With no\nFILE, or when FILE "
			 "is -, read standard input.\n",
		.epilog = dp_embed_keys_help,
		.groups = { { dp_embed_provider_options, &r.o },
			    { dp_embed_run_options, &r.o } },
		.ctx = &r,
		.spans = 1,
		.check = check,
		.start = start,
		.record = record,
		.end = end
	};

	dp_embed_opts_init(&r.o);
	return dp_main(&program, argc, argv);
}
