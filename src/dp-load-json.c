/* SPDX-License-Identifier: MIT */
/* dp-load-json: JSON arrays, NDJSON or concatenated JSON to records. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "dp.h"

#define CHUNK (256 * 1024)

static const struct option long_options[] = {
	{ "type", required_argument, NULL, 't' },
	{ "path", required_argument, NULL, 'p' },
	DP_COMMON_LONG_OPTIONS,
	{ NULL, 0, NULL, 0 }
};

/* Print the full help to stdout. */
static void
help(void)
{
	printf("Usage: dp-load-json [OPTION]... [FILE]...\n"
	       "Split JSON arrays, NDJSON or concatenated JSON into NDJSON "
	       "records, one\nobject per line, adding the loader envelope. "
	       "With no FILE, or when FILE\nis -, read standard input; "
	       ".gz and .zst files are decompressed.\n\n"
	       "  -t, --type=TYPE       entity_type for records that lack "
	       "one (default:\n"
	       "                        from the file name)\n"
	       "  -p, --path=KEY[.KEY]  split the array at this path in a "
	       "top-level object\n"
	       "%s", dp_common_help);
}

struct loader {
	const char *type;	/* --type, or NULL */
	const char *path;	/* --path, or NULL */
	int keep_going;
	struct dp_envelope env;
	const char *file;	/* input name for messages */
};

/* Emit one record with the envelope, or reject it. */
static void
on_record(void *ctx, const struct dp_split_record *r)
{
	struct loader *ld = ctx;
	struct dp_buf *b = r->json;

	if (r->error) {
		dp_reject(ld->file, r->line, r->error, b->data, NULL, b->len);
		return;
	}
	b->len--;	/* reopen the object: drop its '}' */
	dp_envelope_append(b, &ld->env, r->envelope);
	dp_buf_addc(b, '}');
	dp_out_record(b);
}

/* A syntax or end-of-input error that ends the file: exit 1. */
static DP_NORETURN void
fatal_split_error(struct loader *ld, struct dp_split *sp)
{
	long long line, col;
	const char *msg = dp_split_error(sp, &line, &col);

	if (line > 0)
		dp_warn("%s:%lld:%lld: %s", ld->file, line, col, msg);
	else
		dp_warn("%s: %s", ld->file, msg);
	exit(DP_EXIT_DATA);
}

/* Arrays and --path: feed fixed chunks, so that memory stays flat even
 * when the whole document is one line. A syntax error is fatal: there
 * is no way to find the next element of a broken array. */
static void
load_chunks(struct loader *ld, struct dp_input *in, struct dp_split *sp)
{
	char *chunk = dp_xmalloc(CHUNK);
	long n;

	while ((n = dp_input_read(in, chunk, CHUNK)) > 0)
		if (dp_split_feed(sp, chunk, (size_t)n) != 0)
			fatal_split_error(ld, sp);
	free(chunk);
	if (n < 0)
		exit(DP_EXIT_IO);
	if (dp_split_finish(sp) != 0)
		fatal_split_error(ld, sp);
}

/* NDJSON and concatenated values: feed line by line, so that with
 * --keep-going a bad line (with the lines of a value it continues) is
 * rejected and parsing resumes on the next line. */
