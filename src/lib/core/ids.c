/* SPDX-License-Identifier: MIT */
/* Deterministic identifiers: UUID v5 and XXH3-128 hex digests. */
#include <string.h>
#include <uuid/uuid.h>
#include <xxhash.h>

#include "dp.h"

/* See dp.h. */
void
dp_uuid5(const char *ns, const char *name, size_t n, char out[37])
{
	/* the namespace parsed last (one per caller, as a rule) */
	static char parsed[37];
	static uuid_t nsu;
	uuid_t u;

	if (strcmp(ns, parsed) != 0) {
		if (strlen(ns) != 36 || uuid_parse(ns, nsu) != 0)
			dp_die(DP_EXIT_INTERNAL, "bad UUID namespace '%s'", ns);
		memcpy(parsed, ns, 37);
	}
	uuid_generate_sha1(u, nsu, name, n);
	uuid_unparse_lower(u, out);
}

/* See dp.h. */
void
dp_xxh128_hex(const void *p, size_t n, char out[33])
{
	static const char hex[] = "0123456789abcdef";
	XXH128_canonical_t c;

	XXH128_canonicalFromHash(&c, XXH3_128bits(p, n));
	for (int i = 0; i < 16; i++) {
		out[2 * i] = hex[c.digest[i] >> 4];
		out[2 * i + 1] = hex[c.digest[i] & 15];
	}
	out[32] = '\0';
}
