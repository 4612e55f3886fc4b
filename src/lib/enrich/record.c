/* SPDX-License-Identifier: MIT */
/*
 * One loader record onto the unified schema (dp-enrich(1), "Mapping"
 * and "Derived fields"). The source's nested shape is read
 * into `struct source`, every derived field is computed from it, and the
 * unified record is written in the order of the unified table
 * (unified.h), the lineage fields last, with null for what the source
 * lacks and the whole source object in raw_data.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "enrich.h"

#define UUID_NAMESPACE "057b1c56-7d61-5d90-a39d-52baad24ac8a"

enum kind { KIND_PROPERTY, KIND_NEIGHBORHOOD, KIND_ARTICLE, KIND_OTHER };

/* A string of the source: its bytes (NULL when absent) and their
 * number. A string may hold NUL bytes (JSON's \u0000): every use goes by
 * the length, so nothing is cut or merged at a NUL. */
struct str {
	const char *p;
	size_t n;
};

/* What the mapping reads from a source record; NULL where absent. */
struct source {
	enum kind kind;
	struct str entity_type;
	const struct dp_field_path *id_field;	/* where entity_id is from */
	struct str entity_id;
	char id_text[24];		/* an integer id as text */
	char zip_text[24];		/* an integer zip code as text */
	struct str city, state, county, zip_code;
	json_t *latitude, *longitude;
	struct str property_type;
	json_t *price, *bedrooms, *bathrooms, *square_feet, *year_built,
	       *lot_size;
	struct str title, description, content, summary, url;
	json_t *features;		/* array of strings */
	struct str neighborhood_id, listing_date;
	json_t *days_on_market, *key_topics, *categories, *relevance_score,
	       *confidence;
	const char *raw;		/* the record's compact text, or NULL */
	size_t raw_len;
};

/* Scratch reused from record to record (one record at a time). */
static struct dp_buf text, value, city_norm, state_norm, scratch;
/* The path lookup() found its value at, for messages. */
static const struct dp_field_path *found_path;

/* ---- reading the source, with type checks ---------------------------- */

/* A source path of the mapping: field paths (dp(7), FIELD PATHS)
 * separated by '|', the first one present wins ("address.city|city":
 * the seed's nested shape, else a flat record such as a CSV row). */
struct source_path {
	const char *text;		/* the string literal it came from */
	struct dp_field_path **alt;
	size_t n;
};

/* The parsed form of `lit`, a string literal of this file: its first
 * use parses it, later ones find it by its address. Records are read
 * with the same paths in the same order, so the search starts after
 * the path found last: one comparison, as a rule. */
static const struct source_path *
source_path(const char *lit)
{
	static struct source_path *tab;
	static size_t n, next;
	struct source_path *sp;
	const char *why;

	for (size_t i = 0; i < n; i++) {
		size_t k = (next + i) % n;
		if (tab[k].text == lit) {
			next = k + 1;
			return &tab[k];
		}
	}
	tab = dp_xrealloc(tab, (n + 1) * sizeof *tab);
	sp = &tab[n++];
	sp->text = lit;
	sp->alt = NULL;
	sp->n = 0;
	for (const char *p = lit;; p++) {
		size_t len = strcspn(p, "|");
		sp->alt = dp_xrealloc(sp->alt, (sp->n + 1) * sizeof *sp->alt);
		sp->alt[sp->n] = dp_field_path_parse(p, len, &why);
		if (!sp->alt[sp->n++])
			dp_die(DP_EXIT_INTERNAL, "source path '%s': %s", lit,
			       why);
		p += len;
		if (!*p)
			break;
	}
	next = n;
	return sp;
}

/* Record the first problem of a record: "field PATH: expected X, got Y"
 * (PATH being p's first n keys). */
static void
wrong(struct dp_buf *why, const struct dp_field_path *p, size_t n,
      const char *expected, const json_t *got)
{
	if (why->len)
		return;
	dp_buf_adds(why, "field ");
	dp_field_path_print(why, p, n);
	dp_buf_printf(why, ": expected %s, got %s", expected,
		      dp_json_type_name(got));
}

/* The value at path p in obj, NULL when absent or null; a value on the
 * way that is not an object (nor null) is a type error. On a value,
 * found_path is set to p. */
