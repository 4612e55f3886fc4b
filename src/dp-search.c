/* SPDX-License-Identifier: MIT */
/* dp-search: the records most similar to a query, by cosine similarity
 * of their embeddings. */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dp.h"
#include "embed/embed.h"

struct search {
	struct dp_embed_opts o;
	long long top;		/* --top */
	const char *query;
	float *q;		/* the query's vector */
	float *v;		/* a record's vector */
	int dim;
	char *model;		/* the query's embedding_model, owned */
	char *provider_buf, *model_buf;	/* what infer() read, owned */
	struct dp_topk *best;
	long long other_model, no_embedding, bad;
};

static const struct dp_option options[] = {
	DP_OPT_INT("top", 'k', "K", "how many records (default 10)",
		   struct search, top, 0, LLONG_MAX),
	DP_OPT_END
};

/* The QUERY operand: given and not empty. */
static int
check(void *ctx, int argc, char **argv)
{
	struct search *s = ctx;

	if (argc < 1)
		dp_usage_error("no QUERY given");
	s->query = argv[0];
	if (!*s->query)
		dp_usage_error("the QUERY is empty");
	return 1;
}

/* Once output and rejects are set up: the top K. */
static void
start(void *ctx, const struct dp_common *common)
{
	struct search *s = ctx;

	(void)common;
	s->best = dp_topk_new(s->top);
}

