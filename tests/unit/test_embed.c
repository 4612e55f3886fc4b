/* SPDX-License-Identifier: MIT */
/* Unit tests: the hash embedder (test vectors of dp-embed(1),
 * determinism, normalisation), retry policy, provider
 * request and response shapes, batching, cache, key scrubbing. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "embed/cache.h"
#include "dp.h"
#include "embed/embed.h"
#include "embed/provider.h"
#include "embed/retry.h"
#include "unit.h"
#include "../fuzz/hash_ref.h"

/* The hash vector of text t at dim, as dp-embed writes it. */
static const char *
hash_text(const char *t, int dim)
{
	static struct dp_buf b;
	float v[64];

	dp_hash_embed(t, strlen(t), dim, v);
	b.len = 0;
	dp_json_float_array(&b, v, dim);
	return dp_buf_cstr(&b);
}

/* Does text t embed at dim to the reference's bits (hash_ref.h)? */
static int
same_as_reference(const char *t, size_t n, int dim)
{
	float a[1024], b[1024];

	dp_hash_embed(t, n, dim, a);
	ref_hash_embed(t, n, dim, b);
	return memcmp(a, b, (size_t)dim * sizeof *a) == 0;
}

/* The embedder against the reference, bit for bit (the fuzz target
 * fuzz_hash_embed tries any text): the test vectors of dp-embed(1),
 * which the reference must give too, and a text of more distinct words
 * than the per-thread word cache holds, so that it empties mid-text, at
 * two dimensions (the second time with the cache as the first left
 * it). */
static void
test_hash_reference(void)
{
	static const char *const texts[] = {
		"The quick brown fox jumps over the lazy dog",
		"Deer Creek State Park (Utah) | Charleston, Utah",
		"Caf\xc3\xa9 Z\xc3\xbcrich, Stra\xc3\x9f" "e",
		"the and of",
	};
	struct dp_buf b = { 0 };
	float v[8];
	uint32_t x = 1;
	int same = 1;

	ref_hash_embed(texts[1], strlen(texts[1]), 8, v);
	dp_json_float_array(&b, v, 8);
	CHECK_STR("hash reference: a test vector", dp_buf_cstr(&b),
		  "[-0.46176532,0.069106385,-0.36766016,0.17105362,"
		  "0.06495605,0.08277187,0.25447026,-0.7360287]");
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
		same &= same_as_reference(texts[i], strlen(texts[i]), 8);
	CHECK("hash reference: the test vectors", same);
	/* 6000 words of 2 to 9 letters, most of them distinct */
	b.len = 0;
	for (int i = 0; i < 6000; i++) {
		int len = 2 + (int)((x = x * 1103515245 + 12345) >> 16) % 8;

		for (int k = 0; k < len; k++) {
			x = x * 1103515245 + 12345;
			dp_buf_addc(&b, "abcdefghilmnoprstuy"[(x >> 16) % 19]);
		}
		dp_buf_addc(&b, i % 7 ? ' ' : '.');
	}
	CHECK("hash reference: more words than the cache holds",
	      same_as_reference(b.data, b.len, 1024) &&
	      same_as_reference(b.data, b.len, 1000));
	dp_buf_free(&b);
}

