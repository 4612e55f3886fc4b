/* SPDX-License-Identifier: MIT */
/* dp-embed's vector cache: a SQLite file of vectors keyed by a 128-bit
 * hash of everything that determines a vector (provider, model,
 * dimensions, input type, prefix, text). Writes are committed batch by
 * batch, so a run that is killed keeps what it had finished, and several
 * processes may share one file (WAL mode, waiting on locks). */
#ifndef DP_CACHE_H
#define DP_CACHE_H

#include <stddef.h>

struct dp_cache;

/* Open or create the cache file; a failure is fatal (exit 3). */
struct dp_cache *dp_cache_open(const char *path);
void dp_cache_close(struct dp_cache *c);

/* key = XXH3-128 of the n parts, each as its 8-byte little-endian
 * length followed by its bytes, so no two lists of parts share a key. */
void dp_cache_key(unsigned char key[16], int n, const char *const *part,
		  const size_t *len);

/* Look a key up: 1 with *v (malloc'd, dim floats) and *dim, or 0. */
int dp_cache_get(struct dp_cache *c, const unsigned char key[16], float **v,
		 int *dim);
/* Store a vector (within dp_cache_begin/dp_cache_commit for speed). */
void dp_cache_put(struct dp_cache *c, const unsigned char key[16],
		  const char *model, const float *v, int dim);
void dp_cache_begin(struct dp_cache *c);
void dp_cache_commit(struct dp_cache *c);

#endif
