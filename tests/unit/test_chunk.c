/* SPDX-License-Identifier: MIT */
/* Unit tests of the chunker (chunk.h): sentence detection, each
 * strategy on small texts, and the chunk invariants on thousands of
 * random texts (fixed seed). */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>

#include "dp.h"
#include "chunk/chunk.h"
#include "unit.h"

/* ---- helpers ---------------------------------------------------------- */

static struct dp_chunker *
chunker(enum dp_chunk_strategy st, enum dp_chunk_unit u, size_t size,
	size_t overlap)
{
	struct dp_chunk_opts o = { st, u, size, overlap, 95 };

	return dp_chunker_new(&o);
}

/* The chunks (or sentences) of text joined with " | ". */
static const char *
joined(struct dp_chunker *c, const char *text, int sentences)
{
	static struct dp_buf b;
	const struct dp_chunk_span *sp;
	size_t n = sentences
		? dp_chunker_sentences(c, text, strlen(text), &sp)
		: dp_chunker_split(c, text, strlen(text), &sp);

	b.len = 0;
	for (size_t i = 0; i < n; i++) {
		if (i)
			dp_buf_adds(&b, " | ");
		dp_buf_add(&b, text + sp[i].start, sp[i].end - sp[i].start);
	}
	return dp_buf_cstr(&b);
}

/* Split with a throwaway chunker and join the chunks. */
static const char *
split(enum dp_chunk_strategy st, enum dp_chunk_unit u, size_t size,
      size_t overlap, const char *text)
{
	struct dp_chunker *c = chunker(st, u, size, overlap);
	const char *s = joined(c, text, 0);

	dp_chunker_free(c);
	return s;
}

static const char *
sentences(const char *text)
{
	struct dp_chunker *c = chunker(DP_CHUNK_SENTENCE, DP_CHUNK_WORDS, 1, 0);
	const char *s = joined(c, text, 1);

	dp_chunker_free(c);
	return s;
}

/* ---- an independent model of the text, for the invariants ------------- */

/* Decode one code point of valid UTF-8. */
static size_t
utf8_next(const unsigned char *s, unsigned *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] < 0xe0) {
		*cp = (s[0] & 0x1fu) << 6 | (s[1] & 0x3fu);
		return 2;
	}
	if (s[0] < 0xf0) {
		*cp = (s[0] & 0x0fu) << 12 | (s[1] & 0x3fu) << 6 |
		      (s[2] & 0x3fu);
		return 3;
	}
	*cp = (s[0] & 0x07u) << 18 | (s[1] & 0x3fu) << 12 |
	      (s[2] & 0x3fu) << 6 | (s[3] & 0x3fu);
	return 4;
}

static int
white(unsigned c)
{
	return c == ' ' || (c >= 9 && c <= 13) || c == 0x85 || c == 0xa0 ||
	       c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 ||
	       c == 0x2029 || c == 0x202f || c == 0x205f || c == 0x3000;
}

/* Per byte offset: the code point index (or -1 inside a character);
 * per code point: whitespace or not. */
struct model {
	long *cp_at;		/* n + 1 entries */
	unsigned char *ws;	/* ncp entries */
	size_t ncp;
	int *covered;
};

static void
model_build(struct model *m, const char *text, size_t n)
{
	size_t i = 0, k = 0;

	m->cp_at = dp_xmalloc((n + 1) * sizeof *m->cp_at);
	m->ws = dp_xmalloc(n + 1);
	m->covered = dp_xmalloc((n + 1) * sizeof *m->covered);
	while (i < n) {
		unsigned cp;
		size_t len = utf8_next((const unsigned char *)text + i, &cp);

		m->cp_at[i] = (long)k;
		for (size_t j = 1; j < len; j++)
			m->cp_at[i + j] = -1;
		m->ws[k] = (unsigned char)white(cp);
		m->covered[k] = 0;
		k++;
		i += len;
	}
	m->cp_at[n] = (long)k;
	m->ncp = k;
}

static void
model_free(struct model *m)
{
	free(m->cp_at);
	free(m->ws);
	free(m->covered);
}