static void
test_hash(void)
{
	float a[1024], b[1024];
	double n = 0;

	/* the test vectors in dp-embed(1) */
	CHECK_STR("hash vector: quick brown fox",
		  hash_text("The quick brown fox jumps over the lazy dog", 8),
		  "[-0.7120315,-0.5632062,-0.16561666,-0.052457407,-0.28541073,"
		  "0.049921077,-0.119477235,-0.21772237]");
	CHECK_STR("hash vector: Deer Creek",
		  hash_text("Deer Creek State Park (Utah) | Charleston, Utah", 8),
		  "[-0.46176532,0.069106385,-0.36766016,0.17105362,0.06495605,"
		  "0.08277187,0.25447026,-0.7360287]");
	CHECK_STR("hash vector: accents folded",
		  hash_text("Caf\xc3\xa9 Z\xc3\xbcrich, Stra\xc3\x9f" "e", 8),
		  "[-0.18596102,0.048797026,-0.76005554,0.18134992,0.5537048,"
		  "0.11282825,-0.0071833185,-0.18191846]");
	CHECK_STR("hash vector: same without accents",
		  hash_text("Cafe Zurich, Strasse", 8),
		  "[-0.18596102,0.048797026,-0.76005554,0.18134992,0.5537048,"
		  "0.11282825,-0.0071833185,-0.18191846]");
	CHECK_STR("hash vector: stop words only",
		  hash_text("the and of", 8),
		  "[0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0]");

	const char *t = "Park City is a city in Summit County, Utah.";
	dp_hash_embed(t, strlen(t), 1024, a);
	dp_hash_embed(t, strlen(t), 1024, b);
	CHECK("hash: deterministic", memcmp(a, b, sizeof a) == 0);
	for (int i = 0; i < 1024; i++)
		n += (double)a[i] * a[i];
	CHECK("hash: unit length", fabs(n - 1) < 1e-6);
	dp_hash_embed("", 0, 1024, a);
	n = 0;
	for (int i = 0; i < 1024; i++)
		n += fabs(a[i]);
	CHECK("hash: empty text is the zero vector", n == 0);
	CHECK("cosine of zero vector is 0", dp_cosine(a, b, 1024) == 0);
	CHECK("cosine with itself is 1", fabs(dp_cosine(b, b, 1024) - 1) < 1e-6);
	const char *u = "PARK   city, is a CITY in summit county utah";
	dp_hash_embed(u, strlen(u), 1024, a);
	CHECK("hash: case and punctuation do not matter",
	      memcmp(a, b, sizeof a) == 0);
	const char *w = "Ski resorts near Park City";
	dp_hash_embed(w, strlen(w), 1024, a);
	double c1 = dp_cosine(a, b, 1024);
	const char *x = "Gold mining in Nevada deserts";
	dp_hash_embed(x, strlen(x), 1024, a);
	CHECK("hash: related text is closer", c1 > dp_cosine(a, b, 1024));
	/* plurals: counties ~ county */
	dp_hash_embed("counties", 8, 1024, a);
	dp_hash_embed("county", 6, 1024, b);
	CHECK("hash: counties and county are one word",
	      fabs(dp_cosine(a, b, 1024) - 1) < 1e-6);

	char add;
	CHECK("stem: counties", dp_hash_stem("counties", 8, &add) == 5 &&
	      add == 'y');
	CHECK("stem: parks", dp_hash_stem("parks", 5, &add) == 4 && !add);
	CHECK("stem: class", dp_hash_stem("class", 5, &add) == 5);
	CHECK("stem: status", dp_hash_stem("status", 6, &add) == 6);
	CHECK("stem: ties (short)", dp_hash_stem("ties", 4, &add) == 3 &&
	      !add);
	CHECK("stem: gas (short)", dp_hash_stem("gas", 3, &add) == 3);
	/* Porter's stems, from the examples of his 1980 paper */
	static const char *const porter[][2] = {
		{ "caresses", "caress" }, { "ponies", "poni" },
		{ "feed", "feed" }, { "agreed", "agre" }, { "plastered", "plaster" },
		{ "motoring", "motor" }, { "hopping", "hop" }, { "filing", "file" },
		{ "happy", "happi" }, { "relational", "relat" },
		{ "generalization", "gener" }, { "hopeful", "hope" },
		{ "adjustment", "adjust" }, { "adoption", "adopt" },
		{ "controll", "control" }, { "located", "locat" },
		{ "location", "locat" }, { "as", "as" },
	};
	for (size_t i = 0; i < sizeof porter / sizeof *porter; i++) {
		char pw[32];
		size_t len = strlen(porter[i][0]);
		memcpy(pw, porter[i][0], len);
		len = dp_hash_porter(pw, len);
		CHECK(porter[i][0], len == strlen(porter[i][1]) &&
		      memcmp(pw, porter[i][1], len) == 0);
	}
	/* located ~ location: one Porter stem, the same word feature */
	dp_hash_embed("located", 7, 1024, a);
	dp_hash_embed("location", 8, 1024, b);
	CHECK("hash: located and location share their word",
	      dp_cosine(a, b, 1024) > 0.5);
	/* town ~ city: no letters in common beyond chance, but one WordNet
	 * hypernym (municipality) from the built-in table */
	dp_hash_embed("town", 4, 1024, a);
	dp_hash_embed("city", 4, 1024, b);
	CHECK("hash: town and city share a hypernym",
	      dp_cosine(a, b, 1024) > 0.05);
	/* the table's weights: a common word weighs less than a rare one,
	 * so "city" gets less of a shared text's vector than "wasatch" */
	dp_hash_embed("city wasatch", 12, 1024, a);
	dp_hash_embed("city", 4, 1024, b);
	double common = dp_cosine(a, b, 1024);
	dp_hash_embed("wasatch", 7, 1024, b);
	CHECK("hash: a rare word weighs more than a common one",
	      dp_cosine(a, b, 1024) > common + 0.05);
	CHECK("stopword: the", dp_hash_stopword("the", 3));
	CHECK("stopword: yourselves", dp_hash_stopword("yourselves", 10));
	CHECK("stopword: about", dp_hash_stopword("about", 5));
	CHECK("not a stopword: utah", !dp_hash_stopword("utah", 4));
	/* a long text with a huge token does not crash */
	size_t big = 1 << 20;
	char *s = malloc(big);
	memset(s, 'a', big);
	dp_hash_embed(s, big, 1024, a);
	n = 0;
	for (int i = 0; i < 1024; i++)
		n += (double)a[i] * a[i];
	CHECK("hash: a 1 MB word", fabs(n - 1) < 1e-6);
	free(s);
}

