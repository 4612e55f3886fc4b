/* SPDX-License-Identifier: MIT */
/* Unit tests of the Parquet metadata reader: the Thrift compact decoder
 * against the encoder (values, extremes, long-form ids, skipping, bad
 * and truncated input, nesting and count bombs), FileMetaData built by
 * hand for each schema shape and annotation and for each kind of
 * inconsistency, page headers, and the footer of a file dp-to-parquet
 * writes. */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dp.h"
#include "parquet/footer.h"
#include "parquet/thrift.h"
#include "parquet/thrift_read.h"
#include "unit.h"

/* ---- the Thrift decoder --------------------------------------------- */

/* A struct of every kind of value the encoder writes, with a double
 * and a bool list added by hand. */
static void
encode_sample(struct dp_buf *b)
{
	struct pq_thrift t;

	pq_thrift_init(&t, b);
	pq_thrift_i8(&t, 1, -128);
	pq_thrift_i8(&t, 2, 127);
	pq_thrift_i16(&t, 3, INT16_MIN);
	pq_thrift_i32(&t, 4, INT32_MIN);
	pq_thrift_i32(&t, 5, INT32_MAX);
	pq_thrift_i64(&t, 6, INT64_MIN);
	pq_thrift_i64(&t, 7, INT64_MAX);
	pq_thrift_bool(&t, 8, 1);
	pq_thrift_bool(&t, 9, 0);
	pq_thrift_string(&t, 10, "hello");
	pq_thrift_i32(&t, 100, -1);		/* long-form id */
	pq_thrift_i64(&t, 30000, 300);		/* long-form id */
	pq_thrift_begin(&t, 30001);		/* nested struct */
	pq_thrift_i32(&t, 1, 7);
	pq_thrift_empty(&t, 2);
	pq_thrift_end(&t);
	pq_thrift_list(&t, 30002, PQ_CT_I32, 20);	/* long list header */
	for (int i = 0; i < 20; i++)
		pq_thrift_elem_i32(&t, i - 10);
	pq_thrift_list(&t, 30003, PQ_CT_STRUCT, 2);
	for (int i = 0; i < 2; i++) {
		pq_thrift_push(&t);
		pq_thrift_string(&t, 1, i ? "b" : "a");
		pq_thrift_end(&t);
	}
	pq_thrift_field(&t, 30004, PQ_CT_DOUBLE);
	dp_buf_add(b, "\0\0\0\0\0\0\xf8\x3f", 8);	/* 1.5 */
	pq_thrift_list(&t, 30005, PQ_CT_TRUE, 3);
	dp_buf_add(b, "\1\2\1", 3);
	pq_thrift_end(&t);
}

/* Decode encode_sample's struct; 1 if every value is as written. */
static int
decode_sample(const struct dp_buf *b, int *used_all)
{
	struct pq_tread r;
	int id, type, elem, ok = 1;
	size_t n;
	const unsigned char *s;

	pq_tread_init(&r, b->data, b->len);
	pq_tread_begin(&r);
	while (pq_tread_field(&r, &id, &type)) {
		switch (id) {
		case 1: ok &= pq_tread_int(&r, type) == -128; break;
		case 2: ok &= pq_tread_int(&r, type) == 127; break;
		case 3: ok &= pq_tread_int(&r, type) == INT16_MIN; break;
		case 4: ok &= pq_tread_int(&r, type) == INT32_MIN; break;
		case 5: ok &= pq_tread_int(&r, type) == INT32_MAX; break;
		case 6: ok &= pq_tread_int(&r, type) == INT64_MIN; break;
		case 7: ok &= pq_tread_int(&r, type) == INT64_MAX; break;
		case 8: ok &= type == PQ_CT_TRUE; break;
		case 9: ok &= type == PQ_CT_FALSE; break;
		case 10:
			s = pq_tread_binary(&r, &n);
			ok &= n == 5 && memcmp(s, "hello", 5) == 0;
			break;
		case 100: ok &= pq_tread_int(&r, type) == -1; break;
		case 30000: ok &= pq_tread_int(&r, type) == 300; break;
		case 30001:
			ok &= type == PQ_CT_STRUCT;
			pq_tread_begin(&r);
			ok &= pq_tread_field(&r, &id, &type) && id == 1 &&
			      pq_tread_int(&r, type) == 7;
			ok &= pq_tread_field(&r, &id, &type) && id == 2 &&
			      type == PQ_CT_STRUCT;
			pq_tread_skip(&r, type);
			ok &= !pq_tread_field(&r, &id, &type);
			break;
		case 30002:
			ok &= pq_tread_list(&r, &elem) == 20 &&
			      elem == PQ_CT_I32;
			for (int i = 0; i < 20; i++)
				ok &= pq_tread_int(&r, elem) == i - 10;
			break;
		case 30003:
			ok &= pq_tread_list(&r, &elem) == 2 &&
			      elem == PQ_CT_STRUCT;
			pq_tread_skip(&r, elem);
			pq_tread_begin(&r);
			ok &= pq_tread_field(&r, &id, &type) && id == 1;
			s = pq_tread_binary(&r, &n);
			ok &= n == 1 && *s == 'b';
			ok &= !pq_tread_field(&r, &id, &type);
			break;
		case 30004:
			ok &= type == PQ_CT_DOUBLE && pq_tread_double(&r) == 1.5;
			break;
		case 30005:
			ok &= pq_tread_list(&r, &elem) == 3 &&
			      elem == PQ_CT_TRUE;
			ok &= pq_tread_int(&r, PQ_CT_I8) == 1 &&
			      pq_tread_int(&r, PQ_CT_I8) == 2 &&
			      pq_tread_int(&r, PQ_CT_I8) == 1;
			break;
		default:
			ok = 0;
			break;
		}
	}
	*used_all = pq_tread_used(&r, b->data) == b->len;
	return ok && !r.err && r.depth == 0;
}

/* Skip a whole struct at p[0..n): 1 if that works, using exactly n
 * bytes. The bytes are copied to a buffer of exactly n so that the
 * sanitizers see a read past them. */
static int
skips_cleanly(const void *p, size_t n)
{
	unsigned char *copy = malloc(n ? n : 1);
	struct pq_tread r;
	int ok;

	memcpy(copy, p, n);
	pq_tread_init(&r, copy, n);
	pq_tread_skip(&r, PQ_CT_STRUCT);
	ok = !r.err && pq_tread_used(&r, copy) == n;
	free(copy);
	return ok;
}

static void
test_thrift_values(void)
{
	struct dp_buf b = { 0 };
	int used_all, truncated_ok = 1;

	encode_sample(&b);
	CHECK("thrift: every value decodes as encoded",
	      decode_sample(&b, &used_all));
	CHECK("thrift: decoding uses every byte", used_all);
	CHECK("thrift: skipping uses every byte", skips_cleanly(b.data, b.len));
	for (size_t k = 0; k < b.len; k++)
		if (skips_cleanly(b.data, k))
			truncated_ok = 0;
	CHECK("thrift: every truncation fails", truncated_ok);
	dp_buf_free(&b);
}

