/* SPDX-License-Identifier: MIT */
/*
 * dp-load-sqlite's adapter: the rows of a SQLite database, opened
 * read-only, as records: a whole table, one read-only query with bound
 * parameters, or the built-in preset (dp-load-sqlite(1)).
 *
 * Nothing may write to the database: it is opened with
 * SQLITE_OPEN_READONLY and `PRAGMA query_only`, ATTACH and DETACH are
 * refused by an authorizer (and the attach limit is 0), and a statement
 * that sqlite3_stmt_readonly() says would write is refused before it
 * runs.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "load.h"

/* How a column's value is written. */
enum kind {
	KIND_PLAIN,	/* by its storage class */
	KIND_JSON,	/* TEXT parsed as JSON (--json-columns) */
	KIND_LIST	/* JSON array or comma list of strings (preset) */
};

/* An open database and what every record of this run shares. */
struct dp_sqlite {
	sqlite3 *db;
	const char *path;	/* its name in messages */
	const char *refused;	/* action the authorizer denied, or NULL */
	struct dp_loader *run;	/* the envelope and --limit */
};

/* A non-blank long summary, as an SQL condition on page_summaries `s`
 * that is 0 (not NULL) when there is none. */
#define HAS_LONG_SUMMARY \
	"coalesce(trim(s.long_summary, char(32, 9, 10, 13)) <> '', 0)"

/* --preset wikipedia: one row per page id, the most relevant article. */
static const char wikipedia_sql[] =
	"SELECT page_id, title, url, short_summary, long_summary, key_topics,"
	" categories, best_city, best_county, best_state, latitude,"
	" longitude, relevance_score, overall_confidence FROM ("
	"SELECT a.pageid AS page_id, a.title AS title, a.url AS url,"
	" s.short_summary AS short_summary, s.long_summary AS long_summary,"
	" s.key_topics AS key_topics, a.categories AS categories,"
	" s.best_city AS best_city, s.best_county AS best_county,"
	" s.best_state AS best_state, a.latitude AS latitude,"
	" a.longitude AS longitude, a.relevance_score AS relevance_score,"
	" s.overall_confidence AS overall_confidence,"
	" row_number() OVER (PARTITION BY a.pageid"
	" ORDER BY a.relevance_score DESC, a.id) AS pick"
	" FROM articles AS a JOIN page_summaries AS s"
	" ON a.pageid = s.page_id WHERE " HAS_LONG_SUMMARY ")"
	" WHERE pick = 1 ORDER BY relevance_score DESC, page_id";

/* --preset wikipedia's report: article rows left out for want of a long
 * summary (or of any summary), rows collapsed into another of the same
 * page id, and the page ids that remain. */
static const char wikipedia_counts_sql[] =
	"SELECT coalesce(sum(NOT ok), 0),"
	" coalesce(sum(ok), 0) - count(DISTINCT CASE WHEN ok THEN pageid END),"
	" count(DISTINCT CASE WHEN ok THEN pageid END) FROM ("
	"SELECT a.pageid AS pageid, " HAS_LONG_SUMMARY " AS ok"
	" FROM articles AS a LEFT JOIN page_summaries AS s"
	" ON a.pageid = s.page_id)";

/* --preset wikipedia's columns that hold lists of strings. */
static const char *const wikipedia_lists[] = { "key_topics", "categories" };

/* The exit status for SQLite result code `rc`: a system failure is an
 * I/O error, a damaged or foreign file a data error; SQL errors and the
 * rest get `other`. (Writes never reach SQLite: prepare() refuses them.) */
static int
sql_status(int rc, int other)
{
	switch (rc & 0xff) {
	case SQLITE_NOMEM:
		return DP_EXIT_INTERNAL;
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
	case SQLITE_FULL:
	case SQLITE_PERM:
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
	case SQLITE_PROTOCOL:
	case SQLITE_READONLY:	/* e.g. a WAL database it cannot read */
		return DP_EXIT_IO;
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		return DP_EXIT_DATA;
	default:
		return other;
	}
}

/* Report the connection's error `rc` (at `row` of the results when
 * positive, after `what` when not NULL) and return sql_status(rc,
 * other); when that is 2 (the user's SQL, before any output) the
 * message is a usage error, which exits. */
