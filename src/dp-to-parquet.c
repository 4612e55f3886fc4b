/* SPDX-License-Identifier: MIT */
/* dp-to-parquet: records to a (Hive-partitioned) Parquet dataset. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dp.h"
#include "parquet/parquet.h"

enum {
	OPT_MODE = 1100,
	OPT_PARTITION_BY,
	OPT_SCHEMA,
	OPT_STRICT,
	OPT_COMPRESSION,
	OPT_COMPRESSION_LEVEL,
	OPT_ROW_GROUP_SIZE,
	OPT_MEMORY_LIMIT,
	OPT_PAGE_SIZE,
	OPT_NO_DICTIONARY,
	OPT_PRINT_SCHEMA,
	OPT_ALLOW_EMPTY
};

static const struct option long_options[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "mode", required_argument, NULL, OPT_MODE },
	{ "partition-by", required_argument, NULL, OPT_PARTITION_BY },
	{ "schema", required_argument, NULL, OPT_SCHEMA },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "compression", required_argument, NULL, OPT_COMPRESSION },
	{ "compression-level", required_argument, NULL,
	  OPT_COMPRESSION_LEVEL },
	{ "row-group-size", required_argument, NULL, OPT_ROW_GROUP_SIZE },
	{ "memory-limit", required_argument, NULL, OPT_MEMORY_LIMIT },
	{ "page-size", required_argument, NULL, OPT_PAGE_SIZE },
	{ "no-dictionary", no_argument, NULL, OPT_NO_DICTIONARY },
	{ "print-schema", no_argument, NULL, OPT_PRINT_SCHEMA },
	{ "allow-empty", no_argument, NULL, OPT_ALLOW_EMPTY },
	DP_COMMON_LONG_OPTIONS,
	{ NULL, 0, NULL, 0 }
};

/* Print the full help to stdout. */
static void
help(void)
{
	printf("Usage: dp-to-parquet -o PATH [OPTION]... [FILE]...\n"
	       "Write NDJSON records as a Parquet dataset in the directory "
	       "PATH (created if\nmissing), optionally Hive-partitioned. "
	       "With no FILE, or when FILE is -,\nread standard input.\n\n"
	       "  -o, --output=PATH          the dataset directory\n"
	       "      --mode=MODE            error (default: refuse a "
	       "non-empty PATH), append,\n"
	       "                             or overwrite\n"
	       "      --allow-empty          let --mode overwrite replace "
	       "PATH when there are\n"
	       "                             no rows (else it is kept, "
	       "exit 1)\n"
	       "      --partition-by=COLS    Hive partitions by these "
	       "comma-separated fields\n"
	       "      --schema=SCHEMA        unified (default), infer, or "
	       "a schema FILE\n"
	       "      --print-schema         print the schema and exit "
	       "(after inferring it)\n"
	       "      --strict               a field outside the schema is "
	       "an error\n"
	       "      --compression=CODEC    snappy (default), zstd, gzip "
	       "or none\n"
	       "      --compression-level=N  the codec's level (zstd 1-22, "
	       "gzip 1-9)\n"
	       "      --row-group-size=ROWS  rows per row group at most "
	       "(default 1048576)\n"
	       "      --memory-limit=BYTES   buffer memory for all "
	       "partitions (default 256M)\n"
	       "      --page-size=BYTES      data page size target "
	       "(default 1M)\n"
	       "      --no-dictionary        PLAIN encoding only\n"
	       "%s", dp_common_help);
}

struct run {
	const char *output;
	enum pq_mode mode;
	const char *partition_by;	/* --partition-by, or NULL */
	struct dp_field_path **partition;	/* its fields */
	int npartition;
	const char *schema_arg;
	int strict;
	int print_schema;
	int allow_empty;
	long long rows;		/* rows written */
	struct pq_writer_opts wo;
	struct pq_schema *schema;
	int *parts;
	struct pq_record rec;
	struct pq_writer *writer;
	struct dp_buf err;
	/* --schema infer */
	struct pq_infer *infer;
	struct pq_jrec json;
	FILE *spool;
	char *spool_path;
	char **names;		/* input names, by index in the spool */
	int nnames;
};

static char *spool_to_remove;

static void
remove_spool(void)
{
	if (spool_to_remove)
		unlink(spool_to_remove);
}

/* A byte count from min to max: digits and an optional K, M or G
 * (powers of 1024), then an optional B; a usage error otherwise. */
