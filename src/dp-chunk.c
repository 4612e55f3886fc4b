/* SPDX-License-Identifier: MIT */
/* dp-chunk: split a text field of each record into chunks, one record
 * per chunk. The splitting and the records written are libdp's
 * (chunk.h). */
#include <limits.h>
#include <string.h>

#include "dp.h"
#include "chunk/chunk.h"

struct chunker_run {
	struct dp_field_path *field, *id_field;	/* --field, --id-field */
	struct dp_chunk_opts o;
	long long size, overlap;	/* --size, --overlap */
	struct dp_chunker *chunker;
	struct dp_chunk_template *t;
	struct dp_buf out, parent, why;
};

/* --field PATH */
static void
set_field(void *ctx, const char *arg)
{
	dp_field_path_option(&((struct chunker_run *)ctx)->field, "--field",
			     arg);
}

/* --id-field PATH */
static void
set_id_field(void *ctx, const char *arg)
{
	dp_field_path_option(&((struct chunker_run *)ctx)->id_field,
			     "--id-field", arg);
}

/* --strategy NAME */
static void
set_strategy(void *ctx, const char *arg)
{
	int v = dp_chunk_strategy_from_name(arg);

	if (v < 0)
		dp_usage_error("--strategy: unknown strategy '%s'", arg);
	((struct chunker_run *)ctx)->o.strategy = (enum dp_chunk_strategy)v;
}

/* --unit UNIT */
static void
set_unit(void *ctx, const char *arg)
{
	int v = dp_chunk_unit_from_name(arg);

	if (v < 0)
		dp_usage_error("--unit: not words or chars: '%s'", arg);
	((struct chunker_run *)ctx)->o.unit = (enum dp_chunk_unit)v;
}

static const struct dp_option options[] = {
	DP_OPT_CALL("field", 'f', "PATH", "the text field (default: "
		    "embedding_text)", set_field),
	DP_OPT_CALL("strategy", 's', "NAME", "none, fixed, sentence, "
		    "paragraph or semantic (default: sentence)", set_strategy),
	DP_OPT_INT("size", 'n', "N", "at most N units per chunk (default: "
		   "200)", struct chunker_run, size, 1, LLONG_MAX),
	DP_OPT_INT("overlap", 0, "N", "units shared by consecutive chunks "
		   "(default: 0)", struct chunker_run, overlap, 0, LLONG_MAX),
	DP_OPT_CALL("unit", 'u', "UNIT", "words or chars (code points) "
		    "(default: words)", set_unit),
	DP_OPT_DOUBLE("breakpoint-percentile", 0, "P", "semantic: break "
		      "where the distance exceeds the P-th percentile "
		      "(default: 95)", struct chunker_run, o.percentile, 0,
		      100),
	DP_OPT_CALL("id-field", 0, "PATH", "the parent id field (default: "
		    "entity_id)", set_id_field),
	DP_OPT_END
};

/* The options' combination. */
static int
check(void *ctx, int argc, char **argv)
{
	struct chunker_run *r = ctx;

	(void)argc;
	(void)argv;
	if (r->overlap >= r->size)
		dp_usage_error("--overlap (%lld) must be less than --size "
			       "(%lld)", r->overlap, r->size);
	if (dp_chunk_template_writes(r->field->key[0].name))
		dp_usage_error("--field: '%s' is %sa field dp-chunk writes",
			       r->field->text, r->field->n > 1 ? "inside " : "");
	r->o.size = (size_t)r->size;
	r->o.overlap = (size_t)r->overlap;
	return 0;
}

/* Once the options are read: the chunker and the record template. */
static void
start(void *ctx, const struct dp_common *common)
{
	struct chunker_run *r = ctx;

	(void)common;
	r->chunker = dp_chunker_new(&r->o);
	r->t = dp_chunk_template_new(r->field);
}

/* Reject record s with the message in r->why. */
static void
reject(struct chunker_run *r, const struct dp_scan *s, const char *file,
       long long line)
{
	r->out.len = 0;
	dp_scan_write(&r->out, s);
	dp_reject(file, line, dp_buf_cstr(&r->why), r->out.data, NULL,
		  r->out.len);
}

