/* SPDX-License-Identifier: MIT */
/* A reference hash embedder for tests: hash-v3 as dp-embed(1) writes it
 * out, in the plainest code that does the same floating-point
 * operations in the same order, and shares nothing with
 * src/lib/embed/hash.c and stem.c but the generated word table. The
 * fast embedder must give the same bits for every text
 * (fuzz_hash_embed.c, test_embed.c). Slow on purpose: the whole text
 * normalised first, every feature occurrence listed, then sorted to
 * count. Include once, in the test's one file. */
#ifndef DP_HASH_REF_H
#define DP_HASH_REF_H

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "dp.h"
#include "embed/words.h"

/* The NLTK English stop-word list without its apostrophe forms. */
static const char *const ref_stopwords[] = {
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

/* Is w (n bytes) a stop word? */
static int
ref_stopword(const char *w, size_t n)
{
	for (size_t i = 0; i < sizeof ref_stopwords / sizeof *ref_stopwords;
	     i++)
		if (strlen(ref_stopwords[i]) == n &&
		    memcmp(ref_stopwords[i], w, n) == 0)
			return 1;
	return 0;
}

/* Does w (n bytes) end with s? */
static int
ref_ends(const char *w, size_t n, const char *s)
{
	size_t k = strlen(s);

	return n >= k && memcmp(w + n - k, s, k) == 0;
}

/* Harman's S-stem of w (n bytes) into out (room for n); returns its
 * length. */
static size_t
ref_sstem(const char *w, size_t n, char *out)
{
	memcpy(out, w, n);
	if (n >= 5 && ref_ends(w, n, "ies") && !ref_ends(w, n, "eies") &&
	    !ref_ends(w, n, "aies")) {
		memcpy(out + n - 3, "y", 1);
		return n - 2;
	}
	if (n >= 4 && ref_ends(w, n, "s") && !ref_ends(w, n, "us") &&
	    !ref_ends(w, n, "ss"))
		return n - 1;
	return n;
}

/* ---- Porter's algorithm, rule by rule as the 1980 paper lists them -- */

/* Is b[i] a consonant? */
static int
ref_cons(const char *b, int i)
{
	if (strchr("aeiou", b[i]))
		return 0;
	if (b[i] == 'y')
		return i == 0 || !ref_cons(b, i - 1);
	return 1;
}

/* m() of b[0..len): the number of VC sequences. */
static int
ref_m(const char *b, int len)
{
	int m = 0, i = 0;

	while (i < len && ref_cons(b, i))
		i++;
	while (i < len) {
		while (i < len && !ref_cons(b, i))
			i++;
		if (i == len)
			break;
		while (i < len && ref_cons(b, i))
			i++;
		m++;
	}
	return m;
}

/* *v*: does b[0..len) contain a vowel? */
static int
ref_v(const char *b, int len)
{
	for (int i = 0; i < len; i++)
		if (!ref_cons(b, i))
			return 1;
	return 0;
}

/* *d: does b[0..len) end with a double consonant? */
static int
ref_d(const char *b, int len)
{
	return len >= 2 && b[len - 1] == b[len - 2] && ref_cons(b, len - 1);
}

/* *o: does b[0..len) end cvc, the last c not w, x or y? */
static int
ref_o(const char *b, int len)
{
	return len >= 3 && ref_cons(b, len - 3) && !ref_cons(b, len - 2) &&
	       ref_cons(b, len - 1) && !strchr("wxy", b[len - 1]);
}

/* A rule: the suffix, its replacement, the least m() of the stem
 * before it. */
struct ref_rule {
	const char *from, *to;
	int m;
};

/* The first rule of r (n rules) whose suffix b[0..*len) ends with:
 * applied when its stem's m() is above the rule's; 1 if a suffix
 * matched. */
static int
ref_apply(char *b, int *len, const struct ref_rule *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int k = (int)strlen(r[i].from);

		if (!ref_ends(b, (size_t)*len, r[i].from))
			continue;
		if (ref_m(b, *len - k) > r[i].m) {
			memcpy(b + *len - k, r[i].to, strlen(r[i].to));
			*len = *len - k + (int)strlen(r[i].to);
		}
		return 1;
	}
	return 0;
}

/* Porter's stem of the lower-case ASCII word b (n bytes), in place;
 * returns its length. */
