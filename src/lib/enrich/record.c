/* SPDX-License-Identifier: MIT */
/*
 * One loader record onto the unified schema (dp-enrich(1), "Mapping"
 * and "Derived fields"), read from its spans (span.h): the source's
 * nested shape is read into `struct source` (values as spans, strings
 * decoded only when they hold escapes), every derived field is computed
 * from it, and the unified record is written in the order of the
 * unified table (unified.h), the lineage fields last, with null for
 * what the source lacks and the whole source object in raw_data.
 * Values the record holds in canonical form are copied as their bytes.
 */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "enrich.h"

#define UUID_NAMESPACE "057b1c56-7d61-5d90-a39d-52baad24ac8a"

enum kind { KIND_PROPERTY, KIND_NEIGHBORHOOD, KIND_ARTICLE, KIND_OTHER };

/* A string of the source, decoded: its bytes (NULL when absent) and
 * their number. A string may hold NUL bytes (JSON's \u0000): every use
 * goes by the length, so nothing is cut or merged at a NUL. `plain`:
 * the bytes are the record's own, between the quotes of a string
 * without escapes, so p[-1..n+1) is its canonical JSON text. */
struct str {
	const char *p;
	size_t n;
	int plain;
};

/* An array of strings of the source: its span (p NULL when absent) and
 * its items, decoded, at items[first..first+n). */
struct list {
	struct dp_jspan v;
	size_t first, n;
};

/* What the mapping reads from a source record. Numbers are spans, p
 * NULL when absent (missing or null). */
struct source {
	enum kind kind;
	struct str entity_type;
	const struct dp_field_path *id_field;	/* where entity_id is from */
	struct str entity_id;
	char id_text[24];		/* an integer id as text */
	char zip_text[24];		/* an integer zip code as text */
	struct str city, state, county, zip_code;
	struct dp_jspan latitude, longitude;
	struct str property_type;
	struct dp_jspan price, bedrooms, bathrooms, square_feet, year_built,
	       lot_size;
	struct str title, description, content, summary, url;
	struct list features;
	struct str neighborhood_id, listing_date;
	struct dp_jspan days_on_market, relevance_score, confidence;
	struct list key_topics, categories;
	const char *raw;		/* the record's compact text, or NULL */
	size_t raw_len;
	const char *score;		/* data_quality_score's text */
	const char *status;		/* validation_status */
};

/* Scratch reused from record to record (one record at a time). */
static struct dp_buf text, value, city_norm, state_norm, scratch, keybuf;
/* The path lookup() found its value at, for messages. */
static const struct dp_field_path *found_path;
/* Strings with escapes, decoded: one buffer each, reused. */
static struct dp_buf *decoded;
static size_t ndecoded, capdecoded;
/* The items of the arrays of strings read (struct list). */
static struct str *items;
static size_t nitems, capitems;
/* The members of the top-level objects looked into, each object's
 * listed once per record. */
struct member {
	struct dp_jspan key, v;
};
struct object {
	const struct dp_jfield *f;
	size_t first, n;		/* in members */
};
static struct member *members;
static size_t nmembers, capmembers;
static struct object *objects;
static size_t nobjects, capobjects;
/* The top-level field walk() found last, by its key: paths into one
 * object come one after another. */
static const struct dp_field_key *last_key;
static const struct dp_jfield *last_field;

/* Forget what the last record left in the scratch above. */
static void
scratch_reset(void)
{
	ndecoded = nitems = nmembers = nobjects = 0;
	last_key = NULL;
}

/* Append n bytes to b: dp_buf_add, inline while there is room. */
static inline void
add(struct dp_buf *b, const void *p, size_t n)
{
	if (b->cap - b->len <= n)
		dp_buf_reserve(b, n);
	memcpy(b->data + b->len, p, n);
	b->len += n;
}

/* ---- reading the source, with type checks ---------------------------- */

/* String span v decoded: the line's bytes when it has no escape, else
 * a buffer of this record's own. */
static struct str
decode(const struct dp_jspan *v)
{
	struct dp_buf *b;

	if (!v->esc)
		return (struct str){ v->p + 1, v->n - 2, 1 };
	if (ndecoded == capdecoded) {
		size_t old = capdecoded;
		decoded = dp_xgrow(decoded, &capdecoded, ndecoded + 1,
				   sizeof *decoded);
		memset(decoded + old, 0, (capdecoded - old) * sizeof *decoded);
	}
	b = &decoded[ndecoded++];
	b->len = 0;
	dp_jspan_string(b, v);
	return (struct str){ dp_buf_cstr(b), b->len, 0 };
}