/* Words in code points [a, b). */
static size_t
count_words(const struct model *m, size_t a, size_t b)
{
	size_t w = 0;

	for (size_t i = a; i < b; i++)
		if (!m->ws[i] && (i == a || m->ws[i - 1]))
			w++;
	return w;
}

static char failure[512];

static int
failf(const char *fmt, ...)
{
	va_list ap;

	if (!failure[0]) {
		va_start(ap, fmt);
		vsnprintf(failure, sizeof failure, fmt, ap);
		va_end(ap);
	}
	return 0;
}

/* Check every invariant of one split; 1 if all hold. */
static int
check_split(const struct dp_chunk_opts *o, const char *text, size_t n,
	    const struct dp_chunk_span *sp, size_t count)
{
	struct model m;
	int good = 1;
	size_t nonws = 0;

	model_build(&m, text, n);
	for (size_t k = 0; k < m.ncp; k++)
		nonws += !m.ws[k];
	if (count < 1)
		good = failf("no chunk");
	if (nonws == 0 || o->strategy == DP_CHUNK_NONE) {
		if (count != 1 || sp[0].start != 0 || sp[0].end != n ||
		    sp[0].cp_start != 0 || sp[0].cp_end != m.ncp)
			good = failf("whole text expected (%zu chunks)", count);
		model_free(&m);
		return good;
	}
	for (size_t i = 0; good && i < count; i++) {
		const struct dp_chunk_span *s = &sp[i];
		size_t words, len;

		if (s->start >= s->end || s->end > n) {
			good = failf("chunk %zu: bytes [%zu,%zu) of %zu", i,
				     s->start, s->end, n);
			break;
		}
		if (m.cp_at[s->start] < 0 || m.cp_at[s->end] < 0) {
			good = failf("chunk %zu splits a character", i);
			break;
		}
		if ((size_t)m.cp_at[s->start] != s->cp_start ||
		    (size_t)m.cp_at[s->end] != s->cp_end) {
			good = failf("chunk %zu: code points [%zu,%zu), "
				     "bytes say [%ld,%ld)", i, s->cp_start,
				     s->cp_end, m.cp_at[s->start],
				     m.cp_at[s->end]);
			break;
		}
		if (m.ws[s->cp_start] || m.ws[s->cp_end - 1])
			good = failf("chunk %zu not trimmed", i);
		if (i > 0 && (s->start <= sp[i - 1].start ||
			      s->end <= sp[i - 1].end))
			good = failf("chunk %zu out of order", i);
		if (i > 0 && o->overlap == 0 && s->start < sp[i - 1].end)
			good = failf("chunk %zu overlaps without --overlap", i);
		words = count_words(&m, s->cp_start, s->cp_end);
		len = s->cp_end - s->cp_start;
		if ((o->unit == DP_CHUNK_WORDS ? words : len) > o->size &&
		    words != 1)
			good = failf("chunk %zu: %zu words, %zu chars > %zu",
				     i, words, len, o->size);
		for (size_t k = s->cp_start; k < s->cp_end; k++)
			m.covered[k] = 1;
	}
	for (size_t k = 0; good && k < m.ncp; k++)
		if (!m.ws[k] && !m.covered[k])
			good = failf("code point %zu not covered", k);
	model_free(&m);
	return good;
}

/* ---- random texts ----------------------------------------------------- */

static uint64_t rng = 88172645463325252ULL;

static unsigned
rnd(unsigned k)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % k);
}

static const char *const vocab[] = {
	"the", "house", "has", "three", "bedrooms", "and", "a", "view", "of",
	"Park", "City", "Dr.", "St.", "Mr.", "Mrs.", "Inc.", "U.S.", "e.g.",
	"i.e.", "3.5", "1,200", "$4.25", "café", "naïve", "日本語", "Ωmega",
	"Ärger", "😀", "\"quoted\"", "(aside)", "end.", "Why?", "Yes!",
	"etc.", "No.", "x", "über-long-hyphenated-compound-word", "42."
};
static const char *const gaps[] = {
	" ", " ", " ", " ", " ", "  ", "\t", "\n", "\n\n", "\r\n\r\n",
	"\xc2\xa0", "\xe3\x80\x80", " \n \n ", "\xe2\x80\xa9"
};