static size_t
ref_porter(char *b, size_t n)
{
	static const struct ref_rule step2[] = {
		{ "ational", "ate", 0 }, { "tional", "tion", 0 },
		{ "enci", "ence", 0 }, { "anci", "ance", 0 },
		{ "izer", "ize", 0 }, { "abli", "able", 0 },
		{ "alli", "al", 0 }, { "entli", "ent", 0 }, { "eli", "e", 0 },
		{ "ousli", "ous", 0 }, { "ization", "ize", 0 },
		{ "ation", "ate", 0 }, { "ator", "ate", 0 },
		{ "alism", "al", 0 }, { "iveness", "ive", 0 },
		{ "fulness", "ful", 0 }, { "ousness", "ous", 0 },
		{ "aliti", "al", 0 }, { "iviti", "ive", 0 },
		{ "biliti", "ble", 0 },
	}, step3[] = {
		{ "icate", "ic", 0 }, { "ative", "", 0 }, { "alize", "al", 0 },
		{ "iciti", "ic", 0 }, { "ical", "ic", 0 }, { "ful", "", 0 },
		{ "ness", "", 0 },
	}, step4[] = {
		{ "al", "", 1 }, { "ance", "", 1 }, { "ence", "", 1 },
		{ "er", "", 1 }, { "ic", "", 1 }, { "able", "", 1 },
		{ "ible", "", 1 }, { "ant", "", 1 }, { "ement", "", 1 },
		{ "ment", "", 1 }, { "ent", "", 1 }, { "ion", "", 1 },
		{ "ou", "", 1 }, { "ism", "", 1 }, { "ate", "", 1 },
		{ "iti", "", 1 }, { "ous", "", 1 }, { "ive", "", 1 },
		{ "ize", "", 1 },
	};
	int len = (int)n;

	if (n <= 2)
		return n;
	/* step 1a */
	if (ref_ends(b, n, "sses") || ref_ends(b, n, "ies"))
		len -= 2;
	else if (ref_ends(b, n, "s") && !ref_ends(b, n, "ss"))
		len--;
	/* step 1b */
	if (ref_ends(b, (size_t)len, "eed")) {
		if (ref_m(b, len - 3) > 0)
			len--;
	} else {
		int k = ref_ends(b, (size_t)len, "ed") ? 2 :
			ref_ends(b, (size_t)len, "ing") ? 3 : 0;

		if (k && ref_v(b, len - k)) {
			len -= k;
			if (ref_ends(b, (size_t)len, "at") ||
			    ref_ends(b, (size_t)len, "bl") ||
			    ref_ends(b, (size_t)len, "iz"))
				b[len++] = 'e';
			else if (ref_d(b, len)) {
				if (!strchr("lsz", b[len - 1]))
					len--;
			} else if (ref_m(b, len) == 1 && ref_o(b, len))
				b[len++] = 'e';
		}
	}
	if (len <= 1)
		return (size_t)len;
	/* step 1c */
	if (b[len - 1] == 'y' && ref_v(b, len - 1))
		b[len - 1] = 'i';
	ref_apply(b, &len, step2, sizeof step2 / sizeof *step2);
	ref_apply(b, &len, step3, sizeof step3 / sizeof *step3);
	/* step 4: -ion only after s or t */
	if (ref_ends(b, (size_t)len, "ion") &&
	    (len < 4 || !strchr("st", b[len - 4]))) {
		/* no other suffix of step 4 ends with n after o */
	} else {
		ref_apply(b, &len, step4, sizeof step4 / sizeof *step4);
	}
	/* step 5a */
	if (b[len - 1] == 'e') {
		int m = ref_m(b, len - 1);
		if (m > 1 || (m == 1 && !ref_o(b, len - 1)))
			len--;
	}
	/* step 5b */
	if (ref_d(b, len) && b[len - 1] == 'l' && ref_m(b, len) > 1)
		len--;
	return (size_t)len;
}

/* ---- features -------------------------------------------------------- */

/* One occurrence of a feature: its hash, count and word weight, and
 * where it came in its family. */
struct ref_occ {
	uint64_t h;
	double c, w;
	size_t at;
};

/* A family's occurrences. */
struct ref_family {
	struct ref_occ *o;
	size_t n, cap;
};

/* A feature: its hash, count and sum of count x weight. */
struct ref_feature {
	uint64_t h;
	double count, wsum;
	size_t first;
};

/* List an occurrence. */
static void
ref_add(struct ref_family *f, uint64_t h, double c, double w)
{
	if (f->n == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 64;
		f->o = realloc(f->o, f->cap * sizeof *f->o);
		if (!f->o)
			abort();
	}
	f->o[f->n] = (struct ref_occ){ h, c, w, f->n };
	f->n++;
}

/* qsort: by hash, then by position. */
static int
ref_by_hash(const void *a, const void *b)
{
	const struct ref_occ *x = a, *y = b;

	if (x->h != y->h)
		return x->h < y->h ? -1 : 1;
	return x->at < y->at ? -1 : x->at > y->at;
}