static json_t *
lookup_one(json_t *obj, const struct dp_field_path *p, struct dp_buf *why)
{
	size_t depth;
	json_t *v = dp_field_path_walk(p, obj, &depth);

	if (depth < p->n) {
		if (depth > 0 && !json_is_object(v) && !json_is_null(v))
			wrong(why, p, depth, "an object", v);
		return NULL;
	}
	if (json_is_null(v))
		return NULL;
	found_path = p;
	return v;
}

/* The value at the first alternative of source path `lit` that has
 * one, NULL if none has. */
static json_t *
lookup(json_t *obj, const char *lit, struct dp_buf *why)
{
	const struct source_path *sp = source_path(lit);

	for (size_t i = 0; i < sp->n; i++) {
		json_t *v = lookup_one(obj, sp->alt[i], why);
		if (v)
			return v;
	}
	return NULL;
}

/* The string value v (NULL: absent), whole. */
static struct str
str_of(const json_t *v)
{
	return (struct str){ json_string_value(v), json_string_length(v) };
}

/* Is s the C string c, byte for byte? */
static int
str_is(struct str s, const char *c)
{
	return s.p && s.n == strlen(c) && memcmp(s.p, c, s.n) == 0;
}

/* A string field, or absent. */
static struct str
get_string(json_t *obj, const char *path, struct dp_buf *why)
{
	json_t *v = lookup(obj, path, why);

	if (v && !json_is_string(v)) {
		wrong(why, found_path, found_path->n, "a string", v);
		return (struct str){ NULL, 0 };
	}
	return str_of(v);
}

/* A number field, or NULL. */
static json_t *
get_number(json_t *obj, const char *path, struct dp_buf *why)
{
	json_t *v = lookup(obj, path, why);

	if (v && !json_is_number(v)) {
		wrong(why, found_path, found_path->n, "a number", v);
		return NULL;
	}
	return v;
}

/* An integer field within int32 (an integral float such as 3.0 counts),
 * or NULL. */
static json_t *
get_int32(json_t *obj, const char *path, struct dp_buf *why)
{
	json_t *v = get_number(obj, path, why);
	double d = v ? json_number_value(v) : 0;

	if (v && (d != floor(d) || d < -2147483648.0 || d > 2147483647.0)) {
		if (why->len == 0)
			dp_buf_printf(why, "field %s: expected a 32-bit "
				      "integer, got %.17g", found_path->text,
				      d);
		return NULL;
	}
	return v;
}

/* An array-of-strings field, or NULL. */
static json_t *
get_strings(json_t *obj, const char *path, struct dp_buf *why)
{
	json_t *v = lookup(obj, path, why), *item;
	size_t i;

	if (!v)
		return NULL;
	if (!json_is_array(v)) {
		wrong(why, found_path, found_path->n, "an array of strings",
		      v);
		return NULL;
	}
	json_array_foreach(v, i, item)
		if (!json_is_string(item)) {
			if (why->len == 0)
				dp_buf_printf(why, "field %s: item %zu is %s, "
					      "not a string", found_path->text,
					      i + 1, dp_json_type_name(item));
			return NULL;
		}
	return v;
}

/* A code (an id, a zip code) from the value v found by a lookup: a
 * string, or an integer written as text into `buf`; absent if absent. */
static struct str
code_of(json_t *v, char buf[24], struct dp_buf *why)
{
	if (!v || json_is_string(v))
		return str_of(v);
	if (json_is_integer(v)) {
		int n = snprintf(buf, 24, "%lld",
				 (long long)json_integer_value(v));
		return (struct str){ buf, (size_t)n };
	}
	wrong(why, found_path, found_path->n, "a string or an integer", v);
	return (struct str){ NULL, 0 };
}

/* A code field, or absent. */
static struct str
get_code(json_t *obj, const char *path, char buf[24], struct dp_buf *why)
{
	return code_of(lookup(obj, path, why), buf, why);
}

/* The entity id, from the one path p (--id-field is not a list of
 * alternatives: a '|' in it is part of a key). */
static void
get_id(struct source *s, json_t *rec, const struct dp_field_path *p,
       struct dp_buf *why)
{
	s->id_field = p;
	s->entity_id = code_of(lookup_one(rec, p, why), s->id_text, why);
}

