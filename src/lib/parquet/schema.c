/* SPDX-License-Identifier: MIT */
/* Table schemas: the unified schema, schema files, names and types. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"

static const struct {
	const char *name;
	enum pq_kind kind;
} kinds[] = {
	{ "string", PQ_STRING }, { "int32", PQ_INT32 }, { "int64", PQ_INT64 },
	{ "double", PQ_DOUBLE }, { "float", PQ_FLOAT }, { "bool", PQ_BOOL },
	{ "boolean", PQ_BOOL }, { "timestamp", PQ_TIMESTAMP },
};

/* See schema.h. */
struct pq_schema *
pq_schema_new(void)
{
	struct pq_schema *s = dp_xmalloc(sizeof *s);

	memset(s, 0, sizeof *s);
	return s;
}

/* See schema.h. */
void
pq_schema_free(struct pq_schema *s)
{
	if (!s)
		return;
	for (int i = 0; i < s->n; i++)
		free(s->fields[i].name);
	free(s->fields);
	free(s->slots);
	free(s);
}

/* Rebuild the name table at twice the field count, at least. */
static void
rehash(struct pq_schema *s)
{
	s->nslots = 16;
	while (s->nslots < (size_t)s->n * 3)
		s->nslots *= 2;
	free(s->slots);
	s->slots = dp_xmalloc(s->nslots * sizeof *s->slots);
	memset(s->slots, 0, s->nslots * sizeof *s->slots);
	for (int i = 0; i < s->n; i++) {
		const char *name = s->fields[i].name;
		size_t h = dp_hash(name, strlen(name)) & (s->nslots - 1);
		while (s->slots[h])
			h = (h + 1) & (s->nslots - 1);
		s->slots[h] = i + 1;
	}
}

/* See schema.h. */
int
pq_schema_find(const struct pq_schema *s, const char *name, size_t n)
{
	if (!s->nslots)
		return -1;
	size_t h = dp_hash(name, n) & (s->nslots - 1);
	while (s->slots[h]) {
		const char *f = s->fields[s->slots[h] - 1].name;
		/* not strncmp: name may hold a NUL, where strncmp stops */
		if (strnlen(f, n + 1) == n && !memcmp(f, name, n))
			return s->slots[h] - 1;
		h = (h + 1) & (s->nslots - 1);
	}
	return -1;
}

/* See schema.h. */
int
pq_schema_add(struct pq_schema *s, const struct pq_field *f)
{
	if (pq_schema_find(s, f->name, strlen(f->name)) >= 0)
		return -1;
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->fields = dp_xrealloc(s->fields, s->cap * sizeof *s->fields);
	}
	s->fields[s->n] = *f;
	s->fields[s->n].name = dp_xstrdup(f->name);
	s->n++;
	if ((size_t)s->n * 3 > s->nslots)
		rehash(s);
	else {
		size_t h = dp_hash(f->name, strlen(f->name)) &
			   (s->nslots - 1);
		while (s->slots[h])
			h = (h + 1) & (s->nslots - 1);
		s->slots[h] = s->n;
	}
	return 0;
}

/* See schema.h. */
int
pq_name_ok(const char *name, size_t n)
{
	if (n == 0 || n > 255 || isdigit((unsigned char)name[0]))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)name[i]) && name[i] != '_')
			return 0;
	return 1;
}

