/* SPDX-License-Identifier: MIT */
/* dp-embed: add an embedding of a text field to every record. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "dp.h"
#include "embed/embed.h"

static const struct option long_options[] = {
	DP_EMBED_PROVIDER_OPTIONS,
	DP_EMBED_RUN_OPTIONS,
	DP_COMMON_LONG_OPTIONS,
	{ NULL, 0, NULL, 0 }
};

/* Print the full help to stdout. */
static void
help(void)
{
	printf("Usage: dp-embed [OPTION]... [FILE]...\n"
	       "Add an embedding of a text field to each NDJSON record: "
	       "embedding (floats),\nembedding_model, embedding_dimension "
	       "and embedding_generated_at. Records\nkeep their order. A "
	       "record without text gets a null embedding. With no\nFILE, "
	       "or when FILE is -, read standard input.\n\n%s%s%s"
	       "\nAPI keys come from OPENAI_API_KEY, VOYAGE_API_KEY, "
	       "GEMINI_API_KEY (or\nGOOGLE_API_KEY), OLLAMA_API_KEY, or "
	       "--api-key-file; never from the command line.\n",
	       dp_embed_provider_help, dp_embed_run_help, dp_common_help);
}

enum kind { EMBED, NO_TEXT, PASS };

/* A record waiting for its vector. */
struct rec {
	json_t *json;
	const char *file;	/* interned */
	long long line;
	enum kind kind;
};

struct run {
	struct dp_embed_opts o;
	struct dp_embedder *e;
	char generated_at[32];
	struct dp_buf out;
	char **names;		/* interned file names */
	int nnames;
	long long records, no_text;
};

/* The fields dp-embed writes; an input's own are replaced. */
static const char *const added[] = {
	dp_name_embedding, dp_name_embedding_model, dp_name_embedding_dimension,
	dp_name_embedding_generated_at
};

/* A copy of the file name that lives as long as the run. */
static const char *
intern(struct run *r, const char *file)
{
	if (r->nnames && strcmp(r->names[r->nnames - 1], file) == 0)
		return r->names[r->nnames - 1];
	r->names = dp_xrealloc(r->names, (size_t)(r->nnames + 1) *
			       sizeof *r->names);
	r->names[r->nnames] = dp_xstrdup(file);
	return r->names[r->nnames++];
}

/* Write the record with the embedding fields (v NULL: null ones). */
static void
write_embedded(struct run *r, json_t *rec, const float *v, int dim)
{
	struct dp_buf *b = &r->out;

	for (size_t i = 0; i < sizeof added / sizeof *added; i++)
		json_object_del(rec, added[i]);
	b->len = 0;
	dp_json_value(b, rec);
	b->len--;		/* reopen the object */
	if (b->len > 1)
		dp_buf_addc(b, ',');
	/* the names are plain ASCII (unified.h): no escaping */
	dp_buf_printf(b, "\"%s\":", dp_name_embedding);
	if (v) {
		dp_json_float_array(b, v, dim);
		dp_buf_printf(b, ",\"%s\":", dp_name_embedding_model);
		dp_json_cstring(b, dp_embedder_model(r->e));
		dp_buf_printf(b, ",\"%s\":%d,\"%s\":\"%s\"}",
			      dp_name_embedding_dimension, dim,
			      dp_name_embedding_generated_at, r->generated_at);
	} else {
		dp_buf_printf(b, "null,\"%s\":null,\"%s\":null,\"%s\":null}",
			      dp_name_embedding_model,
			      dp_name_embedding_dimension,
			      dp_name_embedding_generated_at);
	}
	dp_out_record(b);
}

/* The engine's delivery, in input order. */
static void
on_done(void *ctx, void *user, const float *v, int dim, const char *error)
{
	struct run *r = ctx;
	struct rec *rec = user;

	if (error) {
		struct dp_buf j = { 0 };
		dp_json_value(&j, rec->json);
		/* Records are delivered in order: all before this one are
		 * out, so stopping here needs no draining (nor could it
		 * drain from inside the embedder). */
		dp_rejects_on_stop(NULL, NULL);
		dp_reject(rec->file, rec->line, error, j.data, NULL, j.len);
		dp_buf_free(&j);
	} else if (rec->kind == PASS) {
		r->out.len = 0;
		dp_json_value(&r->out, rec->json);
		dp_out_record(&r->out);
	} else {
		write_embedded(r, rec->json, v, dim);
	}
	json_decref(rec->json);
	free(rec);
}