/* Is string span k's decoded text the path key `key`? */
static int
key_is(const struct dp_jspan *k, const struct dp_field_key *key)
{
	size_t n;
	const char *s = dp_jspan_str(k, &keybuf, &n);

	return n == key->len && memcmp(s, key->name, n) == 0;
}

/* The members of top-level object field f, listed on the first call
 * for it in a record; *n is their number. */
static const struct member *
members_of(const struct dp_jfield *f, size_t *n)
{
	struct object *o;
	struct dp_jspan k, v;
	size_t pos = 0;

	for (size_t i = 0; i < nobjects; i++)
		if (objects[i].f == f) {
			*n = objects[i].n;
			return members + objects[i].first;
		}
	objects = dp_xgrow(objects, &capobjects, nobjects + 1,
			   sizeof *objects);
	o = &objects[nobjects++];
	o->f = f;
	o->first = nmembers;
	while (dp_jspan_next(&f->v, &pos, &k, &v)) {
		members = dp_xgrow(members, &capmembers, nmembers + 1,
				   sizeof *members);
		members[nmembers].key = k;
		members[nmembers++].v = v;
	}
	o->n = nmembers - o->first;
	*n = o->n;
	return members + o->first;
}

/* Follow field path p from rec as far as it goes, as
 * dp_field_path_walk does (the last of repeated keys counts): returns
 * how many keys were followed and sets *v to the value reached (when
 * that is at least one). A top-level object's members are listed once
 * per record, so that the paths into it cost a search of that list. */
static size_t
walk(const struct dp_scan *rec, const struct dp_field_path *p,
     struct dp_jspan *v)
{
	const struct dp_field_key *k0 = &p->key[0];
	const struct dp_jfield *f;
	size_t k = 1;

	if (last_key && last_key->len == k0->len &&
	    memcmp(last_key->name, k0->name, k0->len) == 0) {
		f = last_field;
	} else {
		f = dp_scan_field(rec, k0->name, k0->len);
		last_key = k0;
		last_field = f;
	}
	if (!f)
		return 0;
	*v = f->v;
	if (p->n > 1 && f->v.type == DP_JOBJECT) {
		size_t n;
		const struct member *m = members_of(f, &n);
		while (n > 0 && !key_is(&m[n - 1].key, &p->key[1]))
			n--;
		if (!n)
			return 1;
		*v = m[n - 1].v;
		k = 2;
	}
	for (; k < p->n; k++) {
		struct dp_jspan x;
		if (!dp_jspan_member(v, p->key[k].name, p->key[k].len, &x))
			break;
		*v = x;
	}
	return k;
}

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
      const char *expected, const struct dp_jspan *got)
{
	if (why->len)
		return;
	dp_buf_adds(why, "field ");
	dp_field_path_print(why, p, n);
	dp_buf_printf(why, ": expected %s, got %s", expected,
		      dp_jtype_name(got->type));
}

/* The value at path p in rec, absent (p NULL) when missing or null; a
 * value on the way that is not an object (nor null) is a type error. On
 * a value, found_path is set to p. */
static struct dp_jspan
lookup_one(const struct dp_scan *rec, const struct dp_field_path *p,
	   struct dp_buf *why)
{
	static const struct dp_jspan absent;
	struct dp_jspan v;
	size_t depth = walk(rec, p, &v);

	if (depth < p->n) {
		if (depth > 0 && v.type != DP_JOBJECT && v.type != DP_JNULL)
			wrong(why, p, depth, "an object", &v);
		return absent;
	}
	if (v.type == DP_JNULL)
		return absent;
	found_path = p;
	return v;
}

/* The value at the first alternative of source path `lit` that has
 * one, absent if none has. */
static struct dp_jspan
lookup(const struct dp_scan *rec, const char *lit, struct dp_buf *why)
{
	const struct source_path *sp = source_path(lit);
	struct dp_jspan v = { 0 };

	for (size_t i = 0; i < sp->n && !v.p; i++)
		v = lookup_one(rec, sp->alt[i], why);
	return v;
}

/* Is s the C string c, byte for byte? */
static int
str_is(struct str s, const char *c)
{
	return s.p && s.n == strlen(c) && memcmp(s.p, c, s.n) == 0;
}

/* Add to a rejection of a record of unmapped entity_type t that it is
 * unmapped, and the mapped type it may have meant (another letter case,
 * blanks around it), since then its fields are not where they would be
 * looked for. */
