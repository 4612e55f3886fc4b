/* SPDX-License-Identifier: MIT */
/* dp-load-csv: CSV or TSV rows (RFC 4180) to NDJSON records. */
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "load/load.h"

enum {
	OPT_NO_HEADER = 256,
	OPT_TYPES
};

static const struct option long_options[] = {
	{ "delimiter", required_argument, NULL, 'd' },
	{ "no-header", no_argument, NULL, OPT_NO_HEADER },
	{ "types", required_argument, NULL, OPT_TYPES },
	{ "type", required_argument, NULL, 't' },
	{ "limit", required_argument, NULL, 'n' },
	DP_COMMON_LONG_OPTIONS,
	{ NULL, 0, NULL, 0 }
};

/* Print the full help to stdout. */
static void
help(void)
{
	printf("Usage: dp-load-csv [OPTION]... [FILE]...\n"
	       "Load CSV or TSV rows as NDJSON records, one object per row "
	       "keyed by the\nheader row, adding the loader envelope. With "
	       "no FILE, or when FILE is -,\nread standard input; .gz and "
	       ".zst files are decompressed.\n\n"
	       "  -d, --delimiter=C     field delimiter: one character, "
	       "'\\t' or 'tab'\n"
	       "                        (default ',')\n"
	       "      --no-header       the first row is data; columns are "
	       "named c1, c2, ...\n"
	       "      --types=MODE      auto (default): numbers, true/false "
	       "and empty fields\n"
	       "                        become JSON numbers, booleans and "
	       "null; string: all\n"
	       "                        values are strings\n"
	       "  -t, --type=TYPE       entity_type for records that lack "
	       "one (default:\n"
	       "                        from the file name)\n"
	       "  -n, --limit=N         stop after N records\n"
	       "%s", dp_common_help);
}

/* The --delimiter value as one byte: a single character, the text
 * "\t" or the word "tab". */
static unsigned char
parse_delimiter(const char *arg)
{
	if (strcmp(arg, "\\t") == 0 || strcmp(arg, "tab") == 0)
		return '\t';
	if (strlen(arg) != 1)
		dp_usage_error("--delimiter: not a single character: '%s'",
			       arg);
	if (arg[0] == '"' || arg[0] == '\n' || arg[0] == '\r')
		dp_usage_error("--delimiter: cannot be a quote or a line "
			       "ending");
	return (unsigned char)arg[0];
}

/* Parse the command line into o and common; returns optind. */
static int
parse_options(struct dp_csv_options *o, struct dp_common *common, int argc,
	      char *argv[])
{
	int c;

	while ((c = getopt_long(argc, argv, "d:t:n:", long_options,
				NULL)) != -1) {
		if (dp_common_option(common, c, optarg, help))
			continue;
		switch (c) {
		case 'd':
			o->delim = parse_delimiter(optarg);
			break;
		case OPT_NO_HEADER:
			o->header = 0;
			break;
		case OPT_TYPES:
			if (strcmp(optarg, "auto") == 0)
				o->typed = 1;
			else if (strcmp(optarg, "string") == 0)
				o->typed = 0;
			else
				dp_usage_error("--types: not auto or string: "
					       "'%s'", optarg);
			break;
		case 't':
			if (!*optarg)
				dp_usage_error("--type: empty type");
			o->type = optarg;
			break;
		case 'n':
			o->limit = dp_parse_int_option("--limit", optarg, 0,
						       LLONG_MAX);
			break;
		default:
			dp_usage_error(NULL);
		}
	}
	return optind;
}

int
main(int argc, char *argv[])
{
	struct dp_common common;
	struct dp_csv_options o = { .delim = ',', .header = 1, .typed = 1,
				    .limit = -1 };
	struct dp_csv_loader *ld;
	int first;

	dp_init(argv[0]);
	dp_common_init(&common);
	first = parse_options(&o, &common, argc, argv);
	dp_out_init(common.unbuffered);
	dp_rejects_init(&common);
	ld = dp_csv_new(&o);
	if (first == argc && !dp_csv_done(ld) && dp_csv_load_file(ld, "-"))
		exit(DP_EXIT_DATA);
	for (int i = first; i < argc && !dp_csv_done(ld); i++)
		if (dp_csv_load_file(ld, argv[i]) != 0)
			exit(DP_EXIT_DATA);
	dp_csv_free(ld);
	dp_rejects_finish();
	dp_out_finish();
	return DP_EXIT_OK;
}
