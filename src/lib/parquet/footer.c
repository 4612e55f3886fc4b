/* SPDX-License-Identifier: MIT */
/* Parquet footers (FileMetaData: schema, row groups, column chunks,
 * key/value metadata) and page headers, read and checked. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "footer.h"
#include "thrift_read.h"

/* FieldRepetitionType. */
enum { REQUIRED = 0, OPTIONAL = 1, REPEATED = 2 };

/* ConvertedType values with a meaning for a leaf. */
enum {
	CT_UTF8 = 0, CT_LIST = 3, CT_ENUM = 4, CT_DECIMAL = 5, CT_DATE = 6,
	CT_TIME_MILLIS = 7, CT_TIME_MICROS = 8, CT_TIMESTAMP_MILLIS = 9,
	CT_TIMESTAMP_MICROS = 10, CT_UINT_8 = 11,
	CT_INT_8 = 15, CT_INT_64 = 18, CT_JSON = 19, CT_INTERVAL = 21
};

/* LogicalType union members. */
enum {
	LT_STRING = 1, LT_MAP = 2, LT_LIST = 3, LT_ENUM = 4, LT_DECIMAL = 5,
	LT_DATE = 6, LT_TIME = 7, LT_TIMESTAMP = 8, LT_INTEGER = 10,
	LT_UNKNOWN = 11, LT_JSON = 12, LT_UUID = 14,
	LT_FLOAT16 = 15
};

/* Schemas nested deeper than this are refused (the recursion over the
 * tree stays shallow, levels stay small). */
#define SCHEMA_DEPTH 64

/* The leaves' paths may take this many bytes for each byte of the
 * metadata (and 64 KiB more): a long name high in a deep tree is
 * repeated in every leaf's path, and a hostile schema could make that
 * gigabytes. */
#define PATH_BYTES_PER_BYTE 16

/* What a leaf's annotations say. */
struct annot {
	enum pq_meaning meaning;
	int scale, precision;
	enum pq_unit unit;	/* 0: not given */
	int utc;
	int bits, is_signed;
};

/* One SchemaElement as decoded; -1 marks an absent integer. */
struct element {
	const unsigned char *name;	/* into the metadata; NULL if absent */
	size_t namelen;
	int type, type_length, repetition, num_children, converted;
	int scale, precision;
	int logical;			/* LogicalType member, 0 if none */
	struct annot lt;		/* its parameters */
};

/* One decoding: the reader, the first error's message, scratch. */
struct parse {
	struct pq_tread r;
	const void *start;
	size_t size;
	struct dp_buf *err;
	int failed;		/* a message is in err */
	struct dp_buf path;	/* path_in_schema, joined */
};

/* Claim the parse's one error message: 1 the first time (the caller
 * writes it to ps->err now), 0 after any other error. Either way the
 * reader stops. */
static int
failing(struct parse *ps)
{
	int first = !ps->failed && !ps->r.err;

	if (first) {
		ps->failed = 1;
		ps->err->len = 0;
	}
	pq_tread_fail(&ps->r, "stopped");
	return first;
}

/* After a decoding: 0, or -1 with a message in ps->err (a Thrift error
 * gets one naming what and where, in `what`). */
static int
finish(struct parse *ps, const char *what)
{
	if (ps->failed)
		return -1;
	if (!ps->r.err)
		return 0;
	ps->err->len = 0;
	dp_buf_printf(ps->err, "%s is damaged: %s (at byte %zu of %zu)", what,
		      ps->r.err, pq_tread_used(&ps->r, ps->start), ps->size);
	return -1;
}

/* Start decoding p[0..n), errors to err. */
static void
parse_init(struct parse *ps, const void *p, size_t n, struct dp_buf *err)
{
	memset(ps, 0, sizeof *ps);
	pq_tread_init(&ps->r, p, n);
	ps->start = p;
	ps->size = n;
	ps->err = err;
}

/* Has field id of the struct been read before? Marks it; a second time
 * is an error. Ids past 31 are not tracked (none is read). */
static int
twice(struct parse *ps, unsigned *seen, int id)
{
	unsigned bit;

	if (id < 0 || id > 31)
		return 0;
	bit = 1u << id;
	if (*seen & bit) {
		pq_tread_fail(&ps->r, "a field appears twice in a struct");
		return 1;
	}
	*seen |= bit;
	return 0;
}

/* Was field id (marked by twice) seen? */
static int
seen_id(unsigned seen, int id)
{
	return (seen >> id) & 1;
}

/* Were fields lo..hi all seen? */
static int
seen_all(unsigned seen, int lo, int hi)
{
	for (int id = lo; id <= hi; id++)
		if (!seen_id(seen, id))
			return 0;
	return 1;
}

/* An integer field that must fit an int32. */
static int
read_i32(struct parse *ps, int type)
{
	int64_t v = pq_tread_int(&ps->r, type);

	if (v < INT32_MIN || v > INT32_MAX) {
		pq_tread_fail(&ps->r, "an integer out of its type's range");
		return 0;
	}
	return (int)v;
}

/* A bool field: its value is its type. */
static int
read_bool(struct parse *ps, int type)
{
	if (type != PQ_CT_TRUE && type != PQ_CT_FALSE)
		pq_tread_fail(&ps->r, "a value that should be a bool is not");
	return type == PQ_CT_TRUE;
}

/* A string field's bytes (pointing into the metadata). */
static const unsigned char *
read_bytes(struct parse *ps, int type, size_t *n)
{
	if (type != PQ_CT_BINARY) {
		pq_tread_fail(&ps->r, "a value that should be a string is not");
		*n = 0;
		return NULL;
	}
	return pq_tread_binary(&ps->r, n);
}

/* A string field, copied and NUL-terminated. */
static char *
read_string(struct parse *ps, int type)
{
	size_t n;
	const unsigned char *s = read_bytes(ps, type, &n);
	char *copy;

	if (ps->r.err)
		return NULL;
	copy = dp_xmalloc(n + 1);
	memcpy(copy, s, n);
	copy[n] = '\0';
	return copy;
}