static void
explain_unmapped(struct dp_buf *why, struct str t)
{
	static const char *const known[] = { "PROPERTY", "NEIGHBORHOOD",
					      "WIKIPEDIA_ARTICLE" };
	size_t a = 0, b = t.n;

	while (a < b && isspace((unsigned char)t.p[a]))
		a++;
	while (b > a && isspace((unsigned char)t.p[b - 1]))
		b--;
	for (size_t k = 0; k < sizeof known / sizeof *known; k++)
		if (b - a == strlen(known[k]) &&
		    !strncasecmp(t.p + a, known[k], b - a)) {
			dp_buf_printf(why, "; its entity_type is not %s but "
				      "'%.*s', which has no mapping",
				      known[k], (int)(t.n < 64 ? t.n : 64),
				      t.p);
			return;
		}
	dp_buf_printf(why, "; its entity_type '%.*s' has no mapping (PROPERTY, "
		      "NEIGHBORHOOD and WIKIPEDIA_ARTICLE have)",
		      (int)(t.n < 64 ? t.n : 64), t.p);
}

/* A string field, or absent. */
static struct str
get_string(const struct dp_scan *rec, const char *path, struct dp_buf *why)
{
	struct dp_jspan v = lookup(rec, path, why);

	if (!v.p)
		return (struct str){ NULL, 0, 0 };
	if (v.type != DP_JSTRING) {
		wrong(why, found_path, found_path->n, "a string", &v);
		return (struct str){ NULL, 0, 0 };
	}
	return decode(&v);
}

/* A number field, or absent. */
static struct dp_jspan
get_number(const struct dp_scan *rec, const char *path, struct dp_buf *why)
{
	struct dp_jspan v = lookup(rec, path, why);

	if (v.p && v.type != DP_JINT && v.type != DP_JREAL) {
		wrong(why, found_path, found_path->n, "a number", &v);
		v.p = NULL;
	}
	return v;
}

/* The value of a number span (0 when absent), as jansson reads it. */
static double
number(const struct dp_jspan *v)
{
	return v->p ? dp_jspan_real(v) : 0;
}

/* An integer field within int32 (an integral float such as 3.0 counts),
 * or absent. */
static struct dp_jspan
get_int32(const struct dp_scan *rec, const char *path, struct dp_buf *why)
{
	struct dp_jspan v = get_number(rec, path, why);
	double d = number(&v);

	if (v.p && (d != floor(d) || d < -2147483648.0 || d > 2147483647.0)) {
		if (why->len == 0)
			dp_buf_printf(why, "field %s: expected a 32-bit "
				      "integer, got %.17g", found_path->text,
				      d);
		v.p = NULL;
	}
	return v;
}

/* An array-of-strings field, or absent; its items decoded. */
static struct list
get_strings(const struct dp_scan *rec, const char *path, struct dp_buf *why)
{
	struct list l = { lookup(rec, path, why), nitems, 0 };
	struct dp_jspan item;
	size_t pos = 0;

	if (!l.v.p)
		return l;
	if (l.v.type != DP_JARRAY) {
		wrong(why, found_path, found_path->n, "an array of strings",
		      &l.v);
		l.v.p = NULL;
		return l;
	}
	while (dp_jspan_next(&l.v, &pos, NULL, &item)) {
		if (item.type != DP_JSTRING) {
			if (why->len == 0)
				dp_buf_printf(why, "field %s: item %zu is %s, "
					      "not a string", found_path->text,
					      l.n + 1, dp_jtype_name(item.type));
			l.v.p = NULL;
			l.n = 0;
			return l;
		}
		items = dp_xgrow(items, &capitems, nitems + 1, sizeof *items);
		items[nitems++] = decode(&item);
		l.n++;
	}
	return l;
}

/* A code (an id, a zip code) from the value v found by a lookup: a
 * string, or an integer written as text into `buf`; absent if absent. */
static struct str
code_of(const struct dp_jspan *v, char buf[24], struct dp_buf *why)
{
	if (!v->p)
		return (struct str){ NULL, 0, 0 };
	if (v->type == DP_JSTRING)
		return decode(v);
	if (v->type == DP_JINT) {
		int n = snprintf(buf, 24, "%lld", dp_jspan_int(v));
		return (struct str){ buf, (size_t)n, 0 };
	}
	wrong(why, found_path, found_path->n, "a string or an integer", v);
	return (struct str){ NULL, 0, 0 };
}

/* A code field, or absent. */
static struct str
get_code(const struct dp_scan *rec, const char *path, char buf[24],
	 struct dp_buf *why)
{
	struct dp_jspan v = lookup(rec, path, why);

	return code_of(&v, buf, why);
}

/* The entity id, from the one path p (--id-field is not a list of
 * alternatives: a '|' in it is part of a key). */