/* Parse a scalar type spelled by n bytes at p into f. */
static int
parse_scalar(const char *p, size_t n, struct pq_field *f)
{
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strlen(kinds[i].name) == n && !memcmp(kinds[i].name, p, n)) {
			f->kind = kinds[i].kind;
			return 0;
		}
	if (n > 9 && !memcmp(p, "decimal(", 8) && p[n - 1] == ')') {
		/* "P,S": plain decimals (sscanf's %d took " 5" and wrapped
		 * 4294967300 to 4) */
		char tmp[32], *comma;
		long long prec, scale;
		if (n - 9 >= sizeof tmp)
			return -1;
		memcpy(tmp, p + 8, n - 9);
		tmp[n - 9] = '\0';
		if (!(comma = strchr(tmp, ',')))
			return -1;
		*comma = '\0';
		if (dp_parse_int(tmp, &prec) != 0 ||
		    dp_parse_int(comma + 1, &scale) != 0 || prec < 1 ||
		    prec > 18 || scale < 0 || scale > prec)
			return -1;
		f->kind = PQ_DECIMAL;
		f->precision = (int)prec;
		f->scale = (int)scale;
		return 0;
	}
	return -1;
}

/* Split off the next blank-separated word of line[*i..n). */
static size_t
word(const char *line, size_t n, size_t *i, const char **w)
{
	while (*i < n && isspace((unsigned char)line[*i]))
		(*i)++;
	*w = line + *i;
	size_t start = *i;
	int angle = 0;
	while (*i < n && (angle || !isspace((unsigned char)line[*i]))) {
		if (line[*i] == '<')
			angle++;
		else if (line[*i] == '>' && angle)
			angle--;
		(*i)++;
	}
	return *i - start;
}

/* Parse one field line; returns 0 or -1 with *why set. */
static int
parse_line(const char *line, size_t n, struct pq_field *f, const char **why)
{
	size_t i = 0, len;
	const char *w;

	memset(f, 0, sizeof *f);
	len = word(line, n, &i, &w);
	if (!pq_name_ok(w, len)) {
		*why = "not a field name (letters, digits and '_')";
		return -1;
	}
	f->name = dp_xmalloc(len + 1);
	memcpy(f->name, w, len);
	f->name[len] = '\0';

	len = word(line, n, &i, &w);
	if (len == 0) {
		*why = "missing type";
		return -1;
	}
	if (len > 6 && !memcmp(w, "list<", 5) && w[len - 1] == '>') {
		const char *in = w + 5;
		size_t inlen = len - 6;
		const char *nn = " not null";
		size_t nnlen = strlen(nn);
		f->list = 1;
		if (inlen > nnlen && !memcmp(in + inlen - nnlen, nn, nnlen)) {
			f->elem_required = 1;
			inlen -= nnlen;
		}
		while (inlen && isspace((unsigned char)in[inlen - 1]))
			inlen--;
		if (parse_scalar(in, inlen, f) != 0) {
			*why = "unknown list element type";
			return -1;
		}
	} else if (parse_scalar(w, len, f) != 0) {
		*why = "unknown type (string, int32, int64, double, float, "
		       "bool, timestamp, decimal(P,S), list<T>)";
		return -1;
	}
	len = word(line, n, &i, &w);
	if (len == 8 && !memcmp(w, "required", 8)) {
		f->required = 1;
		len = word(line, n, &i, &w);
	}
	if (len) {
		*why = "unexpected text after the type";
		return -1;
	}
	return 0;
}

/* See schema.h. */
struct pq_schema *
pq_schema_parse(const char *text, size_t n, struct dp_buf *err)
{
	struct pq_schema *s = pq_schema_new();
	size_t pos = 0;
	long line = 0;

	while (pos < n) {
		const char *l = text + pos;
		const char *nl = memchr(l, '\n', n - pos);
		size_t len = nl ? (size_t)(nl - l) : n - pos;
		const char *hash = memchr(l, '#', len);
		struct pq_field f;
		const char *why = NULL;
		size_t k = 0;

		pos += len + (nl != NULL);
		line++;
		if (hash)
			len = (size_t)(hash - l);
		while (k < len && isspace((unsigned char)l[k]))
			k++;
		if (k == len)
			continue;
		if (parse_line(l, len, &f, &why) != 0) {
			dp_buf_printf(err, "%ld: %s", line, why);
			free(f.name);
			pq_schema_free(s);
			return NULL;
		}
		if (pq_schema_add(s, &f) != 0) {
			dp_buf_printf(err, "%ld: field '%s' defined twice",
				      line, f.name);
			free(f.name);
			pq_schema_free(s);
			return NULL;
		}
		free(f.name);
	}
	if (s->n == 0) {
		dp_buf_printf(err, "%ld: no fields", line);
		pq_schema_free(s);
		return NULL;
	}
	return s;
}

