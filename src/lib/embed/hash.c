/* SPDX-License-Identifier: MIT */
/* The built-in hashing embedder, hash-v3 (see embed.h, and
 * dp-embed(1) for the algorithm with test vectors). One pass over the
 * text: each word is normalised into a scratch buffer and its features
 * counted at once. What a word's features need (stop word or not, its
 * stems, its word-table entry, its word feature's hash) depends on the
 * word alone, so a per-thread cache keeps it for the words met before:
 * most words of a text are. tests/fuzz/hash_ref.h is the plain
 * version that this must equal, bit for bit. */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "dp.h"
#include "embed.h"
#include "words.h"

#define TF_K 0.3		/* tf weight c(k+1)/(c+k) */
#define PAIR_WEIGHT 0.5		/* word pairs, beside words at 1 */
#define GRAM_SHARE 0.5		/* |n-gram part| / |word part| */
#define HYP_WEIGHT 0.3		/* hypernyms, beside words at 1 */
#define NUMBER_COUNT 0.3	/* what a token that starts with a digit
				 * counts for, beside a word at 1 */
#define WORD_COPIES 2		/* components per word, pair and hypernym
				 * feature; n-grams get one */
#define GRAM_MIN 4
#define GRAM_MAX 5
#define PORTER_MAX 64		/* longer words keep their S-stem */

#define CACHE_SLOTS 4096	/* words cached per thread; emptied when half
				 * full */
#define CACHE_WORD 22		/* longer words are not cached */

enum { F_WORD, F_PAIR, F_GRAM, F_HYP, NFAM };

/* ASCII bytes as words have them: letters lower-cased, digits as they
 * are, 0 for the bytes that separate words. */
static const char ascii_word[128] = {
	['0'] = '0', '1', '2', '3', '4', '5', '6', '7', '8', '9',
	['A'] = 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l',
	'm', 'n', 'o', 'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z',
	['a'] = 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l',
	'm', 'n', 'o', 'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z',
};

/* Latin-1 letters U+00C0..U+00FF (UTF-8 C3 80..C3 BF), by code point
 * less U+00C0, folded to lower case ASCII base letters (the embedder's own
 * fold, dp-embed(1)); 0 marks the two signs (multiply, divide), which
 * separate words. U+00DF (sharp s) and the ligatures fold to one letter
 * here and get their second letter in next_word(). */
static const char latin1_fold[64] =
	"aaaaaaaceeeeiiii" "dnooooo\0ouuuuyts"
	"aaaaaaaceeeeiiii" "dnooooo\0ouuuuyty";

/* A feature's slot: its 64-bit hash, its count and the sum of count x
 * word weight over its occurrences; a slot of another generation than
 * its family's is empty. */
struct slot {
	uint64_t key;
	double count, wsum;
	uint64_t gen;
};

/* One family's features, in an open-addressing table of mask + 1 slots
 * (of cap allocated) with their slots in order of first occurrence.
 * Each text is a new generation: what earlier ones left is empty. */
struct family {
	struct slot *tab;
	size_t mask, cap;
	uint64_t gen;		/* from 1; slots are allocated as 0 */
	uint32_t *order;	/* room for cap / 2 */
	size_t n;
};

/* What a content word's features need. */
struct word {
	const char *p;		/* "w" and the Porter stem */
	size_t plen;		/* bytes at p */
	uint64_t hash;		/* the word feature's hash, of p */
	size_t slen;		/* the S-stem: slen bytes of the word, */
	char add;		/* and this byte, unless 0 */
	double count;		/* 1, or NUMBER_COUNT */
	double weight;		/* from the word table, 1 if unknown */
	uint32_t hyp_at;	/* the table's hypernym index and count */
};

/* A word of at most CACHE_WORD bytes and what its features need, that
 * the next occurrence need not stem, look up or hash it again. */
