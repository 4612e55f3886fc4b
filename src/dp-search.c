/* SPDX-License-Identifier: MIT */
/* dp-search: the records most similar to a query, by cosine similarity
 * of their embeddings. */
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dp.h"
#include "embed/embed.h"

static const struct option long_options[] = {
	{ "top", required_argument, NULL, 'k' },
	DP_EMBED_PROVIDER_OPTIONS,
	DP_COMMON_LONG_OPTIONS,
	{ NULL, 0, NULL, 0 }
};

/* Print the full help to stdout. */
static void
help(void)
{
	printf("Usage: dp-search [OPTION]... QUERY [FILE]...\n"
	       "Print the K records whose embedding is most similar to "
	       "QUERY's, best first,\neach with its cosine similarity in "
	       "\"score\". QUERY is embedded like the\nrecords (the "
	       "provider and model come from their embedding_model "
	       "unless\ngiven) as a query. With no FILE, or when FILE is "
	       "-, read standard input.\n\n"
	       "  -k, --top=K             how many records (default 10)\n"
	       "%s%s", dp_embed_provider_help, dp_common_help);
}

struct hit {
	double score;
	long long seq;
	json_t *json;
};

struct search {
	struct dp_embed_opts o;
	long long top;
	float *q;		/* the query's vector */
	int dim;
	char *model;		/* the query's embedding_model, owned */
	char *provider_buf, *model_buf;	/* what infer() read, owned */
	struct hit *heap;	/* min-heap of the best `top` so far */
	long long n, cap;	/* hits in the heap, slots allocated */
	long long other_model, no_embedding, bad;
};

/* Is hit a worse than hit b (lower score, or later on a tie)? */
static int
worse(const struct hit *a, const struct hit *b)
{
	return a->score < b->score ||
	       (a->score == b->score && a->seq > b->seq);
}