static long long
parse_bytes(const char *option, const char *arg, long long min,
	    long long max)
{
	size_t n = strspn(arg, "0123456789");
	char *num = dp_xstrdup(arg), what[80];
	const char *end = arg + n;
	long long v;
	int shift = 0;

	num[n] = '\0';
	switch (*end) {
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	}
	if (shift && (*end == 'i' || *end == 'I'))
		end++;
	if (*end == 'b' || *end == 'B')
		end++;
	if (*end || dp_parse_int(num, &v) != 0 || v > (LLONG_MAX >> shift) ||
	    v << shift < min || v << shift > max) {
		snprintf(what, sizeof what, "a size from %lld to %lld bytes",
			 min, max);
		dp_option_error(option, what, arg);
	}
	free(num);
	return v << shift;
}

/* Read the whole schema file, of at most 16 MB (so that /dev/zero is
 * an error, not all of memory). */
static struct pq_schema *
load_schema(const char *path)
{
	struct dp_input *in = dp_input_open(path);
	struct dp_buf text = { 0 }, err = { 0 };
	char chunk[65536];
	long n;

	if (!in)
		exit(DP_EXIT_IO);
	while ((n = dp_input_read(in, chunk, sizeof chunk)) > 0) {
		dp_buf_add(&text, chunk, (size_t)n);
		if (text.len > 16 << 20)
			dp_die(DP_EXIT_USAGE, "%s: not a schema: larger than "
			       "16 MB", path);
	}
	if (n < 0)
		exit(DP_EXIT_IO);
	dp_input_close(in);
	struct pq_schema *s = pq_schema_parse(text.data ? text.data : "",
					      text.len, &err);
	if (!s)
		dp_die(DP_EXIT_USAGE, "%s:%s", path, dp_buf_cstr(&err));
	dp_buf_free(&text);
	return s;
}

/* Free the fields of --partition-by. */
static void
free_partition_fields(struct run *run)
{
	for (int i = 0; i < run->npartition; i++)
		dp_field_path_free(run->partition[i]);
	free(run->partition);
	run->partition = NULL;
	run->npartition = 0;
}

/* --partition-by's value: comma-separated field paths (dp(7), FIELD
 * PATHS) of one key each, partitions being top-level fields; empty
 * items are skipped. */
static void
partition_option(struct run *run, const char *arg)
{
	char *list = dp_xstrdup(arg), *save = NULL;

	free_partition_fields(run);
	run->partition_by = arg;
	for (char *t = strtok_r(list, ",", &save); t;
	     t = strtok_r(NULL, ",", &save)) {
		struct dp_field_path *p = NULL;

		dp_field_path_option(&p, "--partition-by", t);
		if (p->n > 1)
			dp_usage_error("--partition-by: '%s' is a nested "
				       "field: partitions are top-level fields",
				       p->text);
		run->partition = dp_xrealloc(run->partition,
					     ((size_t)run->npartition + 1) *
					     sizeof *run->partition);
		run->partition[run->npartition++] = p;
	}
	free(list);
}

/* --partition-by's fields to field indices. */
static void
resolve_partitions(struct run *run)
{
	int n = 0;

	run->parts = dp_xmalloc(((size_t)run->schema->n + 1) *
				sizeof *run->parts);
	for (int j = 0; j < run->npartition; j++) {
		const struct dp_field_key *key = &run->partition[j]->key[0];
		const char *t = run->partition[j]->text;
		int k = pq_schema_find(run->schema, key->name, key->len);
		if (k < 0)
			dp_usage_error("--partition-by: '%s' is not a field "
				       "of the schema", t);
		const struct pq_field *f = &run->schema->fields[k];
		if (f->list || (f->kind != PQ_STRING && f->kind != PQ_INT32 &&
				f->kind != PQ_INT64 && f->kind != PQ_BOOL))
			dp_usage_error("--partition-by: '%s' is not a string, "
				       "integer or bool field", t);
		for (int i = 0; i < n; i++)
			if (run->parts[i] == k)
				dp_usage_error("--partition-by: '%s' given "
					       "twice", t);
		if (n == run->schema->n - 1)
			dp_usage_error("--partition-by: no field would be "
				       "left for the files");
		run->parts[n++] = k;
	}
	if (n == 0)
		dp_usage_error("--partition-by: no field named");
	run->wo.partition_by = run->parts;
	run->wo.npartition = n;
}

/* Reject the record on `line` (its JSON when it parsed). */
static void
reject(const char *file, long long lineno, const char *why,
       const char *line, size_t n, int parsed)
{
	dp_reject(file, lineno, why, parsed ? line : NULL,
		  parsed ? NULL : line, n);
}

