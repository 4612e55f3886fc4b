/* SPDX-License-Identifier: MIT */
/* Fuzz target: dp-enrich's mapping of one record. Any JSON object, of
 * any entity type, either is a bad record with a reason or gives a
 * unified record that is a valid JSON object. The record is read as
 * dp-enrich reads it, from its spans. */
#include <stdint.h>
#include <stdlib.h>

#include "enrich/enrich.h"

static struct dp_enrich_tables *tables;
static struct dp_field_path *id_field;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	tables = dp_enrich_tables_new();
	dp_field_path_option(&id_field, "--id-field", "entity_id");
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dp_enrich_options o = { tables, 0.7, id_field,
				       "2023-11-14T22:13:20.000000Z" };
	static struct dp_scan rec;
	struct dp_buf out = { 0 }, why = { 0 };
	const char *unmapped;
	size_t unmapped_len;

	/* as dp-enrich reads records: a line the scanner takes */
	if (dp_scan_line(&rec, (const char *)data, size) != 0)
		return 0;
	if (dp_enrich_record(&o, &rec, NULL, 0, &out, &why, &unmapped,
			     &unmapped_len) == 0) {
		json_t *back = json_loadb(out.data, out.len, JSON_ALLOW_NUL,
					  NULL);
		if (!back || !json_is_object(back))
			abort();
		json_decref(back);
	} else if (why.len == 0) {
		abort();
	}
	dp_buf_free(&out);
	dp_buf_free(&why);
	return 0;
}