static void
test_retry(void)
{
	struct embed_error e;

	CHECK("hint: retry-after-ms", dp_embed_retry_hint("250", "9", -1, 0) == 0.25);
	CHECK("hint: seconds", dp_embed_retry_hint("", "2", -1, 0) == 2);
	CHECK("hint: float seconds", dp_embed_retry_hint(NULL, "1.5", -1, 0) == 1.5);
	CHECK("hint: HTTP date", dp_embed_retry_hint(NULL,
		"Wed, 21 Oct 2015 07:28:00 GMT", -1, 1445412470) == 10);
	CHECK("hint: gemini retryDelay", dp_embed_retry_hint("", "", 23, 0) == 23);
	CHECK("hint: none", dp_embed_retry_hint("", "", -1, 0) == -1);
	CHECK("backoff 0", dp_embed_backoff(0, 0) == 0.5);
	CHECK("backoff 2 with jitter", dp_embed_backoff(2, 0.5) == 2 * 0.875);
	CHECK("backoff capped", dp_embed_backoff(30, 0) == 8);

	const char *q = "{\"error\":{\"message\":\"You exceeded your "
			"current quota\",\"type\":\"insufficient_quota\","
			"\"code\":\"insufficient_quota\"}}";
	dp_embed_error_parse(&e, q, strlen(q));
	CHECK_STR("error: openai message", e.msg.data,
		  "You exceeded your current quota");
	CHECK("classify: quota is fatal", dp_embed_classify(0, 429, "", &e) ==
	      EMBED_FATAL);
	dp_embed_error_free(&e);
	const char *g = "{\"error\":{\"code\":429,\"message\":\"Resource "
			"exhausted\",\"status\":\"RESOURCE_EXHAUSTED\",\"details\":"
			"[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\","
			"\"retryDelay\":\"23s\"}]}}";
	dp_embed_error_parse(&e, g, strlen(g));
	CHECK("error: gemini retryDelay", e.retry_delay == 23);
	CHECK("classify: 429 waits", dp_embed_classify(0, 429, "", &e) ==
	      EMBED_RATE);
	dp_embed_error_free(&e);
	dp_embed_error_parse(&e, "{\"detail\":\"batch too large\"}", 28);
	CHECK_STR("error: voyage detail", e.msg.data, "batch too large");
	CHECK("classify: 400 splits", dp_embed_classify(0, 400, "", &e) ==
	      EMBED_SPLIT);
	CHECK("classify: 401 fatal", dp_embed_classify(0, 401, "", &e) ==
	      EMBED_FATAL);
	CHECK("classify: 503 retries", dp_embed_classify(0, 503, "", &e) ==
	      EMBED_RETRY);
	CHECK("classify: transport retries", dp_embed_classify(1, 0, "", &e) ==
	      EMBED_RETRY);
	CHECK("classify: x-should-retry true", dp_embed_classify(0, 400,
		"true", &e) == EMBED_RETRY);
	CHECK("classify: redirect fatal", dp_embed_classify(0, 307, "", &e) ==
	      EMBED_FATAL);
	dp_embed_error_free(&e);
	dp_embed_error_parse(&e, "{\"error\":\"failed to encode response: "
			     "json: unsupported value: NaN\"}", 66);
	CHECK("classify: ollama NaN 500 splits",
	      dp_embed_classify(0, 500, "", &e) == EMBED_SPLIT);
	dp_embed_error_free(&e);
	dp_embed_error_parse(&e, "{\"error\":\"server under maintenance\"}", 36);
	CHECK("classify: other 500 retries",
	      dp_embed_classify(0, 500, "", &e) == EMBED_RETRY);
	dp_embed_error_free(&e);
	dp_embed_error_parse(&e, "<html>bad gateway</html>", 24);
	CHECK_STR("error: non-JSON body kept", e.msg.data,
		  "<html>bad gateway</html>");
	dp_embed_error_free(&e);
}

