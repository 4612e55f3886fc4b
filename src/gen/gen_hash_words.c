/* SPDX-License-Identifier: MIT */
/*
 * gen_hash_words: write the hash embedder's word table (hash_words.c)
 * from WordNet 3.0's database files, as Debian's wordnet-base installs
 * them (/usr/share/wordnet). Run by the Makefile at build time:
 *
 *	gen_hash_words WORDNET_DIR > hash_words.c
 *
 * For each word, keyed by its S-stem (src/lib/embed/stem.c, as the
 * embedder stems), the table holds:
 *  - a weight in 1..255 (255 = 1.0): the rarer the word in English, the
 *    heavier. With g its gloss document frequency (how many of WordNet's
 *    117,659 synset glosses use it, after stop words and stemming, out of
 *    N) and s its SemCor tag count (cntlist.rev, summed over its senses;
 *    S the largest count of any word), the weight is
 *    (idf(g, N) * idf(s, S)) ^ 1/4 with idf(x, M) = ln((M+1)/(x+1)) /
 *    ln(M+1); so 255 for a word in neither;
 *  - its hypernyms: for each part of speech the word has (noun, verb,
 *    adjective, adverb), the hypernyms (@, @i) of its first, most
 *    frequent sense, or for adjectives the head the sense is similar to
 *    (&); each as a synset id, the part of speech's number (0..3) times
 *    2^24 plus the synset's offset in its data file.
 * Words the table does not know weigh 1.0 and have no hypernyms.
 *
 * The output is a C source file of constant arrays (embed/words.h): an
 * open-addressed table of 2^17 slots keyed by the upper 32 bits of
 * XXH3-64 (seed 0) of the stem, its slot from the lower bits. The same
 * input files give the same bytes.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "embed/embed.h"
#include "embed/words.h"

#define NPOS 4
static const char *const pos_name[NPOS] = { "noun", "verb", "adj", "adv" };

/* A stem and what the sources say of it. */
struct word {
	char *stem;
	long gloss_df;		/* glosses that use it */
	long gloss_seen;	/* the last gloss counted, to count each once */
	long semcor;		/* SemCor tag count */
	int has_pos[NPOS];	/* taken from index.POS (first lemma wins) */
	uint32_t first[NPOS];	/* its first sense's synset offset */
};

static struct word *words;
static size_t nwords, capwords;
static size_t *wslot;		/* index + 1; 0 empty */
static size_t nwslot;

/* One synset's hypernym ids, for each part of speech by offset. */
struct synset {
	uint32_t offset;
	uint32_t *hyp;
	int nhyp;
};
static struct synset *syn[NPOS];
static size_t nsyn[NPOS], capsyn[NPOS];

/* realloc, or exit 5. */
static void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n);

	if (!q) {
		fprintf(stderr, "gen_hash_words: out of memory\n");
		exit(5);
	}
	return q;
}

/* The hash the table is keyed by: XXH3-64, seed 0. */
static uint64_t
hash_str(const char *s, size_t n)
{
	return XXH3_64bits(s, n);
}

/* The word of stem s (n bytes), made when make is set; NULL if absent. */
static struct word *
word_get(const char *s, size_t n, int make)
{
	size_t mask = nwslot - 1, i = (size_t)hash_str(s, n) & mask;

	while (wslot[i]) {
		struct word *w = &words[wslot[i] - 1];
		if (strlen(w->stem) == n && memcmp(w->stem, s, n) == 0)
			return w;
		i = (i + 1) & mask;
	}
	if (!make)
		return NULL;
	if (nwords + 1 > nwslot / 2) {
		fprintf(stderr, "gen_hash_words: too many words\n");
		exit(5);
	}
	if (nwords == capwords) {
		capwords = capwords ? 2 * capwords : 65536;
		words = xrealloc(words, capwords * sizeof *words);
	}
	struct word *w = &words[nwords];
	memset(w, 0, sizeof *w);
	w->stem = xrealloc(NULL, n + 1);
	memcpy(w->stem, s, n);
	w->stem[n] = 0;
	w->gloss_seen = -1;
	wslot[i] = ++nwords;
	return w;
}

