/* SPDX-License-Identifier: MIT */
/* The embedding engine (see embed.h).
 *
 * Items (texts, or records passed through) are numbered in submission
 * order and wait in a reorder queue until delivered, in that order.
 * Texts not found in the cache go into batches (by count and estimated
 * tokens); batches wait in the ready list until a request slot is free,
 * the provider is not paused, their retry time has come and the budgets
 * allow; answers are matched to items by index, stored in the cache and
 * delivered as soon as every item before them is. Failures follow the
 * retry policy of retry.h: a retry later, a pause of every request
 * after a 429, a split of a batch down to the one input that fails, or
 * the end of the run. The hash provider computes at once, so its items
 * never wait.
 *
 * The cache is written in one transaction per response, and a hash
 * vector in a statement of its own, so no transaction is ever open when
 * a call returns: the caller may then wait on its input or its output
 * for as long as it likes without holding up other runs that share the
 * cache file. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "embed.h"
#include "provider.h"
#include "retry.h"
#include "http.h"

enum item_state { I_PENDING, I_DONE, I_PASS, I_FAILED };

struct item {
	void *user;
	char *text;		/* what is sent (prefix included), owned */
	size_t len;
	char *error;		/* I_FAILED, or I_PASS with an error */
	float *v;		/* I_DONE: dim floats, owned */
	int dim;
	unsigned char key[16];	/* cache key, when caching */
	enum item_state state;
};

/* A batch's request while in flight. */
struct request {
	struct dp_http_req r;
	struct dp_buf url, body;
	struct embed_batch *b;
};

struct dp_embedder {
	struct dp_embed_opts o;
	const struct embed_provider *p;	/* NULL: hash */
	struct embed_cfg cfg;
	char *model_name;	/* embedding_model, owned */
	char *key;
	struct curl_slist *headers;
	struct dp_http *http;
	struct dp_cache *cache;	/* no transaction open between calls */
	dp_embed_done_fn fn;
	void *ctx;
	int dim;		/* vectors' dimension, once known */
	const char *prefix;
	size_t prefix_len;

	struct item *q;		/* the reorder queue, a ring */
	long long qcap, head, tail;	/* head: first undelivered seq */
	struct embed_batcher bt;
	struct embed_batch *ready;	/* batches waiting to be sent */
	long long window;
	int cur_conc, ok_streak;
	double pause_until;
	int stopped;		/* stop dispatching; end once idle */
	int abort;		/* and end now, dropping requests in flight */
	struct dp_buf why;	/* the reason, printed at the end */
	int finishing;

	long long requests, tokens_sent, retries, rate_limited;
	long long cache_hits, cache_bad, embedded, delivered, passed;
	long long dry_texts, dry_requests, dry_tokens;

	float *hv;		/* hash scratch vector */
	struct dp_buf text;	/* prefix + text scratch */
	unsigned long long rng;
};


/* Monotonic seconds. */
static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Jitter in [0,1): xorshift64*. */
static double
jitter(struct dp_embedder *e)
{
	e->rng ^= e->rng >> 12;
	e->rng ^= e->rng << 25;
	e->rng ^= e->rng >> 27;
	return (double)((e->rng * 2685821657736338717ULL) >> 11) /
	       9007199254740992.0;
}

/* Stop the run with a reason (the first one wins); `now` drops the
 * requests in flight, otherwise they may still finish. */
static void
stop(struct dp_embedder *e, int now, const char *fmt, ...) DP_PRINTF(3, 4);
static void
stop(struct dp_embedder *e, int now, const char *fmt, ...)
{
	va_list ap;

	if (now)
		e->abort = 1;
	if (e->stopped)
		return;
	e->stopped = 1;
	va_start(ap, fmt);
	char tmp[1024];
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	dp_buf_adds(&e->why, tmp);
	dp_embed_scrub(&e->why, e->key);
}

/* Is the URL's host the loopback? */
static int
loopback(const char *url)
{
	const char *h = strstr(url, "://");

	h = h ? h + 3 : url;
	return strncmp(h, "localhost", 9) == 0 || strncmp(h, "127.", 4) == 0 ||
	       strncmp(h, "[::1]", 5) == 0;
}

