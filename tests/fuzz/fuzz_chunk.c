/* SPDX-License-Identifier: MIT */
/* Fuzz target: the chunker (chunk.h). The first four bytes pick the
 * options: strategy and unit, size, overlap and percentile; the rest is
 * the text (any bytes: invalid UTF-8 counts as one code point per bad
 * byte). Every result is checked against the promises of
 * dp_chunker_split and dp_chunker_sentences, on an independent reading
 * of the text: at least one span, in text order with strictly
 * increasing starts and ends, each non-empty, starting and ending on a
 * non-whitespace character and on code point boundaries, with code
 * point offsets that match its byte offsets, within the size unless it
 * is a single word (chars), and every non-whitespace character in some
 * chunk. A broken promise aborts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chunk/chunk.h"

/* The text as the chunker's contract sees it. */
struct model {
	size_t n, ncp;
	size_t *cp_at;		/* code point index of byte i, n + 1 entries;
				 * (size_t)-1 inside a sequence */
	unsigned char *space;	/* per byte: starts a White_Space char */
	unsigned char *word;	/* per byte: part of a non-space char */
};

/* Decode a strict UTF-8 sequence at s[0..n): its length, or 1 for an
 * invalid byte (which then stands for one code point, not a space). */
static size_t
decode(const unsigned char *s, size_t n, unsigned *cp)
{
	unsigned c = s[0];
	size_t len;

	*cp = 0xfffd;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf)
		len = 2;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4;
	else
		return 1;
	if (n < len)
		return 1;
	unsigned v = c & (0xff >> (len + 1));
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 1;
		v = v << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && (v < 0x800 || (v >= 0xd800 && v <= 0xdfff))) ||
	    (len == 4 && (v < 0x10000 || v > 0x10ffff)))
		return 1;
	*cp = v;
	return len;
}

/* Unicode White_Space (PropList.txt). */
static int
white_space(unsigned c)
{
	return (c >= 0x09 && c <= 0x0d) || c == 0x20 || c == 0x85 ||
	       c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
	       c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f ||
	       c == 0x3000;
}

static void
model_init(struct model *m, const unsigned char *s, size_t n)
{
	size_t cp = 0;

	m->n = n;
	m->cp_at = malloc((n + 1) * sizeof *m->cp_at);
	m->space = calloc(n + 1, 1);
	m->word = calloc(n + 1, 1);
	for (size_t i = 0; i < n;) {
		unsigned u;
		size_t len = decode(s + i, n - i, &u);
		int sp = white_space(u);

		m->cp_at[i] = cp++;
		for (size_t k = 1; k < len; k++)
			m->cp_at[i + k] = (size_t)-1;
		m->space[i] = (unsigned char)sp;
		memset(m->word + i, !sp, len);
		i += len;
	}
	m->cp_at[n] = cp;
	m->ncp = cp;
}

static void
model_free(struct model *m)
{
	free(m->cp_at);
	free(m->space);
	free(m->word);
}

/* Does the text have a non-whitespace character? */
static int
has_word(const struct model *m)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->word[i])
			return 1;
	return 0;
}

/* Check the spans of a split (or the sentences, which obey the same
 * rules except the size) of a text that has a word. */
static void
check_spans(const struct model *m, const struct dp_chunk_span *sp,
	    size_t nsp, const struct dp_chunk_opts *o, int sized)
{
	size_t covered = 0;	/* bytes before this are checked */

	if (nsp == 0)
		abort();
	for (size_t i = 0; i < nsp; i++) {
		const struct dp_chunk_span *s = &sp[i];

		if (s->start >= s->end || s->end > m->n)
			abort();
		if (i > 0 && (s->start <= sp[i - 1].start ||
			      s->end <= sp[i - 1].end))
			abort();
		/* on code point boundaries, with matching code points */
		if (m->cp_at[s->start] == (size_t)-1 ||
		    m->cp_at[s->end] == (size_t)-1 ||
		    m->cp_at[s->start] != s->cp_start ||
		    m->cp_at[s->end] != s->cp_end)
			abort();
		/* starts and ends on a non-whitespace character */
		if (!m->word[s->start] || !m->word[s->end - 1])
			abort();
		/* no non-whitespace character left out before it */
		for (size_t b = covered; b < s->start; b++)
			if (m->word[b])
				abort();
		if (s->end > covered)
			covered = s->end;
		if (!sized)
			continue;
		size_t units, words = 0;
		for (size_t b = s->start; b < s->end; b++)
			words += m->word[b] && (b == s->start ||
						!m->word[b - 1]);
		units = o->unit == DP_CHUNK_WORDS ? words
						  : s->cp_end - s->cp_start;
		size_t size = o->size ? o->size : 1;
		if (units > size && !(o->unit == DP_CHUNK_CHARS && words == 1))
			abort();
	}
	for (size_t b = covered; b < m->n; b++)
		if (m->word[b])
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 4)
		return 0;
	struct dp_chunk_opts o;
	const char *text = (const char *)data + 4;
	size_t n = size - 4;
	const struct dp_chunk_span *sp;
	struct model m;
	size_t nsp;

	o.strategy = (enum dp_chunk_strategy)(data[0] % 5);
	o.unit = (data[0] & 8) ? DP_CHUNK_CHARS : DP_CHUNK_WORDS;
	/* sizes 0..63 words, or 0..255 chars; now and then a large one */
	o.size = o.unit == DP_CHUNK_WORDS ? data[1] & 63 : data[1];
	if (data[0] & 16)
		o.size *= 97;
	o.overlap = data[2] <= o.size || (data[0] & 32) ? data[2] : o.size;
	o.percentile = data[3] == 255 ? -1 : data[3] * 0.5;

	struct dp_chunker *c = dp_chunker_new(&o);
	model_init(&m, (const unsigned char *)text, n);

	nsp = dp_chunker_split(c, text, n, &sp);
	if (o.strategy == DP_CHUNK_NONE || !has_word(&m)) {
		/* the whole text, one span */
		if (nsp != 1 || sp[0].start != 0 || sp[0].end != n ||
		    sp[0].cp_start != 0 || sp[0].cp_end != m.ncp)
			abort();
	} else {
		check_spans(&m, sp, nsp, &o, 1);
	}
	/* a second split on the same chunker gives the same answer */
	{
		size_t keep = nsp;
		struct dp_chunk_span *copy = malloc(keep * sizeof *copy);
		memcpy(copy, sp, keep * sizeof *copy);
		nsp = dp_chunker_split(c, text, n, &sp);
		if (nsp != keep || memcmp(copy, sp, keep * sizeof *copy))
			abort();
		free(copy);
	}

	nsp = dp_chunker_sentences(c, text, n, &sp);
	if (!has_word(&m)) {
		if (nsp != 0)
			abort();
	} else {
		check_spans(&m, sp, nsp, &o, 0);
		/* sentences do not overlap */
		for (size_t i = 1; i < nsp; i++)
			if (sp[i].start < sp[i - 1].end)
				abort();
	}
	model_free(&m);
	dp_chunker_free(c);
	return 0;
}
