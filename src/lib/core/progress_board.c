/* SPDX-License-Identifier: MIT */
/* The progress board (progress_board.h). The programs of one pipeline
 * share a small file, named by the user, the terminal and the process
 * group, mapped into each: a table of lines, one per program showing
 * progress. Whoever draws takes the file's lock and draws every line,
 * so the block looks the same whoever drew it last. Between draws the
 * cursor stays at the start of the block's first line; a message (or a
 * record written to the terminal) clears the block, prints, and draws
 * it again below. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dp.h"
#include "progress_board.h"

#define BOARD_MAGIC 0x31627064u	/* "dpb1" */
#define BOARD_LINES 16
#define BOARD_TEXT 240

struct board_line {
	int32_t pid;		/* its program, or 0 when free */
	char text[BOARD_TEXT];
};

struct board {
	uint32_t magic;
	struct board_line line[BOARD_LINES];
};

/* The file lock keeps other programs out; this keeps out the other
 * threads of this one (a message from dp-to-parquet's write thread).
 * Recursive: a failed write of a record to the terminal ends in a
 * message while the record holds it. */
static pthread_mutex_t board_mutex = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;

/* The board this program has a line on (joined), else NULL. */
static struct board *joined;
static int joined_fd = -1;
static int joined_line = -1;
static char joined_path[PATH_MAX];

/* The board file's name for this terminal and process group; -1 when
 * stderr is not a terminal. */
static int
board_path(char *path, size_t size)
{
	struct stat st;
	const char *dir = getenv("TMPDIR");

	if (!isatty(STDERR_FILENO) || fstat(STDERR_FILENO, &st) != 0)
		return -1;
	if (!dir || !*dir)
		dir = "/tmp";
	int n = snprintf(path, size, "%s/dp-progress-%ld-%llx-%ld", dir,
			 (long)geteuid(), (unsigned long long)st.st_rdev,
			 (long)getpgrp());
	return n > 0 && (size_t)n < size ? 0 : -1;
}

/* Open and map the board at path (making it when create), locked;
 * returns it with *fd set, or NULL. A file that is not a private
 * regular file of ours of the board's size is never used. */
static struct board *
board_open(const char *path, int create, int *fd)
{
	struct stat st, now;
	struct board *b;

	for (;;) {
		*fd = open(path, O_RDWR | O_NOFOLLOW | O_CLOEXEC |
			   (create ? O_CREAT : 0), 0600);
		if (*fd < 0)
			return NULL;
		if (flock(*fd, LOCK_EX) != 0 || fstat(*fd, &st) != 0)
			goto fail;
		/* The last program may have removed it while we waited. */
		if (stat(path, &now) == 0 && now.st_ino == st.st_ino
		    && now.st_dev == st.st_dev)
			break;
		close(*fd);
		if (!create)
			return NULL;
	}
	if (!S_ISREG(st.st_mode) || st.st_uid != geteuid()
	    || (st.st_mode & 077) != 0)
		goto fail;
	if (st.st_size == 0 && ftruncate(*fd, sizeof *b) != 0)
		goto fail;
	if (st.st_size != 0 && st.st_size != (off_t)sizeof *b)
		goto fail;
	b = mmap(NULL, sizeof *b, PROT_READ | PROT_WRITE, MAP_SHARED, *fd, 0);
	if (b == MAP_FAILED)
		goto fail;
	if (b->magic != BOARD_MAGIC) {
		memset(b, 0, sizeof *b);
		b->magic = BOARD_MAGIC;
	}
	return b;
fail:
	close(*fd);
	return NULL;
}

/* Unlock and unmap a board opened by board_open. */
static void
board_close(struct board *b, int fd)
{
	munmap(b, sizeof *b);
	close(fd);
}

/* Free the lines of programs that ended without leaving (killed). */
static void
purge(struct board *b)
{
	for (int i = 0; i < BOARD_LINES; i++) {
		pid_t pid = b->line[i].pid;
		if (pid > 0 && pid != getpid() && kill(pid, 0) != 0
		    && errno == ESRCH)
			b->line[i].pid = 0;
	}
}

/* Write all of s to stderr; a failure to report progress is ignored. */
static void
put(const struct dp_buf *s)
{
	dp_stderr_put(s->data, s->len);
}

/* The room for the block: *cols less one column so no line ever
 * wraps (79 when the terminal does not say), *rows less one so it
 * never scrolls (BOARD_LINES when it does not say). */
static void
room(size_t *cols, int *rows)
{
	struct winsize ws;
	int known = ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0;

	*cols = known && ws.ws_col > 0 ? (ws.ws_col > 1 ? ws.ws_col - 1u : 1)
					: 79;
	*rows = known && ws.ws_row > 0 ? (ws.ws_row > 1 ? ws.ws_row - 1 : 1)
					: BOARD_LINES;
}