/* The request headers: JSON both ways, no 100-continue round trip, and
 * the key in the provider's auth header. */
static void
set_headers(struct dp_embedder *e)
{
	struct dp_buf h = { 0 };

	e->headers = curl_slist_append(NULL, "Content-Type: application/json");
	e->headers = curl_slist_append(e->headers, "Accept: application/json");
	e->headers = curl_slist_append(e->headers, "Expect:");
	if (e->key) {
		dp_buf_printf(&h, "%s: %s%s", e->p->auth_header,
			      e->p->auth_scheme, e->key);
		e->headers = curl_slist_append(e->headers, dp_buf_cstr(&h));
		explicit_bzero(h.data, h.len);
		dp_buf_free(&h);
	}
	if (!e->headers)
		dp_die(DP_EXIT_INTERNAL, "out of memory");
}

/* Resolve the remote provider's settings. */
static void
setup_remote(struct dp_embedder *e)
{
	const struct dp_embed_opts *o = &e->o;
	const struct embed_provider *p = e->p;
	const char *model = o->model ? o->model : p->default_model;

	if (p == &dp_embed_gemini && strncmp(model, "models/", 7) == 0)
		model = model + 7;
	e->cfg.p = p;
	e->cfg.model = model;
	e->cfg.base_url = o->base_url ? o->base_url : p->default_base_url;
	e->cfg.dimensions = o->dimensions;
	e->cfg.input_type = o->input_type;
	e->cfg.base64 = p == &dp_embed_openai && !o->base_url;
	struct dp_buf name = { 0 };
	dp_buf_printf(&name, "%s/%s", p->name, model);
	e->model_name = name.data;	/* owned from here */
	if (!o->prefix && (p == &dp_embed_ollama || p == &dp_embed_openai) &&
	    strstr(model, "nomic-embed-text"))
		e->prefix = o->input_type && strcmp(o->input_type, "query") == 0
			    ? "search_query: " : "search_document: ";
	e->key = dp_embed_key_load(p, o->api_key_file);
	if (!e->key && p->key_required && !o->base_url)
		dp_usage_error("%s: no API key: set %s or use --api-key-file",
			       p->name, p->key_env[0]);
	if (e->key && strncmp(e->cfg.base_url, "http://", 7) == 0 &&
	    !loopback(e->cfg.base_url))
		dp_warn("warning: sending the %s API key unencrypted to %s",
			p->name, e->cfg.base_url);
	long long bs = o->batch_size ? o->batch_size : p->batch_size;
	e->bt.max_n = (int)bs;
	e->bt.max_tokens = o->max_batch_tokens ? o->max_batch_tokens
					       : p->batch_tokens;
	e->window = 2LL * o->concurrency * bs + bs;
	if (e->window < 64)
		e->window = 64;
	e->cur_conc = o->concurrency;
	if (!o->dry_run) {
		set_headers(e);
		e->http = dp_http_new();
	}
}

/* See embed.h. */
struct dp_embedder *
dp_embedder_new(const struct dp_embed_opts *o, dp_embed_done_fn fn, void *ctx)
{
	struct dp_embedder *e = dp_xmalloc(sizeof *e);

	memset(e, 0, sizeof *e);
	e->o = *o;
	e->fn = fn;
	e->ctx = ctx;
	e->p = dp_embed_provider(o->provider);
	e->prefix = o->prefix;
	if (e->p) {
		setup_remote(e);
	} else {
		e->dim = o->dimensions ? o->dimensions : DP_HASH_EMBED_DIM;
		e->model_name = dp_xstrdup(DP_HASH_EMBED_MODEL);
		e->hv = dp_xmalloc((size_t)e->dim * sizeof *e->hv);
		e->window = 64;
	}
	e->prefix_len = e->prefix ? strlen(e->prefix) : 0;
	if (o->cache)
		e->cache = dp_cache_open(o->cache);
	e->qcap = 256;
	e->q = dp_xmalloc((size_t)e->qcap * sizeof *e->q);
	e->rng = (unsigned long long)time(NULL) ^
		 ((unsigned long long)getpid() << 32) ^ 0x9E3779B97F4A7C15ULL;
	return e;
}

