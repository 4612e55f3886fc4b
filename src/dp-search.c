/* SPDX-License-Identifier: MIT */
/* dp-search: the records most similar to a query, by cosine similarity
 * of their embeddings, from NDJSON or from a Parquet dataset (read in
 * place: the vectors first, then only the winners' other fields). */
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dp.h"
#include "embed/embed.h"
#include "parquet/parquet.h"

struct search {
	struct dp_embed_opts o;
	long long top;		/* --top */
	long long threads;	/* --threads; 0: 2 where two processors */
	char **fields;		/* --fields, copies; NULL: all but the
				 * embedding and raw_data */
	int nfields;
	const char *query;
	const char *like;	/* --like ID, instead of a query */
	int like_entity;	/* ID matched an entity_id (else a chunk_id) */
	int parquet;		/* the FILEs are Parquet */
	float *q;		/* the query's vector */
	float *v;		/* a record's vector */
	int dim;
	char *model;		/* the query's embedding_model, owned */
	char *provider_buf, *model_buf;	/* what infer() read, owned */
	struct dp_topk *best;
	long long records, other_model, no_embedding, bad;
};

/* Fields a hit leaves out unless --fields names them. */
static char *hidden[] = { "embedding", "raw_data" };

/* --fields LIST: the comma-separated names, each copied; an empty or
 * repeated name is a usage error. */
static void
set_fields(void *ctx, const char *arg)
{
	struct search *s = ctx;

	dp_name_list_add(&s->fields, &s->nfields, "--fields", "field", arg);
}

static const struct dp_option options[] = {
	DP_OPT_INT("top", 'k', "K", "how many records (default 10)",
		   struct search, top, 0, LLONG_MAX),
	DP_OPT_CALL("fields", 'f', "LIST", "print only these fields "
		    "(comma-separated) and score; default: all but "
		    "embedding and raw_data", set_fields),
	DP_OPT_STRING("like", 0, "ID", "instead of a QUERY: the records most "
		      "like the one whose entity_id (or chunk_id) is ID",
		      struct search, like),
	DP_OPT_INT("threads", 0, "N", "Parquet: 2 (default on two or more "
		   "processors): score on two threads; 1: one thread",
		   struct search, threads, 1, 2),
	DP_OPT_END
};

/* The QUERY operand, given and not empty; the FILEs all NDJSON or all
 * Parquet. */
