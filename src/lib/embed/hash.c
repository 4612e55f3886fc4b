/* SPDX-License-Identifier: MIT */
/* The built-in hashing embedder, hash-v3 (see embed.h, and
 * dp-embed(1) for the algorithm with test vectors). */
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

enum { F_WORD, F_PAIR, F_GRAM, F_HYP, NFAM };

/* Latin-1 letters U+00C0..U+00FF (UTF-8 C3 80..C3 BF), by code point
 * less U+00C0, folded to lower case ASCII base letters (the embedder's own
 * fold, dp-embed(1)); 0 marks the two signs (multiply, divide), which
 * separate words. U+00DF (sharp s) and the ligatures fold to one letter
 * here and get their second letter in tokenize(). */
static const char latin1_fold[64] =
	"aaaaaaaceeeeiiii" "dnooooo\0ouuuuyts"
	"aaaaaaaceeeeiiii" "dnooooo\0ouuuuyty";

/* One family's features: distinct 64-bit feature hashes in order of
 * first occurrence, each with its count and the sum of count x word
 * weight over its occurrences, found through an open-addressing
 * index. */
struct family {
	uint64_t *key;
	double *count, *wsum;
	size_t n, cap;
	uint32_t *slot;		/* index + 1, 0 empty */
	size_t nslot;		/* power of two */
};

struct token {
	size_t off, len;	/* the S-stem: norm[off..off+len) */
	char add;		/* and this byte, unless 0 */
	int stop;
	size_t poff, plen;	/* the Porter stem: porter[poff..+plen) */
	double count;		/* 1, or NUMBER_COUNT */
	double weight;		/* from the word table, 1 if unknown */
	uint32_t hyp_at;	/* the table's hypernym index and count */
};

/* Per-thread scratch space, grown as needed and kept. */
struct scratch {
	struct dp_buf norm;	/* normalised text */
	struct dp_buf porter;	/* the Porter stems */
	struct token *tok;
	size_t tokcap;
	struct dp_buf buf;	/* feature bytes */
	double *acc;
	int acccap;
	struct family fam[NFAM];
};

static _Thread_local struct scratch sc;

static uint64_t seed;		/* DP_HASH_SEED, for tests; 0 */
static pthread_once_t seed_once = PTHREAD_ONCE_INIT;

/* Read DP_HASH_SEED (a decimal integer, for tests only) into seed. */
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
}

/* Empty family f, with room for about `expect` features. */
static void
family_reset(struct family *f, size_t expect)
{
	size_t want = 16;

	while (want < expect * 2)
		want *= 2;
	if (want > f->nslot) {
		free(f->slot);
		f->slot = dp_xmalloc(want * sizeof *f->slot);
		f->nslot = want;
	}
	memset(f->slot, 0, f->nslot * sizeof *f->slot);
	f->n = 0;
}

/* Count an occurrence of feature hash h: count c, word weight w. */
static void
family_add(struct family *f, uint64_t h, double c, double w)
{
	size_t mask = f->nslot - 1, i = (size_t)h & mask;

	while (f->slot[i]) {
		size_t k = f->slot[i] - 1;
		if (f->key[k] == h) {
			f->count[k] += c;
			f->wsum[k] += c * w;
			return;
		}
		i = (i + 1) & mask;
	}
	if (f->n + 1 > f->nslot / 2) {	/* keep the load at most 1/2 */
		uint32_t *old = f->slot;
		size_t oldn = f->nslot;
		f->nslot *= 2;
		f->slot = dp_xmalloc(f->nslot * sizeof *f->slot);
		memset(f->slot, 0, f->nslot * sizeof *f->slot);
		mask = f->nslot - 1;
		for (size_t j = 0; j < oldn; j++) {
			if (!old[j])
				continue;
			size_t s = (size_t)f->key[old[j] - 1] & mask;
			while (f->slot[s])
				s = (s + 1) & mask;
			f->slot[s] = old[j];
		}
		free(old);
		i = (size_t)h & mask;
		while (f->slot[i])
			i = (i + 1) & mask;
	}
	if (f->n == f->cap) {	/* key, count and wsum share cap */
		size_t cap = f->cap;
		f->key = dp_xgrow(f->key, &cap, f->n + 1, sizeof *f->key);
		cap = f->cap;
		f->count = dp_xgrow(f->count, &cap, f->n + 1,
				    sizeof *f->count);
		cap = f->cap;
		f->wsum = dp_xgrow(f->wsum, &cap, f->n + 1, sizeof *f->wsum);
		f->cap = cap;
	}
	f->key[f->n] = h;
	f->count[f->n] = c;
	f->wsum[f->n] = c * w;
	f->slot[i] = (uint32_t)++f->n;
}

