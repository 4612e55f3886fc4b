/* SPDX-License-Identifier: MIT */
/* The SQLite vector cache (see cache.h). Vectors are stored as
 * little-endian float32 blobs. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>
#include <xxhash.h>

#include "cache.h"
#include "dp.h"

struct dp_cache {
	sqlite3 *db;
	const char *path;
	sqlite3_stmt *get, *put;
	int in_tx;
};

/* A SQLite failure: message naming the file, exit 3. */
static DP_NORETURN void
fail(struct dp_cache *c, const char *what)
{
	dp_die(DP_EXIT_IO, "%s: cache %s: %s", c->path, what,
	       sqlite3_errmsg(c->db));
}

/* Run SQL that returns no rows. */
static void
exec(struct dp_cache *c, const char *sql)
{
	if (sqlite3_exec(c->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		fail(c, "error");
}

/* See cache.h. */
struct dp_cache *
dp_cache_open(const char *path)
{
	struct dp_cache *c = dp_xmalloc(sizeof *c);

	memset(c, 0, sizeof *c);
	c->path = path;
	if (sqlite3_open_v2(path, &c->db, SQLITE_OPEN_READWRITE |
			    SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
		fail(c, "cannot be opened");
	sqlite3_busy_timeout(c->db, 30000);
	exec(c, "PRAGMA journal_mode=WAL");
	exec(c, "PRAGMA synchronous=NORMAL");
	exec(c, "CREATE TABLE IF NOT EXISTS dp_embed_cache ("
		"key BLOB PRIMARY KEY, model TEXT NOT NULL, "
		"dim INTEGER NOT NULL, vector BLOB NOT NULL) WITHOUT ROWID");
	if (sqlite3_prepare_v2(c->db, "SELECT dim, vector FROM "
			       "dp_embed_cache WHERE key = ?", -1, &c->get,
			       NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(c->db, "INSERT OR REPLACE INTO dp_embed_cache "
			       "(key, model, dim, vector) VALUES (?, ?, ?, ?)",
			       -1, &c->put, NULL) != SQLITE_OK)
		fail(c, "error");
	return c;
}

/* See cache.h. */
void
dp_cache_close(struct dp_cache *c)
{
	if (!c)
		return;
	if (c->in_tx)
		dp_cache_commit(c);
	sqlite3_finalize(c->get);
	sqlite3_finalize(c->put);
	if (sqlite3_close(c->db) != SQLITE_OK)
		fail(c, "close");
	free(c);
}

/* See cache.h. */
void
dp_cache_key(unsigned char key[16], int n, const char *const *part,
	     const size_t *len)
{
	XXH3_state_t *st = XXH3_createState();
	XXH128_canonical_t canon;

	if (!st)
		dp_die(DP_EXIT_INTERNAL, "out of memory");
	XXH3_128bits_reset(st);
	for (int i = 0; i < n; i++) {
		unsigned char l[8];
		for (int b = 0; b < 8; b++)
			l[b] = (unsigned char)((uint64_t)len[i] >> (8 * b));
		XXH3_128bits_update(st, l, 8);
		XXH3_128bits_update(st, part[i], len[i]);
	}
	XXH128_canonicalFromHash(&canon, XXH3_128bits_digest(st));
	XXH3_freeState(st);
	memcpy(key, canon.digest, 16);
}

/* See cache.h. */
int
dp_cache_get(struct dp_cache *c, const unsigned char key[16], float **v,
	     int *dim)
{
	int rc, found = 0;

	sqlite3_bind_blob(c->get, 1, key, 16, SQLITE_STATIC);
	rc = sqlite3_step(c->get);
	if (rc == SQLITE_ROW) {
		sqlite3_int64 d = sqlite3_column_int64(c->get, 0);
		const unsigned char *p = sqlite3_column_blob(c->get, 1);
		int bytes = sqlite3_column_bytes(c->get, 1);

		found = -1;
		if (sqlite3_column_type(c->get, 0) == SQLITE_INTEGER &&
		    sqlite3_column_type(c->get, 1) == SQLITE_BLOB &&
		    d > 0 && d <= INT32_MAX / 4 && p && bytes == 4 * d) {
			float *out = dp_xmalloc((size_t)d * sizeof *out);
			found = 1;
			for (int i = 0; i < d && found > 0; i++) {
				uint32_t u = (uint32_t)p[4 * i] |
					     (uint32_t)p[4 * i + 1] << 8 |
					     (uint32_t)p[4 * i + 2] << 16 |
					     (uint32_t)p[4 * i + 3] << 24;
				memcpy(&out[i], &u, 4);
				if (!isfinite(out[i]))
					found = -1;
			}
			if (found > 0) {
				*v = out;
				*dim = (int)d;
			} else {
				free(out);
			}
		}
	} else if (rc != SQLITE_DONE) {
		fail(c, "read");
	}
	sqlite3_reset(c->get);
	return found;
}

/* See cache.h. */
void
dp_cache_put(struct dp_cache *c, const unsigned char key[16],
	     const char *model, const float *v, int dim)
{
	unsigned char *blob = dp_xmalloc((size_t)dim * 4);

	for (int i = 0; i < dim; i++) {
		uint32_t u;
		memcpy(&u, &v[i], 4);
		for (int b = 0; b < 4; b++)
			blob[4 * i + b] = (unsigned char)(u >> (8 * b));
	}
	sqlite3_bind_blob(c->put, 1, key, 16, SQLITE_STATIC);
	sqlite3_bind_text(c->put, 2, model, -1, SQLITE_STATIC);
	sqlite3_bind_int(c->put, 3, dim);
	sqlite3_bind_blob(c->put, 4, blob, dim * 4, SQLITE_STATIC);
	if (sqlite3_step(c->put) != SQLITE_DONE)
		fail(c, "write");
	sqlite3_reset(c->put);
	free(blob);
}

/* See cache.h. */
void
dp_cache_begin(struct dp_cache *c)
{
	if (!c->in_tx)
		exec(c, "BEGIN IMMEDIATE");
	c->in_tx = 1;
}

/* See cache.h. */
void
dp_cache_commit(struct dp_cache *c)
{
	if (c->in_tx)
		exec(c, "COMMIT");
	c->in_tx = 0;
}
