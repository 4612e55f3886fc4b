/* SPDX-License-Identifier: MIT */
/* The hash embedder's built-in word table, generated at build time from
 * WordNet by src/gen/gen_hash_words.c (which describes it) into
 * build/gen/hash_words.c. Slot s holds the word whose S-stem's XXH3-64
 * (seed 0) has upper 32 bits key[s] (0: empty), probed linearly from
 * its lower bits; weight[s] is its weight times 255; hyp_at[s] is
 * (index << 4 | count) of its hypernym ids in hyp[]. Private to embed/
 * (hash.c) and the generator. */
#ifndef DP_EMBED_WORDS_H
#define DP_EMBED_WORDS_H

#include <inttypes.h>
#include <stdint.h>

#define DP_HASH_WORDS_SLOTS (1u << 17)
#define DP_HASH_WORDS_MAX_HYP 15

extern const uint32_t dp_hash_words_key[DP_HASH_WORDS_SLOTS];
extern const uint8_t dp_hash_words_weight[DP_HASH_WORDS_SLOTS];
extern const uint32_t dp_hash_words_hyp_at[DP_HASH_WORDS_SLOTS];
extern const uint32_t dp_hash_words_hyp[];

#endif