/* Run the bytes p[0..n) through a struct skip; the error, or NULL. */
static const char *
skip_error(const char *p, size_t n)
{
	struct pq_tread r;

	pq_tread_init(&r, p, n);
	pq_tread_skip(&r, PQ_CT_STRUCT);
	return r.err;
}

/* Read field 1 as an integer from p[0..n): the value, *ok 1 if no
 * error. */
static int64_t
int_field(const char *p, size_t n, int *ok)
{
	struct pq_tread r;
	int id, type;
	int64_t v = 0;

	pq_tread_init(&r, p, n);
	pq_tread_begin(&r);
	if (pq_tread_field(&r, &id, &type))
		v = pq_tread_int(&r, type);
	*ok = !r.err;
	return v;
}

static void
test_thrift_bad(void)
{
	char bomb[4096];
	int ok;
	int64_t v;

	/* varints: ten bytes at most, the tenth with one bit */
	v = int_field("\x16\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 11, &ok);
	CHECK("thrift: ten-byte varint", ok && v == INT64_MIN);
	int_field("\x16\xff\xff\xff\xff\xff\xff\xff\xff\xff\x02", 11, &ok);
	CHECK("thrift: varint past 64 bits fails", !ok);
	int_field("\x16\xff\xff\xff\xff\xff\xff\xff\xff\xff\x81\x00", 12, &ok);
	CHECK("thrift: eleven-byte varint fails", !ok);
	int_field("\x15\x80\x80\x80\x80\x10", 6, &ok);	/* 2^31 as I32 */
	CHECK("thrift: I32 out of range fails", !ok);
	v = int_field("\x13\xfe", 2, &ok);
	CHECK("thrift: I8 is one byte", ok && v == -2);
	int_field("\x18\x01", 2, &ok);			/* BINARY as an int */
	CHECK("thrift: a string read as an int fails", !ok);

	CHECK("thrift: unknown field type fails",
	      skip_error("\x1d\x00", 2) != NULL);
	CHECK("thrift: a type nibble 0 fails", skip_error("\x10\x00", 2) != NULL);
	CHECK("thrift: a list of an unknown type fails",
	      skip_error("\x19\x1e\x00\x00", 4) != NULL);
	CHECK("thrift: a long-form field id out of range fails",
	      skip_error("\x05\x80\x80\x04\x00\x00", 6) != NULL);
	CHECK("thrift: a string past the end fails",
	      skip_error("\x18\x05" "ab", 4) != NULL);
	CHECK("thrift: a map skips",
	      skip_error("\x1b\x02\x55\x02\x04\x06\x08\x00", 8) == NULL);
	CHECK("thrift: an empty map skips", skip_error("\x1b\x00\x00", 3) == NULL);
	CHECK("thrift: a set skips", skip_error("\x1a\x25\x02\x04\x00", 5) == NULL);
	CHECK("thrift: a map longer than the bytes fails",
	      skip_error("\x1b\xff\xff\x03\x55\x00", 6) != NULL);

	/* a list count of a billion in a few bytes */
	CHECK("thrift: huge list count fails",
	      skip_error("\x19\xf5\x80\x94\xeb\xdc\x03\x00", 8) != NULL);
	CHECK("thrift: list count one past the bytes fails",
	      skip_error("\x19\x45\x02\x02\x00", 5) != NULL);

	/* structs in structs, and lists in lists, 4000 deep */
	memset(bomb, 0x1c, sizeof bomb);
	CHECK("thrift: struct depth bomb fails",
	      skip_error(bomb, sizeof bomb) != NULL);
	memset(bomb, 0x19, sizeof bomb);
	CHECK("thrift: list depth bomb fails",
	      skip_error(bomb, sizeof bomb) != NULL);
	memset(bomb, 0x1c, 15);
	memset(bomb + 15, 0, 16);
	CHECK("thrift: 16 levels of structs are fine",
	      skip_error(bomb, 31) == NULL);
	memset(bomb, 0x1c, 16);
	memset(bomb + 16, 0, 17);
	CHECK("thrift: 17 levels of structs fail", skip_error(bomb, 33) != NULL);
}

/* ---- FileMetaData built by hand --------------------------------------- */

enum { REQ = 0, OPT = 1, REP = 2, NONE = -1 };

/* Open a SchemaElement with the fields given (NONE: absent); the caller
 * adds scale, precision or a logical type and closes it. */
static void
elem_open(struct pq_thrift *t, int type, int rep, const char *name, int kids,
	  int converted)
{
	pq_thrift_push(t);
	if (type != NONE)
		pq_thrift_i32(t, 1, type);
	if (rep != NONE)
		pq_thrift_i32(t, 3, rep);
	pq_thrift_string(t, 4, name);
	if (kids != NONE)
		pq_thrift_i32(t, 5, kids);
	if (converted != NONE)
		pq_thrift_i32(t, 6, converted);
}

/* A whole SchemaElement without a logical type. */
static void
elem(struct pq_thrift *t, int type, int rep, const char *name, int kids,
     int converted)
{
	elem_open(t, type, rep, name, kids, converted);
	pq_thrift_end(t);
}

/* A column chunk description for chunk(). */
struct chunkdesc {
	const char *path;	/* dotted */
	int type;
	int64_t num_values, data, dict, length;	/* dict 0: none */
	const char *file_path;
};

/* A ColumnChunk with its ColumnMetaData. */
static void
chunk(struct pq_thrift *t, const struct chunkdesc *c)
{
	char part[64];
	const char *p, *dot;
	size_t n = 1;

	for (p = c->path; (p = strchr(p, '.')); p++)
		n++;
	pq_thrift_push(t);
	if (c->file_path)
		pq_thrift_string(t, 1, c->file_path);
	pq_thrift_i64(t, 2, 0);
	pq_thrift_begin(t, 3);
	pq_thrift_i32(t, 1, c->type);
	pq_thrift_list(t, 2, PQ_CT_I32, 1);
	pq_thrift_elem_i32(t, 0);
	pq_thrift_list(t, 3, PQ_CT_BINARY, n);
	for (p = c->path; p; p = dot ? dot + 1 : NULL) {
		dot = strchr(p, '.');
		size_t len = dot ? (size_t)(dot - p) : strlen(p);
		memcpy(part, p, len);
		part[len] = '\0';
		pq_thrift_elem_string(t, part);
	}
	pq_thrift_i32(t, 4, 1);
	pq_thrift_i64(t, 5, c->num_values);
	pq_thrift_i64(t, 6, c->length);
	pq_thrift_i64(t, 7, c->length);
	pq_thrift_i64(t, 9, c->data);
	if (c->dict)
		pq_thrift_i64(t, 11, c->dict);
	pq_thrift_end(t);
	pq_thrift_end(t);
}

/* Begin FileMetaData: version, then the schema list of n elements
 * (the caller writes them). */
static void
meta_begin(struct pq_thrift *t, struct dp_buf *b, size_t n)
{
	b->len = 0;
	pq_thrift_init(t, b);
	pq_thrift_i32(t, 1, 1);
	pq_thrift_list(t, 2, PQ_CT_STRUCT, n);
}

/* After the schema: num_rows, one row group of these chunks, the
 * created_by and one key/value pair, the end. */
static void
meta_end(struct pq_thrift *t, int64_t rows, const struct chunkdesc *c,
	 int nc)
{
	pq_thrift_i64(t, 3, rows);
	pq_thrift_list(t, 4, PQ_CT_STRUCT, 1);
	pq_thrift_push(t);
	pq_thrift_list(t, 1, PQ_CT_STRUCT, (size_t)nc);
	for (int i = 0; i < nc; i++)
		chunk(t, &c[i]);
	pq_thrift_i64(t, 2, 100);
	pq_thrift_i64(t, 3, rows);
	pq_thrift_end(t);
	pq_thrift_list(t, 5, PQ_CT_STRUCT, 1);
	pq_thrift_push(t);
	pq_thrift_string(t, 1, "k");
	pq_thrift_string(t, 2, "v");
	pq_thrift_end(t);
	pq_thrift_string(t, 6, "unit test");
	pq_thrift_end(t);
}

/* The file size that puts the data area at [4, 4 + data). */
static uint64_t
size_for(const struct dp_buf *meta, uint64_t data)
{
	return 4 + data + meta->len + 8;
}

/* Parse b into f for a data area of `data` bytes: 0 or -1, the error
 * message in err. Parsed from an exact-size copy. */
static int
parse(struct pq_footer *f, const struct dp_buf *b, uint64_t data,
      struct dp_buf *err)
{
	void *copy = malloc(b->len ? b->len : 1);
	int rc;

	memcpy(copy, b->data, b->len);
	rc = pq_footer_parse(f, copy, b->len, size_for(b, data), err);
	free(copy);
	return rc;
}

/* A leaf's index by path, or -1. */
static int
leaf_at(const struct pq_footer *f, const char *path)
{
	for (int i = 0; i < f->nleaves; i++)
		if (strcmp(f->leaves[i].path, path) == 0)
			return i;
	return -1;
}

/* A schema of every shape: a primitive, the 3-level list, both legacy
 * 2-level lists, a bare repeated field, a map, a struct, a list of
 * lists, a list of structs. */
static void
test_shapes(void)
{
	struct dp_buf b = { 0 }, err = { 0 };
	struct pq_thrift t;
	struct pq_footer f;
	static const struct chunkdesc c[] = {
		{ "id", 2, 10, 4, 0, 10, NULL },
		{ "tags.list.element", 6, 10, 14, 0, 10, NULL },
		{ "legacy.array.item", 1, 10, 24, 0, 10, NULL },
		{ "bare2.bare2_elem", 1, 10, 34, 0, 10, NULL },
		{ "rep", 1, 10, 44, 0, 10, NULL },
		{ "m.key_value.key", 6, 10, 54, 0, 10, NULL },
		{ "m.key_value.value", 1, 10, 64, 0, 10, NULL },
		{ "s.x", 1, 10, 74, 0, 10, NULL },
		{ "ll.list.element.list.element", 1, 10, 84, 0, 10, NULL },
		{ "ls.list.element.a", 1, 10, 94, 0, 10, NULL },
		{ "ls.list.element.b", 1, 10, 104, 0, 10, NULL },
	};
	int i;

	meta_begin(&t, &b, 27);
	elem(&t, NONE, NONE, "schema", 9, NONE);
	elem(&t, 2, REQ, "id", NONE, NONE);
	/* optional group tags (LIST) { repeated group list {
	 *   optional binary element (STRING) } } */
	elem_open(&t, NONE, OPT, "tags", 1, 3);
	pq_thrift_begin(&t, 10);
	pq_thrift_empty(&t, 3);
	pq_thrift_end(&t);
	pq_thrift_end(&t);
	elem(&t, NONE, REP, "list", 1, NONE);
	elem(&t, 6, OPT, "element", NONE, 0);
	/* required group legacy (LIST) { repeated group array {
	 *   required int32 item } } */
	elem(&t, NONE, REQ, "legacy", 1, 3);
	elem(&t, NONE, REP, "array", 1, NONE);
	elem(&t, 1, REQ, "item", NONE, NONE);
	/* optional group bare2 (LIST) { repeated int32 bare2_elem } */
	elem(&t, NONE, OPT, "bare2", 1, 3);
	elem(&t, 1, REP, "bare2_elem", NONE, NONE);
	/* repeated int32 rep */
	elem(&t, 1, REP, "rep", NONE, NONE);
	/* optional group m (MAP) { repeated group key_value {
	 *   required binary key; optional int32 value } } */
	elem(&t, NONE, OPT, "m", 1, 1);
	elem(&t, NONE, REP, "key_value", 2, NONE);
	elem(&t, 6, REQ, "key", NONE, 0);
	elem(&t, 1, OPT, "value", NONE, NONE);
	/* optional group s { optional int32 x } */
	elem(&t, NONE, OPT, "s", 1, NONE);
	elem(&t, 1, OPT, "x", NONE, NONE);
	/* a list of lists */
	elem(&t, NONE, OPT, "ll", 1, 3);
	elem(&t, NONE, REP, "list", 1, NONE);
	elem(&t, NONE, OPT, "element", 1, 3);
	elem(&t, NONE, REP, "list", 1, NONE);
	elem(&t, 1, OPT, "element", NONE, NONE);
	/* a list of structs */
	elem(&t, NONE, OPT, "ls", 1, 3);
	elem(&t, NONE, REP, "list", 1, NONE);
	elem(&t, NONE, OPT, "element", 2, NONE);
	elem(&t, 1, OPT, "a", NONE, NONE);
	elem(&t, 1, OPT, "b", NONE, NONE);
	meta_end(&t, 10, c, 11);

	CHECK("shapes: parse", parse(&f, &b, 200, &err) == 0);
	if (err.len)
		printf("  %s\n", dp_buf_cstr(&err));
	CHECK("shapes: 11 leaves, 9 fields", f.nleaves == 11 && f.nfields == 9);
	if (f.nleaves != 11 || f.nfields != 9) {
		pq_footer_free(&f);
		dp_buf_free(&b);
		dp_buf_free(&err);
		return;
	}
	CHECK("shapes: rows, created_by, key/value",
	      f.num_rows == 10 && f.created_by &&
	      !strcmp(f.created_by, "unit test") && f.nkv == 1 &&
	      !strcmp(f.kv_keys[0], "k") && !strcmp(f.kv_values[0], "v"));
	for (i = 0; i < 11; i++)
		if (strcmp(f.leaves[i].path, c[i].path) != 0)
			break;
	CHECK("shapes: leaf paths in order", i == 11);

	CHECK_STR("shapes: field 0 name", f.fields[0].name, "id");
	CHECK("shapes: primitive is VALUE",
	      f.fields[0].shape == PQ_SHAPE_VALUE && !f.fields[0].optional &&
	      f.leaves[0].max_def == 0 && f.leaves[0].max_rep == 0);
	CHECK("shapes: 3-level list",
	      f.fields[1].shape == PQ_SHAPE_LIST && f.fields[1].optional &&
	      f.fields[1].elem_optional && f.fields[1].leaf == 1 &&
	      f.fields[1].nleaves == 1 && f.leaves[1].max_def == 3 &&
	      f.leaves[1].max_rep == 1 && f.leaves[1].meaning == PQ_M_STRING &&
	      f.leaves[1].field == 1);
	CHECK("shapes: 2-level list of repeated group array",
	      f.fields[2].shape == PQ_SHAPE_LIST && !f.fields[2].optional &&
	      !f.fields[2].elem_optional && f.leaves[2].max_def == 1 &&
	      f.leaves[2].max_rep == 1);
	CHECK("shapes: 2-level list of repeated leaf",
	      f.fields[3].shape == PQ_SHAPE_LIST && f.fields[3].optional &&
	      !f.fields[3].elem_optional && f.leaves[3].max_def == 2 &&
	      f.leaves[3].max_rep == 1);
	CHECK("shapes: bare repeated is LIST",
	      f.fields[4].shape == PQ_SHAPE_LIST && !f.fields[4].optional &&
	      f.leaves[4].max_def == 1 && f.leaves[4].max_rep == 1);
	CHECK("shapes: map is NESTED",
	      f.fields[5].shape == PQ_SHAPE_NESTED && f.fields[5].leaf == 5 &&
	      f.fields[5].nleaves == 2 && f.leaves[5].max_def == 2 &&
	      f.leaves[6].max_def == 3 && f.leaves[6].max_rep == 1 &&
	      f.leaves[6].field == 5);
	CHECK("shapes: struct is NESTED",
	      f.fields[6].shape == PQ_SHAPE_NESTED && f.leaves[7].max_def == 2);
	CHECK("shapes: list of lists is NESTED",
	      f.fields[7].shape == PQ_SHAPE_NESTED && f.leaves[8].max_def == 5 &&
	      f.leaves[8].max_rep == 2);
	CHECK("shapes: list of structs is NESTED",
	      f.fields[8].shape == PQ_SHAPE_NESTED && f.fields[8].nleaves == 2);
	CHECK("shapes: one row group of 11 chunks",
	      f.nrowgroups == 1 && f.rowgroups[0].num_rows == 10 &&
	      f.rowgroups[0].chunks[10].start == 104 &&
	      f.rowgroups[0].chunks[10].length == 10 &&
	      f.rowgroups[0].chunks[10].codec == 1 &&
	      f.rowgroups[0].chunks[10].num_values == 10);
	pq_footer_free(&f);
	CHECK("shapes: free leaves the struct zeroed",
	      f.leaves == NULL && f.nleaves == 0 && f.rowgroups == NULL);
	pq_footer_free(&f);	/* twice is fine */
	dp_buf_free(&b);
	dp_buf_free(&err);
}

/* One leaf `x` of type `type` (FIXED of length 16 when type is 7), the
 * converted type `converted` and a LogicalType member `logical` (0:
 * none) with the parameters given; parsed into f. */
static int
one_leaf(struct pq_footer *f, struct dp_buf *err, int type, int converted,
	 int logical, int p1, int p2)
{
	struct dp_buf b = { 0 };
	struct pq_thrift t;
	struct chunkdesc c = { "x", type, 1, 4, 0, 10, NULL };
	int rc;

	meta_begin(&t, &b, 2);
	elem(&t, NONE, NONE, "schema", 1, NONE);
	pq_thrift_push(&t);
	pq_thrift_i32(&t, 1, type);
	if (type == 7)
		pq_thrift_i32(&t, 2, p1 == 2 ? 2 : 16);
	pq_thrift_i32(&t, 3, OPT);
	pq_thrift_string(&t, 4, "x");
	if (converted != NONE)
		pq_thrift_i32(&t, 6, converted);
	if (converted == 5) {
		pq_thrift_i32(&t, 7, p1);
		pq_thrift_i32(&t, 8, p2);
	}
	if (logical) {
		pq_thrift_begin(&t, 10);
		pq_thrift_begin(&t, logical);
		if (logical == 5) {		/* DECIMAL */
			pq_thrift_i32(&t, 1, p1);
			pq_thrift_i32(&t, 2, p2);
		} else if (logical == 7 || logical == 8) {
			pq_thrift_bool(&t, 1, p2);
			pq_thrift_begin(&t, 2);
			if (p1)
				pq_thrift_empty(&t, p1);
			pq_thrift_end(&t);
		} else if (logical == 10) {
			pq_thrift_i8(&t, 1, (int8_t)p1);
			pq_thrift_bool(&t, 2, p2);
		}
		pq_thrift_end(&t);
		pq_thrift_end(&t);
	}
	pq_thrift_end(&t);
	meta_end(&t, 1, &c, 1);
	rc = parse(f, &b, 10, err);
	dp_buf_free(&b);
	return rc;
}

static void
test_meanings(void)
{
	struct dp_buf err = { 0 };
	struct pq_footer f;
	const struct pq_leaf *l;

#define LEAF(name, type, conv, lt, p1, p2, cond) do { \
	int rc_ = one_leaf(&f, &err, type, conv, lt, p1, p2); \
	l = rc_ == 0 ? &f.leaves[0] : NULL; \
	CHECK("meaning: " name, l && (cond)); \
	if (rc_) printf("  %s\n", dp_buf_cstr(&err)); \
	pq_footer_free(&f); \
} while (0)

	LEAF("plain int64", 2, NONE, 0, 0, 0, l->meaning == PQ_M_NONE);
	LEAF("converted UTF8", 6, 0, 0, 0, 0, l->meaning == PQ_M_STRING);
	LEAF("converted ENUM", 6, 4, 0, 0, 0, l->meaning == PQ_M_STRING);
	LEAF("logical JSON", 6, NONE, 12, 0, 0, l->meaning == PQ_M_STRING);
	LEAF("converted BSON", 6, 20, 0, 0, 0, l->meaning == PQ_M_OTHER);
	LEAF("converted DECIMAL", 2, 5, 0, 2, 10,
	     l->meaning == PQ_M_DECIMAL && l->scale == 2 &&
	     l->precision == 10);
	LEAF("logical DECIMAL on FIXED", 7, NONE, 5, 3, 30,
	     l->meaning == PQ_M_DECIMAL && l->scale == 3 &&
	     l->precision == 30 && l->type_length == 16);
	LEAF("converted DATE", 1, 6, 0, 0, 0, l->meaning == PQ_M_DATE);
	LEAF("converted TIME_MILLIS", 1, 7, 0, 0, 0,
	     l->meaning == PQ_M_TIME && l->unit == PQ_MILLIS);
	LEAF("logical TIME NANOS", 2, NONE, 7, 3, 0,
	     l->meaning == PQ_M_TIME && l->unit == PQ_NANOS && !l->utc);
	LEAF("converted TIMESTAMP_MILLIS", 2, 9, 0, 0, 0,
	     l->meaning == PQ_M_TIMESTAMP && l->unit == PQ_MILLIS && l->utc);
	LEAF("logical TIMESTAMP wins over converted", 2, 10, 8, 3, 0,
	     l->meaning == PQ_M_TIMESTAMP && l->unit == PQ_NANOS && !l->utc);
	LEAF("logical TIMESTAMP MICROS UTC", 2, NONE, 8, 2, 1,
	     l->meaning == PQ_M_TIMESTAMP && l->unit == PQ_MICROS && l->utc);
	LEAF("INT96 is a TIMESTAMP of nanoseconds", 3, NONE, 0, 0, 0,
	     l->meaning == PQ_M_TIMESTAMP && l->unit == PQ_NANOS);
	LEAF("converted UINT_16", 1, 12, 0, 0, 0,
	     l->meaning == PQ_M_INT && l->bits == 16 && !l->is_signed);
	LEAF("converted INT_64", 2, 18, 0, 0, 0,
	     l->meaning == PQ_M_INT && l->bits == 64 && l->is_signed);
	LEAF("logical INTEGER(8, signed)", 1, NONE, 10, 8, 1,
	     l->meaning == PQ_M_INT && l->bits == 8 && l->is_signed);
	LEAF("logical UUID", 7, NONE, 14, 0, 0, l->meaning == PQ_M_UUID);
	LEAF("logical FLOAT16", 7, NONE, 15, 2, 0, l->meaning == PQ_M_FLOAT16);
	LEAF("logical type from the future", 6, NONE, 20, 0, 0,
	     l->meaning == PQ_M_OTHER);
	LEAF("optional leaf levels", 5, NONE, 0, 0, 0,
	     l->max_def == 1 && l->max_rep == 0);
#undef LEAF

#define MISFIT(name, type, conv, lt, p1, p2, want) do { \
	int rc_ = one_leaf(&f, &err, type, conv, lt, p1, p2); \
	CHECK("misfit: " name, rc_ != 0 && strstr(dp_buf_cstr(&err), want)); \
	if (rc_ == 0 || !strstr(err.data, want)) \
		printf("  got: %s\n", err.len ? err.data : "(none)"); \
	pq_footer_free(&f); \
} while (0)

	MISFIT("DATE on BYTE_ARRAY", 6, 6, 0, 0, 0,
	       "column 'x' (BYTE_ARRAY): a DATE annotation needs INT32");
	MISFIT("STRING on INT32", 1, 0, 0, 0, 0, "a STRING annotation");
	MISFIT("scale above precision", 2, 5, 0, 5, 3, "precision or scale");
	MISFIT("TIMESTAMP without unit", 2, NONE, 8, 0, 1, "without a unit");
	MISFIT("TIME MILLIS on INT64", 2, NONE, 7, 1, 1, "TIME annotation");
	MISFIT("INTEGER(7)", 1, NONE, 10, 7, 1, "bit width");
	MISFIT("INTEGER(64) on INT32", 1, NONE, 10, 64, 1, "INTEGER");
	MISFIT("UUID of 2 bytes", 7, NONE, 14, 2, 0, "UUID");
	dp_buf_free(&err);
}