/* Enter a struct-valued field; 0 (and an error) if it is not one. */
static int
enter_struct(struct parse *ps, int type)
{
	if (type != PQ_CT_STRUCT) {
		pq_tread_fail(&ps->r, "a value that should be a struct is not");
		return 0;
	}
	pq_tread_begin(&ps->r);
	return !ps->r.err;
}

/* A list field's header: its count, elements of type `elem` (any count
 * of elements of another type is an error; an empty list passes). */
static size_t
read_list(struct parse *ps, int type, int elem)
{
	int got;
	size_t n;

	if (type != PQ_CT_LIST) {
		pq_tread_fail(&ps->r, "a value that should be a list is not");
		return 0;
	}
	n = pq_tread_list(&ps->r, &got);
	if (n > 0 && got != elem) {
		pq_tread_fail(&ps->r, "a list of the wrong element type");
		return 0;
	}
	if (n > INT_MAX) {
		pq_tread_fail(&ps->r, "a list too long");
		return 0;
	}
	return n;
}

/* ---- schema elements ------------------------------------------------ */

/* TimeUnit: the member's id (1 MILLIS, 2 MICROS, 3 NANOS). */
static enum pq_unit
read_unit(struct parse *ps, int type)
{
	int id, ftype, unit = 0;

	if (!enter_struct(ps, type))
		return 0;
	while (pq_tread_field(&ps->r, &id, &ftype)) {
		if (!unit && id >= PQ_MILLIS && id <= PQ_NANOS)
			unit = id;
		pq_tread_skip(&ps->r, ftype);
	}
	return (enum pq_unit)unit;
}

/* A LogicalType member's parameters (DECIMAL, TIME, TIMESTAMP,
 * INTEGER) into *a; other members are empty structs, skipped. */
static void
read_logical_member(struct parse *ps, int member, int type, struct annot *a)
{
	int id, ftype;
	unsigned seen = 0;

	if (member != LT_DECIMAL && member != LT_TIME &&
	    member != LT_TIMESTAMP && member != LT_INTEGER) {
		pq_tread_skip(&ps->r, type);
		return;
	}
	if (!enter_struct(ps, type))
		return;
	while (pq_tread_field(&ps->r, &id, &ftype)) {
		if (twice(ps, &seen, id))
			break;
		if (member == LT_DECIMAL && id == 1)
			a->scale = read_i32(ps, ftype);
		else if (member == LT_DECIMAL && id == 2)
			a->precision = read_i32(ps, ftype);
		else if (member == LT_INTEGER && id == 1)
			a->bits = read_i32(ps, ftype);
		else if (member == LT_INTEGER && id == 2)
			a->is_signed = read_bool(ps, ftype);
		else if (id == 1)	/* TIME, TIMESTAMP */
			a->utc = read_bool(ps, ftype);
		else if (id == 2)
			a->unit = read_unit(ps, ftype);
		else
			pq_tread_skip(&ps->r, ftype);
	}
}

/* LogicalType: a union, one member. */
static void
read_logical(struct parse *ps, int type, struct element *e)
{
	int id, ftype;

	if (!enter_struct(ps, type))
		return;
	while (pq_tread_field(&ps->r, &id, &ftype)) {
		if (e->logical) {
			pq_tread_fail(&ps->r, "a LogicalType with two members");
			break;
		}
		e->logical = id > 0 ? id : -1;
		read_logical_member(ps, id, ftype, &e->lt);
	}
}

/* One SchemaElement into *e. */
static void
read_element(struct parse *ps, struct element *e)
{
	int id, type;
	unsigned seen = 0;

	memset(e, 0, sizeof *e);
	e->type = e->type_length = e->repetition = e->num_children = -1;
	e->converted = e->precision = -1;
	e->scale = INT_MIN;	/* absent: 0; a negative one is refused */
	pq_tread_begin(&ps->r);
	while (pq_tread_field(&ps->r, &id, &type)) {
		if (twice(ps, &seen, id))
			break;
		switch (id) {
		case 1:
			e->type = read_i32(ps, type);
			break;
		case 2:
			e->type_length = read_i32(ps, type);
			break;
		case 3:
			e->repetition = read_i32(ps, type);
			break;
		case 4:
			e->name = read_bytes(ps, type, &e->namelen);
			break;
		case 5:
			e->num_children = read_i32(ps, type);
			break;
		case 6:
			e->converted = read_i32(ps, type);
			break;
		case 7:
			e->scale = read_i32(ps, type);
			break;
		case 8:
			e->precision = read_i32(ps, type);
			break;
		case 10:
			read_logical(ps, type, e);
			break;
		default:
			pq_tread_skip(&ps->r, type);
			break;
		}
	}
}

/* ---- the schema tree ------------------------------------------------ */

static const char *const type_names[] = {
	"BOOLEAN", "INT32", "INT64", "INT96", "FLOAT", "DOUBLE", "BYTE_ARRAY",
	"FIXED_LEN_BYTE_ARRAY"
};

/* Walking the schema elements depth-first. */
struct walk {
	struct parse *ps;
	const struct element *els;
	int nels, next;
	struct pq_footer *f;
	size_t leafcap;
	struct dp_buf path;	/* the dotted path of the current element */
	size_t path_room;	/* bytes the leaves' paths may still take */
};

