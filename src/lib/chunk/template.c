/* SPDX-License-Identifier: MIT */
/* The records dp-chunk writes (see chunk.h): a record as a template,
 * the record's canonical text with holes where each chunk's values go
 * (the text, the chunk fields it has) and the chunk fields it lacks
 * added before its closing brace. The bytes between the holes are
 * copied as they are, once per chunk: no value is parsed or printed
 * again. */
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

/* A piece of the record: literal bytes p[0..n), or a slot. */
struct piece {
	enum slot slot;
	const char *p;
	size_t n;
};

/* At most: a literal before each of the NSLOTS + 1 holes and one after
 * them, then a key and a slot for each chunk field added, and '}'. */
#define MAX_PIECES (2 * (NSLOTS + 1) + 1 + 2 * NSLOTS + 1)

struct dp_chunk_template {
	const struct dp_field_path *field;	/* the text field */
	struct dp_buf keys;	/* ,"chunk_index": and the others */
	size_t key_off[NSLOTS];
	/* the record's canonical text: its line, or canon */
	const char *rec;
	size_t len;
	struct dp_buf canon;	/* a line that was not canonical, written
				 * canonically */
	struct dp_scan scan;	/* canon, scanned */
	/* the text, decoded, or NULL when it is not a string */
	const char *text;
	size_t text_len;
	struct dp_jspan json;	/* the text's value in rec */
	struct dp_buf scratch;	/* a text with escapes, decoded */
	struct piece p[MAX_PIECES];
	size_t np;
};

/* See chunk.h. */
struct dp_chunk_template *
dp_chunk_template_new(const struct dp_field_path *field)
{
	struct dp_chunk_template *t = dp_xmalloc(sizeof *t);

	memset(t, 0, sizeof *t);
	t->field = field;
	for (int s = 0; s < NSLOTS; s++) {
		t->key_off[s] = t->keys.len;
		dp_buf_addc(&t->keys, ',');
		dp_json_cstring(&t->keys, slot_names[s]);
		dp_buf_addc(&t->keys, ':');
	}
	return t;
}

