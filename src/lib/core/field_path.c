/* SPDX-License-Identifier: MIT */
/* Field paths: the one syntax of every option that names a field of a
 * record (dp(7), FIELD PATHS), parsed once, looked up in a record. */
#include <stdlib.h>
#include <string.h>

#include "dp.h"

#define STR_(x) #x
#define STR(x) STR_(x)

/* Check the n bytes at s: sets *nkeys and *nbytes (the unescaped keys'
 * bytes) and returns NULL, or returns why they are not a field path. */
static const char *
check(const char *s, size_t n, size_t *nkeys, size_t *nbytes)
{
	size_t keylen = 0;

	*nkeys = 1;
	*nbytes = 0;
	if (n > DP_FIELD_PATH_MAX_BYTES)
		return "longer than " STR(DP_FIELD_PATH_MAX_BYTES) " bytes";
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\0')
			return "a NUL byte";
		if (s[i] == '.') {
			if (keylen == 0)
				return "an empty key";
			if (++*nkeys > DP_FIELD_PATH_MAX_KEYS)
				return "more than " STR(DP_FIELD_PATH_MAX_KEYS)
				       " keys";
			keylen = 0;
			continue;
		}
		if (s[i] == '\\') {
			if (i + 1 == n)
				return "a lone backslash at the end";
			if (s[i + 1] != '.' && s[i + 1] != '\\')
				return "a backslash escapes only '.' and '\\'";
			i++;
		}
		keylen++;
		++*nbytes;
	}
	return keylen == 0 ? "an empty key" : NULL;
}

/* See dp.h. The path, its keys and their bytes are one allocation. */
struct dp_field_path *
dp_field_path_parse(const char *s, size_t n, const char **why)
{
	struct dp_field_path *p;
	struct dp_field_key *key;
	size_t nkeys, nbytes, k = 0;
	char *text, *name;

	if ((*why = check(s, n, &nkeys, &nbytes)) != NULL)
		return NULL;
	p = dp_xmalloc(sizeof *p + nkeys * sizeof *key + (n + 1) +
		       (nbytes + nkeys));
	key = (struct dp_field_key *)(p + 1);
	text = (char *)(key + nkeys);
	name = text + n + 1;
	memcpy(text, s, n);
	text[n] = '\0';
	p->n = nkeys;
	p->key = key;
	p->text = text;
	key[0].name = name;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.') {
			key[k].len = (size_t)(name - key[k].name);
			*name++ = '\0';
			key[++k].name = name;
			continue;
		}
		if (s[i] == '\\')
			i++;
		*name++ = s[i];
	}
	key[k].len = (size_t)(name - key[k].name);
	*name = '\0';
	return p;
}

/* See dp.h. */
void
dp_field_path_option(struct dp_field_path **p, const char *option,
		     const char *arg)
{
	struct dp_field_path *parsed;
	const char *why;
	char what[80];

	if (!*arg)
		dp_usage_error("%s: empty field path", option);
	parsed = dp_field_path_parse(arg, strlen(arg), &why);
	if (!parsed) {
		snprintf(what, sizeof what, "a field path (%s)", why);
		dp_option_error(option, what, arg);
	}
	dp_field_path_free(*p);
	*p = parsed;
}

/* See dp.h. */
json_t *
dp_field_path_walk(const struct dp_field_path *p, json_t *obj, size_t *depth)
{
	size_t k;

	for (k = 0; k < p->n; k++) {
		json_t *v = json_object_getn(obj, p->key[k].name,
					     p->key[k].len);
		if (!v)
			break;
		obj = v;
	}
	*depth = k;
	return obj;
}

/* See dp.h. */
json_t *
dp_field_path_get(const struct dp_field_path *p, json_t *obj)
{
	size_t depth;
	json_t *v = dp_field_path_walk(p, obj, &depth);

	return depth == p->n ? v : NULL;
}

/* See dp.h. */
void
dp_field_path_print(struct dp_buf *b, const struct dp_field_path *p,
		    size_t n)
{
	for (size_t k = 0; k < n && k < p->n; k++) {
		const struct dp_field_key *key = &p->key[k];

		if (k > 0)
			dp_buf_addc(b, '.');
		for (size_t i = 0; i < key->len; i++) {
			if (key->name[i] == '.' || key->name[i] == '\\')
				dp_buf_addc(b, '\\');
			dp_buf_addc(b, key->name[i]);
		}
	}
}

/* See dp.h. */
void
dp_field_path_free(struct dp_field_path *p)
{
	free(p);
}
