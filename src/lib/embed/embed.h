/* SPDX-License-Identifier: MIT */
/* dp-embed's engine, shared by dp-embed and dp-search: options, API
 * keys, batching, and the run that embeds texts through a provider
 * (hash, ollama, openai, voyage, gemini) with concurrency, retries, a
 * cache and budgets, delivering results in submission order; a
 * record's embedding fields, and dp-search's top K. */
#ifndef DP_EMBED_H
#define DP_EMBED_H

#include "dp.h"

/* A provider's table (provider.h, private to embed/). */
struct embed_provider;

/* The provider called `name`, or NULL ("hash" has no table). */
const struct embed_provider *dp_embed_provider(const char *name);

/* ---- opts.c: the options ------------------------------------------- */

struct dp_embed_opts {
	const char *provider;	/* "hash" (default) or a provider name */
	const char *model;	/* NULL: the provider's default */
	int dimensions;		/* 0: the model's default (hash: 1024) */
	const char *base_url;	/* NULL: the provider's */
	struct dp_field_path *field;	/* text field, "embedding_text" */
	const char *input_type;	/* NULL, "document" or "query" */
	const char *prefix;	/* NULL: none (nomic models: automatic) */
	long long batch_size;	/* 0: the provider's default */
	long long max_batch_tokens;	/* 0: the provider's default */
	int concurrency;	/* requests in flight, default 4 */
	int max_retries;	/* per batch, default 6 */
	double timeout;		/* seconds per request, default 60 */
	const char *cache;	/* SQLite cache file, or NULL */
	int skip_existing;
	int dry_run;
	long long max_requests;	/* -1: no limit */
	long long max_tokens;	/* -1: no limit */
	const char *api_key_file;
	int keep_going;		/* --keep-going: rejects do not stop */
	int set_provider, set_model;	/* given on the command line */
};

/* The options choosing the provider and model (dp-embed and
 * dp-search), and those of a run over many records (dp-embed): option
 * groups whose context is a struct dp_embed_opts. A bad value is a
 * usage error (exit 2). */
extern const struct dp_option dp_embed_provider_options[];
extern const struct dp_option dp_embed_run_options[];
/* Where API keys come from: a --help epilog. */
extern const char dp_embed_keys_help[];

/* The defaults, before the options are read. */
void dp_embed_opts_init(struct dp_embed_opts *o);
/* Free what the options own (the --field path). */
void dp_embed_opts_free(struct dp_embed_opts *o);
/* Check the combination once parsing is done (exit 2 on a mistake). */
void dp_embed_opts_check(const struct dp_embed_opts *o);

/* ---- key.c: API keys ----------------------------------------------- */

/* The key for provider p: the first line of --api-key-file, else the
 * first of p's variables that is set; NULL when there is none. The
 * result is malloc'd: free it with dp_embed_key_free. */
char *dp_embed_key_load(const struct embed_provider *p, const char *file);
/* Wipe and free a key. */
void dp_embed_key_free(char *key);
/* Replace the key, and anything that looks like an API key (sk-...,
 * AIza..., pa-...), in b's text with "[REDACTED]". */
void dp_embed_scrub(struct dp_buf *b, const char *key);

/* ---- batch.c: batches ---------------------------------------------- */

/* Estimated tokens of n bytes of text: ceil(n / 3), at least 1. */
long long dp_embed_tokens(size_t n);

struct embed_batch {
	long long *seq;		/* items, in submission order */
	long long *tok;		/* their estimated tokens */
	int n, cap;
	long long tokens;	/* sum of tok */
	int attempts;		/* failed tries, not counting 429s */
	int rate_attempts;	/* 429s */
	double not_before;	/* monotonic seconds */
	struct embed_batch *next;
	void *req;		/* the request while in flight */
};

struct embed_batcher {
	int max_n;
	long long max_tokens;
	struct embed_batch *open;	/* being filled */
	struct embed_batch *closed;	/* complete, oldest first */
};

/* Add an item. A batch is complete at max_n items, or when the next item
 * would take it past max_tokens (an item alone is never held back). */
void dp_embed_batcher_add(struct embed_batcher *b, long long seq,
			  long long tokens);