/* A two-leaf schema (required int64 a, optional binary b) with chunks
 * c[0..1], parsed with a data area of 100 bytes. */
static int
two_leaves(struct pq_footer *f, struct dp_buf *err, const struct chunkdesc *c,
	   int nc)
{
	struct dp_buf b = { 0 };
	struct pq_thrift t;
	int rc;

	meta_begin(&t, &b, 3);
	elem(&t, NONE, NONE, "schema", 2, NONE);
	elem(&t, 2, REQ, "a", NONE, NONE);
	elem(&t, 6, OPT, "b", NONE, 0);
	meta_end(&t, 5, c, nc);
	rc = parse(f, &b, 100, err);
	dp_buf_free(&b);
	return rc;
}

static void
test_chunks(void)
{
	struct dp_buf err = { 0 };
	struct pq_footer f;
	struct chunkdesc c[2] = {
		{ "a", 2, 5, 50, 4, 46, NULL },	/* dictionary at 4 */
		{ "b", 6, 5, 50, 0, 54, NULL },	/* ends at the footer */
	};

	CHECK("chunks: parse", two_leaves(&f, &err, c, 2) == 0);
	CHECK("chunks: start at the dictionary",
	      f.nrowgroups == 1 && f.rowgroups[0].chunks[0].start == 4 &&
	      f.rowgroups[0].chunks[1].start == 50);
	pq_footer_free(&f);
	c[0].dict = 60;			/* after the data page: ignored */
	c[0].length = 50;
	CHECK("chunks: a dictionary offset after the data is ignored",
	      two_leaves(&f, &err, c, 2) == 0 &&
	      f.rowgroups[0].chunks[0].start == 50);
	pq_footer_free(&f);
	c[0].dict = 0;

#define BAD(name, want) do { \
	int rc_ = two_leaves(&f, &err, c, nc); \
	CHECK("chunks: " name, rc_ != 0 && strstr(dp_buf_cstr(&err), want)); \
	if (rc_ == 0 || !strstr(err.data, want)) \
		printf("  got: %s\n", err.len ? err.data : "(none)"); \
	pq_footer_free(&f); \
} while (0)
	int nc = 2;
	c[1].length = 55;
	BAD("past the footer", "row group 1, column 'b': chunk ends past the "
	    "footer");
	c[1].length = 54;
	c[1].data = 3;
	BAD("before the data", "chunk starts at byte 3, before the data");
	c[1].data = 50;
	c[1].num_values = -1;
	BAD("negative values", "negative value count");
	c[1].num_values = 5;
	c[1].length = -1;
	BAD("negative length", "negative chunk size");
	c[1].length = 54;
	c[1].data = INT64_MAX;
	BAD("offset overflow", "chunk ends past the footer");
	c[1].data = 50;
	c[1].path = "c";
	BAD("path mismatch", "row group 1, column 2: the chunk is for 'c', "
	    "the schema has 'b'");
	c[1].path = "b";
	c[1].type = 1;
	BAD("type mismatch", "column 'b': the chunk's type is INT32, the "
	    "schema's BYTE_ARRAY");
	c[1].type = 6;
	c[1].file_path = "other.parquet";
	BAD("external chunk", "its data is in another file ('other.parquet')");
	c[1].file_path = NULL;
	nc = 1;
	BAD("too few chunks", "row group 1 has 1 column chunks for 2 columns");
