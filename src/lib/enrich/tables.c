/* SPDX-License-Identifier: MIT */
/* dp-enrich's normalisation tables and reference lookups. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "enrich.h"
#include "load/load.h"

struct dp_enrich_tables {
	struct dp_map *city;		/* lower-case short name -> full */
	struct dp_map *state;		/* lower-case code -> full name */
	struct dp_map *state_names;	/* lower-case full name -> full name */
	struct dp_map *county_exact;	/* "city\037state" -> county */
	struct dp_map *county_norm;	/* lower "city\037state", normalised */
	struct dp_map *neighborhoods;	/* neighborhood_id -> name */
};

static const char *const cities[][2] = {
	{ "SF", "San Francisco" }, { "PC", "Park City" },
	{ "NYC", "New York City" }, { "LA", "Los Angeles" },
	{ "SLC", "Salt Lake City" }, { "LV", "Las Vegas" },
};

static const char *const states[][2] = {
	{ "AL", "Alabama" }, { "AK", "Alaska" }, { "AZ", "Arizona" },
	{ "AR", "Arkansas" }, { "CA", "California" }, { "CO", "Colorado" },
	{ "CT", "Connecticut" }, { "DE", "Delaware" },
	{ "DC", "District of Columbia" }, { "FL", "Florida" },
	{ "GA", "Georgia" }, { "HI", "Hawaii" }, { "ID", "Idaho" },
	{ "IL", "Illinois" }, { "IN", "Indiana" }, { "IA", "Iowa" },
	{ "KS", "Kansas" }, { "KY", "Kentucky" }, { "LA", "Louisiana" },
	{ "ME", "Maine" }, { "MD", "Maryland" }, { "MA", "Massachusetts" },
	{ "MI", "Michigan" }, { "MN", "Minnesota" }, { "MS", "Mississippi" },
	{ "MO", "Missouri" }, { "MT", "Montana" }, { "NE", "Nebraska" },
	{ "NV", "Nevada" }, { "NH", "New Hampshire" }, { "NJ", "New Jersey" },
	{ "NM", "New Mexico" }, { "NY", "New York" },
	{ "NC", "North Carolina" }, { "ND", "North Dakota" }, { "OH", "Ohio" },
	{ "OK", "Oklahoma" }, { "OR", "Oregon" }, { "PA", "Pennsylvania" },
	{ "RI", "Rhode Island" }, { "SC", "South Carolina" },
	{ "SD", "South Dakota" }, { "TN", "Tennessee" }, { "TX", "Texas" },
	{ "UT", "Utah" }, { "VT", "Vermont" }, { "VA", "Virginia" },
	{ "WA", "Washington" }, { "WV", "West Virginia" },
	{ "WI", "Wisconsin" }, { "WY", "Wyoming" },
};

/* The n bytes of s as a table key in out: ASCII letters lower-cased,
 * so that keys match in any letter case. */
static void
folded(const char *s, size_t n, struct dp_buf *out)
{
	out->len = 0;
	dp_utf8_fold(out, s, n, DP_FOLD_ASCII);
	dp_buf_cstr(out);
}

/* Set abbreviation -> full name in `map`, and the full name in `names`
 * when given, each under its folded() key. */
static void
add_name(struct dp_map *map, struct dp_map *names, const char *abbr,
	 const char *full)
{
	struct dp_buf k = { 0 };
	size_t n;
	const char *s = dp_trim(abbr, strlen(abbr), &n);

	folded(s, n, &k);
	dp_map_set(map, k.data, k.len, full);
	if (names) {
		s = dp_trim(full, strlen(full), &n);
		folded(s, n, &k);
		dp_map_set(names, k.data, k.len, full);
	}
	dp_buf_free(&k);
}

/* See enrich.h. */
struct dp_enrich_tables *
dp_enrich_tables_new(void)
{
	struct dp_enrich_tables *t = dp_xmalloc(sizeof *t);

	t->city = dp_map_new();
	t->state = dp_map_new();
	t->state_names = dp_map_new();
	t->county_exact = dp_map_new();
	t->county_norm = dp_map_new();
	t->neighborhoods = dp_map_new();
	for (size_t i = 0; i < sizeof cities / sizeof cities[0]; i++)
		add_name(t->city, NULL, cities[i][0], cities[i][1]);
	for (size_t i = 0; i < sizeof states / sizeof states[0]; i++)
		add_name(t->state, t->state_names, states[i][0], states[i][1]);
	return t;
}

