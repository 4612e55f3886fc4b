/* SPDX-License-Identifier: MIT */
/* Fuzz target: dp-load-json's streaming splitter. The first byte picks
 * the chunk size and whether a --path is used; whatever the input, no
 * crash, and every record it hands over as a good object is valid JSON
 * that jansson reads back as an object. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dp.h"
#include "load/load.h"

/* Check each good record: it must parse as a JSON object. */
static void
check(void *ctx, const struct dp_split_record *r)
{
	(void)ctx;
	if (r->error || !r->is_object)
		return;
	json_error_t err;
	json_t *v = json_loadb(r->json->data, r->json->len,
			       JSON_ALLOW_NUL, &err);
	/* jansson refuses nesting deeper than 2048 and NUL in object keys,
	 * both valid JSON that the splitter passes through; anything else
	 * it cannot read is a bug. */
	if (!v && r->json->len < 2048 && !strstr(err.text, "NUL byte in object key"))
		abort();
	if (v && !json_is_object(v))
		abort();
	json_decref(v);
}

static struct dp_field_path *path;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	dp_field_path_option(&path, "--path", "a.b");
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t chunk = (size_t)(data[0] & 0x3f) + 1;
	struct dp_split *s = dp_split_new((data[0] & 0x40) ? path : NULL,
					  check, NULL);
	const char *p = (const char *)data + 1;
	size_t n = size - 1;
	int r = 0;

	for (size_t i = 0; i < n && r == 0; i += chunk)
		r = dp_split_feed(s, p + i, n - i < chunk ? n - i : chunk);
	if (r == 0)
		dp_split_finish(s);
	dp_split_free(s);
	return 0;
}
