/* SPDX-License-Identifier: MIT */
/* The options of dp-embed and dp-search (see embed.h). */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "embed.h"

const char dp_embed_provider_help[] =
	"  -p, --provider=NAME     hash (default, offline), ollama, openai, "
	"voyage,\n"
	"                          gemini\n"
	"  -m, --model=MODEL       the provider's model (hash: hash-v1)\n"
	"  -d, --dimensions=N      vector size (hash: 1024; others: the "
	"model's)\n"
	"      --base-url=URL      the provider's address (openai: any "
	"compatible\n"
	"                          server, e.g. http://localhost:8000/v1)\n"
	"      --input-type=TYPE   document or query, for providers that "
	"tell them\n"
	"                          apart\n"
	"      --prefix=TEXT       put TEXT before every text embedded\n"
	"      --max-retries=N     retries of a failing request (default "
	"6)\n"
	"      --timeout=SECONDS   per request (default 60)\n"
	"      --cache=FILE        SQLite cache of vectors: reruns send only "
	"what is\n"
	"                          missing\n"
	"      --api-key-file=FILE read the API key from FILE instead of "
	"the\n"
	"                          environment\n";

const char dp_embed_run_help[] =
	"  -f, --field=PATH        the text field (default embedding_text; "
	"a.b for\n"
	"                          a nested field)\n"
	"      --batch-size=N      texts per request (default: the "
	"provider's)\n"
	"      --max-batch-tokens=N  estimated tokens per request\n"
	"      --concurrency=N     requests in flight (default 4)\n"
	"      --skip-existing     pass records that have an embedding of "
	"this model\n"
	"      --dry-run           print how many requests and tokens a "
	"run would\n"
	"                          send, and send nothing\n"
	"      --max-requests=N    stop (exit 4) before sending more than "
	"N requests\n"
	"      --max-tokens=N      stop (exit 4) before sending more than "
	"N tokens\n"
	"      --progress          report progress on stderr (default: when "
	"it is a\n"
	"                          terminal)\n";

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
	o->progress = -1;
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

/* See embed.h. */
int
dp_embed_option(struct dp_embed_opts *o, int opt, const char *arg)
{
	switch (opt) {
	case 'p':
	case DP_EOPT_PROVIDER:
		if (strcmp(arg, "hash") != 0 && !dp_embed_provider(arg))
			dp_usage_error("--provider: unknown provider '%s' "
				       "(hash, ollama, openai, voyage, gemini)",
				       arg);
		o->provider = arg;
		o->set_provider = 1;
		return 1;
	case 'm':
	case DP_EOPT_MODEL:
		if (!*arg)
			dp_usage_error("--model: empty");
		o->model = arg;
		o->set_model = 1;
		return 1;
	case 'd':
	case DP_EOPT_DIMENSIONS:
		o->dimensions = (int)dp_parse_int_option("--dimensions", arg,
							 1, 65536);
		return 1;
	case DP_EOPT_BASE_URL:
		if (strncmp(arg, "http://", 7) != 0 &&
		    strncmp(arg, "https://", 8) != 0)
			dp_usage_error("--base-url: not an http or https URL: "
				       "'%s'", arg);
		o->base_url = arg;
		return 1;
	case 'f':
	case DP_EOPT_FIELD:
		dp_field_path_option(&o->field, "--field", arg);
		return 1;
	case DP_EOPT_INPUT_TYPE:
		if (strcmp(arg, "document") != 0 && strcmp(arg, "query") != 0)
			dp_usage_error("--input-type: document or query, not "
				       "'%s'", arg);
		o->input_type = arg;
		return 1;
	case DP_EOPT_PREFIX:
		o->prefix = arg;
		return 1;
	case DP_EOPT_BATCH_SIZE:
		o->batch_size = dp_parse_int_option("--batch-size", arg, 1,
						    100000);
		return 1;
	case DP_EOPT_MAX_BATCH_TOKENS:
		o->max_batch_tokens = dp_parse_int_option("--max-batch-tokens",
							  arg, 1, 1000000000);
		return 1;
	case DP_EOPT_CONCURRENCY:
		o->concurrency = (int)dp_parse_int_option("--concurrency", arg,
							  1, 1024);
		return 1;
	case DP_EOPT_MAX_RETRIES:
		o->max_retries = (int)dp_parse_int_option("--max-retries", arg,
							  0, 100);
		return 1;
	case DP_EOPT_TIMEOUT:
		/* whole milliseconds: less than 1 would be 0, no timeout */
		o->timeout = dp_parse_double_option("--timeout", arg, 0.001,
						    86400);
		return 1;
	case DP_EOPT_CACHE:
		/* SQLite takes "" for a temporary database */
		if (!*arg)
			dp_usage_error("--cache: empty file name");
		o->cache = arg;
		return 1;
	case DP_EOPT_SKIP_EXISTING:
		o->skip_existing = 1;
		return 1;
	case DP_EOPT_DRY_RUN:
		o->dry_run = 1;
		return 1;
	case DP_EOPT_MAX_REQUESTS:
		o->max_requests = dp_parse_int_option("--max-requests", arg, 0,
						      LLONG_MAX);
		return 1;
	case DP_EOPT_MAX_TOKENS:
		o->max_tokens = dp_parse_int_option("--max-tokens", arg, 0,
						    LLONG_MAX);
		return 1;
	case DP_EOPT_API_KEY_FILE:
		o->api_key_file = arg;
		return 1;
	case DP_EOPT_PROGRESS:
		o->progress = 1;
		return 1;
	default:
		return 0;
	}
}

/* See embed.h. */
void
dp_embed_opts_check(const struct dp_embed_opts *o)
{
	const struct embed_provider *p = dp_embed_provider(o->provider);

	if (!p) {
		if (o->model && strcmp(o->model, "hash-v1") != 0)
			dp_usage_error("--model: the hash provider has one "
				       "model, hash-v1, not '%s'", o->model);
		if (o->base_url)
			dp_usage_error("--base-url: the hash provider is "
				       "built in");
		return;
	}
	if (p->max_batch && o->batch_size > p->max_batch)
		dp_usage_error("--batch-size: %s takes at most %d texts per "
			       "request", p->name, p->max_batch);
}