/* Build one provider's request for two texts. */
static const char *
request(const struct embed_provider *p, struct embed_cfg *c,
	struct dp_buf *url)
{
	static struct dp_buf body;
	char *text[2] = { "a \"b\"", "c" };
	size_t len[2] = { 5, 1 };

	c->p = p;
	url->len = 0;
	body.len = 0;
	p->url(c, url);
	p->body(c, 2, text, len, &body);
	dp_buf_cstr(url);
	return dp_buf_cstr(&body);
}

/* Parse a response body with provider p for n inputs. */
static enum embed_parse
parse(const struct embed_provider *p, const char *body, int n, int dim,
      struct embed_vectors *v)
{
	struct embed_cfg c = { p, "m", "http://x", 0, NULL, 0 };
	struct dp_buf why = { 0 };
	json_t *root = dp_embed_json_load(body, strlen(body));
	enum embed_parse r;

	dp_embed_vectors_init(v, n);
	v->max_values = strlen(body);
	if (!root)
		return EMBED_PARSE_MALFORMED;
	r = p->parse(&c, root, n, dim, v, &why);
	json_decref(root);
	dp_buf_free(&why);
	return r;
}

/* Does dp_embed_json_load read `body` as json_loads reads `same`? */
static int
loads_as(const char *body, const char *same)
{
	json_t *a = dp_embed_json_load(body, strlen(body));
	json_t *b = same ? json_loads(same, 0, NULL) : NULL;
	int eq = a && b ? json_equal(a, b) : !a && !b && !same;

	json_decref(a);
	json_decref(b);
	return eq;
}

/* A response of one vector of `len` values (JSON array text). */
static const char *
long_vector(int len)
{
	static struct dp_buf b;

	b.len = 0;
	dp_buf_adds(&b, "{\"embeddings\":[[");
	for (int i = 0; i < len; i++)
		dp_buf_adds(&b, i ? ",0" : "0");
	dp_buf_adds(&b, "]]}");
	return dp_buf_cstr(&b);
}