/* What the LogicalType says, or -1 when it says nothing. */
static int
logical_annot(const struct element *e, struct annot *a)
{
	*a = e->lt;
	switch (e->logical) {
	case LT_STRING: case LT_ENUM: case LT_JSON:
		a->meaning = PQ_M_STRING;
		break;
	case LT_MAP: case LT_LIST: case LT_UNKNOWN:
		a->meaning = PQ_M_NONE;
		break;
	case LT_DECIMAL:
		a->meaning = PQ_M_DECIMAL;
		break;
	case LT_DATE:
		a->meaning = PQ_M_DATE;
		break;
	case LT_TIME:
		a->meaning = PQ_M_TIME;
		break;
	case LT_TIMESTAMP:
		a->meaning = PQ_M_TIMESTAMP;
		break;
	case LT_INTEGER:
		a->meaning = PQ_M_INT;
		break;
	case LT_UUID:
		a->meaning = PQ_M_UUID;
		break;
	case LT_FLOAT16:
		a->meaning = PQ_M_FLOAT16;
		break;
	case 0:
		return -1;
	default:		/* BSON and types newer than this reader */
		a->meaning = PQ_M_OTHER;
		break;
	}
	return 0;
}

/* What the ConvertedType says (the compatibility rules of
 * parquet-format's LogicalTypes.md). */
static void
converted_annot(const struct element *e, struct annot *a)
{
	int ct = e->converted;

	memset(a, 0, sizeof *a);
	if (ct < 0 || (ct >= 1 && ct <= CT_LIST)) {
		a->meaning = PQ_M_NONE;
	} else if (ct == CT_UTF8 || ct == CT_ENUM || ct == CT_JSON) {
		a->meaning = PQ_M_STRING;
	} else if (ct == CT_DECIMAL) {
		a->meaning = PQ_M_DECIMAL;
		a->scale = e->scale == INT_MIN ? 0 : e->scale;
		a->precision = e->precision;
	} else if (ct == CT_DATE) {
		a->meaning = PQ_M_DATE;
	} else if (ct == CT_TIME_MILLIS || ct == CT_TIME_MICROS) {
		a->meaning = PQ_M_TIME;
		a->unit = ct == CT_TIME_MILLIS ? PQ_MILLIS : PQ_MICROS;
		a->utc = 1;
	} else if (ct == CT_TIMESTAMP_MILLIS || ct == CT_TIMESTAMP_MICROS) {
		a->meaning = PQ_M_TIMESTAMP;
		a->unit = ct == CT_TIMESTAMP_MILLIS ? PQ_MILLIS : PQ_MICROS;
		a->utc = 1;
	} else if (ct == CT_INTERVAL) {
		a->meaning = PQ_M_INTERVAL;
	} else if (ct >= CT_UINT_8 && ct <= CT_INT_64) {
		a->meaning = PQ_M_INT;
		a->is_signed = ct >= CT_INT_8;
		a->bits = 8 << (ct - (a->is_signed ? CT_INT_8 : CT_UINT_8));
	} else {		/* BSON, unknown */
		a->meaning = PQ_M_OTHER;
	}
}

/* Does annotation a fit a leaf of physical type `type` (and
 * type_length)? NULL, or what is wrong with it. */
static const char *
annot_misfit(const struct annot *a, int type, int type_length)
{
	switch (a->meaning) {
	case PQ_M_STRING:
		return type == PQ_T_BYTE_ARRAY || type == PQ_T_FIXED ? NULL :
			"a STRING annotation needs BYTE_ARRAY";
	case PQ_M_DECIMAL:
		if (type != PQ_T_INT32 && type != PQ_T_INT64 &&
		    type != PQ_T_FIXED && type != PQ_T_BYTE_ARRAY)
			return "a DECIMAL annotation needs INT32, INT64, "
			       "BYTE_ARRAY or FIXED_LEN_BYTE_ARRAY";
		if (a->precision < 1 || a->scale < 0 ||
		    a->scale > a->precision)
			return "a DECIMAL precision or scale out of range";
		return NULL;
	case PQ_M_DATE:
		return type == PQ_T_INT32 ? NULL :
			"a DATE annotation needs INT32";
	case PQ_M_TIME:
		if (a->unit < PQ_MILLIS || a->unit > PQ_NANOS)
			return "a TIME annotation without a unit";
		if (a->unit == PQ_MILLIS)
			return type == PQ_T_INT32 ? NULL :
				"a TIME annotation in milliseconds needs INT32";
		return type == PQ_T_INT64 ? NULL :
			"a TIME annotation in micro- or nanoseconds needs INT64";
	case PQ_M_TIMESTAMP:
		if (a->unit < PQ_MILLIS || a->unit > PQ_NANOS)
			return "a TIMESTAMP annotation without a unit";
		return type == PQ_T_INT64 || type == PQ_T_INT96 ? NULL :
			"a TIMESTAMP annotation needs INT64";
	case PQ_M_INT:
		if (a->bits != 8 && a->bits != 16 && a->bits != 32 &&
		    a->bits != 64)
			return "an INTEGER annotation of a bit width not 8, 16, "
			       "32 or 64";
		if (a->bits == 64)
			return type == PQ_T_INT64 ? NULL :
				"a 64-bit INTEGER annotation needs INT64";
		return type == PQ_T_INT32 ? NULL :
			"an INTEGER annotation under 64 bits needs INT32";
	case PQ_M_UUID:
		return type == PQ_T_FIXED && type_length == 16 ? NULL :
			"a UUID annotation needs FIXED_LEN_BYTE_ARRAY(16)";
	case PQ_M_FLOAT16:
		return type == PQ_T_FIXED && type_length == 2 ? NULL :
			"a FLOAT16 annotation needs FIXED_LEN_BYTE_ARRAY(2)";
	case PQ_M_INTERVAL:
		return type == PQ_T_FIXED && type_length == 12 ? NULL :
			"an INTERVAL annotation needs FIXED_LEN_BYTE_ARRAY(12)";
	default:
		return NULL;
	}
}