/* Complete the open batch, if it has items. */
void dp_embed_batcher_flush(struct embed_batcher *b);
/* The oldest complete batch (the caller owns it), or NULL. */
struct embed_batch *dp_embed_batcher_next(struct embed_batcher *b);
/* Split batch b (n >= 2): b keeps the first half, the second half is
 * returned. */
struct embed_batch *dp_embed_batch_split(struct embed_batch *b);
void dp_embed_batch_free(struct embed_batch *b);

/* ---- hash.c, stem.c: the built-in offline embedder ---------------------- */

/* The built-in offline embedder ("hash"): signed feature hashing of the
 * text's words, word pairs, character n-grams and WordNet hypernyms,
 * weighted by a built-in table of English word frequencies;
 * deterministic, and without data files at run time. dp-embed's default
 * provider, and the similarity under dp-chunk's semantic strategy.
 *
 * The algorithm (hash-v3), written out in dp-embed(1):
 *  1. Normalise: ASCII letters lower-cased; Latin-1 accented letters
 *     (UTF-8 C3 80..C3 BF) folded to their base letters; any other byte
 *     below 0x80 that is not a letter or digit separates words; other
 *     bytes of 0x80 and above belong to words.
 *  2. Tokens: the words of at least 2 bytes. A token in the built-in
 *     stop-word list is a stop word; the others are content words, each
 *     with two stems: its S-stem (Harman's S-stemmer: -ies -> -y,
 *     -es -> -e, -s -> "", for words of 4 bytes or more) and its Porter
 *     stem (Porter's 1980 algorithm, for words of 3 to 64 ASCII letters;
 *     other words keep their S-stem).
 *  3. The word table (words.h, generated from WordNet at build time,
 *     see src/gen/gen_hash_words.c), looked up by S-stem, gives a word
 *     its weight (1 if unknown, less the more common the word is in
 *     English) and its hypernyms.
 *  4. Features: each content word's Porter stem ('w'); each pair of
 *     adjacent content words' Porter stems ('b', "a b"); each character
 *     4- and 5-gram of the S-stem padded with one space on each side
 *     ('c'); each hypernym id ('h', 4 bytes little-endian).
 *  5. Weights: a feature's count c is the number of its occurrences, a
 *     token that starts with a digit counting 0.3; it weighs
 *     c(k+1)/(c+k), k = 0.3, times the mean weight of its words (for a
 *     pair, the geometric mean of its two words'); pairs then count 0.5
 *     and hypernyms 0.3 beside words at 1, and the n-grams are scaled
 *     so that their part of the vector has half the length of the
 *     words' part.
 *  6. Hash: words and pairs by XXH3-64 (seed 0) of the feature's tag
 *     byte then its bytes; n-grams and hypernyms (at most 7 bytes) by
 *     splitmix64's finalizer of their bytes packed into 64 bits; the
 *     hash modulo dim picks the component, its top bit the sign.
 *     DP_HASH_SEED, for tests only, sets another seed.
 *  7. The vector is L2-normalised (all zeros when there is no feature).
 */

#define DP_HASH_EMBED_MODEL "hash-v3"
#define DP_HASH_EMBED_DIM 1024

/* Embed n bytes of UTF-8 text into out[0..dim): an L2-normalised vector
 * (all zeros when the text has no features). dim >= 1. Thread-safe: the
 * scratch space is per thread. Exits 2 if DP_HASH_SEED is set and not a
 * non-negative decimal integer. */
void dp_hash_embed(const char *text, size_t n, int dim, float *out);

/* Is the lower-case ASCII word w (n bytes) in the built-in stop-word
 * list? */
int dp_hash_stopword(const char *w, size_t n);

/* The S-stemmer's length for word w of n bytes (lower case); the stem
 * is w[0..len) plus, when *add is not 0, the byte *add. */
size_t dp_hash_stem(const char *w, size_t n, char *add);

/* Porter's stem of the lower-case ASCII word w (n bytes), written over
 * w; returns its length (at most n). */
size_t dp_hash_porter(char *w, size_t n);

/* Cosine similarity of two vectors of length dim (0 if either is zero). */
double dp_cosine(const float *a, const float *b, int dim);