/* Python's NaN, Infinity and -Infinity, and what is not one of them. */
static void
test_nonfinite(void)
{
	struct embed_vectors v;
	enum embed_parse r;

	CHECK("json_load: NaN, Infinity, -Infinity as values",
	      loads_as("{\"a\":NaN,\"b\":[Infinity, -Infinity],\"c\": NaN\n}",
		       "{\"a\":\"NaN\",\"b\":[\"Infinity\",\"-Infinity\"],"
		       "\"c\":\"NaN\"}"));
	CHECK("json_load: pretty-printed",
	      loads_as("[\n NaN,\n\t-Infinity\r\n]", "[\"NaN\",\"-Infinity\"]"));
	CHECK("json_load: the words inside strings are left alone",
	      loads_as("{\"NaN\":\"x NaN\",\"q\":\"\\\" Infinity\\\\\",\"n\":1}",
		       "{\"NaN\":\"x NaN\",\"q\":\"\\\" Infinity\\\\\",\"n\":1}"));
	CHECK("json_load: not whole words", loads_as("[NaNa]", NULL) &&
	      loads_as("[xNaN]", NULL) && loads_as("[-Inf]", NULL) &&
	      loads_as("[Infinity1]", NULL) && loads_as("[nan]", NULL) &&
	      loads_as("[+Infinity]", NULL) && loads_as("[1NaN]", NULL) &&
	      loads_as("[\"a\"NaN]", NULL));
	CHECK("json_load: a word alone is not an object or array",
	      loads_as("NaN", NULL));
	CHECK("json_load: plain JSON as jansson reads it",
	      loads_as("{\"a\":[1.5,-2e3,true,null]}",
		       "{\"a\":[1.5,-2e3,true,null]}") &&
	      loads_as("{\"a\":", NULL));
	CHECK("ollama parse: NaN is not finite", parse(&dp_embed_ollama,
		"{\"embeddings\":[[1,NaN],[3,4]]}", 2, 0, &v) ==
	      EMBED_PARSE_BAD);
	dp_embed_vectors_free(&v);
	CHECK("openai parse: Infinity is not finite", parse(&dp_embed_openai,
		"{\"data\":[{\"index\":0,\"embedding\":[Infinity,1]}]}", 1, 0,
		&v) == EMBED_PARSE_BAD);
	dp_embed_vectors_free(&v);
	CHECK("gemini parse: -Infinity is not finite", parse(&dp_embed_gemini,
		"{\"embeddings\":[{\"values\":[1, -Infinity]}]}", 1, 0, &v) ==
	      EMBED_PARSE_BAD);
	dp_embed_vectors_free(&v);
	CHECK("voyage parse: a NaN index is malformed", parse(&dp_embed_voyage,
		"{\"data\":[{\"index\":NaN,\"embedding\":[1]}]}", 1, 0, &v) ==
	      EMBED_PARSE_MALFORMED);
	dp_embed_vectors_free(&v);
	CHECK("ollama parse: a NaN elsewhere does not matter",
	      parse(&dp_embed_ollama, "{\"embeddings\":[[1,2]],"
		    "\"prompt_eval_count\":NaN}", 1, 0, &v) ==
	      EMBED_PARSE_OK);
	dp_embed_vectors_free(&v);
	CHECK("parse: the longest vector", parse(&dp_embed_ollama,
		long_vector(DP_EMBED_MAX_DIM), 1, 0, &v) == EMBED_PARSE_OK &&
	      v.dim == DP_EMBED_MAX_DIM);
	dp_embed_vectors_free(&v);
	CHECK("parse: a vector too long is the batch's fault",
	      parse(&dp_embed_ollama, long_vector(DP_EMBED_MAX_DIM + 1), 1,
		    0, &v) == EMBED_PARSE_BAD);
	dp_embed_vectors_free(&v);
	/* 1000 vectors of 4096 values cannot be in 11 KB: the first one
	 * does not make room for all of them */
	struct dp_buf b = { 0 };
	dp_buf_adds(&b, long_vector(4096));
	b.len -= 2;
	for (int i = 1; i < 1000; i++)
		dp_buf_adds(&b, ",[]");
	dp_buf_adds(&b, "]}");
	r = parse(&dp_embed_ollama, dp_buf_cstr(&b), 1000, 0, &v);
	CHECK("parse: no room for more values than the body has bytes",
	      r == EMBED_PARSE_MALFORMED && v.v == NULL);
	dp_embed_vectors_free(&v);
	dp_buf_free(&b);
}

