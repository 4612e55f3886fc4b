/* SPDX-License-Identifier: MIT */
/* Options every program shares, help and version. */
#include <errno.h>
#include <stdlib.h>

#include "dp.h"

const char dp_common_help[] =
	"      --keep-going      skip bad records instead of stopping at the "
	"first\n"
	"      --rejects=FILE    append bad records to FILE as NDJSON "
	"(implies\n"
	"                        --keep-going)\n"
	"      --max-rejects=N   exit 1 once more than N records are "
	"rejected\n"
	"      --unbuffered      flush output after every record\n"
	"      --help            display this help and exit\n"
	"      --version         output version information and exit\n";

/* Defaults: stop at the first bad record, no reject limit. */
void
dp_common_init(struct dp_common *c)
{
	c->keep_going = 0;
	c->rejects = NULL;
	c->max_rejects = -1;
	c->unbuffered = 0;
}

/* See dp.h. */
int
dp_common_option(struct dp_common *c, int opt, const char *arg,
		 void (*help)(void))
{
	switch (opt) {
	case DP_OPT_KEEP_GOING:
		c->keep_going = 1;
		return 1;
	case DP_OPT_REJECTS:
		c->rejects = arg;
		c->keep_going = 1;
		return 1;
	case DP_OPT_MAX_REJECTS:
		c->max_rejects = dp_parse_count("--max-rejects", arg);
		return 1;
	case DP_OPT_UNBUFFERED:
		c->unbuffered = 1;
		return 1;
	case DP_OPT_HELP:
		help();
		dp_out_finish();
		exit(DP_EXIT_OK);
	case DP_OPT_VERSION:
		printf("%s (dp) %s\n", dp_progname(), DP_VERSION);
		dp_out_finish();
		exit(DP_EXIT_OK);
	default:
		return 0;
	}
}

/* A command-line mistake: the message, a pointer to --help, exit 2. */
void
dp_usage_error(const char *fmt, ...)
{
	va_list ap;

	if (fmt) {
		fprintf(stderr, "%s: ", dp_progname());
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
	fprintf(stderr, "Try '%s --help' for more information.\n",
		dp_progname());
	exit(DP_EXIT_USAGE);
}

/* A non-negative decimal integer, or a usage error naming the option. */
long long
dp_parse_count(const char *option, const char *arg)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(arg, &end, 10);
	if (errno || end == arg || *end || v < 0)
		dp_usage_error("%s: not a non-negative integer: '%s'", option,
			       arg);
	return v;
}
