/* SPDX-License-Identifier: MIT */
/*
 * Text chunking: dp-chunk's splitting logic, kept out of the program so
 * that unit tests and fuzz targets can call it on bare text.
 *
 * Vocabulary. A word is a maximal run of code points that are not
 * Unicode White_Space. A chunk is always a run of whole words (only the
 * fixed strategy in chars may cut inside a word), so it starts and ends
 * on a non-whitespace character. Sizes count words, or code points from
 * the chunk's first character to its last (inner whitespace included).
 *
 * The splitter never fails and never reads outside text[0..n): invalid
 * UTF-8 (which jansson never hands over) counts as one code point per
 * bad byte. Work is linear in n (semantic adds a sort of the distances).
 */
#ifndef DP_CHUNK_H
#define DP_CHUNK_H

#include <stddef.h>

#include "dp.h"

enum dp_chunk_strategy {
	DP_CHUNK_NONE,		/* the whole text, one chunk */
	DP_CHUNK_FIXED,		/* windows of size, step size - overlap */
	DP_CHUNK_SENTENCE,	/* whole sentences packed up to size */
	DP_CHUNK_PARAGRAPH,	/* blank-line blocks packed up to size */
	DP_CHUNK_SEMANTIC	/* breaks between dissimilar sentences */
};

enum dp_chunk_unit {
	DP_CHUNK_WORDS,
	DP_CHUNK_CHARS		/* Unicode code points */
};

/* Dimension of the hash embedding the semantic strategy compares. */
#define DP_CHUNK_SEMANTIC_DIM 256

struct dp_chunk_opts {
	enum dp_chunk_strategy strategy;
	enum dp_chunk_unit unit;
	size_t size;		/* at most this many units per chunk (>= 1) */
	size_t overlap;		/* units shared with the previous chunk */
	double percentile;	/* semantic: breakpoint percentile, 0..100 */
};

/* One chunk: byte offsets into the text and code point offsets, both
 * end exclusive. */
struct dp_chunk_span {
	size_t start, end;
	size_t cp_start, cp_end;
};

struct dp_chunker;

/* A chunker for these options (copied). Out-of-range values are
 * clamped so that splitting always terminates: size 0 counts as 1,
 * an overlap >= size as size - 1, a percentile outside 0..100 to the
 * nearest end. Callers that want errors check the options first. */
struct dp_chunker *dp_chunker_new(const struct dp_chunk_opts *o);
void dp_chunker_free(struct dp_chunker *c);

/* Split n bytes of UTF-8 text. Returns the number of chunks (>= 1) and
 * points *spans at them, in text order, valid until the next call on
 * this chunker. Each chunk is non-empty, starts and ends on a
 * non-whitespace character and holds at most `size` units, except a
 * chunk of one word longer than the size (chars). Every non-whitespace
 * character lies in some chunk. Chunk starts and ends strictly
 * increase. A text without any non-whitespace character (also the
 * empty text) gives one span: the whole text. `none` gives the whole
 * text, untrimmed. */
size_t dp_chunker_split(struct dp_chunker *c, const char *text, size_t n,
			const struct dp_chunk_span **spans);

/* The sentences of the text as the sentence strategy sees them, before
 * packing (0 when the text has no non-whitespace character). */
size_t dp_chunker_sentences(struct dp_chunker *c, const char *text, size_t n,
			    const struct dp_chunk_span **spans);

/* The strategy or unit called `name`; -1 if there is none. */
int dp_chunk_strategy_from_name(const char *name);
int dp_chunk_unit_from_name(const char *name);

/* ---- template.c: the records dp-chunk writes ---------------------------- */

/* One output record per chunk: the input record's fields in order, the
 * text field holding the chunk's text (when it is a string), then
 * chunk_index, chunk_count, chunk_id ("PARENT#i"), parent_id,
 * chunk_start and chunk_end (code points), replacing fields of those
 * names in place; as dp_json_value prints jansson's object edited so.
 * Built once per input record, from its canonical text (the line
 * itself when that is canonical), written once per chunk by copying
 * that text around the values that change. */
struct dp_chunk_template;

/* A template for records whose text is in `field` (borrowed). */
struct dp_chunk_template *dp_chunk_template_new(
	const struct dp_field_path *field);
void dp_chunk_template_free(struct dp_chunk_template *t);
/* Is `name` one of the chunk fields the template writes? */
int dp_chunk_template_writes(const char *name);
/* Make t the template of the scanned record s. What t holds points
 * into s's line: valid while that is, and until the next build. */
void dp_chunk_template_build(struct dp_chunk_template *t,
			     const struct dp_scan *s);
/* The record's canonical text (dp_json_value's text of it), *len bytes. */
const char *dp_chunk_template_record(const struct dp_chunk_template *t,
				     size_t *len);
/* The text to split, decoded (*len bytes, may hold NUL), or NULL when
 * the text field is not there or not a string. */
const char *dp_chunk_template_text(const struct dp_chunk_template *t,
				   size_t *len);
/* The record of chunk i of count, spanning sp of the text, into b
 * (emptied first); parent is the parent id as a JSON string. */
void dp_chunk_template_write(const struct dp_chunk_template *t,
			     struct dp_buf *b, const struct dp_chunk_span *sp,
			     size_t i, size_t count,
			     const struct dp_buf *parent);

#endif
