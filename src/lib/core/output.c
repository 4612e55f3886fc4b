/* SPDX-License-Identifier: MIT */
/* Record output on stdout: buffered, every write checked. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dp.h"
#include "progress_board.h"

#define OUT_BUFSIZE (256 * 1024)

static char out_buf[OUT_BUFSIZE];
static size_t out_len;
static int out_per_record;
static int out_terminal;	/* stdout is a terminal */

/* Write everything pending; returns 0, or -1 with errno set (full
 * disk, closed stdout). The buffer is empty afterwards either way. */
static int
try_flush(void)
{
	size_t off = 0;

	while (off < out_len) {
		ssize_t w = write(STDOUT_FILENO, out_buf + off, out_len - off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			out_len = 0;
			return -1;
		}
		off += (size_t)w;
	}
	out_len = 0;
	return 0;
}

/* try_flush, where a failure is fatal with exit 3. (EPIPE only gets
 * here if SIGPIPE is ignored, which dp_init undoes.) */
static void
flush_out(void)
{
	if (try_flush() != 0)
		dp_die(DP_EXIT_IO, "write error:");
}

/* At any exit, even one for bad input, the records already accepted
 * still reach stdout. exit() must not be called again from here. */
static void
flush_at_exit(void)
{
	if (try_flush() != 0) {
		dp_warn("write error:");
		_exit(DP_EXIT_IO);
	}
}

/* See dp.h. A closed stdout is reported at once, before any work. */
void
dp_out_init(int unbuffered)
{
	if (fcntl(STDOUT_FILENO, F_GETFL) < 0)
		dp_die(DP_EXIT_IO, "standard output:");
	out_terminal = isatty(STDOUT_FILENO);
	out_per_record = unbuffered || out_terminal;
	atexit(flush_at_exit);
}

/* Append bytes, writing the buffer out whenever it fills. */
void
dp_out_write(const void *p, size_t n)
{
	const char *s = p;

	if (out_len + n > OUT_BUFSIZE) {
		flush_out();
		if (n > OUT_BUFSIZE) {
			while (n > 0) {
				ssize_t w = write(STDOUT_FILENO, s, n);
				if (w < 0) {
					if (errno == EINTR)
						continue;
					dp_die(DP_EXIT_IO, "write error:");
				}
				s += w;
				n -= (size_t)w;
			}
			return;
		}
	}
	memcpy(out_buf + out_len, s, n);
	out_len += n;
}

/* One record line; on a terminal, below any progress board, which is
 * drawn again under it. */
void
dp_out_record(const struct dp_buf *b)
{
	if (out_terminal)
		dp_board_message_begin();
	dp_out_write(b->data, b->len);
	dp_out_write("\n", 1);
	if (out_per_record)
		flush_out();
	if (out_terminal)
		dp_board_message_end();
}

/* Flush what is pending, including anything printed through stdio. */
void
dp_out_finish(void)
{
	if (fflush(stdout) != 0)
		dp_die(DP_EXIT_IO, "write error:");
	flush_out();
}
