/* SPDX-License-Identifier: MIT */
/*
 * failnth: an LD_PRELOAD shim for the fault tests of dp-to-parquet's
 * dataset commit (tests/integration/dataset-commit.sh builds it with cc).
 * It counts calls of chosen file-system operations and, at the Nth one,
 * fails it or stops the process there; it can also fail every call of
 * an operation, to play a file system without hard links.
 *
 *   FAILNTH_N=N         act at the Nth counted call (unset or 0: never)
 *   FAILNTH_ACTION=A    fail (default): the call returns -1 with
 *                       FAILNTH_ERRNO and does nothing; kill:
 *                       raise(SIGKILL) before the call; term:
 *                       raise(SIGTERM), then make the call; int: the
 *                       same with SIGINT
 *   FAILNTH_ERRNO=E     ENOSPC (default), EDQUOT, EIO, EROFS, EACCES,
 *                       EPERM, EINVAL, ENOSYS or ENOTDIR
 *   FAILNTH_OPS=LIST    the operations counted, comma-separated, of
 *                       mkdir (mkdir, mkdirat), link (link, linkat),
 *                       rename (rename, renameat, renameat2), fsync
 *                       (fsync, fdatasync), create (open and openat with
 *                       O_CREAT), unlink (unlink, unlinkat, rmdir);
 *                       default all but unlink
 *   FAILNTH_PATH=S      count only calls on a path containing S (for
 *                       fsync the descriptor's path)
 *   FAILNTH_COUNT=FILE  at exit, write the number of counted calls there
 *   FAILNTH_NOSYNC=1    fsync and fdatasync return 0 without syncing
 *                       (still counted): fast runs on a disk
 *   FAILNTH_DELAY=MS    sleep MS milliseconds before each link or rename,
 *                       to widen the windows concurrent writers race in
 *   FAILNTH_ALWAYS=LIST every call of these fails, as OP=ERRNO
 *                       (comma-separated): link, noreplace (renameat2
 *                       with RENAME_NOREPLACE), exchange (renameat2
 *                       with RENAME_EXCHANGE)
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#endif
#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

static long counted;

/* An errno by name; ENOSPC for an unknown or missing one. */
static int
errno_named(const char *s)
{
	static const struct { const char *name; int value; } names[] = {
		{ "ENOSPC", ENOSPC }, { "EDQUOT", EDQUOT }, { "EIO", EIO },
		{ "EROFS", EROFS }, { "EACCES", EACCES }, { "EPERM", EPERM },
		{ "EINVAL", EINVAL }, { "ENOSYS", ENOSYS },
		{ "ENOTDIR", ENOTDIR },
	};

	for (size_t i = 0; s && i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(s, names[i].name))
			return names[i].value;
	return ENOSPC;
}

/* Does the comma-separated list contain the word? */
static int
listed(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; p && *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len >= n && !strncmp(p, word, n) &&
		    (len == n || p[n] == '='))
			return 1;
		p = end ? end + 1 : NULL;
	}
	return 0;
}

/* FAILNTH_ALWAYS: the errno to fail op with, or 0. */
static int
always(const char *op)
{
	const char *list = getenv("FAILNTH_ALWAYS");
	size_t n = strlen(op);

	for (const char *p = list; p && *p;) {
		if (!strncmp(p, op, n) && p[n] == '=') {
			char name[32];
			size_t k = strcspn(p + n + 1, ",");
			if (k >= sizeof name)
				k = sizeof name - 1;
			memcpy(name, p + n + 1, k);
			name[k] = '\0';
			return errno_named(name);
		}
		p = strchr(p, ',');
		p = p ? p + 1 : NULL;
	}
	return 0;
}

/* The path of dirfd/path, as far as it can be told. */
static void
full_path(int dirfd, const char *path, char *out, size_t size)
{
	char link[64];
	ssize_t n;

	if (!path) {
		snprintf(link, sizeof link, "/proc/self/fd/%d", dirfd);
		n = readlink(link, out, size - 1);
		out[n > 0 ? n : 0] = '\0';
		return;
	}
	if (path[0] == '/' || dirfd == AT_FDCWD) {
		snprintf(out, size, "%s", path);
		return;
	}
	snprintf(link, sizeof link, "/proc/self/fd/%d", dirfd);
	n = readlink(link, out, size - 1);
	if (n < 0)
		n = 0;
	snprintf(out + n, size - (size_t)n, "/%s", path);
}

/* FAILNTH_DELAY: wait before a link or rename. */
static void
delay(void)
{
	const char *ms = getenv("FAILNTH_DELAY");

	if (ms && atol(ms) > 0)
		usleep((useconds_t)atol(ms) * 1000);
}

/* Count a call of op on dirfd/path (path NULL: the descriptor itself);
 * 0 to make the call, or -1 with errno set to fail it. */
