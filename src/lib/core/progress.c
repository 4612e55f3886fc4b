/* SPDX-License-Identifier: MIT */
/* --progress: records, bytes, rate and elapsed time on stderr, with a
 * percentage and an ETA when the input's size is known. On a terminal
 * the line is redrawn in place, four times a second, on the board that
 * the pipeline's programs share (progress_board.c); elsewhere it is a
 * plain line every DP_PROGRESS_INTERVAL seconds (default 5). dp(7),
 * PROGRESS, describes what is shown. */
#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dp.h"
#include "progress_board.h"

#define TERMINAL_INTERVAL 0.25
#define PLAIN_INTERVAL 5.0

static struct {
	int on, board, finished;
	pthread_t owner;	/* the thread that reports */
	double t0, last, interval;
	double pass_t0;		/* when this pass over the input began */
	atomic_llong records;	/* counted by any thread */
	long long bytes;
	long long total_bytes;	/* of the input, or -1 when unknown */
	long long total_records;	/* or -1 when unknown */
	void (*detail)(void *ctx, struct dp_buf *b);
	void *detail_ctx;
} pr = { .total_bytes = -1, .total_records = -1 };

/* Seconds on a monotonic clock; a coarse one where there is one, as
 * it is read for every record. */
static double
now(void)
{
	struct timespec ts;

#ifdef CLOCK_MONOTONIC_COARSE
	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
#else
	clock_gettime(CLOCK_MONOTONIC, &ts);
#endif
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* "12.3s", "4:05" or "1:02:03". */
static void
add_duration(struct dp_buf *b, double s)
{
	long long t = (long long)s;

	if (s < 60)
		dp_buf_printf(b, "%.1fs", s);
	else if (t < 3600)
		dp_buf_printf(b, "%lld:%02lld", t / 60, t % 60);
	else
		dp_buf_printf(b, "%lld:%02lld:%02lld", t / 3600, t / 60 % 60,
			      t % 60);
}

/* "850 B", "12.4 kB", "3.1 MB", "2.0 GB" (powers of 1000). */
static void
add_bytes(struct dp_buf *b, double n)
{
	static const char *unit[] = { "B", "kB", "MB", "GB", "TB" };
	int u = 0;

	while (n >= 1000 && u < 4) {
		n /= 1000;
		u++;
	}
	dp_buf_printf(b, u ? "%.1f %s" : "%.0f %s", n, unit[u]);
}

/* The fraction done, from records or bytes, or -1 when unknown. */
static double
fraction(void)
{
	if (pr.total_records > 0)
		return (double)atomic_load(&pr.records)
		       / (double)pr.total_records;
	if (pr.total_bytes > 0)
		return (double)pr.bytes / (double)pr.total_bytes;
	return -1;
}

/* The report: "prog: N records (R/s), SIZE (SIZE/s), ELAPSED[, P%, ETA
 * T][; detail]"; the final one says "in ELAPSED" and has no ETA. */
static void
format(struct dp_buf *b, int final)
{
	double t = now() - pr.t0, f = fraction();
	double pass = now() - pr.pass_t0;	/* rates and ETA: this pass's */
	double el = pass > 1e-3 ? pass : 1e-3;
	long long records = atomic_load(&pr.records);

	dp_buf_printf(b, "%s: %lld record%s (%.0f/s)", dp_progname(),
		      records, records == 1 ? "" : "s", (double)records / el);
	if (pr.bytes > 0) {
		dp_buf_adds(b, ", ");
		add_bytes(b, (double)pr.bytes);
		dp_buf_adds(b, " (");
		add_bytes(b, (double)pr.bytes / el);
		dp_buf_adds(b, "/s)");
	}
	dp_buf_adds(b, final ? " in " : ", ");
	add_duration(b, t);
	if (!final && f >= 0) {
		dp_buf_printf(b, ", %.0f%%", f > 1 ? 100.0 : f * 100);
		if (f > 0.001 && f < 1) {
			dp_buf_adds(b, ", ETA ");
			add_duration(b, pass / f - pass);
		}
	}
	if (pr.detail) {
		dp_buf_adds(b, "; ");
		pr.detail(pr.detail_ctx, b);
	}
}

/* Report now. */
static void
report(int final)
{
	struct dp_buf b = { 0 };

	format(&b, final);
	if (pr.board) {
		if (final)
			dp_board_leave(dp_buf_cstr(&b));
		else
			dp_board_show(dp_buf_cstr(&b));
	} else {
		dp_buf_addc(&b, '\n');
		dp_board_message_begin();
		fwrite(b.data, 1, b.len, stderr);
		dp_board_message_end();
	}
	dp_buf_free(&b);
}

/* At an exit before dp_progress_finish (an error): free the board
 * line, so the other programs' lines close up. */
static void
leave_at_exit(void)
{
	if (pr.board && !pr.finished)
		dp_board_leave(NULL);
}

/* A signal that ends the program: clear the board, then end by it. */
static void
on_signal(int sig)
{
	dp_board_abandon();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* See dp.h. */
void
dp_progress_abandon(void)
{
	dp_board_abandon();
}

/* See dp.h. */
void
dp_progress_start(void)
{
	const char *env = getenv("DP_PROGRESS_INTERVAL");

	pr.on = 1;
	pr.owner = pthread_self();
	pr.t0 = pr.last = pr.pass_t0 = now();
	pr.board = dp_board_join() == 0;
	pr.interval = pr.board ? TERMINAL_INTERVAL : PLAIN_INTERVAL;
	if (pr.board) {
		report(0);	/* the line is there from the start */
		dp_catch_signal(SIGINT, on_signal);
		dp_catch_signal(SIGTERM, on_signal);
		dp_catch_signal(SIGHUP, on_signal);
		dp_catch_signal(SIGPIPE, on_signal);	/* `| head` */
	}
	if (!pr.board && env && (isdigit((unsigned char)*env) ||
				 *env == '.')) {	/* decimal, no sign */
		char *end;
		double v = strtod(env, &end);
		if (*end == '\0' && v > 0 && isfinite(v) &&
		    !strpbrk(env, "xXpPnNiI"))
			pr.interval = v;
	}
	atexit(leave_at_exit);
}

/* See dp.h. */
int
dp_progress_on(void)
{
	return pr.on;
}

/* See dp.h. */
void
dp_progress_expect_files(int n, char **paths)
{
	long long total = 0;
	struct stat st;

	if (!pr.on)
		return;
	for (int i = 0; i < (n > 0 ? n : 1); i++) {
		int r = n > 0 && strcmp(paths[i], "-") != 0
			? stat(paths[i], &st) : fstat(STDIN_FILENO, &st);
		if (r != 0 || !S_ISREG(st.st_mode)) {
			pr.total_bytes = -1;
			return;
		}
		total += (long long)st.st_size;
	}
	pr.total_bytes = (pr.total_bytes > 0 ? pr.total_bytes : 0) + total;
}

/* See dp.h. */
void
dp_progress_restart(void)
{
	atomic_store(&pr.records, 0);
	pr.pass_t0 = now();
	pr.bytes = 0;
	pr.total_bytes = -1;
	pr.total_records = -1;
}

/* See dp.h. */
void
dp_progress_expect_records(long long n)
{
	if (pr.on && n >= 0)
		pr.total_records = (pr.total_records > 0 ? pr.total_records
							 : 0) + n;
}

/* See dp.h. */
void
dp_progress_bytes(size_t n)
{
	pr.bytes += (long long)n;
}

/* See dp.h. */
void
dp_progress_tick(void)
{
	if (!pr.on || !pthread_equal(pthread_self(), pr.owner))
		return;
	double t = now();
	if (t - pr.last < pr.interval)
		return;
	pr.last = t;
	report(0);
}

/* See dp.h. */
void
dp_progress_record(void)
{
	if (!pr.on)
		return;
	atomic_fetch_add_explicit(&pr.records, 1, memory_order_relaxed);
	dp_progress_tick();
}

/* See dp.h. */
void
dp_progress_detail(void (*fn)(void *ctx, struct dp_buf *b), void *ctx)
{
	pr.detail = fn;
	pr.detail_ctx = ctx;
}

/* See dp.h. */
void
dp_progress_finish(void)
{
	if (!pr.on || pr.finished)
		return;
	report(1);
	pr.finished = 1;
}