/* Fill leaf l's type and meaning from element e (or fail). */
static void
leaf_type(struct walk *w, const struct element *e, struct pq_leaf *l)
{
	struct annot a;
	const char *misfit;

	l->type = (enum pq_physical)e->type;
	l->type_length = e->type == PQ_T_FIXED ? e->type_length : 0;
	if (e->type == PQ_T_FIXED && e->type_length < 1) {
		if (failing(w->ps))
			dp_buf_printf(w->ps->err, "column '%s': a "
				      "FIXED_LEN_BYTE_ARRAY without a length",
				      l->path);
		return;
	}
	if (e->type == PQ_T_INT96) {
		memset(&a, 0, sizeof a);
		a.meaning = PQ_M_TIMESTAMP;
		a.unit = PQ_NANOS;
	} else if (logical_annot(e, &a) != 0) {
		converted_annot(e, &a);
	}
	misfit = annot_misfit(&a, e->type, e->type_length);
	if (misfit) {
		if (failing(w->ps))
			dp_buf_printf(w->ps->err, "column '%s' (%s): %s",
				      l->path, type_names[e->type], misfit);
		return;
	}
	l->meaning = a.meaning;
	l->scale = a.scale;
	l->precision = a.precision;
	l->unit = a.unit;
	l->utc = a.utc;
	l->bits = a.bits;
	l->is_signed = a.is_signed;
}

/* Is element e a leaf? (No children; some writers set num_children 0
 * on leaves.) */
static int
is_leaf(const struct element *e)
{
	return e->num_children <= 0;
}

/* The element at w->next: its name onto the path, its checks, then its
 * leaf or its children's subtrees. depth counts the levels below the
 * root; def and rep the levels of its ancestors. */
static void
walk_element(struct walk *w, int depth, int def, int rep, int field)
{
	int at = w->next++;
	const struct element *e;
	size_t mark = w->path.len;

	if (at >= w->nels) {
		if (failing(w->ps))
			dp_buf_printf(w->ps->err, "the schema's tree needs more "
				      "than its %d elements", w->nels);
		return;
	}
	e = &w->els[at];
	if (!e->name || memchr(e->name, '\0', e->namelen)) {
		if (failing(w->ps))
			dp_buf_printf(w->ps->err, "schema element %d has %s",
				      at, e->name ? "a NUL byte in its name" :
				      "no name");
		return;
	}
	if (mark)
		dp_buf_addc(&w->path, '.');
	dp_buf_add(&w->path, e->name, e->namelen);
	dp_buf_cstr(&w->path);
	if (e->repetition < REQUIRED || e->repetition > REPEATED) {
		if (failing(w->ps))
			dp_buf_printf(w->ps->err, "schema element '%s' has %s "
				      "repetition type", w->path.data,
				      e->repetition < 0 ? "no" : "an unknown");
		return;
	}
	def += e->repetition != REQUIRED;
	rep += e->repetition == REPEATED;
	if (depth > SCHEMA_DEPTH) {
		if (failing(w->ps))
			dp_buf_printf(w->ps->err, "schema element '%s' is "
				      "nested more than %d levels deep",
				      w->path.data, SCHEMA_DEPTH);
		return;
	}
	if (is_leaf(e)) {
		struct pq_leaf *l;
		if (e->type < PQ_T_BOOLEAN || e->type > PQ_T_FIXED) {
			if (failing(w->ps))
				dp_buf_printf(w->ps->err, "column '%s' has %s "
					      "type", w->path.data, e->type < 0
					      ? "no" : "an unknown");
			return;
		}
		if (w->path.len >= w->path_room) {
			if (failing(w->ps))
				dp_buf_printf(w->ps->err, "the schema's column "
					      "paths are too long in all");
			return;
		}
		w->path_room -= w->path.len + 1;
		w->f->leaves = dp_xgrow(w->f->leaves, &w->leafcap,
					(size_t)w->f->nleaves + 1,
					sizeof *w->f->leaves);
		l = &w->f->leaves[w->f->nleaves++];
		memset(l, 0, sizeof *l);
		l->path = dp_xstrdup(w->path.data);
		l->max_def = def;
		l->max_rep = rep;
		l->field = field;
		leaf_type(w, e, l);
	} else {
		if (e->num_children > w->nels - w->next) {
			if (failing(w->ps))
				dp_buf_printf(w->ps->err, "schema element '%s' "
					      "has %d children, but only %d "
					      "elements follow", w->path.data,
					      e->num_children,
					      w->nels - w->next);
			return;
		}
		for (int i = 0; i < e->num_children && !w->ps->r.err; i++)
			walk_element(w, depth + 1, def, rep, field);
	}
	w->path.len = mark;
}

/* Is group e annotated LIST? */
static int
is_list_group(const struct element *e)
{
	return e->logical == LT_LIST ||
	       (e->logical == 0 && e->converted == CT_LIST);
}

/* The shape of top-level field t, whose element is els[at] (a checked
 * subtree). */
static void
field_shape(const struct element *els, int at, struct pq_topfield *t)
{
	const struct element *e = &els[at], *c, *d;

	t->optional = e->repetition == OPTIONAL;
	t->elem_optional = 0;
	if (is_leaf(e)) {
		/* a bare repeated leaf is a list, never null itself */
		t->shape = e->repetition == REPEATED ? PQ_SHAPE_LIST :
			PQ_SHAPE_VALUE;
		return;
	}
	t->shape = PQ_SHAPE_NESTED;
	if (!is_list_group(e) || e->repetition == REPEATED ||
	    e->num_children != 1)
		return;
	c = &els[at + 1];
	if (c->repetition != REPEATED)
		return;
	if (is_leaf(c)) {		/* 2-level: repeated T inside */
		t->shape = PQ_SHAPE_LIST;
		return;
	}
	if (c->num_children != 1)
		return;
	d = &els[at + 2];		/* 3-level, or repeated group array */
	if (is_leaf(d) && d->repetition != REPEATED) {
		t->shape = PQ_SHAPE_LIST;
		t->elem_optional = d->repetition == OPTIONAL;
	}
}

/* Build f's leaves and top-level fields from the schema elements. */
static void
build_schema(struct parse *ps, const struct element *els, int nels,
	     struct pq_footer *f)
{
	struct walk w = { ps, els, nels, 1, f, 0, { 0 },
			  (ps->size + 65536) * PATH_BYTES_PER_BYTE };
	int nfields = els[0].num_children < 0 ? 0 : els[0].num_children;

