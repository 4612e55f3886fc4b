/* SPDX-License-Identifier: MIT */
/* The load subsystem's public header: what turns input of any shape
 * into dp records (dp(7), THE RECORD STREAM). The loader envelope and
 * what every loader shares, the JSON splitter, typing of text values,
 * small reference files, and the JSON, CSV and SQLite loaders. */
#ifndef DP_LOAD_H
#define DP_LOAD_H

#include <limits.h>

#include "dp.h"

/* ---- scalar.c: typing text values -------------------------------------- */

enum dp_scalar {
	DP_SCALAR_STRING,
	DP_SCALAR_NULL,	/* empty text */
	DP_SCALAR_BOOL,	/* true / false, any case */
	DP_SCALAR_INT,	/* decimal integer within int64, no leading zero */
	DP_SCALAR_DOUBLE	/* decimal or exponent number, no leading zero */
};

/* Classify text the way `dp-load-csv --types auto` types fields: a value
 * with a leading zero ("02134") or an integer beyond int64 stays a
 * string, since it is a code, not a number. */
enum dp_scalar dp_scalar_classify(const char *s, size_t n);
/* Append `s` as JSON of the type dp_scalar_classify gives it. */
void dp_json_scalar(struct dp_buf *b, const char *s, size_t n);

/* ---- envelope.c: the loader envelope ----------------------------------------- */

struct dp_envelope {
	const char *entity_type;	/* NULL: leave out */
	const char *source_file;
	const char *source_type;	/* "json", "sqlite", "csv" */
	char ingested_at[32];
};

/* The entity type inferred from a file name's base name: properties*
 * PROPERTY, neighborhoods* NEIGHBORHOOD, wikipedia* WIKIPEDIA_ARTICLE,
 * else NULL. */
const char *dp_entity_type_from_name(const char *path);
/* The canonical spelling of a known entity type written in any letter
 * case ("property": PROPERTY), else `type` itself. */
const char *dp_entity_type_canonical(const char *type);

enum {
	DP_ENV_ENTITY_TYPE = 1,
	DP_ENV_SOURCE_FILE = 2,
	DP_ENV_SOURCE_TYPE = 4,
	DP_ENV_INGESTED_AT = 8
};

/* The DP_ENV_* bit for key `k` (n bytes), or 0 if it is not an envelope
 * field. */
int dp_envelope_key(const char *k, size_t n);
/* Append ,"key":value for each envelope field whose bit is not in
 * `present` (the record's own fields win). */
void dp_envelope_append(struct dp_buf *b, const struct dp_envelope *e,
			int present);

/* ---- loader.c: what every loader shares ------------------------------------ */

/* One loader run: the envelope its records get, --type and --limit. A
 * loader writes its records through dp_loader_write and stops reading
 * once dp_loader_done says the limit is reached. */
struct dp_loader {
	struct dp_envelope env;
	const char *type;	/* --type, or NULL: from the file name */
	long long limit;	/* --limit: stop after this many records */
	long long written;	/* records written so far */
	int untyped_warned;	/* the input without a type has been named */
};

/* A loader with no --type and no limit. */
#define DP_LOADER_INIT { .type = NULL, .limit = -1 }

/* --type and --limit, for an option group whose context is a struct
 * dp_loader: the same option, letter and meaning in every loader. */
#define DP_LOADER_OPT_TYPE(LETTER, HELP) \
	DP_OPT_CALL("type", LETTER, "TYPE", HELP, dp_loader_set_type)
#define DP_LOADER_OPT_LIMIT \
	DP_OPT_INT("limit", 'n', "N", "stop after N records", \
		   struct dp_loader, limit, 0, LLONG_MAX)
/* --type TYPE: a usage error when TYPE is empty; a known type in any
 * letter case is spelled as dp-enrich knows it. */
void dp_loader_set_type(void *loader, const char *arg);

/* Start the run: source_type ("json", "csv", "sqlite") and
 * ingested_at, taken now. */
void dp_loader_start(struct dp_loader *l, const char *source_type);
/* The next input: `name` as source_file, its entity_type --type or the
 * one `path`'s file name gives. */
void dp_loader_input(struct dp_loader *l, const char *name, const char *path);
/* Close the object b holds (its opening '{' and members, no '}') with
 * the envelope fields whose DP_ENV_* bit is not in `present`. The first
 * record of an input that gets no entity_type (neither its own, --type
 * nor the file name gives one) draws one warning naming --type. */
void dp_loader_seal(struct dp_loader *l, struct dp_buf *b, int present);
/* Write the record b (a whole object) and count it. */
void dp_loader_write(struct dp_loader *l, const struct dp_buf *b);
/* Has --limit been reached? */
int dp_loader_done(const struct dp_loader *l);

/* ---- json_split.c: splitting a JSON stream into records ---------------------- */

struct dp_split_record {
	struct dp_buf *json;	/* compact JSON of the value; the callee may
				 * change it (it is reused afterwards) */
	long long line;		/* line where the value starts */
	int is_object;
	int envelope;		/* DP_ENV_* bits of the object's own keys */
	const char *error;	/* NULL, or why the record is bad */
};

typedef void (*dp_split_fn)(void *ctx, const struct dp_split_record *r);

struct dp_split;