struct cached {
	uint64_t hash;		/* the word feature's hash */
	uint32_t hyp_at;	/* the word table's hypernym index and count */
	uint8_t len;		/* the word's length; 0 for an empty slot */
	uint8_t stop;		/* a stop word: nothing below is set */
	uint8_t weight;		/* the word table's weight x 255 */
	uint8_t slen;		/* the S-stem: slen bytes of the word, */
	char add;		/* and this byte, unless 0 */
	uint8_t plen;		/* bytes of p */
	char w[CACHE_WORD];	/* the word */
	char p[CACHE_WORD + 1];	/* "w" and the Porter stem */
};

/* Per-thread scratch space, grown as needed and kept. */
struct scratch {
	struct dp_buf word;	/* ' ', the word being read, room to spare */
	struct dp_buf stem;	/* "w" and the Porter stem of the word
				 * analysed last */
	char *pair;		/* "b", the previous content word's Porter
				 * stem and ' '; then this word's */
	size_t pairlen;		/* 0 after a stop word or at the start */
	size_t paircap;
	double prev_weight;	/* the previous content word's weight */
	double *acc;		/* all zeros between calls */
	int acccap;
	struct family fam[NFAM];
	struct cached *cache;	/* CACHE_SLOTS, probed linearly */
	size_t ncached;
};

static _Thread_local struct scratch sc;

static uint64_t seed;		/* DP_HASH_SEED, for tests; 0 */
static uint64_t seed_phi;	/* seed * 2^64/phi, for packed_hash() */
static pthread_once_t seed_once = PTHREAD_ONCE_INIT;

/* Read DP_HASH_SEED (a decimal integer, for tests only) into seed and
 * seed_phi. */
static void
read_seed(void)
{
	const char *s = getenv("DP_HASH_SEED");
	char *end;

	if (!s || !*s)
		return;
	errno = 0;
	seed = strtoull(s, &end, 10);
	if (errno || *end || *s == '-')
		dp_die(DP_EXIT_USAGE, "DP_HASH_SEED is not a non-negative "
		       "decimal integer: '%s'", s);
	seed_phi = seed * 0x9E3779B97F4A7C15u;
}

/* n zeroed bytes. */
static void *
zalloc(size_t n)
{
	void *p = dp_xmalloc(n);

	memset(p, 0, n);
	return p;
}

/* Make family f empty with room for about `expect` features. */
static void
family_reset(struct family *f, size_t expect)
{
	size_t want = 64;

	while (want < expect * 2)
		want *= 2;
	if (want > f->cap) {
		free(f->tab);
		free(f->order);
		f->tab = zalloc(want * sizeof *f->tab);
		f->order = dp_xmalloc(want / 2 * sizeof *f->order);
		f->cap = want;
	}
	f->mask = want - 1;
	f->gen++;
	f->n = 0;
}

/* Double family f's table. */
static void
family_grow(struct family *f)
{
	size_t want = 2 * (f->mask + 1);
	struct slot *old = f->tab;

	f->tab = zalloc(want * sizeof *f->tab);
	f->order = dp_xrealloc(f->order, want / 2 * sizeof *f->order);
	f->cap = want;
	f->mask = want - 1;
	for (size_t k = 0; k < f->n; k++) {
		struct slot *e = &old[f->order[k]];
		size_t i = (size_t)e->key & f->mask;

		while (f->tab[i].gen == f->gen)
			i = (i + 1) & f->mask;
		f->tab[i] = *e;
		f->order[k] = (uint32_t)i;
	}
	free(old);
}

/* Count an occurrence of feature hash h: count c, and c times the word
 * weight, cw. */
static inline void
family_add(struct family *f, uint64_t h, double c, double cw)
{
	size_t mask = f->mask, i = (size_t)h & mask;
	uint64_t gen = f->gen;
	struct slot *e;

	for (; (e = &f->tab[i])->gen == gen; i = (i + 1) & mask)
		if (e->key == h) {
			e->count += c;
			e->wsum += cw;
			return;
		}
	if (f->n + 1 > (mask + 1) / 2) {	/* keep the load at most 1/2 */
		family_grow(f);
		for (i = (size_t)h & f->mask; f->tab[i].gen == gen;
		     i = (i + 1) & f->mask)
			;
		e = &f->tab[i];
	}
	e->key = h;
	e->count = c;
	e->wsum = cw;
	e->gen = gen;
	f->order[f->n++] = (uint32_t)i;
}