/* Write token t's S-stem to dst; returns its length. */
static size_t
stem_bytes(const struct token *t, char *dst)
{
	memcpy(dst, sc.norm.data + t->off, t->len);
	if (t->add)
		dst[t->len] = t->add;
	return t->len + (t->add != 0);
}

/* Look the S-stem s (n bytes) up in the word table: t's weight and
 * hypernyms. */
static void
lookup(struct token *t, const char *s, size_t n)
{
	uint64_t h = XXH3_64bits(s, n);
	uint32_t key = (uint32_t)(h >> 32) ? (uint32_t)(h >> 32) : 1;
	size_t mask = DP_HASH_WORDS_SLOTS - 1, i = (size_t)h & mask;

	t->weight = 1;
	t->hyp_at = 0;
	for (; dp_hash_words_key[i]; i = (i + 1) & mask)
		if (dp_hash_words_key[i] == key) {
			t->weight = dp_hash_words_weight[i] / 255.0;
			t->hyp_at = dp_hash_words_hyp_at[i];
			return;
		}
}

/* Fill in content token t of the word w (n bytes): its S-stem, Porter
 * stem (appended to sc.porter), count, and what the word table says. */
static void
content_token(struct token *t, const char *w, size_t n)
{
	size_t len, i;
	char *buf, *p;

	t->len = dp_hash_stem(w, n, &t->add);
	dp_buf_reserve(&sc.buf, n + 2);
	buf = sc.buf.data;
	len = stem_bytes(t, buf);
	lookup(t, buf, len);
	t->count = w[0] >= '0' && w[0] <= '9' ? NUMBER_COUNT : 1;
	for (i = 0; i < n && w[i] >= 'a' && w[i] <= 'z'; i++)
		;
	t->poff = sc.porter.len;
	p = sc.porter.data + t->poff;
	if (i == n && n <= PORTER_MAX) {
		memcpy(p, w, n);
		t->plen = dp_hash_porter(p, n);
	} else {
		memcpy(p, buf, len);
		t->plen = len;
	}
	sc.porter.len += t->plen;
}

/* Normalise text into sc.norm (word bytes kept, separators as ' ') and
 * split it into tokens. Returns the token count. */
static size_t
tokenize(const char *text, size_t n)
{
	size_t o = 0, ntok = 0, start;
	char *norm;

	/* no byte gives more than one: room for n, and a closing ' ' */
	sc.norm.len = 0;
	dp_buf_reserve(&sc.norm, n + 1);
	norm = sc.norm.data;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)text[i];
		uint32_t cp;
		size_t len;

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			norm[o++] = (char)c;
		} else if (c >= 'A' && c <= 'Z') {
			norm[o++] = (char)dp_ascii_lower(c);
		} else if (c < 0x80) {
			norm[o++] = ' ';
		} else if ((len = dp_utf8_next(text + i, n - i, &cp)) == 2 &&
			   cp >= 0xC0 && cp <= 0xFF) {
			char f = latin1_fold[cp - 0xC0];

			i++;
			if (!f) {
				norm[o++] = ' ';
				continue;
			}
			norm[o++] = f;
			if (cp == 0xDF)			/* sharp s */
				norm[o++] = 's';
			else if (cp == 0xC6 || cp == 0xE6)	/* ae */
				norm[o++] = 'e';
		} else {	/* other UTF-8 (or a stray byte) as it is */
			len = len ? len : 1;
			memcpy(norm + o, text + i, len);
			o += len;
			i += len - 1;
		}
	}
	norm[o] = ' ';
	sc.norm.len = o;
	/* a Porter stem is no longer than its word, nor an S-stem than its
	 * word and one byte: room for them all */
	sc.porter.len = 0;
	dp_buf_reserve(&sc.porter, o + 1);
	for (size_t i = 0; i < o;) {
		while (i < o && norm[i] == ' ')
			i++;
		for (start = i; i < o && norm[i] != ' '; i++)
			;
		if (i - start < 2)
			continue;
		sc.tok = dp_xgrow(sc.tok, &sc.tokcap, ntok + 1, sizeof *sc.tok);
		struct token *t = &sc.tok[ntok++];
		t->off = start;
		t->stop = dp_hash_stopword(norm + start, i - start);
		if (!t->stop)
			content_token(t, norm + start, i - start);
	}
	return ntok;
}

/* The weight of family f's feature k: the saturating term frequency of
 * its count c, c(k+1)/(c+k), times its mean word weight wsum/c. */
static double
feature_weight(const struct family *f, size_t k)
{
	return (TF_K + 1) * f->wsum[k] / (f->count[k] + TF_K);
}

