/* SPDX-License-Identifier: MIT */
/* Fuzz target: dp-to-parquet's path from NDJSON lines to Parquet files
 * (parquet/json.c's scanner, schema parsing or inference, records to
 * column values, the writer with its partitions, row groups and memory
 * budget, the column chunk, RLE, Thrift and page codecs).
 *
 * Input: three option bytes, then the text. Byte 0: codec (bits 0-1),
 * dictionary (bit 2), schema from the text (bit 3: the text up to its
 * first NUL is a schema file, empty meaning the unified schema; else
 * the schema is inferred from the records), --strict (bit 4), partition
 * fields (bits 5-6), the 64K memory limit (bit 7). Byte 1: row-group
 * rows (low 4 bits, plus one) and page size (1 << high 4 bits). Byte
 * 2: where the search for partition fields starts. The rest: records,
 * one a line, as dp-to-parquet reads them.
 *
 * Each record is written or rejected with a reason. The files are then
 * read back by an independent reader written here: magic numbers, a
 * footer that is a well-formed Thrift struct (ascending field ids), the
 * schema's leaves, the row counts per file, row group and page, every
 * page header, decompressed body, level and value section (RLE hybrid,
 * dictionary indices in range, PLAIN values filling the page exactly),
 * null counts and chunk sizes. A partition directory name must stay one
 * path component that unescapes to the value. Record lines that would
 * name partition directories differing only in letter case are skipped
 * (the writer exits 1 for them, by design).
 *
 * The files are written under /dev/shm (or /tmp) by a stand-in for the
 * dataset directory (parquet/dataset.c, which is about renames, not
 * encoding); each run's files are checked and removed. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <snappy-c.h>
#include <zlib.h>
#include <zstd.h>

#include "parquet/parquet.h"
#include "parquet/infer.h"
#include "parquet/partition.h"
#include "parquet/record.h"
#include "parquet/schema.h"

/* A stand-in for parquet/dataset.c (whose object the linker then leaves
 * out of libdp.a): the writer's temporary files go straight into one
 * directory, `staging`, and are named by their hash when done, as the
 * real dataset names them in its staging tree. It keeps nothing from
 * one run to the next, so that each run frees all it allocates (and
 * libFuzzer's leak checks stay rare), and it checks that the hash the
 * writer gives is the file's. */
struct pq_dataset {
	char **temps;
	size_t n, cap;
	long seq;
};

static char top[256], staging[320];

/* mkdir -p of the directory part of path (below staging). */
static void
mkdirs(char *path)
{
	for (char *s = path + strlen(staging) + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(path, 0777) != 0 && errno != EEXIST)
			abort();
		*s = '/';
	}
}

/* See parquet/dataset.h. */
const char *
pq_dataset_temp(struct pq_dataset *ds, const char *rel)
{
	size_t n = strlen(staging) + strlen(rel) + 64;
	char *p = malloc(n);

	snprintf(p, n, "%s/%s%s.part-%ld.tmp", staging, rel, *rel ? "/" : "",
		 ++ds->seq);
	mkdirs(p);
	if (ds->n == ds->cap) {
		ds->cap = ds->cap ? ds->cap * 2 : 16;
		ds->temps = realloc(ds->temps, ds->cap * sizeof *ds->temps);
	}
	ds->temps[ds->n++] = p;
	return p;
}

/* See parquet/dataset.h. */
void
pq_dataset_done(struct pq_dataset *ds, const char *tmp, const char *rel,
		const char *hex)
{
	size_t n = strlen(staging) + strlen(rel) + 64;
	char *p = malloc(n), sum[33];
	struct stat sb;
	int fd = open(tmp, O_RDONLY);

	(void)ds;
	if (fd < 0 || fstat(fd, &sb) != 0)
		abort();
	char *f = malloc((size_t)sb.st_size + 1);
	if (read(fd, f, (size_t)sb.st_size) != sb.st_size)
		abort();
	close(fd);
	dp_xxh128_hex(f, (size_t)sb.st_size, sum);
	if (strcmp(sum, hex) != 0)
		abort();
	free(f);
	snprintf(p, n, "%s/%s%spart-%s.parquet", staging, rel, *rel ? "/" : "",
		 hex);
	if (rename(tmp, p) != 0)
		abort();
	free(p);
}