/* Does the record already carry an embedding of this model? */
static int
has_embedding(struct run *r, json_t *rec)
{
	json_t *m = json_object_get(rec, dp_name_embedding_model);
	json_t *v = json_object_get(rec, dp_name_embedding);
	int dim = dp_embedder_dim(r->e);
	const char *model = dp_embedder_model(r->e);

	/* by length: "hash-v1\u0000x" is another model */
	return json_is_string(m) && json_string_length(m) == strlen(model) &&
	       memcmp(json_string_value(m), model, strlen(model)) == 0 &&
	       json_is_array(v) && json_array_size(v) > 0 &&
	       (!dim || json_array_size(v) == (size_t)dim);
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
submit(struct run *r, json_t *json, const char *file, long long line)
{
	struct rec *rec = dp_xmalloc(sizeof *rec);
	json_t *t;

	rec->json = json;
	rec->file = intern(r, file);
	rec->line = line;
	rec->kind = EMBED;
	if (r->o.skip_existing && has_embedding(r, json)) {
		rec->kind = PASS;
		dp_embedder_pass(r->e, rec, NULL);
		goto out;
	}
	t = dp_field_path_get(r->o.field, json);
	if (t && !json_is_string(t) && !json_is_null(t)) {
		struct dp_buf msg = { 0 };
		dp_buf_printf(&msg, "field \"%s\" is not a string",
			      r->o.field->text);
		dp_embedder_pass(r->e, rec, msg.data);
		dp_buf_free(&msg);
		goto out;
	}
	if (!t || json_is_null(t) ||
	    blank(json_string_value(t), json_string_length(t))) {
		if (r->no_text++ < 5 && !r->o.dry_run)
			dp_warn_at(file, line, "no text in \"%s\": the "
				   "embedding is null", r->o.field->text);
		rec->kind = NO_TEXT;
		dp_embedder_pass(r->e, rec, NULL);
		goto out;
	}
	dp_embedder_submit(r->e, json_string_value(t), json_string_length(t),
			   rec);
out:
	if (r->o.dry_run) {	/* nothing is delivered */
		json_decref(json);
		free(rec);
	}
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

int
main(int argc, char *argv[])
{
	struct dp_common common;
	struct run r = { 0 };
	struct dp_records *rd;
	const char *file;
	long long line;
	json_t *json;
	int c;

	dp_init(argv[0]);
	dp_common_init(&common);
	dp_embed_opts_init(&r.o);
	while ((c = getopt_long(argc, argv, "p:m:d:f:", long_options,
				NULL)) != -1) {
		if (dp_common_option(&common, c, optarg, help) ||
		    dp_embed_option(&r.o, c, optarg))
			continue;
		dp_usage_error(NULL);
	}
	dp_embed_opts_check(&r.o);
	dp_out_init(common.unbuffered);
	dp_rejects_init(&common);
	r.o.keep_going = common.keep_going;
	dp_timestamp_now(r.generated_at);
	r.e = dp_embedder_new(&r.o, on_done, &r);
	dp_rejects_on_stop(drain, &r);

	rd = dp_records_open(argc - optind, argv + optind);
	while ((json = dp_records_next(rd, &file, &line))) {
		r.records++;
		submit(&r, json, file, line);
		while (dp_embedder_backlog(r.e) >= dp_embedder_window(r.e))
			if (dp_embedder_step(r.e))
				remote_exit();
	}
	if (dp_embedder_finish(r.e))
		remote_exit();
	dp_records_close(rd);
	if (r.o.dry_run)
		dp_embedder_dry_report(r.e, r.records);
	else if (r.no_text > 0)
		dp_warn("%lld record%s without text in \"%s\": null "
			"embedding%s", r.no_text, r.no_text == 1 ? "" : "s",
			r.o.field->text, r.no_text == 1 ? "" : "s");
	dp_embedder_free(r.e);
	dp_rejects_finish();
	dp_out_finish();
	for (int i = 0; i < r.nnames; i++)
		free(r.names[i]);
	free(r.names);
	dp_buf_free(&r.out);
	dp_embed_opts_free(&r.o);
	return DP_EXIT_OK;
}