/* A random text of up to `words` words into b. */
static void
random_text(struct dp_buf *b, size_t words)
{
	size_t nw = rnd((unsigned)words + 1);

	b->len = 0;
	if (rnd(4) == 0)
		dp_buf_adds(b, gaps[rnd(sizeof gaps / sizeof *gaps)]);
	for (size_t i = 0; i < nw; i++) {
		if (rnd(60) == 0) {	/* a long word */
			size_t len = 1 + rnd(400);
			for (size_t k = 0; k < len; k++)
				dp_buf_adds(b, rnd(5) ? "w" : "é");
		} else {
			dp_buf_adds(b, vocab[rnd(sizeof vocab /
						 sizeof *vocab)]);
		}
		if (rnd(8) == 0)
			dp_buf_adds(b, rnd(2) ? "." : "?");
		if (i + 1 < nw || rnd(4) == 0)
			dp_buf_adds(b, gaps[rnd(sizeof gaps / sizeof *gaps)]);
	}
}

static const char *const strategy_names[] = {
	"none", "fixed", "sentence", "paragraph", "semantic"
};

/* Split 300 random texts with these options; count the texts whose
 * split breaks an invariant, describing the first in `failure`. */
static size_t
random_run(const struct dp_chunk_opts *o, struct dp_buf *b, size_t *texts)
{
	struct dp_chunker *c = dp_chunker_new(o);
	size_t fails = 0, len;

	for (int t = 0; t < 300; t++) {
		const struct dp_chunk_span *sp;
		size_t n;

		random_text(b, t % 10 ? 60 : 600);
		n = dp_chunker_split(c, b->data, b->len, &sp);
		++*texts;
		if (check_split(o, b->data, b->len, sp, n) || fails++ ||
		    strstr(failure, " (size "))
			continue;
		len = strlen(failure);
		snprintf(failure + len, sizeof failure - len,
			 " (size %zu overlap %zu, text '%.80s')", o->size,
			 o->overlap, b->data);
	}
	dp_chunker_free(c);
	return fails;
}

/* The invariants on many random texts, for every strategy and unit. */
static void
test_random_texts(void)
{
	static const size_t sizes[][2] = {
		{ 1, 0 }, { 5, 0 }, { 5, 2 }, { 12, 11 }, { 40, 10 },
		{ 200, 0 }, { 60, 30 }
	};
	struct dp_buf b = { 0 };
	char name[128];

	for (int st = DP_CHUNK_NONE; st <= DP_CHUNK_SEMANTIC; st++) {
		for (int u = DP_CHUNK_WORDS; u <= DP_CHUNK_CHARS; u++) {
			size_t texts = 0, fails = 0;

			failure[0] = 0;
			for (size_t z = 0; z < sizeof sizes / sizeof *sizes;
			     z++) {
				struct dp_chunk_opts o = {
					(enum dp_chunk_strategy)st,
					(enum dp_chunk_unit)u, sizes[z][0],
					sizes[z][1], rnd(2) ? 95 : 50
				};
				fails += random_run(&o, &b, &texts);
			}
			snprintf(name, sizeof name,
				 "invariants: %s in %s on %zu random texts",
				 strategy_names[st], u ? "chars" : "words",
				 texts);
			if (fails == 0) {
				printf("ok %s\n", name);
			} else {
				printf("FAIL %s: %zu failed, first: %s\n",
				       name, fails, failure);
				unit_failures++;
			}
		}
	}
	dp_buf_free(&b);
}

/* Invalid UTF-8 and NUL bytes: no crash, spans inside the text. */
static void
test_invalid_bytes(void)
{
	int good = 1;

	for (int st = DP_CHUNK_NONE; st <= DP_CHUNK_SEMANTIC; st++) {
		for (int u = 0; u < 2; u++) {
			struct dp_chunker *c = chunker(
				(enum dp_chunk_strategy)st,
				(enum dp_chunk_unit)u, 3, 1);
			for (int t = 0; t < 300; t++) {
				char text[64];
				const struct dp_chunk_span *sp;
				size_t n = rnd(sizeof text), k;

				for (size_t i = 0; i < n; i++)
					text[i] = rnd(3) ? (char)rnd(256)
						  : " .A\n"[rnd(4)];
				k = dp_chunker_split(c, text, n, &sp);
				for (size_t i = 0; i < k; i++)
					if (sp[i].end > n ||
					    sp[i].start > sp[i].end ||
					    sp[i].cp_end > n)
						good = 0;
			}
			dp_chunker_free(c);
		}
	}
	CHECK("invalid UTF-8 bytes: spans stay inside the text", good);
}