/* See enrich.h. */
void
dp_enrich_tables_free(struct dp_enrich_tables *t)
{
	if (!t)
		return;
	dp_map_free(t->city);
	dp_map_free(t->state);
	dp_map_free(t->state_names);
	dp_map_free(t->county_exact);
	dp_map_free(t->county_norm);
	dp_map_free(t->neighborhoods);
	free(t);
}

struct map_file {
	struct dp_enrich_tables *t;
	int is_state;
	const char *path;
};

/* One object of a map file: every member is ABBR: "Full name", and
 * replaces a built-in entry of the same abbreviation. */
static void
on_map_object(void *ctx, json_t *obj)
{
	struct map_file *m = ctx;
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v) {
		if (!json_is_string(v))
			dp_die(DP_EXIT_DATA, "%s: the value of \"%s\" is not a "
			       "string", m->path, key);
		if (memchr(json_string_value(v), '\0', json_string_length(v)))
			dp_die(DP_EXIT_DATA, "%s: the value of \"%s\" has a NUL "
			       "byte", m->path, key);
		add_name(m->is_state ? m->t->state : m->t->city,
			 m->is_state ? m->t->state_names : NULL, key,
			 json_string_value(v));
	}
}

/* See enrich.h. */
void
dp_enrich_load_map(struct dp_enrich_tables *t, int is_state, const char *path)
{
	struct map_file m = { t, is_state, path };

	dp_load_objects(path, on_map_object, &m);
}

/* A string member of obj, or NULL; *n gets its length. */
static const char *
member(json_t *obj, const char *key, size_t *n)
{
	json_t *v = json_object_get(obj, key);

	*n = json_string_length(v);
	return json_string_value(v);
}

/* A string member of a table row that becomes a table's value (a C
 * string), or NULL; a NUL byte in it is fatal. */
static const char *
value_member(json_t *obj, const char *key, const char *path)
{
	size_t n;
	const char *s = member(obj, key, &n);

	if (s && memchr(s, '\0', n))
		dp_die(DP_EXIT_DATA, "%s: a \"%s\" with a NUL byte", path,
		       key);
	return s;
}

/* The key of the pair (a, b) in out: "LEN:" a b, so that no two pairs
 * share one whatever bytes they hold; ASCII letters lower-cased when
 * `fold`. */
static void
pair_key(const char *a, size_t an, const char *b, size_t bn, int fold,
	 struct dp_buf *out)
{
	out->len = 0;
	dp_buf_printf(out, "%zu:", an);
	if (fold) {
		dp_utf8_fold(out, a, an, DP_FOLD_ASCII);
		dp_utf8_fold(out, b, bn, DP_FOLD_ASCII);
	} else {
		dp_buf_add(out, a, an);
		dp_buf_add(out, b, bn);
	}
}

struct table_file {
	struct dp_enrich_tables *t;
	const char *path;
};

/* One locations row: index its county by raw and normalised city and
 * state. The first spelling of a county wins, so a city listed as both
 * "Alameda" and "Alameda County" still gives one answer. */
static void
on_location(void *ctx, json_t *row)
{
	struct table_file *f = ctx;
	struct dp_enrich_tables *t = f->t;
	size_t cityn, staten;
	const char *city = member(row, "city", &cityn);
	const char *state = member(row, "state", &staten);
	const char *county = value_member(row, "county", f->path);
	struct dp_buf k = { 0 }, cn = { 0 }, sn = { 0 };

	if (!city || !state || !county)
		return;
	pair_key(city, cityn, state, staten, 0, &k);
	dp_map_put(t->county_exact, k.data, k.len, county);
	dp_normalize_city(t, city, cityn, &cn);
	dp_normalize_state(t, state, staten, &sn);
	pair_key(cn.data, cn.len, sn.data, sn.len, 1, &k);
	dp_map_put(t->county_norm, k.data, k.len, county);
	dp_buf_free(&k);
	dp_buf_free(&cn);
	dp_buf_free(&sn);
}