/* See embed.h. */
const char *
dp_embedder_model(const struct dp_embedder *e)
{
	return e->model_name;
}

/* See embed.h. */
int
dp_embedder_dim(const struct dp_embedder *e)
{
	return e->dim ? e->dim : e->o.dimensions;
}

/* See embed.h. */
long long
dp_embedder_backlog(const struct dp_embedder *e)
{
	return e->tail - e->head;
}

/* See embed.h. */
long long
dp_embedder_window(const struct dp_embedder *e)
{
	return e->window;
}

/* The item with sequence number seq. */
static struct item *
item_at(struct dp_embedder *e, long long seq)
{
	return &e->q[seq % e->qcap];
}

/* A new item at the tail of the queue (grown when full). */
static struct item *
enqueue(struct dp_embedder *e, void *user)
{
	if (e->tail - e->head == e->qcap) {
		struct item *nq = dp_xmalloc(2 * (size_t)e->qcap * sizeof *nq);
		for (long long s = e->head; s < e->tail; s++)
			nq[s % (2 * e->qcap)] = *item_at(e, s);
		free(e->q);
		e->q = nq;
		e->qcap *= 2;
	}
	struct item *it = item_at(e, e->tail++);
	memset(it, 0, sizeof *it);
	it->user = user;
	return it;
}

/* Deliver every finished item at the head of the queue. */
static void
deliver(struct dp_embedder *e)
{
	while (e->head < e->tail) {
		struct item *it = item_at(e, e->head);
		if (it->state == I_PENDING)
			break;
		e->head++;
		e->delivered++;
		if (it->state == I_DONE)
			e->fn(e->ctx, it->user, it->v, it->dim, NULL);
		else
			e->fn(e->ctx, it->user, NULL, 0, it->error);
		free(it->text);
		free(it->v);
		free(it->error);
	}
}

/* The cache key of text t (n bytes, prefix included). */
static void
cache_key(struct dp_embedder *e, const char *t, size_t n,
	  unsigned char key[16])
{
	char dims[16];
	const char *part[6];
	size_t len[6];

	snprintf(dims, sizeof dims, "%d", e->p ? e->o.dimensions : e->dim);
	part[0] = e->p ? e->p->name : "hash";
	part[1] = e->p ? e->cfg.model : DP_HASH_EMBED_MODEL;
	part[2] = dims;
	part[3] = e->o.input_type ? e->o.input_type : "";
	part[4] = e->prefix ? e->prefix : "";
	part[5] = t;
	for (int i = 0; i < 5; i++)
		len[i] = strlen(part[i]);
	len[5] = n;
	/* the prefix is both a key part and the start of t: harmless */
	dp_cache_key(key, 6, part, len);
}


/* Move complete batches from the batcher to the end of the ready list;
 * in a dry run, count them instead. */
static void
take_batches(struct dp_embedder *e)
{
	struct embed_batch *b, **t = &e->ready;

	while (*t)
		t = &(*t)->next;
	while ((b = dp_embed_batcher_next(&e->bt))) {
		if (e->o.dry_run) {
			e->dry_requests++;
			e->dry_tokens += b->tokens;
			dp_embed_batch_free(b);
			continue;
		}
		*t = b;
		t = &b->next;
	}
}

