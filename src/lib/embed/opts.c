/* SPDX-License-Identifier: MIT */
/* The options of dp-embed and dp-search (see embed.h). */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "embed.h"
#include "provider.h"

/* See embed.h. */
void
dp_embed_opts_init(struct dp_embed_opts *o)
{
	memset(o, 0, sizeof *o);
	o->provider = "hash";
	dp_field_path_option(&o->field, "--field", dp_name_embedding_text);
	o->concurrency = 4;
	o->max_retries = 6;
	o->timeout = 60;
	o->max_requests = -1;
	o->max_tokens = -1;
}

/* See embed.h. */
void
dp_embed_opts_free(struct dp_embed_opts *o)
{
	dp_field_path_free(o->field);
	o->field = NULL;
}

/* --provider NAME: hash or a provider dp knows. */
static void
set_provider(void *ctx, const char *arg)
{
	struct dp_embed_opts *o = ctx;

	if (strcmp(arg, "hash") != 0 && !dp_embed_provider(arg))
		dp_usage_error("--provider: unknown provider '%s' "
			       "(hash, ollama, openai, voyage, gemini)", arg);
	o->provider = arg;
	o->set_provider = 1;
}

/* --model MODEL: not empty. */
static void
set_model(void *ctx, const char *arg)
{
	struct dp_embed_opts *o = ctx;

	if (!*arg)
		dp_usage_error("--model: empty");
	o->model = arg;
	o->set_model = 1;
}

/* --base-url URL: http or https. */
static void
set_base_url(void *ctx, const char *arg)
{
	if (strncmp(arg, "http://", 7) != 0 &&
	    strncmp(arg, "https://", 8) != 0)
		dp_usage_error("--base-url: not an http or https URL: '%s'",
			       arg);
	((struct dp_embed_opts *)ctx)->base_url = arg;
}

/* --field PATH (dp(7), FIELD PATHS). */
static void
set_field(void *ctx, const char *arg)
{
	dp_field_path_option(&((struct dp_embed_opts *)ctx)->field, "--field",
			     arg);
}

/* --input-type TYPE: document or query. */
static void
set_input_type(void *ctx, const char *arg)
{
	if (strcmp(arg, "document") != 0 && strcmp(arg, "query") != 0)
		dp_usage_error("--input-type: document or query, not '%s'",
			       arg);
	((struct dp_embed_opts *)ctx)->input_type = arg;
}

/* --cache FILE: not empty (SQLite takes "" for a temporary database). */
static void
set_cache(void *ctx, const char *arg)
{
	if (!*arg)
		dp_usage_error("--cache: empty file name");
	((struct dp_embed_opts *)ctx)->cache = arg;
}

const char dp_embed_keys_help[] =
	"API keys come from OPENAI_API_KEY, VOYAGE_API_KEY, GEMINI_API_KEY "
	"(or\nGOOGLE_API_KEY), OLLAMA_API_KEY, or --api-key-file; never from "
	"the command line.\n";

const struct dp_option dp_embed_provider_options[] = {
	DP_OPT_CALL("provider", 'p', "NAME", "hash (default, offline), "
		    "ollama, openai, voyage, gemini", set_provider),
	DP_OPT_CALL("model", 'm', "MODEL", "the provider's model (hash: "
		    "hash-v3)", set_model),
	DP_OPT_INT("dimensions", 'd', "N", "vector size (hash: 1024; others: "
		   "the model's)", struct dp_embed_opts, dimensions, 1, 65536),
	DP_OPT_CALL("base-url", 0, "URL", "the provider's address (openai: "
		    "any compatible server, e.g. http://localhost:8000/v1)",
		    set_base_url),
	DP_OPT_CALL("input-type", 0, "TYPE", "document or query, for "
		    "providers that tell them apart", set_input_type),
	DP_OPT_STRING("prefix", 0, "TEXT", "put TEXT before every text "
		      "embedded", struct dp_embed_opts, prefix),
	DP_OPT_INT("max-retries", 0, "N", "retries of a failing request "
		   "(default 6)", struct dp_embed_opts, max_retries, 0, 100),
	/* whole milliseconds: less than 1 would be 0, no timeout */
	DP_OPT_DOUBLE("timeout", 0, "SECONDS", "per request (default 60)",
		      struct dp_embed_opts, timeout, 0.001, 86400),
	DP_OPT_CALL("cache", 0, "FILE", "SQLite cache of vectors: reruns send "
		    "only what is missing", set_cache),
	DP_OPT_STRING("api-key-file", 0, "FILE", "read the API key from FILE "
		      "instead of the environment", struct dp_embed_opts,
		      api_key_file),
	DP_OPT_END
};

const struct dp_option dp_embed_run_options[] = {
	DP_OPT_CALL("field", 'f', "PATH", "the text field (default "
		    "embedding_text; a.b for a nested field)", set_field),
	DP_OPT_INT("batch-size", 0, "N", "texts per request (default: the "
		   "provider's)", struct dp_embed_opts, batch_size, 1, 100000),
	DP_OPT_INT("max-batch-tokens", 0, "N", "estimated tokens per request",
		   struct dp_embed_opts, max_batch_tokens, 1, 1000000000),
	DP_OPT_INT("concurrency", 0, "N", "requests in flight (default 4)",
		   struct dp_embed_opts, concurrency, 1, 1024),
	DP_OPT_FLAG("skip-existing", 0, "pass records that have an embedding "
		    "of this model", struct dp_embed_opts, skip_existing),
	DP_OPT_FLAG("dry-run", 0, "print how many requests and tokens a run "
		    "would send, and send nothing", struct dp_embed_opts,
		    dry_run),
	DP_OPT_INT("max-requests", 0, "N", "stop (exit 4) before sending more "
		   "than N requests", struct dp_embed_opts, max_requests, 0,
		   LLONG_MAX),
	DP_OPT_INT("max-tokens", 0, "N", "stop (exit 4) before sending more "
		   "than N tokens", struct dp_embed_opts, max_tokens, 0,
		   LLONG_MAX),
	DP_OPT_END
};

/* See embed.h. */
void
dp_embed_opts_check(const struct dp_embed_opts *o)
{
	const struct embed_provider *p = dp_embed_provider(o->provider);

	if (!p) {
		if (o->model && strcmp(o->model, DP_HASH_EMBED_MODEL) != 0)
			dp_usage_error("--model: the hash provider has one "
				       "model, " DP_HASH_EMBED_MODEL ", not '%s'",
				       o->model);
		if (o->base_url)
			dp_usage_error("--base-url: the hash provider is "
				       "built in");
		return;
	}
	if (p->max_batch && o->batch_size > p->max_batch)
		dp_usage_error("--batch-size: %s takes at most %d texts per "
			       "request", p->name, p->max_batch);
}