/* The weight of feature e: the saturating term frequency of its count
 * c, c(k+1)/(c+k), times its mean word weight wsum/c. */
static double
feature_weight(const struct slot *e)
{
	return (TF_K + 1) * e->wsum / (e->count + TF_K);
}

/* splitmix64's finalizer: a bijection on 64 bits that mixes well. */
static uint64_t
splitmix(uint64_t x)
{
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9u;
	x = (x ^ (x >> 27)) * 0x94D049BB133111EBu;
	return x ^ (x >> 31);
}

/* The component of hash h in dim: h mod dim (a mask when dim is a power
 * of two). */
static size_t
component(uint64_t h, uint64_t dim)
{
	return (size_t)((dim & (dim - 1)) == 0 ? h & (dim - 1) : h % dim);
}

/* w, negated when h's top bit is set: a flip of its sign bit. */
static double
signed_by(double w, uint64_t h)
{
	uint64_t b;

	memcpy(&b, &w, sizeof b);
	b ^= h & (uint64_t)1 << 63;
	memcpy(&w, &b, sizeof w);
	return w;
}

/* Add family f's features, each scale * its weight, into acc, at
 * `copies` (1 or 2) components each with 1/sqrt(copies) of the weight:
 * the first copy at the component h mod dim with the sign h's top bit,
 * the second likewise at h2 = splitmix(h + 0x9E3779B97F4A7C15). Two
 * copies halve the harm of any one collision. */
static void
accumulate(const struct family *f, double scale, int copies, int dim)
{
	scale /= sqrt(copies);
	for (size_t k = 0; k < f->n; k++) {
		const struct slot *e = &f->tab[f->order[k]];
		double w = scale * feature_weight(e);
		uint64_t h = e->key;

		sc.acc[component(h, (uint64_t)dim)] += signed_by(w, h);
		if (copies == 2) {
			h = splitmix(h + 0x9E3779B97F4A7C15u);
			sc.acc[component(h, (uint64_t)dim)] += signed_by(w, h);
		}
	}
}

/* The L2 length of family f's feature weights. */
static double
family_norm(const struct family *f)
{
	double s = 0;

	for (size_t k = 0; k < f->n; k++) {
		double w = feature_weight(&f->tab[f->order[k]]);
		s += w * w;
	}
	return sqrt(s);
}

/* XXH3-64 of n bytes of p with the seed. */
static uint64_t
feature_hash(const void *p, size_t n)
{
	return XXH3_64bits_withSeed(p, n, seed);
}

/* The hash of a feature of at most 7 bytes (an n-gram or a hypernym
 * and its tag), packed into x: the bytes, little-endian, and their
 * count in the top byte. x xor the seed times 2^64/phi, then
 * splitmix64's finalizer, a bijection, so distinct short features never
 * share a hash. */
static uint64_t
packed_hash(uint64_t x)
{
	return splitmix(x ^ seed_phi);
}

/* The 8 bytes at p as a little-endian number. */
static uint64_t
load_le64(const char *p)
{
	uint64_t x;

	memcpy(&x, p, sizeof x);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	x = __builtin_bswap64(x);
#endif
	return x;
}

/* Look the S-stem s (n bytes) up in the word table: its weight x 255
 * (255 if unknown) and, in *hyp_at, its hypernyms (0 if unknown). */
static uint8_t
lookup(const char *s, size_t n, uint32_t *hyp_at)
{
	uint64_t h = XXH3_64bits(s, n);
	uint32_t key = (uint32_t)(h >> 32) ? (uint32_t)(h >> 32) : 1;
	size_t mask = DP_HASH_WORDS_SLOTS - 1, i = (size_t)h & mask;

	for (; dp_hash_words_key[i]; i = (i + 1) & mask)
		if (dp_hash_words_key[i] == key) {
			*hyp_at = dp_hash_words_hyp_at[i];
			return dp_hash_words_weight[i];
		}
	*hyp_at = 0;
	return 255;
}