/* See embed.h. */
void
dp_embedder_submit(struct dp_embedder *e, const char *text, size_t n,
		   void *user)
{
	unsigned char key[16];
	float *cv = NULL;
	int cdim = 0, hit = 0;

	e->text.len = 0;
	if (e->prefix_len)
		dp_buf_add(&e->text, e->prefix, e->prefix_len);
	dp_buf_add(&e->text, text, n);
	if (e->cache) {
		cache_key(e, e->text.data, e->text.len, key);
		hit = dp_cache_get(e->cache, key, &cv, &cdim);
		if (hit > 0 && (cdim > DP_EMBED_MAX_DIM ||
				(dp_embedder_dim(e) &&
				 cdim != dp_embedder_dim(e)))) {
			free(cv);
			cv = NULL;
			hit = -1;
		}
		if (hit < 0) {	/* embedded again, and replaced */
			e->cache_bad++;
			hit = 0;
		}
		if (hit)
			e->cache_hits++;
	}
	if (e->o.dry_run) {
		free(cv);
		if (!hit) {
			e->dry_texts++;
			if (e->p)
				dp_embed_batcher_add(&e->bt, e->dry_texts,
					dp_embed_tokens(e->text.len));
			take_batches(e);
		}
		return;
	}
	if (!e->p) {		/* hash: at once */
		if (!hit) {
			dp_hash_embed(e->text.data, e->text.len, e->dim, e->hv);
			if (e->cache)	/* committed at once (see the top) */
				dp_cache_put(e->cache, key, e->model_name,
					     e->hv, e->dim);
			e->embedded++;
		}
		const float *v = hit ? cv : e->hv;
		if (e->head == e->tail) {
			e->delivered++;
			e->fn(e->ctx, user, v, e->dim, NULL);
			free(cv);
		} else {
			struct item *it = enqueue(e, user);
			it->state = I_DONE;
			it->dim = e->dim;
			it->v = dp_xmalloc((size_t)e->dim * sizeof *it->v);
			memcpy(it->v, v, (size_t)e->dim * sizeof *it->v);
			free(cv);
		}
		dp_progress_tick();
		return;
	}
	long long seq = e->tail;
	struct item *it = enqueue(e, user);
	if (hit) {
		if (!e->dim)
			e->dim = cdim;
		it->state = I_DONE;
		it->v = cv;
		it->dim = cdim;
		deliver(e);
		return;
	}
	it->state = I_PENDING;
	it->text = dp_xmalloc(e->text.len + 1);
	memcpy(it->text, e->text.data, e->text.len);
	it->text[e->text.len] = 0;
	it->len = e->text.len;
	memcpy(it->key, key, sizeof key);
	dp_embed_batcher_add(&e->bt, seq, dp_embed_tokens(it->len));
	take_batches(e);
}

/* See embed.h. */
void
dp_embedder_pass(struct dp_embedder *e, void *user, const char *error)
{
	if (e->o.dry_run)
		return;
	e->passed++;
	if (e->head == e->tail) {
		e->delivered++;
		e->fn(e->ctx, user, NULL, 0, error);
		return;
	}
	struct item *it = enqueue(e, user);
	it->state = error ? I_FAILED : I_PASS;
	it->error = error ? dp_xstrdup(error) : NULL;
}

/* Put batch b at the front of the ready list. */
static void
push_front(struct dp_embedder *e, struct embed_batch *b)
{
	b->next = e->ready;
	e->ready = b;
}

/* The most bytes a response to n texts may have (dp-embed(1)): 1 MiB
 * plus 64 a value for n vectors of the dimension expected (4096 until
 * one is known), at most 1 GiB. A valid response, even indented, has
 * far less; a longer one is a transport failure, retried. */
static size_t
body_limit(const struct dp_embedder *e, int n)
{
	double dim = e->dim ? e->dim : e->o.dimensions ? e->o.dimensions
						       : 4096;
	double lim = 1048576.0 + 64.0 * n * dim;

	return lim < 1073741824.0 ? (size_t)lim : 1073741824;
}

/* Send batch b. */
static void
send_batch(struct dp_embedder *e, struct embed_batch *b)
{
	struct request *rq = dp_xmalloc(sizeof *rq);
	char **text = dp_xmalloc((size_t)b->n * sizeof *text);
	size_t *len = dp_xmalloc((size_t)b->n * sizeof *len);

	memset(rq, 0, sizeof *rq);
	for (int i = 0; i < b->n; i++) {
		struct item *it = item_at(e, b->seq[i]);
		text[i] = it->text;
		len[i] = it->len;
	}
	e->p->url(&e->cfg, &rq->url);
	e->p->body(&e->cfg, b->n, text, len, &rq->body);
	free(text);
	free(len);
	rq->b = b;
	b->req = rq;
	rq->r.url = dp_buf_cstr(&rq->url);
	rq->r.body = rq->body.data;
	rq->r.body_len = rq->body.len;
	rq->r.headers = e->headers;
	rq->r.timeout_ms = (long)(e->o.timeout * 1000);
	rq->r.max_body = body_limit(e, b->n);
	rq->r.user = rq;
	e->requests++;
	e->tokens_sent += b->tokens;
	dp_http_start(e->http, &rq->r);
}

