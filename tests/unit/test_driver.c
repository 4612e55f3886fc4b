/* SPDX-License-Identifier: MIT */
/* The program driver (core/driver.c) and its --help layout (core/help.c):
 * each case runs dp_main in a child process and checks its stdout,
 * stderr and exit status. */
#include <limits.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dp.h"
#include "unit.h"

struct values {
	int flag, small;
	long long big;
	double ratio;
	const char *name, *called;
	int operands;
};

/* --call ARG */
static void
set_called(void *ctx, const char *arg)
{
	((struct values *)ctx)->called = arg;
}

static const struct dp_option test_options[] = {
	DP_OPT_FLAG("flag", 'f', "a flag", struct values, flag),
	DP_OPT_INT("small", 's', "N", "an int from -3 to 3", struct values,
		   small, -3, 3),
	DP_OPT_INT("big", 0, "N", "a long long from 0 up", struct values,
		   big, 0, LLONG_MAX),
	DP_OPT_DOUBLE("ratio", 0, "R", "a number from 0 to 1", struct values,
		      ratio, 0, 1),
	DP_OPT_STRING("name", 'n', "TEXT", "a string kept as given",
		      struct values, name),
	DP_OPT_CALL("call", 0, "ARG", "handled by a function", set_called),
	DP_OPT_CALL("a-very-long-option-name", 0, "VALUE", "its help goes on "
		    "the next line, and this sentence is long enough to be "
		    "wrapped at the seventy-ninth column", set_called),
	DP_OPT_END
};

static struct values v = { .big = -1, .ratio = -1 };

/* Print what the options set, and how many operands there were. */
static int
run(void *ctx, int argc, char **argv)
{
	struct values *x = ctx;

	(void)argv;
	printf("flag=%d small=%d big=%lld ratio=%g name=%s called=%s "
	       "operands=%d\n", x->flag, x->small, x->big, x->ratio,
	       x->name ? x->name : "-", x->called ? x->called : "-", argc);
	return 7;
}

static const struct dp_program test_program = {
	.synopsis = "[OPTION]... [FILE]...",
	.about = "A program for the driver's tests.\n",
	.epilog = "The end.\n",
	.groups = { { test_options, &v } },
	.ctx = &v,
	.run = run
};

static const struct dp_option clash_options[] = {
	DP_OPT_FLAG("keep-going", 0, "clashes with a shared option",
		    struct values, flag),
	DP_OPT_END
};

static const struct dp_program clash_program = {
	.synopsis = "",
	.about = "",
	.groups = { { clash_options, &v } },
	.run = run
};

/* Print each record's line number and its text, or "-" when the
 * driver gives none (the line is not compact JSON). */
static void
show_record(void *ctx, const struct dp_record *r)
{
	size_t n = 0;
	const char *text = dp_record_text(r, &n);

	(void)ctx;
	printf("%lld %.*s\n", r->line, text ? (int)n : 1, text ? text : "-");
}

static const struct dp_program filter_program = {
	.synopsis = "[FILE]...",
	.about = "",
	.record = show_record
};

struct sizes {
	long long memory;
	size_t page;
};

static const struct dp_option size_options[] = {
	DP_OPT_BYTES("memory", 0, "BYTES", "a long long byte count",
		     struct sizes, memory, 65536, LLONG_MAX),
	DP_OPT_BYTES("page", 0, "BYTES", "a size_t byte count", struct sizes,
		     page, 1, 1LL << 30),
	DP_OPT_END
};

static struct sizes sz;

/* Print the byte counts the options set. */
static int
run_sizes(void *ctx, int argc, char **argv)
{
	struct sizes *x = ctx;

	(void)argc;
	(void)argv;
	printf("memory=%lld page=%zu\n", x->memory, x->page);
	return 0;
}

static const struct dp_program size_program = {
	.synopsis = "",
	.about = "",
	.groups = { { size_options, &sz } },
	.ctx = &sz,
	.run = run_sizes
};

struct outcome {
	char out[4096], err[4096];
	int status;
};

/* Read fd to its end into buf (NUL-terminated, cut at size - 1). */
static void
slurp(int fd, char *buf, size_t size)
{
	size_t n = 0;
	ssize_t r;

	while ((r = read(fd, buf + n, size - 1 - n)) > 0)
		n += (size_t)r;
	buf[n] = '\0';
}

/* Run dp_main(p) with the NULL-terminated arguments in a child. */
static struct outcome
run_main(const struct dp_program *p, char **args)
{
	struct outcome o = { .status = -1 };
	int out[2], err[2], argc = 0, st;
	pid_t pid;

	while (args[argc])
		argc++;
	if (pipe(out) != 0 || pipe(err) != 0)
		return o;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		dup2(out[1], 1);
		dup2(err[1], 2);
		close(out[0]);
		close(err[0]);
		exit(dp_main(p, argc, args));
	}
	close(out[1]);
	close(err[1]);
	slurp(out[0], o.out, sizeof o.out);
	slurp(err[0], o.err, sizeof o.err);
	close(out[0]);
	close(err[0]);
	waitpid(pid, &st, 0);
	o.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	return o;
}