/* Restore the heap below index i. */
static void
sift_down(struct hit *h, long long n, long long i)
{
	for (;;) {
		long long l = 2 * i + 1, r = l + 1, m = i;
		if (l < n && worse(&h[l], &h[m]))
			m = l;
		if (r < n && worse(&h[r], &h[m]))
			m = r;
		if (m == i)
			return;
		struct hit t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}

/* Offer a scored record to the top K. The heap grows with the records
 * seen, so a huge K costs no more than the input. */
static void
offer(struct search *s, struct hit h)
{
	if (s->n < s->top) {
		if (s->n == s->cap) {
			s->cap = s->cap ? s->cap * 2 : 64;
			if (s->cap > s->top)
				s->cap = s->top;
			s->heap = dp_xrealloc(s->heap, (size_t)s->cap *
					      sizeof *s->heap);
		}
		long long i = s->n++;
		s->heap[i] = h;
		while (i > 0 && worse(&s->heap[i], &s->heap[(i - 1) / 2])) {
			struct hit t = s->heap[i];
			s->heap[i] = s->heap[(i - 1) / 2];
			s->heap[(i - 1) / 2] = t;
			i = (i - 1) / 2;
		}
	} else if (s->top > 0 && worse(&s->heap[0], &h)) {
		json_decref(s->heap[0].json);
		s->heap[0] = h;
		sift_down(s->heap, s->n, 0);
	} else {
		json_decref(h.json);
	}
}

/* Read the record's embedding into v[dim]; 0 if it is not one. */
static int
read_vector(json_t *a, float *v, int dim)
{
	size_t i;
	json_t *x;

	if (!json_is_array(a) || json_array_size(a) != (size_t)dim)
		return 0;
	json_array_foreach(a, i, x) {
		if (json_is_real(x))
			v[i] = (float)json_real_value(x);
		else if (json_is_integer(x))
			v[i] = (float)json_integer_value(x);
		else
			return 0;
	}
	return 1;
}

/* Is the JSON value v the string s, byte for byte (a NUL in v is not
 * the end)? */
static int
string_is(const json_t *v, const char *s)
{
	size_t n = strlen(s);

	return json_is_string(v) && json_string_length(v) == n &&
	       memcmp(json_string_value(v), s, n) == 0;
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
infer(struct search *s, json_t *rec)
{
	json_t *mv = json_object_get(rec, dp_name_embedding_model);
	json_t *v = json_object_get(rec, dp_name_embedding);
	const char *m = json_string_value(mv), *slash;
	size_t n = json_string_length(mv);

	if (!m || s->o.set_provider)
		return;
	if (string_is(mv, DP_HASH_EMBED_MODEL)) {
		s->o.provider = "hash";
		if (!s->o.dimensions && json_is_array(v))
			s->o.dimensions = (int)json_array_size(v);
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

/* Score one record. */
static void
score(struct search *s, json_t *rec, long long seq, float *v)
{
	json_t *a = json_object_get(rec, dp_name_embedding);

	if (!json_is_array(a)) {
		s->no_embedding++;
		json_decref(rec);
		return;
	}
	if (!string_is(json_object_get(rec, dp_name_embedding_model),
		       s->model)) {
		s->other_model++;
		json_decref(rec);
		return;
	}
	if (!read_vector(a, v, s->dim)) {
		s->bad++;
		json_decref(rec);
		return;
	}
	offer(s, (struct hit){ dp_cosine(s->q, v, s->dim), seq, rec });
}

/* Sort hits best first. */
static int
by_rank(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;

	return worse(y, x) ? -1 : worse(x, y) ? 1 : 0;
}

int
main(int argc, char *argv[])
{
	struct dp_common common;
	struct search s = { 0 };
	struct dp_records *rd;
	struct dp_buf b = { 0 };
	const char *file, *query;
	long long line, seq = 0;
	float *v = NULL;
	json_t *rec;
	int c;

	dp_init(argv[0]);
	dp_common_init(&common);
	dp_embed_opts_init(&s.o);
	s.top = 10;
	while ((c = getopt_long(argc, argv, "k:p:m:d:", long_options,
				NULL)) != -1) {
		if (dp_common_option(&common, c, optarg, help) ||
		    dp_embed_option(&s.o, c, optarg))
			continue;
		if (c == 'k')
			s.top = dp_parse_int_option("--top", optarg, 0,
						    LLONG_MAX);
		else
			dp_usage_error(NULL);
	}
	if (optind >= argc)
		dp_usage_error("no QUERY given");
	query = argv[optind++];
	if (!*query)
		dp_usage_error("the QUERY is empty");
	dp_out_init(common.unbuffered);
	dp_rejects_init(&common);

	rd = dp_records_open(argc - optind, argv + optind);
	while ((rec = dp_records_next(rd, &file, &line))) {
		if (!s.q) {
			if (!json_is_array(json_object_get(rec,
							   dp_name_embedding))) {
				s.no_embedding++;
				json_decref(rec);
				continue;
			}
			infer(&s, rec);
			embed_query(&s, query);
			v = dp_xmalloc((size_t)s.dim * sizeof *v);
		}
		score(&s, rec, seq++, v);
	}
	dp_records_close(rd);
	if (s.other_model)
		dp_warn("%lld record%s embedded by another model than %s "
			"left out", s.other_model,
			s.other_model == 1 ? "" : "s", s.model);
	if (s.bad)
		dp_warn("%lld record%s with an embedding that is not %d "
			"numbers left out", s.bad, s.bad == 1 ? "" : "s",
			s.dim);
	if (s.n)
		qsort(s.heap, (size_t)s.n, sizeof *s.heap, by_rank);
	for (long long i = 0; i < s.n; i++) {
		json_object_set_new(s.heap[i].json, dp_name_score,
				    json_real(s.heap[i].score));
		b.len = 0;
		dp_json_value(&b, s.heap[i].json);
		dp_out_record(&b);
		json_decref(s.heap[i].json);
	}
	dp_buf_free(&b);
	free(s.heap);
	free(s.model);
	free(s.provider_buf);
	free(s.model_buf);
	free(s.q);
	free(v);
	dp_embed_opts_free(&s.o);
	dp_rejects_finish();
	dp_out_finish();
	return DP_EXIT_OK;
}
