/* SPDX-License-Identifier: MIT */
/* Hive partition directory names and case-collision checks. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parquet_partition.h"

/* Characters Spark's escapePathName escapes, besides controls. */
static int
must_escape(unsigned char c)
{
	return c < 0x20 || c == 0x7F || strchr("\"#%'*/:=?\\{[]^", c) != NULL;
}

/* How much of a value escape() turns into %XX. */
enum escaping {
	SPARK,		/* what escapePathName escapes */
	DOTS,		/* that, '.' and '_' too */
	ALL		/* every byte */
};

/* Append s[0..n) escaped as `how` says. */
static void
escape(struct dp_buf *out, const char *s, size_t n, enum escaping how)
{
	static const char hex[] = "0123456789ABCDEF";

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (how == ALL || must_escape(c) ||
		    (how == DOTS && (c == '.' || c == '_'))) {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };
			dp_buf_add(out, e, 3);
		} else {
			dp_buf_addc(out, (char)c);
		}
	}
}

/* Is s[0..n) the word w, in any ASCII letter case? */
static int
is_word(const char *s, size_t n, const char *w)
{
	return n == strlen(w) && !strncasecmp(s, w, n);
}

/* See parquet_partition.h. */
int
pq_hive_dir(struct dp_buf *out, const char *name, const char *s, size_t n)
{
	size_t start = out->len;

	/* the name too: an inferred schema's field may be named "a/b" */
	escape(out, name, strlen(name), SPARK);
	dp_buf_addc(out, '=');
	if (!s || n == 0)
		dp_buf_adds(out, PQ_HIVE_DEFAULT);
	else if (is_word(s, n, "null"))	/* DuckDB's null, in any case */
		escape(out, s, n, ALL);
	else
		escape(out, s, n, is_word(s, n, ".") || is_word(s, n, "..") ||
				  is_word(s, n, PQ_HIVE_DEFAULT) ? DOTS : SPARK);
	if (out->len - start > 255) {
		out->len = start;
		return -1;
	}
	return 0;
}

/* Case folding as case-insensitive file systems do it, for ASCII and
 * the two-byte letters of Latin-1, Latin Extended-A, Greek and
 * Cyrillic. */
static void
fold(struct dp_buf *out, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	for (size_t i = 0; i < n; i++) {
		unsigned c = u[i];
		if (c >= 'A' && c <= 'Z') {
			dp_buf_addc(out, (char)(c + 32));
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF && i + 1 < n &&
		    (u[i + 1] & 0xC0) == 0x80) {
			unsigned cp = ((c & 0x1F) << 6) | (u[i + 1] & 0x3F);
			if ((cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) ||
			    (cp >= 0x391 && cp <= 0x3AB) ||
			    (cp >= 0x410 && cp <= 0x42F))
				cp += 0x20;
			else if (cp >= 0x400 && cp <= 0x40F)
				cp += 0x50;
			else if ((cp >= 0x100 && cp <= 0x137 && cp != 0x130 &&
				  !(cp & 1)) ||
				 (cp >= 0x14A && cp <= 0x177 && !(cp & 1)) ||
				 (cp >= 0x139 && cp <= 0x148 && (cp & 1)) ||
				 (cp >= 0x179 && cp <= 0x17E && (cp & 1)))
				cp += 1;
			dp_buf_addc(out, (char)(0xC0 | (cp >> 6)));
			dp_buf_addc(out, (char)(0x80 | (cp & 0x3F)));
			i++;
			continue;
		}
		dp_buf_addc(out, (char)c);
	}
}

struct entry {
	char *folded;
	char *exact;
};

struct pq_dirset {
	struct entry *slots;
	size_t nslots, n;
	struct dp_buf tmp;
};

static size_t
hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (size_t)h;
}

/* See parquet_partition.h. */
struct pq_dirset *
pq_dirset_new(void)
{
	struct pq_dirset *d = dp_xmalloc(sizeof *d);

	memset(d, 0, sizeof *d);
	d->nslots = 64;
	d->slots = dp_xmalloc(d->nslots * sizeof *d->slots);
	memset(d->slots, 0, d->nslots * sizeof *d->slots);
	return d;
}

static void
grow(struct pq_dirset *d)
{
	struct entry *old = d->slots;
	size_t n = d->nslots;

	d->nslots *= 2;
	d->slots = dp_xmalloc(d->nslots * sizeof *d->slots);
	memset(d->slots, 0, d->nslots * sizeof *d->slots);
	for (size_t i = 0; i < n; i++) {
		if (!old[i].folded)
			continue;
		size_t h = hash(old[i].folded) & (d->nslots - 1);
		while (d->slots[h].folded)
			h = (h + 1) & (d->nslots - 1);
		d->slots[h] = old[i];
	}
	free(old);
}

/* Check one prefix (exact bytes p[0..n)). */
static int
check(struct pq_dirset *d, const char *p, size_t n, const char **other)
{
	d->tmp.len = 0;
	fold(&d->tmp, p, n);
	const char *f = dp_buf_cstr(&d->tmp);
	size_t h = hash(f) & (d->nslots - 1);

	while (d->slots[h].folded) {
		if (!strcmp(d->slots[h].folded, f)) {
			const char *e = d->slots[h].exact;
			if (strlen(e) == n && !memcmp(e, p, n))
				return 0;
			*other = e;
			return -1;
		}
		h = (h + 1) & (d->nslots - 1);
	}
	d->slots[h].folded = dp_xstrdup(f);
	d->slots[h].exact = dp_xmalloc(n + 1);
	memcpy(d->slots[h].exact, p, n);
	d->slots[h].exact[n] = '\0';
	if (++d->n * 2 > d->nslots)
		grow(d);
	return 0;
}

/* See parquet_partition.h. Every prefix ending at a '/' is a directory
 * of its own, and so is the whole path. */
int
pq_dirset_add(struct pq_dirset *d, const char *path, size_t n,
	      const char **other, size_t *prefix_len)
{
	for (size_t i = 0; i <= n; i++) {
		if (i < n && path[i] != '/')
			continue;
		if (check(d, path, i, other) != 0) {
			*prefix_len = i;
			return -1;
		}
	}
	return 0;
}

/* See parquet_partition.h. */
void
pq_dirset_free(struct pq_dirset *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->nslots; i++) {
		free(d->slots[i].folded);
		free(d->slots[i].exact);
	}
	free(d->slots);
	dp_buf_free(&d->tmp);
	free(d);
}
