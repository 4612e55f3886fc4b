/* SPDX-License-Identifier: MIT */
/* The loader envelope: entity_type, source_file, source_type,
 * ingested_at, added where the source object lacks them. */
#include <string.h>
#include <strings.h>

#include "load.h"

/* The entity types dp-enrich maps, each with the start of the file
 * names that give it. */
static const struct {
	const char *prefix, *type;
} known[] = {
	{ "properties", "PROPERTY" },
	{ "neighborhoods", "NEIGHBORHOOD" },
	{ "wikipedia", "WIKIPEDIA_ARTICLE" },
};

/* See load.h. The match is on the start of the base name. */
const char *
dp_entity_type_from_name(const char *path)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		if (strncmp(base, known[i].prefix, strlen(known[i].prefix)) == 0)
			return known[i].type;
	return NULL;
}

/* See load.h. */
const char *
dp_entity_type_canonical(const char *type)
{
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		if (strcasecmp(type, known[i].type) == 0)
			return known[i].type;
	return type;
}

/* Does k (n bytes) equal the NUL-terminated name? */
static int
key_is(const char *k, size_t n, const char *name)
{
	return strlen(name) == n && memcmp(k, name, n) == 0;
}

/* See dp.h. */
int
dp_envelope_key(const char *k, size_t n)
{
	if (n < 11 || n > 11 + 1)
		return 0;	/* the four names are 11 or 12 bytes long */
	if (key_is(k, n, dp_name_entity_type))
		return DP_ENV_ENTITY_TYPE;
	if (key_is(k, n, dp_name_source_file))
		return DP_ENV_SOURCE_FILE;
	if (key_is(k, n, dp_name_source_type))
		return DP_ENV_SOURCE_TYPE;
	if (key_is(k, n, dp_name_ingested_at))
		return DP_ENV_INGESTED_AT;
	return 0;
}

/* Append one "key":"value" member, after a ',' unless it is the first
 * member of the object being written. */
static void
member(struct dp_buf *b, const char *key, const char *value)
{
	if (b->len == 0 || b->data[b->len - 1] != '{')
		dp_buf_addc(b, ',');
	dp_json_cstring(b, key);
	dp_buf_addc(b, ':');
	dp_json_cstring(b, value);
}

/* See dp.h. */
void
dp_envelope_append(struct dp_buf *b, const struct dp_envelope *e, int present)
{
	if (!(present & DP_ENV_ENTITY_TYPE) && e->entity_type)
		member(b, dp_name_entity_type, e->entity_type);
	if (!(present & DP_ENV_SOURCE_FILE))
		member(b, dp_name_source_file, e->source_file);
	if (!(present & DP_ENV_SOURCE_TYPE))
		member(b, dp_name_source_type, e->source_type);
	if (!(present & DP_ENV_INGESTED_AT))
		member(b, dp_name_ingested_at, e->ingested_at);
}