/* Send what may be sent now. */
static void
dispatch(struct dp_embedder *e)
{
	while (!e->stopped && dp_http_running(e->http) < e->cur_conc) {
		double now = now_s();
		struct embed_batch **pb = &e->ready, *b;

		if (now < e->pause_until)
			return;
		while (*pb && (*pb)->not_before > now)
			pb = &(*pb)->next;
		if (!(b = *pb))
			return;
		if (e->o.max_requests >= 0 &&
		    e->requests + 1 > e->o.max_requests) {
			stop(e, 0, "stopping: --max-requests=%lld reached",
			     e->o.max_requests);
			return;
		}
		if (e->o.max_tokens >= 0 &&
		    e->tokens_sent + b->tokens > e->o.max_tokens) {
			stop(e, 0, "stopping: --max-tokens=%lld would be "
			     "passed (%lld estimated tokens sent)",
			     e->o.max_tokens, e->tokens_sent);
			return;
		}
		*pb = b->next;
		b->next = NULL;
		send_batch(e, b);
	}
}

/* Free a finished request (its batch is the caller's). */
static void
request_free(struct request *rq)
{
	dp_buf_free(&rq->url);
	dp_buf_free(&rq->body);
	dp_buf_free(&rq->r.resp);
	free(rq);
}

/* Fill the batch's items from the parsed vectors. */
static void
accept_vectors(struct dp_embedder *e, struct embed_batch *b,
	       const struct embed_vectors *v)
{
	if (!e->dim)
		e->dim = v->dim;
	if (e->cache)
		dp_cache_begin(e->cache);
	for (int i = 0; i < b->n; i++) {
		struct item *it = item_at(e, b->seq[i]);
		it->dim = v->dim;
		it->v = dp_xmalloc((size_t)v->dim * sizeof *it->v);
		memcpy(it->v, v->v + (size_t)i * (size_t)v->dim,
		       (size_t)v->dim * sizeof *it->v);
		it->state = I_DONE;
		if (e->cache)
			dp_cache_put(e->cache, it->key, e->model_name, it->v,
				     it->dim);
	}
	if (e->cache)
		dp_cache_commit(e->cache);
	e->embedded += b->n;
	if (++e->ok_streak >= 8 && e->cur_conc < e->o.concurrency) {
		e->cur_conc++;
		e->ok_streak = 0;
	}
}