static void
dataset_clear(struct pq_dataset *ds)
{
	for (size_t i = 0; i < ds->n; i++)
		free(ds->temps[i]);
	free(ds->temps);
	memset(ds, 0, sizeof *ds);
}

static void
cleanup(void)
{
	rmdir(staging);
	rmdir(top);
}

static int
remove_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

/* Remove the directories left in dir by runs that ended without exit
 * handlers (a crash, a timeout): those of processes no longer alive. */
static void
remove_stale(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[512];
	long pid;

	if (!d)
		return;
	while ((e = readdir(d)))
		if (sscanf(e->d_name, "dp-fuzz-parquet-%ld", &pid) == 1 &&
		    pid > 0 && kill((pid_t)pid, 0) != 0 && errno == ESRCH) {
			snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
			nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS);
		}
	closedir(d);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	remove_stale("/dev/shm");
	remove_stale("/tmp");
	snprintf(top, sizeof top, "/dev/shm/dp-fuzz-parquet-%ld",
		 (long)getpid());
	if (mkdir(top, 0777) != 0) {
		snprintf(top, sizeof top, "/tmp/dp-fuzz-parquet-%ld",
			 (long)getpid());
		if (mkdir(top, 0777) != 0)
			abort();
	}
	snprintf(staging, sizeof staging, "%s/staging", top);
	if (mkdir(staging, 0777) != 0)
		abort();
	atexit(cleanup);
	return 0;
}

/* ---- a Thrift compact reader ---------------------------------------- */

struct tnode {
	int type;		/* compact type; booleans are 1 */
	int id;			/* field id, for struct members */
	int64_t i;		/* booleans and integers */
	const uint8_t *p;	/* binary */
	size_t n;		/* binary length, or number of kids */
	struct tnode *kid;	/* struct members or list elements */
};

struct reader {
	const uint8_t *p, *end;
	int depth;
};

static uint64_t
varint(struct reader *r)
{
	uint64_t v = 0;

	for (int shift = 0;; shift += 7) {
		if (r->p >= r->end || shift > 63)
			abort();
		uint8_t b = *r->p++;
		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return v;
	}
}