/* The embedder's stem of the lower-case word w (n bytes) into out (at
 * least n + 2 bytes); 0 for stop words and words of one byte. */
static size_t
stem_of(const char *w, size_t n, char *out)
{
	char add;
	size_t len;

	if (n < 2 || dp_hash_stopword(w, n))
		return 0;
	len = dp_hash_stem(w, n, &add);
	memcpy(out, w, len);
	if (add)
		out[len++] = add;
	return len;
}

/* Open WordNet file name in dir, or exit 3 saying what to install. */
static FILE *
open_db(const char *dir, const char *name)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (!(f = fopen(path, "r"))) {
		fprintf(stderr, "gen_hash_words: %s: %s (install wordnet-base: "
			"scripts/bootstrap)\n", path, strerror(errno));
		exit(3);
	}
	return f;
}

/* Read one line of any length into *buf; 0 at the end. */
static int
get_line(FILE *f, char **buf, size_t *cap)
{
	return getline(buf, cap, f) > 0;
}

/* Count each stem of gloss g once for gloss number id. */
static void
count_gloss(const char *g, long id)
{
	char w[256], st[258];
	size_t i = 0, n;

	while (g[i]) {
		while (g[i] && !isalnum((unsigned char)g[i]))
			i++;
		for (n = 0; isalnum((unsigned char)g[i]); i++)
			if (n < sizeof w)
				w[n++] = (char)tolower((unsigned char)g[i]);
		if (n == sizeof w || !(n = stem_of(w, n, st)))
			continue;
		struct word *x = word_get(st, n, 1);
		if (x->gloss_seen != id) {
			x->gloss_seen = id;
			x->gloss_df++;
		}
	}
}

/* data.POS: every synset's hypernyms, and the gloss counts. */
static long
read_data(const char *dir, int pos, long id)
{
	char name[32], *line = NULL;
	size_t cap = 0;
	FILE *f;

	snprintf(name, sizeof name, "data.%s", pos_name[pos]);
	f = open_db(dir, name);
	while (get_line(f, &line, &cap)) {
		char *bar, *p, *end;
		struct synset *s;

		if (line[0] == ' ')	/* the licence */
			continue;
		if (nsyn[pos] == capsyn[pos]) {
			capsyn[pos] = capsyn[pos] ? 2 * capsyn[pos] : 16384;
			syn[pos] = xrealloc(syn[pos], capsyn[pos] * sizeof **syn);
		}
		s = &syn[pos][nsyn[pos]++];
		memset(s, 0, sizeof *s);
		s->offset = (uint32_t)strtoul(line, &p, 10);
		strtoul(p, &p, 10);		/* lex_filenum */
		while (*p == ' ')
			p++;
		p++;				/* ss_type */
		long wcnt = strtol(p, &p, 16);
		for (long i = 0; i < wcnt; i++) {
			strtok_r(p, " ", &end);	/* word */
			strtok_r(NULL, " ", &end);	/* lex_id */
			p = end;
		}
		long pcnt = strtol(p, &p, 10);
		for (long i = 0; i < pcnt; i++) {
			char *sym = strtok_r(p, " ", &end);
			char *off = strtok_r(NULL, " ", &end);
			char *tpos = strtok_r(NULL, " ", &end);
			strtok_r(NULL, " ", &end);	/* source/target */
			p = end;
			if (!sym || !off || !tpos)
				break;
			int hyper = strcmp(sym, "@") == 0 || strcmp(sym, "@i") == 0 ||
				    (pos == 2 && strcmp(sym, "&") == 0);
			if (!hyper)
				continue;
			int tp = *tpos == 'n' ? 0 : *tpos == 'v' ? 1 :
				 *tpos == 'r' ? 3 : 2;
			s->hyp = xrealloc(s->hyp, (size_t)(s->nhyp + 1) *
					  sizeof *s->hyp);
			s->hyp[s->nhyp++] = (uint32_t)tp << 24 |
					    (uint32_t)strtoul(off, NULL, 10);
		}
		if ((bar = strstr(p, "| ")) != NULL)
			count_gloss(bar + 2, id);
		id++;
	}
	free(line);
	fclose(f);
	return id;
}