static int
sql_error(const struct dp_sqlite *l, int rc, int other, long long row,
	  const char *what)
{
	int status = sql_status(rc, other);

	if (status == DP_EXIT_USAGE)
		dp_usage_error("%s: %s%s%s", l->path, what ? what : "",
			       what ? ": " : "", sqlite3_errmsg(l->db));
	if (what)
		dp_warn_at(l->path, row, "%s: %s", what, sqlite3_errmsg(l->db));
	else
		dp_warn_at(l->path, row, "%s", sqlite3_errmsg(l->db));
	return status;
}

/* Authorizer: refuse ATTACH and DETACH (they would open other files),
 * remembering which in the adapter; allow everything else, since the
 * connection is read-only anyway. */
static int
authorize(void *arg, int action, const char *a1, const char *a2,
	  const char *a3, const char *a4)
{
	struct dp_sqlite *l = arg;

	(void)a1, (void)a2, (void)a3, (void)a4;
	if (action == SQLITE_ATTACH || action == SQLITE_DETACH) {
		l->refused = action == SQLITE_ATTACH ? "ATTACH" : "DETACH";
		return SQLITE_DENY;
	}
	return SQLITE_OK;
}

/* Is path a WAL-mode database that SQLite can read only as immutable?
 * Reading a WAL database needs its -shm file, which SQLite creates
 * beside it: on a read-only file system (or in a directory we may not
 * write) that fails. When no -wal file is there either, the database
 * file holds every committed transaction and nothing can add one
 * through this directory, so reading it as immutable is exact. */
static int
wal_needs_immutable(const char *path)
{
	unsigned char h[20];
	struct dp_buf b = { 0 };
	int fd = open(path, O_RDONLY | O_CLOEXEC), wal = 0;
	ssize_t n = fd < 0 ? -1 : read(fd, h, sizeof h);

	if (fd >= 0)
		close(fd);
	/* the header: bytes 18 and 19 are 2 in WAL mode */
	if (n != (ssize_t)sizeof h || memcmp(h, "SQLite format 3", 16) != 0 ||
	    h[18] != 2 || h[19] != 2)
		return 0;
	dp_buf_printf(&b, "%s-wal", path);
	if (access(b.data, F_OK) == 0 || errno != ENOENT)
		wal = 1;
	b.len = 0;
	const char *slash = strrchr(path, '/');
	if (!slash)
		dp_buf_adds(&b, ".");
	else
		dp_buf_add(&b, path, slash == path ? 1 : (size_t)(slash - path));
	int writable = access(dp_buf_cstr(&b), W_OK) == 0;
	dp_buf_free(&b);
	return !wal && !writable;
}

/* The URI "file:PATH?immutable=1", every byte of PATH but [A-Za-z0-9/._-]
 * percent-encoded (so '?', '#' and '%' in names stay names). */
static char *
immutable_uri(const char *path)
{
	struct dp_buf b = { 0 };

	dp_buf_adds(&b, path[0] == '/' ? "file://" : "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/._-", *p))
			dp_buf_addc(&b, (char)*p);
		else
			dp_buf_printf(&b, "%%%02X", *p);
	}
	dp_buf_adds(&b, "?immutable=1");
	char *uri = dp_xstrdup(dp_buf_cstr(&b));
	dp_buf_free(&b);
	return uri;
}

/* See load.h. */
struct dp_sqlite *
dp_sqlite_open(const char *path, struct dp_loader *run)
{
	sqlite3 *db = NULL;
	int rc;

	/* The path is a file name, never a "file:" URI with options. */
	sqlite3_config(SQLITE_CONFIG_URI, 0);
	if (wal_needs_immutable(path)) {
		char *uri = immutable_uri(path);
		rc = sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY |
				     SQLITE_OPEN_URI, NULL);
		free(uri);
	} else {
		rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
	}
	if (!db)
		dp_die(DP_EXIT_INTERNAL, "out of memory");
	if (rc != SQLITE_OK) {
		int err = sqlite3_system_errno(db);
		const char *why = err ? strerror(err) : sqlite3_errmsg(db);

		dp_die(sql_status(rc, DP_EXIT_IO), "%s: cannot open database: "
		       "%s", path, why);
	}
	return dp_sqlite_new(db, path, run);
}

