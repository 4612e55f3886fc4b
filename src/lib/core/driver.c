/* SPDX-License-Identifier: MIT */
/* The skeleton every program shares (dp_main in dp.h): options with ids
 * the driver assigns, the shared options, output and rejects set-up, the
 * record loop and the exit status. */
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "dp.h"

/* What the shared options' callbacks change. */
struct driver {
	const struct dp_program *p;
	struct dp_common common;
};

/* --rejects FILE: keep bad records there, and go on. */
static void
set_rejects(void *ctx, const char *arg)
{
	struct driver *d = ctx;

	d->common.rejects = arg;
	d->common.keep_going = 1;
}

/* --help: the program's help on stdout, exit 0. */
static void
show_help(void *ctx, const char *arg)
{
	struct driver *d = ctx;

	(void)arg;
	dp_program_help(d->p);
	dp_out_finish();
	exit(DP_EXIT_OK);
}

/* --version: "prog (dp) VERSION", exit 0. */
static void
show_version(void *ctx, const char *arg)
{
	(void)ctx;
	(void)arg;
	printf("%s (dp) %s\n", dp_progname(), DP_VERSION);
	dp_out_finish();
	exit(DP_EXIT_OK);
}

const struct dp_option dp_common_options[] = {
	DP_OPT_FLAG("keep-going", 0, "skip bad records instead of stopping at "
		    "the first", struct driver, common.keep_going),
	DP_OPT_CALL("rejects", 0, "FILE", "append bad records to FILE as "
		    "NDJSON (implies --keep-going)", set_rejects),
	DP_OPT_INT("max-rejects", 0, "N", "exit 1 once more than N records "
		   "are rejected", struct driver, common.max_rejects, 0,
		   LLONG_MAX),
	DP_OPT_FLAG("unbuffered", 0, "flush output after every record",
		    struct driver, common.unbuffered),
	DP_OPT_FLAG("progress", 0, "report records, bytes, rate and time on "
		    "stderr", struct driver, common.progress),
	DP_OPT_CALL("help", 0, NULL, "display this help and exit", show_help),
	DP_OPT_CALL("version", 0, NULL, "output version information and exit",
		    show_version),
	DP_OPT_END
};

/* An option found by getopt_long: its entry and its group's context. */
struct slot {
	const struct dp_option *o;
	void *ctx;
};

/* Store the value of option o, given as arg, into ctx. */
static void
apply(const struct dp_option *o, void *ctx, const char *arg)
{
	char *field = (char *)ctx + o->offset;
	char name[128];

	snprintf(name, sizeof name, "--%s", o->name);
	switch (o->kind) {
	case DP_OPTION_FLAG:
		*(int *)(void *)field = 1;
		break;
	case DP_OPTION_STRING:
		*(const char **)(void *)field = arg;
		break;
	case DP_OPTION_INT:
		*(int *)(void *)field = (int)dp_parse_int_option(name, arg,
								   o->min,
								   o->max);
		break;
	case DP_OPTION_LLONG:
		*(long long *)(void *)field = dp_parse_int_option(name, arg,
								  o->min,
								  o->max);
		break;
	case DP_OPTION_DOUBLE:
		*(double *)(void *)field = dp_parse_double_option(name, arg,
								  o->fmin,
								  o->fmax);
		break;
	case DP_OPTION_BYTES:
		*(long long *)(void *)field = dp_parse_size_option(name, arg,
								   o->min,
								   o->max);
		break;
	case DP_OPTION_BYTES_SIZE:
		*(size_t *)(void *)field =
			(size_t)dp_parse_size_option(name, arg, o->min, o->max);
		break;
	case DP_OPTION_CALL:
		o->set(ctx, arg);
		break;
	}
}

/* Add the options of group g to the getopt tables: long options get the
 * ids from 256 on, in turn; short ones are their letter. */