static int64_t
unzigzag(uint64_t v)
{
	return (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
}

static void read_value(struct reader *r, struct tnode *t, int type);

/* A struct: fields in ascending id order up to the stop byte. */
static void
read_struct(struct reader *r, struct tnode *t)
{
	size_t cap = 0;
	int last = 0;

	t->type = 12;
	if (++r->depth > 32)
		abort();
	for (;;) {
		if (r->p >= r->end)
			abort();
		uint8_t b = *r->p++;
		if (b == 0)
			break;
		int type = b & 15, delta = b >> 4;
		int id = delta ? last + delta : (int)unzigzag(varint(r));
		if (id <= last)
			abort();
		last = id;
		if (t->n == cap) {
			cap = cap ? cap * 2 : 8;
			t->kid = realloc(t->kid, cap * sizeof *t->kid);
		}
		struct tnode *k = &t->kid[t->n++];
		memset(k, 0, sizeof *k);
		k->id = id;
		if (type == 1 || type == 2) {
			k->type = 1;
			k->i = type == 1;
		} else {
			read_value(r, k, type);
		}
	}
	r->depth--;
}

static void
read_value(struct reader *r, struct tnode *t, int type)
{
	t->type = type;
	switch (type) {
	case 3:
		if (r->p >= r->end)
			abort();
		t->i = (int8_t)*r->p++;
		break;
	case 4: case 5: case 6:
		t->i = unzigzag(varint(r));
		break;
	case 7:
		if (r->end - r->p < 8)
			abort();
		r->p += 8;
		break;
	case 8: {
		uint64_t n = varint(r);
		if (n > (uint64_t)(r->end - r->p))
			abort();
		t->p = r->p;
		t->n = (size_t)n;
		r->p += n;
		break;
	}
	case 9: {
		if (r->p >= r->end)
			abort();
		uint8_t b = *r->p++;
		uint64_t n = b >> 4;
		int et = b & 15;
		if (n == 15)
			n = varint(r);
		if (n > (uint64_t)(r->end - r->p))
			abort();	/* every element takes a byte */
		t->n = (size_t)n;
		t->kid = calloc(n ? n : 1, sizeof *t->kid);
		for (size_t i = 0; i < n; i++)
			read_value(r, &t->kid[i], et);
		break;
	}
	case 12:
		read_struct(r, t);
		break;
	default:
		abort();	/* nothing else is written */
	}
}

static void
free_tree(struct tnode *t)
{
	for (size_t i = 0; t->kid && i < t->n; i++)
		free_tree(&t->kid[i]);
	free(t->kid);
}

/* Member `id` of struct t, or NULL. */
static const struct tnode *
get(const struct tnode *t, int id)
{
	if (!t || t->type != 12)
		return NULL;
	for (size_t i = 0; i < t->n; i++)
		if (t->kid[i].id == id)
			return &t->kid[i];
	return NULL;
}

/* Integer member `id`, which must be there. */
static int64_t
geti(const struct tnode *t, int id)
{
	const struct tnode *k = get(t, id);

	if (!k || k->type < 3 || k->type > 6)
		abort();
	return k->i;
}

/* ---- reading a file back ---------------------------------------------- */

struct leaf {
	int type, max_def, max_rep;
};

/* The leaves under schema element *i, with the levels above them. */
static void
leaves(const struct tnode *els, size_t *i, int def, int rep,
       struct leaf *out, int *nout, int max)
{
	if (*i >= els->n)
		abort();
	const struct tnode *el = &els->kid[(*i)++];
	const struct tnode *r = get(el, 3), *kids = get(el, 5);

	if (r && r->i == 2) {
		def++;
		rep++;
	} else if (r && r->i == 1) {
		def++;
	}
	if (kids) {
		if (kids->i < 1)
			abort();
		for (int64_t k = 0; k < kids->i; k++)
			leaves(els, i, def, rep, out, nout, max);
		return;
	}
	if (*nout >= max)
		abort();
	out[*nout].type = (int)geti(el, 1);
	out[*nout].max_def = def;
	out[*nout].max_rep = rep;
	(*nout)++;
}

/* Decompress a page body of exactly `want` bytes. */
static uint8_t *
inflate_page(int codec, const uint8_t *p, size_t n, size_t want)
{
	uint8_t *out = malloc(want + 1);

	switch (codec) {
	case 0:
		if (n != want)
			abort();
		memcpy(out, p, n);
		break;
	case 1: {
		size_t len;
		if (snappy_uncompressed_length((const char *)p, n, &len) !=
		    SNAPPY_OK || len != want)
			abort();
		if (snappy_uncompress((const char *)p, n, (char *)out,
				      &len) != SNAPPY_OK || len != want)
			abort();
		break;
	}
	case 2: {
		z_stream z;
		memset(&z, 0, sizeof z);
		if (inflateInit2(&z, 15 + 16) != Z_OK)
			abort();
		z.next_in = (Bytef *)(uintptr_t)p;
		z.avail_in = (uInt)n;
		z.next_out = out;
		z.avail_out = (uInt)want + 1;
		if (inflate(&z, Z_FINISH) != Z_STREAM_END ||
		    z.total_out != want || z.avail_in != 0)
			abort();
		inflateEnd(&z);
		break;
	}
	case 6:
		if (ZSTD_decompress(out, want + 1, p, n) != want)
			abort();
		break;
	default:
		abort();
	}
	return out;
}

/* Decode the RLE / bit-packed hybrid: `count` values of `width` bits
 * from p[0..n), each at most `max`, into out (or nowhere). The input
 * must end with the last value, save the padding of its group. Returns
 * the bytes used. */
static size_t
hybrid(const uint8_t *p, size_t n, int width, size_t count, uint32_t max,
       uint32_t *out)
{
	struct reader r = { p, p + n, 0 };
	size_t got = 0;

	if (width < 0 || width > 32)
		abort();
	while (got < count) {
		uint64_t h = varint(&r);
		if (h & 1) {
			uint64_t groups = h >> 1;
			if (groups == 0 ||
			    groups * (uint64_t)width > (uint64_t)(r.end - r.p))
				abort();
			for (uint64_t g = 0; g < groups; g++) {
				uint64_t acc = 0;
				int bits = 0;
				for (int k = 0; k < 8; k++) {
					while (bits < width) {
						acc |= (uint64_t)*r.p++ << bits;
						bits += 8;
					}
					uint32_t v = (uint32_t)(acc &
						(width == 32 ? 0xffffffffu
							     : (1u << width) - 1));
					acc >>= width;
					bits -= width;
					if (got < count) {
						if (v > max)
							abort();
						if (out)
							out[got] = v;
						got++;
					} else if (v != 0 || g + 1 < groups) {
						abort();	/* padding */
					}
				}
			}
		} else {
			uint64_t run = h >> 1;
			int bytes = (width + 7) / 8;
			uint32_t v = 0;
			if (run == 0 || run > count - got ||
			    (size_t)(r.end - r.p) < (size_t)bytes)
				abort();
			for (int k = 0; k < bytes; k++)
				v |= (uint32_t)*r.p++ << (8 * k);
			if (v > max)
				abort();
			for (uint64_t k = 0; k < run; k++, got++)
				if (out)
					out[got] = v;
		}
	}
	return (size_t)(r.p - p);
}

/* Check one data page body (v1): levels, then values. Returns the rows
 * it holds; adds its nulls. */
static int64_t
data_page(const uint8_t *b, size_t n, const struct leaf *lf, int64_t nvals,
	  int encoding, int64_t dict_n, int64_t *nulls)
{
	size_t at = 0, count = (size_t)nvals, present = count;
	uint32_t *lev = malloc((count + 1) * sizeof *lev);
	int64_t rows = (int64_t)count;

	for (int pass = 0; pass < 2; pass++) {
		int maxl = pass == 0 ? lf->max_rep : lf->max_def;
		if (!maxl)
			continue;
		uint32_t len;
		if (n - at < 4)
			abort();
		memcpy(&len, b + at, 4);
		at += 4;
		if (len > n - at)
			abort();
		int width = 0;
		while ((1u << width) <= (uint32_t)maxl)
			width++;
		if (hybrid(b + at, len, width, count, (uint32_t)maxl, lev) !=
		    len)
			abort();
		at += len;
		if (pass == 0) {
			rows = 0;
			if (count && lev[0] != 0)
				abort();	/* pages start rows */
			for (size_t i = 0; i < count; i++)
				rows += lev[i] == 0;
		} else {
			present = 0;
			for (size_t i = 0; i < count; i++)
				present += lev[i] == (uint32_t)maxl;
			*nulls += (int64_t)(count - present);
		}
	}
	free(lev);
	b += at;
	n -= at;
	if (encoding == 8) {		/* RLE_DICTIONARY */
		if (dict_n < 1 || n < 1 || b[0] > 32)
			abort();
		if (1 + hybrid(b + 1, n - 1, b[0], present,
			       (uint32_t)(dict_n - 1), NULL) != n)
			abort();
		return rows;
	}
	if (encoding != 0)
		abort();
	switch (lf->type) {
	case 0:
		if (n != (present + 7) / 8)
			abort();
		break;
	case 1: case 4:
		if (n != present * 4)
			abort();
		break;
	case 2: case 5:
		if (n != present * 8)
			abort();
		break;
	case 6: {
		size_t off = 0;
		for (size_t i = 0; i < present; i++) {
			uint32_t len;
			if (n - off < 4)
				abort();
			memcpy(&len, b + off, 4);
			if (len > n - off - 4)
				abort();
			off += 4 + len;
		}
		if (off != n)
			abort();
		break;
	}
	default:
		abort();
	}
	return rows;
}

/* Check a dictionary page body of dict_n PLAIN values. */
static void
dict_page(const uint8_t *b, size_t n, int type, int64_t dict_n)
{
	size_t off = 0;

	if (type == 6) {
		for (int64_t i = 0; i < dict_n; i++) {
			uint32_t len;
			if (n - off < 4)
				abort();
			memcpy(&len, b + off, 4);
			if (len > n - off - 4)
				abort();
			off += 4 + len;
		}
	} else {
		off = (size_t)dict_n * (type == 1 || type == 4 ? 4 : 8);
		if (type != 1 && type != 2 && type != 4 && type != 5)
			abort();
	}
	if (off != n)
		abort();
}

/* Check one column chunk; returns its rows. */
static int64_t
column_chunk(const uint8_t *f, size_t size, const struct tnode *cc,
	     const struct leaf *lf)
{
	const struct tnode *md = get(cc, 3), *st;
	int codec = (int)geti(md, 4);
	int64_t nvals = geti(md, 5), unc = geti(md, 6), comp = geti(md, 7);
	int64_t data_off = geti(md, 9), pos, end, rows = 0, vals = 0;
	int64_t dict_n = 0, nulls = 0, sum_unc = 0;

	if (geti(md, 1) != lf->type)
		abort();
	pos = get(md, 11) ? geti(md, 11) : data_off;
	if (pos < 4 || comp < 0 || pos > (int64_t)size - comp || pos > data_off)
		abort();
	end = pos + comp;
	while (pos < end) {
		struct reader r = { f + pos, f + end, 0 };
		struct tnode h = { 0 };
		read_struct(&r, &h);
		int64_t hlen = r.p - (f + pos);
		int type = (int)geti(&h, 1);
		int64_t usize = geti(&h, 2), csize = geti(&h, 3);
		if (usize < 0 || csize < 0 || csize > end - pos - hlen)
			abort();
		uint8_t *body = inflate_page(codec, f + pos + hlen,
					     (size_t)csize, (size_t)usize);
		if (type == 2) {		/* dictionary page */
			if (pos + hlen + csize > data_off || dict_n)
				abort();
			dict_n = geti(get(&h, 7), 1);
			if (dict_n < 1)
				abort();
			dict_page(body, (size_t)usize, lf->type, dict_n);
		} else if (type == 0) {
			const struct tnode *dh = get(&h, 5);
			int64_t nv = geti(dh, 1);
			if (nv < 1 || pos < data_off)
				abort();
			rows += data_page(body, (size_t)usize, lf, nv,
					  (int)geti(dh, 2), dict_n, &nulls);
			vals += nv;
		} else {
			abort();
		}
		free(body);
		sum_unc += hlen + usize;
		pos += hlen + csize;
		free_tree(&h);
	}
	if (pos != end || vals != nvals || sum_unc != unc)
		abort();
	st = get(md, 12);
	if (st && get(st, 3) && geti(st, 3) != nulls)
		abort();
	return rows;
}

/* Check a finished file of `want` rows with ncols leaves. */
static void
check_file(const char *path, int64_t want, int ncols)
{
	int fd = open(path, O_RDONLY);
	struct stat sb;

	if (fd < 0 || fstat(fd, &sb) != 0)
		abort();
	size_t size = (size_t)sb.st_size;
	uint8_t *f = malloc(size + 1);
	if (read(fd, f, size) != (ssize_t)size)
		abort();
	close(fd);
	if (size < 12 || memcmp(f, "PAR1", 4) || memcmp(f + size - 4, "PAR1", 4))
		abort();
	uint32_t flen;
	memcpy(&flen, f + size - 8, 4);
	if (flen > size - 12)
		abort();

	struct reader r = { f + size - 8 - flen, f + size - 8, 0 };
	struct tnode meta = { 0 };
	read_struct(&r, &meta);
	if (r.p != r.end)
		abort();
	const struct tnode *schema = get(&meta, 2), *rgs = get(&meta, 4);
	int64_t nrows = geti(&meta, 3), sum = 0;
	struct leaf lf[256];
	int nleaves = 0;
	size_t i = 0;

	if (!schema || schema->type != 9 || !rgs || rgs->type != 9)
		abort();
	leaves(schema, &i, 0, 0, lf, &nleaves, 256);
	if (i != schema->n || nleaves != ncols || nrows != want)
		abort();
	for (size_t g = 0; g < rgs->n; g++) {
		const struct tnode *rg = &rgs->kid[g], *cols = get(rg, 1);
		int64_t rows = geti(rg, 3);
		if (!cols || cols->n != (size_t)ncols || rows < 1)
			abort();
		for (int c = 0; c < ncols; c++)
			if (column_chunk(f, size, &cols->kid[c], &lf[c]) != rows)
				abort();
		sum += rows;
	}
	if (sum != nrows)
		abort();
	free_tree(&meta);
	free(f);
}

/* ---- partitions ------------------------------------------------------- */

/* Unescape text[0..n) made by escapePathName into out (n bytes room);
 * returns its length. A byte that should have been escaped aborts. */
static size_t
unescape(const char *text, size_t n, char *out)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned c = (unsigned char)text[i];
		if (c == '%') {
			const char *h1, *h2;
			if (n - i < 3 || !text[i + 1] || !text[i + 2] ||
			    !(h1 = strchr(hex, text[i + 1])) ||
			    !(h2 = strchr(hex, text[i + 2])))
				abort();
			c = (unsigned)((h1 - hex) * 16 + (h2 - hex));
			i += 2;
		} else if (c < 0x20 || c == 0x7f ||
			   strchr("\"#%'*/:=?\\{[]^", (int)c)) {
			abort();
		}
		out[k++] = (char)c;
	}
	return k;
}

