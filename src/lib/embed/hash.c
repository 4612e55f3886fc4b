/* SPDX-License-Identifier: MIT */
/* The built-in hashing embedder, hash-v1 (see embed.h, and
 * dp-embed(1) for the algorithm with test vectors). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "dp.h"
#include "embed.h"

#define TF_K 1.2		/* BM25's k1: tf weight c(k+1)/(c+k) */
#define PAIR_WEIGHT 0.5		/* word pairs, beside words at 1 */
#define GRAM_SHARE 0.5		/* |n-gram part| / |word part| */
#define GRAM_MIN 3
#define GRAM_MAX 5

/* The NLTK English stop-word list without its apostrophe forms (which
 * cannot be tokens here), sorted for bsearch. */
static const char *const stopwords[] = {
	"about", "above", "after", "again", "against", "ain", "all", "am",
	"an", "and", "any", "are", "aren", "as", "at", "be", "because",
	"been", "before", "being", "below", "between", "both", "but", "by",
	"can", "couldn", "did", "didn", "do", "does", "doesn", "doing", "don",
	"down", "during", "each", "few", "for", "from", "further", "had",
	"hadn", "has", "hasn", "have", "haven", "having", "he", "her", "here",
	"hers", "herself", "him", "himself", "his", "how", "if", "in", "into",
	"is", "isn", "it", "its", "itself", "just", "ll", "ma", "me",
	"mightn", "more", "most", "mustn", "my", "myself", "needn", "no",
	"nor", "not", "now", "of", "off", "on", "once", "only", "or", "other",
	"our", "ours", "ourselves", "out", "over", "own", "re", "same",
	"shan", "she", "should", "shouldn", "so", "some", "such", "than",
	"that", "the", "their", "theirs", "them", "themselves", "then",
	"there", "these", "they", "this", "those", "through", "to", "too",
	"under", "until", "up", "ve", "very", "was", "wasn", "we", "were",
	"weren", "what", "when", "where", "which", "while", "who", "whom",
	"why", "will", "with", "won", "wouldn", "you", "your", "yours",
	"yourself", "yourselves"
};

/* Latin-1 letters U+00C0..U+00FF (UTF-8 C3 80..C3 BF), by code point
 * less U+00C0, folded to lower case ASCII base letters (hash-v1's own
 * fold, dp-embed(1)); 0 marks the two signs (multiply, divide), which
 * separate words. U+00DF (sharp s) and the ligatures fold to one letter
 * here and get their second letter in tokenize(). */
static const char latin1_fold[64] =
	"aaaaaaaceeeeiiii" "dnooooo\0ouuuuyts"
	"aaaaaaaceeeeiiii" "dnooooo\0ouuuuyty";

/* One family's features: distinct 64-bit feature hashes in order of
 * first occurrence, with counts, found through an open-addressing
 * index. */
struct family {
	uint64_t *key;
	double *count;
	size_t n, cap;
	uint32_t *slot;		/* index + 1, 0 empty */
	size_t nslot;		/* power of two */
};

struct token {
	size_t off, len;	/* the stem: norm[off..off+len) */
	char add;		/* and this byte, unless 0 */
	int stop;
};

/* Per-thread scratch space, grown as needed and kept. */
struct scratch {
	struct dp_buf norm;	/* normalised text */
	struct token *tok;
	size_t tokcap;
	struct dp_buf buf;	/* feature bytes */
	double *acc;
	int acccap;
	struct family fam[3];	/* words, pairs, n-grams */
};

static _Thread_local struct scratch sc;

