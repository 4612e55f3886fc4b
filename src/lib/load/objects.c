/* SPDX-License-Identifier: MIT */
/* Reading a small reference file (a JSON array, NDJSON or concatenated
 * objects, possibly compressed) as jansson objects. */
#include <stdlib.h>

#include "load.h"

struct collect {
	const char *path;
	void (*fn)(void *ctx, json_t *obj);
	void *ctx;
};

/* Parse each split record with jansson and hand it over. */
static void
on_object(void *ctx, const struct dp_split_record *r)
{
	struct collect *c = ctx;
	json_error_t err;
	json_t *v;

	if (r->error)
		dp_die_at(DP_EXIT_DATA, c->path, r->line, "%s", r->error);
	v = json_loadb(r->json->data, r->json->len, JSON_ALLOW_NUL, &err);
	if (!v)
		dp_die_at(DP_EXIT_DATA, c->path, r->line, "%s", err.text);
	c->fn(c->ctx, v);
	json_decref(v);
}

/* See dp.h. */
void
dp_load_objects(const char *path, void (*fn)(void *ctx, json_t *obj),
		void *ctx)
{
	struct collect c = { path, fn, ctx };
	struct dp_input *in = dp_input_open(path);
	struct dp_split *sp;
	char buf[65536];
	long n;
	long long line, col;

	if (!in)
		exit(DP_EXIT_IO);
	sp = dp_split_new(NULL, on_object, &c);
	while ((n = dp_input_read(in, buf, sizeof buf)) > 0)
		if (dp_split_feed(sp, buf, (size_t)n) != 0)
			break;
	if (n < 0)
		exit(DP_EXIT_IO);
	if (n > 0 || dp_split_finish(sp) != 0) {
		/* static: the message outlives what is freed before exit */
		static struct dp_buf msg;
		const char *why = dp_split_error(sp, &line, &col);
		dp_buf_printf(&msg, "%s:%lld:%lld: %s", path, line, col, why);
		dp_split_free(sp);
		dp_input_close(in);
		dp_die(DP_EXIT_DATA, "%s", msg.data);
	}
	dp_split_free(sp);
	dp_input_close(in);
}
