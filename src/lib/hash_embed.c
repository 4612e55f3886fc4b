/* SPDX-License-Identifier: MIT */
/* The built-in hashing embedder (see hash_embed.h). */
#include <math.h>
#include <string.h>

#include <xxhash.h>

#include "dp.h"
#include "hash_embed.h"

/* Is byte c part of a word? ASCII letters and digits, and every byte of
 * a multi-byte UTF-8 character. */
static int
word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c >= 0x80;
}

/* Add weight w to the feature with hash h: the bucket from the low bits,
 * the sign from a high bit. */
static void
add_feature(float *out, int dim, XXH64_hash_t h, float w)
{
	out[h % (XXH64_hash_t)dim] += (h >> 63) ? -w : w;
}

/* See hash_embed.h. Features: lower-cased word unigrams and bigrams. */
void
dp_hash_embed(const char *text, size_t n, int dim, float *out)
{
	char word[64], prev[64];
	size_t i = 0, wlen, plen = 0;
	double norm = 0;

	memset(out, 0, sizeof *out * (size_t)dim);
	while (i < n) {
		while (i < n && !word_byte((unsigned char)text[i]))
			i++;
		for (wlen = 0; i < n && word_byte((unsigned char)text[i]); i++)
			if (wlen < sizeof word)
				word[wlen++] = (char)(text[i] >= 'A' && text[i] <= 'Z'
						      ? text[i] + 32 : text[i]);
		if (wlen == 0)
			break;
		add_feature(out, dim, XXH3_64bits_withSeed(word, wlen, 1), 1);
		if (plen) {
			char pair[129];
			memcpy(pair, prev, plen);
			pair[plen] = ' ';
			memcpy(pair + plen + 1, word, wlen);
			add_feature(out, dim, XXH3_64bits_withSeed(pair, plen + 1 + wlen, 2),
				    0.5f);
		}
		memcpy(prev, word, wlen);
		plen = wlen;
	}
	for (int d = 0; d < dim; d++)
		norm += (double)out[d] * out[d];
	if (norm > 0) {
		float inv = (float)(1 / sqrt(norm));
		for (int d = 0; d < dim; d++)
			out[d] *= inv;
	}
}

/* See hash_embed.h. */
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