/* Check a directory name made by pq_hive_dir for field `name` and value
 * s[0..n) (NULL: null): one path component of at most 255 bytes, the
 * name and the value escaped, each unescaping to what it was, and only
 * a null named as readers take for a null. */
static void
check_dir(const char *dir, size_t dn, const char *name, const char *s,
	  size_t n)
{
	const char *eq = memchr(dir, '=', dn);
	char tmp[256];
	size_t k;

	if (dn > 255 || !eq || memchr(dir, '/', dn) || memchr(dir, '\0', dn))
		abort();
	k = unescape(dir, (size_t)(eq - dir), tmp);
	if (k != strlen(name) || memcmp(tmp, name, k))
		abort();
	const char *v = eq + 1;
	size_t vn = dn - (size_t)(v - dir);
	if (!s || n == 0) {
		if (vn != strlen(PQ_HIVE_DEFAULT) ||
		    memcmp(v, PQ_HIVE_DEFAULT, vn))
			abort();
		return;
	}
	/* a value never reads back as a null: not the default name, not
	 * DuckDB's null in any case */
	if ((vn == strlen(PQ_HIVE_DEFAULT) &&
	     !strncasecmp(v, PQ_HIVE_DEFAULT, vn)) ||
	    (vn == 4 && !strncasecmp(v, "null", 4)))
		abort();
	k = unescape(v, vn, tmp);
	if (k != n || memcmp(tmp, s, n))
		abort();
}

