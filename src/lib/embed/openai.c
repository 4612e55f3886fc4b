/* SPDX-License-Identifier: MIT */
/* OpenAI's embeddings endpoint, and every server that speaks it (vLLM,
 * llama.cpp, LM Studio, text-embeddings-inference):
 *   POST {base}/embeddings   (base https://api.openai.com/v1)
 *   {"model":M,"input":[t...],"dimensions":D?,"encoding_format":F}
 *   -> {"data":[{"index":i,"embedding":[f...]|"base64"}],"usage":{...}}
 * Vectors are matched to inputs by `index`. */
#include "provider.h"

/* The request URL. */
static void
openai_url(const struct embed_cfg *c, struct dp_buf *url)
{
	dp_embed_url_join(url, c->base_url, "/embeddings");
}

/* The request body: base64 vectors from OpenAI itself, floats from
 * other servers (some of them reject base64). */
static void
openai_body(const struct embed_cfg *c, int n, char *const *text,
	    const size_t *len, struct dp_buf *b)
{
	dp_buf_adds(b, "{\"model\":");
	dp_json_cstring(b, c->model);
	dp_buf_adds(b, ",\"input\":");
	dp_embed_json_strings(b, n, text, len);
	if (c->dimensions > 0)
		dp_buf_printf(b, ",\"dimensions\":%d", c->dimensions);
	dp_buf_adds(b, c->base64 ? ",\"encoding_format\":\"base64\"}"
				 : ",\"encoding_format\":\"float\"}");
}

/* `data` entries by index, as arrays or base64. */
static enum embed_parse
openai_parse(const struct embed_cfg *c, json_t *root, int n, int dim,
	     struct embed_vectors *out, struct dp_buf *why)
{
	(void)c;
	return dp_embed_parse_data(root, n, dim, 1, out, why);
}

const struct embed_provider dp_embed_openai = {
	.name = "openai",
	.default_model = "text-embedding-3-small",
	.default_base_url = "https://api.openai.com/v1",
	.key_env = { "OPENAI_API_KEY", NULL },
	.key_required = 1,
	.auth_header = "Authorization",
	.auth_scheme = "Bearer ",
	.batch_size = 512,
	.max_batch = 2048,
	.batch_tokens = 250000,
	.url = openai_url,
	.body = openai_body,
	.parse = openai_parse,
};