/* A splitter calling fn(ctx, record) for each record. Records are the
 * elements of top-level arrays and the top-level values that are not
 * arrays; with `path` (borrowed: it must outlive the splitter) they
 * are the elements of the array reached by its keys from top-level
 * objects. */
struct dp_split *dp_split_new(const struct dp_field_path *path,
			      dp_split_fn fn, void *ctx);
/* Parse the next n bytes. Returns 0, or -1 on a syntax error (see
 * dp_split_error); after an error only dp_split_restart helps. */
int dp_split_feed(struct dp_split *s, const char *p, size_t n);
/* End of input: -1 if a value is unfinished or the path was not found. */
int dp_split_finish(struct dp_split *s);
/* The last error's message, line and column (line 0: no position). */
const char *dp_split_error(struct dp_split *s, long long *line,
			   long long *col);
/* Is a value open (started, not finished)? */
int dp_split_pending(const struct dp_split *s);
/* Drop the parser state and go on as if input restarted at `line`. */
void dp_split_restart(struct dp_split *s, long long line);
void dp_split_free(struct dp_split *s);

/* ---- json.c: the JSON loader ------------------------------------------------ */

struct dp_json_loader;

/* A loader of JSON arrays, NDJSON or concatenated JSON writing records
 * through `run` (which it uses, not owns; dp_loader_start'ed) and bad
 * ones through dp_reject. `path` is --path (dp_split_new) or NULL;
 * keep_going is --keep-going, for the messages. */
struct dp_json_loader *dp_json_loader_new(struct dp_loader *run,
					  const struct dp_field_path *path,
					  int keep_going);
/* Load the file at path ("-" is stdin) until run's limit: arrays and
 * --path by chunks, anything else by lines (dp-load-json(1) says which
 * lines are rejected). Exits 3 if the file is unreadable, 1 after a
 * syntax error that leaves no record to find. */
void dp_json_loader_file(struct dp_json_loader *ld, const char *path);
void dp_json_loader_free(struct dp_json_loader *ld);

/* ---- objects.c: small reference files ----------------------------------- */

/* Call fn(ctx, obj) for each object in the file at `path` (a JSON array,
 * NDJSON or concatenated JSON; .gz and .zst too). obj is borrowed for the
 * call. A bad file is fatal: exit 3 if unreadable, 1 if not JSON objects. */
void dp_load_objects(const char *path, void (*fn)(void *ctx, json_t *obj),
		     void *ctx);

/* ---- base64.c ------------------------------------------------------------- */

/* Append the standard base64 text (with padding) of n bytes. */
void dp_base64(struct dp_buf *b, const unsigned char *p, size_t n);

/* ---- csv.c: the CSV loader ------------------------------------------------ */

struct dp_csv_options {
	unsigned char delim;	/* field delimiter */
	int header;		/* the first row names the columns */
	int typed;		/* --types auto: numbers, booleans, null */
};

struct dp_csv_loader;

/* A loader writing records through `run` (which it uses, not owns;
 * dp_loader_start'ed) and bad rows through dp_reject. It reads nothing
 * once run's limit is reached. */
struct dp_csv_loader *dp_csv_new(const struct dp_csv_options *o,
				 struct dp_loader *run);
/* Load the file at path ("-" is stdin); an unreadable file exits 3.
 * Returns 0, or -1 when its header is bad (the message is printed and
 * the file skipped; the caller exits 1). */
int dp_csv_load_file(struct dp_csv_loader *ld, const char *path);
/* Load n bytes held in memory, called `name` in messages; as above. */
int dp_csv_load_bytes(struct dp_csv_loader *ld, const char *name,
		       const char *p, size_t n);
void dp_csv_free(struct dp_csv_loader *ld);

/* ---- sqlite.c: the SQLite adapter ------------------------------------------ */

struct sqlite3;
struct dp_sqlite;

/* Open the database file at `path` read-only for loading into `run`
 * (dp_loader_start'ed; `path` is source_file and, without --type, gives
 * entity_type). A missing or unreadable file exits 3 and is never
 * created; a WAL database on a read-only directory is read as
 * immutable. */
struct dp_sqlite *dp_sqlite_open(const char *path, struct dp_loader *run);
/* The same on connection db, called `name`; the adapter owns it from
 * now on. Both lock the connection down: query_only, no ATTACH. */
struct dp_sqlite *dp_sqlite_new(struct sqlite3 *db, const char *name,
				struct dp_loader *run);
/* Write the rows of table `table`, of the read-only SQL statement `sql`
 * with params[0..nparams) bound to ?1, ?2, ... (as dp_scalar_classify
 * types them), or of the preset wikipedia (then a report on stderr),
 * until run's limit. TEXT columns named in json_columns[0..n) are
 * parsed as JSON. A bad row is passed to dp_reject. Each returns 0, or
 * after the message the exit status of an error that ends the run (1 a
 * damaged or foreign database, or a table missing; 3 I/O; 5 internal);
 * a mistake in the user's SQL or options is a usage error (exit 2). */
int dp_sqlite_table(struct dp_sqlite *l, const char *table,
		    const char *const *json_columns, int n);
int dp_sqlite_query(struct dp_sqlite *l, const char *sql,
		    const char *const *params, int nparams,
		    const char *const *json_columns, int n);
int dp_sqlite_wikipedia(struct dp_sqlite *l);
/* Close the connection and free l. */
void dp_sqlite_close(struct dp_sqlite *l);

#endif