/* Frame content word w's S-stem with spaces: w[-1] is ' ', the S-stem
 * goes at w, a ' ' after it. Returns the S-stem's length. */
static size_t
frame(char *w, const struct word *t)
{
	size_t len = t->slen;

	if (t->add)
		w[len++] = t->add;
	w[len] = ' ';
	return len;
}

/* Stem content word w (len bytes, w[-1] == ' ', room for 8 more) into
 * *t, with its word-table weight x 255 in *weight: its Porter stem goes
 * to sc.stem, w is left framed (frame()). */
static void
analyse(char *w, size_t len, struct word *t, uint8_t *weight)
{
	size_t i, sl;
	char *p;
	int porter;

	t->count = w[0] >= '0' && w[0] <= '9' ? NUMBER_COUNT : 1;
	t->slen = dp_hash_stem(w, len, &t->add);
	sc.stem.len = 0;
	dp_buf_reserve(&sc.stem, len + 2);
	p = sc.stem.data;
	p[0] = 'w';
	for (i = 0; i < len && w[i] >= 'a' && w[i] <= 'z'; i++)
		;
	porter = i == len && len <= PORTER_MAX;
	if (porter) {
		memcpy(p + 1, w, len);
		t->plen = 1 + dp_hash_porter(p + 1, len);
	}
	sl = frame(w, t);
	if (!porter) {		/* the S-stem instead */
		memcpy(p + 1, w, sl);
		t->plen = 1 + sl;
	}
	t->p = p;
	t->hash = feature_hash(p, t->plen);
	*weight = lookup(w, sl, &t->hyp_at);
	t->weight = *weight / 255.0;
}

/* The cache's hash of word w (len bytes, 7 more readable). */
static uint64_t
word_key(const char *w, size_t len)
{
	uint64_t h = len, x;
	size_t i;

	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&x, w + i, 8);
		h = (h ^ x) * 0x9E3779B97F4A7C15u;
	}
	if (i < len) {
		memcpy(&x, w + i, 8);
		x = len - i == 8 ? x : x & (((uint64_t)1 << 8 * (len - i)) - 1);
		h = (h ^ x) * 0x9E3779B97F4A7C15u;
	}
	return splitmix(h);
}

/* Word w's (len bytes, at most CACHE_WORD) cache slot: where it is, or
 * the empty slot for it. */
static struct cached *
cache_slot(const char *w, size_t len)
{
	size_t i, mask = CACHE_SLOTS - 1;

	if (!sc.cache)
		sc.cache = zalloc(CACHE_SLOTS * sizeof *sc.cache);
	for (i = (size_t)word_key(w, len) & mask; sc.cache[i].len;
	     i = (i + 1) & mask)
		if (sc.cache[i].len == len &&
		    memcmp(sc.cache[i].w, w, len) == 0)
			break;
	return &sc.cache[i];
}

/* Claim empty cache slot e for word w (len bytes): emptying the cache
 * first when half full. Returns the slot to fill in. */
static struct cached *
cache_claim(struct cached *e, const char *w, size_t len)
{
	if (++sc.ncached > CACHE_SLOTS / 2) {
		memset(sc.cache, 0, CACHE_SLOTS * sizeof *sc.cache);
		sc.ncached = 1;
		e = cache_slot(w, len);
	}
	e->len = (uint8_t)len;
	memcpy(e->w, w, len);
	return e;
}