static void
test_providers(void)
{
	struct embed_cfg c = { NULL, "m1", "http://h:1/v1/", 0, NULL, 0 };
	struct dp_buf url = { 0 };
	struct embed_vectors v;

	CHECK_STR("ollama body", request(&dp_embed_ollama, &c, &url),
		  "{\"model\":\"m1\",\"input\":[\"a \\\"b\\\"\",\"c\"]}");
	CHECK_STR("ollama url", url.data, "http://h:1/v1/api/embed");
	c.dimensions = 256;
	CHECK_STR("openai body", request(&dp_embed_openai, &c, &url),
		  "{\"model\":\"m1\",\"input\":[\"a \\\"b\\\"\",\"c\"],"
		  "\"dimensions\":256,\"encoding_format\":\"float\"}");
	CHECK_STR("openai url", url.data, "http://h:1/v1/embeddings");
	c.input_type = "query";
	CHECK_STR("voyage body", request(&dp_embed_voyage, &c, &url),
		  "{\"model\":\"m1\",\"input\":[\"a \\\"b\\\"\",\"c\"],"
		  "\"input_type\":\"query\",\"output_dimension\":256}");
	c.dimensions = 0;
	c.base_url = "http://g/v1beta";
	CHECK_STR("gemini body", request(&dp_embed_gemini, &c, &url),
		  "{\"requests\":[{\"model\":\"models/m1\",\"content\":{\"parts\":"
		  "[{\"text\":\"a \\\"b\\\"\"}]},\"taskType\":\"RETRIEVAL_QUERY\"},"
		  "{\"model\":\"models/m1\",\"content\":{\"parts\":[{\"text\":"
		  "\"c\"}]},\"taskType\":\"RETRIEVAL_QUERY\"}]}");
	CHECK_STR("gemini url", url.data,
		  "http://g/v1beta/models/m1:batchEmbedContents");
	dp_buf_free(&url);

	CHECK("ollama parse", parse(&dp_embed_ollama,
		"{\"embeddings\":[[1,2],[3,4.5]]}", 2, 0, &v) == EMBED_PARSE_OK &&
	      v.dim == 2 && v.v[3] == 4.5f);
	dp_embed_vectors_free(&v);
	CHECK("ollama parse: wrong count", parse(&dp_embed_ollama,
		"{\"embeddings\":[[1,2]]}", 2, 0, &v) == EMBED_PARSE_BAD);
	dp_embed_vectors_free(&v);
	CHECK("ollama parse: changing dimension", parse(&dp_embed_ollama,
		"{\"embeddings\":[[1,2],[3]]}", 2, 0, &v) == EMBED_PARSE_BAD);
	dp_embed_vectors_free(&v);
	CHECK("ollama parse: expected dimension", parse(&dp_embed_ollama,
		"{\"embeddings\":[[1,2],[3,4]]}", 2, 3, &v) == EMBED_PARSE_BAD);
	dp_embed_vectors_free(&v);
	CHECK("ollama parse: not JSON shape", parse(&dp_embed_ollama,
		"{\"oops\":1}", 2, 0, &v) == EMBED_PARSE_MALFORMED);
	dp_embed_vectors_free(&v);
	CHECK("openai parse by index", parse(&dp_embed_openai,
		"{\"data\":[{\"index\":1,\"embedding\":[3,4]},{\"index\":0,"
		"\"embedding\":[1,2]}]}", 2, 0, &v) == EMBED_PARSE_OK &&
	      v.v[0] == 1 && v.v[2] == 3);
	dp_embed_vectors_free(&v);
	CHECK("openai parse: duplicate index", parse(&dp_embed_openai,
		"{\"data\":[{\"index\":0,\"embedding\":[3,4]},{\"index\":0,"
		"\"embedding\":[1,2]}]}", 2, 0, &v) == EMBED_PARSE_BAD);
	dp_embed_vectors_free(&v);
	CHECK("openai parse: index out of range", parse(&dp_embed_openai,
		"{\"data\":[{\"index\":5,\"embedding\":[3,4]},{\"index\":0,"
		"\"embedding\":[1,2]}]}", 2, 0, &v) == EMBED_PARSE_BAD);
	dp_embed_vectors_free(&v);
	CHECK("openai parse: index 2^32 is not index 0",
	      parse(&dp_embed_openai, "{\"data\":[{\"index\":4294967296,"
		    "\"embedding\":[3,4]}]}", 1, 0, &v) == EMBED_PARSE_BAD);
	dp_embed_vectors_free(&v);
	CHECK("openai parse: index -4294967295 is not index 1",
	      parse(&dp_embed_openai, "{\"data\":[{\"index\":0,"
		    "\"embedding\":[1,2]},{\"index\":-4294967295,"
		    "\"embedding\":[3,4]}]}", 2, 0, &v) == EMBED_PARSE_BAD);
	dp_embed_vectors_free(&v);
	/* base64 of the floats 1.0 and -2.0, little-endian */
	CHECK("openai parse base64", parse(&dp_embed_openai,
		"{\"data\":[{\"index\":0,\"embedding\":\"AACAPwAAAMA=\"}]}",
		1, 0, &v) == EMBED_PARSE_OK && v.dim == 2 && v.v[0] == 1 &&
	      v.v[1] == -2);
	dp_embed_vectors_free(&v);
	/* base64 of a NaN */
	CHECK("openai parse base64 NaN", parse(&dp_embed_openai,
		"{\"data\":[{\"index\":0,\"embedding\":\"AADAfw==\"}]}",
		1, 0, &v) == EMBED_PARSE_BAD);
	dp_embed_vectors_free(&v);
	CHECK("gemini parse: overflow is not finite", parse(&dp_embed_gemini,
		"{\"embeddings\":[{\"values\":[1e39,1]}]}", 1, 0, &v) ==
	      EMBED_PARSE_BAD);
	dp_embed_vectors_free(&v);
	CHECK("gemini parse", parse(&dp_embed_gemini,
		"{\"embeddings\":[{\"values\":[0.5,1]},{\"values\":[2,3]}]}",
		2, 0, &v) == EMBED_PARSE_OK && v.v[3] == 3);
	dp_embed_vectors_free(&v);
	CHECK("provider lookup", dp_embed_provider("voyage") == &dp_embed_voyage &&
	      dp_embed_provider("hash") == NULL);
}

