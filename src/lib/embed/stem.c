/* SPDX-License-Identifier: MIT */
/* The hash embedder's word rules (see embed.h and dp-embed(1)): the
 * stop-word list, Harman's S-stemmer and Porter's stemmer. Shared by
 * libdp and the build-time generator of the word table
 * (src/gen/gen_hash_words.c), so that both stem alike. */
#include <string.h>

#include "embed.h"

/* The NLTK English stop-word list without its apostrophe forms (which
 * cannot be tokens here), by length: the words of each length sorted
 * and run together. */
static const char *const stopwords[] = {
	[2] = "amanasatbebydoheifinisitllmamemynoofonorresotoupvewe",
	[3] = "ainallandanyarebutcandiddonfewforhadhasherhimhishowisn"
	      "itsnornotnowoffouroutownshethetoowaswhowhywonyou",
	[4] = "arenbeenbothdidndoesdowneachfromhadnhasnhaveherehersinto"
	      "justmoremostonceonlyoursoversameshansomesuchthanthatthem"
	      "thentheythisverywasnwerewhatwhenwhomwillwithyour",
	[5] = "aboutaboveafteragainbeingbelowdoesndoinghavenmustnneedn"
	      "othertheirtherethesethoseunderuntilwerenwherewhichwhile"
	      "yours",
	[6] = "beforecouldnduringhavingitselfmightnmyselfshouldtheirs"
	      "wouldn",
	[7] = "againstbecausebetweenfurtherherselfhimselfshouldnthrough",
	[8] = "yourself",
	[9] = "ourselves",
	[10] = "themselvesyourselves",
};