/* ---- the three source shapes ------------------------------------------ */

/* A listing: nested address, coordinates and property_details as in
 * the seed, or the same fields flat (a CSV row). */
static void
read_property(struct source *s, json_t *r, struct dp_buf *why)
{
	get_id(s, r, source_path("listing_id")->alt[0], why);
	s->city = get_string(r, "address.city|city", why);
	s->state = get_string(r, "address.state|state", why);
	s->county = get_string(r, "address.county|county", why);
	s->zip_code = get_code(r, "address.zip|address.zip_code|zip|zip_code",
			       s->zip_text, why);
	s->title = get_string(r, "address.street|street", why);
	s->latitude = get_number(r, "coordinates.latitude|latitude", why);
	s->longitude = get_number(r, "coordinates.longitude|longitude", why);
	s->property_type = get_string(r, "property_details.property_type|"
				      "property_type", why);
	s->bedrooms = get_int32(r, "property_details.bedrooms|bedrooms", why);
	s->bathrooms = get_number(r, "property_details.bathrooms|bathrooms", why);
	s->square_feet = get_int32(r, "property_details.square_feet|"
				   "square_feet", why);
	s->year_built = get_int32(r, "property_details.year_built|year_built",
				  why);
	s->lot_size = get_number(r, "property_details.lot_size|lot_size", why);
	s->price = get_number(r, "listing_price|price", why);
	s->description = get_string(r, "description", why);
	s->content = s->description;
	s->features = get_strings(r, "features", why);
	s->neighborhood_id = get_string(r, "neighborhood_id", why);
	s->listing_date = get_string(r, "listing_date", why);
	s->days_on_market = get_int32(r, "days_on_market", why);
}

/* A neighborhood: its amenities are its features. */
static void
read_neighborhood(struct source *s, json_t *r, struct dp_buf *why)
{
	get_id(s, r, source_path("neighborhood_id")->alt[0], why);
	s->neighborhood_id = s->entity_id;
	s->title = get_string(r, "name", why);
	s->city = get_string(r, "city", why);
	s->state = get_string(r, "state", why);
	s->county = get_string(r, "county", why);
	s->latitude = get_number(r, "coordinates.latitude|latitude", why);
	s->longitude = get_number(r, "coordinates.longitude|longitude", why);
	s->description = get_string(r, "description", why);
	s->content = s->description;
	s->features = get_strings(r, "amenities", why);
}

/* A Wikipedia article as dp-load-sqlite --preset wikipedia gives it. */
static void
read_article(struct source *s, json_t *r, struct dp_buf *why)
{
	get_id(s, r, source_path("page_id")->alt[0], why);
	s->title = get_string(r, "title", why);
	s->url = get_string(r, "url", why);
	s->summary = get_string(r, "short_summary", why);
	s->content = get_string(r, "long_summary", why);
	s->city = get_string(r, "best_city", why);
	s->state = get_string(r, "best_state", why);
	s->county = get_string(r, "best_county", why);
	s->latitude = get_number(r, "latitude", why);
	s->longitude = get_number(r, "longitude", why);
	s->key_topics = get_strings(r, "key_topics", why);
	s->features = s->key_topics;
	s->categories = get_strings(r, "categories", why);
	s->relevance_score = get_number(r, "relevance_score", why);
	s->confidence = get_number(r, "overall_confidence", why);
}

/* Any other type: the generic fields only. */
static void
read_other(struct source *s, json_t *r, const struct dp_field_path *id_field,
	   struct dp_buf *why)
{
	get_id(s, r, id_field, why);
	s->city = get_string(r, "city", why);
	s->state = get_string(r, "state", why);
	s->title = get_string(r, "title", why);
	s->content = get_string(r, "content", why);
}

/* ---- derived values ------------------------------------------------------- */

/* Is s a non-empty string? */
static int
filled(struct str s)
{
	return s.p && s.n > 0;
}

/* The quality score (dp-enrich(1), "Derived fields"): core fields
 * 0.7, entity fields 0.3, summed in that order as doubles, rounded half-up to 2 places by the
 * caller. */