/* The text of a partition value, as the writer makes it. */
static const char *
part_text(const struct pq_field *f, const struct pq_cell *c, char *buf,
	  size_t *n)
{
	if (!c->present)
		return NULL;
	switch (f->kind) {
	case PQ_INT32:
		*n = (size_t)snprintf(buf, 32, "%d", (int)c->v.i32);
		return buf;
	case PQ_INT64:
		*n = (size_t)snprintf(buf, 32, "%lld", (long long)c->v.i64);
		return buf;
	case PQ_BOOL:
		*n = c->v.b ? 4 : 5;
		return c->v.b ? "true" : "false";
	default:
		*n = c->n;
		return c->s;
	}
}

/* Rows expected per partition directory. */
struct expect {
	char **rel;
	int64_t *rows;
	int *seen;
	size_t n, cap;
};

static void
expect_add(struct expect *e, const char *rel)
{
	for (size_t i = 0; i < e->n; i++)
		if (!strcmp(e->rel[i], rel)) {
			e->rows[i]++;
			return;
		}
	if (e->n == e->cap) {
		e->cap = e->cap ? e->cap * 2 : 16;
		e->rel = realloc(e->rel, e->cap * sizeof *e->rel);
		e->rows = realloc(e->rows, e->cap * sizeof *e->rows);
		e->seen = realloc(e->seen, e->cap * sizeof *e->seen);
	}
	e->rel[e->n] = strdup(rel);
	e->rows[e->n] = 1;
	e->seen[e->n] = 0;
	e->n++;
}

