/* SPDX-License-Identifier: MIT */
/* A string-to-string hash map for lookup tables (open addressing). */
#include <stdlib.h>
#include <string.h>

#include "dp.h"

struct slot {
	char *key;
	size_t klen;
	char *value;
};

struct dp_map {
	struct slot *slots;
	size_t cap, count;
};

/* See dp.h. */
struct dp_map *
dp_map_new(void)
{
	struct dp_map *m = dp_xmalloc(sizeof *m);

	m->cap = 64;
	m->count = 0;
	m->slots = dp_xmalloc(sizeof *m->slots * m->cap);
	memset(m->slots, 0, sizeof *m->slots * m->cap);
	return m;
}

/* See dp.h. FNV-1a, 64 bits. */
size_t
dp_hash(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 14695981039346656037ULL;

	for (size_t i = 0; i < n; i++)
		h = (h ^ s[i]) * 1099511628211ULL;
	return (size_t)h;
}

/* The slot for key: where it is, or the empty one where it would go. */
static struct slot *
find(const struct dp_map *m, const char *key, size_t klen)
{
	size_t i = dp_hash(key, klen) & (m->cap - 1);

	while (m->slots[i].key && (m->slots[i].klen != klen ||
				   memcmp(m->slots[i].key, key, klen) != 0))
		i = (i + 1) & (m->cap - 1);
	return &m->slots[i];
}

/* Double the table when it is half full. */
static void
grow(struct dp_map *m)
{
	struct slot *old = m->slots;
	size_t oldcap = m->cap;

	m->cap *= 2;
	m->slots = dp_xmalloc(sizeof *m->slots * m->cap);
	memset(m->slots, 0, sizeof *m->slots * m->cap);
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].key)
			*find(m, old[i].key, old[i].klen) = old[i];
	free(old);
}

/* See dp.h. */
int
dp_map_put(struct dp_map *m, const char *key, size_t klen, const char *value)
{
	if (2 * (m->count + 1) > m->cap)
		grow(m);
	struct slot *s = find(m, key, klen);
	if (s->key)
		return 0;
	s->key = dp_xmalloc(klen + 1);
	memcpy(s->key, key, klen);
	s->key[klen] = '\0';
	s->klen = klen;
	s->value = dp_xstrdup(value);
	m->count++;
	return 1;
}

/* See dp.h. */
void
dp_map_set(struct dp_map *m, const char *key, size_t klen, const char *value)
{
	if (!dp_map_put(m, key, klen, value)) {
		struct slot *s = find(m, key, klen);
		free(s->value);
		s->value = dp_xstrdup(value);
	}
}

/* See dp.h. */
const char *
dp_map_get(const struct dp_map *m, const char *key, size_t klen)
{
	return find(m, key, klen)->value;
}

/* See dp.h. */
void
dp_map_free(struct dp_map *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->cap; i++) {
		free(m->slots[i].key);
		free(m->slots[i].value);
	}
	free(m->slots);
	free(m);
}
