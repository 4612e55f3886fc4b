/* SPDX-License-Identifier: MIT */
/* Voyage AI: POST {base}/embeddings   (base https://api.voyageai.com/v1)
 *   {"model":M,"input":[t...],"input_type":"document"|"query"?,
 *    "output_dimension":D?}
 *   -> {"data":[{"index":i,"embedding":[f...]}],"usage":{...}}
 * Errors as {"detail":"..."}. */
#include "provider.h"

/* The request URL. */
static void
voyage_url(const struct embed_cfg *c, struct dp_buf *url)
{
	dp_embed_url_join(url, c->base_url, "/embeddings");
}

/* The request body. */
static void
voyage_body(const struct embed_cfg *c, int n, char *const *text,
	    const size_t *len, struct dp_buf *b)
{
	dp_buf_adds(b, "{\"model\":");
	dp_json_cstring(b, c->model);
	dp_buf_adds(b, ",\"input\":");
	dp_embed_json_strings(b, n, text, len);
	if (c->input_type) {
		dp_buf_adds(b, ",\"input_type\":");
		dp_json_cstring(b, c->input_type);
	}
	if (c->dimensions > 0)
		dp_buf_printf(b, ",\"output_dimension\":%d", c->dimensions);
	dp_buf_addc(b, '}');
}

/* `data` entries by index. */
static enum embed_parse
voyage_parse(const struct embed_cfg *c, json_t *root, int n, int dim,
	     struct embed_vectors *out, struct dp_buf *why)
{
	(void)c;
	return dp_embed_parse_data(root, n, dim, 1, out, why);
}

const struct embed_provider dp_embed_voyage = {
	.name = "voyage",
	.default_model = "voyage-3",
	.default_base_url = "https://api.voyageai.com/v1",
	.key_env = { "VOYAGE_API_KEY", NULL },
	.key_required = 1,
	.auth_header = "Authorization",
	.auth_scheme = "Bearer ",
	.batch_size = 128,
	.max_batch = 1000,
	.batch_tokens = 100000,
	.url = voyage_url,
	.body = voyage_body,
	.parse = voyage_parse,
};