/* One record: convert, then write; or reject. */
static void
handle(struct run *run, const char *file, long long lineno, const char *s,
       size_t n)
{
	if (pq_record_read(&run->rec, s, n, file, lineno) != 0) {
		reject(file, lineno, dp_buf_cstr(&run->rec.err), s, n,
		       run->rec.json.error == NULL);
		return;
	}
	if (pq_writer_add(run->writer, &run->rec, &run->err) != 0)
		reject(file, lineno, dp_buf_cstr(&run->err), s, n, 1);
	else
		run->rows++;
}

/* Inference pass: count value kinds and keep the record in the spool
 * with its origin, as "INDEX LINE JSON". */
static void
spool(struct run *run, const char *file, long long lineno, const char *s,
      size_t n)
{
	if (pq_json_parse(&run->json, s, n) != 0) {
		char why[200];
		snprintf(why, sizeof why, "invalid JSON at column %zu: %s",
			 run->json.error_col, run->json.error);
		reject(file, lineno, why, s, n, 0);
		return;
	}
	pq_infer_record(run->infer, &run->json);
	if (run->nnames == 0 || strcmp(run->names[run->nnames - 1], file)) {
		run->names = dp_xrealloc(run->names, ((size_t)run->nnames + 1) *
					 sizeof *run->names);
		run->names[run->nnames++] = dp_xstrdup(file);
	}
	if (fprintf(run->spool, "%d %lld ", run->nnames - 1, lineno) < 0 ||
	    fwrite(s, 1, n, run->spool) != n || putc('\n', run->spool) == EOF)
		dp_die(DP_EXIT_IO, "%s: write error:", run->spool_path);
}

typedef void (*line_fn)(struct run *, const char *, long long, const char *,
			size_t);

/* Feed each non-blank line of the file at path to fn. */
static void
each_line(struct run *run, const char *path, line_fn fn)
{
	struct dp_input *in = dp_input_open(path);
	struct dp_lines *lines;
	char *s;
	long n;

	if (!in)
		exit(DP_EXIT_IO);
	lines = dp_lines_new(in);
	while ((n = dp_lines_next(lines, &s)) >= 0) {
		long i = 0;
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i == n)
			continue;
		fn(run, dp_input_name(in), dp_lines_number(lines), s,
		   (size_t)n);
	}
	if (n == -2)
		exit(DP_EXIT_IO);
	dp_lines_free(lines);
	dp_input_close(in);
}

/* A spooled record: "INDEX LINE JSON". */
static void
unspool(struct run *run, const char *file, long long lineno, const char *s,
	size_t n)
{
	char *end;
	long idx = strtol(s, &end, 10);
	long long line = strtoll(end, &end, 10);

	(void)file;
	(void)lineno;
	end++;
	handle(run, run->names[idx], line, end, n - (size_t)(end - s));
}

/* --schema infer: read everything once, spooling it. */
static void
infer(struct run *run, int nfiles, char **files)
{
	const char *tmp = getenv("TMPDIR");
	struct dp_buf path = { 0 };
	int fd;

	dp_buf_printf(&path, "%s/dp-to-parquet-XXXXXX",
		      tmp && *tmp ? tmp : "/tmp");
	fd = mkstemp(path.data);
	if (fd < 0 || !(run->spool = fdopen(fd, "w")))
		dp_die(DP_EXIT_IO, "%s:", path.data);
	run->spool_path = path.data;
	spool_to_remove = path.data;
	atexit(remove_spool);
	run->infer = pq_infer_new();
	if (nfiles == 0)
		each_line(run, "-", spool);
	for (int i = 0; i < nfiles; i++)
		each_line(run, files[i], spool);
	if (fclose(run->spool) != 0)
		dp_die(DP_EXIT_IO, "%s: write error:", run->spool_path);
	run->schema = pq_infer_schema(run->infer);
	if (run->schema->n == 0)
		dp_die(DP_EXIT_DATA, "--schema infer: no records, no fields");
	pq_infer_free(run->infer);
	pq_json_free(&run->json);
}

