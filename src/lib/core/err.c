/* SPDX-License-Identifier: MIT */
/* Diagnostics, program name and checked allocation. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dp.h"
#include "progress_board.h"

static const char *progname = "dp";
/* Set by the first thread that ends the process through dp_die. */
static atomic_flag ending = ATOMIC_FLAG_INIT;
static _Thread_local int ending_here;

/* Hold each of descriptors 0, 1 and 2 that is closed with /dev/null
 * opened the wrong way round (standard input write-only, the outputs
 * read-only), so that no file the program opens (--rejects, a
 * dataset's lock) takes its place and its records or messages, while
 * using it still fails with EBADF as a closed one does. */
static void
keep_standard_fds(void)
{
	for (int fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
			continue;
		int got = open("/dev/null", fd ? O_RDONLY : O_WRONLY);
		if (got != fd)
			_exit(DP_EXIT_USAGE);	/* nowhere to say so */
	}
}

/* Remember argv[0]'s base name, make sure descriptors 0-2 are open, and
 * put SIGPIPE back to its default, so a closed pipe ends the program
 * quietly even if the parent ignored it. */
void
dp_init(const char *argv0)
{
	const char *slash = argv0 ? strrchr(argv0, '/') : NULL;

	if (argv0)
		progname = slash ? slash + 1 : argv0;
	signal(SIGPIPE, SIG_DFL);
	keep_standard_fds();
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

/* Write s[0..n) to stderr so that no byte of it can speak to the
 * terminal or forge a line: control characters (but tab), DEL, the C1
 * controls and bytes that are not UTF-8 are written as escapes (\n,
 * \x1B, \u009B), since messages quote records, file and field names. */
static void
put_clean(const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;
		size_t len = c < 0x80 ? 1 : dp_utf8_next(s + i, n - i, &cp);
		if (c >= 0x80 && len && cp >= 0xA0) {
			fwrite(s + i, 1, len, stderr);
		} else if (c >= 0x80 && len) {	/* U+0080..U+009F */
			fprintf(stderr, "\\u%04X", (unsigned)cp);
		} else if (c >= 0x80 || c == 0x7F || (c < 0x20 && c != '\t')) {
			if (c == '\n' || c == '\r')
				fputs(c == '\n' ? "\\n" : "\\r", stderr);
			else
				fprintf(stderr, "\\x%c%c", hex[c >> 4], hex[c & 15]);
			len = 1;
		} else {
			fputc(c, stderr);
		}
		i += len;
	}
}

/* Write "prog: ", then fmt's text made clean (put_clean), then ": " and
 * `why` if not NULL, and a newline. */
static void
say(const char *file, long long line, const char *why, const char *fmt,
    va_list ap)
{
	char small[2048], *text = small;
	va_list again;
	int n;

	va_copy(again, ap);
	n = vsnprintf(small, sizeof small, fmt, ap);
	if (n >= (int)sizeof small && (text = malloc((size_t)n + 1)))
		vsnprintf(text, (size_t)n + 1, fmt, again);
	else if (n >= (int)sizeof small)
		text = small, n = sizeof small - 1;	/* cut, not lost */
	va_end(again);
	put_clean(progname, strlen(progname));
	fputs(": ", stderr);
	if (file) {
		put_clean(file, strlen(file));
		if (line > 0)
			fprintf(stderr, ":%lld", line);
		fputs(": ", stderr);
	}
	if (n > 0)
		put_clean(text, (size_t)n);
	if (why)
		fprintf(stderr, " %s", why);
	fputc('\n', stderr);
	if (text != small)
		free(text);
}

/* See dp.h. */
void
dp_vsay(const char *fmt, va_list ap)
{
	say(NULL, 0, NULL, fmt, ap);
}

/* The common body: prefix, optional location, message, optional errno. */
static void
vreport(const char *file, long long line, const char *fmt, va_list ap)
{
	int saved = errno;
	size_t len = strlen(fmt);

	dp_board_message_begin();
	say(file, line, len > 0 && fmt[len - 1] == ':' ? strerror(saved) :
	    NULL, fmt, ap);
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