/* A copy of n bytes as a C string. */
static char *
copy(const char *p, size_t n)
{
	char *s = dp_xmalloc(n + 1);

	memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

/* Take the provider and model from a record's embedding_model, unless
 * they were given. */
static void
infer(struct search *s, const struct dp_scan *rec)
{
	const struct dp_jfield *mv = dp_scan_field(rec, dp_name_embedding_model,
						   strlen(dp_name_embedding_model));
	const struct dp_jfield *v = dp_scan_field(rec, dp_name_embedding,
						  strlen(dp_name_embedding));
	struct dp_buf text = { 0 };
	const char *m, *slash;
	size_t n;

	if (!mv || mv->v.type != DP_JSTRING || s->o.set_provider)
		return;
	m = dp_jspan_str(&mv->v, &text, &n);
	if (dp_embed_record_model_is(rec, DP_HASH_EMBED_MODEL)) {
		s->o.provider = "hash";
		if (!s->o.dimensions && v && v->v.type == DP_JARRAY) {
			struct dp_jspan x;
			size_t pos = 0;
			while (dp_jspan_next(&v->v, &pos, NULL, &x))
				s->o.dimensions++;
		}
	} else if ((slash = memchr(m, '/', n))) {
		struct dp_buf shown = { 0 };
		dp_json_string(&shown, m, n);
		if (memchr(m, '\0', n))
			dp_die(DP_EXIT_DATA, "records embedded by a model whose "
			       "name has a NUL byte: %s", dp_buf_cstr(&shown));
		s->provider_buf = copy(m, (size_t)(slash - m));
		if (!dp_embed_provider(s->provider_buf))
			dp_die(DP_EXIT_DATA, "records embedded by an unknown "
			       "provider: %s", dp_buf_cstr(&shown));
		dp_buf_free(&shown);
		s->o.provider = s->provider_buf;
		if (!s->o.set_model) {
			s->model_buf = copy(slash + 1,
					    n - (size_t)(slash + 1 - m));
			s->o.model = s->model_buf;
		}
	}
	dp_buf_free(&text);
}

/* The engine's delivery of the query's vector. */
static void
on_query(void *ctx, void *user, const float *v, int dim, const char *error)
{
	struct search *s = ctx;

	(void)user;
	if (error || !v)
		dp_die(DP_EXIT_REMOTE, "the query could not be embedded: %s",
		       error ? error : "no vector");
	s->q = dp_xmalloc((size_t)dim * sizeof *s->q);
	memcpy(s->q, v, (size_t)dim * sizeof *s->q);
	s->dim = dim;
}

/* Embed the query with the records' provider and model. */
static void
embed_query(struct search *s, const char *query)
{
	struct dp_embedder *e;

	if (!s->o.input_type)
		s->o.input_type = "query";
	dp_embed_opts_check(&s->o);
	e = dp_embedder_new(&s->o, on_query, s);
	s->model = dp_xstrdup(dp_embedder_model(e));
	dp_embedder_submit(e, query, strlen(query), NULL);
	if (dp_embedder_finish(e))
		exit(DP_EXIT_REMOTE);
	dp_embedder_free(e);
	double norm = 0;
	for (int i = 0; i < s->dim; i++)
		norm += (double)s->q[i] * s->q[i];
	if (norm == 0)
		dp_warn("warning: the query has no features to match (every "
			"score is 0)");
}

/* Score one record; the first with an embedding says how to embed the
 * query. */
static void
score(void *ctx, const struct dp_record *r)
{
	struct search *s = ctx;
	const struct dp_scan *rec = r->scan;
	const struct dp_jfield *e = dp_scan_field(rec, dp_name_embedding,
						  strlen(dp_name_embedding));

	if (!e || e->v.type != DP_JARRAY) {
		s->no_embedding++;
		return;
	}
	if (!s->q) {
		infer(s, rec);
		embed_query(s, s->query);
		s->v = dp_xmalloc((size_t)s->dim * sizeof *s->v);
	}
	if (!dp_embed_record_model_is(rec, s->model)) {
		s->other_model++;
		return;
	}
	if (!dp_embed_record_vector(rec, s->v, s->dim)) {
		s->bad++;
		return;
	}
	dp_topk_offer(s->best, rec->line, rec->len,
		      dp_cosine(s->q, s->v, s->dim));
}

/* Write kept record `line` (n bytes) with its score: in its "score"
 * field if it has one, else last; a score that is not finite is left
 * out, as jansson's json_real refuses it. */
static void
write_hit(struct dp_buf *b, const char *line, size_t n, double sc)
{
	struct dp_scan rec = { 0 };
	struct dp_jout o = { 0 };

	if (dp_scan_line(&rec, line, n) != 0)
		dp_die(DP_EXIT_INTERNAL, "a kept record no longer scans");
	dp_jout_begin(&o, &rec);
	if (isfinite(sc))
		dp_json_double(dp_jout_set(&o, dp_name_score,
					   strlen(dp_name_score)), sc);
	b->len = 0;
	dp_jout_end(&o, b);
	dp_out_record(b);
	dp_jout_free(&o);
	dp_scan_free(&rec);
}

/* Say what was left out, print the best records, free. */
static int
end(void *ctx)
{
	struct search *s = ctx;
	struct dp_buf b = { 0 };
	long long n = dp_topk_sort(s->best);

	if (s->other_model)
		dp_warn("%lld record%s embedded by another model than %s "
			"left out", s->other_model,
			s->other_model == 1 ? "" : "s", s->model);
	if (s->bad)
		dp_warn("%lld record%s with an embedding that is not %d "
			"numbers left out", s->bad, s->bad == 1 ? "" : "s",
			s->dim);
	for (long long i = 0; i < n; i++) {
		double sc;
		size_t len;
		const char *line = dp_topk_hit(s->best, i, &len, &sc);

		write_hit(&b, line, len, sc);
	}
	dp_buf_free(&b);
	dp_topk_free(s->best);
	free(s->model);
	free(s->provider_buf);
	free(s->model_buf);
	free(s->q);
	free(s->v);
	dp_embed_opts_free(&s->o);
	return DP_EXIT_OK;
}

int
main(int argc, char *argv[])
{
	static struct search s = { .top = 10 };
	static const struct dp_program program = {
		.synopsis = "[OPTION]... QUERY [FILE]...",
		.about = "Print the K records whose embedding is most similar "
			 "to QUERY's, best first,\neach with its cosine "
			 "similarity in \"score\". QUERY is embedded like "
			 "the\nrecords (the provider and model come from "
			 "their embedding_model unless\ngiven) as a query. "
			 "With no FILE, or when FILE is -, read standard "
			 "input.\n",
		.epilog = dp_embed_keys_help,
		.groups = { { options, &s },
			    { dp_embed_provider_options, &s.o } },
		.ctx = &s,
		.spans = 1,
		.vectors = 1,
		.check = check,
		.start = start,
		.record = score,
		.end = end
	};

	dp_embed_opts_init(&s.o);
	return dp_main(&program, argc, argv);
}