int
main(void)
{
	struct outcome o;

	o = run_main(&test_program, (char *[]){ "dp-test", "-f", "-s", "-3",
		"--big", "9223372036854775807", "--ratio", "0.25", "-n", "x y",
		"--call=z", "a", "b", NULL });
	CHECK_STR("driver: every kind of option", o.out,
		  "flag=1 small=-3 big=9223372036854775807 ratio=0.25 "
		  "name=x y called=z operands=2\n");
	CHECK("driver: run's status is the exit status", o.status == 7);

	o = run_main(&test_program, (char *[]){ "dp-test", "a", "--flag",
		NULL });
	CHECK_STR("driver: options after operands", o.out,
		  "flag=1 small=0 big=-1 ratio=-1 name=- called=- "
		  "operands=1\n");

	o = run_main(&test_program, (char *[]){ "dp-test", "--small", "4",
		NULL });
	CHECK("driver: int out of range exits 2", o.status == 2);
	CHECK_STR("driver: int out of range message", o.err,
		  "dp-test: --small: not an integer from -3 to 3: '4'\n"
		  "Try 'dp-test --help' for more information.\n");

	o = run_main(&test_program, (char *[]){ "dp-test", "--small",
		"4294967296", NULL });
	CHECK("driver: int past 2^32 is not wrapped", o.status == 2);

	o = run_main(&test_program, (char *[]){ "dp-test", "--ratio", "nan",
		NULL });
	CHECK("driver: nan is not a number option", o.status == 2);

	o = run_main(&test_program, (char *[]){ "dp-test", "--nope", NULL });
	CHECK("driver: unknown option exits 2", o.status == 2 &&
	      strstr(o.err, "Try 'dp-test --help'") != NULL);

	o = run_main(&test_program, (char *[]){ "dp-test", "--max-rejects",
		"-1", NULL });
	CHECK("driver: shared options are checked too", o.status == 2);

	o = run_main(&test_program, (char *[]){ "dp-test", "--version",
		NULL });
	CHECK_STR("driver: --version", o.out, "dp-test (dp) " DP_VERSION "\n");

	o = run_main(&test_program, (char *[]){ "./bin/dp-test", "--help",
		NULL });
	CHECK("driver: --help exits 0", o.status == 0);
	CHECK_STR("driver: --help layout", o.out,
		  "Usage: dp-test [OPTION]... [FILE]...\n"
		  "A program for the driver's tests.\n"
		  "\n"
		  "  -f, --flag           a flag\n"
		  "  -s, --small=N        an int from -3 to 3\n"
		  "      --big=N          a long long from 0 up\n"
		  "      --ratio=R        a number from 0 to 1\n"
		  "  -n, --name=TEXT      a string kept as given\n"
		  "      --call=ARG       handled by a function\n"
		  "      --a-very-long-option-name=VALUE\n"
		  "                       its help goes on the next line, and "
		  "this sentence is\n"
		  "                       long enough to be wrapped at the "
		  "seventy-ninth column\n"
		  "      --keep-going     skip bad records instead of stopping "
		  "at the first\n"
		  "      --rejects=FILE   append bad records to FILE as NDJSON "
		  "(implies\n"
		  "                       --keep-going)\n"
		  "      --max-rejects=N  exit 1 once more than N records are "
		  "rejected\n"
		  "      --unbuffered     flush output after every record\n"
		  "      --progress       report records, bytes, rate and time on "
		  "stderr\n"
		  "      --help           display this help and exit\n"
		  "      --version        output version information and exit\n"
		  "\n"
		  "The end.\n");

	{
		char path[] = "/tmp/test_driver.XXXXXX";
		int fd = mkstemp(path);
		const char *in = "{\"a\":1}\n\n{ \"b\": 2 }\n{\"s\":\"x y\"}\n";

		CHECK("driver: a temporary input", fd >= 0 &&
		      write(fd, in, strlen(in)) == (ssize_t)strlen(in));
		close(fd);
		o = run_main(&filter_program, (char *[]){ "dp-test", path,
			NULL });
		CHECK_STR("driver: records in order, the compact ones' text",
			  o.out, "1 {\"a\":1}\n3 -\n4 {\"s\":\"x y\"}\n");
		CHECK("driver: a filter exits 0", o.status == 0);
		unlink(path);
	}

	o = run_main(&size_program, (char *[]){ "dp-test", "--memory=2M",
		"--page", "64KiB", NULL });
	CHECK_STR("driver: byte counts with a suffix", o.out,
		  "memory=2097152 page=65536\n");
	o = run_main(&size_program, (char *[]){ "dp-test", "--page", "2G",
		NULL });
	CHECK("driver: a byte count over its bound exits 2",
	      o.status == 2 && strstr(o.err, "--page"));
	o = run_main(&size_program, (char *[]){ "dp-test", "--memory", "1K",
		NULL });
	CHECK("driver: a byte count under its bound exits 2", o.status == 2);

	o = run_main(&clash_program, (char *[]){ "dp-test", NULL });
	CHECK("driver: an option defined twice is an internal error",
	      o.status == 5 && strstr(o.err, "--keep-going defined twice"));
	return unit_failures != 0;
}