/* qsort: by first occurrence. */
static int
ref_by_first(const void *a, const void *b)
{
	const struct ref_feature *x = a, *y = b;

	return x->first < y->first ? -1 : x->first > y->first;
}

/* Family f's features in order of first occurrence, each count and
 * wsum summed in order of occurrence, into *out (malloc'd); returns
 * how many. */
static size_t
ref_features(struct ref_family *f, struct ref_feature **out)
{
	size_t m = 0;

	*out = malloc((f->n + 1) * sizeof **out);
	if (!*out)
		abort();
	if (f->n)
		qsort(f->o, f->n, sizeof *f->o, ref_by_hash);
	for (size_t i = 0, j; i < f->n; i = j) {
		struct ref_feature g = { f->o[i].h, 0, 0, f->o[i].at };

		for (j = i; j < f->n && f->o[j].h == f->o[i].h; j++) {
			g.count += f->o[j].c;
			g.wsum += f->o[j].c * f->o[j].w;
		}
		(*out)[m++] = g;
	}
	if (m)
		qsort(*out, m, sizeof **out, ref_by_first);
	return m;
}

/* splitmix64's finalizer. */
static uint64_t
ref_splitmix(uint64_t x)
{
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9u;
	x = (x ^ (x >> 27)) * 0x94D049BB133111EBu;
	return x ^ (x >> 31);
}

/* DP_HASH_SEED, or 0. */
static uint64_t
ref_seed(void)
{
	const char *s = getenv("DP_HASH_SEED");

	return s && *s ? strtoull(s, NULL, 10) : 0;
}

/* The hash of a feature of at most 7 bytes p (n), tagged: its bytes
 * packed little-endian into 64 bits, n in the top byte. */
static uint64_t
ref_packed(const unsigned char *p, size_t n, uint64_t seed)
{
	uint64_t x = (uint64_t)n << 56;

	for (size_t i = 0; i < n; i++)
		x |= (uint64_t)p[i] << (8 * i);
	return ref_splitmix(x ^ seed * 0x9E3779B97F4A7C15u);
}

/* Add the features' weights, scale / sqrt(copies) each, at copies
 * components. */
static void
ref_accumulate(double *acc, int dim, const struct ref_feature *f,
	       size_t n, double scale, int copies)
{
	scale /= sqrt(copies);
	for (size_t k = 0; k < n; k++) {
		double w = scale * ((0.3 + 1) * f[k].wsum / (f[k].count + 0.3));
		uint64_t h = f[k].h;

		for (int c = 0; c < copies; c++) {
			if (c)
				h = ref_splitmix(h + 0x9E3779B97F4A7C15u);
			acc[h % (uint64_t)dim] += (h >> 63) ? -w : w;
		}
	}
}

/* The L2 length of the features' weights. */
static double
ref_norm(const struct ref_feature *f, size_t n)
{
	double s = 0;

	for (size_t k = 0; k < n; k++) {
		double w = (0.3 + 1) * f[k].wsum / (f[k].count + 0.3);
		s += w * w;
	}
	return sqrt(s);
}

/* A content word's weight x 255 in the word table (255 if unknown),
 * and its hypernyms' index and count. */
static int
ref_table(const char *s, size_t n, uint32_t *hyp_at)
{
	uint64_t h = XXH3_64bits(s, n);
	uint32_t key = (uint32_t)(h >> 32) ? (uint32_t)(h >> 32) : 1;

	*hyp_at = 0;
	for (size_t i = h % DP_HASH_WORDS_SLOTS; dp_hash_words_key[i];
	     i = (i + 1) % DP_HASH_WORDS_SLOTS)
		if (dp_hash_words_key[i] == key) {
			*hyp_at = dp_hash_words_hyp_at[i];
			return dp_hash_words_weight[i];
		}
	return 255;
}

/* Normalise text (n bytes): words' bytes, ' ' between them; returns a
 * malloc'd string of *len bytes. */
static char *
ref_normalise(const char *text, size_t n, size_t *len)
{
	static const char fold[] = "aaaaaaaceeeeiiiidnooooo ouuuuyts"
				   "aaaaaaaceeeeiiiidnooooo ouuuuyty";
	char *o = malloc(n + 1);
	size_t k = 0;

	if (!o)
		abort();
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)text[i];
		uint32_t cp;
		size_t l = dp_utf8_next(text + i, n - i, &cp);

		if (c < 0x80) {
			o[k++] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) :
				 (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
				 ? (char)c : ' ';
			i++;
		} else if (l == 2 && cp >= 0xC0 && cp <= 0xFF) {
			o[k++] = fold[cp - 0xC0];
			if (cp == 0xDF)
				o[k++] = 's';
			if (cp == 0xC6 || cp == 0xE6)
				o[k++] = 'e';
			i += 2;
		} else {
			l = l ? l : 1;
			memcpy(o + k, text + i, l);
			k += l;
			i += l;
		}
	}
	*len = k;
	return o;
}

