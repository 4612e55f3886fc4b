/* SPDX-License-Identifier: MIT */
/* dp-enrich's library: normalisation tables, reference lookups, and the
 * mapping of loader records onto the unified schema (dp-enrich(1)). */
#ifndef DP_ENRICH_H
#define DP_ENRICH_H

#include "dp.h"

/* ---- tables.c: abbreviations and reference data ------------------ */

struct dp_enrich_tables;

/* The built-in tables: city abbreviations SF, PC, NYC, LA, SLC, LV; the
 * 50 state codes and DC. */
struct dp_enrich_tables *dp_enrich_tables_new(void);
void dp_enrich_tables_free(struct dp_enrich_tables *t);
/* Extend the city (is_state 0) or state table from a JSON object file
 * {"ABBR": "Full name", ...}; exits 1 or 3 on a bad file (a NUL byte in
 * a full name, a county or a neighborhood name included: the tables
 * hold C strings). */
void dp_enrich_load_map(struct dp_enrich_tables *t, int is_state,
			const char *path);
/* Read locations.json rows ({city, county, state, ...}) for county
 * lookups. */
void dp_enrich_load_locations(struct dp_enrich_tables *t, const char *path);
/* Read neighborhood records ({neighborhood_id, name, ...}). */
void dp_enrich_load_neighborhoods(struct dp_enrich_tables *t,
				  const char *path);

/* Strings from records come as (s, n): n bytes that may hold NUL
 * bytes, all of which count. */

/* Append the normalised city: the trimmed value, or its expansion when
 * it is a known abbreviation (case-insensitive). */
void dp_normalize_city(const struct dp_enrich_tables *t, const char *s,
		       size_t n, struct dp_buf *out);
/* Append the normalised state: a known code's full name, a full name
 * in its canonical case, else the trimmed value. */
void dp_normalize_state(const struct dp_enrich_tables *t, const char *s,
			size_t n, struct dp_buf *out);
/* single_family, condo, townhome, multi_family, other; unknown for NULL. */
const char *dp_normalize_property_type(const char *s, size_t n);
/* The county for city and state: an exact match of the raw values
 * first, then of the normalised ones (case-insensitive); NULL if none. */
const char *dp_lookup_county(const struct dp_enrich_tables *t,
			     const char *city, size_t city_n,
			     const char *state, size_t state_n,
			     const struct dp_buf *city_norm,
			     const struct dp_buf *state_norm);
/* The neighborhood name for an id, or NULL. */
const char *dp_lookup_neighborhood(const struct dp_enrich_tables *t,
				   const char *id, size_t n);

/* ---- record.c: one record onto the unified schema -------------- */

struct dp_enrich_options {
	const struct dp_enrich_tables *tables;
	double min_quality;		/* --min-quality */
	const struct dp_field_path *id_field;	/* --id-field, for unmapped
						 * types */
	char processed_at[32];
};

/* Write the unified record for the scanned record `rec` into `out` (a
 * JSON object, no newline), reading it from its spans (no jansson
 * object). raw_data is rec's line when that is canonical (rec->canon);
 * else `raw` (raw_len bytes), rec's line when the caller knows it to
 * be compact JSON (dp_record_text), or when NULL the record written as
 * dp_json_value would. Returns 0, or -1 with the reason in `why` (a bad
 * record). A record of a type without a mapping gets the generic fields
 * and keeps its own; *unmapped_type is set to its type ("" when it has
 * none), of *unmapped_len bytes, valid until the next call. Strings are
 * kept whole, NUL bytes included. */
int dp_enrich_record(const struct dp_enrich_options *o,
		     const struct dp_scan *rec, const char *raw,
		     size_t raw_len, struct dp_buf *out, struct dp_buf *why,
		     const char **unmapped_type, size_t *unmapped_len);

#endif
