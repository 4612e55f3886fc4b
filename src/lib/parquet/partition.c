/* SPDX-License-Identifier: MIT */
/* Hive partition directory names and case-collision checks. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "partition.h"

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

/* See partition.h. */
int
pq_hive_dir(struct dp_buf *out, const char *name, const char *s, size_t n)
{
	size_t start = out->len;

	/* the name too: an inferred schema's field may be named "a/b";
	 * and a leading '.' would make readers take it for hidden */
	if (name[0] == '.')
		dp_buf_adds(out, "%2E");
	escape(out, name + (name[0] == '.'), strlen(name + (name[0] == '.')),
	       SPARK);
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

struct entry {
	char *folded;
	char *exact;
	int on_disk;		/* found in the dataset, not made by this run */
};

struct pq_dirset {
	struct entry *slots;
	size_t nslots, n;
	struct dp_buf tmp;
};

/* See partition.h. */
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
		size_t h = dp_hash(old[i].folded, strlen(old[i].folded)) &
			   (d->nslots - 1);
		while (d->slots[h].folded)
			h = (h + 1) & (d->nslots - 1);
		d->slots[h] = old[i];
	}
	free(old);
}

/* Look up directory p[0..n) (exact bytes). Returns 0 when it is
 * recorded as it is, or is new: then it is recorded, as found in the
 * dataset when `on_disk`. Otherwise (only other letter cases of it are
 * recorded) sets *other to one and returns -1, or -2 when that one is in
 * the dataset; with `on_disk` it is recorded beside them instead (such
 * directories are not this run's doing). */
static int
check(struct pq_dirset *d, const char *p, size_t n, int on_disk,
      const char **other)
{
	d->tmp.len = 0;
	dp_utf8_fold(&d->tmp, p, n, DP_FOLD_UNICODE);
	const char *f = dp_buf_cstr(&d->tmp);
	size_t h = dp_hash(f, strlen(f)) & (d->nslots - 1);
	const struct entry *variant = NULL;

	while (d->slots[h].folded) {
		const struct entry *e = &d->slots[h];
		if (!strcmp(e->folded, f)) {
			if (strlen(e->exact) == n && !memcmp(e->exact, p, n))
				return 0;
			if (!variant)
				variant = e;
		}
		h = (h + 1) & (d->nslots - 1);
	}
	if (variant && !on_disk) {
		*other = variant->exact;
		return variant->on_disk ? -2 : -1;
	}
	d->slots[h].folded = dp_xstrdup(f);
	d->slots[h].exact = dp_xmalloc(n + 1);
	memcpy(d->slots[h].exact, p, n);
	d->slots[h].exact[n] = '\0';
	d->slots[h].on_disk = on_disk;
	if (++d->n * 2 > d->nslots)
		grow(d);
	return 0;
}

/* See partition.h. Every prefix ending at a '/' is a directory
 * of its own, and so is the whole path. */
int
pq_dirset_add(struct pq_dirset *d, const char *path, size_t n,
	      const char **other, size_t *prefix_len)
{
	for (size_t i = 0; i <= n; i++) {
		if (i < n && path[i] != '/')
			continue;
		int r = check(d, path, i, 0, other);
		if (r != 0) {
			*prefix_len = i;
			return r;
		}
	}
	return 0;
}

/* Record the partition directories under root/rel (rel "" or ending in
 * '/'), `depth` levels deep. */
static void
seed(struct pq_dirset *d, const char *root, struct dp_buf *rel, int depth)
{
	struct dp_buf path = { 0 };
	size_t mark = rel->len;
	struct dirent *e;
	DIR *dir;

	dp_buf_printf(&path, "%s/%s", root, dp_buf_cstr(rel));
	if (!(dir = opendir(path.data)))
		dp_die(DP_EXIT_IO, "%s: cannot read the dataset's "
		       "partition directories:", path.data);
	while ((e = readdir(dir))) {
		struct stat st;
		/* staging and other hidden entries, files, and names that
		 * are not key=value cannot take a partition's place */
		if (e->d_name[0] == '.' || !strchr(e->d_name, '='))
			continue;
		path.len = 0;
		dp_buf_printf(&path, "%s/%s%s", root, dp_buf_cstr(rel),
			      e->d_name);
		if (stat(path.data, &st) != 0 || !S_ISDIR(st.st_mode))
			continue;
		rel->len = mark;
		dp_buf_adds(rel, e->d_name);
		check(d, rel->data, rel->len, 1, NULL);
		if (depth > 1) {
			dp_buf_addc(rel, '/');
			seed(d, root, rel, depth - 1);
		}
		rel->len = mark;
	}
	closedir(dir);
	dp_buf_free(&path);
}

/* See partition.h. */
void
pq_dirset_seed(struct pq_dirset *d, const char *root, int depth)
{
	struct dp_buf rel = { 0 };

	seed(d, root, &rel, depth);
	dp_buf_free(&rel);
}

/* See partition.h. */
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

/* A hex digit's value, or -1. */
static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Append s[0..n) with each %XX (either letter case) decoded. */
static void
unescape(struct dp_buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int hi, lo;
		if (s[i] == '%' && n - i >= 3 &&
		    (hi = hex_value(s[i + 1])) >= 0 &&
		    (lo = hex_value(s[i + 2])) >= 0) {
			dp_buf_addc(out, (char)(hi << 4 | lo));
			i += 2;
		} else {
			dp_buf_addc(out, s[i]);
		}
	}
}

/* See partition.h. */
int
pq_hive_parse(const char *component, struct dp_buf *name,
	      struct dp_buf *value)
{
	const char *eq = strchr(component, '=');

	if (!eq || eq == component)
		return -1;
	name->len = value->len = 0;
	unescape(name, component, (size_t)(eq - component));
	dp_buf_cstr(name);
	if (!strcmp(eq + 1, PQ_HIVE_DEFAULT))
		return 1;
	unescape(value, eq + 1, strlen(eq + 1));
	dp_buf_cstr(value);
	return 0;
}