#undef BAD
	dp_buf_free(&err);
}

/* FileMetaData with damage of each kind. */
static void
test_bad_meta(void)
{
	struct dp_buf b = { 0 }, err = { 0 };
	struct pq_thrift t;
	struct pq_footer f;
	struct chunkdesc c = { "a", 2, 5, 4, 0, 10, NULL };
	int ok = 1;

#define BAD(name, want) do { \
	int rc_ = parse(&f, &b, 100, &err); \
	CHECK("bad meta: " name, rc_ != 0 && strstr(dp_buf_cstr(&err), want)); \
	if (rc_ == 0 || !strstr(err.data, want)) \
		printf("  got: %s\n", err.len ? err.data : "(none)"); \
	pq_footer_free(&f); \
} while (0)

	/* more children than elements */
	meta_begin(&t, &b, 2);
	elem(&t, NONE, NONE, "schema", 1, NONE);
	elem(&t, NONE, OPT, "g", 5, NONE);
	meta_end(&t, 5, &c, 0);
	BAD("children past the end", "schema element 'g' has 5 children, "
	    "but only 0 elements follow");

	/* elements left over */
	meta_begin(&t, &b, 3);
	elem(&t, NONE, NONE, "schema", 1, NONE);
	elem(&t, 2, REQ, "a", NONE, NONE);
	elem(&t, 2, REQ, "z", NONE, NONE);
	meta_end(&t, 5, &c, 1);
	BAD("elements after the tree", "1 elements after its tree ends");

	/* the grandchildren use up the elements a sibling needs */
	meta_begin(&t, &b, 3);
	elem(&t, NONE, NONE, "schema", 2, NONE);
	elem(&t, NONE, OPT, "g", 1, NONE);
	elem(&t, 2, REQ, "x", NONE, NONE);
	meta_end(&t, 5, &c, 0);
	BAD("a tree larger than its elements", "the schema's tree needs more "
	    "than its 3 elements");

	/* a leaf without a type, one without a repetition */
	meta_begin(&t, &b, 2);
	elem(&t, NONE, NONE, "schema", 1, NONE);
	elem(&t, NONE, REQ, "a", NONE, NONE);
	meta_end(&t, 5, &c, 1);
	BAD("leaf without a type", "column 'a' has no type");
	meta_begin(&t, &b, 2);
	elem(&t, NONE, NONE, "schema", 1, NONE);
	elem(&t, 2, NONE, "a", NONE, NONE);
	meta_end(&t, 5, &c, 1);
	BAD("leaf without a repetition", "schema element 'a' has no "
	    "repetition type");

	/* no schema at all */
	b.len = 0;
	pq_thrift_init(&t, &b);
	pq_thrift_i64(&t, 3, 0);
	pq_thrift_list(&t, 4, PQ_CT_STRUCT, 0);
	pq_thrift_end(&t);
	BAD("no schema", "the metadata has no schema");

	/* the schema twice */
	b.len = 0;
	pq_thrift_init(&t, &b);
	pq_thrift_list(&t, 2, PQ_CT_STRUCT, 1);
	elem(&t, NONE, NONE, "schema", 0, NONE);
	pq_thrift_list(&t, 2, PQ_CT_STRUCT, 1);
	elem(&t, NONE, NONE, "schema", 0, NONE);
	pq_thrift_end(&t);
	BAD("a field twice", "appears twice");

	/* nesting 100 deep */
	meta_begin(&t, &b, 101);
	elem(&t, NONE, NONE, "schema", 1, NONE);
	for (int i = 0; i < 99; i++)
		elem(&t, NONE, OPT, "g", 1, NONE);
	elem(&t, 1, OPT, "x", NONE, NONE);
	meta_end(&t, 5, &c, 0);
	BAD("nested too deep", "nested more than 64 levels deep");

	/* a 10 KB path repeated in 200 leaves: 2 MB of paths from 12 KB */
	meta_begin(&t, &b, 211);
	elem(&t, NONE, NONE, "schema", 1, NONE);
	char name[1001];
	memset(name, 'n', 1000);
	name[1000] = '\0';
	for (int i = 0; i < 9; i++)
		elem(&t, NONE, OPT, name, 1, NONE);
	elem(&t, NONE, OPT, name, 200, NONE);
	for (int i = 0; i < 200; i++)
		elem(&t, 1, OPT, "x", NONE, NONE);
	meta_end(&t, 5, &c, 0);
	BAD("paths too long", "the schema's column paths are too long in all");

	/* a count in the schema list far beyond its bytes */
	b.len = 0;
	pq_thrift_init(&t, &b);
	pq_thrift_list(&t, 2, PQ_CT_STRUCT, 1000000000);
	pq_thrift_end(&t);
	BAD("huge list count", "a list longer than the bytes left");

	/* row groups before the schema are fine */
	b.len = 0;
	pq_thrift_init(&t, &b);
	pq_thrift_list(&t, 4, PQ_CT_STRUCT, 1);
	pq_thrift_push(&t);
	pq_thrift_list(&t, 1, PQ_CT_STRUCT, 1);
	chunk(&t, &c);
	pq_thrift_i64(&t, 3, 5);
	pq_thrift_end(&t);
	pq_thrift_field(&t, 2, PQ_CT_LIST);
	pq_thrift_list_header(&b, PQ_CT_STRUCT, 2);
	elem(&t, NONE, NONE, "schema", 1, NONE);
	elem(&t, 2, REQ, "a", NONE, NONE);
	pq_thrift_i64(&t, 3, 5);
	pq_thrift_end(&t);
	CHECK("bad meta: row groups before the schema read",
	      parse(&f, &b, 100, &err) == 0 && f.nrowgroups == 1 &&
	      f.rowgroups[0].num_rows == 5);
	pq_footer_free(&f);

	/* a good footer cut at every byte: each fails, none crashes */
	meta_begin(&t, &b, 3);
	elem(&t, NONE, NONE, "schema", 2, NONE);
	elem(&t, 2, REQ, "a", NONE, NONE);
	elem(&t, 6, OPT, "b", NONE, 0);
	struct chunkdesc two[2] = { c, { "b", 6, 5, 14, 0, 10, NULL } };
	meta_end(&t, 5, two, 2);
	size_t full = b.len;
	for (size_t k = 0; k < full; k++) {
		b.len = k;
		if (parse(&f, &b, 100, &err) == 0 || err.len == 0)
			ok = 0;
		pq_footer_free(&f);
	}
	CHECK("bad meta: every truncation fails with a message", ok);
	b.len = full;
	CHECK("bad meta: the whole one parses", parse(&f, &b, 100, &err) == 0);
	pq_footer_free(&f);
	CHECK("bad meta: a file too small for the footer",
	      pq_footer_parse(&f, b.data, b.len, b.len + 11, &err) != 0 &&
	      strstr(dp_buf_cstr(&err), "does not fit"));
	pq_footer_free(&f);
