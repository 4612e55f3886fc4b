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
 * using it still fails with EBADF as a closed one does. Without a
 * /dev/null (a bare chroot), they stay closed. */
static void
keep_standard_fds(void)
{
	for (int fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
			continue;
		int got = open("/dev/null", fd ? O_RDONLY : O_WRONLY);
		if (got >= 0 && got != fd)
			close(got);	/* cannot be: the lowest is taken */
		if (got != fd)
			return;		/* no /dev/null: as it was */
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

/* A message being made: in a fixed buffer, written out whole with one
 * write(2) (so parallel jobs sharing a stderr never mix their lines),
 * or in pieces when it passes the buffer. No allocation: a message
 * must get out when memory has run out. */
struct line {
	char buf[4096];
	size_t len;
};

/* See dp.h. */
void
dp_stderr_put(const void *p, size_t n)
{
	const char *s = p;
	size_t off = 0;

	while (off < n) {
		ssize_t w = write(STDERR_FILENO, s + off, n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;	/* nowhere to say so */
		off += (size_t)w;
	}
}

/* Write what the line holds, and empty it. */
static void
line_flush(struct line *l)
{
	dp_stderr_put(l->buf, l->len);
	l->len = 0;
}

/* Append s[0..n) to the line as it is. */
static void
line_add(struct line *l, const char *s, size_t n)
{
	while (n > 0) {
		size_t k = sizeof l->buf - l->len;
		if (k == 0) {
			line_flush(l);
			continue;
		}
		if (k > n)
			k = n;
		memcpy(l->buf + l->len, s, k);
		l->len += k;
		s += k;
		n -= k;
	}
}

/* Append s[0..n) so that no byte of it can speak to the terminal or
 * forge a line: control characters (but tab), DEL, the C1 controls and
 * bytes that are not UTF-8 become escapes (\n, \x1B, \u009B), since
 * messages quote records, file and field names. */
static void
line_add_clean(struct line *l, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp = 0;
		size_t len = c < 0x80 ? 1 : dp_utf8_next(s + i, n - i, &cp);
		char e[8];
		if (c >= 0x80 && len && cp >= 0xA0) {
			line_add(l, s + i, len);
		} else if (c >= 0x80 && len) {	/* U+0080..U+009F */
			char u[] = { '\\', 'u', '0', '0', hex[cp >> 4 & 15],
				     hex[cp & 15] };
			line_add(l, u, sizeof u);
		} else if (c == '\n' || c == '\r') {
			line_add(l, c == '\n' ? "\\n" : "\\r", 2);
			len = 1;
		} else if (c >= 0x80 || c == 0x7F || (c < 0x20 && c != '\t')) {
			e[0] = '\\', e[1] = 'x', e[2] = hex[c >> 4];
			e[3] = hex[c & 15];
			line_add(l, e, 4);
			len = 1;
		} else {
			line_add(l, s + i, 1);
		}
		i += len;
	}
}

/* Write "prog: [file[:line]: ]" and fmt's text made clean, then " why"
 * if not NULL, and a newline, as one write when it fits. */
static void
say(const char *file, long long line, const char *why, const char *fmt,
    va_list ap)
{
	char small[2048], *text = small;
	struct line l;
	va_list again;
	int n;

	l.len = 0;
	va_copy(again, ap);
	n = vsnprintf(small, sizeof small, fmt, ap);
	if (n >= (int)sizeof small && (text = malloc((size_t)n + 1)))
		vsnprintf(text, (size_t)n + 1, fmt, again);
	else if (n >= (int)sizeof small)
		text = small, n = sizeof small - 1;	/* cut, not lost */
	va_end(again);
	line_add_clean(&l, progname, strlen(progname));
	line_add(&l, ": ", 2);
	if (file) {
		line_add_clean(&l, file, strlen(file));
		if (line > 0) {
			char num[32];
			int k = snprintf(num, sizeof num, ":%lld", line);
			line_add(&l, num, (size_t)k);
		}
		line_add(&l, ": ", 2);
	}
	if (n > 0)
		line_add_clean(&l, text, (size_t)n);
	if (why) {
		line_add(&l, " ", 1);
		line_add(&l, why, strlen(why));
	}
	line_add(&l, "\n", 1);
	fflush(stderr);		/* what stdio holds goes first */
	line_flush(&l);
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