/* Count content word t's features; w is the word, framed (frame()). */
static void
add_features(const struct word *t, const char *w)
{
	size_t stem = t->plen - 1, len = t->slen + (t->add != 0);
	const char *buf = w - 1;	/* ' ', the S-stem, ' ' */
	double cw = t->count * t->weight;

	family_add(&sc.fam[F_WORD], t->hash, t->count, cw);
	/* the pair "b" prev " " stem, and the next pair's start */
	if (sc.pairlen) {
		memcpy(sc.pair + sc.pairlen, t->p + 1, stem);
		family_add(&sc.fam[F_PAIR],
			   feature_hash(sc.pair, sc.pairlen + stem), t->count,
			   t->count * sqrt(sc.prev_weight * t->weight));
	}
	sc.pair[0] = 'b';
	memcpy(sc.pair + 1, t->p + 1, stem);
	sc.pair[1 + stem] = ' ';
	sc.pairlen = stem + 2;
	sc.prev_weight = t->weight;
	/* the n-grams of " S-stem " */
	for (int g = GRAM_MIN; g <= GRAM_MAX; g++) {
		/* packed_hash of 'c' and the g bytes at s, from an
		 * 8-byte load (buf has room for it) */
		uint64_t mask = ((uint64_t)1 << (8 * g)) - 1;
		uint64_t top = (uint64_t)(g + 1) << 56 | 'c';

		for (size_t s = 0; s + (size_t)g <= len + 2; s++)
			family_add(&sc.fam[F_GRAM],
				   packed_hash(top | (load_le64(buf + s) & mask)
					       << 8), t->count, cw);
	}
	/* the hypernyms, each "h" and its id's 4 bytes, little-endian */
	cw = t->count * (HYP_WEIGHT * t->weight);
	for (uint32_t k = 0; k < (t->hyp_at & 15); k++) {
		uint64_t id = dp_hash_words_hyp[(t->hyp_at >> 4) + k];
		family_add(&sc.fam[F_HYP],
			   packed_hash((uint64_t)5 << 56 | id << 8 | 'h'),
			   t->count, cw);
	}
}

/* The token w (len >= 2 bytes, w[-1] == ' ', room for 8 more): a stop
 * word breaks the pairs; a content word has its features counted. */
static void
token(char *w, size_t len)
{
	struct cached *e = NULL;
	struct word t;
	uint8_t weight;

	if (len <= CACHE_WORD) {
		e = cache_slot(w, len);
		if (e->len) {
			if (e->stop) {
				sc.pairlen = 0;
				return;
			}
			t.p = e->p;
			t.plen = e->plen;
			t.hash = e->hash;
			t.slen = e->slen;
			t.add = e->add;
			t.count = w[0] >= '0' && w[0] <= '9' ? NUMBER_COUNT : 1;
			t.weight = e->weight / 255.0;
			t.hyp_at = e->hyp_at;
			frame(w, &t);
			add_features(&t, w);
			return;
		}
		e = cache_claim(e, w, len);
	}
	if (dp_hash_stopword(w, len)) {
		if (e)
			e->stop = 1;
		sc.pairlen = 0;
		return;
	}
	analyse(w, len, &t, &weight);
	if (e) {
		e->stop = 0;
		e->hash = t.hash;
		e->hyp_at = t.hyp_at;
		e->weight = weight;
		e->slen = (uint8_t)t.slen;
		e->add = t.add;
		e->plen = (uint8_t)t.plen;
		memcpy(e->p, t.p, t.plen);
	}
	add_features(&t, w);
}

/* Normalise the next word of text[*at..n) into w, past the separators
 * before it, and move *at past it; returns its length, 0 at the end. */
static size_t
next_word(const char *text, size_t n, size_t *at, char *w)
{
	size_t i = *at, o = 0, len;
	uint32_t cp;

	for (; i < n; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c < 0x80) {
			if (!ascii_word[c]) {
				if (o)
					break;
				continue;
			}
			w[o++] = ascii_word[c];
		} else if ((len = dp_utf8_next(text + i, n - i, &cp)) == 2 &&
			   cp >= 0xC0 && cp <= 0xFF) {
			char f = latin1_fold[cp - 0xC0];

			if (!f) {	/* a sign: a separator of 2 bytes */
				if (o)
					break;
				i++;
				continue;
			}
			i++;
			w[o++] = f;
			if (cp == 0xDF)			/* sharp s */
				w[o++] = 's';
			else if (cp == 0xC6 || cp == 0xE6)	/* ae */
				w[o++] = 'e';
		} else {	/* other UTF-8 (or a stray byte) as it is */
			len = len ? len : 1;
			memcpy(w + o, text + i, len);
			o += len;
			i += len - 1;
		}
	}
	*at = i;
	return o;
}