static double
quality(const struct source *s)
{
	double core = 0, entity = 0;

	core += s->entity_id.p ? 0.1 : 0;
	core += s->entity_type.p ? 0.1 : 0;
	core += s->city.p ? 0.1 : 0;
	core += s->state.p ? 0.1 : 0;
	core += s->title.p ? 0.1 : 0;
	core += filled(s->content) ? 0.2 : 0;
	switch (s->kind) {
	case KIND_PROPERTY:
		entity += s->price ? 0.1 : 0;
		entity += s->bedrooms ? 0.1 : 0;
		entity += s->square_feet ? 0.1 : 0;
		break;
	case KIND_ARTICLE:
		entity += s->url.p ? 0.1 : 0;
		entity += s->summary.p ? 0.1 : 0;
		entity += s->confidence && json_number_value(s->confidence) > 0.5
			  ? 0.1 : 0;
		break;
	case KIND_NEIGHBORHOOD:
		entity += s->features && json_array_size(s->features) ? 0.15 : 0;
		entity += s->description.p ? 0.15 : 0;
		break;
	case KIND_OTHER:
		break;
	}
	return core + entity;
}

/* Append a number as the source has it ("3.5", "2", "1685"). */
static void
add_number(struct dp_buf *b, const json_t *v)
{
	dp_json_value(b, v);
}

/* Start the next " | " part of embedding_text. */
static void
part(struct dp_buf *b)
{
	if (b->len)
		dp_buf_add(b, " | ", 3);
}

/* "Located in <city>, <state>" (or "<city>, <state>" without the
 * prefix); parts that are missing are left out. */
static void
add_place(struct dp_buf *b, const char *prefix, const struct source *s)
{
	int city = s->city.p != NULL, state = s->state.p != NULL;

	if (!city && !state)
		return;
	part(b);
	dp_buf_adds(b, prefix);
	if (city)
		dp_buf_add(b, city_norm.data, city_norm.len);
	if (city && state)
		dp_buf_add(b, ", ", 2);
	if (state)
		dp_buf_add(b, state_norm.data, state_norm.len);
}

/* embedding_text by the templates of dp-enrich(1), "Derived fields";
 * parts that are missing are left out, numbers written as the source has them. */
static void
embedding_text(struct dp_buf *b, const struct source *s)
{
	size_t i;
	json_t *f;

	b->len = 0;
	switch (s->kind) {
	case KIND_PROPERTY:
		if (s->property_type.p) {
			size_t n;
			const char *t = dp_trim(s->property_type.p,
						s->property_type.n, &n);
			dp_buf_adds(b, "Property Type: ");
			dp_utf8_fold(b, t, n, DP_FOLD_ASCII);
		}
		if (s->bedrooms) {
			part(b);
			add_number(b, s->bedrooms);
			dp_buf_adds(b, " bedrooms");
		}
		if (s->bathrooms) {
			part(b);
			add_number(b, s->bathrooms);
			dp_buf_adds(b, " bathrooms");
		}
		if (s->square_feet) {
			part(b);
			add_number(b, s->square_feet);
			dp_buf_adds(b, " square feet");
		}
		add_place(b, "Located in ", s);
		if (s->features && json_array_size(s->features)) {
			part(b);
			dp_buf_adds(b, "Features: ");
			json_array_foreach(s->features, i, f) {
				if (i)
					dp_buf_add(b, ", ", 2);
				dp_buf_add(b, json_string_value(f),
					   json_string_length(f));
			}
		}
		if (filled(s->description)) {
			part(b);
			dp_buf_add(b, s->description.p, s->description.n);
		}
		break;
	case KIND_NEIGHBORHOOD:
		if (filled(s->title)) {
			dp_buf_add(b, s->title.p, s->title.n);
			dp_buf_adds(b, " neighborhood");
		}
		add_place(b, "Located in ", s);
		if (filled(s->description)) {
			part(b);
			dp_buf_add(b, s->description.p, s->description.n);
		}
		break;
	case KIND_ARTICLE:
		if (filled(s->title))
			dp_buf_add(b, s->title.p, s->title.n);
		add_place(b, "", s);
		if (filled(s->content)) {
			part(b);
			dp_buf_add(b, s->content.p, s->content.n);
		}
		break;
	case KIND_OTHER:
		break;
	}
}