/* The files of this run, found under the staging directory. */
static struct expect *walk_expect;
static int walk_ncols, walk_files;

static int
visit(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	if (flag == FTW_DP) {
		if (ftw->level > 0 && rmdir(path) != 0)
			abort();
		return 0;
	}
	if (flag != FTW_F)
		abort();
	const char *base = path + ftw->base;
	size_t sl = strlen(staging), rl = 0;
	char rel[4096];
	if (strncmp(path, staging, sl) || path[sl] != '/')
		abort();
	if ((size_t)ftw->base > sl + 1) {
		rl = (size_t)ftw->base - sl - 2;	/* without the '/'s */
		if (rl >= sizeof rel)
			abort();
		memcpy(rel, path + sl + 1, rl);
	}
	rel[rl] = '\0';
	/* part-<32 hex>.parquet; no temporary file is left */
	if (strlen(base) != 45 || strncmp(base, "part-", 5) ||
	    strcmp(base + 37, ".parquet") ||
	    strspn(base + 5, "0123456789abcdef") != 32)
		abort();
	size_t i;
	for (i = 0; i < walk_expect->n; i++)
		if (!strcmp(walk_expect->rel[i], rel))
			break;
	if (i == walk_expect->n || walk_expect->seen[i]++)
		abort();
	check_file(path, walk_expect->rows[i], walk_ncols);
	walk_files++;
	if (unlink(path) != 0)
		abort();
	return 0;
}