/* See load.h. */
struct dp_sqlite *
dp_sqlite_new(sqlite3 *db, const char *name, struct dp_loader *run)
{
	struct dp_sqlite *l = dp_xmalloc(sizeof *l);
	int rc;

	*l = (struct dp_sqlite){ .db = db, .path = name, .run = run };
	sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
	sqlite3_busy_timeout(db, 5000);
	rc = sqlite3_exec(db, "PRAGMA query_only = 1", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		exit(sql_error(l, rc, DP_EXIT_INTERNAL, 0, NULL));
	sqlite3_set_authorizer(db, authorize, l);
	dp_loader_input(run, name, name);
	return l;
}

/* See load.h. */
void
dp_sqlite_close(struct dp_sqlite *l)
{
	if (!l)
		return;
	sqlite3_close(l->db);
	free(l);
}

/* Is s only blanks (space, tab, CR, LF)? */
static int
blank(const char *s)
{
	return s[strspn(s, " \t\r\n")] == '\0';
}

/* Compile `sql` into *st: it must be exactly one statement that does
 * not write. Returns 0, or the status of an error in it (`status` for
 * the user's SQL is 2, a usage error that exits; 1 for ours run on the
 * user's database); `what` names it in messages. */
static int
prepare(struct dp_sqlite *l, const char *sql, int status, const char *what,
	sqlite3_stmt **st)
{
	sqlite3_stmt *more = NULL;
	const char *tail;
	int rc;

	l->refused = NULL;
	rc = sqlite3_prepare_v2(l->db, sql, -1, st, &tail);
	if (rc == SQLITE_AUTH && l->refused)
		dp_usage_error("%s: %s: %s is not allowed (the database is "
			       "read-only)", l->path, what, l->refused);
	if (rc != SQLITE_OK)
		return sql_error(l, rc, status, 0, what);
	if (!*st)
		dp_usage_error("%s: no SQL statement", what);
	if (!blank(tail)) {
		rc = sqlite3_prepare_v2(l->db, tail, -1, &more, NULL);
		sqlite3_finalize(more);
		if (rc != SQLITE_OK || more)
			dp_usage_error("%s: only one SQL statement is allowed",
				       what);
	}
	if (!sqlite3_stmt_readonly(*st))
		dp_usage_error("%s: %s: refusing a statement that would write "
			       "(the database is read-only)", l->path, what);
	if (sqlite3_column_count(*st) == 0)
		dp_usage_error("%s: %s: the statement returns no columns",
			       l->path, what);
	return DP_EXIT_OK;
}

/* Bind parameter i of `st` to `v` typed as dp_scalar_classify types it:
 * an integer, a double, else text (so "007" stays text); a number that
 * does not fit an int64 or a double stays text too. */
static int
bind_param(sqlite3_stmt *st, int i, const char *v)
{
	double d;

	switch (dp_scalar_classify(v, strlen(v))) {
	case DP_SCALAR_INT:
		return sqlite3_bind_int64(st, i, strtoll(v, NULL, 10));
	case DP_SCALAR_DOUBLE:
		d = strtod(v, NULL);
		if (isfinite(d))
			return sqlite3_bind_double(st, i, d);
		break;
	default:
		break;
	}
	return sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

/* Bind the n --param values to ?1, ?2, ...; their number must match.
 * Returns 0 or an error's status. */
static int
bind_params(const struct dp_sqlite *l, sqlite3_stmt *st,
	    const char *const *params, int n)
{
	int want = sqlite3_bind_parameter_count(st), rc = SQLITE_OK;

	if (want != n)
		dp_usage_error("--query has %d parameter%s but %d --param "
			       "value%s given", want, want == 1 ? "" : "s", n,
			       n == 1 ? " was" : "s were");
	for (int i = 0; i < n && rc == SQLITE_OK; i++)
		rc = bind_param(st, i + 1, params[i]);
	return rc == SQLITE_OK ? DP_EXIT_OK
			       : sql_error(l, rc, DP_EXIT_INTERNAL, 0, "--param");
}

/* Is `name` one of the n strings in v? */
static int
listed(const char *name, const char *const *v, int n)
{
	for (int i = 0; i < n; i++)
		if (strcmp(name, v[i]) == 0)
			return 1;
	return 0;
}

/* The kind of each result column: `kind` for those named in names[0..n),
 * plain for the rest. Column names must be distinct (they become keys)
 * and every name in `names` must be a column. Also sets *present to the
 * envelope fields the columns provide. Returns a new array. */
static enum kind *
column_kinds(sqlite3_stmt *st, const char *const *names, int n,
	     enum kind kind, int *present)
{
	int ncol = sqlite3_column_count(st);
	enum kind *kinds = dp_xmalloc((size_t)ncol * sizeof *kinds);
	const char **cols = dp_xmalloc((size_t)ncol * sizeof *cols);

	*present = 0;
	for (int i = 0; i < ncol; i++) {
		cols[i] = sqlite3_column_name(st, i);
		if (!cols[i])
			dp_die(DP_EXIT_INTERNAL, "out of memory");
		if (listed(cols[i], cols, i))
			dp_usage_error("column name '%s' appears twice; rename "
				       "one with AS", cols[i]);
		kinds[i] = listed(cols[i], names, n) ? kind : KIND_PLAIN;
		*present |= dp_envelope_key(cols[i], strlen(cols[i]));
	}
	for (int i = 0; i < n; i++)
		if (!listed(names[i], cols, ncol))
			dp_usage_error("--json-columns: no column '%s' in the "
				       "result", names[i]);
	free(cols);
	return kinds;
}

/* Append the JSON text s (n bytes) as a value; 0, or -1 with the reason
 * in `why` after appending s as a string instead. */
static int
add_json(struct dp_buf *b, const char *s, size_t n, const char *col,
	 struct dp_buf *why)
{
	json_error_t err;
	json_t *v = json_loadb(s, n, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);

	if (!v) {
		dp_buf_printf(why, "column '%s': invalid JSON at offset %d: %s",
			      col, err.position, err.text);
		dp_json_string(b, s, n);
		return -1;
	}
	dp_json_value(b, v);
	json_decref(v);
	return 0;
}

/* Append the JSON array of strings s (n bytes); 0, or -1 with the
 * reason in `why` after appending s as a string instead. */
static int
add_json_list(struct dp_buf *b, const char *s, size_t n, const char *col,
	      struct dp_buf *why)
{
	json_error_t err;
	json_t *v = json_loadb(s, n, JSON_ALLOW_NUL, &err), *item;
	size_t i;

	if (!v) {
		dp_buf_printf(why, "column '%s': invalid JSON at offset %d: %s",
			      col, err.position, err.text);
	} else if (!json_is_array(v)) {
		dp_buf_printf(why, "column '%s': not a JSON array", col);
	} else {
		json_array_foreach(v, i, item)
			if (!json_is_string(item))
				break;
		if (i == json_array_size(v)) {
			dp_json_value(b, v);
			json_decref(v);
			return 0;
		}
		dp_buf_printf(why, "column '%s': item %zu of the JSON array "
			      "is not a string", col, i + 1);
	}
	json_decref(v);
	dp_json_string(b, s, n);
	return -1;
}

/* Append the list in s (n bytes) as a JSON array of strings: JSON when
 * it starts with '[' (after blanks), else comma-separated items, each
 * trimmed, empty ones dropped. 0, or -1 with the reason in `why`. */
static int
add_list(struct dp_buf *b, const char *s, size_t n, const char *col,
	 struct dp_buf *why)
{
	const char *ws = " \t\r\n", *end = s + n, *p = s;
	int first = 1;

	while (p < end && *p && strchr(ws, *p))
		p++;
	if (p < end && *p == '[')
		return add_json_list(b, s, n, col, why);
	dp_buf_addc(b, '[');
	while (p < end) {
		const char *comma = memchr(p, ',', (size_t)(end - p));
		const char *q = comma ? comma : end;

		while (p < q && *p && strchr(ws, *p))
			p++;
		while (q > p && q[-1] && strchr(ws, q[-1]))
			q--;
		if (q > p) {
			if (!first)
				dp_buf_addc(b, ',');
			first = 0;
			dp_json_string(b, p, (size_t)(q - p));
		}
		p = comma ? comma + 1 : end;
	}
	dp_buf_addc(b, ']');
	return 0;
}

/* A REAL that JSON cannot hold (±Infinity; SQLite stores NaN as NULL,
 * but one from a function is caught too): append its name as a string
 * in its place, and return -1 with the reason in `why`, so that the row
 * is rejected as dp-load-json rejects 1e400. */
static int
add_nonfinite(struct dp_buf *b, double v, const char *col, struct dp_buf *why)
{
	const char *name = isnan(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";

	dp_buf_printf(why, "column '%s': %s: %s", col, isnan(v) ?
		      "not a number" : "number outside the range of a double",
		      name);
	dp_json_cstring(b, name);
	return -1;
}

/* Append column i of the current row as JSON of kind k. Returns 0, or
 * -1 with the reason in `why` after appending a stand-in (the text as a
 * string), so that a rejected record still shows the whole row. */
static int
add_value(struct dp_buf *b, sqlite3_stmt *st, int i, enum kind k,
	  struct dp_buf *why)
{
	int type = sqlite3_column_type(st, i);
	const char *col = sqlite3_column_name(st, i), *s;
	size_t n, bad;

	if (type == SQLITE_NULL) {
		dp_buf_adds(b, k == KIND_LIST ? "[]" : "null");
		return 0;
	}
	if (type == SQLITE_FLOAT && !isfinite(sqlite3_column_double(st, i)))
		return add_nonfinite(b, sqlite3_column_double(st, i), col, why);
	if (type == SQLITE_INTEGER && k != KIND_LIST) {
		dp_json_int(b, sqlite3_column_int64(st, i));
		return 0;
	}
	if (type == SQLITE_FLOAT && k != KIND_LIST) {
		dp_json_double(b, sqlite3_column_double(st, i));
		return 0;
	}
	if (type == SQLITE_BLOB && k != KIND_LIST) {
		const unsigned char *p = sqlite3_column_blob(st, i);
		dp_buf_addc(b, '"');
		dp_base64(b, p, (size_t)sqlite3_column_bytes(st, i));
		dp_buf_addc(b, '"');
		return 0;
	}
	s = (const char *)sqlite3_column_text(st, i);
	if (!s)
		dp_die(DP_EXIT_INTERNAL, "out of memory");
	n = (size_t)sqlite3_column_bytes(st, i);
	bad = dp_utf8_check(s, n);
	if (bad < n) {
		dp_buf_printf(why, "column '%s': invalid UTF-8 at byte %zu",
			      col, bad + 1);
		dp_json_string_lossy(b, s, n);
		return -1;
	}
	if (k == KIND_JSON)
		return add_json(b, s, n, col, why);
	if (k == KIND_LIST)
		return add_list(b, s, n, col, why);
	dp_json_string(b, s, n);
	return 0;
}

/* Step through `st`, writing each row as a record (or rejecting it),
 * until the run's --limit; then finalize it. Returns 0 or an error's
 * status. */
static int
emit_rows(struct dp_sqlite *l, sqlite3_stmt *st, const enum kind *kinds,
	  int present)
{
	struct dp_buf rec = { 0 }, why = { 0 };
	int ncol = sqlite3_column_count(st), rc = SQLITE_DONE, status = 0;
	long long row = 0;

	while (!dp_loader_done(l->run) &&
	       (rc = sqlite3_step(st)) == SQLITE_ROW) {
		int bad = 0;

		row++;
		rec.len = why.len = 0;
		dp_buf_addc(&rec, '{');
		for (int i = 0; i < ncol; i++) {
			const char *col = sqlite3_column_name(st, i);
			size_t mark = why.len;

			if (i)
				dp_buf_addc(&rec, ',');
			dp_json_string_lossy(&rec, col, strlen(col));
			dp_buf_addc(&rec, ':');
			if (add_value(&rec, st, i, kinds[i], &why) != 0) {
				if (bad)
					why.len = mark;	/* keep the first */
				bad = 1;
			}
		}
		dp_loader_seal(l->run, &rec, present);
		if (bad)
			dp_reject(l->path, row, dp_buf_cstr(&why), rec.data,
				  NULL, rec.len);
		else
			dp_loader_write(l->run, &rec);
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		status = sql_error(l, rc, DP_EXIT_DATA, row + 1, NULL);
	sqlite3_finalize(st);
	dp_buf_free(&rec);
	dp_buf_free(&why);
	return status;
}

/* Run `st`, whose columns named in names[0..n) are of kind `kind`;
 * returns 0 or an error's status. */
static int
load(struct dp_sqlite *l, sqlite3_stmt *st, const char *const *names, int n,
     enum kind kind)
{
	int present, status;
	enum kind *kinds = column_kinds(st, names, n, kind, &present);

	status = emit_rows(l, st, kinds, present);
	free(kinds);
	return status;
}

/* See load.h. */
int
dp_sqlite_table(struct dp_sqlite *l, const char *table,
		const char *const *json_columns, int n)
{
	struct dp_buf sql = { 0 };
	sqlite3_stmt *st = NULL;
	int status;

	dp_buf_adds(&sql, "SELECT * FROM \"");
	for (const char *p = table; *p; p++) {
		if (*p == '"')
			dp_buf_addc(&sql, '"');
		dp_buf_addc(&sql, *p);
	}
	dp_buf_addc(&sql, '"');
	status = prepare(l, dp_buf_cstr(&sql), DP_EXIT_DATA, "--table", &st);
	dp_buf_free(&sql);
	if (status != DP_EXIT_OK)
		return status;
	return load(l, st, json_columns, n, KIND_JSON);
}

/* See load.h. */
int
dp_sqlite_query(struct dp_sqlite *l, const char *sql,
		const char *const *params, int nparams,
		const char *const *json_columns, int n)
{
	sqlite3_stmt *st = NULL;
	int status = prepare(l, sql, DP_EXIT_USAGE, "--query", &st);

	if (status == DP_EXIT_OK)
		status = bind_params(l, st, params, nparams);
	if (status != DP_EXIT_OK) {
		sqlite3_finalize(st);
		return status;
	}
	return load(l, st, json_columns, n, KIND_JSON);
}

/* Are the tables of the Wikipedia schema in the database? Returns 0,
 * or 1 after naming those it lacks (or an error's status). */
static int
check_wikipedia_tables(struct dp_sqlite *l)
{
	static const char *const need[] = { "articles", "page_summaries" };
	const char *missing[2];
	int nmissing = 0, rc, status;
	sqlite3_stmt *st = NULL;

	status = prepare(l, "SELECT 1 FROM sqlite_master WHERE"
			 " type IN ('table', 'view') AND"
			 " name = ?1 COLLATE NOCASE",
			 DP_EXIT_DATA, "--preset wikipedia", &st);
	for (int i = 0; i < 2 && status == DP_EXIT_OK; i++) {
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, need[i], -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		if (rc == SQLITE_DONE)
			missing[nmissing++] = need[i];
		else if (rc != SQLITE_ROW)
			status = sql_error(l, rc, DP_EXIT_DATA, 0,
					   "--preset wikipedia");
	}
	sqlite3_finalize(st);
	if (status != DP_EXIT_OK)
		return status;
	if (nmissing == 1)
		dp_warn("%s: --preset wikipedia: no table %s (it needs "
			"articles and page_summaries)", l->path, missing[0]);
	if (nmissing == 2)
		dp_warn("%s: --preset wikipedia: no tables articles and "
			"page_summaries", l->path);
	return nmissing ? DP_EXIT_DATA : DP_EXIT_OK;
}

/* See load.h. */
int
dp_sqlite_wikipedia(struct dp_sqlite *l)
{
	long long left_out, collapsed, articles;
	sqlite3_stmt *st = NULL;
	int rc, status;

	status = check_wikipedia_tables(l);
	if (status == DP_EXIT_OK)
		status = prepare(l, wikipedia_counts_sql, DP_EXIT_DATA,
				 "--preset wikipedia", &st);
	if (status != DP_EXIT_OK)
		return status;
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		status = sql_error(l, rc, DP_EXIT_DATA, 0, "--preset wikipedia");
		sqlite3_finalize(st);
		return status;
	}
	left_out = sqlite3_column_int64(st, 0);
	collapsed = sqlite3_column_int64(st, 1);
	articles = sqlite3_column_int64(st, 2);
	sqlite3_finalize(st);
	status = prepare(l, wikipedia_sql, DP_EXIT_DATA, "--preset wikipedia",
			 &st);
	if (status == DP_EXIT_OK)
		status = load(l, st, wikipedia_lists, 2, KIND_LIST);
	if (status != DP_EXIT_OK)
		return status;
	dp_warn_at(l->path, 0, "%lld article%s; left out %lld without a long "
		   "summary, collapsed %lld duplicate page id%s", articles,
		   articles == 1 ? "" : "s", left_out, collapsed,
		   collapsed == 1 ? "" : "s");
	return DP_EXIT_OK;
}