static void
add_group(const struct dp_option *opts, void *ctx, struct option *lo,
	  struct slot *slots, size_t *n, struct dp_buf *shorts,
	  struct slot *by_letter)
{
	for (const struct dp_option *o = opts; o->name; o++) {
		int has_arg = o->arg ? required_argument : no_argument;

		for (size_t i = 0; i < *n; i++)
			if (strcmp(lo[i].name, o->name) == 0)
				dp_die(DP_EXIT_INTERNAL, "option --%s defined "
				       "twice", o->name);
		lo[*n] = (struct option){ o->name, has_arg, NULL,
					  256 + (int)*n };
		slots[*n] = (struct slot){ o, ctx };
		(*n)++;
		if (o->letter) {
			unsigned char l = (unsigned char)o->letter;
			if (by_letter[l].o)
				dp_die(DP_EXIT_INTERNAL, "option -%c defined "
				       "twice", o->letter);
			by_letter[l] = (struct slot){ o, ctx };
			dp_buf_addc(shorts, (char)o->letter);
			if (o->arg)
				dp_buf_addc(shorts, ':');
		}
	}
}

/* The number of options in table opts. */
static size_t
count(const struct dp_option *opts)
{
	size_t n = 0;

	while (opts && opts[n].name)
		n++;
	return n;
}

/* Parse the command line into the groups' contexts and d->common;
 * returns the index of the first operand. */
static int
parse(struct driver *d, int argc, char **argv)
{
	const struct dp_program *p = d->p;
	size_t total = count(dp_common_options), n = 0;
	struct slot by_letter[256] = { { 0 } };
	struct dp_buf shorts = { 0 };
	struct option *lo;
	struct slot *slots;
	int c;

	for (size_t g = 0; g < sizeof p->groups / sizeof p->groups[0]; g++)
		total += count(p->groups[g].options);
	lo = dp_xmalloc((total + 1) * sizeof *lo);
	slots = dp_xmalloc(total * sizeof *slots);
	for (size_t g = 0; g < sizeof p->groups / sizeof p->groups[0]; g++)
		if (p->groups[g].options)
			add_group(p->groups[g].options, p->groups[g].ctx, lo,
				  slots, &n, &shorts, by_letter);
	add_group(dp_common_options, d, lo, slots, &n, &shorts, by_letter);
	lo[n] = (struct option){ NULL, 0, NULL, 0 };
	dp_buf_cstr(&shorts);
	while ((c = getopt_long(argc, argv, shorts.data, lo, NULL)) != -1) {
		const struct slot *s = NULL;

		if (c >= 256 && (size_t)(c - 256) < n)
			s = &slots[c - 256];
		else if (c > 0 && c < 256 && by_letter[c].o)
			s = &by_letter[c];
		if (!s)
			dp_usage_error(NULL);
		apply(s->o, s->ctx, optarg);
	}
	free(lo);
	free(slots);
	dp_buf_free(&shorts);
	return optind;
}

/* See dp.h. */
const char *
dp_record_text(const struct dp_record *r, size_t *n)
{
	return dp_records_text(r->from, n);
}

/* See dp.h. */
json_t *
dp_record_json(const struct dp_record *r)
{
	return r->json ? r->json : dp_records_json(r->from);
}

/* See dp.h. */
void
dp_each_record(int nfiles, char **files, int spans, int vectors,
	       void (*fn)(void *ctx, const struct dp_record *r), void *ctx)
{
	struct dp_records *in = dp_records_open(nfiles, files);
	struct dp_record r = { .from = in };

	if (vectors)
		dp_records_want_vec(in);
	while ((r.scan = dp_records_scan(in, &r.file, &r.line))) {
		r.json = spans ? NULL : dp_records_json(in);
		fn(ctx, &r);
	}
	dp_records_close(in);
}

int
dp_main(const struct dp_program *p, int argc, char **argv)
{
	struct driver d = { .p = p };
	int first, status = DP_EXIT_OK;

	dp_init(argv[0]);
	dp_common_init(&d.common);
	first = parse(&d, argc, argv);
	if (p->check)
		first += p->check(p->ctx, argc - first, argv + first);
	if (!p->stdout_on_request)
		dp_out_init(d.common.unbuffered);
	dp_rejects_init(&d.common);
	if (d.common.progress)
		dp_progress_start();
	if (p->start)
		p->start(p->ctx, &d.common);
	if (p->record) {
		dp_each_record(argc - first, argv + first, p->spans,
			       p->vectors, p->record, p->ctx);
	} else if (p->run) {
		status = p->run(p->ctx, argc - first, argv + first);
	}
	if (p->end) {
		int end_status = p->end(p->ctx);
		if (status == DP_EXIT_OK)
			status = end_status;
	}
	dp_out_finish();
	dp_progress_finish();
	dp_rejects_finish();
	return status;
}