/* Handle one finished request according to the retry policy. */
static void
handle(struct dp_embedder *e, struct request *rq)
{
	struct embed_batch *b = rq->b;
	struct dp_http_req *r = &rq->r;
	struct embed_error err;
	struct dp_buf msg = { 0 };
	enum embed_action act;
	double now = now_s(), hint;

	dp_embed_error_parse(&err, "", 0);
	if (r->transport) {
		act = EMBED_RETRY;
		dp_buf_printf(&msg, "%s", r->error);
	} else if (r->status >= 200 && r->status < 300) {
		json_t *root = dp_embed_json_load(r->resp.data ? r->resp.data
							       : "",
						  r->resp.len);
		struct embed_vectors v;
		dp_embed_vectors_init(&v, b->n);
		v.max_values = r->resp.len;
		if (!root) {
			act = EMBED_RETRY;
			dp_buf_adds(&msg, "malformed JSON in the response");
		} else {
			struct dp_buf why = { 0 };
			int want = e->dim ? e->dim : e->o.dimensions;
			switch (e->p->parse(&e->cfg, root, b->n, want, &v,
					    &why)) {
			case EMBED_PARSE_OK:
				act = EMBED_OK;
				accept_vectors(e, b, &v);
				break;
			case EMBED_PARSE_MALFORMED:
				act = EMBED_RETRY;
				break;
			default:
				act = EMBED_SPLIT;
				break;
			}
			if (act != EMBED_OK)
				dp_buf_printf(&msg, "bad response: %s",
					      dp_buf_cstr(&why));
			dp_buf_free(&why);
			json_decref(root);
		}
		dp_embed_vectors_free(&v);
	} else {
		dp_embed_error_free(&err);
		dp_embed_error_parse(&err, r->resp.data ? r->resp.data : "",
				     r->resp.len);
		act = dp_embed_classify(0, r->status, r->should_retry, &err);
		dp_buf_printf(&msg, "HTTP %ld: %s", r->status,
			      dp_buf_cstr(&err.msg));
	}
	dp_embed_scrub(&msg, e->key);
	hint = dp_embed_retry_hint(r->retry_after_ms, r->retry_after,
				   err.retry_delay, (double)time(NULL));
	dp_embed_error_free(&err);
	request_free(rq);
	b->req = NULL;

	switch (act) {
	case EMBED_OK:
		dp_embed_batch_free(b);
		break;
	case EMBED_RETRY:
	case EMBED_RATE: {
		int rate = act == EMBED_RATE;
		int n = rate ? ++b->rate_attempts : ++b->attempts;
		int limit = rate && e->o.max_retries < 10 ? 10
						 : e->o.max_retries;
		double delay = hint >= 0 ? hint
					 : dp_embed_backoff(n - 1, jitter(e));
		e->retries++;
		if (rate)
			e->rate_limited++;
		if (n > limit) {
			stop(e, 0, "%s: giving up after %d retr%s: %s",
			     e->p->name, n - 1, n - 1 == 1 ? "y" : "ies",
			     dp_buf_cstr(&msg));
			push_front(e, b);
		} else if (delay > DP_EMBED_MAX_HINT) {
			stop(e, 1, "%s: asked to wait %.0f s: %s", e->p->name,
			     delay, dp_buf_cstr(&msg));
			push_front(e, b);
		} else {
			b->not_before = now + delay;
			if (rate) {
				if (b->not_before > e->pause_until)
					e->pause_until = b->not_before;
				e->cur_conc = e->cur_conc > 1
					      ? e->cur_conc / 2 : 1;
				e->ok_streak = 0;
			}
			push_front(e, b);
		}
		break;
	}
	case EMBED_SPLIT:
		if (b->n > 1) {
			struct embed_batch *h = dp_embed_batch_split(b);
			push_front(e, h);
			push_front(e, b);
		} else {
			struct item *it = item_at(e, b->seq[0]);
			struct dp_buf em = { 0 };
			dp_buf_printf(&em, "%s: %s", e->p->name,
				      dp_buf_cstr(&msg));
			it->state = I_FAILED;
			it->error = dp_xstrdup(dp_buf_cstr(&em));
			dp_buf_free(&em);
			dp_embed_batch_free(b);
		}
		break;
	case EMBED_FATAL:
		stop(e, 1, "%s: %s", e->p->name, dp_buf_cstr(&msg));
		push_front(e, b);
		break;
	}
	dp_buf_free(&msg);
}

/* See embed.h. */
void
dp_embedder_progress(void *ctx, struct dp_buf *b)
{
	struct dp_embedder *e = ctx;

	dp_buf_printf(b, "%lld out, %d in flight, %lld requests, %lld "
		      "retries, %lld cached", e->delivered,
		      e->http ? dp_http_running(e->http) : 0, e->requests,
		      e->retries, e->cache_hits);
}

/* Seconds until something is due: a retry time or the end of a pause. */
static double
next_due(struct dp_embedder *e)
{
	double now = now_s(), due = 1;

	for (struct embed_batch *b = e->ready; b; b = b->next) {
		double t = b->not_before > e->pause_until ? b->not_before
							  : e->pause_until;
		if (t - now < due)
			due = t - now;
	}
	return due > 0 ? due : 0;
}

/* Free every batch in the ready list. */
static void
drop_ready(struct dp_embedder *e)
{
	while (e->ready) {
		struct embed_batch *b = e->ready;
		e->ready = b->next;
		dp_embed_batch_free(b);
	}
}