/* Compare two strings by their bytes (a NUL is a byte like any other;
 * a prefix sorts first). */
static int
str_cmp(struct str a, struct str b)
{
	int c = memcmp(a.p, b.p, a.n < b.n ? a.n : b.n);

	return c ? c : (a.n > b.n) - (a.n < b.n);
}

/* str_cmp for qsort. */
static int
by_bytes(const void *a, const void *b)
{
	return str_cmp(*(const struct str *)a, *(const struct str *)b);
}

/* features_normalized: trimmed, empty dropped, lower-cased (ASCII),
 * de-duplicated, sorted by bytes. */
static void
features_normalized(struct dp_buf *b, json_t *features)
{
	size_t n = json_array_size(features), k = 0, i;
	struct str *items = dp_xmalloc(sizeof *items * (n ? n : 1));
	json_t *f;

	json_array_foreach(features, i, f) {
		struct dp_buf low = { 0 };
		size_t len;
		const char *s = dp_trim(json_string_value(f),
					json_string_length(f), &len);
		if (!len)
			continue;
		dp_utf8_fold(&low, s, len, DP_FOLD_ASCII);
		items[k++] = (struct str){ low.data, low.len };
	}
	qsort(items, k, sizeof *items, by_bytes);
	dp_buf_addc(b, '[');
	for (i = 0; i < k; i++) {
		if (i == 0 || str_cmp(items[i], items[i - 1]) != 0) {
			if (b->data[b->len - 1] != '[')
				dp_buf_addc(b, ',');
			dp_json_string(b, items[i].p, items[i].n);
		}
	}
	for (i = 0; i < k; i++)
		free((char *)items[i].p);
	free(items);
	dp_buf_addc(b, ']');
}

/* ---- writing the unified record -------------------------------------------- */

/* A ',' unless the object being written has no member yet. */
static void
comma(struct dp_buf *b)
{
	if (b->data[b->len - 1] != '{')
		dp_buf_addc(b, ',');
}

/* Begin member `name`: its key. */
static void
key(struct dp_buf *b, const char *name)
{
	comma(b);
	dp_json_cstring(b, name);
	dp_buf_addc(b, ':');
}

/* Begin member `name`, with null as its value unless the caller `has`
 * one to write; returns `has`. */
static int
member(struct dp_buf *b, const char *name, int has)
{
	key(b, name);
	if (!has)
		dp_buf_add(b, "null", 4);
	return has;
}

/* Members of each JSON kind; absent values are written as null. */
static void
put_str(struct dp_buf *b, const char *name, struct str s)
{
	if (member(b, name, s.p != NULL))
		dp_json_string(b, s.p, s.n);
}

/* A member from a C string (ours or a table's: never a NUL inside). */
static void
put_string(struct dp_buf *b, const char *name, const char *s)
{
	put_str(b, name, (struct str){ s, s ? strlen(s) : 0 });
}

static void
put_value(struct dp_buf *b, const char *name, const json_t *v)
{
	if (member(b, name, v != NULL))
		dp_json_value(b, v);
}

/* An integer member (get_int32 checked it is integral: 3.0 -> 3). */
static void
put_int(struct dp_buf *b, const char *name, const json_t *v)
{
	if (member(b, name, v != NULL))
		dp_json_int(b, (long long)json_number_value(v));
}

/* A double member: integers of the source become floats ("2" -> 2.0). */
static void
put_double(struct dp_buf *b, const char *name, const json_t *v)
{
	if (member(b, name, v != NULL))
		dp_json_double(b, json_number_value(v));
}

/* Unified field f, a decimal: v (when `have`) rounded half-up to the
 * table's scale, within its precision; -1 with the reason in `why` when
 * it does not fit. */
static int
put_decimal(struct dp_buf *b, enum dp_field f, double v, int have,
	    struct dp_buf *why)
{
	const struct dp_field_def *d = &dp_unified[f];

	if (!member(b, d->name, have))
		return 0;
	if (!(fabs(v) < pow(10, d->precision - d->scale)) ||
	    dp_json_decimal(b, v, d->scale, 0) != 0) {
		dp_buf_printf(why, "field %s: %.17g does not fit "
			      "decimal(%d,%d)", d->name, v, d->precision,
			      d->scale);
		return -1;
	}
	return 0;
}