static int
check(void *ctx, int argc, char **argv)
{
	struct search *s = ctx;
	int pq = 0, first = s->like ? 0 : 1;

	if (s->like) {
		if (!*s->like)
			dp_usage_error("--like: the ID is empty");
	} else {
		if (argc < 1)
			dp_usage_error("no QUERY given");
		s->query = argv[0];
		if (!*s->query)
			dp_usage_error("the QUERY is empty");
	}
	for (int i = first; i < argc; i++) {
		struct stat st;
		int is_pq = strcmp(argv[i], "-") && pq_is_parquet(argv[i]);
		if (!is_pq && stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			if (access(argv[i], R_OK | X_OK) != 0)
				dp_die(DP_EXIT_IO, "%s:", argv[i]);
			dp_usage_error("%s: not a Parquet dataset (no .parquet "
				       "file below it, no _SUCCESS)", argv[i]);
		}
		pq += is_pq;
	}
	if (pq && pq != argc - first)
		dp_usage_error("the FILEs are Parquet and NDJSON mixed: give "
			       "one kind");
	s->parquet = pq > 0;
	if (s->like && !s->parquet) {
		int stdin_too = argc == 0;
		for (int i = 0; i < argc; i++)
			stdin_too |= !strcmp(argv[i], "-");
		if (stdin_too)
			dp_usage_error("--like reads the records twice: name "
				       "the FILEs, not standard input");
	}
	return first;
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

/* Take the provider and model from the first embedded record's
 * embedding_model m[0..n) (m NULL when it has none) and its vector's
 * dim, unless they were given. */
static void
infer(struct search *s, const char *m, size_t n, size_t dim)
{
	const char *slash;

	if (!m || s->o.set_provider)
		return;
	if (n == strlen(DP_HASH_EMBED_MODEL) &&
	    !memcmp(m, DP_HASH_EMBED_MODEL, n)) {
		s->o.provider = "hash";
		if (!s->o.dimensions)
			s->o.dimensions = (int)(dim > INT_MAX ? INT_MAX : dim);
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
	s->v = dp_xmalloc((size_t)s->dim * sizeof *s->v);
	double norm = 0;
	for (int i = 0; i < s->dim; i++)
		norm += (double)s->q[i] * s->q[i];
	if (norm == 0)
		dp_warn("warning: the query has no features to match (every "
			"score is 0)");
}

/* Die with a Parquet reader's error. */
static void
reader_died(struct pq_reader *r)
{
	int status;
	const char *why = pq_reader_error(r, &status);

	dp_die(status, "%s", why);
}

/* Is text[0..n) the --like ID? */
static int
is_like(const struct search *s, const char *text, size_t n)
{
	return n == strlen(s->like) && !memcmp(text, s->like, n);
}

/* Does the NDJSON record's field `name` hold the --like ID? */
static int
field_is_like(const struct search *s, const struct dp_scan *rec,
	      const char *name)
{
	const struct dp_jfield *f = dp_scan_field(rec, name, strlen(name));
	struct dp_buf text = { 0 };
	const char *id;
	size_t n;
	int yes;

	if (!f || f->v.type != DP_JSTRING)
		return 0;
	id = dp_jspan_str(&f->v, &text, &n);
	yes = is_like(s, id, n);
	dp_buf_free(&text);
	return yes;
}

/* Is the NDJSON record the --like one, or a chunk of its entity? */
static int
record_is_like(const struct search *s, const struct dp_scan *rec)
{
	return field_is_like(s, rec, s->like_entity ? dp_name_entity_id :
			     dp_name_chunk_id);
}

/* Take the query's vector and model from the --like record. */
static void
like_vector(struct search *s, const float *v, size_t dim, const char *m,
	    size_t n)
{
	if (!m)
		dp_die(DP_EXIT_DATA, "--like %s: the record has an embedding "
		       "but no embedding_model", s->like);
	s->q = dp_xmalloc((dim + 1) * sizeof *s->q);
	memcpy(s->q, v, dim * sizeof *s->q);
	s->dim = (int)dim;
	s->v = dp_xmalloc((dim + 1) * sizeof *s->v);
	s->model = copy(m, n);
}

/* Find the --like record among the NDJSON records: the first whose
 * entity_id, else whose chunk_id, is the ID and that has an
 * embedding. */
static void
find_like(void *ctx, const struct dp_record *r)
{
	struct search *s = ctx;
	const struct dp_scan *rec = r->scan;
	const struct dp_jfield *e = dp_scan_field(rec, dp_name_embedding,
						  strlen(dp_name_embedding));
	const struct dp_jfield *mv = dp_scan_field(rec,
		dp_name_embedding_model, strlen(dp_name_embedding_model));
	struct dp_buf text = { 0 };
	const char *m = NULL;
	size_t n = 0;

	if (s->q || !e || e->vec < 0 || e->vec_len == 0)
		return;
	s->like_entity = field_is_like(s, rec, dp_name_entity_id);
	if (!s->like_entity && !field_is_like(s, rec, dp_name_chunk_id))
		return;
	if (mv && mv->v.type == DP_JSTRING)
		m = dp_jspan_str(&mv->v, &text, &n);
	like_vector(s, rec->vec + e->vec, e->vec_len, m, n);
	dp_buf_free(&text);
}

/* Find the --like record in a Parquet FILE: its entity_id or chunk_id
 * columns, then its embedding. 1 when found. */
static int
find_like_parquet(struct search *s, const char *path)
{
	static char *cols[] = { "entity_id", "chunk_id", "embedding",
				"embedding_model" };
	struct pq_reader *r = pq_reader_open(path, cols, 4);
	int k = 0;

	while (!s->q && (k = pq_reader_next_row(r)) > 0) {
		const char *id, *m = NULL;
		const float *v;
		size_t n = 0, dim;
		int entity = pq_reader_string(r, 0, &id, &n) > 0 &&
			is_like(s, id, n);
		int chunk = !entity && pq_reader_string(r, 1, &id, &n) > 0 &&
			is_like(s, id, n);
		if (!entity && !chunk)
			continue;
		if (pq_reader_floats(r, 2, &v, &dim) != 1)
			continue;
		if (pq_reader_string(r, 3, &m, &n) <= 0)
			m = NULL;
		s->like_entity = entity;
		like_vector(s, v, dim, m, n);
	}
	if (!s->q && k < 0)
		reader_died(r);
	pq_reader_free(r);
	return s->q != NULL;
}

/* Score one NDJSON record; the first with an embedding says how to
 * embed the query. */
static void
score(void *ctx, const struct dp_record *r)
{
	struct search *s = ctx;
	const struct dp_scan *rec = r->scan;
	const struct dp_jfield *e = dp_scan_field(rec, dp_name_embedding,
						  strlen(dp_name_embedding));

	s->records++;
	if (!e || e->v.type != DP_JARRAY) {
		s->no_embedding++;
		return;
	}
	if (s->like && record_is_like(s, rec))
		return;
	if (!s->q) {
		const struct dp_jfield *mv = dp_scan_field(rec,
			dp_name_embedding_model,
			strlen(dp_name_embedding_model));
		struct dp_buf text = { 0 };
		struct dp_jspan x;
		const char *m = NULL;
		size_t n = 0, pos = 0, dim = 0;
		if (mv && mv->v.type == DP_JSTRING)
			m = dp_jspan_str(&mv->v, &text, &n);
		while (dp_jspan_next(&e->v, &pos, NULL, &x))
			dim++;
		infer(s, m, n, dim);
		dp_buf_free(&text);
		embed_query(s, s->query);
	}
	if (!dp_embed_record_model_is(rec, s->model)) {
		s->other_model++;
		return;
	}
	double sc;
	if (!dp_embed_record_vector(rec, s->v, s->dim) ||
	    !isfinite(sc = dp_cosine(s->q, s->v, s->dim))) {
		s->bad++;
		return;
	}
	dp_topk_offer(s->best, rec->line, rec->len, sc);
}

/* A scoring thread's share of a Parquet FILE: row groups first, first
 * + step, ...; its own counts and best rows, merged afterwards. */
struct share {
	struct search *s;
	const char *path;
	int op, first, step;
	struct dp_topk *best;
	long long records, no_embedding, other_model, bad;
};

/* The columns a share reads: the last two only for --like. */
static char *score_columns[] = { "embedding", "embedding_model",
				 "entity_id", "chunk_id" };

/* Score the rows of a share (a thread's body): only the embedding and
 * embedding_model columns are read. A winner is kept as "op:row". */
static void *
score_share(void *arg)
{
	struct share *sh = arg;
	struct search *s = sh->s;
	struct pq_reader *r = pq_reader_open(sh->path, score_columns,
					     s->like ? 4 : 2);
	int k;

	pq_reader_stride(r, sh->first, sh->step);
	while ((k = pq_reader_next_row(r)) > 0) {
		const float *v;
		const char *m = NULL;
		size_t dim, n = 0;
		char id[48];
		int got = pq_reader_floats(r, 0, &v, &dim), has_model;

		sh->records++;
		dp_progress_record();
		if (got < 0)
			reader_died(r);
		if (!got) {
			sh->no_embedding++;
			continue;
		}
		if (!s->q && got == 2) {	/* no usable vector yet */
			sh->bad++;
			continue;
		}
		if (!s->q)	/* query_from_parquet saw no embedding */
			dp_die(DP_EXIT_DATA, "%s: changed while it was read",
			       sh->path);
		if (s->like) {
			const char *own;
			size_t len;
			if (pq_reader_string(r, s->like_entity ? 2 : 3, &own,
					     &len) > 0 && is_like(s, own, len))
				continue;
		}
		if ((has_model = pq_reader_string(r, 1, &m, &n)) < 0)
			reader_died(r);
		if (!has_model || n != strlen(s->model) ||
		    memcmp(m, s->model, n)) {
			sh->other_model++;
			continue;
		}
		double sc;
		if (got == 2 || dim != (size_t)s->dim ||
		    !isfinite(sc = dp_cosine(s->q, v, s->dim))) {
			sh->bad++;
			continue;
		}
		snprintf(id, sizeof id, "%d:%lld", sh->op,
			 (long long)pq_reader_row_number(r));
		dp_topk_offer(sh->best, id, strlen(id), sc);
	}
	if (k < 0)
		reader_died(r);
	pq_reader_free(r);
	return NULL;
}

/* Without a query vector yet: embed the query with the provider and
 * model of the FILE's first row that has an embedding, if any. */
static void
query_from_parquet(struct search *s, const char *path)
{
	struct pq_reader *r = pq_reader_open(path, score_columns, 2);
	int k = 0;

	while (!s->q && (k = pq_reader_next_row(r)) > 0) {
		const float *v;
		const char *m = NULL;
		size_t dim, n = 0;
		int got = pq_reader_floats(r, 0, &v, &dim), has_model;

		if (got < 0)
			reader_died(r);
		if (got != 1)
			continue;
		if ((has_model = pq_reader_string(r, 1, &m, &n)) < 0)
			reader_died(r);
		infer(s, has_model ? m : NULL, n, dim);
		embed_query(s, s->query);
	}
	if (k < 0)
		reader_died(r);
	pq_reader_free(r);
}

/* A kept row of a share: where it is, for the merge. */
struct kept {
	long long row;
	const char *id;
	size_t len;
	double score;
};

/* The row of a kept "op:row". */
static long long
kept_row(const char *id, size_t len)
{
	const char *colon = memchr(id, ':', len);
	long long row = 0;

	if (!colon)
		dp_die(DP_EXIT_INTERNAL, "a kept row is not op:row");
	for (const char *p = colon + 1; p < id + len; p++)
		row = row * 10 + (*p - '0');
	return row;
}

/* Order kept rows by their place in the file. */
static int
by_row(const void *a, const void *b)
{
	const struct kept *x = a, *y = b;

	return (x->row > y->row) - (x->row < y->row);
}

/* Score every row of the Parquet FILE number `op`, on --threads threads
 * (by default two where there are two processors), each on every other
 * row group. The shares' best rows are offered to the search's in file
 * order, so that ties
 * keep input order as if one thread had read them all. */
static void
score_parquet(struct search *s, int op, const char *path)
{
	struct share sh[2];
	int nshares = s->threads ? (int)s->threads :
		      sysconf(_SC_NPROCESSORS_ONLN) > 1 ? 2 : 1;
	pthread_t helper;
	struct kept *kept = NULL;
	size_t nkept = 0;

	if (!s->q)
		query_from_parquet(s, path);
	if (dp_progress_on()) {
		struct pq_reader *r = pq_reader_open(path, NULL, 0);
		dp_progress_expect_records(pq_reader_count_rows(r));
		pq_reader_free(r);
	}
	for (int i = 0; i < nshares; i++)
		sh[i] = (struct share){ .s = s, .path = path, .op = op,
					.first = i, .step = nshares,
					.best = dp_topk_new(s->top) };
	if (nshares > 1 &&
	    pthread_create(&helper, NULL, score_share, &sh[1]) != 0)
		dp_die(DP_EXIT_INTERNAL, "cannot start a thread");
	score_share(&sh[0]);
	if (nshares > 1)
		pthread_join(helper, NULL);
	for (int i = 0; i < nshares; i++) {
		long long n = dp_topk_sort(sh[i].best);
		kept = dp_xrealloc(kept, (nkept + (size_t)n + 1) *
				   sizeof *kept);
		for (long long j = 0; j < n; j++) {
			struct kept *k = &kept[nkept++];
			k->id = dp_topk_hit(sh[i].best, j, &k->len,
					    &k->score);
			k->row = kept_row(k->id, k->len);
		}
		s->records += sh[i].records;
		s->no_embedding += sh[i].no_embedding;
		s->other_model += sh[i].other_model;
		s->bad += sh[i].bad;
	}
	qsort(kept, nkept, sizeof *kept, by_row);
	for (size_t i = 0; i < nkept; i++)
		dp_topk_offer(s->best, kept[i].id, kept[i].len,
			      kept[i].score);
	free(kept);
	for (int i = 0; i < nshares; i++)
		dp_topk_free(sh[i].best);
}

/* A kept record's printed form: the --fields in their order, else all
 * but the hidden fields; then its score (in its "score" field if it
 * has one, else last; a score that is not finite is left out). */
static void
write_hit(struct search *s, struct dp_buf *b, const char *line, size_t n,
	  double sc)
{
	struct dp_scan rec = { 0 };
	struct dp_jout o = { 0 };

	if (dp_scan_line(&rec, line, n) != 0)
		dp_die(DP_EXIT_INTERNAL, "a kept record no longer scans");
	b->len = 0;
	if (s->fields) {
		int first = 1;
		dp_buf_addc(b, '{');
		for (int i = 0; i < s->nfields; i++) {
			const struct dp_jfield *f = dp_scan_field(&rec,
				s->fields[i], strlen(s->fields[i]));
			if (!f || !strcmp(s->fields[i], dp_name_score))
				continue;
			if (!first)
				dp_buf_addc(b, ',');
			first = 0;
			dp_json_cstring(b, s->fields[i]);
			dp_buf_addc(b, ':');
			dp_buf_add(b, f->v.p, f->v.n);
		}
		if (isfinite(sc)) {
			dp_buf_adds(b, first ? "\"score\":" : ",\"score\":");
			dp_json_double(b, sc);
		}
		dp_buf_addc(b, '}');
	} else {
		dp_jout_begin(&o, &rec);
		for (size_t i = 0; i < sizeof hidden / sizeof *hidden; i++)
			dp_jout_drop(&o, hidden[i], strlen(hidden[i]));
		if (isfinite(sc))
			dp_json_double(dp_jout_set(&o, dp_name_score,
						   strlen(dp_name_score)), sc);
		dp_jout_end(&o, b);
		dp_jout_free(&o);
	}
	dp_out_record(b);
	dp_scan_free(&rec);
}

struct winner {
	int op;
	long long row;
	long long rank;		/* in the top K, best first */
	char *text;		/* the record, once read */
};

static int
by_place(const void *a, const void *b)
{
	const struct winner *x = a, *y = b;

	if (x->op != y->op)
		return x->op < y->op ? -1 : 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

/* Read the winners' records from the Parquet FILEs: each file's rows
 * in order, row groups without a winner not read; then print them best
 * first. */
static void
print_parquet(struct search *s, long long n, char **files)
{
	struct winner *w = dp_xmalloc(((size_t)n + 1) * sizeof *w);
	struct dp_buf b = { 0 };

	for (long long i = 0; i < n; i++) {
		size_t len;
		double sc;
		const char *kept = dp_topk_hit(s->best, i, &len, &sc);
		char id[48];	/* "op:row", not NUL-terminated where kept */
		if (len >= sizeof id)
			dp_die(DP_EXIT_INTERNAL, "a kept row is not op:row");
		memcpy(id, kept, len);
		id[len] = '\0';
		w[i].op = atoi(id);
		w[i].row = atoll(strchr(id, ':') + 1);
		w[i].rank = i;
		w[i].text = NULL;
	}
	qsort(w, (size_t)n, sizeof *w, by_place);
	for (long long i = 0; i < n;) {
		int op = w[i].op;
		long long at = 0;
		struct pq_reader *r = pq_reader_open(files[op], s->fields,
						     s->nfields);
		if (!s->fields)
			pq_reader_leave_out(r, hidden, (int)(sizeof hidden /
							     sizeof *hidden));
		for (; i < n && w[i].op == op; i++) {
			b.len = 0;
			if ((w[i].row > at &&
			     pq_reader_skip(r, w[i].row - at) < 0) ||
			    pq_reader_next(r, &b) <= 0)
				reader_died(r);
			at = w[i].row + 1;
			w[i].text = copy(b.data, b.len);
		}
		pq_reader_free(r);
	}
	/* best first again */
	struct winner **ranked = dp_xmalloc(((size_t)n + 1) * sizeof *ranked);
	for (long long i = 0; i < n; i++)
		ranked[w[i].rank] = &w[i];
	for (long long i = 0; i < n; i++) {
		size_t len;
		double sc;
		dp_topk_hit(s->best, i, &len, &sc);
		write_hit(s, &b, ranked[i]->text, strlen(ranked[i]->text), sc);
	}
	for (long long i = 0; i < n; i++)
		free(w[i].text);
	free(ranked);
	free(w);
	dp_buf_free(&b);
}

/* Score the FILEs (NDJSON or Parquet), say what was left out, print the
 * best records. */
static int
run_search(void *ctx, int argc, char **argv)
{
	struct search *s = ctx;
	struct dp_buf b = { 0 };
	long long n;

	if (s->like) {
		for (int i = 0; s->parquet && i < argc && !s->q; i++)
			find_like_parquet(s, argv[i]);
		if (!s->parquet)
			dp_each_record(argc, argv, 1, 1, find_like, s);
		if (!s->q)
			dp_die(DP_EXIT_DATA, "--like %s: no record with an "
			       "embedding has that entity_id or chunk_id",
			       s->like);
	}
	if (s->like && !s->parquet)
		dp_progress_restart();	/* find_like read them once */
	if (s->parquet) {
		for (int i = 0; i < argc; i++)
			score_parquet(s, i, argv[i]);
	} else {
		dp_each_record(argc, argv, 1, 1, score, s);
	}
	if (!s->q && s->bad)
		dp_die(DP_EXIT_DATA, "none of the %lld record%s has an "
		       "embedding that can be used: %lld %s empty or with a "
		       "null or a value that is not a number", s->records,
		       s->records == 1 ? "" : "s", s->bad,
		       s->bad == 1 ? "is" : "are");
	if (!s->q)
		dp_die(DP_EXIT_DATA, "none of the %lld record%s has an "
		       "embedding (a field \"embedding\"): run dp-embed "
		       "first", s->records, s->records == 1 ? "" : "s");
	if (s->other_model)
		dp_warn("%lld record%s embedded by another model than %s "
			"left out", s->other_model,
			s->other_model == 1 ? "" : "s", s->model);
	if (s->bad)
		dp_warn("%lld record%s with an embedding that is not %d "
			"numbers left out", s->bad, s->bad == 1 ? "" : "s",
			s->dim);
	n = dp_topk_sort(s->best);
	if (s->parquet) {
		print_parquet(s, n, argv);
	} else {
		for (long long i = 0; i < n; i++) {
			double sc;
			size_t len;
			const char *line = dp_topk_hit(s->best, i, &len, &sc);
			write_hit(s, &b, line, len, sc);
		}
	}
	dp_buf_free(&b);
	return DP_EXIT_OK;
}

/* Free what the run kept. */
static int
end(void *ctx)
{
	struct search *s = ctx;

	dp_topk_free(s->best);
	dp_name_list_free(s->fields, s->nfields);
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
		.synopsis = "[OPTION]... QUERY [FILE]...\n"
			    "--like ID [OPTION]... FILE...",
		.about = "Print the K records whose embedding is most similar "
			 "to QUERY's, best first,\neach with its cosine "
			 "similarity in \"score\" (without its embedding and "
			 "raw_data\nunless --fields names them). QUERY is "
			 "embedded like the records (the\nprovider and model "
			 "come from their embedding_model unless given) as a "
			 "query.\nEach FILE is NDJSON, or a Parquet file or "
			 "dataset directory, read in place.\nWith no FILE, or "
			 "when FILE is -, read standard input.\n",
		.epilog = dp_embed_keys_help,
		.groups = { { options, &s },
			    { dp_embed_provider_options, &s.o } },
		.ctx = &s,
		.check = check,
		.start = start,
		.run = run_search,
		.end = end
	};

	dp_embed_opts_init(&s.o);
	return dp_main(&program, argc, argv);
}
