/* SPDX-License-Identifier: MIT */
/* Text chunking (see chunk.h): words, sentences, paragraphs and the
 * strategies that pack them into chunks. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dp.h"
#include "chunk.h"
#include "embed/embed.h"

/* A word: byte and code point offsets (end exclusive), and what the
 * whitespace after it holds. */
struct word {
	size_t b0, b1, c0, c1;
	unsigned char para_after;	/* a blank line follows */
	unsigned char sent_after;	/* a sentence ends with this word */
};

/* A run of words [w0, w1): a sentence, paragraph or piece of one. */
struct range {
	size_t w0, w1;
};

struct dp_chunker {
	struct dp_chunk_opts o;
	const char *text;
	size_t n, ncp;
	struct word *w;
	size_t nw, cap_w;
	struct range *sent;	/* sentences */
	size_t nsent, cap_sent;
	struct range *unit;	/* what pack() packs */
	size_t nunit, cap_unit;
	struct dp_chunk_span *out;
	size_t nout, cap_out;
	double *dist, *sorted;	/* semantic: distances between windows */
	size_t cap_dist;
	float *va, *vb;		/* semantic: window embeddings */
};

/* ---- UTF-8 and character classes -------------------------------------- */

/* Decode the code point at s[0..n), n >= 1: its length, and *cp. An
 * invalid sequence is one byte long and decodes as U+FFFD. */
static size_t
decode(const unsigned char *s, size_t n, unsigned *cp)
{
	uint32_t v;
	size_t len;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	len = dp_utf8_next((const char *)s, n, &v);
	if (len == 0) {
		*cp = 0xfffd;
		return 1;
	}
	*cp = v;
	return len;
}

/* The code point ending at s[end] (exclusive), not before s[begin]: its
 * start offset, and *cp. */
static size_t
decode_back(const unsigned char *s, size_t begin, size_t end, unsigned *cp)
{
	size_t i = end - 1;

	while (i > begin && end - i < 4 && (s[i] & 0xc0) == 0x80)
		i--;
	if (decode(s + i, end - i, cp) == end - i)
		return i;
	decode(s + end - 1, 1, cp);	/* a stray byte stands alone */
	return end - 1;
}

