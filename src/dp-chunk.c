/* SPDX-License-Identifier: MIT */
/* dp-chunk: split a text field of each record into chunks, one record
 * per chunk. The splitting itself is libdp's (chunk.h). */
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "dp.h"
#include "chunk/chunk.h"

enum {
	OPT_OVERLAP = 1,
	OPT_PERCENTILE,
	OPT_ID_FIELD
};

static const struct option long_options[] = {
	{ "field", required_argument, NULL, 'f' },
	{ "strategy", required_argument, NULL, 's' },
	{ "size", required_argument, NULL, 'n' },
	{ "overlap", required_argument, NULL, OPT_OVERLAP },
	{ "unit", required_argument, NULL, 'u' },
	{ "breakpoint-percentile", required_argument, NULL, OPT_PERCENTILE },
	{ "id-field", required_argument, NULL, OPT_ID_FIELD },
	DP_COMMON_LONG_OPTIONS,
	{ NULL, 0, NULL, 0 }
};

/* Print the full help to stdout. */
static void
help(void)
{
	printf("Usage: dp-chunk [OPTION]... [FILE]...\n"
	       "Split a text field of each NDJSON record into chunks, one "
	       "record per chunk,\nwith chunk_index, chunk_count, chunk_id, "
	       "parent_id, chunk_start and chunk_end.\nWith no FILE, or "
	       "when FILE is -, read standard input.\n\n"
	       "  -f, --field=PATH      the text field (default: "
	       "embedding_text)\n"
	       "  -s, --strategy=NAME   none, fixed, sentence, paragraph or "
	       "semantic\n"
	       "                        (default: sentence)\n"
	       "  -n, --size=N          at most N units per chunk (default: "
	       "200)\n"
	       "      --overlap=N       units shared by consecutive chunks "
	       "(default: 0)\n"
	       "  -u, --unit=UNIT       words or chars (code points) "
	       "(default: words)\n"
	       "      --breakpoint-percentile=P\n"
	       "                        semantic: break where the distance "
	       "exceeds the P-th\n"
	       "                        percentile (default: 95)\n"
	       "      --id-field=PATH   the parent id field (default: "
	       "entity_id)\n"
	       "%s", dp_common_help);
}

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

/* A record as a template: literal JSON pieces with slots between them
 * where each chunk's values go. The fields that stay the same are
 * written once per record, however many chunks it has. */
struct piece {
	enum slot slot;
	size_t off, len;	/* SLOT_NONE: bytes of tmpl.lit */
};

struct tmpl {
	struct dp_buf lit;
	struct piece *p;
	size_t np, cap;
};

struct chunker_run {
	struct dp_field_path *field, *id_field;
	struct dp_chunker *chunker;
	struct tmpl t;
	struct dp_buf out, parent, why;
};

/* Add a piece: the literal bytes of lit from *lit_start on (if any),
 * then slot s unless it is SLOT_NONE. */