/* One word of 1 MB, and 1 MB of one-letter words: terminate, quickly. */
static void
test_big_texts(void)
{
	size_t n = 1 << 20;
	char *word = dp_xmalloc(n), *many = dp_xmalloc(n);
	const struct dp_chunk_span *sp;
	struct dp_chunker *c;
	size_t k;

	memset(word, 'x', n);
	for (size_t i = 0; i < n; i++)
		many[i] = i % 2 ? (i % 40 == 39 ? '\n' : ' ')
				: (i % 20 == 18 ? '.' : (i % 20 ? 'a' : 'B'));
	for (int st = DP_CHUNK_NONE; st <= DP_CHUNK_SEMANTIC; st++) {
		for (int u = 0; u < 2; u++) {
			struct dp_chunk_opts o = { (enum dp_chunk_strategy)st,
						   (enum dp_chunk_unit)u, 100,
						   10, 95 };
			char name[96];
			int good;

			c = dp_chunker_new(&o);
			k = dp_chunker_split(c, word, n, &sp);
			if (st == DP_CHUNK_FIXED && u == DP_CHUNK_CHARS)
				good = k == (n - 10 + 89) / 90 &&
				       sp[k - 1].end == n;
			else
				good = k == 1 && sp[0].end == n;
			snprintf(name, sizeof name,
				 "1 MB word, strategy %d unit %d: %zu chunks",
				 st, u, k);
			CHECK(name, good);
			k = dp_chunker_split(c, many, n, &sp);
			snprintf(name, sizeof name,
				 "1 MB of short words, strategy %d unit %d", st,
				 u);
			CHECK(name, check_split(&o, many, n, sp, k));
			dp_chunker_free(c);
		}
	}
	free(word);
	free(many);
}

/* Semantic breaks, checked so that they hold for any reasonable
 * embedder: windows of one sentence either side place the break at the
 * topic change or one sentence from it. */
static void
test_semantic(void)
{
	static const char text[] =
		"The cat sat on the mat. The cat chased the mouse. "
		"The cat slept on the mat. The cat ate the mouse. "
		"The cat purred on the mat. "
		"Bond yields rose sharply. Bond markets fell as yields rose. "
		"Investors sold bond funds. Markets expect yields to rise. "
		"Bond traders sold more bonds.";
	size_t change = strlen("The cat sat on the mat. The cat chased the "
			       "mouse. The cat slept on the mat. The cat ate "
			       "the mouse. The cat purred on the mat.");
	struct dp_chunk_opts o = { DP_CHUNK_SEMANTIC, DP_CHUNK_WORDS, 200, 0,
				   95 };
	const struct dp_chunk_span *sp;
	struct dp_chunker *c;
	size_t n;

	/* 9 distances: only the largest exceeds the 95th percentile. */
	c = dp_chunker_new(&o);
	n = dp_chunker_split(c, text, strlen(text), &sp);
	CHECK("semantic: one break between two topics", n == 2);
	CHECK("semantic: the break is at most one sentence from the change",
	      n == 2 && sp[0].end + 30 >= change && sp[0].end <= change + 31);
	dp_chunker_free(c);
	o.percentile = 100;
	c = dp_chunker_new(&o);
	CHECK("semantic: percentile 100 never breaks",
	      dp_chunker_split(c, text, strlen(text), &sp) == 1);
	dp_chunker_free(c);
	o.percentile = 0;
	c = dp_chunker_new(&o);
	n = dp_chunker_split(c, text, strlen(text), &sp);
	CHECK("semantic: percentile 0 breaks nearly everywhere", n >= 5);
	dp_chunker_free(c);
}

