/* SPDX-License-Identifier: MIT */
/* A Parquet file or dataset directory read back as records. */
#include <dirent.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "column_read.h"
#include "footer.h"
#include "parquet.h"
#include "partition.h"
#include "value_json.h"

/* One field of the records a file gives: a column of the file, or a
 * partition value of its directory. */
struct item {
	const char *name;
	int field;		/* in the footer's fields, or -1 */
	int part;		/* in the partition values, or -1 */
	int want;		/* in the wanted columns, or -1 */
	int pending;		/* the current row not taken yet */
	struct pq_colreader *col;
};

/* A partition value of the current file's directories. */
struct partval {
	char *name;
	char *json;		/* its JSON text; NULL for a null */
	char *text;		/* the value as decoded, when a string */
	size_t len;
};

struct pq_reader {
	char **files;
	size_t nfiles, next_file;
	size_t root_len;		/* the dataset directory's, or 0 */
	long dirs;			/* walked so far (MAX_DIRS) */
	char **columns;			/* wanted, or NULL for all */
	int ncolumns;
	char *found;			/* per wanted column: seen in a file */
	char **leave;			/* fields left out of "every field" */
	int nleave;
	/* the current file */
	const char *path;
	int fd;
	struct pq_footer foot;
	int open;
	int rg;
	int64_t row, rows;		/* in the row group */
	int64_t rg_start;		/* the row group's first row in the file */
	int64_t file_start;		/* the file's first row among all */
	int first, step;		/* read row groups first, first + step,
					 * ... of all files (pq_reader_stride) */
	long long rg_seen;		/* row groups of all files so far */
	int touched;			/* a column of the row group was read */
	float *floats;			/* an unaligned vector, aligned */
	size_t nfloats;
	struct partval *parts;
	int nparts;
	struct item *items;
	int nitems;
	char *warned;			/* per leaf: bad UTF-8 reported */
	struct dp_buf err;		/* why the read failed */
	int status;			/* and its exit status */
};

/* Warnings about a dataset's layout, once per process however many
 * readers open it (dp-search opens several). */
static atomic_flag warned_link = ATOMIC_FLAG_INIT;
static atomic_flag warned_shadow = ATOMIC_FLAG_INIT;
static atomic_flag warned_twice = ATOMIC_FLAG_INIT;

/* Stop the reader: the message (with the file's name in front) into
 * r->err, the exit status into r->status; returns -1. */
static int DP_PRINTF(3, 4)
fail(struct pq_reader *r, int status, const char *fmt, ...)
{
	struct dp_buf why = { 0 };
	va_list ap;

	va_start(ap, fmt);
	dp_buf_vprintf(&why, fmt, ap);
	va_end(ap);
	r->err.len = 0;
	dp_buf_printf(&r->err, "%s: %s", r->path, dp_buf_cstr(&why));
	dp_buf_free(&why);
	r->status = status;
	return -1;
}

/* Is this directory entry part of the dataset? Not hidden, not a
 * marker or staging entry: no leading '.', and a leading '_' only in a
 * partition's key=value (as Spark and DuckDB read them). */
static int
listed(const char *name)
{
	return name[0] != '.' && (name[0] != '_' || strchr(name, '='));
}

/* The most directories a dataset may have below it: links that branch
 * (not round, which is_ancestor stops) could make the walk endless. */
#define MAX_DIRS 1000000L

/* The directories from the root down to the one being walked, to know
 * a symbolic link that leads back to one of them. */
struct ancestor {
	dev_t dev;
	ino_t ino;
	const struct ancestor *up;
};

/* Is the directory st one of `a` or above it? */
static int
is_ancestor(const struct ancestor *a, const struct stat *st)
{
	for (; a; a = a->up)
		if (a->dev == st->st_dev && a->ino == st->st_ino)
			return 1;
	return 0;
}

static int
by_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Add every *.parquet file below dir (the directory `self`, below
 * `up`) to r->files. A symbolic link back to a directory on the way
 * down is not followed: its files are read once, from where they are. */