/* ---- record.c: a record's embedding fields ------------------------- */

/* Is the record's embedding_model the string `model`, byte for byte (a
 * NUL in it is not the end)? */
int dp_embed_record_model_is(const struct dp_scan *rec, const char *model);
/* Does the record carry a non-empty embedding of `model`, of dim numbers
 * (dim 0: of any number)? */
int dp_embed_record_has(const struct dp_scan *rec, const char *model,
			int dim);
/* Read the record's embedding into v[dim]; 0 unless it is an array of
 * dim numbers. */
int dp_embed_record_vector(const struct dp_scan *rec, float *v, int dim);
/* The record's text into b (emptied first), through writer o: its
 * fields as they are, its embedding fields (if any) dropped and
 * written last: v[dim] of `model` made at generated_at (RFC 3339), or
 * nulls when v is NULL. */
void dp_embed_record_write(struct dp_buf *b, struct dp_jout *o,
			   const struct dp_scan *rec, const float *v,
			   int dim, const char *model,
			   const char *generated_at);

/* ---- topk.c: the best K records by score ------------------------------ */

struct dp_topk;

/* Keep the best k records (k >= 0). */
struct dp_topk *dp_topk_new(long long k);
/* Offer a record, its line[0..n): a copy is kept while among the k
 * best (a higher score, or an earlier offer on a tie). */
void dp_topk_offer(struct dp_topk *t, const char *line, size_t n,
		   double score);
/* Sort the kept records best first; returns how many there are. */
long long dp_topk_sort(struct dp_topk *t);
/* Kept record i's line (borrowed; *n its length) and its score, after
 * dp_topk_sort. */
const char *dp_topk_hit(const struct dp_topk *t, long long i, size_t *n,
			double *score);
/* Free, releasing the records kept. */
void dp_topk_free(struct dp_topk *t);

/* ---- run.c: the engine --------------------------------------------- */

struct dp_embedder;

/* Called once per submitted item, in submission order: v (dim floats,
 * valid during the call) for an embedded text; v NULL and error NULL for
 * an item passed through; error set for an item the provider rejected
 * even alone (or a pass-through item submitted with an error). */
typedef void (*dp_embed_done_fn)(void *ctx, void *user, const float *v,
				 int dim, const char *error);

/* Set up a run: resolve the provider, model, key and defaults, open the
 * cache. Usage mistakes exit 2. */
struct dp_embedder *dp_embedder_new(const struct dp_embed_opts *o,
				    dp_embed_done_fn fn, void *ctx);
/* embedding_model: "hash-v3", or "provider/model". */
const char *dp_embedder_model(const struct dp_embedder *e);
/* The vectors' dimension: known for hash and once a provider answered
 * (or with --dimensions); 0 before. */
int dp_embedder_dim(const struct dp_embedder *e);
/* Queue a text (n bytes; the prefix is added here) to embed. */
void dp_embedder_submit(struct dp_embedder *e, const char *text, size_t n,
			void *user);
/* Queue an item that is not embedded: it is delivered in its turn with
 * v NULL and `error` (copied; NULL for a plain pass-through). */
void dp_embedder_pass(struct dp_embedder *e, void *user, const char *error);
/* Items submitted and not yet delivered, and how many may be. */
long long dp_embedder_backlog(const struct dp_embedder *e);
long long dp_embedder_window(const struct dp_embedder *e);
/* Make progress: send, wait for answers, deliver. Returns 0, or
 * DP_EXIT_REMOTE once the run has stopped (provider unreachable or
 * failing after all retries, fatal error, budget reached), after
 * delivering every item that could be; the reason is printed. */
int dp_embedder_step(struct dp_embedder *e);
/* Step until every item is delivered; 0 or DP_EXIT_REMOTE as above. */
int dp_embedder_finish(struct dp_embedder *e);
/* The embedder's part of the --progress report (dp_progress_detail):
 * records out, requests in flight, requests, retries, cache hits. */
void dp_embedder_progress(void *e, struct dp_buf *b);
/* --dry-run: print what the run would send, as one JSON line. */
void dp_embedder_dry_report(struct dp_embedder *e, long long records);
void dp_embedder_free(struct dp_embedder *e);

#endif