/* See enrich.h. */
void
dp_enrich_load_locations(struct dp_enrich_tables *t, const char *path)
{
	struct table_file f = { t, path };

	dp_load_objects(path, on_location, &f);
}

/* One neighborhood record: index its name by id. */
static void
on_neighborhood(void *ctx, json_t *row)
{
	struct table_file *f = ctx;
	size_t idn;
	const char *id = member(row, "neighborhood_id", &idn);
	const char *name = value_member(row, "name", f->path);

	if (id && name)
		dp_map_put(f->t->neighborhoods, id, idn, name);
}

/* See enrich.h. */
void
dp_enrich_load_neighborhoods(struct dp_enrich_tables *t, const char *path)
{
	struct table_file f = { t, path };

	dp_load_objects(path, on_neighborhood, &f);
}

/* Append the table's value for the trimmed s (len bytes, looked up by
 * its folded() key), or the trimmed s itself. */
static void
expand(const struct dp_map *map, const char *s, size_t len,
       struct dp_buf *out)
{
	static struct dp_buf k;	/* reused: one call at a time */
	size_t n;
	const char *v;

	s = dp_trim(s, len, &n);
	folded(s, n, &k);
	v = dp_map_get(map, k.data, k.len);
	if (v)
		dp_buf_adds(out, v);
	else
		dp_buf_add(out, s, n);
}

/* See enrich.h. */
void
dp_normalize_city(const struct dp_enrich_tables *t, const char *s, size_t n,
		  struct dp_buf *out)
{
	expand(t->city, s, n, out);
}

/* See enrich.h. */
void
dp_normalize_state(const struct dp_enrich_tables *t, const char *s,
		   size_t len, struct dp_buf *out)
{
	static struct dp_buf k;	/* reused: one call at a time */
	size_t n;
	const char *v, *p = dp_trim(s, len, &n);

	folded(p, n, &k);
	v = dp_map_get(t->state_names, k.data, k.len);
	if (v)
		dp_buf_adds(out, v);
	else
		expand(t->state, s, len, out);
}

/* See enrich.h. */
const char *
dp_normalize_property_type(const char *s, size_t len)
{
	static const char *const kinds[][2] = {
		{ "single-family", "single_family" },
		{ "single_family", "single_family" },
		{ "single family", "single_family" },
		{ "sfh", "single_family" },
		{ "condo", "condo" }, { "condominium", "condo" },
		{ "townhouse", "townhome" }, { "townhome", "townhome" },
		{ "town_house", "townhome" },
		{ "multi-family", "multi_family" },
		{ "multi_family", "multi_family" },
		{ "multifamily", "multi_family" }, { "mfh", "multi_family" },
	};
	size_t n;

	if (!s)
		return "unknown";
	s = dp_trim(s, len, &n);
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strlen(kinds[i][0]) == n && strncasecmp(s, kinds[i][0], n) == 0)
			return kinds[i][1];
	return "other";
}

/* See enrich.h. */
const char *
dp_lookup_county(const struct dp_enrich_tables *t, const char *city,
		 size_t city_n, const char *state, size_t state_n,
		 const struct dp_buf *city_norm,
		 const struct dp_buf *state_norm)
{
	struct dp_buf k = { 0 };
	const char *v;

	if (!city || !state)
		return NULL;
	pair_key(city, city_n, state, state_n, 0, &k);
	v = dp_map_get(t->county_exact, k.data, k.len);
	if (!v) {
		pair_key(city_norm->data, city_norm->len, state_norm->data,
			 state_norm->len, 1, &k);
		v = dp_map_get(t->county_norm, k.data, k.len);
	}
	dp_buf_free(&k);
	return v;
}

/* See enrich.h. */
const char *
dp_lookup_neighborhood(const struct dp_enrich_tables *t, const char *id,
		       size_t n)
{
	return id ? dp_map_get(t->neighborhoods, id, n) : NULL;
}