static void
walk(struct pq_reader *r, const char *dir, size_t *cap, int depth,
     const struct ancestor *self)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		dp_die(DP_EXIT_IO, "%s:", dir);
	if (depth > 64)
		dp_die(DP_EXIT_DATA, "%s: directories nested too deep", dir);
	if (++r->dirs > MAX_DIRS)
		dp_die(DP_EXIT_DATA, "%s: more than %ld directories in the "
		       "dataset (symbolic links that branch?)", dir, MAX_DIRS);
	while ((errno = 0, e = readdir(d))) {
		struct dp_buf p = { 0 };
		struct stat st;
		size_t n = strlen(e->d_name);
		if (!listed(e->d_name))
			continue;
		dp_buf_printf(&p, "%s/%s", dir, e->d_name);
		if (stat(p.data, &st) != 0)
			dp_die(DP_EXIT_IO, "%s:", p.data);
		if (S_ISDIR(st.st_mode) && is_ancestor(self, &st)) {
			if (!atomic_flag_test_and_set(&warned_link))
				dp_warn("%s: a link back to a directory above "
					"it: not followed (nor any other)",
					p.data);
		} else if (S_ISDIR(st.st_mode)) {
			struct ancestor down = { st.st_dev, st.st_ino, self };
			walk(r, p.data, cap, depth + 1, &down);
		} else if (S_ISREG(st.st_mode) && n > 8 &&
			   !strcmp(e->d_name + n - 8, ".parquet")) {
			if (r->nfiles == *cap) {
				*cap = *cap ? *cap * 2 : 16;
				r->files = dp_xrealloc(r->files, *cap *
						       sizeof *r->files);
			}
			r->files[r->nfiles++] = dp_xstrdup(p.data);
		}
		dp_buf_free(&p);
	}
	if (errno)
		dp_die(DP_EXIT_IO, "%s:", dir);
	closedir(d);
}

/* Does dir hold the _SUCCESS marker of a finished (maybe empty)
 * dataset? */
static int
has_marker(const char *dir)
{
	struct dp_buf p = { 0 };
	struct stat st;
	int yes;

	dp_buf_printf(&p, "%s/_SUCCESS", dir);
	yes = stat(p.data, &st) == 0 && S_ISREG(st.st_mode);
	dp_buf_free(&p);
	return yes;
}

/* Is there a *.parquet file in dir (the directory `self`) or below it
 * (depth levels at most), not counting links back up? */
static int
holds_parquet(const char *dir, int depth, const struct ancestor *self,
	      long *budget)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int yes = 0;

	if (!d)
		return 0;
	if (--*budget < 0) {	/* walk() will say so */
		closedir(d);
		return 1;
	}
	while (!yes && (e = readdir(d))) {
		struct dp_buf p = { 0 };
		struct stat st;
		size_t n = strlen(e->d_name);
		if (!listed(e->d_name))
			continue;
		dp_buf_printf(&p, "%s/%s", dir, e->d_name);
		if (stat(p.data, &st) == 0) {
			if (S_ISREG(st.st_mode))
				yes = n > 8 && !strcmp(e->d_name + n - 8,
						       ".parquet");
			else if (S_ISDIR(st.st_mode) && depth > 0 &&
				 !is_ancestor(self, &st)) {
				struct ancestor down = { st.st_dev, st.st_ino,
							 self };
				yes = holds_parquet(p.data, depth - 1, &down,
						    budget);
			}
		}
		dp_buf_free(&p);
	}
	closedir(d);
	return yes;
}