static void
test_batches(void)
{
	struct embed_batcher bt = { 3, 100, NULL, NULL };
	struct embed_batch *b;
	int sizes[8], n = 0;

	for (int i = 0; i < 7; i++)
		dp_embed_batcher_add(&bt, i, i == 4 ? 95 : 10);
	dp_embed_batcher_flush(&bt);
	while ((b = dp_embed_batcher_next(&bt)) && n < 8) {
		sizes[n++] = b->n;
		if (n == 2) {
			struct embed_batch *h = dp_embed_batch_split(b);
			CHECK("split halves", b->n == 0 && h->n == 1);
			dp_embed_batch_free(h);
		}
		dp_embed_batch_free(b);
	}
	/* 0 1 2 | 3 (4 would pass 100 tokens) | 4 (alone: 95) | 5 6 */
	CHECK("batches by count and tokens", n == 4 && sizes[0] == 3 &&
	      sizes[1] == 1 && sizes[2] == 1 && sizes[3] == 2);
	CHECK("tokens estimate", dp_embed_tokens(10) == 4 &&
	      dp_embed_tokens(0) == 1 && dp_embed_tokens(3) == 1);
}

static void
test_cache(void)
{
	char path[] = "/tmp/dp-embed-unit-XXXXXX";
	int fd = mkstemp(path);
	unsigned char k1[16], k2[16];
	const char *p1[2] = { "openai", "text" }, *p2[2] = { "openai", "tex" };
	const char *p3[2] = { "openait", "ext" };
	size_t l1[2] = { 6, 4 }, l2[2] = { 6, 3 }, l3[2] = { 7, 3 };
	float v[3] = { 1.5f, -2, 0.25f }, *got = NULL;
	int dim = 0;

	close(fd);
	dp_cache_key(k1, 2, p1, l1);
	dp_cache_key(k2, 2, p2, l2);
	CHECK("cache keys differ", memcmp(k1, k2, 16) != 0);
	dp_cache_key(k2, 2, p3, l3);
	CHECK("cache keys: parts are not concatenated", memcmp(k1, k2, 16) != 0);
	struct dp_cache *c = dp_cache_open(path);
	CHECK("cache: miss", dp_cache_get(c, k1, &got, &dim) == 0);
	dp_cache_begin(c);
	dp_cache_put(c, k1, "m", v, 3);
	dp_cache_commit(c);
	dp_cache_close(c);
	c = dp_cache_open(path);
	CHECK("cache: hit after reopening", dp_cache_get(c, k1, &got, &dim) == 1 &&
	      dim == 3 && memcmp(got, v, sizeof v) == 0);
	free(got);
	v[1] = NAN;
	dp_cache_put(c, k2, "m", v, 3);
	got = NULL;
	CHECK("cache: a NaN is not used", dp_cache_get(c, k2, &got, &dim) == -1 &&
	      got == NULL);
	v[1] = -INFINITY;
	dp_cache_put(c, k2, "m", v, 3);
	CHECK("cache: an infinity is not used",
	      dp_cache_get(c, k2, &got, &dim) == -1 && got == NULL);
	dp_cache_close(c);
	unlink(path);
	char wal[64];
	snprintf(wal, sizeof wal, "%s-wal", path);
	unlink(wal);
	snprintf(wal, sizeof wal, "%s-shm", path);
	unlink(wal);
}