/* price_per_sqft: price / square_feet when both are above zero. */
static int
put_price_per_sqft(struct dp_buf *b, const struct source *s,
		   struct dp_buf *why)
{
	double price = json_number_value(s->price);
	double sqft = json_number_value(s->square_feet);

	return put_decimal(b, DP_F_price_per_sqft, price / sqft,
			   price > 0 && sqft > 0, why);
}

/* raw_data: the source record's compact JSON as a string; the input
 * line itself when the caller has it, so it is copied, not re-dumped. */
static void
put_raw_data(struct dp_buf *b, const struct source *s, json_t *rec)
{
	key(b, dp_name_raw_data);
	if (s->raw) {
		dp_json_string(b, s->raw, s->raw_len);
		return;
	}
	value.len = 0;
	dp_json_value(&value, rec);
	dp_json_string(b, value.data, value.len);
}

/* correlation_uuid: UUID v5 of the bytes "entity_type:entity_id" (an
 * absent type counts as ""). */
static void
put_correlation_uuid(struct dp_buf *b, const struct source *s)
{
	char uuid[37];

	scratch.len = 0;
	if (s->entity_type.p)
		dp_buf_add(&scratch, s->entity_type.p, s->entity_type.n);
	dp_buf_addc(&scratch, ':');
	dp_buf_add(&scratch, s->entity_id.p, s->entity_id.n);
	dp_uuid5(UUID_NAMESPACE, scratch.data, scratch.len, uuid);
	put_string(b, dp_name_correlation_uuid, uuid);
}

/* content_hash: of content, or of embedding_text (already in `text`)
 * when there is no content. */
static void
put_content_hash(struct dp_buf *b, const struct source *s)
{
	char hash[33];

	if (s->content.p)
		dp_xxh128_hex(s->content.p, s->content.n, hash);
	else
		dp_xxh128_hex(text.data ? text.data : "", text.len, hash);
	put_string(b, dp_name_content_hash, hash);
}

/* validation_status, from the quality score rounded as
 * data_quality_score has it. */
static void
put_validation_status(struct dp_buf *b, const struct dp_enrich_options *o,
		      const struct source *s)
{
	scratch.len = 0;
	dp_json_decimal(&scratch, quality(s), 2, 1);
	put_string(b, dp_name_validation_status,
		   strtod(dp_buf_cstr(&scratch), NULL) >= o->min_quality
		   ? "validated" : "low_quality");
}

/* county: from the source, or else from --locations. */
static void
put_county(struct dp_buf *b, const struct dp_enrich_options *o,
	   const struct source *s)
{
	struct str county = s->county;

	if (!county.p && s->city.p && s->state.p) {
		const char *c = dp_lookup_county(o->tables, s->city.p,
						 s->city.n, s->state.p,
						 s->state.n, &city_norm,
						 &state_norm);
		county = (struct str){ c, c ? strlen(c) : 0 };
	}
	put_str(b, dp_name_county, county);
}

/* Unified field f of the record (dp-enrich(1), "Mapping" and "Derived
 * fields"), embedding_text being in `text`; -1 with the reason in `why`
 * when a value does not fit its type. */