/* See embed.h. */
int
dp_hash_stopword(const char *w, size_t n)
{
	const char *s;

	if (n < 2 || n >= sizeof stopwords / sizeof *stopwords)
		return 0;
	for (s = stopwords[n]; *s && *s <= w[0]; s += n)
		if (*s == w[0] && memcmp(s, w, n) == 0)
			return 1;
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

/* Is c one of a, e, i, o, u? */
static int
aeiou(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* Is b[i] a consonant? y is one at the start and after a vowel. */
static int
cons(const struct pw *z, int i)
{
	if (aeiou(z->b[i]))
		return 0;
	return z->b[i] != 'y' || i == 0 || !cons(z, i - 1);
}

/* m(), the number of VC sequences in b[0..j]: how often a consonant
 * follows a vowel. */
static int
measure(const struct pw *z)
{
	int n = 0, c;

	if (z->j < 0)
		return 0;
	c = !aeiou(z->b[0]);
	for (int i = 1; i <= z->j; i++) {
		int prev = c;

		c = aeiou(z->b[i]) ? 0 : z->b[i] != 'y' || !prev;
		n += !prev && c;
	}
	return n;
}

/* Does b[0..j] contain a vowel? A y after the first byte is one when
 * all before it are consonants. */
static int
vowel_in_stem(const struct pw *z)
{
	for (int i = 0; i <= z->j; i++)
		if (aeiou(z->b[i]) || (i > 0 && z->b[i] == 'y'))
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
 * it. Compares from the last byte, where words differ most. */
static int
p_ends(struct pw *z, const char *s, int n)
{
	if (n > z->k + 1)
		return 0;
	for (int i = n - 1; i >= 0; i--)
		if (z->b[z->k - n + 1 + i] != s[i])
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

/* A suffix rule: from (n bytes) becomes to. */
struct rule {
	const char *from;
	int n;
	const char *to;
};
#define R(from, to) { from, (int)sizeof from - 1, to }
#define END { NULL, 0, NULL }

/* The first of the rules (up to END) whose suffix the word ends with,
 * or NULL; j marks the stem before it. */
static const struct rule *
first_rule(struct pw *z, const struct rule *r)
{
	for (; r->from; r++)
		if (p_ends(z, r->from, r->n))
			return r;
	return NULL;
}

/* The first rule that applies replaces its suffix when m() > 0. */
static void
replace_first(struct pw *z, const struct rule *rules)
{
	const struct rule *r = first_rule(z, rules);

	if (r && measure(z) > 0)
		setto(z, r->to);
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

/* Step 2: double suffixes to single ones, when m() > 0. Its rules by
 * their suffix's next to last letter, the only place to look. */
static void
step2(struct pw *z)
{
	static const struct rule a[] = {
		R("ational", "ate"), R("tional", "tion"), END
	}, c[] = {
		R("enci", "ence"), R("anci", "ance"), END
	}, e[] = {
		R("izer", "ize"), END
	}, l[] = {
		R("abli", "able"), R("alli", "al"), R("entli", "ent"),
		R("eli", "e"), R("ousli", "ous"), END
	}, o[] = {
		R("ization", "ize"), R("ation", "ate"), R("ator", "ate"), END
	}, s[] = {
		R("alism", "al"), R("iveness", "ive"), R("fulness", "ful"),
		R("ousness", "ous"), END
	}, t[] = {
		R("aliti", "al"), R("iviti", "ive"), R("biliti", "ble"), END
	};

	if (z->k < 1)
		return;
	switch (z->b[z->k - 1]) {
	case 'a': replace_first(z, a); break;
	case 'c': replace_first(z, c); break;
	case 'e': replace_first(z, e); break;
	case 'l': replace_first(z, l); break;
	case 'o': replace_first(z, o); break;
	case 's': replace_first(z, s); break;
	case 't': replace_first(z, t); break;
	default: break;
	}
}

/* Step 3: -ic-, -full, -ness etc., when m() > 0. Its rules by their
 * suffix's last letter. */
static void
step3(struct pw *z)
{
	static const struct rule e[] = {
		R("icate", "ic"), R("ative", ""), R("alize", "al"), END
	}, i[] = {
		R("iciti", "ic"), END
	}, l[] = {
		R("ical", "ic"), R("ful", ""), END
	}, s[] = {
		R("ness", ""), END
	};

	switch (z->b[z->k]) {
	case 'e': replace_first(z, e); break;
	case 'i': replace_first(z, i); break;
	case 'l': replace_first(z, l); break;
	case 's': replace_first(z, s); break;
	default: break;
	}
}

/* Step 4: -ant, -ence etc. dropped, when m() > 1; -ion only after s or
 * t. Its suffixes by their next to last letter. */
static void
step4(struct pw *z)
{
	static const struct rule a[] = {
		R("al", ""), END
	}, c[] = {
		R("ance", ""), R("ence", ""), END
	}, e[] = {
		R("er", ""), END
	}, i[] = {
		R("ic", ""), END
	}, l[] = {
		R("able", ""), R("ible", ""), END
	}, n[] = {
		R("ant", ""), R("ement", ""), R("ment", ""), R("ent", ""), END
	}, o[] = {
		R("ion", ""), R("ou", ""), END
	}, s[] = {
		R("ism", ""), END
	}, t[] = {
		R("ate", ""), R("iti", ""), END
	}, u[] = {
		R("ous", ""), END
	}, v[] = {
		R("ive", ""), END
	}, zz[] = {
		R("ize", ""), END
	};
	const struct rule *r;

	if (z->k < 1)
		return;
	switch (z->b[z->k - 1]) {
	case 'a': r = first_rule(z, a); break;
	case 'c': r = first_rule(z, c); break;
	case 'e': r = first_rule(z, e); break;
	case 'i': r = first_rule(z, i); break;
	case 'l': r = first_rule(z, l); break;
	case 'n': r = first_rule(z, n); break;
	case 'o': r = first_rule(z, o); break;
	case 's': r = first_rule(z, s); break;
	case 't': r = first_rule(z, t); break;
	case 'u': r = first_rule(z, u); break;
	case 'v': r = first_rule(z, v); break;
	case 'z': r = first_rule(z, zz); break;
	default: return;
	}
	if (!r)
		return;
	if (r == o && (z->j < 0 || (z->b[z->j] != 's' && z->b[z->j] != 't')))
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
