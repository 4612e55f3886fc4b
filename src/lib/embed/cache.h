/* SPDX-License-Identifier: MIT */
/* dp-embed's vector cache: a SQLite file of vectors keyed by a 128-bit
 * hash of everything that determines a vector (provider, model,
 * dimensions, input type, prefix, text). Writes are committed batch by
 * batch, so a run that is killed keeps what it had finished, and several
 * processes may share one file (WAL mode, waiting on locks): a writer
 * must not keep a transaction open while it waits for anything else. */
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

/* Look a key up: 1 with *v (malloc'd, dim floats) and *dim; 0 when the
 * key is absent; -1 when its entry is unusable: not an integer dim and a
 * blob of that many float32 values, or a value that is not finite (a
 * damaged file, or rows written by something else). */
int dp_cache_get(struct dp_cache *c, const unsigned char key[16], float **v,
		 int *dim);
/* Store a vector: committed at once, or with the transaction that
 * dp_cache_begin opened and dp_cache_commit ends. */
void dp_cache_put(struct dp_cache *c, const unsigned char key[16],
		  const char *model, const float *v, int dim);
void dp_cache_begin(struct dp_cache *c);
void dp_cache_commit(struct dp_cache *c);

#endif
