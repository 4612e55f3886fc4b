/* SPDX-License-Identifier: MIT */
/* Bad records: stop, or with --keep-going write them to --rejects. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dp.h"

static int keep_going;
static int rejects_fd = -1;
static const char *rejects_path;
static long long max_rejects = -1;
static long long rejected;
static void (*stop_hook)(void *ctx);
static void *stop_ctx;
static struct dp_scan reject_scan;	/* the rejected record, for its origin */
static struct dp_buf reject_place;	/* where it is from, for the message */

/* See dp.h. */
void
dp_rejects_on_stop(void (*fn)(void *ctx), void *ctx)
{
	stop_hook = fn;
	stop_ctx = ctx;
}

/* Before a bad record stops the run: let the program finish the
 * records it accepted earlier (once; a reject inside the hook does not
 * call it again). */
static void
run_stop_hook(void)
{
	void (*fn)(void *ctx) = stop_hook;

	stop_hook = NULL;
	if (fn)
		fn(stop_ctx);
}

/* See dp.h. */
void
dp_rejects_init(const struct dp_common *c)
{
	keep_going = c->keep_going;
	max_rejects = c->max_rejects;
	rejects_path = c->rejects;
	if (!c->rejects)
		return;
	rejects_fd = open(c->rejects, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
			  0666);
	if (rejects_fd < 0)
		dp_die(DP_EXIT_IO, "%s:", c->rejects);
}

/* Write the whole line with one write(2) so that parallel jobs sharing
 * the file (O_APPEND) never interleave inside a line. */
static void
write_reject_line(const struct dp_buf *b)
{
	ssize_t w = write(rejects_fd, b->data, b->len);

	if (w < 0 || (size_t)w != b->len)
		dp_die(DP_EXIT_IO, "%s: write error:", rejects_path);
}

/* See dp.h. */
void
dp_reject(const char *file, long long line, const char *error,
	  const char *record_json, const char *text, size_t n)
{
	const char *shown = file ? file : "<stdin>";
	const char *place;
	int scanned = record_json
		      && dp_scan_line(&reject_scan, record_json, n) == 0;

	place = dp_record_place(&reject_place, shown, line,
				scanned ? &reject_scan : NULL);
	if (!keep_going) {
		run_stop_hook();
		dp_die_at(DP_EXIT_DATA, place, 0, "%s", error);
	}
	rejected++;
	dp_warn_at(place, 0, "%s (record rejected)", error);
	if (rejects_fd >= 0) {
		struct dp_buf b = { 0 };

		dp_buf_adds(&b, "{\"program\":");
		dp_json_cstring(&b, dp_progname());
		dp_buf_adds(&b, ",\"file\":");
		dp_json_cstring(&b, shown);
		dp_buf_adds(&b, ",\"line\":");
		dp_json_int(&b, line);
		dp_buf_adds(&b, ",\"error\":");
		dp_json_cstring(&b, error);
		if (record_json) {
			dp_buf_adds(&b, ",\"record\":");
			dp_buf_add(&b, record_json, n);
		} else if (text) {
			dp_buf_adds(&b, ",\"text\":");
			dp_json_string_lossy(&b, text, n);
		}
		dp_buf_adds(&b, "}\n");
		write_reject_line(&b);
		dp_buf_free(&b);
	}
	if (max_rejects >= 0 && rejected > max_rejects) {
		run_stop_hook();
		dp_warn("stopping: more rejected records than --max-rejects=%lld",
			max_rejects);
		exit(DP_EXIT_DATA);
	}
}

/* See dp.h. */
long long
dp_rejects_finish(void)
{
	if (rejected > 0) {
		if (rejects_path)
			dp_warn("%lld record%s rejected, written to %s",
				rejected, rejected == 1 ? "" : "s",
				rejects_path);
		else
			dp_warn("%lld record%s rejected (use --rejects FILE "
				"to keep them)", rejected,
				rejected == 1 ? "" : "s");
	}
	if (rejects_fd >= 0 && close(rejects_fd) != 0)
		dp_die(DP_EXIT_IO, "%s: close:", rejects_path);
	rejects_fd = -1;
	dp_scan_free(&reject_scan);
	memset(&reject_scan, 0, sizeof reject_scan);
	dp_buf_free(&reject_place);
	return rejected;
}