static void
test_scrub(void)
{
	struct dp_buf b = { 0 };

	dp_buf_adds(&b, "Incorrect API key provided: my-secret-key-123. "
		    "Also sk-abcdefghijklmnopqrstuvwx and AIzaSyA1234567890"
		    "abcdefghijklmnop, but sk-short stays.");
	dp_embed_scrub(&b, "my-secret-key-123");
	CHECK_STR("scrub", dp_buf_cstr(&b),
		  "Incorrect API key provided: [REDACTED]. Also [REDACTED] "
		  "and [REDACTED], but sk-short stays.");
	dp_buf_free(&b);
}

/* The top K: best first, ties in offer order, K = 0 keeps nothing. */
static void
test_topk(void)
{
	static const double scores[] = { 0.5, 0.9, 0.1, 0.9, 0.7 };
	struct dp_topk *t = dp_topk_new(3), *none = dp_topk_new(0);
	struct dp_buf got = { 0 };
	double sc;

	for (int i = 0; i < 5; i++) {
		char line[2] = { (char)('0' + i), 'x' };
		dp_topk_offer(t, line, 1 + (size_t)(i == 3), scores[i]);
		dp_topk_offer(none, line, 1, scores[i]);
	}
	CHECK("topk: 3 kept", dp_topk_sort(t) == 3);
	for (long long i = 0; i < 3; i++) {
		size_t n;
		const char *line = dp_topk_hit(t, i, &n, &sc);
		dp_buf_printf(&got, "%.*s:%g ", (int)n, line, sc);
	}
	CHECK_STR("topk: best first, ties in offer order",
		  dp_buf_cstr(&got), "1:0.9 3x:0.9 4:0.7 ");
	CHECK("topk: K 0 keeps none", dp_topk_sort(none) == 0);
	dp_topk_free(t);
	dp_topk_free(none);
	dp_buf_free(&got);
}

/* A record's embedding fields: read, tested, replaced at the end. */
static void
test_embed_record(void)
{
	static const char line[] = "{\"embedding\":[1,0.5],\"a\":1,"
				   "\"embedding_model\":\"hash-v1\"}";
	struct dp_scan rec = { 0 };
	struct dp_jout o = { 0 };
	struct dp_buf b = { 0 };
	float v[2] = { 0, 0 };
	const float w[1] = { 0.25f };

	dp_scan_line(&rec, line, sizeof line - 1);
	CHECK("embed record: model",
	      dp_embed_record_model_is(&rec, "hash-v1") &&
	      !dp_embed_record_model_is(&rec, "hash-v"));
	CHECK("embed record: has", dp_embed_record_has(&rec, "hash-v1", 0) &&
	      dp_embed_record_has(&rec, "hash-v1", 2) &&
	      !dp_embed_record_has(&rec, "hash-v1", 3) &&
	      !dp_embed_record_has(&rec, "hash-v1", 1));
	CHECK("embed record: vector", dp_embed_record_vector(&rec, v, 2) &&
	      v[0] == 1 && v[1] == 0.5f && !dp_embed_record_vector(&rec, v, 3) &&
	      !dp_embed_record_vector(&rec, v, 1));
	dp_embed_record_write(&b, &o, &rec, w, 1, "m", "T");
	CHECK_STR("embed record: write", dp_buf_cstr(&b),
		  "{\"a\":1,\"embedding\":[0.25],\"embedding_model\":\"m\","
		  "\"embedding_dimension\":1,"
		  "\"embedding_generated_at\":\"T\"}");
	dp_embed_record_write(&b, &o, &rec, NULL, 0, "m", "T");
	CHECK_STR("embed record: null embedding", dp_buf_cstr(&b),
		  "{\"a\":1,\"embedding\":null,\"embedding_model\":null,"
		  "\"embedding_dimension\":null,"
		  "\"embedding_generated_at\":null}");
	dp_scan_free(&rec);
	dp_jout_free(&o);
	dp_buf_free(&b);
}

int
main(void)
{
	test_hash();
	test_hash_reference();
	test_retry();
	test_providers();
	test_nonfinite();
	test_batches();
	test_cache();
	test_scrub();
	test_topk();
	test_embed_record();
	return unit_failures != 0;
}