/* What dp-chunk wrote before the span layer, for chunk i of count (sp)
 * of record `line` whose text is at `field`: jansson's object with the
 * text and the chunk fields set (in place, or appended in order),
 * printed by dp_json_value. */
static const char *
expected_record(const char *line, const struct dp_field_path *field,
		const struct dp_chunk_span *sp, size_t i, size_t count,
		const char *parent)
{
	static struct dp_buf b;
	json_t *rec = json_loadb(line, strlen(line), JSON_ALLOW_NUL, NULL);
	json_t *text = dp_field_path_get(field, rec), *obj = rec;
	char id[64];

	for (size_t k = 0; k + 1 < field->n; k++)
		obj = json_object_get(obj, field->key[k].name);
	if (json_is_string(text))
		json_object_set_new(obj, field->key[field->n - 1].name,
				    json_stringn(json_string_value(text) +
						 sp->start,
						 sp->end - sp->start));
	snprintf(id, sizeof id, "%s#%zu", parent, i);
	json_object_set_new(rec, "chunk_index", json_integer((json_int_t)i));
	json_object_set_new(rec, "chunk_count",
			    json_integer((json_int_t)count));
	json_object_set_new(rec, "chunk_id", json_string(id));
	json_object_set_new(rec, "parent_id", json_string(parent));
	json_object_set_new(rec, "chunk_start",
			    json_integer((json_int_t)sp->cp_start));
	json_object_set_new(rec, "chunk_end",
			    json_integer((json_int_t)sp->cp_end));
	b.len = 0;
	dp_json_value(&b, rec);
	json_decref(rec);
	return dp_buf_cstr(&b);
}

/* Every chunk's record of `line` (text at path `path`, chunked by
 * sentences of at most 3 words) as expected_record has it. */
static void
check_template(const char *name, const char *path, const char *line)
{
	const char *why, *text;
	struct dp_field_path *field = dp_field_path_parse(path, strlen(path),
							  &why);
	struct dp_chunk_template *t = dp_chunk_template_new(field);
	struct dp_chunker *c = chunker(DP_CHUNK_SENTENCE, DP_CHUNK_WORDS, 3,
				       0);
	static const struct dp_chunk_span whole = { 0, 0, 0, 0 };
	const struct dp_chunk_span *sp = &whole;
	struct dp_scan s = { 0 };
	struct dp_buf parent = { 0 }, b = { 0 }, rec = { 0 };
	size_t count = 1, n, len;
	int same = 1;

	if (dp_scan_line(&s, line, strlen(line)) != 0) {
		CHECK(name, !"the line scans");
		return;
	}
	dp_chunk_template_build(t, &s);
	dp_scan_write(&rec, &s);
	text = dp_chunk_template_record(t, &len);
	same = len == rec.len && memcmp(text, rec.data, len) == 0;
	dp_buf_adds(&parent, "\"p\"");
	text = dp_chunk_template_text(t, &n);
	if (text)
		count = dp_chunker_split(c, text, n, &sp);
	for (size_t i = 0; same && i < count; i++) {
		const char *want = expected_record(line, field, &sp[i], i,
						   count, "p");
		dp_chunk_template_write(t, &b, &sp[i], i, count, &parent);
		same = b.len == strlen(want) &&
		       memcmp(b.data, want, b.len) == 0;
		if (!same)
			printf("# got  %.*s\n# want %s\n", (int)b.len, b.data,
			       want);
	}
	CHECK(name, same);
	dp_chunker_free(c);
	dp_chunk_template_free(t);
	dp_field_path_free(field);
	dp_scan_free(&s);
	dp_buf_free(&parent);
	dp_buf_free(&b);
	dp_buf_free(&rec);
}

/* The record template: fields in order, the text and the chunk fields
 * in place, the missing chunk fields appended; each record as
 * dp_json_value printed jansson's object edited alike, whether the line
 * is canonical or not. */
