/* SPDX-License-Identifier: MIT */
/* The records dp-chunk writes (see chunk.h): a record as a template,
 * literal JSON pieces with slots between them where each chunk's values
 * go. The fields that stay the same are written once per record, however
 * many chunks it has. */
#include <stdlib.h>
#include <string.h>

#include "dp.h"
#include "chunk.h"

/* The fields dp-chunk writes besides the text, in the order it appends
 * them. */
enum slot {
	SLOT_INDEX,
	SLOT_COUNT,
	SLOT_ID,
	SLOT_PARENT,
	SLOT_START,
	SLOT_END,
	NSLOTS,
	SLOT_TEXT = NSLOTS,
	SLOT_NONE		/* a literal piece */
};

static const char *const slot_names[NSLOTS] = {
	dp_name_chunk_index, dp_name_chunk_count, dp_name_chunk_id,
	dp_name_parent_id, dp_name_chunk_start, dp_name_chunk_end
};

struct piece {
	enum slot slot;
	size_t off, len;	/* SLOT_NONE: bytes of tmpl.lit */
};

struct dp_chunk_template {
	const struct dp_field_path *field;	/* the text field */
	struct dp_buf lit;
	struct piece *p;
	size_t np, cap;
};

/* See chunk.h. */
struct dp_chunk_template *
dp_chunk_template_new(const struct dp_field_path *field)
{
	struct dp_chunk_template *t = dp_xmalloc(sizeof *t);

	memset(t, 0, sizeof *t);
	t->field = field;
	return t;
}

/* See chunk.h. */
void
dp_chunk_template_free(struct dp_chunk_template *t)
{
	if (!t)
		return;
	free(t->p);
	dp_buf_free(&t->lit);
	free(t);
}

/* See chunk.h. */
int
dp_chunk_template_writes(const char *name)
{
	for (int s = 0; s < NSLOTS; s++)
		if (strcmp(name, slot_names[s]) == 0)
			return 1;
	return 0;
}

/* Add a piece: the literal bytes of lit from *lit_start on (if any),
 * then slot s unless it is SLOT_NONE. */
static void
tmpl_piece(struct dp_chunk_template *t, size_t *lit_start, enum slot s)
{
	if (t->np + 2 > t->cap) {
		t->cap = t->cap ? t->cap * 2 : 32;
		t->p = dp_xrealloc(t->p, t->cap * sizeof *t->p);
	}
	if (t->lit.len > *lit_start)
		t->p[t->np++] = (struct piece){ SLOT_NONE, *lit_start,
						t->lit.len - *lit_start };
	if (s != SLOT_NONE)
		t->p[t->np++] = (struct piece){ s, 0, 0 };
	*lit_start = t->lit.len;
}

/* The chunk field slot of a key of the record, or SLOT_NONE. */
static enum slot
key_slot(const char *k)
{
	for (int s = 0; s < NSLOTS; s++)
		if (strcmp(k, slot_names[s]) == 0)
			return (enum slot)s;
	return SLOT_NONE;
}

/* Add the fields of `obj`, the value at the text field's first `depth`
 * keys (0: the record), to the template, in order: the text as a slot
 * when it is a string, the object on the way to it followed into, at
 * the record's level the chunk fields as slots (marked in `present`)
 * and then those it lacks. */
static void
tmpl_object(struct dp_chunk_template *t, json_t *obj, size_t depth,
	    size_t *lit_start, int present[NSLOTS])
{
	int last = depth + 1 == t->field->n, first = 1;
	const char *key;
	json_t *v;

	dp_buf_addc(&t->lit, '{');
	json_object_foreach(obj, key, v) {
		int on_path = strcmp(key, t->field->key[depth].name) == 0;
		/* the path's first key is no chunk field (dp-chunk checks) */
		enum slot s = depth == 0 && !on_path ? key_slot(key)
						     : SLOT_NONE;

		if (!first)
			dp_buf_addc(&t->lit, ',');
		first = 0;
		dp_json_cstring(&t->lit, key);
		dp_buf_addc(&t->lit, ':');
		if (on_path && !last && json_is_object(v)) {
			tmpl_object(t, v, depth + 1, lit_start, present);
			continue;
		}
		if (on_path && last && json_is_string(v))
			s = SLOT_TEXT;
		if (s == SLOT_NONE) {
			dp_json_value(&t->lit, v);
			continue;
		}
		if (s != SLOT_TEXT)
			present[s] = 1;
		tmpl_piece(t, lit_start, s);
	}
	for (int s = 0; depth == 0 && s < NSLOTS; s++) {
		if (present[s])
			continue;
		if (!first)
			dp_buf_addc(&t->lit, ',');
		first = 0;
		dp_json_cstring(&t->lit, slot_names[s]);
		dp_buf_addc(&t->lit, ':');
		tmpl_piece(t, lit_start, (enum slot)s);
	}
	dp_buf_addc(&t->lit, '}');
}

/* See chunk.h. */
void
dp_chunk_template_build(struct dp_chunk_template *t, json_t *rec)
{
	int present[NSLOTS] = { 0 };
	size_t lit_start = 0;

	t->lit.len = 0;
	t->np = 0;
	tmpl_object(t, rec, 0, &lit_start, present);
	tmpl_piece(t, &lit_start, SLOT_NONE);
}

/* See chunk.h. */
void
dp_chunk_template_write(const struct dp_chunk_template *t, struct dp_buf *b,
			const char *text, const struct dp_chunk_span *sp,
			size_t i, size_t count, const struct dp_buf *parent)
{
	b->len = 0;
	for (size_t k = 0; k < t->np; k++) {
		const struct piece *p = &t->p[k];

		switch (p->slot) {
		case SLOT_NONE:
			dp_buf_add(b, t->lit.data + p->off, p->len);
			break;
		case SLOT_TEXT:
			dp_json_string(b, text + sp->start,
				       sp->end - sp->start);
			break;
		case SLOT_INDEX:
			dp_json_int(b, (long long)i);
			break;
		case SLOT_COUNT:
			dp_json_int(b, (long long)count);
			break;
		case SLOT_ID:
			/* the parent id's JSON text, reopened */
			dp_buf_add(b, parent->data, parent->len - 1);
			dp_buf_printf(b, "#%zu\"", i);
			break;
		case SLOT_PARENT:
			dp_buf_add(b, parent->data, parent->len);
			break;
		case SLOT_START:
			dp_json_int(b, (long long)sp->cp_start);
			break;
		case SLOT_END:
			dp_json_int(b, (long long)sp->cp_end);
			break;
		}
	}
}