	if (nfields > nels - 1) {
		if (failing(ps))
			dp_buf_printf(ps->err, "the schema's root has %d "
				      "children, but only %d elements follow",
				      nfields, nels - 1);
		return;
	}
	f->fields = dp_xmalloc(((size_t)nfields + 1) * sizeof *f->fields);
	for (int i = 0; i < nfields && !ps->r.err; i++) {
		struct pq_topfield *t = &f->fields[i];
		int at = w.next;
		memset(t, 0, sizeof *t);
		f->nfields = i + 1;
		t->leaf = f->nleaves;
		walk_element(&w, 1, 0, 0, i);
		if (ps->r.err)
			break;
		t->name = dp_xmalloc(els[at].namelen + 1);
		memcpy(t->name, els[at].name, els[at].namelen);
		t->name[els[at].namelen] = '\0';
		t->nleaves = f->nleaves - t->leaf;
		field_shape(els, at, t);
	}
	dp_buf_free(&w.path);
	if (!ps->r.err && w.next != nels && failing(ps))
		dp_buf_printf(ps->err, "the schema has %d elements after its "
			      "tree ends", nels - w.next);
}

/* SchemaElements, as many as decoded (the count is not trusted for the
 * allocation). */
static struct element *
read_schema(struct parse *ps, int type, int *nels)
{
	size_t n = read_list(ps, type, PQ_CT_STRUCT), cap = 0;
	struct element *els = NULL;

	for (size_t i = 0; i < n && !ps->r.err; i++) {
		els = dp_xgrow(els, &cap, i + 1, sizeof *els);
		read_element(ps, &els[i]);
		*nels = (int)i + 1;
	}
	return els;
}

/* ---- row groups ------------------------------------------------------ */

/* The names of ColumnMetaData's required fields, by id. */
static const char *const colmeta_required[] = {
	[1] = "type", [3] = "path", [4] = "codec", [5] = "value count",
	[7] = "compressed size", [9] = "data page offset"
};

/* The name of a physical type for a message. */
static const char *
type_name(int type)
{
	return type >= PQ_T_BOOLEAN && type <= PQ_T_FIXED ? type_names[type] :
		"unknown";
}

/* ColumnMetaData (its struct entered) of column c of row group g into
 * *ch, checked against the leaf and the data area [4, data_end). */
static void
read_column_meta(struct parse *ps, const struct pq_footer *f, int g, int c,
		 struct pq_chunkmeta *ch, int64_t data_end)
{
	const struct pq_leaf *l = &f->leaves[c];
	int id, type, ptype = -1;
	unsigned seen = 0;
	int64_t data_offset = 0, dict_offset = 0;
	size_t n, len;
	const unsigned char *s;

	ps->path.len = 0;
	while (pq_tread_field(&ps->r, &id, &type)) {
		if (twice(ps, &seen, id))
			break;
		switch (id) {
		case 1:
			ptype = read_i32(ps, type);
			break;
		case 3:
			n = read_list(ps, type, PQ_CT_BINARY);
			for (size_t i = 0; i < n && !ps->r.err; i++) {
				s = pq_tread_binary(&ps->r, &len);
				if (i)
					dp_buf_addc(&ps->path, '.');
				dp_buf_add(&ps->path, s, len);
			}
			break;
		case 4:
			ch->codec = read_i32(ps, type);
			break;
		case 5:
			ch->num_values = pq_tread_int(&ps->r, type);
			break;
		case 7:
			ch->length = pq_tread_int(&ps->r, type);
			break;
		case 9:
			data_offset = pq_tread_int(&ps->r, type);
			break;
		case 11:
			dict_offset = pq_tread_int(&ps->r, type);
			break;
		default:
			pq_tread_skip(&ps->r, type);
			break;
		}
	}
	if (ps->r.err)
		return;
	for (id = 1; id <= 9; id++)
		if (colmeta_required[id] && !seen_id(seen, id)) {
			if (failing(ps))
				dp_buf_printf(ps->err, "row group %d, column "
					      "'%s': no %s in the column "
					      "metadata", g + 1, l->path,
					      colmeta_required[id]);
			return;
		}
	dp_buf_cstr(&ps->path);
	if (strnlen(l->path, ps->path.len + 1) != ps->path.len ||
	    memcmp(ps->path.data, l->path, ps->path.len) != 0) {
		if (failing(ps))
			dp_buf_printf(ps->err, "row group %d, column %d: the "
				      "chunk is for '%s', the schema has '%s'",
				      g + 1, c + 1, ps->path.data, l->path);
		return;
	}
	if (ptype != (int)l->type) {
		if (failing(ps))
			dp_buf_printf(ps->err, "row group %d, column '%s': the "
				      "chunk's type is %s, the schema's %s",
				      g + 1, l->path, type_name(ptype),
				      type_name((int)l->type));
		return;
	}
	ch->start = dict_offset > 0 && dict_offset < data_offset ?
		dict_offset : data_offset;
	if (ch->num_values < 0 || ch->length < 0) {
		if (failing(ps))
			dp_buf_printf(ps->err, "row group %d, column '%s': a "
				      "negative %s", g + 1, l->path,
				      ch->length < 0 ? "chunk size" :
				      "value count");
	} else if (ch->start < 4) {
		if (failing(ps))
			dp_buf_printf(ps->err, "row group %d, column '%s': "
				      "chunk starts at byte %lld, before the "
				      "data", g + 1, l->path,
				      (long long)ch->start);
	} else if (ch->start > data_end || ch->length > data_end - ch->start) {
		if (failing(ps))
			dp_buf_printf(ps->err, "row group %d, column '%s': "
				      "chunk ends past the footer", g + 1,
				      l->path);
	}
}

/* ColumnChunk c of row group g. */
static void
read_chunk(struct parse *ps, const struct pq_footer *f, int g, int c,
	   struct pq_chunkmeta *ch, int64_t data_end)
{
	int id, type, has_meta = 0;
	unsigned seen = 0;
	const unsigned char *s;
	size_t n;