static void
test_template(void)
{
	check_template("template: text and a chunk field in place", "t",
		       "{\"a\":1,\"chunk_id\":\"x\",\"t\":\"ab cd\","
		       "\"b\":[2]}");
	check_template("template: several chunks", "t",
		       "{\"t\":\"One two. Three four five six. Seven.\","
		       "\"z\":null}");
	check_template("template: every chunk field present", "t",
		       "{\"chunk_end\":1,\"t\":\"a b\",\"chunk_start\":2,"
		       "\"parent_id\":3,\"chunk_id\":4,\"chunk_count\":5,"
		       "\"chunk_index\":6}");
	check_template("template: the empty record", "t", "{}");
	check_template("template: no text field", "t", "{\"a\":\"b\"}");
	check_template("template: a null text", "t", "{\"t\":null,\"u\":2}");
	check_template("template: escapes in the text", "t",
		       "{\"t\":\"A \\\"b\\\".\\nC d e f g.\\u00e9\\/\","
		       "\"a\":1}");
	check_template("template: escapes in a text of one chunk", "t",
		       "{\"t\":\"x\\ty\",\"a\":1}");
	check_template("template: a non-canonical line", "t",
		       " { \"n\" : 1.50 , \"t\" : \"A b. C d e f.\" ,"
		       "\"k\":{\"y\":1, \"x\":[ -0, 1E2 ]}, \"\\u0061\":2 } ");
	check_template("template: repeated keys", "t",
		       "{\"t\":\"old\",\"chunk_index\":1,\"a\":1,"
		       "\"t\":\"A b c d e.\",\"chunk_index\":2,\"a\":3}");
	check_template("template: a nested text", "m.t",
		       "{\"a\":1,\"m\":{\"u\":2,\"t\":\"A b c d. E f.\","
		       "\"v\":3},\"chunk_count\":9}");
	check_template("template: a nested text, repeated keys", "m.t",
		       "{\"m\":{\"t\":\"x\",\"u\":2,\"t\":\"A b c d.\"},"
		       "\"m\":{\"t\":\"E f g h i.\",\"t\":\"J k l m n.\"}}");
	check_template("template: a path through a non-object", "m.t",
		       "{\"m\":[1],\"t\":\"a\"}");
	CHECK("template: the fields it writes",
	      dp_chunk_template_writes("chunk_end") &&
	      !dp_chunk_template_writes("t"));
}