#undef BAD
	dp_buf_free(&b);
	dp_buf_free(&err);
}

/* ---- page headers ------------------------------------------------------ */

/* A PageHeader: type, sizes, and the sub-header for the type. */
static void
page(struct dp_buf *b, int type, int usize, int csize, int nvalues, int def,
     int rep)
{
	struct pq_thrift t;

	b->len = 0;
	pq_thrift_init(&t, b);
	pq_thrift_i32(&t, 1, type);
	pq_thrift_i32(&t, 2, usize);
	pq_thrift_i32(&t, 3, csize);
	pq_thrift_i32(&t, 4, 12345);		/* crc */
	if (type == PQ_PAGE_DATA) {
		pq_thrift_begin(&t, 5);
		pq_thrift_i32(&t, 1, nvalues);
		pq_thrift_i32(&t, 2, 8);
		pq_thrift_i32(&t, 3, 3);
		pq_thrift_i32(&t, 4, 4);
		pq_thrift_begin(&t, 5);		/* statistics */
		pq_thrift_i64(&t, 3, 0);
		pq_thrift_end(&t);
		pq_thrift_end(&t);
	} else if (type == PQ_PAGE_DICT) {
		pq_thrift_begin(&t, 7);
		pq_thrift_i32(&t, 1, nvalues);
		pq_thrift_i32(&t, 2, 0);
		pq_thrift_bool(&t, 3, 0);
		pq_thrift_end(&t);
	} else if (type == PQ_PAGE_DATA_V2) {
		pq_thrift_begin(&t, 8);
		pq_thrift_i32(&t, 1, nvalues);
		pq_thrift_i32(&t, 2, 1);
		pq_thrift_i32(&t, 3, 2);
		pq_thrift_i32(&t, 4, 0);
		pq_thrift_i32(&t, 5, def);
		pq_thrift_i32(&t, 6, rep);
		pq_thrift_bool(&t, 7, 0);
		pq_thrift_end(&t);
	}
	pq_thrift_end(&t);
	dp_buf_add(b, "body", 4);	/* the page follows */
}

