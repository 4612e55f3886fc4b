/* SPDX-License-Identifier: MIT */
/* dp-enrich: loader records to unified records (dp-enrich(1),
 * "Mapping"). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "enrich/enrich.h"

enum {
	OPT_LOCATIONS = 1,
	OPT_NEIGHBORHOODS,
	OPT_CITY_MAP,
	OPT_STATE_MAP,
	OPT_MIN_QUALITY,
	OPT_ID_FIELD
};

static const struct option long_options[] = {
	{ "locations", required_argument, NULL, OPT_LOCATIONS },
	{ "neighborhoods", required_argument, NULL, OPT_NEIGHBORHOODS },
	{ "city-map", required_argument, NULL, OPT_CITY_MAP },
	{ "state-map", required_argument, NULL, OPT_STATE_MAP },
	{ "min-quality", required_argument, NULL, OPT_MIN_QUALITY },
	{ "id-field", required_argument, NULL, OPT_ID_FIELD },
	DP_COMMON_LONG_OPTIONS,
	{ NULL, 0, NULL, 0 }
};

/* Print the full help to stdout. */
static void
help(void)
{
	printf("Usage: dp-enrich [OPTION]... [FILE]...\n"
	       "Turn loader records (PROPERTY, NEIGHBORHOOD, "
	       "WIKIPEDIA_ARTICLE) into unified\nrecords: normalised "
	       "places, typed property fields, features, the text to\n"
	       "embed, ids, hashes and a quality score, with the source "
	       "object in raw_data.\nWith no FILE, or when FILE is -, read "
	       "standard input.\n\n"
	       "      --locations=FILE      fill county from these "
	       "locations.json rows\n"
	       "      --neighborhoods=FILE  fill a property's neighborhood "
	       "name from these\n"
	       "                            neighborhood records "
	       "(repeatable)\n"
	       "      --city-map=FILE       extra city abbreviations: a "
	       "JSON object\n"
	       "                            {\"ABBR\": \"Full name\"} "
	       "(repeatable)\n"
	       "      --state-map=FILE      extra state codes, likewise "
	       "(repeatable)\n"
	       "      --min-quality=SCORE   validated from this quality "
	       "score up (default 0.7)\n"
	       "      --id-field=PATH       entity_id of records of other "
	       "types (default\n"
	       "                            entity_id)\n"
	       "%s", dp_common_help);
}

int
main(int argc, char *argv[])
{
	struct dp_common common;
	struct dp_enrich_tables *tables;
	struct dp_enrich_options o = { .min_quality = 0.7 };
	struct dp_field_path *id_field = NULL;
	struct dp_map *warned;
	struct dp_buf out = { 0 }, why = { 0 }, shown = { 0 };
	struct dp_records *in;
	const char *file, *unmapped;
	size_t unmapped_len;
	long long line;
	json_t *rec;
	int c;

	dp_init(argv[0]);
	dp_common_init(&common);
	tables = dp_enrich_tables_new();
	dp_field_path_option(&id_field, "--id-field", "entity_id");
	while ((c = getopt_long(argc, argv, "", long_options, NULL)) != -1) {
		if (dp_common_option(&common, c, optarg, help))
			continue;
		switch (c) {
		case OPT_LOCATIONS:
			dp_enrich_load_locations(tables, optarg);
			break;
		case OPT_NEIGHBORHOODS:
			dp_enrich_load_neighborhoods(tables, optarg);
			break;
		case OPT_CITY_MAP:
		case OPT_STATE_MAP:
			dp_enrich_load_map(tables, c == OPT_STATE_MAP, optarg);
			break;
		case OPT_MIN_QUALITY:
			o.min_quality = dp_parse_double_option(
				"--min-quality", optarg, 0, 1);
			break;
		case OPT_ID_FIELD:
			dp_field_path_option(&id_field, "--id-field", optarg);
			break;
		default:
			dp_usage_error(NULL);
		}
	}
	dp_out_init(common.unbuffered);
	dp_rejects_init(&common);
	o.tables = tables;
	o.id_field = id_field;
	dp_timestamp_now(o.processed_at);
	warned = dp_map_new();

	in = dp_records_open(argc - optind, argv + optind);
	while ((rec = dp_records_next(in, &file, &line))) {
		size_t raw_len = 0;
		const char *raw = dp_records_text(in, &raw_len);

		if (dp_enrich_record(&o, rec, raw, raw_len, &out, &why,
				     &unmapped, &unmapped_len) != 0) {
			struct dp_buf text = { 0 };
			dp_json_value(&text, rec);
			dp_reject(file, line, dp_buf_cstr(&why), text.data,
				  NULL, text.len);
			dp_buf_free(&text);
		} else {
			if (unmapped && dp_map_put(warned, unmapped,
						   unmapped_len, "")) {
				/* JSON-escaped: the type may hold any
				 * byte (shown without the quotes) */
				shown.len = 0;
				dp_json_string(&shown, unmapped, unmapped_len);
				if (unmapped_len)
					dp_warn_at(file, line, "no mapping for "
						   "entity_type '%.*s': its "
						   "records pass through with "
						   "the generic fields",
						   (int)shown.len - 2,
						   shown.data + 1);
				else
					dp_warn_at(file, line, "records without "
						   "entity_type pass through "
						   "with the generic fields");
			}
			dp_out_record(&out);
		}
		json_decref(rec);
	}
	dp_records_close(in);
	dp_map_free(warned);
	dp_enrich_tables_free(tables);
	dp_field_path_free(id_field);
	dp_buf_free(&out);
	dp_buf_free(&why);
	dp_buf_free(&shown);
	dp_rejects_finish();
	dp_out_finish();
	return DP_EXIT_OK;
}
