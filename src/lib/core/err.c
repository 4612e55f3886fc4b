/* SPDX-License-Identifier: MIT */
/* Diagnostics, program name and checked allocation. */
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dp.h"
#include "progress_board.h"

static const char *progname = "dp";
/* Set by the first thread that ends the process through dp_die. */
static atomic_flag ending = ATOMIC_FLAG_INIT;
static _Thread_local int ending_here;

/* Remember argv[0]'s base name and put SIGPIPE back to its default, so a
 * closed pipe ends the program quietly even if the parent ignored it. */
void
dp_init(const char *argv0)
{
	const char *slash = argv0 ? strrchr(argv0, '/') : NULL;

	if (argv0)
		progname = slash ? slash + 1 : argv0;
	signal(SIGPIPE, SIG_DFL);
}

/* See dp.h. */
void
dp_catch_signal(int sig, void (*handler)(int))
{
	struct sigaction sa;

	if (sigaction(sig, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN)
		return;
	signal(sig, handler);
}

/* The name diagnostics start with. */
const char *
dp_progname(void)
{
	return progname;
}

/* The common body: prefix, optional location, message, optional errno. */
static void
vreport(const char *file, long long line, const char *fmt, va_list ap)
{
	int saved = errno;
	size_t len = strlen(fmt);

	dp_board_message_begin();
	fprintf(stderr, "%s: ", progname);
	if (file) {
		if (line > 0)
			fprintf(stderr, "%s:%lld: ", file, line);
		else
			fprintf(stderr, "%s: ", file);
	}
	vfprintf(stderr, fmt, ap);
	if (len > 0 && fmt[len - 1] == ':')
		fprintf(stderr, " %s", strerror(saved));
	fputc('\n', stderr);
	dp_board_message_end();
}

/* "prog: message", with ": strerror" when fmt ends in ':'. */
void
dp_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(NULL, 0, fmt, ap);
	va_end(ap);
}

/* See dp.h. */
int
dp_exit_claim(void)
{
	if (!ending_here && atomic_flag_test_and_set(&ending))
		return 0;
	ending_here = 1;
	return 1;
}

/* Let one thread end the process: another thread that dies meanwhile
 * waits for the end silently, so that atexit handlers (which remove a
 * dataset's partial files) never run twice at once. */
static void
claim_exit(void)
{
	if (!dp_exit_claim())
		for (;;)
			pause();
}

/* dp_warn, then exit with `status`. */
void
dp_die(int status, const char *fmt, ...)
{
	va_list ap;

	claim_exit();
	va_start(ap, fmt);
	vreport(NULL, 0, fmt, ap);
	va_end(ap);
	exit(status);
}

/* "prog: file:line: message". */
void
dp_vwarn_at(const char *file, long long line, const char *fmt, va_list ap)
{
	vreport(file ? file : "<stdin>", line, fmt, ap);
}

/* dp_warn_at, then exit with `status`. */
void
dp_die_at(int status, const char *file, long long line, const char *fmt, ...)
{
	va_list ap;

	claim_exit();
	va_start(ap, fmt);
	dp_vwarn_at(file, line, fmt, ap);
	va_end(ap);
	exit(status);
}

/* Variadic form of dp_vwarn_at. */
void
dp_warn_at(const char *file, long long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	dp_vwarn_at(file, line, fmt, ap);
	va_end(ap);
}

/* malloc that never returns NULL: out of memory is exit 5. */
void *
dp_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		dp_die(DP_EXIT_INTERNAL, "out of memory");
	return p;
}

/* realloc that never returns NULL. */
void *
dp_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		dp_die(DP_EXIT_INTERNAL, "out of memory");
	return q;
}

/* See dp.h. */
void *
dp_xgrow_full(void *p, size_t *cap, size_t need, size_t elem)
{
	size_t n = *cap ? *cap : 16;

	while (n < need && n <= SIZE_MAX / 2)
		n *= 2;
	if (n < need || n > SIZE_MAX / elem)
		dp_die(DP_EXIT_INTERNAL, "out of memory");
	*cap = n;
	return dp_xrealloc(p, n * elem);
}

/* strdup that never returns NULL. */
char *
dp_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(dp_xmalloc(n), s, n);
}