static void
test_page_headers(void)
{
	struct dp_buf b = { 0 }, err = { 0 };
	struct pq_pagehdr h;
	long n;
	int ok = 1;

	page(&b, PQ_PAGE_DATA, 100, 50, 7, 0, 0);
	n = pq_pagehdr_parse(&h, b.data, b.len, &err);
	CHECK("page: v1", n == (long)b.len - 4 && h.type == PQ_PAGE_DATA &&
	      h.uncompressed_size == 100 && h.compressed_size == 50 &&
	      h.num_values == 7 && h.encoding == 8 && h.def_encoding == 3 &&
	      h.rep_encoding == 4 && h.is_compressed == 1);
	for (size_t k = 0; k + 4 < b.len; k++)
		if (pq_pagehdr_parse(&h, b.data, k, &err) >= 0 || !err.len)
			ok = 0;
	CHECK("page: every truncation fails", ok);

	page(&b, PQ_PAGE_DICT, 10, 10, 3, 0, 0);
	n = pq_pagehdr_parse(&h, b.data, b.len, &err);
	CHECK("page: dictionary", n == (long)b.len - 4 &&
	      h.type == PQ_PAGE_DICT && h.num_values == 3);

	page(&b, PQ_PAGE_DATA_V2, 30, 20, 9, 4, 6);
	n = pq_pagehdr_parse(&h, b.data, b.len, &err);
	CHECK("page: v2", n == (long)b.len - 4 && h.num_nulls == 1 &&
	      h.num_rows == 2 && h.def_length == 4 && h.rep_length == 6 &&
	      h.is_compressed == 0 && h.num_values == 9);

	page(&b, PQ_PAGE_DATA_V2, 30, 8, 9, 4, 6);
	CHECK("page: v2 levels past the page",
	      pq_pagehdr_parse(&h, b.data, b.len, &err) < 0 &&
	      strstr(dp_buf_cstr(&err), "level bytes beyond the page"));
	page(&b, PQ_PAGE_DATA, 100, -1, 7, 0, 0);
	CHECK("page: negative size",
	      pq_pagehdr_parse(&h, b.data, b.len, &err) < 0 &&
	      strstr(dp_buf_cstr(&err), "negative size"));
	page(&b, PQ_PAGE_DATA, 100, 5, -7, 0, 0);
	CHECK("page: negative count",
	      pq_pagehdr_parse(&h, b.data, b.len, &err) < 0 &&
	      strstr(dp_buf_cstr(&err), "negative count"));
	page(&b, PQ_PAGE_INDEX, 10, 10, 0, 0, 0);
	CHECK("page: an index page passes",
	      pq_pagehdr_parse(&h, b.data, b.len, &err) > 0 &&
	      h.type == PQ_PAGE_INDEX);
	b.len = 0;
	{
		struct pq_thrift t;
		pq_thrift_init(&t, &b);
		pq_thrift_i32(&t, 1, PQ_PAGE_DATA);
		pq_thrift_i32(&t, 2, 10);
		pq_thrift_i32(&t, 3, 10);
		pq_thrift_end(&t);
	}
	CHECK("page: a data page without its header",
	      pq_pagehdr_parse(&h, b.data, b.len, &err) < 0 &&
	      strstr(dp_buf_cstr(&err), "header missing"));
	dp_buf_free(&b);
	dp_buf_free(&err);
}

