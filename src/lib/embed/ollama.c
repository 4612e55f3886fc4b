/* SPDX-License-Identifier: MIT */
/* Ollama's native batch endpoint: POST {base}/api/embed
 *   {"model":M,"input":[t...],"dimensions":D?}
 *   -> {"embeddings":[[f...]...],"prompt_eval_count":N}
 * Vectors come in input order; errors as {"error":"..."}. */
#include "provider.h"

/* The request URL. */
static void
ollama_url(const struct embed_cfg *c, struct dp_buf *url)
{
	dp_embed_url_join(url, c->base_url, "/api/embed");
}

/* The request body. */
static void
ollama_body(const struct embed_cfg *c, int n, char *const *text,
	    const size_t *len, struct dp_buf *b)
{
	dp_buf_adds(b, "{\"model\":");
	dp_json_cstring(b, c->model);
	dp_buf_adds(b, ",\"input\":");
	dp_embed_json_strings(b, n, text, len);
	if (c->dimensions > 0)
		dp_buf_printf(b, ",\"dimensions\":%d", c->dimensions);
	dp_buf_addc(b, '}');
}

/* `embeddings`, one array per input, in order. */
static enum embed_parse
ollama_parse(const struct embed_cfg *c, json_t *root, int n, int dim,
	     struct embed_vectors *out, struct dp_buf *why)
{
	json_t *e = json_object_get(root, "embeddings"), *v;
	enum embed_parse r;
	size_t i;

	(void)c;
	if (!json_is_array(e)) {
		dp_buf_adds(why, "response has no \"embeddings\" array");
		return EMBED_PARSE_MALFORMED;
	}
	if ((int)json_array_size(e) != n) {
		dp_buf_printf(why, "%zu vectors for %d inputs",
			      json_array_size(e), n);
		return EMBED_PARSE_BAD;
	}
	json_array_foreach(e, i, v)
		if ((r = dp_embed_store_array(out, (int)i, v, dim, why)))
			return r;
	return dp_embed_vectors_complete(out, why);
}

const struct embed_provider dp_embed_ollama = {
	.name = "ollama",
	.default_model = "nomic-embed-text",
	.default_base_url = "http://localhost:11434",
	.key_env = { "OLLAMA_API_KEY", NULL },
	.key_required = 0,
	.auth_header = "Authorization",
	.auth_scheme = "Bearer ",
	.batch_size = 16,
	.max_batch = 0,
	.batch_tokens = 100000,
	.url = ollama_url,
	.body = ollama_body,
	.parse = ollama_parse,
};