/* See parquet.h. */
int
pq_is_parquet(const char *path)
{
	struct stat st;
	int fd, yes;

	if (stat(path, &st) != 0)
		return 0;
	if (S_ISDIR(st.st_mode)) {
		struct ancestor root = { st.st_dev, st.st_ino, NULL };
		long budget = MAX_DIRS;
		return has_marker(path) || holds_parquet(path, 64, &root,
							 &budget);
	}
	if (!S_ISREG(st.st_mode) || (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	yes = pq_starts_with_magic(fd) == 1;
	close(fd);
	return yes;
}

/* See parquet.h. */
struct pq_reader *
pq_reader_open(const char *path, char **columns, int ncolumns)
{
	struct pq_reader *r = dp_xmalloc(sizeof *r);
	struct stat st;

	memset(r, 0, sizeof *r);
	r->fd = -1;
	r->step = 1;
	r->columns = ncolumns ? columns : NULL;
	r->ncolumns = ncolumns;
	r->found = dp_xmalloc((size_t)ncolumns + 1);
	memset(r->found, 0, (size_t)ncolumns + 1);
	if (stat(path, &st) != 0)
		dp_die(DP_EXIT_IO, "%s:", path);
	if (S_ISDIR(st.st_mode)) {
		size_t cap = 0, n = strlen(path);
		while (n > 1 && path[n - 1] == '/')
			n--;
		char *root = dp_xmalloc(n + 1);
		memcpy(root, path, n);
		root[n] = '\0';
		struct ancestor top = { st.st_dev, st.st_ino, NULL };
		walk(r, root, &cap, 0, &top);
		if (r->nfiles == 0 && !has_marker(root))
			dp_die(DP_EXIT_USAGE, "%s: not a Parquet dataset (no "
			       ".parquet file below it, no _SUCCESS)", path);
		free(root);
		r->root_len = n;
		if (r->nfiles > 1)
			qsort(r->files, r->nfiles, sizeof *r->files, by_path);
	} else {
		r->files = dp_xmalloc(sizeof *r->files);
		r->files[r->nfiles++] = dp_xstrdup(path);
	}
	return r;
}

/* See parquet.h. */
size_t
pq_reader_files(const struct pq_reader *r)
{
	return r->nfiles;
}

/* A partition value's JSON text as its dp schema type says: numbers
 * and booleans when they read as one, else a string (NUL bytes kept,
 * bytes that are not UTF-8 replaced). 1 for a string, else 0. */
static int
partition_json(struct dp_buf *b, const char *value, size_t n,
	       const char *type)
{
	long long v;
	int text = strlen(value) == n;

	if (text && type && (!strcmp(type, "int32") || !strcmp(type, "int64")) &&
	    dp_parse_int(value, &v) == 0) {
		dp_json_int(b, v);
		return 0;
	}
	if (text && type && !strcmp(type, "bool") &&
	    (!strcmp(value, "true") || !strcmp(value, "false"))) {
		dp_buf_adds(b, value);
		return 0;
	}
	dp_json_string_lossy(b, value, n);
	return 1;
}

/* The type of field `name` in dp's schema text (key dp.schema), or
 * NULL; *pos gets its line number (order), else stays. */
static const char *
schema_type(const char *schema, const char *name, int *pos,
	    struct dp_buf *type)
{
	size_t n = strlen(name);
	int line = 0;

	for (const char *s = schema; s && *s; line++) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		if (len > n && !strncmp(s, name, n) && s[n] == ' ') {
			const char *t = s + n + 1, *sp = memchr(t, ' ',
						len - n - 1);
			type->len = 0;
			dp_buf_add(type, t, sp ? (size_t)(sp - t) :
				   len - n - 1);
			*pos = line;
			return dp_buf_cstr(type);
		}
		s = nl ? nl + 1 : NULL;
	}
	return NULL;
}

/* dp's schema text in the footer, or NULL. */
static const char *
dp_schema(const struct pq_footer *f)
{
	for (int i = 0; i < f->nkv; i++)
		if (!strcmp(f->kv_keys[i], "dp.schema"))
			return f->kv_values[i];
	return NULL;
}

/* Is `name` a partition key of the current file? Its index, or -1. */
static int
find_part(const struct pq_reader *r, const char *name)
{
	for (int i = 0; i < r->nparts; i++)
		if (!strcmp(r->parts[i].name, name))
			return i;
	return -1;
}

/* The current file's partition values, from its directories below the
 * dataset's root: 0, or -1 for a key given twice or with a NUL byte. */
static int
read_partitions(struct pq_reader *r)
{
	const char *schema = dp_schema(&r->foot);
	struct dp_buf name = { 0 }, value = { 0 }, type = { 0 };
	char *rel = dp_xstrdup(r->path + r->root_len);
	char *file = strrchr(rel, '/');
	int pos, status = 0;

	*file = '\0';	/* the directories only */
	for (char *c = rel, *slash; c && !status; c = slash ? slash + 1 : NULL) {
		slash = strchr(c, '/');
		if (slash)
			*slash = '\0';
		int k = *c ? pq_hive_parse(c, &name, &value) : -1;
		if (k < 0)
			continue;
		if (strlen(name.data) != name.len) {
			status = fail(r, DP_EXIT_DATA, "a partition key with "
				      "a NUL byte (%%00)");
			break;
		}
		if (find_part(r, name.data) >= 0) {
			status = fail(r, DP_EXIT_DATA, "the partition key "
				      "'%s' is in the path twice", name.data);
			break;
		}
		r->parts = dp_xrealloc(r->parts, ((size_t)r->nparts + 1) *
				       sizeof *r->parts);
		struct partval *pv = &r->parts[r->nparts++];
		*pv = (struct partval){ dp_xstrdup(name.data), NULL, NULL, 0 };
		if (k == 0) {
			struct dp_buf json = { 0 };
			if (partition_json(&json, value.data, value.len,
					   schema_type(schema, name.data, &pos,
						       &type))) {
				pv->text = dp_xmalloc(value.len + 1);
				memcpy(pv->text, value.data, value.len + 1);
				pv->len = value.len;
			}
			pv->json = (char *)dp_buf_cstr(&json);
		}
	}
	free(rel);
	dp_buf_free(&name);
	dp_buf_free(&value);
	dp_buf_free(&type);
	return status;
}

/* The file's first column named `name` at or after field `from`, or
 * -1. */
static int
find_field(const struct pq_reader *r, const char *name, int from)
{
	for (int i = from; i < r->foot.nfields; i++)
		if (!strcmp(r->foot.fields[i].name, name))
			return i;
	return -1;
}

/* Add an item for `name` if the file has it: 1, 0 if not, -1 for a
 * column it cannot read or cannot tell from another of its name. A
 * partition value comes before a column of the same name, as in the
 * readers of Hive's layout. */
static int
add_item(struct pq_reader *r, const char *name)
{
	int i = find_part(r, name);

	if (i >= 0) {
		r->items[r->nitems++] = (struct item){ name, -1, i, -1, 0,
						       NULL };
		return 1;
	}
	if ((i = find_field(r, name, 0)) < 0)
		return 0;
	if (find_field(r, name, i + 1) >= 0)
		return fail(r, DP_EXIT_DATA, "two columns are named '%s'",
			    name);
	if (r->foot.fields[i].shape == PQ_SHAPE_NESTED)
		return fail(r, DP_EXIT_DATA, "column '%s' is a struct, map "
			    "or list of lists: not read", name);
	r->items[r->nitems++] = (struct item){ name, i, -1, -1, 0, NULL };
	return 1;
}

/* Is this field one that pq_reader_leave_out named? */
static int
left_out(const struct pq_reader *r, const char *name)
{
	for (int i = 0; i < r->nleave; i++)
		if (!strcmp(r->leave[i], name))
			return 1;
	return 0;
}

struct ordered {
	const char *name;
	int pos;		/* in dp's schema, or large */
	int seq;		/* file order, partitions after */
};

static int
by_pos(const void *a, const void *b)
{
	const struct ordered *x = a, *y = b;

	if (x->pos != y->pos)
		return x->pos < y->pos ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The current file's output fields: the wanted columns in their order,
 * or every readable field in dp's schema order (the file's order, then
 * partition values, when dp did not write it). */
static int
plan_items(struct pq_reader *r)
{
	int n = r->foot.nfields + r->nparts;
	struct dp_buf type = { 0 };
	const char *schema = dp_schema(&r->foot);

	r->items = dp_xmalloc(((size_t)n + (size_t)r->ncolumns + 1) *
			      sizeof *r->items);
	r->nitems = 0;
	if (r->columns) {
		for (int k = 0; k < r->ncolumns; k++) {
			int got = add_item(r, r->columns[k]);
			if (got < 0)
				return -1;
			if (got)
				r->items[r->nitems - 1].want = k;
			r->found[k] |= got;
		}
		return 0;
	}
	struct ordered *o = dp_xmalloc(((size_t)n + 1) * sizeof *o);
	int m = 0;
	for (int i = 0; i < r->foot.nfields; i++) {
		const char *name = r->foot.fields[i].name;
		if (left_out(r, name))
			continue;
		if (find_part(r, name) >= 0) {
			if (!atomic_flag_test_and_set(&warned_shadow))
				dp_warn("%s: column '%s' is also a partition "
					"key: the directory's value is used",
					r->path, name);
			continue;
		}
		if (find_field(r, name, 0) < i) {
			if (!atomic_flag_test_and_set(&warned_twice))
				dp_warn("%s: two columns are named '%s': the "
					"second is left out", r->path, name);
			continue;
		}
		if (r->foot.fields[i].shape == PQ_SHAPE_NESTED) {
			dp_warn("%s: column '%s' is a struct, map or list of "
				"lists: left out", r->path,
				r->foot.fields[i].name);
			continue;
		}
		o[m] = (struct ordered){ r->foot.fields[i].name, 1 << 30, m };
		m++;
	}
	for (int i = 0; i < r->nparts; i++)
		if (!left_out(r, r->parts[i].name)) {
			o[m] = (struct ordered){ r->parts[i].name, 1 << 30, m };
			m++;
		}
	for (int i = 0; i < m && schema; i++)
		schema_type(schema, o[i].name, &o[i].pos, &type);
	qsort(o, (size_t)m, sizeof *o, by_pos);
	for (int i = 0; i < m; i++) {
		int f = find_part(r, o[i].name) >= 0 ? -1 :
			find_field(r, o[i].name, 0);
		r->items[r->nitems++] = (struct item){ o[i].name, f,
			f < 0 ? find_part(r, o[i].name) : -1, -1, 0, NULL };
	}
	free(o);
	dp_buf_free(&type);
	return 0;
}

/* Close the current file. */
static void
close_file(struct pq_reader *r)
{
	if (!r->open)
		return;
	for (int i = 0; i < r->nitems; i++)
		pq_colreader_free(r->items[i].col);
	free(r->items);
	r->items = NULL;
	for (int i = 0; i < r->nparts; i++) {
		free(r->parts[i].name);
		free(r->parts[i].json);
		free(r->parts[i].text);
	}
	free(r->parts);
	r->parts = NULL;
	r->nparts = 0;
	free(r->warned);
	r->warned = NULL;
	pq_footer_free(&r->foot);
	close(r->fd);
	r->fd = -1;
	r->open = 0;
}

/* Open the next file: 1, 0 when there is none, or -1. */
static int
open_file(struct pq_reader *r)
{
	struct stat st;
	struct dp_buf why = { 0 };

	if (r->next_file == r->nfiles)
		return 0;
	r->path = r->files[r->next_file++];
	r->fd = open(r->path, O_RDONLY | O_CLOEXEC);
	if (r->fd < 0 || fstat(r->fd, &st) != 0)
		return fail(r, DP_EXIT_IO, "%s", strerror(errno));
	memset(&r->foot, 0, sizeof r->foot);
	r->open = 1;
	r->items = NULL;
	r->nitems = 0;
	if (pq_footer_read(&r->foot, r->fd, (uint64_t)st.st_size,
			   &why) != 0) {
		fail(r, DP_EXIT_DATA, "%s", dp_buf_cstr(&why));
		dp_buf_free(&why);
		return -1;
	}
	if (r->root_len && read_partitions(r) != 0)
		return -1;
	if (plan_items(r) != 0)
		return -1;
	r->warned = dp_xmalloc((size_t)r->foot.nleaves + 1);
	memset(r->warned, 0, (size_t)r->foot.nleaves + 1);
	r->rg = -1;
	r->row = r->rows = 0;
	r->file_start += r->rg_start;	/* the previous file's rows */
	r->rg_start = 0;
	return 1;
}

/* Start the next row group of the file: 1, or 0 after the last. */
static int
next_rowgroup(struct pq_reader *r)
{
	for (;;) {
		if (r->rg >= 0 && r->rg < r->foot.nrowgroups)
			r->rg_start += r->foot.rowgroups[r->rg].num_rows;
		if (++r->rg >= r->foot.nrowgroups)
			break;
		if (r->rg_seen++ % r->step == r->first)
			break;
	}
	if (r->rg >= r->foot.nrowgroups) {
		for (int i = 0; i < r->nitems; i++) {
			pq_colreader_free(r->items[i].col);
			r->items[i].col = NULL;
		}
		return 0;
	}
	r->row = 0;
	r->rows = r->foot.rowgroups[r->rg].num_rows;
	r->touched = 0;
	for (int i = 0; i < r->nitems; i++)
		r->items[i].pending = 0;
	for (int i = 0; i < r->nitems; i++)
		if (r->items[i].field >= 0)
			r->items[i].col = pq_colreader_new(r->fd, r->path,
				&r->foot, r->rg,
				r->foot.fields[r->items[i].field].leaf,
				r->items[i].col);
	return 1;
}

/* The next entry of a column that must have one: 0, or -1. */
static int
take(struct pq_reader *r, struct item *it, struct pq_entry *e)
{
	int k = pq_colreader_next(it->col, e, &r->err);

	if (k < 0) {
		r->status = DP_EXIT_DATA;	/* the message is in r->err */
		return -1;
	}
	if (k == 0)
		return fail(r, DP_EXIT_DATA, "row group %d, column '%s': "
			    "fewer values than the row group's %lld rows",
			    r->rg + 1, it->name, (long long)r->rows);
	return 0;
}

/* Append a value, warning once per column and kind about bytes that
 * are not UTF-8 and values out of their type's range. */
static void
value(struct pq_reader *r, struct dp_buf *b, int leaf,
      const struct pq_entry *e)
{
	int did = pq_value_json(b, &r->foot.leaves[leaf], e->p, e->n);

	if (!did || (r->warned[leaf] & did))
		return;
	r->warned[leaf] |= (char)did;
	dp_warn("%s: column '%s': %s", r->path, r->foot.leaves[leaf].path,
		did == PQ_NOT_UTF8 ? "bytes that are not UTF-8 replaced by "
		"U+FFFD" : "values out of the range of its type given as "
		"null");
}

/* Append item it's "name":value for the current row; nothing for a
 * null. 0, or -1. */
static int
item_json(struct pq_reader *r, struct item *it, struct dp_buf *b,
	  int *first)
{
	struct pq_entry e;

	if (it->part >= 0) {
		const char *json = r->parts[it->part].json;
		if (!json)
			return 0;
		if (!*first)
			dp_buf_addc(b, ',');
		*first = 0;
		dp_json_cstring(b, it->name);
		dp_buf_addc(b, ':');
		dp_buf_adds(b, json);
		return 0;
	}
	const struct pq_topfield *f = &r->foot.fields[it->field];
	const struct pq_leaf *l = &r->foot.leaves[f->leaf];
	if (take(r, it, &e) != 0)
		return -1;
	if (e.rep != 0)
		return fail(r, DP_EXIT_DATA, "row group %d, column '%s': a "
			    "row starts inside a list", r->rg + 1, it->name);
	if (f->shape == PQ_SHAPE_VALUE) {
		if (e.def < l->max_def)
			return 0;
	} else {
		int rep_def = l->max_def - f->elem_optional;
		if (e.def < rep_def - 1)
			return 0;	/* a null list */
	}
	if (!*first)
		dp_buf_addc(b, ',');
	*first = 0;
	dp_json_cstring(b, it->name);
	dp_buf_addc(b, ':');
	if (f->shape == PQ_SHAPE_VALUE) {
		value(r, b, f->leaf, &e);
		return 0;
	}
	int rep_def = l->max_def - f->elem_optional;
	dp_buf_addc(b, '[');
	if (e.def >= rep_def) {
		for (int n = 0;; n++) {
			int k;
			if (n)
				dp_buf_addc(b, ',');
			if (e.def == l->max_def)
				value(r, b, f->leaf, &e);
			else
				dp_buf_adds(b, "null");
			k = pq_colreader_peek_rep(it->col, &r->err);
			if (k < 0) {
				r->status = DP_EXIT_DATA;
				return -1;
			}
			if (k == 0)
				break;
			if (take(r, it, &e) != 0)
				return -1;
		}
	}
	dp_buf_addc(b, ']');
	return 0;
}

/* Stand the reader on a row it has not passed yet, moving on to the
 * next row group, or closing this file and opening the next, while the
 * current one is used up: 1 when it stands on one, 0 after the last
 * file's last row, -1 on an error (r->err, r->status). */
static int
advance(struct pq_reader *r)
{
	while (!r->open || r->row == r->rows) {
		int k;
		if (r->open && next_rowgroup(r))
			continue;
		close_file(r);
		if ((k = open_file(r)) <= 0)
			return k;
	}
	return 1;
}

static int skip_pending(struct pq_reader *r);
static int column_failed(struct pq_reader *r, const struct item *it);

/* See parquet.h. */
int
pq_reader_next(struct pq_reader *r, struct dp_buf *b)
{
	int first = 1, k;

	if (r->status)
		return -1;
	if ((k = advance(r)) <= 0)
		return k;
	if (skip_pending(r) != 0)
		return -1;
	r->touched = 1;
	dp_buf_addc(b, '{');
	for (int i = 0; i < r->nitems; i++)
		if (item_json(r, &r->items[i], b, &first) != 0)
			return -1;
	dp_buf_addc(b, '}');
	r->row++;
	return 1;
}

/* Pass over the current row of every column that its reader did not
 * take (pq_reader_next_row): 0, or -1. */
static int
skip_pending(struct pq_reader *r)
{
	struct pq_row row;

	for (int i = 0; i < r->nitems; i++) {
		struct item *it = &r->items[i];
		if (!it->pending)
			continue;
		it->pending = 0;
		if (it->col && pq_colreader_row(it->col, &row, &r->err) <= 0)
			return column_failed(r, it);
	}
	return 0;
}

/* The reader's error after a column reader stopped: its message, or
 * that the column ended before the row group did. */
static int
column_failed(struct pq_reader *r, const struct item *it)
{
	if (r->err.len && !r->status) {
		r->status = DP_EXIT_DATA;
		return -1;
	}
	return fail(r, DP_EXIT_DATA, "row group %d, column '%s': fewer "
		    "values than the row group's %lld rows", r->rg + 1, it->name,
		    (long long)r->rows);
}

/* See parquet.h. */
int
pq_reader_next_row(struct pq_reader *r)
{
	int k;

	if (r->status)
		return -1;
	if (skip_pending(r) != 0)
		return -1;
	if ((k = advance(r)) <= 0)
		return k;
	r->touched = 1;
	for (int i = 0; i < r->nitems; i++)
		r->items[i].pending = 1;
	r->row++;
	return 1;
}

/* The current row's item for wanted column k, to be taken now, or NULL
 * when the file lacks it or it was taken. */
static struct item *
pending_item(struct pq_reader *r, int k)
{
	for (int i = 0; i < r->nitems; i++)
		if (r->items[i].want == k) {
			if (!r->items[i].pending)
				return NULL;
			r->items[i].pending = 0;
			return &r->items[i];
		}
	return NULL;
}

/* r->floats with room for n floats. */
static float *
float_room(struct pq_reader *r, size_t n)
{
	if (n > r->nfloats) {
		r->nfloats = n;
		r->floats = dp_xrealloc(r->floats, n * sizeof *r->floats);
	}
	return r->floats;
}

/* The integer of leaf l at p (INT32 or INT64, signed or not) as a
 * float. */
static float
int_float(const struct pq_leaf *l, const unsigned char *p)
{
	int unsigned_int = l->meaning == PQ_M_INT && !l->is_signed;

	if (l->type == PQ_T_INT32) {
		int32_t a;
		memcpy(&a, p, sizeof a);
		return unsigned_int ? (float)(uint32_t)a : (float)a;
	}
	int64_t b;
	memcpy(&b, p, sizeof b);
	return unsigned_int ? (float)(uint64_t)b : (float)b;
}

/* See parquet.h. */
int
pq_reader_floats(struct pq_reader *r, int k, const float **v, size_t *n)
{
	struct item *it = pending_item(r, k);
	struct pq_row row;
	float *out;

	if (!it || it->part >= 0)
		return 0;
	if (pq_colreader_row(it->col, &row, &r->err) <= 0)
		return column_failed(r, it);
	const struct pq_topfield *f = &r->foot.fields[it->field];
	const struct pq_leaf *l = &r->foot.leaves[f->leaf];
	if (f->shape != PQ_SHAPE_LIST ||
	    row.def < l->max_def - f->elem_optional - 1)
		return 0;	/* not a list, or a null one */
	if (row.nulls || row.n == 0)
		return 2;
	switch (l->type) {
	case PQ_T_FLOAT:
		if ((uintptr_t)row.p % _Alignof(float) == 0) {
			*v = (const float *)(const void *)row.p;
			*n = row.n;
			return 1;
		}
		memcpy(float_room(r, row.n), row.p, row.n * sizeof(float));
		break;
	case PQ_T_DOUBLE:
		out = float_room(r, row.n);
		for (size_t i = 0; i < row.n; i++) {
			double d;
			memcpy(&d, row.p + i * sizeof d, sizeof d);
			out[i] = (float)d;
		}
		break;
	case PQ_T_INT32:
	case PQ_T_INT64:
		if (l->meaning != PQ_M_NONE && l->meaning != PQ_M_INT)
			return 2;	/* dates, decimals, ...: no vector */
		out = float_room(r, row.n);
		for (size_t i = 0; i < row.n; i++)
			out[i] = int_float(l, row.p + i * (l->type ==
						PQ_T_INT32 ? 4 : 8));
		break;
	default:
		return 2;
	}
	*v = r->floats;
	*n = row.n;
	return 1;
}

/* See parquet.h. */
int
pq_reader_string(struct pq_reader *r, int k, const char **s, size_t *n)
{
	struct item *it = pending_item(r, k);
	struct pq_entry e;
	int got;

	if (!it)
		return 0;
	if (it->part >= 0) {	/* a string partition value */
		const struct partval *pv = &r->parts[it->part];
		*s = pv->text;
		*n = pv->len;
		return pv->text != NULL;
	}
	const struct pq_topfield *f = &r->foot.fields[it->field];
	if (f->shape != PQ_SHAPE_VALUE) {
		struct pq_row row;
		if (pq_colreader_row(it->col, &row, &r->err) <= 0)
			return column_failed(r, it);
		return 0;
	}
	if ((got = pq_colreader_next(it->col, &e, &r->err)) <= 0)
		return column_failed(r, it);
	if (e.def < r->foot.leaves[f->leaf].max_def ||
	    r->foot.leaves[f->leaf].type != PQ_T_BYTE_ARRAY)
		return 0;
	*s = (const char *)e.p;
	*n = e.n;
	return 1;
}

/* See parquet.h. */
int
pq_reader_skip(struct pq_reader *r, int64_t n)
{
	if (r->status)
		return -1;
	if (skip_pending(r) != 0)
		return -1;
	while (n > 0) {
		struct pq_row row;
		int k = advance(r);
		if (k <= 0)
			return k;
		if (!r->touched && n >= r->rows - r->row) {
			n -= r->rows - r->row;	/* the whole row group */
			r->row = r->rows;
			continue;
		}
		r->touched = 1;
		for (int i = 0; i < r->nitems; i++)
			if (r->items[i].col &&
			    pq_colreader_row(r->items[i].col, &row,
					     &r->err) <= 0)
				return column_failed(r, &r->items[i]);
		r->row++;
		n--;
	}
	return 1;
}

/* See parquet.h. */
void
pq_reader_leave_out(struct pq_reader *r, char **names, int n)
{
	r->leave = names;
	r->nleave = n;
}

/* See parquet.h. */
const char *
pq_reader_error(const struct pq_reader *r, int *status)
{
	*status = r->status;
	return dp_buf_cstr((struct dp_buf *)&r->err);
}

/* See parquet.h. */
const char *
pq_reader_missing(const struct pq_reader *r)
{
	for (int k = 0; k < r->ncolumns; k++)
		if (!r->found[k])
			return r->columns[k];
	return NULL;
}

/* See parquet.h. */
void
pq_reader_free(struct pq_reader *r)
{
	if (!r)
		return;
	close_file(r);
	for (size_t i = 0; i < r->nfiles; i++)
		free(r->files[i]);
	free(r->files);
	free(r->found);
	free(r->floats);
	dp_buf_free(&r->err);
	free(r);
}

/* See parquet.h. */
long long
pq_reader_count_rows(const struct pq_reader *r)
{
	long long total = 0;

	for (size_t i = 0; i < r->nfiles; i++) {
		struct pq_footer f;
		struct dp_buf why = { 0 };
		struct stat st;
		int fd = open(r->files[i], O_RDONLY | O_CLOEXEC), ok = 0;

		memset(&f, 0, sizeof f);
		if (fd >= 0 && fstat(fd, &st) == 0)
			ok = pq_footer_read(&f, fd, (uint64_t)st.st_size,
					    &why) == 0;
		if (ok)
			total += f.num_rows;
		pq_footer_free(&f);
		dp_buf_free(&why);
		if (fd >= 0)
			close(fd);
		if (!ok)
			return -1;
	}
	return total;
}

/* See parquet.h. */
void
pq_reader_stride(struct pq_reader *r, int first, int step)
{
	r->first = first;
	r->step = step;
}

/* See parquet.h. */
int64_t
pq_reader_row_number(const struct pq_reader *r)
{
	return r->file_start + r->rg_start + r->row - 1;
}