static void
get_id(struct source *s, const struct dp_scan *rec,
       const struct dp_field_path *p, struct dp_buf *why)
{
	struct dp_jspan v = lookup_one(rec, p, why);

	s->id_field = p;
	s->entity_id = code_of(&v, s->id_text, why);
}

/* ---- the three source shapes ------------------------------------------ */

/* A listing: nested address, coordinates and property_details as in
 * the seed, or the same fields flat (a CSV row). */
static void
read_property(struct source *s, const struct dp_scan *r, struct dp_buf *why)
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
read_neighborhood(struct source *s, const struct dp_scan *r,
		  struct dp_buf *why)
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
read_article(struct source *s, const struct dp_scan *r, struct dp_buf *why)
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
read_other(struct source *s, const struct dp_scan *r,
	   const struct dp_field_path *id_field, struct dp_buf *why)
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
 * 0.7, entity fields 0.3, summed in that order as doubles, rounded
 * half-up to 2 places by the caller. */
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
		entity += s->price.p ? 0.1 : 0;
		entity += s->bedrooms.p ? 0.1 : 0;
		entity += s->square_feet.p ? 0.1 : 0;
		break;
	case KIND_ARTICLE:
		entity += s->url.p ? 0.1 : 0;
		entity += s->summary.p ? 0.1 : 0;
		entity += number(&s->confidence) > 0.5 ? 0.1 : 0;
		break;
	case KIND_NEIGHBORHOOD:
		entity += s->features.n ? 0.15 : 0;
		entity += s->description.p ? 0.15 : 0;
		break;
	case KIND_OTHER:
		break;
	}
	return core + entity;
}

/* Set s->score (data_quality_score: the quality score rounded half-up
 * to 2 places, written as a double) and s->status (validation_status,
 * from that rounded score). The score takes few values: the last ones
 * are remembered with their texts. */
static void
score(struct source *s, const struct dp_enrich_options *o)
{
	static double last_q = -1, last_min;
	static char last_score[32];
	static const char *last_status;
	double q = quality(s);

	if (q != last_q || o->min_quality != last_min) {
		scratch.len = 0;
		dp_json_decimal(&scratch, q, 2, 1);
		if (scratch.len >= sizeof last_score)
			dp_die(DP_EXIT_INTERNAL, "quality score %s",
			       dp_buf_cstr(&scratch));
		memcpy(last_score, scratch.data, scratch.len);
		last_score[scratch.len] = '\0';
		last_status = strtod(last_score, NULL) >= o->min_quality
			      ? "validated" : "low_quality";
		last_q = q;
		last_min = o->min_quality;
	}
	s->score = last_score;
	s->status = last_status;
}

/* Append number span v as dp_json_value writes it ("3.5", "2",
 * "1685"): its bytes when canonical; a real through
 * dp_json_number_text, which copies it when it already is (a flag from
 * dp_jspan_next may not say so). */
static void
add_number(struct dp_buf *b, const struct dp_jspan *v)
{
	const char *why;

	if (v->canon)
		add(b, v->p, v->n);
	else if (v->type != DP_JREAL ||
		 dp_json_number_text(b, v->p, v->n, &why) != 0)
		dp_jspan_write(b, v);
}

/* Start the next " | " part of embedding_text. */
static void
part(struct dp_buf *b)
{
	if (b->len)
		add(b, " | ", 3);
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
		add(b, city_norm.data, city_norm.len);
	if (city && state)
		add(b, ", ", 2);
	if (state)
		add(b, state_norm.data, state_norm.len);
}

/* embedding_text by the templates of dp-enrich(1), "Derived fields";
 * parts that are missing are left out, numbers written as the source
 * has them. */