static int
step(const char *op, int dirfd, const char *path)
{
	const char *ops = getenv("FAILNTH_OPS");
	const char *only = getenv("FAILNTH_PATH");
	const char *nth = getenv("FAILNTH_N");
	const char *action = getenv("FAILNTH_ACTION");
	char where[PATH_MAX + 64];

	if (ops ? !listed(ops, op) : !strcmp(op, "unlink"))
		return 0;
	if (only && *only) {
		full_path(dirfd, path, where, sizeof where);
		if (!strstr(where, only))
			return 0;
	}
	long k = __atomic_add_fetch(&counted, 1, __ATOMIC_SEQ_CST);
	if (!nth || atol(nth) != k)
		return 0;
	if (action && !strcmp(action, "kill"))
		raise(SIGKILL);
	if (action && (!strcmp(action, "term") || !strcmp(action, "int"))) {
		raise(!strcmp(action, "term") ? SIGTERM : SIGINT);
		return 0;
	}
	errno = errno_named(getenv("FAILNTH_ERRNO"));
	return -1;
}

__attribute__((destructor)) static void
write_count(void)
{
	const char *file = getenv("FAILNTH_COUNT");
	FILE *f;

	if (file && *file && (f = fopen(file, "w"))) {
		fprintf(f, "%ld\n", counted);
		fclose(f);
	}
}

/* The next definition of name (libc's), as real_name; the object
 * pointer is copied into the function pointer as POSIX's dlsym(3)
 * suggests. */
#define REAL(name) \
	static __typeof__(name) *real_##name; \
	if (!real_##name) { \
		void *sym = dlsym(RTLD_NEXT, #name); \
		memcpy(&real_##name, &sym, sizeof sym); \
	}

int
mkdir(const char *path, mode_t mode)
{
	REAL(mkdir);
	return step("mkdir", AT_FDCWD, path) ? -1 : real_mkdir(path, mode);
}

int
mkdirat(int dirfd, const char *path, mode_t mode)
{
	REAL(mkdirat);
	return step("mkdir", dirfd, path) ? -1 :
		real_mkdirat(dirfd, path, mode);
}

int
link(const char *from, const char *to)
{
	int e = always("link");

	REAL(link);
	if (e) {
		errno = e;
		return -1;
	}
	delay();
	return step("link", AT_FDCWD, to) ? -1 : real_link(from, to);
}

int
linkat(int fromfd, const char *from, int tofd, const char *to, int flags)
{
	int e = always("link");

	REAL(linkat);
	if (e) {
		errno = e;
		return -1;
	}
	delay();
	return step("link", tofd, to) ? -1 :
		real_linkat(fromfd, from, tofd, to, flags);
}

int
rename(const char *from, const char *to)
{
	REAL(rename);
	delay();
	return step("rename", AT_FDCWD, to) ? -1 : real_rename(from, to);
}

int
renameat(int fromfd, const char *from, int tofd, const char *to)
{
	REAL(renameat);
	delay();
	return step("rename", tofd, to) ? -1 :
		real_renameat(fromfd, from, tofd, to);
}

int
renameat2(int fromfd, const char *from, int tofd, const char *to,
	  unsigned flags)
{
	int e = 0;

	if (flags & RENAME_NOREPLACE)
		e = always("noreplace");
	if (flags & RENAME_EXCHANGE)
		e = always("exchange");
	if (e) {
		errno = e;
		return -1;
	}
	delay();
	if (step("rename", tofd, to))
		return -1;
	return (int)syscall(SYS_renameat2, fromfd, from, tofd, to, flags);
}

/* Is FAILNTH_NOSYNC set? */
static int
nosync(void)
{
	const char *v = getenv("FAILNTH_NOSYNC");

	return v && *v && strcmp(v, "0");
}

int
fsync(int fd)
{
	REAL(fsync);
	if (step("fsync", fd, NULL))
		return -1;
	return nosync() ? 0 : real_fsync(fd);
}

int
fdatasync(int fd)
{
	REAL(fdatasync);
	if (step("fsync", fd, NULL))
		return -1;
	return nosync() ? 0 : real_fdatasync(fd);
}

int
open(const char *path, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;

	REAL(open);
	va_start(ap, flags);
	if (flags & (O_CREAT | O_TMPFILE))
		mode = va_arg(ap, mode_t);
	va_end(ap);
	if ((flags & O_CREAT) && step("create", AT_FDCWD, path))
		return -1;
	return real_open(path, flags, mode);
}

int
openat(int dirfd, const char *path, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;

	REAL(openat);
	va_start(ap, flags);
	if (flags & (O_CREAT | O_TMPFILE))
		mode = va_arg(ap, mode_t);
	va_end(ap);
	if ((flags & O_CREAT) && step("create", dirfd, path))
		return -1;
	return real_openat(dirfd, path, flags, mode);
}

int
unlink(const char *path)
{
	REAL(unlink);
	return step("unlink", AT_FDCWD, path) ? -1 : real_unlink(path);
}

int
unlinkat(int dirfd, const char *path, int flags)
{
	REAL(unlinkat);
	return step("unlink", dirfd, path) ? -1 :
		real_unlinkat(dirfd, path, flags);
}

int
rmdir(const char *path)
{
	REAL(rmdir);
	return step("unlink", AT_FDCWD, path) ? -1 : real_rmdir(path);
}