/* ---- the run ---------------------------------------------------------- */

/* The next line of text[0..n) from *at, as dp_lines cuts it, copied
 * NUL-terminated into *buf. Returns its length, or -1 at the end. */
static long
next_line(const char *text, size_t n, size_t *at, char **buf)
{
	if (*at >= n)
		return -1;
	const char *s = text + *at, *nl = memchr(s, '\n', n - *at);
	size_t len = nl ? (size_t)(nl - s) : n - *at;
	*at += len + (nl != NULL);
	if (len && s[len - 1] == '\r')
		len--;
	*buf = realloc(*buf, len + 1);
	memcpy(*buf, s, len);
	(*buf)[len] = '\0';
	return (long)len;
}

static int
blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum pq_codec codecs[] = { PQ_CODEC_NONE, PQ_CODEC_SNAPPY,
						PQ_CODEC_GZIP, PQ_CODEC_ZSTD };
	if (size < 3)
		return 0;
	const char *text = (const char *)data + 3;
	size_t n = size - 3, at = 0;
	struct pq_schema *s = NULL;
	struct dp_buf err = { 0 };
	char *line = NULL;
	long len;

	/* the schema */
	if (data[0] & 8) {
		const char *nul = memchr(text, '\0', n);
		size_t sn = nul ? (size_t)(nul - text) : n;
		if (sn == 0) {
			s = pq_schema_unified();
		} else {
			s = pq_schema_parse(text, sn, &err);
			if (!s) {
				if (!err.len)
					abort();
				dp_buf_free(&err);
				return 0;
			}
			/* the schema file format round trip */
			struct dp_buf a = { 0 }, b = { 0 };
			pq_schema_format(s, &a);
			struct pq_schema *t = pq_schema_parse(a.data, a.len,
							      &err);
			if (!t)
				abort();
			pq_schema_format(t, &b);
			if (a.len != b.len || memcmp(a.data, b.data, a.len))
				abort();
			pq_schema_free(t);
			dp_buf_free(&a);
			dp_buf_free(&b);
		}
		at = nul ? sn + 1 : n;
	} else {
		struct pq_infer *in = pq_infer_new();
		struct dp_scan json = { 0 };
		while ((len = next_line(text, n, &at, &line)) >= 0) {
			if (blank(line, (size_t)len))
				continue;
			if (dp_scan_line_lax(&json, line, (size_t)len) != 0)
				continue;
			pq_infer_record(in, &json);
		}
		s = pq_infer_schema(in);
		pq_infer_free(in);
		dp_scan_free(&json);
		at = 0;
		if (s->n == 0) {	/* dp-to-parquet stops here */
			pq_schema_free(s);
			free(line);
			return 0;
		}
	}

	/* the options */
	struct pq_writer_opts o = { 0 };
	int parts[3], npart = 0;
	o.codec = codecs[data[0] & 3];
	o.dictionary = (data[0] & 4) != 0;
	o.row_group_rows = (data[1] & 15) + 1;
	o.page_size = (size_t)1 << (data[1] >> 4);
	o.memory_limit = (data[0] & 128) ? 65536 : 256LL << 20;
	for (int k = 0; k < s->n && npart < ((data[0] >> 5) & 3) &&
			npart < s->n - 1; k++) {
		const struct pq_field *f = &s->fields[(data[2] + k) % s->n];
		if (!f->list && (f->kind == PQ_STRING || f->kind == PQ_INT32 ||
				 f->kind == PQ_INT64 || f->kind == PQ_BOOL))
			parts[npart++] = (data[2] + k) % s->n;
	}
	o.partition_by = parts;
	o.npartition = npart;

	/* the records */
	struct pq_record *rec;
	struct pq_dataset ds = { 0 };
	struct pq_writer *w = pq_writer_new(s, &o, &ds);
	struct pq_dirset *dirs = pq_dirset_new();
	struct expect want = { 0 };
	struct dp_buf key = { 0 };
	long long lineno = 0;

	rec = pq_record_new(s, (data[0] & 16) != 0);
	if (!npart) {		/* one file, even without rows */
		expect_add(&want, "");
		want.rows[0] = 0;
	}
	while ((len = next_line(text, n, &at, &line)) >= 0) {
		lineno++;
		if (blank(line, (size_t)len))
			continue;
		if (pq_record_read(rec, line, (size_t)len, "fuzz",
				   lineno) != 0) {
			if (!rec->err.len)
				abort();
			continue;
		}
		/* the partition directory, checked and case-checked here */
		int too_long = 0;
		key.len = 0;
		for (int k = 0; k < npart; k++) {
			const struct pq_field *f = &s->fields[parts[k]];
			char buf[32];
			size_t vn = 0, before;
			const char *v = part_text(f, &rec->cells[parts[k]], buf,
						  &vn);
			if (k)
				dp_buf_addc(&key, '/');
			before = key.len;
			if (pq_hive_dir(&key, f->name, v, vn) != 0) {
				too_long = 1;
				break;
			}
			check_dir(key.data + before, key.len - before, f->name,
				  v, vn);
		}
		const char *other;
		size_t plen;
		if (!too_long && npart &&
		    pq_dirset_add(dirs, key.data, key.len, &other, &plen) != 0)
			continue;	/* the writer would exit 1 */
		err.len = 0;
		if (pq_writer_add(w, rec, &err) != 0) {
			if (!too_long || !err.len)
				abort();
			continue;
		}
		if (too_long)
			abort();
		expect_add(&want, npart ? dp_buf_cstr(&key) : "");
	}
	pq_writer_finish(w);

	/* read back every file */
	walk_expect = &want;
	walk_ncols = s->n - npart;
	walk_files = 0;
	if (nftw(staging, visit, 16, FTW_DEPTH | FTW_PHYS) != 0)
		abort();
	if (walk_files != (int)(npart ? want.n : 1))
		abort();
	for (size_t i = 0; i < want.n; i++)
		if (!want.seen[i])
			abort();

	for (size_t i = 0; i < want.n; i++)
		free(want.rel[i]);
	free(want.rel);
	free(want.rows);
	free(want.seen);
	dp_buf_free(&key);
	dp_buf_free(&err);
	pq_dirset_free(dirs);
	pq_record_free(rec);
	pq_writer_free(w);
	dataset_clear(&ds);
	pq_schema_free(s);
	free(line);
	return 0;
}