/* Unicode White_Space. */
static int
is_space(unsigned c)
{
	if (c < 0x80)
		return c == ' ' || (c >= '\t' && c <= '\r');
	return c == 0x85 || c == 0xa0 || c == 0x1680 ||
	       (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 ||
	       c == 0x202f || c == 0x205f || c == 0x3000;
}

/* An upper-case letter of the Latin, Greek or Cyrillic alphabets. */
static int
is_upper(unsigned c)
{
	if (c >= 'A' && c <= 'Z')
		return 1;
	if (c >= 0xc0 && c <= 0xde)
		return c != 0xd7;
	if (c >= 0x100 && c <= 0x137)
		return c % 2 == 0;
	if (c >= 0x139 && c <= 0x148)
		return c % 2 == 1;
	if (c >= 0x14a && c <= 0x177)
		return c % 2 == 0;
	if (c == 0x178 || c == 0x179 || c == 0x17b || c == 0x17d)
		return 1;
	if (c >= 0x391 && c <= 0x3a9)
		return c != 0x3a2;
	return c >= 0x400 && c <= 0x42f;
}

/* A quotation mark that may open a sentence. */
static int
is_open_quote(unsigned c)
{
	return c == '"' || c == '\'' || c == 0x201c || c == 0x2018 ||
	       c == 0xab;
}

/* What may follow a sentence's final punctuation: quotes, brackets. */
static int
is_closer(unsigned c)
{
	return c == '"' || c == '\'' || c == ')' || c == ']' || c == '}' ||
	       c == 0x201d || c == 0x2019 || c == 0xbb;
}

/* What may come before a word: quotes, brackets. */
static int
is_opener(unsigned c)
{
	return is_open_quote(c) || c == '(' || c == '[' || c == '{';
}

/* ---- words ------------------------------------------------------------ */

/* Is b a byte of printable ASCII other than the space (a code point of
 * its own, and no White_Space)? */
static int
is_ascii_word_byte(unsigned char b)
{
	return (unsigned char)(b - 0x21) < 0x7f - 0x20;
}

/* A word starts at byte i, code point cp; `breaks` line breaks
 * separate it from the word before. */
static void
word_start(struct dp_chunker *c, size_t i, size_t cp, int breaks)
{
	struct word *w;

	if (c->nw > 0)
		c->w[c->nw - 1].para_after = breaks >= 2;
	c->w = dp_xgrow(c->w, &c->cap_w, c->nw + 1, sizeof *c->w);
	w = &c->w[c->nw++];
	w->b0 = i;
	w->c0 = cp;
	w->para_after = w->sent_after = 0;
}

/* The last word ends before byte i, code point cp. */
static void
word_end(struct dp_chunker *c, size_t i, size_t cp)
{
	c->w[c->nw - 1].b1 = i;
	c->w[c->nw - 1].c1 = cp;
}

/* Split the text into words, noting where blank lines separate them:
 * two line breaks (LF, CR LF, CR, NEL, LS) or one PS in the whitespace
 * between two words. One pass; runs of printable ASCII and single
 * spaces take the short way. */
static void
tokenize(struct dp_chunker *c)
{
	const unsigned char *s = (const unsigned char *)c->text;
	size_t n = c->n, i = 0, cp = 0;
	int in_word = 0, breaks = 0;

	c->nw = 0;
	while (i < n) {
		unsigned u;
		size_t len;

		if (is_ascii_word_byte(s[i])) {
			size_t j = i + 1;
			if (!in_word)
				word_start(c, i, cp, breaks);
			in_word = 1;
			while (j < n && is_ascii_word_byte(s[j]))
				j++;
			cp += j - i;
			i = j;
			continue;
		}
		len = decode(s + i, n - i, &u);
		if (is_space(u)) {
			if (in_word) {
				word_end(c, i, cp);
				in_word = 0;
				breaks = 0;
			}
			if (u == '\n' || u == 0x85 || u == 0x2028 ||
			    (u == '\r' && (i + 1 >= n || s[i + 1] != '\n')))
				breaks++;
			else if (u == 0x2029)
				breaks += 2;
		} else if (!in_word) {
			word_start(c, i, cp, breaks);
			in_word = 1;
		}
		i += len;
		cp++;
	}
	if (in_word)
		word_end(c, n, cp);
	c->ncp = cp;
}

/* Abbreviations whose period does not end a sentence (case counts). */
static const char *const abbreviations[] = {
	"Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "Sr", "Jr", "St", "Ave",
	"Blvd", "Rd", "Hwy", "Mt", "Ft", "Inc", "Ltd", "Co", "Corp", "Bros",
	"Gen", "Gov", "Sen", "Rep", "Capt", "Lt", "Col", "Sgt", "Rev", "Hon",
	"No", "Nos", "Vol", "Fig", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul",
	"Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Ph.D", "approx", "vs",
	"cf", "al", NULL
};

/* Is s[0..n), which ends with '.', an abbreviation: one of the list
 * above, an initial (one upper-case ASCII letter: "J."), or two or more
 * single letters each followed by a period ("U.S.", "e.g.")? */
static int
is_abbreviation(const char *s, size_t n)
{
	int letters = n % 2 == 0;

	for (size_t i = 0; letters && i < n; i += 2)
		letters = ((s[i] >= 'a' && s[i] <= 'z') ||
			   (s[i] >= 'A' && s[i] <= 'Z')) && s[i + 1] == '.';
	if (letters && (n > 2 || (s[0] >= 'A' && s[0] <= 'Z')))
		return 1;
	for (const char *const *a = abbreviations; *a; a++)
		if (**a == *s && strlen(*a) == n - 1 &&
		    memcmp(*a, s, n - 1) == 0)
			return 1;
	return 0;
}

/* Does a sentence end between word a and word b (the next)? When a
 * ends with '?', '!' or '.' (then maybe closing quotes or brackets),
 * the '.' is not an abbreviation's, and b starts with an upper-case
 * letter, a digit or an opening quote. */
static int
sentence_ends(const struct dp_chunker *c, const struct word *a,
	      const struct word *b)
{
	const unsigned char *s = (const unsigned char *)c->text;
	size_t end = a->b1, begin = a->b0, p;
	unsigned u = s[end - 1];

	if (u < 0x80 && u != '.' && u != '?' && u != '!' && !is_closer(u))
		return 0;	/* most words: no need to look further */
	do {	/* closing quotes and brackets */
		p = decode_back(s, begin, end, &u);
		if (!is_closer(u))
			break;
		end = p;
	} while (end > begin);
	if (end == begin || (u != '.' && u != '?' && u != '!'))
		return 0;
	decode(s + b->b0, b->b1 - b->b0, &u);
	if (!is_upper(u) && !(u >= '0' && u <= '9') && !is_open_quote(u))
		return 0;
	if (s[end - 1] != '.')
		return 1;
	while (begin < end) {	/* opening quotes and brackets */
		size_t len = decode(s + begin, end - begin, &u);
		if (!is_opener(u))
			break;
		begin += len;
	}
	return !is_abbreviation(c->text + begin, end - begin);
}

/* Mark sentence ends and list the sentences. A blank line ends a
 * sentence too, and so does the end of the text. */
static void
find_sentences(struct dp_chunker *c)
{
	size_t start = 0;

	c->nsent = 0;
	for (size_t i = 0; i < c->nw; i++) {
		struct word *w = &c->w[i];

		w->sent_after = i + 1 == c->nw || w->para_after ||
				sentence_ends(c, w, w + 1);
		if (!w->sent_after)
			continue;
		c->sent = dp_xgrow(c->sent, &c->cap_sent, c->nsent + 1,
			       sizeof *c->sent);
		c->sent[c->nsent++] = (struct range){ start, i + 1 };
		start = i + 1;
	}
}

/* ---- packing ---------------------------------------------------------- */

/* The size of words [w0, w1) in the unit. */
static size_t
measure(const struct dp_chunker *c, size_t w0, size_t w1)
{
	if (c->o.unit == DP_CHUNK_WORDS)
		return w1 - w0;
	return c->w[w1 - 1].c1 - c->w[w0].c0;
}

/* Do words [w0, w1) fit in one chunk? */
static int
fits(const struct dp_chunker *c, size_t w0, size_t w1)
{
	return measure(c, w0, w1) <= c->o.size;
}

/* Append a chunk to the output. */
static void
emit_span(struct dp_chunker *c, size_t b0, size_t b1, size_t c0, size_t c1)
{
	c->out = dp_xgrow(c->out, &c->cap_out, c->nout + 1, sizeof *c->out);
	c->out[c->nout++] = (struct dp_chunk_span){ b0, b1, c0, c1 };
}

/* A chunk of words [w0, w1). */
static void
emit_words(struct dp_chunker *c, size_t w0, size_t w1)
{
	emit_span(c, c->w[w0].b0, c->w[w1 - 1].b1, c->w[w0].c0,
		  c->w[w1 - 1].c1);
}

/* Append words [w0, w1) to the units pack() packs. */
static void
add_unit(struct dp_chunker *c, size_t w0, size_t w1)
{
	c->unit = dp_xgrow(c->unit, &c->cap_unit, c->nunit + 1,
			   sizeof *c->unit);
	c->unit[c->nunit++] = (struct range){ w0, w1 };
}

/* Words [w0, w1) as units that fit the size: the whole run if it fits,
 * else pieces of as many words as fit (a word longer than the size
 * alone). */
static void
add_words(struct dp_chunker *c, size_t w0, size_t w1)
{
	while (w0 < w1) {
		size_t e = w0 + 1;

		while (e < w1 && fits(c, w0, e + 1))
			e++;
		add_unit(c, w0, e);
		w0 = e;
	}
}

/* Sentences [s0, s1) as units: each whole if it fits, else in pieces. */
static void
add_sentences(struct dp_chunker *c, size_t s0, size_t s1)
{
	for (size_t i = s0; i < s1; i++)
		add_words(c, c->sent[i].w0, c->sent[i].w1);
}

/* Pack the units greedily into chunks of at most the size. Each chunk
 * after the first starts with the trailing units of the previous one
 * whose total size fits the overlap (as long as the next unit still
 * fits with them), so every chunk brings at least one new unit. */
static void
pack(struct dp_chunker *c)
{
	const struct range *u = c->unit;
	size_t nu = c->nunit, i = 0;

	while (i < nu) {
		size_t j = i, k;

		while (j + 1 < nu && fits(c, u[i].w0, u[j + 1].w1))
			j++;
		emit_words(c, u[i].w0, u[j].w1);
		if (j + 1 >= nu)
			break;
		for (k = j + 1; k - 1 > i; k--)
			if (measure(c, u[k - 1].w0, u[j].w1) > c->o.overlap ||
			    !fits(c, u[k - 1].w0, u[j + 1].w1))
				break;
		i = k;
	}
}

/* ---- strategies ------------------------------------------------------- */

/* A known code point offset and its byte offset. */
struct cursor {
	size_t cp, byte;
};

/* Where code point p (inside or at the end of word wi) is in bytes.
 * The cursor remembers the last answer, so that a sequence of
 * non-decreasing positions costs one walk over the text. */
static size_t
byte_at(const struct dp_chunker *c, struct cursor *cur, size_t wi, size_t p)
{
	const struct word *w = &c->w[wi];
	const unsigned char *s = (const unsigned char *)c->text;
	unsigned u;

	if (p == w->c0)
		return w->b0;
	if (p == w->c1)
		return w->b1;
	if (cur->cp < w->c0 || cur->cp > p) {
		cur->cp = w->c0;
		cur->byte = w->b0;
	}
	while (cur->cp < p) {
		cur->byte += decode(s + cur->byte, c->n - cur->byte, &u);
		cur->cp++;
	}
	return cur->byte;
}

/* Fixed windows of code points: each starts on a non-whitespace
 * character (the first at or after the previous start plus size -
 * overlap) and is trimmed of whitespace at its end; a window that brings
 * nothing new (ends where the previous chunk ends) is left out. */
static void
fixed_chars(struct dp_chunker *c)
{
	size_t size = c->o.size, step = size - c->o.overlap;
	size_t last = c->w[c->nw - 1].c1, s = c->w[0].c0;
	size_t ws = 0, we = 0, prev_end = 0;
	struct cursor cs = { 0, 0 }, ce = { 0, 0 };

	for (;;) {
		while (c->w[ws].c1 <= s)
			ws++;
		if (s < c->w[ws].c0)
			s = c->w[ws].c0;
		size_t e = last - s <= size ? last : s + size;
		while (we + 1 < c->nw && c->w[we + 1].c0 < e)
			we++;
		size_t te = e < c->w[we].c1 ? e : c->w[we].c1;
		if (te > prev_end) {
			emit_span(c, byte_at(c, &cs, ws, s),
				  byte_at(c, &ce, we, te), s, te);
			prev_end = te;
		}
		if (e >= last)
			break;
		s += step;
	}
}

/* Fixed windows of words, step size - overlap. */
static void
fixed_words(struct dp_chunker *c)
{
	size_t size = c->o.size, step = size - c->o.overlap;

	for (size_t i = 0;; i += step) {
		size_t j = c->nw - i <= size ? c->nw : i + size;

		emit_words(c, i, j);
		if (j >= c->nw)
			break;
	}
}

/* Paragraphs (runs of words up to a blank line) as units: each whole if
 * it fits, else its sentences. */
static void
paragraphs(struct dp_chunker *c)
{
	size_t s0 = 0;

	for (size_t i = 0; i < c->nsent; i++) {
		size_t w1 = c->sent[i].w1;

		if (w1 < c->nw && !c->w[w1 - 1].para_after)
			continue;
		if (fits(c, c->sent[s0].w0, w1))
			add_unit(c, c->sent[s0].w0, w1);
		else
			add_sentences(c, s0, i + 1);
		s0 = i + 1;
	}
	pack(c);
}

/* The embedding of the window around sentence i: sentences i-1..i+1. */
static void
embed_window(struct dp_chunker *c, size_t i, float *out)
{
	size_t lo = i > 0 ? i - 1 : 0;
	size_t hi = i + 1 < c->nsent ? i + 1 : i;
	size_t b0 = c->w[c->sent[lo].w0].b0, b1 = c->w[c->sent[hi].w1 - 1].b1;

	dp_hash_embed(c->text + b0, b1 - b0, DP_CHUNK_SEMANTIC_DIM, out);
}

/* qsort order of doubles, ascending. */
static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The p-th percentile of v[0..m), m >= 1, with linear interpolation
 * between the closest ranks (numpy's default). Sorts a copy. */
static double
percentile(struct dp_chunker *c, size_t m, double p)
{
	double *s = c->sorted, pos, frac;
	size_t lo;

	memcpy(s, c->dist, m * sizeof *s);
	qsort(s, m, sizeof *s, cmp_double);
	pos = p / 100 * (double)(m - 1);
	lo = (size_t)pos;
	if (lo >= m - 1)
		return s[m - 1];
	frac = pos - (double)lo;
	return s[lo] + (s[lo + 1] - s[lo]) * frac;
}

/* Sentences [s0, s1) as one group: one chunk if it fits, else packed
 * like the sentence strategy. */
static void
semantic_group(struct dp_chunker *c, size_t s0, size_t s1)
{
	if (fits(c, c->sent[s0].w0, c->sent[s1 - 1].w1)) {
		emit_words(c, c->sent[s0].w0, c->sent[s1 - 1].w1);
		return;
	}
	c->nunit = 0;
	add_sentences(c, s0, s1);
	pack(c);
}

/* Break between sentences i and i+1 where the cosine distance between
 * the embeddings of their windows exceeds the percentile of all those
 * distances. */
static void
semantic(struct dp_chunker *c)
{
	size_t m = c->nsent, s0 = 0;
	double threshold;
	float *t;

	if (m <= 1) {
		semantic_group(c, 0, m);
		return;
	}
	c->dist = dp_xgrow(c->dist, &c->cap_dist, m - 1, sizeof *c->dist);
	c->sorted = dp_xrealloc(c->sorted, c->cap_dist * sizeof *c->sorted);
	embed_window(c, 0, c->va);
	for (size_t i = 0; i + 1 < m; i++) {
		embed_window(c, i + 1, c->vb);
		c->dist[i] = 1 - dp_cosine(c->va, c->vb, DP_CHUNK_SEMANTIC_DIM);
		t = c->va;
		c->va = c->vb;
		c->vb = t;
	}
	threshold = percentile(c, m - 1, c->o.percentile);
	for (size_t i = 0; i + 1 < m; i++) {
		if (c->dist[i] > threshold) {
			semantic_group(c, s0, i + 1);
			s0 = i + 1;
		}
	}
	semantic_group(c, s0, m);
}

/* ---- API -------------------------------------------------------------- */

/* See chunk.h. */
struct dp_chunker *
dp_chunker_new(const struct dp_chunk_opts *o)
{
	struct dp_chunker *c = dp_xmalloc(sizeof *c);

	memset(c, 0, sizeof *c);
	c->o = *o;
	if (c->o.size < 1)
		c->o.size = 1;
	if (c->o.overlap >= c->o.size)
		c->o.overlap = c->o.size - 1;
	if (!(c->o.percentile >= 0))	/* also NaN */
		c->o.percentile = 0;
	if (c->o.percentile > 100)
		c->o.percentile = 100;
	c->va = dp_xmalloc(DP_CHUNK_SEMANTIC_DIM * sizeof *c->va);
	c->vb = dp_xmalloc(DP_CHUNK_SEMANTIC_DIM * sizeof *c->vb);
	return c;
}

/* See chunk.h. */
void
dp_chunker_free(struct dp_chunker *c)
{
	if (!c)
		return;
	free(c->w);
	free(c->sent);
	free(c->unit);
	free(c->out);
	free(c->dist);
	free(c->sorted);
	free(c->va);
	free(c->vb);
	free(c);
}

/* Take text (n bytes) as the one to cut, split into words. */
static void
start(struct dp_chunker *c, const char *text, size_t n)
{
	c->text = text;
	c->n = n;
	c->nout = 0;
	c->nunit = 0;
	tokenize(c);
}

/* See chunk.h. */
size_t
dp_chunker_split(struct dp_chunker *c, const char *text, size_t n,
		 const struct dp_chunk_span **spans)
{
	start(c, text, n);
	if (c->nw == 0 || c->o.strategy == DP_CHUNK_NONE) {
		emit_span(c, 0, n, 0, c->ncp);
		*spans = c->out;
		return c->nout;
	}
	switch (c->o.strategy) {
	case DP_CHUNK_FIXED:
		if (c->o.unit == DP_CHUNK_CHARS)
			fixed_chars(c);
		else
			fixed_words(c);
		break;
	case DP_CHUNK_PARAGRAPH:
		find_sentences(c);
		paragraphs(c);
		break;
	case DP_CHUNK_SEMANTIC:
		find_sentences(c);
		semantic(c);
		break;
	default:
		find_sentences(c);
		add_sentences(c, 0, c->nsent);
		pack(c);
		break;
	}
	*spans = c->out;
	return c->nout;
}

/* See chunk.h. */
size_t
dp_chunker_sentences(struct dp_chunker *c, const char *text, size_t n,
		     const struct dp_chunk_span **spans)
{
	start(c, text, n);
	find_sentences(c);
	for (size_t i = 0; i < c->nsent; i++)
		emit_words(c, c->sent[i].w0, c->sent[i].w1);
	*spans = c->out;
	return c->nout;
}

/* See chunk.h. */
int
dp_chunk_strategy_from_name(const char *name)
{
	static const char *const names[] = {
		"none", "fixed", "sentence", "paragraph", "semantic"
	};

	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcmp(name, names[i]) == 0)
			return (int)i;
	return -1;
}

/* See chunk.h. */
int
dp_chunk_unit_from_name(const char *name)
{
	if (strcmp(name, "words") == 0)
		return DP_CHUNK_WORDS;
	if (strcmp(name, "chars") == 0)
		return DP_CHUNK_CHARS;
	return -1;
}
