/* SPDX-License-Identifier: MIT */
/* dp-enrich: loader records to unified records (dp-enrich(1),
 * "Mapping"). */
#include <string.h>

#include "dp.h"
#include "enrich/enrich.h"

struct enrich_run {
	struct dp_enrich_options o;
	struct dp_enrich_tables *tables;
	struct dp_field_path *id_field;	/* --id-field */
	struct dp_map *warned;	/* entity types already warned about */
	struct dp_buf out, why, shown, place;
};

/* --locations FILE */
static void
set_locations(void *ctx, const char *arg)
{
	dp_enrich_load_locations(((struct enrich_run *)ctx)->tables, arg);
}

/* --neighborhoods FILE */
static void
set_neighborhoods(void *ctx, const char *arg)
{
	dp_enrich_load_neighborhoods(((struct enrich_run *)ctx)->tables, arg);
}

/* --city-map FILE */
static void
set_city_map(void *ctx, const char *arg)
{
	dp_enrich_load_map(((struct enrich_run *)ctx)->tables, 0, arg);
}

/* --state-map FILE */
static void
set_state_map(void *ctx, const char *arg)
{
	dp_enrich_load_map(((struct enrich_run *)ctx)->tables, 1, arg);
}

/* --id-field PATH */
static void
set_id_field(void *ctx, const char *arg)
{
	dp_field_path_option(&((struct enrich_run *)ctx)->id_field,
			     "--id-field", arg);
}

static const struct dp_option options[] = {
	DP_OPT_CALL("locations", 0, "FILE", "fill county from these "
		    "locations.json rows", set_locations),
	DP_OPT_CALL("neighborhoods", 0, "FILE", "fill a property's "
		    "neighborhood name from these neighborhood records "
		    "(repeatable)", set_neighborhoods),
	DP_OPT_CALL("city-map", 0, "FILE", "extra city abbreviations: a JSON "
		    "object {\"ABBR\": \"Full name\"} (repeatable)",
		    set_city_map),
	DP_OPT_CALL("state-map", 0, "FILE", "extra state codes, likewise "
		    "(repeatable)", set_state_map),
	DP_OPT_DOUBLE("min-quality", 0, "SCORE", "validated from this quality "
		      "score up (default 0.7)", struct enrich_run,
		      o.min_quality, 0, 1),
	DP_OPT_CALL("id-field", 0, "PATH", "entity_id of records of other "
		    "types (default entity_id)", set_id_field),
	DP_OPT_END
};

/* Once the options are read: the time every record is stamped with. */
static void
start(void *ctx, const struct dp_common *common)
{
	struct enrich_run *run = ctx;

	(void)common;
	run->o.tables = run->tables;
	run->o.id_field = run->id_field;
	dp_timestamp_now(run->o.processed_at);
	run->warned = dp_map_new();
}

/* Warn once per entity type that has no mapping. */
static void
warn_unmapped(struct enrich_run *run, const struct dp_record *r,
	      const char *type, size_t n)
{
	const char *place;

	if (!dp_map_put(run->warned, type, n, ""))
		return;
	place = dp_record_place(&run->place, r->file, r->line, r->scan);
	if (!n) {
		dp_warn_at(place, 0, "records without entity_type "
			   "pass through with the generic fields (a loader's "
			   "--type gives them one)");
		return;
	}
	/* JSON-escaped: the type may hold any byte (shown without the
	 * quotes) */
	run->shown.len = 0;
	dp_json_string(&run->shown, type, n);
	dp_warn_at(place, 0, "no mapping for entity_type '%.*s': its "
		   "records pass through with the generic fields",
		   (int)run->shown.len - 2, run->shown.data + 1);
}

/* Enrich one record, or reject it. */
static void
record(void *ctx, const struct dp_record *r)
{
	struct enrich_run *run = ctx;
	const char *unmapped, *line = NULL;
	size_t unmapped_len, line_len = 0;

	/* a canonical line is raw_data as it is; else is it compact? */
	if (!r->scan->canon)
		line = dp_record_text(r, &line_len);
	if (dp_enrich_record(&run->o, r->scan, line, line_len,
			     &run->out, &run->why, &unmapped,
			     &unmapped_len) != 0) {
		struct dp_buf text = { 0 };
		dp_scan_write(&text, r->scan);
		dp_reject(r->file, r->line, dp_buf_cstr(&run->why), text.data,
			  NULL, text.len);
		dp_buf_free(&text);
		return;
	}
	if (unmapped)
		warn_unmapped(run, r, unmapped, unmapped_len);
	dp_out_record(&run->out);
}

/* Free what the run holds. */
static int
end(void *ctx)
{
	struct enrich_run *run = ctx;

	dp_map_free(run->warned);
	dp_enrich_tables_free(run->tables);
	dp_field_path_free(run->id_field);
	dp_buf_free(&run->out);
	dp_buf_free(&run->why);
	dp_buf_free(&run->shown);
	dp_buf_free(&run->place);
	return DP_EXIT_OK;
}

int
main(int argc, char *argv[])
{
	static struct enrich_run run = { .o = { .min_quality = 0.7 } };
	static const struct dp_program program = {
		.synopsis = "[OPTION]... [FILE]...",
		.about = "Turn loader records (PROPERTY, NEIGHBORHOOD, "
			 "WIKIPEDIA_ARTICLE) into unified\nrecords: "
			 "normalised places, typed property fields, "
			 "features, the text to\nembed, ids, hashes and a "
			 "quality score, with the source object in "
			 "raw_data.\nWith no FILE, or when FILE is -, read "
			 "standard input.\n",
		.groups = { { options, &run } },
		.ctx = &run,
		.start = start,
		.spans = 1,
		.record = record,
		.end = end
	};

	run.tables = dp_enrich_tables_new();
	dp_field_path_option(&run.id_field, "--id-field", "entity_id");
	return dp_main(&program, argc, argv);
}