/* index.POS: each single-word lemma's first sense. */
static void
read_index(const char *dir, int pos)
{
	char name[32], st[258], *line = NULL;
	size_t cap = 0;
	FILE *f;

	snprintf(name, sizeof name, "index.%s", pos_name[pos]);
	f = open_db(dir, name);
	while (get_line(f, &line, &cap)) {
		char *tok[8], *end, *p;
		size_t n;
		int ok = 1;

		if (line[0] == ' ')
			continue;
		tok[0] = strtok_r(line, " \n", &end);
		for (p = tok[0]; *p; p++)
			if (!isalnum((unsigned char)*p))
				ok = 0;
		if (!ok || !(n = stem_of(tok[0], strlen(tok[0]), st)))
			continue;
		strtok_r(NULL, " \n", &end);		/* pos */
		long synset_cnt = strtol(strtok_r(NULL, " \n", &end), NULL, 10);
		long p_cnt = strtol(strtok_r(NULL, " \n", &end), NULL, 10);
		for (long i = 0; i < p_cnt; i++)
			strtok_r(NULL, " \n", &end);
		strtok_r(NULL, " \n", &end);		/* sense_cnt */
		strtok_r(NULL, " \n", &end);		/* tagsense_cnt */
		char *first = strtok_r(NULL, " \n", &end);
		if (synset_cnt < 1 || !first)
			continue;
		struct word *w = word_get(st, n, 1);
		if (w->has_pos[pos])
			continue;
		w->has_pos[pos] = 1;
		w->first[pos] = (uint32_t)strtoul(first, NULL, 10);
	}
	free(line);
	fclose(f);
}

/* cntlist.rev: "lemma%... sense_number tag_cnt", summed by stem. */
static void
read_cntlist(const char *dir)
{
	char st[258], *line = NULL;
	size_t cap = 0;
	FILE *f = open_db(dir, "cntlist.rev");

	while (get_line(f, &line, &cap)) {
		char *pct = strchr(line, '%'), *sp = strrchr(line, ' ');
		size_t n;
		int ok = 1;

		if (!pct || !sp)
			continue;
		*pct = 0;
		for (char *p = line; *p; p++)
			if (!isalnum((unsigned char)*p))
				ok = 0;
		if (!ok || !(n = stem_of(line, strlen(line), st)))
			continue;
		word_get(st, n, 1)->semcor += strtol(sp + 1, NULL, 10);
	}
	free(line);
	fclose(f);
}

