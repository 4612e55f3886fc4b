/* SPDX-License-Identifier: MIT */
/* Fuzz target: the hashing embedder (embed/embed.h). The first byte
 * picks the dimension (1..256, or the default 1024); the rest is the
 * text, any bytes. The vector must be bit for bit the reference
 * embedder's (hash_ref.h), finite and either of L2 norm 1 (within
 * 1e-4) or all zeros, the same when embedded again (after another text
 * has used the scratch space and the word cache), and cosine
 * similarity with itself 1 (or 0 for the zero vector). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "embed/embed.h"
#include "hash_ref.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	int dim = data[0] == 0 ? DP_HASH_EMBED_DIM : data[0];
	const char *text = (const char *)data + 1;
	size_t n = size - 1;
	float *a = malloc((size_t)dim * sizeof *a);
	float *b = malloc((size_t)dim * sizeof *b);
	double norm = 0;
	int zero = 1;

	ref_hash_embed(text, n, dim, b);
	dp_hash_embed(text, n, dim, a);
	if (memcmp(a, b, (size_t)dim * sizeof *a) != 0)
		abort();
	for (int d = 0; d < dim; d++) {
		if (!isfinite(a[d]))
			abort();
		norm += (double)a[d] * a[d];
		zero &= a[d] == 0;
	}
	if (!zero && fabs(sqrt(norm) - 1) > 1e-4)
		abort();
	/* deterministic, also after other work in the scratch space */
	dp_hash_embed(text, n / 2, dim, b);
	dp_hash_embed(text, n, dim, b);
	if (memcmp(a, b, (size_t)dim * sizeof *a) != 0)
		abort();
	double cos = dp_cosine(a, b, dim);
	if (zero ? cos != 0 : fabs(cos - 1) > 1e-4)
		abort();
	free(a);
	free(b);
	return 0;
}