/* ---- files ------------------------------------------------------------- */

/* Write n bytes to path. */
static void
write_file(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(p, 1, n, f) != n || fclose(f) != 0) {
		printf("FAIL cannot write %s\n", path);
		exit(1);
	}
}

/* pq_footer_read of the file at path: its result, the message in err. */
static int
read_footer(struct pq_footer *f, const char *path, struct dp_buf *err)
{
	int fd = open(path, O_RDONLY), rc;
	struct stat sb;

	if (fd < 0 || fstat(fd, &sb) != 0)
		return -2;
	rc = pq_footer_read(f, fd, (uint64_t)sb.st_size, err);
	close(fd);
	return rc;
}

/* The scratch directory (TMPDIR, which tests/run sets). */
static char scratch[512];

static void
test_read_errors(void)
{
	struct dp_buf err = { 0 };
	struct pq_footer f;
	char path[600];

	snprintf(path, sizeof path, "%s/bad.parquet", scratch);
	write_file(path, "PAR1PAR1", 8);
	CHECK("read: too short", read_footer(&f, path, &err) == -1 &&
	      strstr(dp_buf_cstr(&err), "too short"));
	write_file(path, "PAR1\0\0\0\0\0\0\0\0PAR2", 16);
	CHECK("read: no magic at the end", read_footer(&f, path, &err) == -1 &&
	      strstr(dp_buf_cstr(&err), "no PAR1 at the end"));
	write_file(path, "PAR0\0\0\0\0\0\0\0\0PAR1", 16);
	CHECK("read: no magic at the start",
	      read_footer(&f, path, &err) == -1 &&
	      strstr(dp_buf_cstr(&err), "no PAR1 at the start"));
	write_file(path, "PAR1\0\0\0\0\x05\0\0\0PAR1", 16);
	CHECK("read: footer length past the start",
	      read_footer(&f, path, &err) == -1 &&
	      strstr(dp_buf_cstr(&err), "footer length 5 past the start"));
	write_file(path, "PAR1\0\0\0\0\0\0\0\0PARE", 16);
	CHECK("read: encrypted", read_footer(&f, path, &err) == -1 &&
	      strstr(dp_buf_cstr(&err), "encrypted"));
	write_file(path, "PAR1\0\0\0\x01\x01\0\0\0PAR1", 16);
	CHECK("read: a damaged footer", read_footer(&f, path, &err) == -1 &&
	      strstr(dp_buf_cstr(&err), "the file's metadata is damaged"));
	unlink(path);
	dp_buf_free(&err);
}