/* See embed.h. */
int
dp_hash_stopword(const char *w, size_t n)
{
	size_t lo = 0, hi = sizeof stopwords / sizeof *stopwords;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const char *s = stopwords[mid];
		size_t sn = strlen(s);
		int c = memcmp(w, s, n < sn ? n : sn);

		if (c == 0)
			c = n < sn ? -1 : n > sn;
		if (c == 0)
			return 1;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

/* Does w (n bytes) end with the suffix s? */
static int
ends(const char *w, size_t n, const char *s)
{
	size_t sn = strlen(s);

	return n >= sn && memcmp(w + n - sn, s, sn) == 0;
}

/* See embed.h. Harman's S-stemmer: the first rule that applies. */
size_t
dp_hash_stem(const char *w, size_t n, char *add)
{
	*add = 0;
	if (n < 4)
		return n;
	if (n >= 5 && ends(w, n, "ies") && !ends(w, n, "eies") &&
	    !ends(w, n, "aies")) {
		*add = 'y';
		return n - 3;
	}
	/* "-es" -> "-e" and "-s" -> "" both drop the s; the exceptions of
	 * the first (aes, ees, oes) fall through to the second. */
	if (w[n - 1] == 's' && w[n - 2] != 'u' && w[n - 2] != 's')
		return n - 1;
	return n;
}

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

/* Count one occurrence of feature hash h. */
static void
family_add(struct family *f, uint64_t h)
{
	size_t mask = f->nslot - 1, i = (size_t)h & mask;

	while (f->slot[i]) {
		size_t k = f->slot[i] - 1;
		if (f->key[k] == h) {
			f->count[k] += 1;
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
	size_t cap = f->cap;
	f->key = dp_xgrow(f->key, &cap, f->n + 1, sizeof *f->key);
	cap = f->cap;
	f->count = dp_xgrow(f->count, &cap, f->n + 1, sizeof *f->count);
	f->cap = cap;
	f->key[f->n] = h;
	f->count[f->n] = 1;
	f->slot[i] = (uint32_t)++f->n;
}

/* Write token t's stem to dst; returns its length. */
static size_t
stem_bytes(const struct token *t, char *dst)
{
	memcpy(dst, sc.norm.data + t->off, t->len);
	if (t->add)
		dst[t->len] = t->add;
	return t->len + (t->add != 0);
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
		t->len = t->stop ? i - start
				 : dp_hash_stem(norm + start, i - start,
						&t->add);
		if (t->stop)
			t->add = 0;
	}
	return ntok;
}

/* The saturating term-frequency weight of a count. */
static double
tf(double c)
{
	return c * (TF_K + 1) / (c + TF_K);
}

/* Add family f's features, each weight * tf(count), into acc. */
static void
accumulate(const struct family *f, double weight, int dim)
{
	for (size_t k = 0; k < f->n; k++) {
		double w = weight * tf(f->count[k]);
		uint64_t h = f->key[k];

		sc.acc[h % (uint64_t)dim] += (h >> 63) ? -w : w;
	}
}

/* The L2 length of family f's feature weights. */
static double
family_norm(const struct family *f)
{
	double s = 0;

	for (size_t k = 0; k < f->n; k++) {
		double w = tf(f->count[k]);
		s += w * w;
	}
	return sqrt(s);
}

/* See embed.h. */
void
dp_hash_embed(const char *text, size_t n, int dim, float *out)
{
	size_t ntok = tokenize(text, n);
	const struct token *prev = NULL;
	double norm = 0;
	char *buf;

	for (int f = 0; f < 3; f++)
		family_reset(&sc.fam[f], f == 2 ? ntok * 12 : ntok);
	for (size_t i = 0; i < ntok; i++) {
		const struct token *t = &sc.tok[i];
		char gram[1 + GRAM_MAX];
		size_t len, pl;

		if (t->stop) {
			prev = NULL;
			continue;
		}
		/* the word; sc.buf holds "w" stem, then "b" prev " " stem */
		dp_buf_reserve(&sc.buf, t->len + (prev ? prev->len : 0) + 8);
		buf = sc.buf.data;
		buf[0] = 'w';
		len = stem_bytes(t, buf + 1);
		family_add(&sc.fam[0], XXH3_64bits(buf, len + 1));
		if (prev) {
			buf[0] = 'b';
			pl = stem_bytes(prev, buf + 1);
			buf[1 + pl] = ' ';
			len = stem_bytes(t, buf + 2 + pl);
			family_add(&sc.fam[1],
				   XXH3_64bits(buf, pl + len + 2));
		}
		prev = t;
		/* the n-grams of " stem " */
		buf[0] = ' ';
		len = stem_bytes(t, buf + 1);
		buf[len + 1] = ' ';
		gram[0] = 'c';
		for (int g = GRAM_MIN; g <= GRAM_MAX; g++)
			for (size_t s = 0; s + (size_t)g <= len + 2; s++) {
				memcpy(gram + 1, buf + s, (size_t)g);
				family_add(&sc.fam[2],
					   XXH3_64bits(gram, (size_t)g + 1));
			}
	}

	if (dim > sc.acccap) {
		free(sc.acc);
		sc.acc = dp_xmalloc((size_t)dim * sizeof *sc.acc);
		sc.acccap = dim;
	}
	memset(sc.acc, 0, (size_t)dim * sizeof *sc.acc);
	accumulate(&sc.fam[0], 1.0, dim);
	accumulate(&sc.fam[1], PAIR_WEIGHT, dim);
	if (sc.fam[2].n) {
		double g = family_norm(&sc.fam[2]);
		accumulate(&sc.fam[2], GRAM_SHARE * family_norm(&sc.fam[0]) / g,
			   dim);
	}
	for (int d = 0; d < dim; d++)
		norm += sc.acc[d] * sc.acc[d];
	norm = sqrt(norm);
	for (int d = 0; d < dim; d++)
		out[d] = norm > 0 ? (float)(sc.acc[d] / norm) : 0.0f;
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