/* Set r->parent to the parent id of record s (whose template r->t
 * holds) as a JSON string: the id field when it is a non-empty string
 * or an integer, else the XXH3-128 (32 hex digits) of the record's
 * compact JSON text, as dp-chunk writes its fields: the id depends on
 * the record alone, never on where the input was cut (parallel
 * --pipe), and identical records share it (as they share their
 * chunks). Returns -1 (with r->why set) when the id field has another
 * type. */
static int
parent_id(struct chunker_run *r, const struct dp_scan *s)
{
	struct dp_jspan id;
	int found = dp_scan_get(s, r->id_field, &id);
	const char *rec;
	size_t len;
	char hash[33];

	r->parent.len = 0;
	if (found && id.type == DP_JSTRING && id.n > 2) {
		dp_jspan_write(&r->parent, &id);
	} else if (found && id.type == DP_JINT) {
		dp_buf_addc(&r->parent, '"');
		dp_jspan_write(&r->parent, &id);
		dp_buf_addc(&r->parent, '"');
	} else if (!found || id.type == DP_JNULL || id.type == DP_JSTRING) {
		rec = dp_chunk_template_record(r->t, &len);
		dp_xxh128_hex(rec, len, hash);
		dp_buf_printf(&r->parent, "\"%s\"", hash);
	} else {
		r->why.len = 0;
		dp_buf_printf(&r->why, "field \"%s\": not a string or integer "
			      "but %s", r->id_field->text,
			      dp_jtype_name(id.type));
		return -1;
	}
	return 0;
}

/* Chunk one record: one output record per chunk, or a reject. */
static void
chunk_record(void *ctx, const struct dp_record *in)
{
	struct chunker_run *r = ctx;
	const struct dp_scan *s = in->scan;
	static const struct dp_chunk_span whole = { 0, 0, 0, 0 };
	const struct dp_chunk_span *spans = &whole;
	struct dp_jspan text;
	const char *t;
	size_t count = 1, n;

	if (dp_scan_get(s, r->field, &text) && text.type != DP_JSTRING &&
	    text.type != DP_JNULL) {
		r->why.len = 0;
		dp_buf_printf(&r->why, "field \"%s\": not a string but %s",
			      r->field->text, dp_jtype_name(text.type));
		reject(r, s, in->file, in->line);
		return;
	}
	dp_chunk_template_build(r->t, s);
	if (parent_id(r, s) != 0) {
		reject(r, s, in->file, in->line);
		return;
	}
	t = dp_chunk_template_text(r->t, &n);
	if (t)
		count = dp_chunker_split(r->chunker, t, n, &spans);
	for (size_t i = 0; i < count; i++) {
		dp_chunk_template_write(r->t, &r->out, &spans[i], i, count,
					&r->parent);
		dp_out_record(&r->out);
	}
}

/* Free what the run holds. */
static int
end(void *ctx)
{
	struct chunker_run *r = ctx;

	dp_chunker_free(r->chunker);
	dp_chunk_template_free(r->t);
	dp_field_path_free(r->field);
	dp_field_path_free(r->id_field);
	dp_buf_free(&r->out);
	dp_buf_free(&r->parent);
	dp_buf_free(&r->why);
	return DP_EXIT_OK;
}

int
main(int argc, char *argv[])
{
	static struct chunker_run r = {
		.o = { DP_CHUNK_SENTENCE, DP_CHUNK_WORDS, 200, 0, 95 },
		.size = 200
	};
	static const struct dp_program program = {
		.synopsis = "[OPTION]... [FILE]...",
		.about = "Split a text field of each NDJSON record into "
			 "chunks, one record per chunk,\nwith chunk_index, "
			 "chunk_count, chunk_id, parent_id, chunk_start and "
			 "chunk_end.\nWith no FILE, or when FILE is -, read "
			 "standard input.\n",
		.groups = { { options, &r } },
		.ctx = &r,
		.check = check,
		.start = start,
		.spans = 1,
		.record = chunk_record,
		.end = end
	};

	dp_field_path_option(&r.field, "--field", dp_name_embedding_text);
	dp_field_path_option(&r.id_field, "--id-field", dp_name_entity_id);
	return dp_main(&program, argc, argv);
}