/* The sum of the squares of v[0..dim), added in order; 8 at a time,
 * that the loop costs less than the additions. */
static double
sum_squares(const double *v, int dim)
{
	double s = 0;
	int d = 0;

	for (; d + 8 <= dim; d += 8)
		for (int j = 0; j < 8; j++)
			s += v[d + j] * v[d + j];
	for (; d < dim; d++)
		s += v[d] * v[d];
	return s;
}

/* out[d] = the float of v[d] * scale, v[d] then 0, for d < dim; 8 at a
 * time, that the compiler can use vector instructions. */
static void
scale_out(float *restrict out, double *restrict v, int dim, double scale)
{
	int d = 0;

	for (; d + 8 <= dim; d += 8)
		for (int j = 0; j < 8; j++) {
			out[d + j] = (float)(v[d + j] * scale);
			v[d + j] = 0;
		}
	for (; d < dim; d++) {
		out[d] = (float)(v[d] * scale);
		v[d] = 0;
	}
}

/* See embed.h. */
void
dp_hash_embed(const char *text, size_t n, int dim, float *out)
{
	size_t at = 0, len;
	double norm = 0;
	char *w;

	pthread_once(&seed_once, read_seed);
	/* a word, its S-stem framed in spaces, and 8-byte loads past it
	 * fit in n + 16 bytes; a pair of Porter stems in 2n + 2 */
	sc.word.len = 0;
	dp_buf_reserve(&sc.word, n + 16);
	w = sc.word.data + 1;
	w[-1] = ' ';
	sc.pair = dp_xgrow(sc.pair, &sc.paircap, 2 * n + 2, 1);
	sc.pairlen = 0;
	family_reset(&sc.fam[F_WORD], n < 8192 ? n / 4 : 2048);
	family_reset(&sc.fam[F_PAIR], n < 8192 ? n / 4 : 2048);
	family_reset(&sc.fam[F_GRAM], n < 8192 ? n : 8192);
	family_reset(&sc.fam[F_HYP], n < 8192 ? n / 2 : 4096);
	while ((len = next_word(text, n, &at, w)) > 0)
		if (len >= 2)
			token(w, len);

	if (dim > sc.acccap) {
		free(sc.acc);
		sc.acc = zalloc((size_t)dim * sizeof *sc.acc);
		sc.acccap = dim;
	}
	accumulate(&sc.fam[F_WORD], 1.0, WORD_COPIES, dim);
	accumulate(&sc.fam[F_PAIR], PAIR_WEIGHT, WORD_COPIES, dim);
	if (sc.fam[F_GRAM].n) {
		double g = family_norm(&sc.fam[F_GRAM]);
		accumulate(&sc.fam[F_GRAM],
			   GRAM_SHARE * family_norm(&sc.fam[F_WORD]) / g, 1, dim);
	}
	accumulate(&sc.fam[F_HYP], 1.0, WORD_COPIES, dim);
	norm = sum_squares(sc.acc, dim);
	norm = norm > 0 ? 1 / sqrt(norm) : 0;
	scale_out(out, sc.acc, dim, norm);
}

/* See embed.h. */
double
dp_cosine(const float *a, const float *b, int dim)
{
	double dot = 0, na = 0, nb = 0;

	for (int d = 0; d < dim; d++) {
		dot += (double)a[d] * b[d];
		na += (double)a[d] * a[d];
		nb += (double)b[d] * b[d];
	}
	return na > 0 && nb > 0 ? dot / sqrt(na * nb) : 0;
}