int
main(void)
{
	/* Sentence detection. */
	CHECK_STR("sentences: abbreviations and decimals", sentences(
		"Dr. Smith met Mr. Jones at 12 Oak St. in the U.S. on Monday. "
		"It cost $3.5 million, e.g. a lot. Mrs. Lee of Acme Inc. "
		"agreed. Ms. Wu and Jr. Ave. too."),
		"Dr. Smith met Mr. Jones at 12 Oak St. in the U.S. on "
		"Monday. | "
		"It cost $3.5 million, e.g. a lot. | Mrs. Lee of Acme Inc. "
		"agreed. | Ms. Wu and Jr. Ave. too.");
	CHECK_STR("sentences: ? ! and quotes", sentences(
		"Is it? Yes! \"Sure.\" 'Fine.' (Really.) Then 3 more. "
		"He said \"Go.\" And went."),
		"Is it? | Yes! | \"Sure.\" | 'Fine.' (Really.) | "
		"Then 3 more. | "
		"He said \"Go.\" | And went.");
	CHECK_STR("sentences: lower case after a period does not break",
		  sentences("See fig. below. the end. The end"),
		  "See fig. below. the end. | The end");
	CHECK_STR("sentences: digit after a period breaks",
		  sentences("Rooms: 4. 3 baths."), "Rooms: 4. | 3 baths.");
	CHECK_STR("sentences: blank line ends a sentence",
		  sentences("Heading\n\nBody text here\n \nMore"),
		  "Heading | Body text here | More");
	CHECK_STR("sentences: single newline does not",
		  sentences("one line\nnext line."), "one line\nnext line.");
	CHECK_STR("sentences: unicode upper case after period",
		  sentences("Fin. Élan vital. Ωmega. Жук."),
		  "Fin. | Élan vital. | Ωmega. | Жук.");
	CHECK_STR("sentences: ellipsis and closing quote+bracket",
		  sentences("Wait... Then \u201cOK.\u201d Done."),
		  "Wait... | Then \u201cOK.\u201d | Done.");
	CHECK_STR("sentences: initials do not break, a lone small letter does",
		  sentences("John F. Kennedy won. See item b. Then go."),
		  "John F. Kennedy won. | See item b. | Then go.");
	CHECK_STR("sentences: 3.5 and 1,200.50 are not ends",
		  sentences("It is 3.5 acres. Price 1,200.50 USD."),
		  "It is 3.5 acres. | Price 1,200.50 USD.");
	CHECK_STR("sentences: whitespace only", sentences(" \n\t "), "");

	/* Strategies. */
	const char *t = "One two three. Four five. Six seven eight nine ten "
			"eleven. Twelve.";
	CHECK_STR("sentence: packs whole sentences",
		  split(DP_CHUNK_SENTENCE, DP_CHUNK_WORDS, 5, 0, t),
		  "One two three. Four five. | Six seven eight nine ten | "
		  "eleven. Twelve.");
	CHECK_STR("sentence: overlap of whole sentences",
		  split(DP_CHUNK_SENTENCE, DP_CHUNK_WORDS, 6, 2,
			"Aa b. Cc d. Ee f. Gg h. Ii j."),
		  "Aa b. Cc d. Ee f. | Ee f. Gg h. Ii j.");
	CHECK_STR("sentence: overlap too big for next sentence is dropped",
		  split(DP_CHUNK_SENTENCE, DP_CHUNK_WORDS, 4, 3,
			"A b c. D e f g."),
		  "A b c. | D e f g.");
	CHECK_STR("sentence: chars",
		  split(DP_CHUNK_SENTENCE, DP_CHUNK_CHARS, 13, 0,
			"Ab cd. Ef gh. Ijklmnopqrstuvw xy."),
		  "Ab cd. Ef gh. | Ijklmnopqrstuvw | xy.");
	CHECK_STR("fixed: words with overlap",
		  split(DP_CHUNK_FIXED, DP_CHUNK_WORDS, 3, 1, "a b c d e f g"),
		  "a b c | c d e | e f g");
	CHECK_STR("fixed: last window not repeated",
		  split(DP_CHUNK_FIXED, DP_CHUNK_WORDS, 3, 1, "a b c d e"),
		  "a b c | c d e");
	CHECK_STR("fixed: chars never split a character",
		  split(DP_CHUNK_FIXED, DP_CHUNK_CHARS, 3, 0, "héllo wörld"),
		  "hél | lo | wör | ld");
	CHECK_STR("fixed: chars trimmed, whitespace-only windows dropped",
		  split(DP_CHUNK_FIXED, DP_CHUNK_CHARS, 2, 0, "ab      cd"),
		  "ab | cd");
	CHECK_STR("paragraph: blank-line blocks packed",
		  split(DP_CHUNK_PARAGRAPH, DP_CHUNK_WORDS, 4, 0,
			"a b\n\nc d\n\ne f g\n\nHi. I j k l m."),
		  "a b\n\nc d | e f g\n\nHi. | I j k l | m.");
	CHECK_STR("none: the whole text",
		  split(DP_CHUNK_NONE, DP_CHUNK_WORDS, 1, 0, " a b "), " a b ");
	CHECK_STR("empty text: one empty chunk",
		  split(DP_CHUNK_SENTENCE, DP_CHUNK_WORDS, 1, 0, ""), "");
	test_semantic();
	CHECK_STR("semantic: large groups split like sentence",
		  split(DP_CHUNK_SEMANTIC, DP_CHUNK_WORDS, 4, 0,
			"A b c. D e f. G h."),
		  "A b c. | D e f. | G h.");
	CHECK_STR("semantic: one sentence",
		  split(DP_CHUNK_SEMANTIC, DP_CHUNK_WORDS, 4, 0, "A b c."),
		  "A b c.");

	CHECK("strategy names", dp_chunk_strategy_from_name("semantic") ==
	      DP_CHUNK_SEMANTIC && dp_chunk_strategy_from_name("x") == -1);
	CHECK("unit names", dp_chunk_unit_from_name("chars") ==
	      DP_CHUNK_CHARS && dp_chunk_unit_from_name("bytes") == -1);

	test_random_texts();
	test_invalid_bytes();
	test_big_texts();
	test_template();
	return unit_failures != 0;
}