	pq_tread_begin(&ps->r);
	while (pq_tread_field(&ps->r, &id, &type)) {
		if (twice(ps, &seen, id))
			break;
		if (id == 1) {
			s = read_bytes(ps, type, &n);
			if (!ps->r.err && failing(ps))
				dp_buf_printf(ps->err, "row group %d, column "
					      "'%s': its data is in another "
					      "file ('%.*s'), which is not "
					      "read", g + 1, f->leaves[c].path,
					      (int)(n > 200 ? 200 : n),
					      (const char *)s);
		} else if (id == 3) {
			has_meta = 1;
			if (enter_struct(ps, type))
				read_column_meta(ps, f, g, c, ch, data_end);
		} else {
			pq_tread_skip(&ps->r, type);
		}
	}
	if (!ps->r.err && !has_meta && failing(ps))
		dp_buf_printf(ps->err, "row group %d, column '%s': no column "
			      "metadata (is the file encrypted?)", g + 1,
			      f->leaves[c].path);
}

/* RowGroup g: one chunk per leaf, in leaf order. */
static void
read_rowgroup(struct parse *ps, struct pq_footer *f, int g, int64_t data_end)
{
	struct pq_rowgroup *rg = &f->rowgroups[g];
	int id, type;
	unsigned seen = 0;
	size_t n;

	pq_tread_begin(&ps->r);
	while (pq_tread_field(&ps->r, &id, &type)) {
		if (twice(ps, &seen, id))
			break;
		if (id == 1) {
			n = read_list(ps, type, PQ_CT_STRUCT);
			if (ps->r.err)
				break;
			if (n != (size_t)f->nleaves) {
				if (failing(ps))
					dp_buf_printf(ps->err, "row group %d "
						      "has %zu column chunks for "
						      "%d columns", g + 1, n,
						      f->nleaves);
				break;
			}
			if (n) {
				rg->chunks = dp_xmalloc(n * sizeof *rg->chunks);
				memset(rg->chunks, 0, n * sizeof *rg->chunks);
			}
			for (size_t c = 0; c < n && !ps->r.err; c++)
				read_chunk(ps, f, g, (int)c, &rg->chunks[c],
					   data_end);
		} else if (id == 3) {
			rg->num_rows = pq_tread_int(&ps->r, type);
		} else {
			pq_tread_skip(&ps->r, type);
		}
	}
	if (ps->r.err)
		return;
	if (!seen_id(seen, 1) || !seen_id(seen, 3)) {
		if (failing(ps))
			dp_buf_printf(ps->err, "row group %d has no %s", g + 1,
				      seen_id(seen, 1) ? "row count" :
				      "column list");
	} else if (rg->num_rows < 0 && failing(ps)) {
		dp_buf_printf(ps->err, "row group %d has a negative row count",
			      g + 1);
	}
}

/* The row_groups list, once the schema's leaves are known. */
static void
read_rowgroups(struct parse *ps, int type, struct pq_footer *f,
	       int64_t data_end)
{
	size_t n = read_list(ps, type, PQ_CT_STRUCT), cap = 0;

	for (size_t g = 0; g < n && !ps->r.err; g++) {
		f->rowgroups = dp_xgrow(f->rowgroups, &cap, g + 1,
					sizeof *f->rowgroups);
		memset(&f->rowgroups[g], 0, sizeof *f->rowgroups);
		f->nrowgroups = (int)g + 1;
		read_rowgroup(ps, f, (int)g, data_end);
	}
}

/* key_value_metadata: list<KeyValue{1 key, 2 value}>. */
static void
read_kv(struct parse *ps, int type, struct pq_footer *f)
{
	size_t n = read_list(ps, type, PQ_CT_STRUCT), kcap = 0, vcap = 0;
	int id, ftype;
	unsigned seen;

	for (size_t i = 0; i < n && !ps->r.err; i++) {
		f->kv_keys = dp_xgrow(f->kv_keys, &kcap, i + 1,
				      sizeof *f->kv_keys);
		f->kv_values = dp_xgrow(f->kv_values, &vcap, i + 1,
					sizeof *f->kv_values);
		f->kv_keys[i] = f->kv_values[i] = NULL;
		f->nkv = (int)i + 1;
		seen = 0;
		pq_tread_begin(&ps->r);
		while (pq_tread_field(&ps->r, &id, &ftype)) {
			if (twice(ps, &seen, id))
				break;
			if (id == 1)
				f->kv_keys[i] = read_string(ps, ftype);
			else if (id == 2)
				f->kv_values[i] = read_string(ps, ftype);
			else
				pq_tread_skip(&ps->r, ftype);
		}
		if (!ps->r.err && !f->kv_keys[i])
			pq_tread_fail(&ps->r, "a key/value pair without a key");
	}
}

/* ---- the footer ------------------------------------------------------ */

/* The counts must agree: the row groups' rows add up to the file's,
 * and a column chunk holds one value (or null) a row, or at least one
 * entry a row for a list; else rows would be lost or made up. */
static void
check_counts(struct parse *ps, const struct pq_footer *f)
{
	int64_t total = 0;

	for (int g = 0; g < f->nrowgroups; g++) {
		const struct pq_rowgroup *rg = &f->rowgroups[g];
		if (rg->num_rows > INT64_MAX - total) {
			if (failing(ps))
				dp_buf_printf(ps->err, "the row groups hold "
					      "more than 2^63 rows");
			return;
		}
		total += rg->num_rows;
		for (int j = 0; j < f->nleaves; j++) {
			int64_t v = rg->chunks[j].num_values;
			if (f->leaves[j].max_rep ? v >= rg->num_rows :
			    v == rg->num_rows)
				continue;
			if (failing(ps))
				dp_buf_printf(ps->err, "row group %d has %lld "
					      "rows but column '%s' %lld "
					      "values", g + 1,
					      (long long)rg->num_rows,
					      f->leaves[j].path, (long long)v);
			return;
		}
	}
	if (total != f->num_rows && failing(ps))
		dp_buf_printf(ps->err, "the row groups hold %lld rows, the "
			      "metadata says %lld", (long long)total,
			      (long long)f->num_rows);
}