static void
embedding_text(struct dp_buf *b, const struct source *s)
{
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
		if (s->bedrooms.p) {
			part(b);
			add_number(b, &s->bedrooms);
			dp_buf_adds(b, " bedrooms");
		}
		if (s->bathrooms.p) {
			part(b);
			add_number(b, &s->bathrooms);
			dp_buf_adds(b, " bathrooms");
		}
		if (s->square_feet.p) {
			part(b);
			add_number(b, &s->square_feet);
			dp_buf_adds(b, " square feet");
		}
		add_place(b, "Located in ", s);
		if (s->features.n) {
			part(b);
			dp_buf_adds(b, "Features: ");
			for (size_t i = 0; i < s->features.n; i++) {
				const struct str *f =
					&items[s->features.first + i];
				if (i)
					add(b, ", ", 2);
				add(b, f->p, f->n);
			}
		}
		if (filled(s->description)) {
			part(b);
			add(b, s->description.p, s->description.n);
		}
		break;
	case KIND_NEIGHBORHOOD:
		if (filled(s->title)) {
			add(b, s->title.p, s->title.n);
			dp_buf_adds(b, " neighborhood");
		}
		add_place(b, "Located in ", s);
		if (filled(s->description)) {
			part(b);
			add(b, s->description.p, s->description.n);
		}
		break;
	case KIND_ARTICLE:
		if (filled(s->title))
			add(b, s->title.p, s->title.n);
		add_place(b, "", s);
		if (filled(s->content)) {
			part(b);
			add(b, s->content.p, s->content.n);
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
 * de-duplicated, sorted by bytes. The folded items follow each other in
 * one buffer. */
static void
features_normalized(struct dp_buf *b, const struct list *features)
{
	static struct dp_buf low;
	static struct str *norm;
	static size_t cap;
	size_t k = 0, i;
	const char *p;

	low.len = 0;
	norm = dp_xgrow(norm, &cap, features->n + 1, sizeof *norm);
	for (i = 0; i < features->n; i++) {
		const struct str *f = &items[features->first + i];
		size_t len, start = low.len;
		const char *s = dp_trim(f->p, f->n, &len);
		if (!len)
			continue;
		dp_utf8_fold(&low, s, len, DP_FOLD_ASCII);
		norm[k++] = (struct str){ NULL, low.len - start, 0 };
	}
	for (i = 0, p = low.data; i < k; p += norm[i++].n)
		norm[i].p = p;
	qsort(norm, k, sizeof *norm, by_bytes);
	dp_buf_addc(b, '[');
	for (i = 0; i < k; i++) {
		if (i == 0 || str_cmp(norm[i], norm[i - 1]) != 0) {
			if (i)
				dp_buf_addc(b, ',');
			dp_json_string(b, norm[i].p, norm[i].n);
		}
	}
	dp_buf_addc(b, ']');
}

/* ---- writing the unified record -------------------------------------------- */

/* Each unified field's member start, `,"NAME":` (the names are plain
 * ASCII, no escape: tests/unit/test_unified.c), made on first use. */
static const char *
key_text(enum dp_field f, size_t *n)
{
	static char start[DP_NFIELDS][48];
	static size_t len[DP_NFIELDS];

	if (!len[f]) {
		int k = snprintf(start[f], sizeof start[f], ",\"%s\":",
				 dp_unified[f].name);
		if (k < 0 || (size_t)k >= sizeof start[f])
			dp_die(DP_EXIT_INTERNAL, "field name %s",
			       dp_unified[f].name);
		len[f] = (size_t)k;
	}
	*n = len[f];
	return start[f];
}

/* Begin the member of unified field f: its key, after a ',' unless it
 * is the object's first. */
static void
key(struct dp_buf *b, enum dp_field f)
{
	size_t n;
	const char *k = key_text(f, &n);

	if (b->data[b->len - 1] == '{')
		add(b, k + 1, n - 1);
	else
		add(b, k, n);
}

/* Begin the member of field f, with null as its value unless the
 * caller `has` one to write; returns `has`. */
static int
member(struct dp_buf *b, enum dp_field f, int has)
{
	key(b, f);
	if (!has)
		add(b, "null", 4);
	return has;
}

/* Members of each JSON kind; absent values are written as null. */
static void
put_str(struct dp_buf *b, enum dp_field f, struct str s)
{
	if (!member(b, f, s.p != NULL))
		return;
	if (s.plain)
		add(b, s.p - 1, s.n + 2);
	else
		dp_json_string(b, s.p, s.n);
}

/* A member from a C string (ours or a table's: never a NUL inside). */
static void
put_string(struct dp_buf *b, enum dp_field f, const char *s)
{
	put_str(b, f, (struct str){ s, s ? strlen(s) : 0, 0 });
}

/* A member with the value of span v, as dp_json_value writes it. */
static void
put_value(struct dp_buf *b, enum dp_field f, const struct dp_jspan *v)
{
	if (member(b, f, v->p != NULL))
		dp_jspan_write(b, v);
}

/* An integer member (get_int32 checked it is integral: 3.0 -> 3). */
static void
put_int(struct dp_buf *b, enum dp_field f, const struct dp_jspan *v)
{
	if (!member(b, f, v->p != NULL))
		return;
	if (v->type == DP_JINT)
		add_number(b, v);
	else
		dp_json_int(b, (long long)dp_jspan_real(v));
}

/* A double member: integers of the source become floats ("2" -> 2.0).
 * A canonical integer of up to 15 digits is its text and ".0", as
 * %.15g writes it. */
static void
put_double(struct dp_buf *b, enum dp_field f, const struct dp_jspan *v)
{
	if (!member(b, f, v->p != NULL))
		return;
	if (v->type == DP_JREAL) {
		add_number(b, v);
	} else if (v->canon && v->n - (v->p[0] == '-') <= 15) {
		add(b, v->p, v->n);
		add(b, ".0", 2);
	} else {
		dp_json_double(b, dp_jspan_real(v));
	}
}

/* Unified field f, a decimal: v (when `have`) rounded half-up to the
 * table's scale, within its precision; -1 with the reason in `why` when
 * it does not fit. A canonical integer `exact` is its own text: when it
 * fits, rounding leaves it as it is. */
static int
put_decimal(struct dp_buf *b, enum dp_field f, double v, int have,
	    const struct dp_jspan *exact, struct dp_buf *why)
{
	const struct dp_field_def *d = &dp_unified[f];

	if (!member(b, f, have))
		return 0;
	if (!(fabs(v) < pow(10, d->precision - d->scale))) {
		dp_buf_printf(why, "field %s: %.17g does not fit "
			      "decimal(%d,%d)", d->name, v, d->precision,
			      d->scale);
		return -1;
	}
	if (exact && exact->type == DP_JINT && exact->canon) {
		add(b, exact->p, exact->n);
		return 0;
	}
	if (dp_json_decimal(b, v, d->scale, 0) != 0) {
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
	double price = number(&s->price);
	double sqft = number(&s->square_feet);

	return put_decimal(b, DP_F_price_per_sqft, price / sqft,
			   price > 0 && sqft > 0, NULL, why);
}

/* The 8 bytes at p as a number, the first in the low byte (one load
 * on a little-endian machine). */
static uint64_t
load8(const unsigned char *p)
{
	return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
	       (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 |
	       (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 |
	       (uint64_t)p[7] << 56;
}

/* Append the canonical record text t[0..n) as a JSON string, as
 * dp_json_string would: in canonical text the only bytes to escape are
 * '"' and '\\' (a control byte is always written escaped). Eight bytes
 * at a time: (x - 0x01..) & ~x & 0x80.. marks the bytes of x that are
 * zero, the lowest mark exactly (a borrow only marks bytes above a
 * zero); the bytes before the first '"' or '\\' of the eight are copied
 * at once. */
static void
canonical_as_string(struct dp_buf *b, const char *t, size_t n)
{
	const uint64_t ones = 0x0101010101010101u, high = ones * 0x80;
	const unsigned char *u = (const unsigned char *)t;
	size_t i = 0;
	char *o;

	dp_buf_reserve(b, 2 * n + 2 + 8);	/* 8: a whole word copied */
	o = b->data + b->len;
	*o++ = '"';
	while (n - i >= 8) {
		uint64_t w = load8(u + i), q = w ^ ones * '"',
			 s = w ^ ones * '\\',
			 m = (((q - ones) & ~q) | ((s - ones) & ~s)) & high;
		memcpy(o, u + i, 8);
		if (!m) {
			o += 8;
			i += 8;
			continue;
		}
		/* the bytes below the lowest mark, counted */
		size_t k = (size_t)(((((m & -m) - 1) & ones) * ones) >> 56) - 1;
		o += k;
		*o++ = '\\';
		*o++ = (char)u[i + k];
		i += k + 1;
	}
	for (; i < n; i++) {
		if (u[i] == '"' || u[i] == '\\')
			*o++ = '\\';
		*o++ = (char)u[i];
	}
	*o++ = '"';
	b->len = (size_t)(o - b->data);
}

/* raw_data: the source record's compact JSON as a string; the input
 * line itself when it is compact (copied, not re-written), else the
 * record written as dp_json_value writes it. */
static void
put_raw_data(struct dp_buf *b, const struct source *s,
	     const struct dp_scan *rec)
{
	key(b, DP_F_raw_data);
	if (rec->canon) {
		canonical_as_string(b, rec->line, rec->len);
		return;
	}
	if (s->raw) {
		dp_json_string(b, s->raw, s->raw_len);
		return;
	}
	value.len = 0;
	dp_scan_write(&value, rec);
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
	put_str(b, DP_F_correlation_uuid, (struct str){ uuid, 36, 0 });
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
	put_str(b, DP_F_content_hash, (struct str){ hash, 32, 0 });
}

/* county: from the source, or else from --locations. */
static void
put_county(struct dp_buf *b, const struct dp_enrich_options *o,
	   const struct source *s)
{
	const char *c;

	if (s->county.p || !s->city.p || !s->state.p) {
		put_str(b, DP_F_county, s->county);
		return;
	}
	c = dp_lookup_county(o->tables, s->city.p, s->city.n, s->state.p,
			     s->state.n, &city_norm, &state_norm);
	put_string(b, DP_F_county, c);
}

/* A string member made here (NULL: null). */
static void
put_made(struct dp_buf *b, enum dp_field f, int has, const struct dp_buf *v)
{
	put_str(b, f, has ? (struct str){ v->data ? v->data : "", v->len, 0 }
			  : (struct str){ NULL, 0, 0 });
}

/* A lineage field of the loader's envelope, passed on (null when
 * missing). */
static void
put_envelope(struct dp_buf *b, enum dp_field f, const struct dp_scan *rec)
{
	const char *name = dp_unified[f].name;
	const struct dp_jfield *v = dp_scan_field(rec, name, strlen(name));

	if (member(b, f, v != NULL))
		dp_jspan_write(b, &v->v);
}

/* Unified field f of the record (dp-enrich(1), "Mapping" and "Derived
 * fields"), embedding_text being in `text`; -1 with the reason in `why`
 * when a value does not fit its type. */
static int
put_field(struct dp_buf *out, enum dp_field f,
	  const struct dp_enrich_options *o, const struct source *s,
	  const struct dp_scan *rec, struct dp_buf *why)
{
	switch (f) {
	case DP_F_entity_id:
		put_str(out, f, s->entity_id);
		break;
	case DP_F_entity_type:
		put_str(out, f, s->entity_type);
		break;
	case DP_F_correlation_uuid:
		put_correlation_uuid(out, s);
		break;
	case DP_F_city:
		put_str(out, f, s->city);
		break;
	case DP_F_state:
		put_str(out, f, s->state);
		break;
	case DP_F_city_normalized:
		put_made(out, f, s->city.p != NULL, &city_norm);
		break;
	case DP_F_state_normalized:
		put_made(out, f, s->state.p != NULL, &state_norm);
		break;
	case DP_F_latitude:
		put_double(out, f, &s->latitude);
		break;
	case DP_F_longitude:
		put_double(out, f, &s->longitude);
		break;
	case DP_F_property_type:
		put_str(out, f, s->property_type);
		break;
	case DP_F_property_type_normalized:
		put_string(out, f, s->kind == KIND_PROPERTY
			   ? dp_normalize_property_type(s->property_type.p,
							s->property_type.n)
			   : NULL);
		break;
	case DP_F_price:
		return put_decimal(out, f, number(&s->price), s->price.p != NULL,
				   &s->price, why);
	case DP_F_bedrooms:
		put_int(out, f, &s->bedrooms);
		break;
	case DP_F_bathrooms:
		put_double(out, f, &s->bathrooms);
		break;
	case DP_F_square_feet:
		put_int(out, f, &s->square_feet);
		break;
	case DP_F_price_per_sqft:
		return put_price_per_sqft(out, s, why);
	case DP_F_year_built:
		put_int(out, f, &s->year_built);
		break;
	case DP_F_lot_size:
		put_double(out, f, &s->lot_size);
		break;
	case DP_F_title:
		put_str(out, f, s->title);
		break;
	case DP_F_description:
		put_str(out, f, s->description);
		break;
	case DP_F_features:
		put_value(out, f, &s->features.v);
		break;
	case DP_F_features_normalized:
		if (member(out, f, s->features.v.p != NULL))
			features_normalized(out, &s->features);
		break;
	case DP_F_content:
		put_str(out, f, s->content);
		break;
	case DP_F_summary:
		put_str(out, f, s->summary);
		break;
	case DP_F_url:
		put_str(out, f, s->url);
		break;
	case DP_F_embedding_text:
		put_made(out, f, text.len > 0, &text);
		break;
	case DP_F_content_hash:
		put_content_hash(out, s);
		break;
	case DP_F_data_quality_score:
		key(out, f);
		dp_buf_adds(out, s->score);
		break;
	case DP_F_validation_status:
		put_string(out, f, s->status);
		break;
	case DP_F_confidence_score:
		put_double(out, f, &s->confidence);
		break;
	case DP_F_zip_code:
		put_str(out, f, s->zip_code);
		break;
	case DP_F_county:
		put_county(out, o, s);
		break;
	case DP_F_neighborhood_id:
		put_str(out, f, s->neighborhood_id);
		break;
	case DP_F_neighborhood:
		put_string(out, f, s->kind == KIND_PROPERTY &&
			   s->neighborhood_id.p
			   ? dp_lookup_neighborhood(o->tables,
						    s->neighborhood_id.p,
						    s->neighborhood_id.n)
			   : NULL);
		break;
	case DP_F_listing_date:
		put_str(out, f, s->listing_date);
		break;
	case DP_F_days_on_market:
		put_int(out, f, &s->days_on_market);
		break;
	case DP_F_key_topics:
		put_value(out, f, &s->key_topics.v);
		break;
	case DP_F_categories:
		put_value(out, f, &s->categories.v);
		break;
	case DP_F_relevance_score:
		put_double(out, f, &s->relevance_score);
		break;
	case DP_F_raw_data:
		put_raw_data(out, s, rec);
		break;
	case DP_F_source_file:
	case DP_F_source_type:
	case DP_F_ingested_at:
		put_envelope(out, f, rec);
		break;
	case DP_F_processed_at:
		put_string(out, f, o->processed_at);
		break;
	default:
		dp_die(DP_EXIT_INTERNAL, "dp-enrich has no value for field "
		       "'%s'", dp_unified[f].name);
	}
	return 0;
}

/* The fields a generic record gets, which replace its own. */
static int
generic_field(const char *name, size_t len)
{
	static const enum dp_field generic[] = {
		DP_F_entity_id, DP_F_correlation_uuid, DP_F_content_hash,
		DP_F_data_quality_score, DP_F_validation_status,
		DP_F_raw_data, DP_F_processed_at,
	};

	for (size_t i = 0; i < sizeof generic / sizeof generic[0]; i++) {
		const char *g = dp_unified[generic[i]].name;
		if (strlen(g) == len && memcmp(name, g, len) == 0)
			return 1;
	}
	return 0;
}

/* Append the fields dp-enrich writes (only the generic ones when
 * `generic`) in the unified schema's order, the lineage fields last
 * (unified.h), embedding_text being in `text`; -1 with the reason in
 * `why` when a value does not fit its type. */
static int
put_fields(struct dp_buf *out, const struct dp_enrich_options *o,
	   const struct source *s, const struct dp_scan *rec, int generic,
	   struct dp_buf *why)
{
	static const enum dp_stage stages[] = {
		DP_STAGE_ENRICH, DP_STAGE_LINEAGE
	};

	for (size_t k = 0; k < sizeof stages / sizeof stages[0]; k++)
		for (int f = 0; f < DP_NFIELDS; f++) {
			const char *name = dp_unified[f].name;
			if (dp_unified[f].stage == stages[k] &&
			    (!generic || generic_field(name, strlen(name))) &&
			    put_field(out, (enum dp_field)f, o, s, rec,
				      why) != 0)
				return -1;
		}
	return 0;
}

/* The unified record, every field of dp-enrich(1). */
static int
write_unified(const struct dp_enrich_options *o, const struct source *s,
	      const struct dp_scan *rec, struct dp_buf *out,
	      struct dp_buf *why)
{
	embedding_text(&text, s);
	out->len = 0;
	dp_buf_reserve(out, 4 * rec->len + 4096);
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
	      const struct dp_scan *rec, struct dp_buf *out)
{
	embedding_text(&text, s);	/* none: its hash is that of "" */
	out->len = 0;
	dp_buf_addc(out, '{');
	for (size_t i = 0; i < rec->n; i++) {
		const struct dp_jfield *f = &rec->field[i];
		if (generic_field(f->name, f->name_len))
			continue;
		if (out->len > 1)
			dp_buf_addc(out, ',');
		dp_jfield_write(out, f);
	}
	/* the generic fields hold no decimal: none can fail */
	(void)put_fields(out, o, s, rec, 1, NULL);
	dp_buf_addc(out, '}');
}

/* See enrich.h. */
int
dp_enrich_record(const struct dp_enrich_options *o, const struct dp_scan *rec,
		 const char *raw, size_t raw_len, struct dp_buf *out,
		 struct dp_buf *why, const char **unmapped_type,
		 size_t *unmapped_len)
{
	struct source s;

	memset(&s, 0, sizeof s);
	scratch_reset();
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
		if (!s.entity_type.p)
			dp_buf_adds(why, " and no entity_type (a loader's "
				    "--type gives one)");
		else if (s.kind == KIND_OTHER)
			explain_unmapped(why, s.entity_type);
		return -1;
	}
	city_norm.len = state_norm.len = 0;
	if (s.city.p)
		dp_normalize_city(o->tables, s.city.p, s.city.n, &city_norm);
	if (s.state.p)
		dp_normalize_state(o->tables, s.state.p, s.state.n,
				   &state_norm);
	score(&s, o);
	if (s.kind == KIND_OTHER) {
		write_generic(o, &s, rec, out);
		return 0;
	}
	return write_unified(o, &s, rec, out, why);
}