/* The one .parquet file under dir (a dataset without partitions), into
 * out. */
static int
find_parquet(const char *dir, char *out, size_t n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int found = 0;

	while (d && (e = readdir(d)))
		if (strstr(e->d_name, ".parquet")) {
			snprintf(out, n, "%s/%s", dir, e->d_name);
			found++;
		}
	if (d)
		closedir(d);
	return found == 1;
}

static void
test_dp_file(void)
{
	static const char schema[] =
		"id int64 required\n"
		"name string\n"
		"price decimal(12,2)\n"
		"tags list<string>\n"
		"vec list<float not null>\n"
		"at timestamp\n";
	static const char records[] =
		"{\"id\":1,\"name\":\"a\",\"price\":1.5,\"tags\":[\"x\"],"
		"\"vec\":[1,2],\"at\":\"2024-01-01T00:00:00Z\"}\n"
		"{\"id\":2}\n{\"id\":3}\n";
	char sp[600], rp[600], out[600], cmd[2200], file[1200];
	struct dp_buf err = { 0 };
	struct pq_footer f;
	int ok;

	if (system("command -v dp-to-parquet >/dev/null 2>&1") != 0) {
		printf("skip dp-to-parquet file: dp-to-parquet not on PATH\n");
		return;
	}
	snprintf(sp, sizeof sp, "%s/schema.txt", scratch);
	snprintf(rp, sizeof rp, "%s/records.ndjson", scratch);
	snprintf(out, sizeof out, "%s/dataset", scratch);
	write_file(sp, schema, sizeof schema - 1);
	write_file(rp, records, sizeof records - 1);
	snprintf(cmd, sizeof cmd, "dp-to-parquet -o '%s' --schema '%s' "
		 "--row-group-size 2 '%s' >/dev/null 2>&1", out, sp, rp);
	ok = system(cmd) == 0 && find_parquet(out, file, sizeof file);
	CHECK("dp file: written", ok);
	if (!ok)
		return;
	ok = read_footer(&f, file, &err) == 0;
	CHECK("dp file: footer read", ok);
	if (!ok) {
		printf("  %s\n", dp_buf_cstr(&err));
		dp_buf_free(&err);
		return;
	}
	CHECK("dp file: 6 fields, 6 leaves, 3 rows in 2 row groups",
	      f.nfields == 6 && f.nleaves == 6 && f.num_rows == 3 &&
	      f.nrowgroups == 2 && f.rowgroups[0].num_rows == 2 &&
	      f.rowgroups[1].num_rows == 1);
	if (f.nleaves == 6 && f.nfields == 6) {
		const struct pq_leaf *l = f.leaves;
		CHECK("dp file: id", !strcmp(l[0].path, "id") &&
		      l[0].type == PQ_T_INT64 && l[0].max_def == 0 &&
		      f.fields[0].shape == PQ_SHAPE_VALUE &&
		      !f.fields[0].optional);
		CHECK("dp file: name", !strcmp(l[1].path, "name") &&
		      l[1].meaning == PQ_M_STRING && l[1].max_def == 1 &&
		      f.fields[1].optional);
		CHECK("dp file: price", l[2].meaning == PQ_M_DECIMAL &&
		      l[2].scale == 2 && l[2].precision == 12);
		CHECK("dp file: tags", leaf_at(&f, "tags.list.element") == 3 &&
		      l[3].max_def == 3 && l[3].max_rep == 1 &&
		      f.fields[3].shape == PQ_SHAPE_LIST &&
		      f.fields[3].elem_optional);
		CHECK("dp file: vec", l[4].type == PQ_T_FLOAT &&
		      l[4].max_def == 2 && l[4].max_rep == 1 &&
		      !f.fields[4].elem_optional);
		CHECK("dp file: at", l[5].meaning == PQ_M_TIMESTAMP &&
		      l[5].unit == PQ_MICROS && l[5].utc);
		CHECK("dp file: chunks in order",
		      f.rowgroups[0].chunks[0].start == 4 &&
		      f.rowgroups[1].chunks[0].start >
		      f.rowgroups[0].chunks[5].start &&
		      f.rowgroups[0].chunks[0].num_values == 2 &&
		      f.rowgroups[0].chunks[3].num_values == 2);
		CHECK("dp file: created_by", f.created_by &&
		      strstr(f.created_by, "dp"));
	}
	pq_footer_free(&f);
	dp_buf_free(&err);
	snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s' '%s'", out, sp, rp);
	if (system(cmd) != 0)
		printf("  could not remove %s\n", out);
}

int
main(void)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(scratch, sizeof scratch, "%s/test_parquet_footer.XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(scratch)) {
		printf("FAIL mkdtemp %s\n", scratch);
		return 1;
	}
	test_thrift_values();
	test_thrift_bad();
	test_shapes();
	test_meanings();
	test_chunks();
	test_bad_meta();
	test_page_headers();
	test_read_errors();
	test_dp_file();
	rmdir(scratch);
	return unit_failures != 0;
}
