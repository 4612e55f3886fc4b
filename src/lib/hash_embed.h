/* SPDX-License-Identifier: MIT */
/* The built-in offline embedder ("hash"): signed feature hashing of the
 * text's words, word pairs and character n-grams, deterministic and
 * dependency-free. dp-embed's default provider, and the similarity under
 * dp-chunk's semantic strategy.
 *
 * The algorithm (hash-v1), written out in dp-embed(1):
 *  1. Normalise: ASCII letters lower-cased; Latin-1 accented letters
 *     (UTF-8 C3 80..C3 BF) folded to their base letters; any other byte
 *     below 0x80 that is not a letter or digit separates words; other
 *     bytes of 0x80 and above belong to words.
 *  2. Tokens: the words of at least 2 bytes. A token in the built-in
 *     stop-word list is a stop word; the others are content words,
 *     stemmed by the S-stemmer (-ies -> -y, -es -> -e, -s -> "", for
 *     words of 4 bytes or more, with Harman's exceptions).
 *  3. Features: each content word ('w'); each pair of adjacent content
 *     words ('b', "a b"); each character 3-, 4- and 5-gram of a content
 *     word padded with one space on each side ('c').
 *  4. Weights: a feature seen c times weighs c(k+1)/(c+k), k = 1.2 (the
 *     sublinear, saturating term frequency of BM25); words count 1,
 *     pairs 0.5, and the n-grams are scaled so that their part of the
 *     vector has half the length of the words' part.
 *  5. Hash: XXH3-64 (seed 0) of the feature's tag byte then its bytes;
 *     the hash modulo dim picks the component, its top bit the sign.
 *  6. The vector is L2-normalised (all zeros when there is no feature).
 */
#ifndef DP_HASH_EMBED_H
#define DP_HASH_EMBED_H

#include <stddef.h>

#define DP_HASH_EMBED_MODEL "hash-v1"
#define DP_HASH_EMBED_DIM 1024

/* Embed n bytes of UTF-8 text into out[0..dim): an L2-normalised vector
 * (all zeros when the text has no features). dim >= 1. Thread-safe: the
 * scratch space is per thread. */
void dp_hash_embed(const char *text, size_t n, int dim, float *out);

/* Is the lower-case ASCII word w (n bytes) in the built-in stop-word
 * list? */
int dp_hash_stopword(const char *w, size_t n);

/* The S-stemmer's length for word w of n bytes (lower case); the stem
 * is w[0..len) plus, when *add is not 0, the byte *add. */
size_t dp_hash_stem(const char *w, size_t n, char *add);

/* Cosine similarity of two vectors of length dim (0 if either is zero). */
double dp_cosine(const float *a, const float *b, int dim);

#endif