/* Parse the options into run; returns optind. */
static int
options(struct run *run, int argc, char *argv[], struct dp_common *common)
{
	int c;

	run->mode = PQ_MODE_ERROR;
	run->schema_arg = "unified";
	run->wo.codec = PQ_CODEC_SNAPPY;
	run->wo.row_group_rows = 1048576;
	run->wo.memory_limit = 256LL << 20;
	run->wo.page_size = 1 << 20;
	run->wo.dictionary = 1;
	while ((c = getopt_long(argc, argv, "o:", long_options, NULL)) != -1) {
		if (dp_common_option(common, c, optarg, help))
			continue;
		switch (c) {
		case 'o':
			if (!*optarg)
				dp_usage_error("--output: empty path");
			run->output = optarg;
			break;
		case OPT_MODE:
			if (pq_mode_parse(optarg, &run->mode) != 0)
				dp_usage_error("--mode: not error, append or "
					       "overwrite: '%s'", optarg);
			break;
		case OPT_PARTITION_BY:
			partition_option(run, optarg);
			break;
		case OPT_SCHEMA:
			run->schema_arg = optarg;
			break;
		case OPT_STRICT:
			run->strict = 1;
			break;
		case OPT_COMPRESSION:
			if (pq_codec_parse(optarg, &run->wo.codec) != 0)
				dp_usage_error("--compression: not snappy, "
					       "zstd, gzip or none: '%s'",
					       optarg);
			break;
		case OPT_COMPRESSION_LEVEL:
			run->wo.level = (int)dp_parse_int_option(
				"--compression-level", optarg, 1, 22);
			break;
		case OPT_ROW_GROUP_SIZE:
			run->wo.row_group_rows = dp_parse_int_option(
				"--row-group-size", optarg, 1, LLONG_MAX);
			break;
		case OPT_MEMORY_LIMIT:
			run->wo.memory_limit = parse_bytes("--memory-limit",
							   optarg, 65536,
							   LLONG_MAX);
			break;
		case OPT_PAGE_SIZE:
			/* a page's size is an int32 in its header */
			run->wo.page_size = (size_t)parse_bytes("--page-size",
								optarg, 1,
								1LL << 30);
			break;
		case OPT_NO_DICTIONARY:
			run->wo.dictionary = 0;
			break;
		case OPT_PRINT_SCHEMA:
			run->print_schema = 1;
			break;
		case OPT_ALLOW_EMPTY:
			run->allow_empty = 1;
			break;
		default:
			dp_usage_error(NULL);
		}
	}
	if (run->wo.codec == PQ_CODEC_GZIP && run->wo.level > 9)
		dp_usage_error("--compression-level: gzip levels are 1-9");
	if (!run->output && !run->print_schema)
		dp_usage_error("no dataset directory: -o PATH is required");
	return optind;
}

/* Free what the run holds. */
static void
run_free(struct run *run)
{
	pq_schema_free(run->schema);
	dp_buf_free(&run->err);
	free(run->parts);
	free_partition_fields(run);
	for (int i = 0; i < run->nnames; i++)
		free(run->names[i]);
	free(run->names);
}

int
main(int argc, char *argv[])
{
	struct dp_common common;
	struct run run;
	struct pq_dataset *ds = NULL;
	int first;

	memset(&run, 0, sizeof run);
	dp_init(argv[0]);
	dp_common_init(&common);
	first = options(&run, argc, argv, &common);
	dp_rejects_init(&common);

	if (!strcmp(run.schema_arg, "unified"))
		run.schema = pq_schema_unified();
	else if (strcmp(run.schema_arg, "infer"))
		run.schema = load_schema(run.schema_arg);
	if (run.schema && run.partition_by)
		resolve_partitions(&run);
	/* whether PATH may be written is decided before reading input */
	if (!run.print_schema)
		ds = pq_dataset_open(run.output, run.mode);
	if (!run.schema) {
		infer(&run, argc - first, argv + first);
		if (run.partition_by)
			resolve_partitions(&run);
	}
	if (run.print_schema) {
		struct dp_buf b = { 0 };
		pq_schema_format(run.schema, &b);
		dp_out_write(b.data, b.len);
		dp_buf_free(&b);
		dp_out_finish();
		run_free(&run);
		return DP_EXIT_OK;
	}

	pq_record_init(&run.rec, run.schema, run.strict);
	run.wo.existing = run.mode == PQ_MODE_APPEND ? run.output : NULL;
	run.writer = pq_writer_new(run.schema, &run.wo, ds);
	if (run.spool_path)
		each_line(&run, run.spool_path, unspool);
	else if (first == argc)
		each_line(&run, "-", handle);
	for (int i = first; i < argc && !run.spool_path; i++)
		each_line(&run, argv[i], handle);
	if (run.rows == 0 && run.mode == PQ_MODE_OVERWRITE &&
	    !run.allow_empty) {
		/* an upstream stage that failed must not empty the dataset */
		dp_rejects_finish();
		dp_die(DP_EXIT_DATA, "%s: no rows to write: the dataset is "
		       "left as it was (--allow-empty replaces it with an "
		       "empty one)", run.output);
	}
	pq_writer_finish(run.writer);
	pq_dataset_commit(ds);
	pq_writer_summary(run.writer, run.output);
	dp_rejects_finish();
	pq_writer_free(run.writer);
	pq_dataset_free(ds);
	pq_record_free(&run.rec);
	run_free(&run);
	dp_out_finish();
	return DP_EXIT_OK;
}