static int
put_field(struct dp_buf *out, enum dp_field f,
	  const struct dp_enrich_options *o, const struct source *s,
	  json_t *rec, struct dp_buf *why)
{
	const char *name = dp_unified[f].name;
	static const struct str absent;

	switch (f) {
	case DP_F_entity_id:
		put_str(out, name, s->entity_id);
		break;
	case DP_F_entity_type:
		put_str(out, name, s->entity_type);
		break;
	case DP_F_correlation_uuid:
		put_correlation_uuid(out, s);
		break;
	case DP_F_city:
		put_str(out, name, s->city);
		break;
	case DP_F_state:
		put_str(out, name, s->state);
		break;
	case DP_F_city_normalized:
		put_str(out, name, s->city.p ? (struct str){ city_norm.data,
			city_norm.len } : absent);
		break;
	case DP_F_state_normalized:
		put_str(out, name, s->state.p ? (struct str){ state_norm.data,
			state_norm.len } : absent);
		break;
	case DP_F_latitude:
		put_double(out, name, s->latitude);
		break;
	case DP_F_longitude:
		put_double(out, name, s->longitude);
		break;
	case DP_F_property_type:
		put_str(out, name, s->property_type);
		break;
	case DP_F_property_type_normalized:
		put_string(out, name, s->kind == KIND_PROPERTY
			   ? dp_normalize_property_type(s->property_type.p,
							s->property_type.n)
			   : NULL);
		break;
	case DP_F_price:
		/* json_number_value(NULL) is 0 */
		return put_decimal(out, f, json_number_value(s->price),
				   s->price != NULL, why);
	case DP_F_bedrooms:
		put_int(out, name, s->bedrooms);
		break;
	case DP_F_bathrooms:
		put_double(out, name, s->bathrooms);
		break;
	case DP_F_square_feet:
		put_int(out, name, s->square_feet);
		break;
	case DP_F_price_per_sqft:
		return put_price_per_sqft(out, s, why);
	case DP_F_year_built:
		put_int(out, name, s->year_built);
		break;
	case DP_F_lot_size:
		put_double(out, name, s->lot_size);
		break;
	case DP_F_title:
		put_str(out, name, s->title);
		break;
	case DP_F_description:
		put_str(out, name, s->description);
		break;
	case DP_F_features:
		put_value(out, name, s->features);
		break;
	case DP_F_features_normalized:
		key(out, name);
		if (s->features)
			features_normalized(out, s->features);
		else
			dp_buf_add(out, "null", 4);
		break;
	case DP_F_content:
		put_str(out, name, s->content);
		break;
	case DP_F_summary:
		put_str(out, name, s->summary);
		break;
	case DP_F_url:
		put_str(out, name, s->url);
		break;
	case DP_F_embedding_text:
		put_str(out, name, text.len ? (struct str){ text.data,
			text.len } : absent);
		break;
	case DP_F_content_hash:
		put_content_hash(out, s);
		break;
	case DP_F_data_quality_score:
		key(out, name);
		dp_json_decimal(out, quality(s), 2, 1);
		break;
	case DP_F_validation_status:
		put_validation_status(out, o, s);
		break;
	case DP_F_confidence_score:
		put_double(out, name, s->confidence);
		break;
	case DP_F_zip_code:
		put_str(out, name, s->zip_code);
		break;
	case DP_F_county:
		put_county(out, o, s);
		break;
	case DP_F_neighborhood_id:
		put_str(out, name, s->neighborhood_id);
		break;
	case DP_F_neighborhood:
		put_string(out, name, s->kind == KIND_PROPERTY &&
			   s->neighborhood_id.p
			   ? dp_lookup_neighborhood(o->tables,
						    s->neighborhood_id.p,
						    s->neighborhood_id.n)
			   : NULL);
		break;
	case DP_F_listing_date:
		put_str(out, name, s->listing_date);
		break;
	case DP_F_days_on_market:
		put_int(out, name, s->days_on_market);
		break;
	case DP_F_key_topics:
		put_value(out, name, s->key_topics);
		break;
	case DP_F_categories:
		put_value(out, name, s->categories);
		break;
	case DP_F_relevance_score:
		put_double(out, name, s->relevance_score);
		break;
	case DP_F_raw_data:
		put_raw_data(out, s, rec);
		break;
	case DP_F_source_file:
	case DP_F_source_type:
	case DP_F_ingested_at:
		/* the loader's envelope, passed on */
		put_value(out, name, json_object_get(rec, name));
		break;
	case DP_F_processed_at:
		put_string(out, name, o->processed_at);
		break;
	default:
		dp_die(DP_EXIT_INTERNAL, "dp-enrich has no value for field "
		       "'%s'", name);
	}
	return 0;
}

/* The fields a generic record gets, which replace its own. */
static int
generic_field(const char *name)
{
	static const enum dp_field generic[] = {
		DP_F_entity_id, DP_F_correlation_uuid, DP_F_content_hash,
		DP_F_data_quality_score, DP_F_validation_status,
		DP_F_raw_data, DP_F_processed_at,
	};

	for (size_t i = 0; i < sizeof generic / sizeof generic[0]; i++)
		if (strcmp(name, dp_unified[generic[i]].name) == 0)
			return 1;
	return 0;
}