/* Say how many cached vectors could not be used, if any (once). */
static void
cache_report(struct dp_embedder *e)
{
	if (e->cache_bad)
		dp_warn("%s: %lld cached vector%s not used (not finite, or "
			"not of the right dimension): embedded again",
			e->o.cache, e->cache_bad, e->cache_bad == 1 ? " was"
			: "s were");
	e->cache_bad = 0;
}

/* The end of a stopped run: deliver what can be, report, 4. */
static int
stopped(struct dp_embedder *e)
{
	deliver(e);
	cache_report(e);
	dp_warn("%s", dp_buf_cstr(&e->why));
	if (e->tail > e->head)
		dp_warn("%lld record%s not written (finished vectors are "
			"%s)", e->tail - e->head, e->tail - e->head == 1
			? "" : "s", e->cache ? "in the cache" : "lost: use "
			"--cache to keep them");
	return DP_EXIT_REMOTE;
}

/* See embed.h. */
int
dp_embedder_step(struct dp_embedder *e)
{
	struct dp_http_req *r;

	if (!e->p || e->o.dry_run) {
		deliver(e);
		return 0;
	}
	if (e->finishing || dp_embedder_backlog(e) >= e->window) {
		dp_embed_batcher_flush(&e->bt);
		take_batches(e);
	}
	dispatch(e);
	if (e->stopped && dp_http_running(e->http) == 0)
		return stopped(e);
	if (dp_http_running(e->http) > 0) {
		double due = e->ready ? next_due(e) : 1;
		dp_http_run(e->http, (int)(due * 1000) + 1);
	} else if (e->ready) {
		double due = next_due(e);
		if (due > 0) {
			struct timespec ts;
			ts.tv_sec = (time_t)due;
			ts.tv_nsec = (long)((due - (double)ts.tv_sec) * 1e9);
			nanosleep(&ts, NULL);
		}
	}
	while ((r = dp_http_done(e->http)))
		handle(e, r->user);
	if (e->stopped && (e->abort || dp_http_running(e->http) == 0)) {
		dp_http_abort_all(e->http);
		return stopped(e);
	}
	deliver(e);
	dp_progress_tick();
	return 0;
}

/* See embed.h. */
int
dp_embedder_finish(struct dp_embedder *e)
{
	int rc = 0;

	e->finishing = 1;
	if (e->o.dry_run) {
		dp_embed_batcher_flush(&e->bt);
		take_batches(e);
		cache_report(e);
		return 0;
	}
	while (e->head < e->tail)
		if ((rc = dp_embedder_step(e)) != 0)
			return rc;
	cache_report(e);
	return 0;
}

/* See embed.h. */
void
dp_embedder_dry_report(struct dp_embedder *e, long long records)
{
	struct dp_buf b = { 0 };

	dp_buf_printf(&b, "{\"%s\":", dp_name_embedding_model);
	dp_json_cstring(&b, e->model_name);
	dp_buf_printf(&b, ",\"records\":%lld,\"texts\":%lld,\"cached\":%lld,"
		      "\"requests\":%lld,\"estimated_tokens\":%lld}\n", records,
		      e->dry_texts + e->cache_hits, e->cache_hits,
		      e->dry_requests, e->dry_tokens);
	dp_out_write(b.data, b.len);
	dp_buf_free(&b);
}

/* See embed.h. */
void
dp_embedder_free(struct dp_embedder *e)
{
	if (!e)
		return;
	if (e->http) {
		dp_http_abort_all(e->http);
		dp_http_free(e->http);
	}
	for (struct curl_slist *s = e->headers; s; s = s->next)
		explicit_bzero(s->data, strlen(s->data));
	curl_slist_free_all(e->headers);
	dp_embed_key_free(e->key);
	dp_cache_close(e->cache);
	drop_ready(e);
	dp_embed_batch_free(e->bt.open);
	while (e->head < e->tail) {
		struct item *it = item_at(e, e->head++);
		free(it->text);
		free(it->v);
		free(it->error);
	}
	free(e->q);
	free(e->hv);
	free(e->model_name);
	dp_buf_free(&e->text);
	dp_buf_free(&e->why);
	free(e);
}