static void
load_lines(struct loader *ld, struct dp_input *in, struct dp_split *sp)
{
	struct dp_lines *lines = dp_lines_new(in);
	struct dp_buf pending = { 0 };	/* lines of an unfinished value */
	struct dp_buf why = { 0 };
	long long line, col, first = 0;
	char *s;
	long n;

	while ((n = dp_lines_next(lines, &s)) >= 0) {
		long long number = dp_lines_number(lines);

		s[n] = '\n';	/* the reader left room where '\n' was */
		if (dp_split_feed(sp, s, (size_t)n + 1) != 0) {
			const char *msg = dp_split_error(sp, &line, &col);
			if (!ld->keep_going)
				fatal_split_error(ld, sp);
			why.len = 0;
			dp_buf_printf(&why, "column %lld: %s", col, msg);
			dp_buf_add(&pending, s, (size_t)n);
			dp_reject(ld->file, line,
				  dp_buf_cstr(&why), NULL, pending.data,
				  pending.len);
			dp_split_restart(sp, number + 1);
			pending.len = 0;
			first = 0;
		} else if (dp_split_pending(sp)) {
			if (!first)
				first = number;
			dp_buf_add(&pending, s, (size_t)n + 1);
		} else {
			pending.len = 0;
			first = 0;
		}
	}
	dp_lines_free(lines);
	if (n == -2)
		exit(DP_EXIT_IO);
	if (dp_split_finish(sp) != 0) {
		const char *msg = dp_split_error(sp, &line, &col);
		if (pending.len && pending.data[pending.len - 1] == '\n')
			pending.len--;
		if (!ld->keep_going || !pending.len) {
			dp_warn("%s:%lld: %s", ld->file, first ? first : line,
				msg);
			exit(DP_EXIT_DATA);
		}
		dp_reject(ld->file, first, msg, NULL, pending.data,
			  pending.len);
	}
	dp_buf_free(&pending);
	dp_buf_free(&why);
}

/* The first byte that is not JSON whitespace, or 0 if there is none. */
static char
first_token(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strchr(" \t\r\n", p[i]))
			return p[i];
	return 0;
}

/* Load one file: arrays and --path by chunks, anything else by lines. */
static void
load_file(struct loader *ld, const char *path)
{
	struct dp_input *in = dp_input_open(path);
	struct dp_buf peek = { 0 };
	char token = 0;
	long n;

	if (!in)
		exit(DP_EXIT_IO);
	ld->file = dp_input_name(in);
	ld->env.source_file = ld->file;
	ld->env.entity_type = ld->type ? ld->type
				       : dp_entity_type_from_name(path);

	do {	/* read until the first token shows how to split */
		dp_buf_reserve(&peek, 4096);
		n = dp_input_read(in, peek.data + peek.len, 4096);
		if (n < 0)
			exit(DP_EXIT_IO);
		token = first_token(peek.data + peek.len, (size_t)n);
		peek.len += (size_t)n;
	} while (n > 0 && !token);
	dp_input_unread(in, peek.data, peek.len);
	dp_buf_free(&peek);

	struct dp_split *sp = dp_split_new(ld->path, on_record, ld);
	if (ld->path || token == '[')
		load_chunks(ld, in, sp);
	else
		load_lines(ld, in, sp);
	dp_split_free(sp);
	dp_input_close(in);
}

int
main(int argc, char *argv[])
{
	struct dp_common common;
	struct loader ld = { 0 };
	int c;

	dp_init(argv[0]);
	dp_common_init(&common);
	while ((c = getopt_long(argc, argv, "t:p:", long_options, NULL)) != -1) {
		if (dp_common_option(&common, c, optarg, help))
			continue;
		switch (c) {
		case 't':
			if (!*optarg)
				dp_usage_error("--type: empty type");
			ld.type = optarg;
			break;
		case 'p':
			if (!*optarg || optarg[0] == '.' ||
			    strstr(optarg, "..") ||
			    optarg[strlen(optarg) - 1] == '.')
				dp_option_error("--path", "a key path", optarg);
			ld.path = optarg;
			break;
		default:
			dp_usage_error(NULL);
		}
	}
	dp_out_init(common.unbuffered);
	dp_rejects_init(&common);
	ld.keep_going = common.keep_going;
	ld.env.source_type = "json";
	dp_timestamp_now(ld.env.ingested_at);

	if (optind == argc)
		load_file(&ld, "-");
	for (int i = optind; i < argc; i++)
		load_file(&ld, argv[i]);

	dp_rejects_finish();
	dp_out_finish();
	return DP_EXIT_OK;
}