/* Append the fields dp-enrich writes (only the generic ones when
 * `generic`) in the unified schema's order, the lineage fields last
 * (unified.h), embedding_text being in `text`; -1 with the reason in
 * `why` when a value does not fit its type. */
static int
put_fields(struct dp_buf *out, const struct dp_enrich_options *o,
	   const struct source *s, json_t *rec, int generic,
	   struct dp_buf *why)
{
	static const enum dp_stage stages[] = {
		DP_STAGE_ENRICH, DP_STAGE_LINEAGE
	};

	for (size_t k = 0; k < sizeof stages / sizeof stages[0]; k++)
		for (int f = 0; f < DP_NFIELDS; f++)
			if (dp_unified[f].stage == stages[k] &&
			    (!generic || generic_field(dp_unified[f].name)) &&
			    put_field(out, (enum dp_field)f, o, s, rec,
				      why) != 0)
				return -1;
	return 0;
}

/* The unified record, every field of dp-enrich(1). */
static int
write_unified(const struct dp_enrich_options *o, const struct source *s,
	      json_t *rec, struct dp_buf *out, struct dp_buf *why)
{
	embedding_text(&text, s);
	out->len = 0;
	dp_buf_addc(out, '{');
	if (put_fields(out, o, s, rec, 0, why) != 0)
		return -1;
	dp_buf_addc(out, '}');
	return 0;
}

/* A record of a type without a mapping: its own fields, then the
 * generic ones (dp-enrich(1)). */
static void
write_generic(const struct dp_enrich_options *o, const struct source *s,
	      json_t *rec, struct dp_buf *out)
{
	const char *name;
	json_t *v;

	embedding_text(&text, s);	/* none: its hash is that of "" */
	out->len = 0;
	dp_buf_addc(out, '{');
	json_object_foreach(rec, name, v) {
		if (generic_field(name))
			continue;
		key(out, name);
		dp_json_value(out, v);
	}
	/* the generic fields hold no decimal: none can fail */
	(void)put_fields(out, o, s, rec, 1, NULL);
	dp_buf_addc(out, '}');
}

/* See enrich.h. */
int
dp_enrich_record(const struct dp_enrich_options *o, json_t *rec,
		 const char *raw, size_t raw_len, struct dp_buf *out,
		 struct dp_buf *why, const char **unmapped_type,
		 size_t *unmapped_len)
{
	struct source s;

	memset(&s, 0, sizeof s);
	s.raw = raw;
	s.raw_len = raw_len;
	why->len = 0;
	*unmapped_type = NULL;
	*unmapped_len = 0;
	s.entity_type = get_string(rec, "entity_type", why);
	if (str_is(s.entity_type, "PROPERTY")) {
		s.kind = KIND_PROPERTY;
		read_property(&s, rec, why);
	} else if (str_is(s.entity_type, "NEIGHBORHOOD")) {
		s.kind = KIND_NEIGHBORHOOD;
		read_neighborhood(&s, rec, why);
	} else if (str_is(s.entity_type, "WIKIPEDIA_ARTICLE")) {
		s.kind = KIND_ARTICLE;
		read_article(&s, rec, why);
	} else {
		s.kind = KIND_OTHER;
		*unmapped_type = s.entity_type.p ? s.entity_type.p : "";
		*unmapped_len = s.entity_type.n;
		read_other(&s, rec, o->id_field, why);
	}
	if (why->len)
		return -1;
	if (!s.entity_id.p) {
		dp_buf_printf(why, "no entity_id: the record has no %s",
			      s.id_field->text);
		return -1;
	}
	city_norm.len = state_norm.len = 0;
	if (s.city.p)
		dp_normalize_city(o->tables, s.city.p, s.city.n, &city_norm);
	if (s.state.p)
		dp_normalize_state(o->tables, s.state.p, s.state.n,
				   &state_norm);
	if (s.kind == KIND_OTHER) {
		write_generic(o, &s, rec, out);
		return 0;
	}
	return write_unified(o, &s, rec, out, why);
}
