/* SPDX-License-Identifier: MIT */
/* Google Gemini: POST {base}/models/{M}:batchEmbedContents
 *   (base https://generativelanguage.googleapis.com/v1beta; the key in
 *   the x-goog-api-key header, never in the URL)
 *   {"requests":[{"model":"models/M","content":{"parts":[{"text":t}]},
 *                 "taskType":T?,"outputDimensionality":D?}...]}   (<= 100)
 *   -> {"embeddings":[{"values":[f...]}...]} in request order.
 * Only full-size vectors come normalised, so shortened ones are
 * L2-normalised here. */
#include <math.h>
#include <string.h>

#include "provider.h"

/* The model without a leading "models/". */
static const char *
bare_model(const char *m)
{
	return strncmp(m, "models/", 7) == 0 ? m + 7 : m;
}

/* The request URL. */
static void
gemini_url(const struct embed_cfg *c, struct dp_buf *url)
{
	dp_embed_url_join(url, c->base_url, "/models/");
	dp_buf_adds(url, bare_model(c->model));
	dp_buf_adds(url, ":batchEmbedContents");
}

/* The request body. */
static void
gemini_body(const struct embed_cfg *c, int n, char *const *text,
	    const size_t *len, struct dp_buf *b)
{
	dp_buf_adds(b, "{\"requests\":[");
	for (int i = 0; i < n; i++) {
		if (i)
			dp_buf_addc(b, ',');
		dp_buf_adds(b, "{\"model\":\"models/");
		dp_buf_adds(b, bare_model(c->model));
		dp_buf_adds(b, "\",\"content\":{\"parts\":[{\"text\":");
		dp_json_string_lossy(b, text[i], len[i]);
		dp_buf_adds(b, "}]}");
		if (c->input_type)
			dp_buf_adds(b, strcmp(c->input_type, "query") == 0
				? ",\"taskType\":\"RETRIEVAL_QUERY\""
				: ",\"taskType\":\"RETRIEVAL_DOCUMENT\"");
		if (c->dimensions > 0)
			dp_buf_printf(b, ",\"outputDimensionality\":%d",
				      c->dimensions);
		dp_buf_addc(b, '}');
	}
	dp_buf_adds(b, "]}");
}

/* `embeddings[i].values`, in order. */
static enum embed_parse
gemini_parse(const struct embed_cfg *c, json_t *root, int n, int dim,
	     struct embed_vectors *out, struct dp_buf *why)
{
	json_t *e = json_object_get(root, "embeddings"), *v;
	enum embed_parse r;
	size_t i;

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
		if ((r = dp_embed_store_array(out, (int)i,
					      json_object_get(v, "values"),
					      dim, why)))
			return r;
	if ((r = dp_embed_vectors_complete(out, why)))
		return r;
	if (c->dimensions > 0)
		for (int k = 0; k < out->n; k++) {
			float *x = out->v + (size_t)k * (size_t)out->dim;
			double s = 0;
			for (int d = 0; d < out->dim; d++)
				s += (double)x[d] * x[d];
			s = s > 0 ? 1 / sqrt(s) : 0;
			for (int d = 0; d < out->dim && s > 0; d++)
				x[d] = (float)(x[d] * s);
		}
	return EMBED_PARSE_OK;
}

const struct embed_provider dp_embed_gemini = {
	.name = "gemini",
	.default_model = "gemini-embedding-001",
	.default_base_url = "https://generativelanguage.googleapis.com/v1beta",
	.key_env = { "GEMINI_API_KEY", "GOOGLE_API_KEY", NULL },
	.key_required = 1,
	.auth_header = "x-goog-api-key",
	.auth_scheme = "",
	.batch_size = 100,
	.max_batch = 100,
	.batch_tokens = 200000,
	.url = gemini_url,
	.body = gemini_body,
	.parse = gemini_parse,
};
