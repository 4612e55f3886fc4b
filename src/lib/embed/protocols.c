/* SPDX-License-Identifier: MIT */
/*
 * The wire protocols of the HTTP providers, side by side: each one's
 * defaults, request URL and body, and response parser. The helpers they
 * share are in provider.c.
 *
 * Ollama's native batch endpoint: POST {base}/api/embed
 *   {"model":M,"input":[t...],"dimensions":D?}
 *   -> {"embeddings":[[f...]...],"prompt_eval_count":N}
 *   Vectors come in input order; errors as {"error":"..."}.
 *
 * OpenAI's embeddings endpoint, and every server that speaks it (vLLM,
 * llama.cpp, LM Studio, text-embeddings-inference):
 *   POST {base}/embeddings   (base https://api.openai.com/v1)
 *   {"model":M,"input":[t...],"dimensions":D?,"encoding_format":F}
 *   -> {"data":[{"index":i,"embedding":[f...]|"base64"}],"usage":{...}}
 *   Vectors are matched to inputs by `index`.
 *
 * Voyage AI: POST {base}/embeddings   (base https://api.voyageai.com/v1)
 *   {"model":M,"input":[t...],"input_type":"document"|"query"?,
 *    "output_dimension":D?}
 *   -> {"data":[{"index":i,"embedding":[f...]}],"usage":{...}}
 *   Errors as {"detail":"..."}.
 *
 * Google Gemini: POST {base}/models/{M}:batchEmbedContents
 *   (base https://generativelanguage.googleapis.com/v1beta; the key in
 *   the x-goog-api-key header, never in the URL)
 *   {"requests":[{"model":"models/M","content":{"parts":[{"text":t}]},
 *                 "taskType":T?,"outputDimensionality":D?}...]}   (<= 100)
 *   -> {"embeddings":[{"values":[f...]}...]} in request order.
 *   Only full-size vectors come normalised, so shortened ones are
 *   L2-normalised here.
 */
#include <math.h>
#include <string.h>

#include "provider.h"

/* ---- ollama ------------------------------------------------------------ */

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
	dp_embed_body_start(b, c, n, text, len);
	dp_embed_body_dims(b, c, "dimensions");
	dp_buf_addc(b, '}');
}

/* `embeddings`, one array per input, in order. */
static enum embed_parse
ollama_parse(const struct embed_cfg *c, json_t *root, int n, int dim,
	     struct embed_vectors *out, struct dp_buf *why)
{
	(void)c;
	return dp_embed_parse_embeddings(root, n, dim, NULL, out, why);
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

/* ---- openai and voyage: /embeddings, `data` by index --------------------- */

/* The request URL. */
static void
embeddings_url(const struct embed_cfg *c, struct dp_buf *url)
{
	dp_embed_url_join(url, c->base_url, "/embeddings");
}

/* The request body: base64 vectors from OpenAI itself, floats from
 * other servers (some of them reject base64). */
static void
openai_body(const struct embed_cfg *c, int n, char *const *text,
	    const size_t *len, struct dp_buf *b)
{
	dp_embed_body_start(b, c, n, text, len);
	dp_embed_body_dims(b, c, "dimensions");
	dp_buf_adds(b, c->base64 ? ",\"encoding_format\":\"base64\"}"
				 : ",\"encoding_format\":\"float\"}");
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
	.url = embeddings_url,
	.body = openai_body,
	.parse = dp_embed_parse_data,
};

/* The request body. */
static void
voyage_body(const struct embed_cfg *c, int n, char *const *text,
	    const size_t *len, struct dp_buf *b)
{
	dp_embed_body_start(b, c, n, text, len);
	if (c->input_type) {
		dp_buf_adds(b, ",\"input_type\":");
		dp_json_cstring(b, c->input_type);
	}
	dp_embed_body_dims(b, c, "output_dimension");
	dp_buf_addc(b, '}');
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
	.url = embeddings_url,
	.body = voyage_body,
	.parse = dp_embed_parse_data,
};

/* ---- gemini ------------------------------------------------------------ */

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

/* The request body: one request a text. */
static void
gemini_body(const struct embed_cfg *c, int n, char *const *text,
	    const size_t *len, struct dp_buf *b)
{
	struct dp_buf model = { 0 };

	dp_buf_adds(&model, "models/");
	dp_buf_adds(&model, bare_model(c->model));
	dp_buf_adds(b, "{\"requests\":[");
	for (int i = 0; i < n; i++) {
		if (i)
			dp_buf_addc(b, ',');
		dp_buf_adds(b, "{\"model\":");
		dp_json_string(b, model.data, model.len);
		dp_buf_adds(b, ",\"content\":{\"parts\":[{\"text\":");
		dp_json_string_lossy(b, text[i], len[i]);
		dp_buf_adds(b, "}]}");
		if (c->input_type)
			dp_buf_adds(b, strcmp(c->input_type, "query") == 0
				? ",\"taskType\":\"RETRIEVAL_QUERY\""
				: ",\"taskType\":\"RETRIEVAL_DOCUMENT\"");
		dp_embed_body_dims(b, c, "outputDimensionality");
		dp_buf_addc(b, '}');
	}
	dp_buf_adds(b, "]}");
	dp_buf_free(&model);
}

/* `embeddings[i].values`, in order; shortened vectors L2-normalised. */
static enum embed_parse
gemini_parse(const struct embed_cfg *c, json_t *root, int n, int dim,
	     struct embed_vectors *out, struct dp_buf *why)
{
	enum embed_parse r;

	if ((r = dp_embed_parse_embeddings(root, n, dim, "values", out, why)))
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
