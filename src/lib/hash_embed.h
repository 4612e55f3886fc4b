/* SPDX-License-Identifier: MIT */
/* The built-in offline embedder ("hash"): signed feature hashing of the
 * text's words, deterministic and dependency-free. dp-embed's default
 * provider, and the similarity under dp-chunk's semantic strategy. */
#ifndef DP_HASH_EMBED_H
#define DP_HASH_EMBED_H

#include <stddef.h>

#define DP_HASH_EMBED_MODEL "hash-v1"
#define DP_HASH_EMBED_DIM 1024

/* Embed n bytes of UTF-8 text into out[0..dim): an L2-normalised vector
 * (all zeros when the text has no features). dim >= 1. */
void dp_hash_embed(const char *text, size_t n, int dim, float *out);

/* Cosine similarity of two vectors of length dim (0 if either is zero). */
double dp_cosine(const float *a, const float *b, int dim);

#endif