/* The reference hash-v3 vector of text (n bytes) at dim. */
static void
ref_hash_embed(const char *text, size_t n, int dim, float *out)
{
	struct ref_family fam[4] = { { 0 } };	/* w, b, c, h */
	struct ref_feature *feat[4];
	size_t nfeat[4], len;
	char *norm = ref_normalise(text, n, &len);
	char *prev = NULL, *buf = malloc(2 * len + 16);
	size_t plen = 0;
	uint64_t seed = ref_seed();
	double prev_w = 0, *acc = calloc((size_t)dim, sizeof *acc), sum = 0;

	if (!buf || !acc)
		abort();
	for (size_t i = 0, j; i < len; i = j) {
		for (; i < len && norm[i] == ' '; i++)
			;
		for (j = i; j < len && norm[j] != ' '; j++)
			;
		size_t wl = j - i, sl, pl, az = 0;
		const char *w = norm + i;
		char *s, *p;
		uint32_t hyp_at;

		if (wl < 2)
			continue;
		if (ref_stopword(w, wl)) {
			free(prev);
			prev = NULL;
			continue;
		}
		s = malloc(wl + 1);
		p = malloc(wl + 1);
		if (!s || !p)
			abort();
		sl = ref_sstem(w, wl, s);
		while (az < wl && w[az] >= 'a' && w[az] <= 'z')
			az++;
		if (az == wl && wl <= 64) {
			memcpy(p, w, wl);
			pl = ref_porter(p, wl);
		} else {
			memcpy(p, s, sl);
			pl = sl;
		}
		double c = w[0] >= '0' && w[0] <= '9' ? 0.3 : 1;
		double wt = ref_table(s, sl, &hyp_at) / 255.0;

		buf[0] = 'w';
		memcpy(buf + 1, p, pl);
		ref_add(&fam[0], XXH3_64bits_withSeed(buf, pl + 1, seed),
			c, wt);
		if (prev) {
			buf[0] = 'b';
			memcpy(buf + 1, prev, plen);
			buf[1 + plen] = ' ';
			memcpy(buf + 2 + plen, p, pl);
			ref_add(&fam[1],
				XXH3_64bits_withSeed(buf, plen + pl + 2, seed),
				c, sqrt(prev_w * wt));
		}
		buf[0] = ' ';
		memcpy(buf + 1, s, sl);
		buf[sl + 1] = ' ';
		for (size_t g = 4; g <= 5; g++)
			for (size_t k = 0; k + g <= sl + 2; k++) {
				unsigned char t[8] = { 'c' };

				memcpy(t + 1, buf + k, g);
				ref_add(&fam[2], ref_packed(t, g + 1, seed), c, wt);
			}
		for (uint32_t k = 0; k < (hyp_at & 15); k++) {
			uint32_t id = dp_hash_words_hyp[(hyp_at >> 4) + k];
			unsigned char t[5] = { 'h', (unsigned char)id,
					       (unsigned char)(id >> 8),
					       (unsigned char)(id >> 16),
					       (unsigned char)(id >> 24) };

			ref_add(&fam[3], ref_packed(t, 5, seed), c, 0.3 * wt);
		}
		free(s);
		free(prev);
		prev = p;
		plen = pl;
		prev_w = wt;
	}
	for (int f = 0; f < 4; f++)
		nfeat[f] = ref_features(&fam[f], &feat[f]);
	ref_accumulate(acc, dim, feat[0], nfeat[0], 1.0, 2);
	ref_accumulate(acc, dim, feat[1], nfeat[1], 0.5, 2);
	if (nfeat[2])
		ref_accumulate(acc, dim, feat[2], nfeat[2],
			       0.5 * ref_norm(feat[0], nfeat[0]) /
			       ref_norm(feat[2], nfeat[2]), 1);
	ref_accumulate(acc, dim, feat[3], nfeat[3], 1.0, 2);
	for (int d = 0; d < dim; d++)
		sum += acc[d] * acc[d];
	sum = sum > 0 ? 1 / sqrt(sum) : 0;
	for (int d = 0; d < dim; d++)
		out[d] = (float)(acc[d] * sum);
	for (int f = 0; f < 4; f++) {
		free(fam[f].o);
		free(feat[f]);
	}
	free(prev);
	free(buf);
	free(acc);
	free(norm);
}

#endif