/* See footer.h. */
int
pq_footer_parse(struct pq_footer *f, const void *p, size_t n,
		uint64_t file_size, struct dp_buf *err)
{
	struct parse ps;
	struct pq_tread rowgroups;
	struct element *els = NULL;
	int nels = 0, id, type, rowgroups_type = 0;
	unsigned seen = 0;
	int64_t data_end = 0;

	memset(f, 0, sizeof *f);
	parse_init(&ps, p, n, err);
	memset(&rowgroups, 0, sizeof rowgroups);
	if (file_size < 12 || n > file_size - 12 || file_size > INT64_MAX) {
		failing(&ps);
		dp_buf_printf(err, "the footer (%zu bytes) does not fit in "
			      "the file (%llu bytes)", n,
			      (unsigned long long)file_size);
	} else {
		data_end = (int64_t)(file_size - 8 - n);
		pq_tread_begin(&ps.r);
	}
	while (!ps.r.err && pq_tread_field(&ps.r, &id, &type)) {
		if (twice(&ps, &seen, id))
			break;
		switch (id) {
		case 2:
			els = read_schema(&ps, type, &nels);
			break;
		case 3:
			f->num_rows = pq_tread_int(&ps.r, type);
			break;
		case 4:		/* read once the schema is known */
			rowgroups = ps.r;
			rowgroups_type = type;
			pq_tread_skip(&ps.r, type);
			break;
		case 5:
			read_kv(&ps, type, f);
			break;
		case 6:
			f->created_by = read_string(&ps, type);
			break;
		default:	/* version, column orders, ... */
			pq_tread_skip(&ps.r, type);
			break;
		}
	}
	if (!ps.r.err && (!seen_id(seen, 2) || nels == 0)) {
		if (failing(&ps))
			dp_buf_printf(err, "the metadata has no schema");
	} else if (!ps.r.err && !seen_all(seen, 3, 4)) {
		if (failing(&ps))
			dp_buf_printf(err, "the metadata has no %s",
				      seen_id(seen, 3) ? "row group list" :
				      "row count");
	} else if (!ps.r.err && f->num_rows < 0 && failing(&ps)) {
		dp_buf_printf(err, "the metadata has a negative row count");
	}
	if (!ps.r.err)
		build_schema(&ps, els, nels, f);
	if (!ps.r.err) {
		ps.r = rowgroups;
		read_rowgroups(&ps, rowgroups_type, f, data_end);
	}
	if (!ps.r.err)
		check_counts(&ps, f);
	free(els);
	dp_buf_free(&ps.path);
	if (finish(&ps, "the file's metadata") != 0) {
		pq_footer_free(f);
		return -1;
	}
	return 0;
}

/* pread exactly n bytes at off: 0, or -1 (errno 0: the file ended). */
static int
read_at(int fd, void *buf, size_t n, uint64_t off)
{
	size_t got = 0;
	ssize_t k;

	while (got < n) {
		k = pread(fd, (char *)buf + got, n - got, (off_t)(off + got));
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			if (k == 0)
				errno = 0;
			return -1;
		}
		got += (size_t)k;
	}
	return 0;
}

/* Do the 4 bytes at p hold the Parquet magic, "PAR1"? */
static int
is_magic(const unsigned char *p)
{
	return memcmp(p, "PAR1", 4) == 0;
}

/* See footer.h. */
int
pq_starts_with_magic(int fd)
{
	unsigned char head[4];

	if (read_at(fd, head, 4, 0) != 0)
		return -1;
	return is_magic(head);
}

/* A message for a failed read_at. */
static void
read_failed(struct dp_buf *err, const char *what)
{
	err->len = 0;
	dp_buf_printf(err, "reading %s: %s", what, errno ? strerror(errno) :
		      "the file is shorter than its size");
}

/* See footer.h. */
int
pq_footer_read(struct pq_footer *f, int fd, uint64_t file_size,
	       struct dp_buf *err)
{
	unsigned char tail[8];
	uint32_t len;
	unsigned char *meta;
	int rc;

	memset(f, 0, sizeof *f);
	err->len = 0;
	if (file_size < 12) {
		dp_buf_printf(err, "not a Parquet file (%llu bytes, too short)",
			      (unsigned long long)file_size);
		return -1;
	}
	if (read_at(fd, tail, 8, file_size - 8) != 0) {
		read_failed(err, "the footer");
		return -1;
	}
	if (memcmp(tail + 4, "PARE", 4) == 0) {
		dp_buf_adds(err, "an encrypted Parquet file (PARE at the end), "
			    "which is not read");
		return -1;
	}
	if (!is_magic(tail + 4)) {
		dp_buf_adds(err, "not a Parquet file (no PAR1 at the end)");
		return -1;
	}
	if ((rc = pq_starts_with_magic(fd)) < 0) {
		read_failed(err, "the file's start");
		return -1;
	}
	if (!rc) {
		dp_buf_adds(err, "not a Parquet file (no PAR1 at the start)");
		return -1;
	}
	len = (uint32_t)tail[0] | (uint32_t)tail[1] << 8 |
	      (uint32_t)tail[2] << 16 | (uint32_t)tail[3] << 24;
	if (len > file_size - 12) {
		dp_buf_printf(err, "footer length %lu past the start of the "
			      "file", (unsigned long)len);
		return -1;
	}
	meta = dp_xmalloc(len ? len : 1);
	if (read_at(fd, meta, len, file_size - 8 - len) != 0) {
		read_failed(err, "the footer");
		free(meta);
		return -1;
	}
	rc = pq_footer_parse(f, meta, len, file_size, err);
	free(meta);
	return rc;
}