/* qsort and bsearch order of synsets: by offset. */
static int
by_offset(const void *a, const void *b)
{
	const struct synset *x = a, *y = b;

	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

/* The synset of part of speech pos at offset, or NULL. */
static const struct synset *
synset_at(int pos, uint32_t offset)
{
	struct synset key = { offset, NULL, 0 };

	return bsearch(&key, syn[pos], nsyn[pos], sizeof key, by_offset);
}

/* ln((m+1)/(x+1)) / ln(m+1). */
static double
idf(double x, double m)
{
	return log((m + 1) / (x + 1)) / log(m + 1);
}

/* Read the WordNet files in argv[1]; write the table to stdout. */
int
main(int argc, char *argv[])
{
	static uint32_t key[DP_HASH_WORDS_SLOTS];
	static uint8_t weight[DP_HASH_WORDS_SLOTS];
	static uint32_t hyp_at[DP_HASH_WORDS_SLOTS];
	uint32_t *hyps = NULL;
	size_t nhyps = 0, used = 0;
	long nglosses = 0, smax = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: gen_hash_words WORDNET_DIR\n");
		return 2;
	}
	nwslot = 1 << 18;
	wslot = calloc(nwslot, sizeof *wslot);
	if (!wslot)
		return 5;
	for (int p = 0; p < NPOS; p++) {
		nglosses = read_data(argv[1], p, nglosses);
		qsort(syn[p], nsyn[p], sizeof **syn, by_offset);
	}
	for (int p = 0; p < NPOS; p++)
		read_index(argv[1], p);
	read_cntlist(argv[1]);
	for (size_t i = 0; i < nwords; i++)
		if (words[i].semcor > smax)
			smax = words[i].semcor;

	/* In order of first appearance, so the output depends only on the
	 * input files. */
	for (size_t i = 0; i < nwords; i++) {
		const struct word *w = &words[i];
		double x = idf((double)w->gloss_df, (double)nglosses) *
			   idf((double)w->semcor, (double)smax);
		long q = lround(255 * pow(x, 0.25));
		size_t h0 = nhyps;

		if (q < 1)
			q = 1;
		for (int p = 0; p < NPOS; p++) {
			const struct synset *s;
			if (!w->has_pos[p] || !(s = synset_at(p, w->first[p])))
				continue;
			for (int k = 0; k < s->nhyp; k++) {
				hyps = xrealloc(hyps, (nhyps + 1) * sizeof *hyps);
				hyps[nhyps++] = s->hyp[k];
			}
		}
		if (q == 255 && nhyps == h0)
			continue;	/* the same as an unknown word */
		if (nhyps - h0 > DP_HASH_WORDS_MAX_HYP)
			nhyps = h0 + DP_HASH_WORDS_MAX_HYP;
		uint64_t h = hash_str(w->stem, strlen(w->stem));
		uint32_t k32 = (uint32_t)(h >> 32);
		size_t mask = DP_HASH_WORDS_SLOTS - 1, s = (size_t)h & mask;
		if (k32 == 0)
			k32 = 1;
		while (key[s])
			s = (s + 1) & mask;
		if (++used > DP_HASH_WORDS_SLOTS * 3 / 4) {
			fprintf(stderr, "gen_hash_words: the table is full\n");
			return 5;
		}
		key[s] = k32;
		weight[s] = (uint8_t)q;
		hyp_at[s] = (uint32_t)h0 << 4 | (uint32_t)(nhyps - h0);
	}

	printf("/* Generated by src/gen/gen_hash_words.c from WordNet 3.0 "
	       "(wordnet-base): %zu words, %zu hypernym links. */\n"
	       "#include \"embed/words.h\"\n\n", used, nhyps);
	printf("const uint32_t dp_hash_words_key[DP_HASH_WORDS_SLOTS] = {");
	for (size_t i = 0; i < DP_HASH_WORDS_SLOTS; i++)
		printf("%s%" PRIu32 ",", i % 8 ? " " : "\n", key[i]);
	printf("\n};\n\nconst uint8_t dp_hash_words_weight[DP_HASH_WORDS_SLOTS] = {");
	for (size_t i = 0; i < DP_HASH_WORDS_SLOTS; i++)
		printf("%s%u,", i % 16 ? " " : "\n", weight[i]);
	printf("\n};\n\nconst uint32_t dp_hash_words_hyp_at[DP_HASH_WORDS_SLOTS] = {");
	for (size_t i = 0; i < DP_HASH_WORDS_SLOTS; i++)
		printf("%s%" PRIu32 ",", i % 8 ? " " : "\n", hyp_at[i]);
	printf("\n};\n\nconst uint32_t dp_hash_words_hyp[%zu] = {", nhyps ? nhyps : 1);
	for (size_t i = 0; i < nhyps; i++)
		printf("%s%" PRIu32 ",", i % 8 ? " " : "\n", hyps[i]);
	printf("%s\n};\n", nhyps ? "" : "0");
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "gen_hash_words: write error\n");
		return 3;
	}
	return 0;
}
