/* SPDX-License-Identifier: MIT */
/* The hash embedder's word rules (see embed.h and dp-embed(1)): the
 * stop-word list, Harman's S-stemmer and Porter's stemmer. Shared by
 * libdp and the build-time generator of the word table
 * (src/gen/gen_hash_words.c), so that both stem alike. */
#include <string.h>

#include "embed.h"

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

/* See embed.h. */
int
dp_hash_stopword(const char *w, size_t n)
{
	size_t lo = 0, hi = sizeof stopwords / sizeof *stopwords;

	if (n > 10)		/* the longest, "yourselves" */
		return 0;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const char *s = stopwords[mid];
		int c = (unsigned char)w[0] - (unsigned char)s[0];

		if (c == 0) {
			size_t sn = strlen(s);
			c = memcmp(w, s, n < sn ? n : sn);
			if (c == 0)
				c = n < sn ? -1 : n > sn;
		}
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

/* Porter's algorithm (M.F. Porter, "An algorithm for suffix stripping",
 * Program 14(3), 1980), as published: step 2 has ABLI -> ABLE and no
 * LOGI rule. Words of one or two bytes are left alone. */
struct pw {
	char *b;	/* the word */
	int k;		/* index of its last byte */
	int j;		/* end of the stem while testing a suffix */
};

/* Is b[i] a consonant? */
static int
cons(const struct pw *z, int i)
{
	switch (z->b[i]) {
	case 'a': case 'e': case 'i': case 'o': case 'u':
		return 0;
	case 'y':
		return i == 0 ? 1 : !cons(z, i - 1);
	default:
		return 1;
	}
}

/* m(), the number of VC sequences in b[0..j]. */
static int
measure(const struct pw *z)
{
	int n = 0, i = 0;

	while (i <= z->j && cons(z, i))		/* [C] */
		i++;
	for (;;) {
		while (i <= z->j && !cons(z, i))	/* V */
			i++;
		if (i > z->j)
			return n;
		while (i <= z->j && cons(z, i))	/* C: one more VC */
			i++;
		n++;
	}
}

/* Does b[0..j] contain a vowel? */
static int
vowel_in_stem(const struct pw *z)
{
	for (int i = 0; i <= z->j; i++)
		if (!cons(z, i))
			return 1;
	return 0;
}

/* Do b[i-1], b[i] form a double consonant? */
static int
doublec(const struct pw *z, int i)
{
	return i >= 1 && z->b[i] == z->b[i - 1] && cons(z, i);
}

/* Is b[i-2..i] consonant-vowel-consonant, the last not w, x or y? */
static int
cvc(const struct pw *z, int i)
{
	if (i < 2 || !cons(z, i) || cons(z, i - 1) || !cons(z, i - 2))
		return 0;
	return z->b[i] != 'w' && z->b[i] != 'x' && z->b[i] != 'y';
}

/* Does b[0..k] end with s (n bytes)? If so, j marks the stem before
 * it. */
static int
p_ends(struct pw *z, const char *s, int n)
{
	if (n > z->k + 1 || z->b[z->k] != s[n - 1] ||
	    memcmp(z->b + z->k - n + 1, s, (size_t)n) != 0)
		return 0;
	z->j = z->k - n;
	return 1;
}

/* p_ends() of a string literal. */
#define ENDS(z, lit) p_ends(z, lit, (int)sizeof lit - 1)

/* Replace b[j+1..k] by s. */
static void
setto(struct pw *z, const char *s)
{
	int n = (int)strlen(s);

	memcpy(z->b + z->j + 1, s, (size_t)n);
	z->k = z->j + n;
}

/* setto(s) when m() > 0. */
static void
setto_m(struct pw *z, const char *s)
{
	if (measure(z) > 0)
		setto(z, s);
}

/* A suffix rule: from (n bytes) becomes to. */
struct rule {
	const char *from;
	int n;
	const char *to;
};
#define R(from, to) { from, (int)sizeof from - 1, to }

/* The first of the n rules whose suffix the word ends with: its suffix
 * replaced when m() > 0 (setto_m); none, nothing. */
static void
replace_first(struct pw *z, const struct rule *rules, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (rules[i].from[rules[i].n - 1] == z->b[z->k] &&
		    p_ends(z, rules[i].from, rules[i].n)) {
			setto_m(z, rules[i].to);
			return;
		}
}

/* Step 1a (plurals) and 1b (-ed, -ing). */
static void
step1ab(struct pw *z)
{
	if (z->b[z->k] == 's') {
		if (ENDS(z, "sses"))
			z->k -= 2;
		else if (ENDS(z, "ies"))
			setto(z, "i");
		else if (z->b[z->k - 1] != 's')
			z->k--;
	}
	if (ENDS(z, "eed")) {
		if (measure(z) > 0)
			z->k--;
	} else if ((ENDS(z, "ed") || ENDS(z, "ing")) && vowel_in_stem(z)) {
		z->k = z->j;
		if (ENDS(z, "at"))
			setto(z, "ate");
		else if (ENDS(z, "bl"))
			setto(z, "ble");
		else if (ENDS(z, "iz"))
			setto(z, "ize");
		else if (doublec(z, z->k)) {
			char c = z->b[z->k];
			if (c != 'l' && c != 's' && c != 'z')
				z->k--;
		} else {
			z->j = z->k;
			if (measure(z) == 1 && cvc(z, z->k))
				setto(z, "e");
		}
	}
}

/* Step 1c: a final y after a vowel in the stem becomes i. */
static void
step1c(struct pw *z)
{
	if (ENDS(z, "y") && vowel_in_stem(z))
		z->b[z->k] = 'i';
}

/* Step 2: double suffixes to single ones, when m() > 0. */
static void
step2(struct pw *z)
{
	static const struct rule rules[] = {
		R("ational", "ate"), R("tional", "tion"), R("enci", "ence"),
		R("anci", "ance"), R("izer", "ize"), R("abli", "able"),
		R("alli", "al"), R("entli", "ent"), R("eli", "e"),
		R("ousli", "ous"), R("ization", "ize"), R("ation", "ate"),
		R("ator", "ate"), R("alism", "al"), R("iveness", "ive"),
		R("fulness", "ful"), R("ousness", "ous"), R("aliti", "al"),
		R("iviti", "ive"), R("biliti", "ble"),
	};

	if (z->k < 1)
		return;
	replace_first(z, rules, sizeof rules / sizeof *rules);
}

/* Step 3: -ic-, -full, -ness etc., when m() > 0. */
static void
step3(struct pw *z)
{
	static const struct rule rules[] = {
		R("icate", "ic"), R("ative", ""), R("alize", "al"),
		R("iciti", "ic"), R("ical", "ic"), R("ful", ""), R("ness", ""),
	};

	replace_first(z, rules, sizeof rules / sizeof *rules);
}

/* Step 4: -ant, -ence etc. dropped, when m() > 1. */
static void
step4(struct pw *z)
{
	static const struct rule sfx[] = {
		R("al", ""), R("ance", ""), R("ence", ""), R("er", ""),
		R("ic", ""), R("able", ""), R("ible", ""), R("ant", ""),
		R("ement", ""), R("ment", ""), R("ent", ""), R("ion", ""),
		R("ou", ""), R("ism", ""), R("ate", ""), R("iti", ""),
		R("ous", ""), R("ive", ""), R("ize", ""),
	};
	size_t i;

	if (z->k < 1)
		return;
	for (i = 0; i < sizeof sfx / sizeof *sfx; i++)
		if (sfx[i].from[sfx[i].n - 1] == z->b[z->k] &&
		    p_ends(z, sfx[i].from, sfx[i].n))
			break;
	if (i == sizeof sfx / sizeof *sfx)
		return;
	if (strcmp(sfx[i].from, "ion") == 0 &&
	    (z->j < 0 || (z->b[z->j] != 's' && z->b[z->j] != 't')))
		return;
	if (measure(z) > 1)
		z->k = z->j;
}

/* Step 5: a final -e dropped, -ll to -l, by m(). */
static void
step5(struct pw *z)
{
	z->j = z->k;
	if (z->b[z->k] == 'e') {
		int a = measure(z);
		if (a > 1 || (a == 1 && !cvc(z, z->k - 1)))
			z->k--;
	}
	if (z->b[z->k] == 'l' && doublec(z, z->k) && measure(z) > 1)
		z->k--;
}

/* See embed.h. */
size_t
dp_hash_porter(char *w, size_t n)
{
	struct pw z = { w, (int)n - 1, 0 };

	if (n <= 2)
		return n;
	step1ab(&z);
	if (z.k > 0) {
		step1c(&z);
		step2(&z);
		step3(&z);
		step4(&z);
		step5(&z);
	}
	return (size_t)z.k + 1;
}