/* See footer.h. */
void
pq_footer_free(struct pq_footer *f)
{
	for (int i = 0; i < f->nleaves; i++)
		free(f->leaves[i].path);
	free(f->leaves);
	for (int i = 0; i < f->nfields; i++)
		free(f->fields[i].name);
	free(f->fields);
	for (int i = 0; i < f->nrowgroups; i++)
		free(f->rowgroups[i].chunks);
	free(f->rowgroups);
	free(f->created_by);
	for (int i = 0; i < f->nkv; i++) {
		free(f->kv_keys[i]);
		free(f->kv_values[i]);
	}
	free(f->kv_keys);
	free(f->kv_values);
	memset(f, 0, sizeof *f);
}

/* ---- page headers ---------------------------------------------------- */

/* DataPageHeader (v1): 1 if its required fields were there. */
static int
read_data_v1(struct parse *ps, int type, struct pq_pagehdr *h)
{
	int id, ftype;
	unsigned seen = 0;

	if (!enter_struct(ps, type))
		return 0;
	while (pq_tread_field(&ps->r, &id, &ftype)) {
		if (twice(ps, &seen, id))
			break;
		if (id == 1)
			h->num_values = read_i32(ps, ftype);
		else if (id == 2)
			h->encoding = read_i32(ps, ftype);
		else if (id == 3)
			h->def_encoding = read_i32(ps, ftype);
		else if (id == 4)
			h->rep_encoding = read_i32(ps, ftype);
		else
			pq_tread_skip(&ps->r, ftype);	/* statistics */
	}
	return seen_all(seen, 1, 4);
}

/* DictionaryPageHeader: 1 if its required fields were there. */
static int
read_dict(struct parse *ps, int type, struct pq_pagehdr *h)
{
	int id, ftype;
	unsigned seen = 0;

	if (!enter_struct(ps, type))
		return 0;
	while (pq_tread_field(&ps->r, &id, &ftype)) {
		if (twice(ps, &seen, id))
			break;
		if (id == 1)
			h->num_values = read_i32(ps, ftype);
		else if (id == 2)
			h->encoding = read_i32(ps, ftype);
		else
			pq_tread_skip(&ps->r, ftype);	/* is_sorted */
	}
	return seen_all(seen, 1, 2);
}

/* DataPageHeaderV2: 1 if its required fields were there. */
static int
read_data_v2(struct parse *ps, int type, struct pq_pagehdr *h)
{
	int id, ftype;
	unsigned seen = 0;

	if (!enter_struct(ps, type))
		return 0;
	while (pq_tread_field(&ps->r, &id, &ftype)) {
		if (twice(ps, &seen, id))
			break;
		switch (id) {
		case 1:
			h->num_values = read_i32(ps, ftype);
			break;
		case 2:
			h->num_nulls = read_i32(ps, ftype);
			break;
		case 3:
			h->num_rows = read_i32(ps, ftype);
			break;
		case 4:
			h->encoding = read_i32(ps, ftype);
			break;
		case 5:
			h->def_length = read_i32(ps, ftype);
			break;
		case 6:
			h->rep_length = read_i32(ps, ftype);
			break;
		case 7:
			h->is_compressed = read_bool(ps, ftype);
			break;
		default:
			pq_tread_skip(&ps->r, ftype);	/* statistics */
			break;
		}
	}
	return seen_all(seen, 1, 6);
}

/* What is wrong with a decoded page header, or NULL. */
static const char *
page_misfit(const struct pq_pagehdr *h, unsigned seen, int complete)
{
	if (!seen_all(seen, 1, 3))
		return "no type or sizes";
	if (h->uncompressed_size < 0 || h->compressed_size < 0)
		return "a negative size";
	if ((h->type == PQ_PAGE_DATA || h->type == PQ_PAGE_DICT ||
	     h->type == PQ_PAGE_DATA_V2) && !complete)
		return "its type's header missing or incomplete";
	if (h->num_values < 0 || h->num_nulls < 0 || h->num_rows < 0 ||
	    h->def_length < 0 || h->rep_length < 0)
		return "a negative count or length";
	if ((int64_t)h->def_length + h->rep_length > h->compressed_size ||
	    (int64_t)h->def_length + h->rep_length > h->uncompressed_size)
		return "level bytes beyond the page";
	return NULL;
}

/* See footer.h. */
long
pq_pagehdr_parse(struct pq_pagehdr *h, const void *p, size_t n,
		 struct dp_buf *err)
{
	struct parse ps;
	int id, type, complete[4] = { 0 };
	unsigned seen = 0;
	const char *misfit;

	memset(h, 0, sizeof *h);
	h->is_compressed = 1;
	parse_init(&ps, p, n, err);
	pq_tread_begin(&ps.r);
	while (pq_tread_field(&ps.r, &id, &type)) {
		if (twice(&ps, &seen, id))
			break;
		switch (id) {
		case 1:
			h->type = read_i32(&ps, type);
			break;
		case 2:
			h->uncompressed_size = read_i32(&ps, type);
			break;
		case 3:
			h->compressed_size = read_i32(&ps, type);
			break;
		case 5:
			complete[PQ_PAGE_DATA] = read_data_v1(&ps, type, h);
			break;
		case 7:
			complete[PQ_PAGE_DICT] = read_dict(&ps, type, h);
			break;
		case 8:
			complete[PQ_PAGE_DATA_V2] = read_data_v2(&ps, type, h);
			break;
		default:	/* crc, index page header, ... */
			pq_tread_skip(&ps.r, type);
			break;
		}
	}
	if (!ps.r.err) {
		misfit = page_misfit(h, seen, h->type >= 0 && h->type <= 3 ?
				     complete[h->type] : 1);
		if (misfit && failing(&ps))
			dp_buf_printf(err, "a page header with %s", misfit);
	}
	if (finish(&ps, "a page header") != 0)
		return -1;
	return (long)pq_tread_used(&ps.r, p);
}