/* The Parquet field of the unified schema's field d; its name is d's. */
static struct pq_field
unified_field(const struct dp_field_def *d)
{
	/* pq_schema_add copies the name: it is never written through */
	struct pq_field f = { .name = (char *)d->name,
			      .required = d->required };

	switch (d->type) {
	case DP_TYPE_STRING:
		f.kind = PQ_STRING;
		break;
	case DP_TYPE_INT32:
		f.kind = PQ_INT32;
		break;
	case DP_TYPE_INT64:
		f.kind = PQ_INT64;
		break;
	case DP_TYPE_DOUBLE:
		f.kind = PQ_DOUBLE;
		break;
	case DP_TYPE_DECIMAL:
		f.kind = PQ_DECIMAL;
		f.precision = d->precision;
		f.scale = d->scale;
		break;
	case DP_TYPE_TIMESTAMP:
		f.kind = PQ_TIMESTAMP;
		break;
	case DP_TYPE_STRING_LIST:
		f.kind = PQ_STRING;
		f.list = 1;
		break;
	case DP_TYPE_VECTOR:
		f.kind = PQ_FLOAT;
		f.list = 1;
		f.elem_required = 1;
		break;
	}
	return f;
}

/* See schema.h. */
struct pq_schema *
pq_schema_unified(void)
{
	struct pq_schema *s = pq_schema_new();

	/* no name is taken: a name twice in the table does not compile
	 * (enum dp_field) */
	for (int i = 0; i < DP_NFIELDS; i++) {
		struct pq_field f = unified_field(&dp_unified[i]);
		(void)pq_schema_add(s, &f);
	}
	return s;
}

/* See schema.h. */
void
pq_type_name(const struct pq_field *f, struct dp_buf *out)
{
	const char *k = "string";

	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (kinds[i].kind == f->kind) {
			k = kinds[i].name;
			break;
		}
	if (f->list)
		dp_buf_adds(out, "list<");
	if (f->kind == PQ_DECIMAL)
		dp_buf_printf(out, "decimal(%d,%d)", f->precision, f->scale);
	else
		dp_buf_adds(out, k);
	if (f->list)
		dp_buf_adds(out, f->elem_required ? " not null>" : ">");
}

/* See schema.h. */
void
pq_schema_format(const struct pq_schema *s, struct dp_buf *out)
{
	for (int i = 0; i < s->n; i++) {
		dp_buf_adds(out, s->fields[i].name);
		dp_buf_addc(out, ' ');
		pq_type_name(&s->fields[i], out);
		if (s->fields[i].required)
			dp_buf_adds(out, " required");
		dp_buf_addc(out, '\n');
	}
}

/* See schema.h. */
enum pq_physical
pq_kind_physical(enum pq_kind k)
{
	switch (k) {
	case PQ_INT32: return PQ_T_INT32;
	case PQ_INT64: case PQ_DECIMAL: case PQ_TIMESTAMP: return PQ_T_INT64;
	case PQ_DOUBLE: return PQ_T_DOUBLE;
	case PQ_FLOAT: return PQ_T_FLOAT;
	case PQ_BOOL: return PQ_T_BOOLEAN;
	default: return PQ_T_BYTE_ARRAY;
	}
}

/* See schema.h. */
int
pq_kind_width(enum pq_kind k)
{
	switch (pq_kind_physical(k)) {
	case PQ_T_INT32: case PQ_T_FLOAT: return 4;
	case PQ_T_INT64: case PQ_T_DOUBLE: return 8;
	case PQ_T_BOOLEAN: return 1;
	default: return 0;
	}
}