/* Draw the board's lines (as many as the terminal has room for) from
 * the cursor (the block's start), clear what is below, and put the
 * cursor back at the start. */
static void
draw(struct board *b)
{
	struct dp_buf s = { 0 };
	size_t w;
	int n = 0, rows;

	room(&w, &rows);
	purge(b);
	dp_buf_addc(&s, '\r');
	for (int i = 0; i < BOARD_LINES && n < rows; i++) {
		if (!b->line[i].pid)
			continue;
		size_t len = strnlen(b->line[i].text, BOARD_TEXT);
		if (n++ > 0)
			dp_buf_addc(&s, '\n');
		dp_buf_add(&s, b->line[i].text, len < w ? len : w);
		dp_buf_adds(&s, "\033[K");
	}
	dp_buf_adds(&s, "\033[J");
	if (n > 1)
		dp_buf_printf(&s, "\033[%dA", n - 1);
	dp_buf_addc(&s, '\r');
	put(&s);
	dp_buf_free(&s);
}

/* Take the block off the screen: the cursor is at its start. */
static void
erase(void)
{
	struct dp_buf s = { 0 };

	dp_buf_adds(&s, "\r\033[J");
	put(&s);
	dp_buf_free(&s);
}

/* See progress_board.h. */
int
dp_board_join(void)
{
	if (board_path(joined_path, sizeof joined_path) != 0)
		return -1;
	joined = board_open(joined_path, 1, &joined_fd);
	if (!joined)
		return -1;
	purge(joined);
	for (int i = 0; i < BOARD_LINES && joined_line < 0; i++)
		if (!joined->line[i].pid)
			joined_line = i;
	if (joined_line < 0) {	/* a full board: plain lines instead */
		board_close(joined, joined_fd);
		joined = NULL;
		return -1;
	}
	joined->line[joined_line].pid = getpid();
	joined->line[joined_line].text[0] = '\0';
	flock(joined_fd, LOCK_UN);
	return 0;
}

/* See progress_board.h. */
void
dp_board_show(const char *text)
{
	pthread_mutex_lock(&board_mutex);
	if (joined && flock(joined_fd, LOCK_EX) == 0) {
		snprintf(joined->line[joined_line].text, BOARD_TEXT, "%s",
			 text);
		draw(joined);
		flock(joined_fd, LOCK_UN);
	}
	pthread_mutex_unlock(&board_mutex);
}

/* See progress_board.h. */
void
dp_board_leave(const char *final)
{
	int empty = 1;

	pthread_mutex_lock(&board_mutex);
	if (!joined || flock(joined_fd, LOCK_EX) != 0) {
		pthread_mutex_unlock(&board_mutex);
		return;
	}
	erase();
	if (final) {
		struct dp_buf s = { 0 };
		dp_buf_printf(&s, "%s\n", final);
		put(&s);
		dp_buf_free(&s);
	}
	joined->line[joined_line].pid = 0;
	draw(joined);
	for (int i = 0; i < BOARD_LINES; i++)
		if (joined->line[i].pid)
			empty = 0;
	if (empty)
		unlink(joined_path);
	board_close(joined, joined_fd);
	joined = NULL;
	joined_line = -1;
	pthread_mutex_unlock(&board_mutex);
}

/* See progress_board.h. */
void
dp_board_abandon(void)
{
	static const char erase_block[] = "\r\033[J";
	int saved = errno, others = 0;

	if (!joined)
		return;
	joined->line[joined_line].pid = 0;
	for (int i = 0; i < BOARD_LINES; i++) {
		pid_t pid = joined->line[i].pid;
		if (pid > 0 && (kill(pid, 0) == 0 || errno != ESRCH))
			others = 1;
	}
	if (!others)
		unlink(joined_path);
	ssize_t w = write(STDERR_FILENO, erase_block, sizeof erase_block - 1);
	(void)w;	/* the program is ending: nothing more to do */
	errno = saved;
}

/* A board opened for one message by a program without a line on it. */
static struct board *visiting;
static int visiting_fd = -1;

/* See progress_board.h. */
void
dp_board_message_begin(void)
{
	char path[PATH_MAX];

	pthread_mutex_lock(&board_mutex);
	if (joined) {
		if (flock(joined_fd, LOCK_EX) == 0)
			erase();
		return;
	}
	if (visiting || board_path(path, sizeof path) != 0)
		return;
	visiting = board_open(path, 0, &visiting_fd);
	if (visiting)
		erase();
}

/* See progress_board.h. */
void
dp_board_message_end(void)
{
	if (joined) {
		draw(joined);
		flock(joined_fd, LOCK_UN);
	} else if (visiting) {
		draw(visiting);
		board_close(visiting, visiting_fd);
		visiting = NULL;
	}
	pthread_mutex_unlock(&board_mutex);
}
