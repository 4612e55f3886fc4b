/* SPDX-License-Identifier: MIT */
/* Embedding providers: one table per provider with its defaults, its
 * request builder and its response parser (protocols.c; the built-in
 * hash provider has no wire protocol). The requests each sends:
 * dp-embed(1), PROVIDERS. */
#ifndef DP_EMBED_PROVIDER_H
#define DP_EMBED_PROVIDER_H

#include <jansson.h>

#include "dp.h"

struct embed_provider;

/* The settings a request is built from, resolved from the options. */
struct embed_cfg {
	const struct embed_provider *p;
	const char *model;	/* as sent to the provider */
	const char *base_url;	/* without a trailing '/' */
	int dimensions;		/* requested, or 0: the default */
	const char *input_type;	/* "document", "query"; NULL: not sent */
	int base64;		/* openai: ask for base64 vectors */
};

/* The longest vector taken (the largest --dimensions): a provider's
 * longer one is a wrong dimension, a cached one is not used. */
#define DP_EMBED_MAX_DIM 65536

/* A parsed response: n vectors of dim floats each, by input index. */
struct embed_vectors {
	int n, dim;
	float *v;		/* n * dim, owned (free) */
	size_t max_values;	/* n * dim cannot be more: a complete
				 * response has a byte for each */
};

/* What a parser found wrong. */
enum embed_parse {
	EMBED_PARSE_OK = 0,
	EMBED_PARSE_MALFORMED,	/* not the expected JSON: transient */
	EMBED_PARSE_BAD		/* wrong count, index, dimension or a
				 * non-finite value: this batch's fault */
};

struct embed_provider {
	const char *name;	/* --provider value */
	const char *default_model;
	const char *default_base_url;
	const char *key_env[3];	/* variables holding a key, NULL-ended */
	int key_required;	/* no key is a usage error */
	const char *auth_header;	/* header name the key goes in */
	const char *auth_scheme;	/* "Bearer " or "" */
	int batch_size;		/* default records per request */
	int max_batch;		/* the provider's cap, 0: none */
	long long batch_tokens;	/* default tokens per request */
	/* Append the request URL to `url`. */
	void (*url)(const struct embed_cfg *c, struct dp_buf *url);
	/* Append the JSON body for n texts. */
	void (*body)(const struct embed_cfg *c, int n, char *const *text,
		     const size_t *len, struct dp_buf *body);
	/* Read n vectors from a 200 response into *out; `dim` is the
	 * dimension expected (0: any, the same for all). On failure sets
	 * `why` and returns EMBED_PARSE_MALFORMED or EMBED_PARSE_BAD. */
	enum embed_parse (*parse)(const struct embed_cfg *c, json_t *root,
				  int n, int dim, struct embed_vectors *out,
				  struct dp_buf *why);
};

extern const struct embed_provider dp_embed_ollama;
extern const struct embed_provider dp_embed_openai;
extern const struct embed_provider dp_embed_voyage;
extern const struct embed_provider dp_embed_gemini;


/* ---- helpers the parsers share (provider.c) ---------------------- */

/* Read a response body as JSON. Python's json module, behind many
 * embedding servers, writes non-finite floats as the bare words NaN,
 * Infinity and -Infinity, which JSON does not have: each of them that
 * stands as a whole value outside a string is read as a string of
 * itself (dp_embed_nonfinite), which dp_embed_store_array takes for
 * that non-finite value. The rest of the text is read as jansson reads
 * it. NULL when the body is not JSON even so. */
json_t *dp_embed_json_load(const char *s, size_t n);
extern const char *const dp_embed_nonfinite[3];

/* Start *out for n vectors; the dimension is set by the first vector.
 * max_values is unlimited: set it to the body's length. */
void dp_embed_vectors_init(struct embed_vectors *out, int n);
void dp_embed_vectors_free(struct embed_vectors *out);
/* Store the JSON array `a` as vector i of *out: every element a finite
 * number, the length `dim` if dim > 0, else the same as the vectors
 * before, at most DP_EMBED_MAX_DIM. Returns EMBED_PARSE_OK, or
 * EMBED_PARSE_BAD with `why` set (a value that is not finite, such as a
 * string of dp_embed_nonfinite, or a wrong length is the batch's
 * fault), or EMBED_PARSE_MALFORMED for an `a` that is not an array or
 * vectors that out->max_values says cannot all be there. */
enum embed_parse dp_embed_store_array(struct embed_vectors *out, int i,
				      const json_t *a, int dim,
				      struct dp_buf *why);
/* The same for base64 little-endian float32 text. */
enum embed_parse dp_embed_store_base64(struct embed_vectors *out, int i,
				       const char *s, size_t n, int dim,
				       struct dp_buf *why);
/* Check that every vector 0..n-1 was stored. */
enum embed_parse dp_embed_vectors_complete(const struct embed_vectors *out,
					   struct dp_buf *why);
/* The parser of OpenAI-shaped `data` (openai's and voyage's): each
 * entry's `index` (an integer in 0..n-1, else the batch's fault) says
 * which input it is; an entry's `embedding` is an array or a base64
 * string. */
enum embed_parse dp_embed_parse_data(const struct embed_cfg *c, json_t *root,
				     int n, int dim,
				     struct embed_vectors *out,
				     struct dp_buf *why);
/* Parse `embeddings`, an array of n entries in input order (ollama's
 * and gemini's): each entry the vector itself, or with `member` the
 * entry's member of that name. */
enum embed_parse dp_embed_parse_embeddings(json_t *root, int n, int dim,
					   const char *member,
					   struct embed_vectors *out,
					   struct dp_buf *why);
/* Append {"model":MODEL,"input":[TEXT,...] (invalid UTF-8 replaced by
 * U+FFFD): the start of the flat bodies (ollama, openai, voyage), which
 * the caller ends. */
void dp_embed_body_start(struct dp_buf *b, const struct embed_cfg *c, int n,
			 char *const *text, const size_t *len);
/* Append ,"KEY":D when a dimension D is asked for. */
void dp_embed_body_dims(struct dp_buf *b, const struct embed_cfg *c,
			const char *key);
/* Append base_url then path. */
void dp_embed_url_join(struct dp_buf *url, const char *base,
		       const char *path);

#endif