/* See chunk.h. */
void
dp_chunk_template_free(struct dp_chunk_template *t)
{
	if (!t)
		return;
	dp_buf_free(&t->keys);
	dp_buf_free(&t->canon);
	dp_scan_free(&t->scan);
	dp_buf_free(&t->scratch);
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

/* A value of the record replaced by a slot. */
struct hole {
	const char *p;
	size_t n;
	enum slot slot;
};

/* Add a piece: literal bytes p[0..n) (none when n is 0), or slot s. */
static void
piece(struct dp_chunk_template *t, enum slot s, const char *p, size_t n)
{
	if (s == SLOT_NONE && n == 0)
		return;
	t->p[t->np++] = (struct piece){ s, p, n };
}

/* Read the text from the text field's value in the canonical record
 * scanned as sc, and note it as a hole when it is a string. Returns the
 * number of holes added (0 or 1). */
static size_t
find_text(struct dp_chunk_template *t, const struct dp_scan *sc,
	  struct hole *h)
{
	struct dp_jspan v;

	t->text = NULL;
	t->text_len = 0;
	if (!dp_scan_get(sc, t->field, &v) || v.type != DP_JSTRING)
		return 0;
	t->json = v;
	t->text = dp_jspan_str(&v, &t->scratch, &t->text_len);
	*h = (struct hole){ v.p, v.n, SLOT_TEXT };
	return 1;
}

/* See chunk.h. */
void
dp_chunk_template_build(struct dp_chunk_template *t, const struct dp_scan *s)
{
	struct hole h[NSLOTS + 1];
	int present[NSLOTS] = { 0 };
	const struct dp_scan *sc = s;
	const char *at;
	size_t nh;
	int first;

	if (s->canon) {
		t->rec = s->line;
		t->len = s->len;
	} else {
		t->canon.len = 0;
		dp_scan_write(&t->canon, s);
		if (dp_scan_line(&t->scan, t->canon.data, t->canon.len) != 0)
			dp_die(DP_EXIT_INTERNAL, "a record written canonically "
			       "no longer scans");
		sc = &t->scan;
		t->rec = t->canon.data;
		t->len = t->canon.len;
	}
	/* The holes, in the text's order: the record has no repeated key,
	 * and the text lies inside the path's first key, no chunk field. */
	nh = find_text(t, sc, h);
	for (int k = 0; k < NSLOTS; k++) {
		const struct dp_jfield *f = dp_scan_field(sc, slot_names[k],
							  strlen(slot_names[k]));
		size_t i = nh++;

		if (!f) {
			nh--;
			continue;
		}
		present[k] = 1;
		for (; i > 0 && h[i - 1].p > f->v.p; i--)
			h[i] = h[i - 1];
		h[i] = (struct hole){ f->v.p, f->v.n, (enum slot)k };
	}
	t->np = 0;
	at = t->rec;
	for (size_t i = 0; i < nh; i++) {
		piece(t, SLOT_NONE, at, (size_t)(h[i].p - at));
		piece(t, h[i].slot, NULL, 0);
		at = h[i].p + h[i].n;
	}
	/* up to the closing brace, then the chunk fields it lacks */
	piece(t, SLOT_NONE, at, (size_t)(t->rec + t->len - 1 - at));
	first = sc->n == 0;
	for (int k = 0; k < NSLOTS; k++) {
		const char *key = t->keys.data + t->key_off[k];
		size_t n = (k + 1 < NSLOTS ? t->key_off[k + 1] : t->keys.len) -
			   t->key_off[k];

		if (present[k])
			continue;
		if (first) {	/* no ',' after "{" */
			key++;
			n--;
			first = 0;
		}
		piece(t, SLOT_NONE, key, n);
		piece(t, (enum slot)k, NULL, 0);
	}
	piece(t, SLOT_NONE, "}", 1);
}

/* See chunk.h. */
const char *
dp_chunk_template_record(const struct dp_chunk_template *t, size_t *len)
{
	*len = t->len;
	return t->rec;
}

/* See chunk.h. */
const char *
dp_chunk_template_text(const struct dp_chunk_template *t, size_t *len)
{
	*len = t->text_len;
	return t->text;
}

/* Append the decimal digits of v. */
static void
add_uint(struct dp_buf *b, size_t v)
{
	char tmp[24];
	size_t i = sizeof tmp;

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	dp_buf_add(b, tmp + i, sizeof tmp - i);
}

/* Append the text of chunk sp as a JSON string. The text's value is
 * canonical: without escapes, any piece of its content is the JSON
 * content of that piece of the text; with them, the whole text is its
 * value as it stands. */
static void
write_text(const struct dp_chunk_template *t, struct dp_buf *b,
	   const struct dp_chunk_span *sp)
{
	const struct dp_jspan *v = &t->json;

	if (v->canon && !v->esc) {
		dp_buf_reserve(b, sp->end - sp->start + 2);
		b->data[b->len++] = '"';
		memcpy(b->data + b->len, t->text + sp->start,
		       sp->end - sp->start);
		b->len += sp->end - sp->start;
		b->data[b->len++] = '"';
	} else if (v->canon && sp->start == 0 && sp->end == t->text_len) {
		dp_buf_add(b, v->p, v->n);
	} else {
		dp_json_string(b, t->text + sp->start, sp->end - sp->start);
	}
}

/* See chunk.h. */
void
dp_chunk_template_write(const struct dp_chunk_template *t, struct dp_buf *b,
			const struct dp_chunk_span *sp, size_t i, size_t count,
			const struct dp_buf *parent)
{
	b->len = 0;
	for (size_t k = 0; k < t->np; k++) {
		const struct piece *p = &t->p[k];

		switch (p->slot) {
		case SLOT_NONE:
			dp_buf_add(b, p->p, p->n);
			break;
		case SLOT_TEXT:
			write_text(t, b, sp);
			break;
		case SLOT_INDEX:
			add_uint(b, i);
			break;
		case SLOT_COUNT:
			add_uint(b, count);
			break;
		case SLOT_ID:
			/* the parent id's JSON text, reopened */
			dp_buf_add(b, parent->data, parent->len - 1);
			dp_buf_addc(b, '#');
			add_uint(b, i);
			dp_buf_addc(b, '"');
			break;
		case SLOT_PARENT:
			dp_buf_add(b, parent->data, parent->len);
			break;
		case SLOT_START:
			add_uint(b, sp->cp_start);
			break;
		case SLOT_END:
			add_uint(b, sp->cp_end);
			break;
		}
	}
}