static void
tmpl_piece(struct tmpl *t, size_t *lit_start, enum slot s)
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
tmpl_object(struct chunker_run *r, json_t *obj, size_t depth,
	    size_t *lit_start, int present[NSLOTS])
{
	struct tmpl *t = &r->t;
	int last = depth + 1 == r->field->n, first = 1;
	const char *key;
	json_t *v;

	dp_buf_addc(&t->lit, '{');
	json_object_foreach(obj, key, v) {
		int on_path = strcmp(key, r->field->key[depth].name) == 0;
		/* the path's first key is no chunk field (main checks) */
		enum slot s = depth == 0 && !on_path ? key_slot(key)
						     : SLOT_NONE;

		if (!first)
			dp_buf_addc(&t->lit, ',');
		first = 0;
		dp_json_cstring(&t->lit, key);
		dp_buf_addc(&t->lit, ':');
		if (on_path && !last && json_is_object(v)) {
			tmpl_object(r, v, depth + 1, lit_start, present);
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

/* Build the template of `rec`: its fields in order, the text field and
 * chunk fields as slots (the text only when it is a string), then the
 * chunk fields it lacks. */
static void
tmpl_build(struct chunker_run *r, json_t *rec)
{
	int present[NSLOTS] = { 0 };
	size_t lit_start = 0;

	r->t.lit.len = 0;
	r->t.np = 0;
	tmpl_object(r, rec, 0, &lit_start, present);
	tmpl_piece(&r->t, &lit_start, SLOT_NONE);
}

/* Write the record of chunk i of count, text being the parent text. */
static void
emit_chunk(struct chunker_run *r, const char *text,
	   const struct dp_chunk_span *sp, size_t i, size_t count)
{
	struct dp_buf *b = &r->out;

	b->len = 0;
	for (size_t k = 0; k < r->t.np; k++) {
		const struct piece *p = &r->t.p[k];

		switch (p->slot) {
		case SLOT_NONE:
			dp_buf_add(b, r->t.lit.data + p->off, p->len);
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
			dp_buf_add(b, r->parent.data, r->parent.len - 1);
			dp_buf_printf(b, "#%zu\"", i);
			break;
		case SLOT_PARENT:
			dp_buf_add(b, r->parent.data, r->parent.len);
			break;
		case SLOT_START:
			dp_json_int(b, (long long)sp->cp_start);
			break;
		case SLOT_END:
			dp_json_int(b, (long long)sp->cp_end);
			break;
		}
	}
	dp_out_record(b);
}

/* Reject `rec` with the message in r->why. */
static void
reject(struct chunker_run *r, json_t *rec, const char *file, long long line)
{
	r->out.len = 0;
	dp_json_value(&r->out, rec);
	dp_reject(file, line, dp_buf_cstr(&r->why), r->out.data, NULL,
		  r->out.len);
}

/* Set r->parent to the parent id as a JSON string: the id field when it
 * is a non-empty string or an integer, else the XXH3-128 (32 hex digits)
 * of the record's compact JSON text, as dp-chunk writes its fields: the
 * id depends on the record alone, never on where the input was cut
 * (parallel --pipe), and identical records share it (as they share
 * their chunks). Returns -1 (with r->why set) when the id field has
 * another type. */
static int
parent_id(struct chunker_run *r, json_t *rec)
{
	json_t *id = dp_field_path_get(r->id_field, rec);
	char hash[33];

	r->parent.len = 0;
	if (json_is_string(id) && json_string_length(id) > 0) {
		dp_json_string(&r->parent, json_string_value(id),
			       json_string_length(id));
	} else if (json_is_integer(id)) {
		dp_buf_printf(&r->parent, "\"%" JSON_INTEGER_FORMAT "\"",
			      json_integer_value(id));
	} else if (!id || json_is_null(id) || json_is_string(id)) {
		dp_json_value(&r->parent, rec);
		dp_xxh128_hex(r->parent.data, r->parent.len, hash);
		r->parent.len = 0;
		dp_buf_printf(&r->parent, "\"%s\"", hash);
	} else {
		r->why.len = 0;
		dp_buf_printf(&r->why, "field \"%s\": not a string or integer "
			      "but %s", r->id_field->text,
			      dp_json_type_name(id));
		return -1;
	}
	return 0;
}

/* Chunk one record: one output record per chunk, or a reject. */
static void
chunk_record(struct chunker_run *r, json_t *rec, const char *file,
	     long long line)
{
	json_t *text = dp_field_path_get(r->field, rec);
	static const struct dp_chunk_span whole = { 0, 0, 0, 0 };
	const struct dp_chunk_span *spans = &whole;
	const char *s = "";
	size_t count = 1;

	if (text && !json_is_string(text) && !json_is_null(text)) {
		r->why.len = 0;
		dp_buf_printf(&r->why, "field \"%s\": not a string but %s",
			      r->field->text, dp_json_type_name(text));
		reject(r, rec, file, line);
		return;
	}
	if (parent_id(r, rec) != 0) {
		reject(r, rec, file, line);
		return;
	}
	tmpl_build(r, rec);
	if (json_is_string(text)) {
		s = json_string_value(text);
		count = dp_chunker_split(r->chunker, s,
					 json_string_length(text), &spans);
	}
	for (size_t i = 0; i < count; i++)
		emit_chunk(r, s, &spans[i], i, count);
}

int
main(int argc, char *argv[])
{
	struct dp_common common;
	struct dp_chunk_opts o = { DP_CHUNK_SENTENCE, DP_CHUNK_WORDS, 200, 0,
				   95 };
	struct chunker_run r = { 0 };
	struct dp_records *in;
	const char *file;
	long long line;
	json_t *rec;
	int c, v;

	dp_init(argv[0]);
	dp_common_init(&common);
	dp_field_path_option(&r.field, "--field", dp_name_embedding_text);
	dp_field_path_option(&r.id_field, "--id-field", dp_name_entity_id);
	while ((c = getopt_long(argc, argv, "f:s:n:u:", long_options,
				NULL)) != -1) {
		if (dp_common_option(&common, c, optarg, help))
			continue;
		switch (c) {
		case 'f':
			dp_field_path_option(&r.field, "--field", optarg);
			break;
		case 's':
			if ((v = dp_chunk_strategy_from_name(optarg)) < 0)
				dp_usage_error("--strategy: unknown strategy "
					       "'%s'", optarg);
			o.strategy = (enum dp_chunk_strategy)v;
			break;
		case 'n':
			o.size = (size_t)dp_parse_int_option("--size", optarg,
							     1, LLONG_MAX);
			break;
		case OPT_OVERLAP:
			o.overlap = (size_t)dp_parse_int_option(
				"--overlap", optarg, 0, LLONG_MAX);
			break;
		case 'u':
			if ((v = dp_chunk_unit_from_name(optarg)) < 0)
				dp_usage_error("--unit: not words or chars: "
					       "'%s'", optarg);
			o.unit = (enum dp_chunk_unit)v;
			break;
		case OPT_PERCENTILE:
			o.percentile = dp_parse_double_option(
				"--breakpoint-percentile", optarg, 0, 100);
			break;
		case OPT_ID_FIELD:
			dp_field_path_option(&r.id_field, "--id-field", optarg);
			break;
		default:
			dp_usage_error(NULL);
		}
	}
	if (o.overlap >= o.size)
		dp_usage_error("--overlap (%zu) must be less than --size (%zu)",
			       o.overlap, o.size);
	if (key_slot(r.field->key[0].name) != SLOT_NONE)
		dp_usage_error("--field: '%s' is %sa field dp-chunk writes",
			       r.field->text, r.field->n > 1 ? "inside " : "");
	dp_out_init(common.unbuffered);
	dp_rejects_init(&common);
	r.chunker = dp_chunker_new(&o);

	in = dp_records_open(argc - optind, argv + optind);
	while ((rec = dp_records_next(in, &file, &line)) != NULL) {
		chunk_record(&r, rec, file, line);
		json_decref(rec);
	}
	dp_records_close(in);

	dp_rejects_finish();
	dp_out_finish();
	dp_chunker_free(r.chunker);
	free(r.t.p);
	dp_buf_free(&r.t.lit);
	dp_buf_free(&r.out);
	dp_buf_free(&r.parent);
	dp_buf_free(&r.why);
	dp_field_path_free(r.field);
	dp_field_path_free(r.id_field);
	return DP_EXIT_OK;
}