/* splitmix64's finalizer: a bijection on 64 bits that mixes well. */
static uint64_t
splitmix(uint64_t x)
{
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9u;
	x = (x ^ (x >> 27)) * 0x94D049BB133111EBu;
	return x ^ (x >> 31);
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
		double w = scale * feature_weight(f, k);
		uint64_t h = f->key[k];

		sc.acc[h % (uint64_t)dim] += (h >> 63) ? -w : w;
		if (copies == 2) {
			h = splitmix(h + 0x9E3779B97F4A7C15u);
			sc.acc[h % (uint64_t)dim] += (h >> 63) ? -w : w;
		}
	}
}

/* The L2 length of family f's feature weights. */
static double
family_norm(const struct family *f)
{
	double s = 0;

	for (size_t k = 0; k < f->n; k++) {
		double w = feature_weight(f, k);
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
	return splitmix(x ^ seed * 0x9E3779B97F4A7C15u);
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

/* Count content token t's features; prev is the content token before
 * it, NULL after a stop word or at the start. */
static void
add_features(const struct token *t, const struct token *prev)
{
	const char *ps = sc.porter.data + t->poff;
	char *buf;
	size_t len, pl;

	/* the word; sc.buf holds "w" stem, then "b" prev " " stem */
	dp_buf_reserve(&sc.buf,
		       t->len + t->plen + (prev ? prev->plen : 0) + 8);
	buf = sc.buf.data;
	buf[0] = 'w';
	memcpy(buf + 1, ps, t->plen);
	family_add(&sc.fam[F_WORD], feature_hash(buf, t->plen + 1),
		   t->count, t->weight);
	if (prev) {
		pl = prev->plen;
		buf[0] = 'b';
		memcpy(buf + 1, sc.porter.data + prev->poff, pl);
		buf[1 + pl] = ' ';
		memcpy(buf + 2 + pl, ps, t->plen);
		family_add(&sc.fam[F_PAIR],
			   feature_hash(buf, pl + t->plen + 2), t->count,
			   sqrt(prev->weight * t->weight));
	}
	/* the n-grams of " S-stem " */
	buf[0] = ' ';
	len = stem_bytes(t, buf + 1);
	buf[len + 1] = ' ';
	for (int g = GRAM_MIN; g <= GRAM_MAX; g++) {
		/* packed_hash of 'c' and the g bytes at s, from an
		 * 8-byte load (buf has room for it) */
		uint64_t mask = ((uint64_t)1 << (8 * g)) - 1;
		uint64_t top = (uint64_t)(g + 1) << 56 | 'c';

		for (size_t s = 0; s + (size_t)g <= len + 2; s++)
			family_add(&sc.fam[F_GRAM],
				   packed_hash(top | (load_le64(buf + s) & mask)
					       << 8), t->count, t->weight);
	}
	/* the hypernyms, each "h" and its id's 4 bytes, little-endian */
	for (uint32_t k = 0; k < (t->hyp_at & 15); k++) {
		uint64_t id = dp_hash_words_hyp[(t->hyp_at >> 4) + k];
		family_add(&sc.fam[F_HYP],
			   packed_hash((uint64_t)5 << 56 | id << 8 | 'h'),
			   t->count, HYP_WEIGHT * t->weight);
	}
}

/* See embed.h. */
void
dp_hash_embed(const char *text, size_t n, int dim, float *out)
{
	size_t ntok;
	const struct token *prev = NULL;
	double norm = 0;

	pthread_once(&seed_once, read_seed);
	ntok = tokenize(text, n);
	for (int f = 0; f < NFAM; f++)
		family_reset(&sc.fam[f], f == F_GRAM ? ntok * 12 : ntok);
	for (size_t i = 0; i < ntok; i++) {
		const struct token *t = &sc.tok[i];

		if (t->stop) {
			prev = NULL;
			continue;
		}
		add_features(t, prev);
		prev = t;
	}

	if (dim > sc.acccap) {
		free(sc.acc);
		sc.acc = dp_xmalloc((size_t)dim * sizeof *sc.acc);
		sc.acccap = dim;
	}
	memset(sc.acc, 0, (size_t)dim * sizeof *sc.acc);
	accumulate(&sc.fam[F_WORD], 1.0, WORD_COPIES, dim);
	accumulate(&sc.fam[F_PAIR], PAIR_WEIGHT, WORD_COPIES, dim);
	if (sc.fam[F_GRAM].n) {
		double g = family_norm(&sc.fam[F_GRAM]);
		accumulate(&sc.fam[F_GRAM],
			   GRAM_SHARE * family_norm(&sc.fam[F_WORD]) / g, 1, dim);
	}
	accumulate(&sc.fam[F_HYP], 1.0, WORD_COPIES, dim);
	for (int d = 0; d < dim; d++)
		norm += sc.acc[d] * sc.acc[d];
	norm = norm > 0 ? 1 / sqrt(norm) : 0;
	for (int d = 0; d < dim; d++)
		out[d] = (float)(sc.acc[d] * norm);
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
