/* SPDX-License-Identifier: MIT */
/* Dataset directories: staging, modes, the journaled append, recovery of
 * what dead runs left, cleanup. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "dp.h"
#include "dataset.h"

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#endif
#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif
#if defined(__GLIBC__) && (__GLIBC__ < 2 || \
			   (__GLIBC__ == 2 && __GLIBC_MINOR__ < 28))
/* glibc before 2.28 has no wrapper. */
static int
renameat2(int fromfd, const char *from, int tofd, const char *to,
	  unsigned flags)
{
	return (int)syscall(SYS_renameat2, fromfd, from, tofd, to, flags);
}
#endif

#define STAGING_TAG "dp-tmp-"
#define LOCK_NAME ".lock"
#define JOURNAL_NAME ".journal"

struct done_file {
	char *tmp, *rel, *hex;
};

struct pq_dataset {
	char *path;		/* PATH as given */
	char *parent, *base;	/* its directory and its name */
	enum pq_mode mode;
	char *staging;		/* the staging directory */
	int inside;		/* staging is inside path (append) */
	long seq;		/* temporary file numbers */
	struct done_file *done;
	size_t ndone, capdone;
	char **temps;		/* temporary paths handed out */
	size_t ntemps, captemps;
};

/* What to remove if the run ends early: the directories made for PATH
 * and the paths created in staging, in creation order. Appended to with
 * the signals held; read by the signal handler while `armed`. */
static char **created;
static size_t ncreated, capcreated;
static volatile sig_atomic_t armed;
static int lock_fd = -1;	/* the staging lock, held until exit */
static char host[65];		/* this host's name, sanitized */

/* Hold SIGINT, SIGTERM and SIGHUP; the previous mask into *old. */
static void
hold_signals(sigset_t *old)
{
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, SIGINT);
	sigaddset(&s, SIGTERM);
	sigaddset(&s, SIGHUP);
	sigprocmask(SIG_BLOCK, &s, old);
}

/* Is one of the held signals waiting? */
static int
signal_waiting(void)
{
	sigset_t p;

	sigpending(&p);
	return sigismember(&p, SIGINT) || sigismember(&p, SIGTERM) ||
		sigismember(&p, SIGHUP);
}

/* Add p to what is removed if the run ends early. */
static void
remember(const char *p)
{
	sigset_t old;
	char *copy = dp_xstrdup(p);

	hold_signals(&old);
	if (ncreated == capcreated) {
		capcreated = capcreated ? capcreated * 2 : 64;
		created = dp_xrealloc(created, capcreated * sizeof *created);
	}
	created[ncreated++] = copy;
	sigprocmask(SIG_SETMASK, &old, NULL);
}

/* Remove what was created, newest first; async-signal-safe. */
static void
remove_created(void)
{
	for (size_t i = ncreated; i-- > 0;) {
		if (unlink(created[i]) != 0)
			rmdir(created[i]);
	}
}

/* Remove what was created and end by the signal; a thread that fails
 * meanwhile (on a file just removed) must not exit first. */
static void
on_signal(int sig)
{
	dp_exit_claim();
	if (armed)
		remove_created();
	armed = 0;
	dp_progress_abandon();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
at_exit(void)
{
	if (armed)
		remove_created();
	armed = 0;
}

/* See dataset.h. */
int
pq_mode_parse(const char *name, enum pq_mode *mode)
{
	if (!strcmp(name, "error"))
		*mode = PQ_MODE_ERROR;
	else if (!strcmp(name, "append"))
		*mode = PQ_MODE_APPEND;
	else if (!strcmp(name, "overwrite"))
		*mode = PQ_MODE_OVERWRITE;
	else
		return -1;
	return 0;
}

static int
has_prefix(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static int
has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcmp(s + n - k, suffix);
}

/* This host's name in `host`: gethostname's, with every byte outside
 * [A-Za-z0-9.-] made '-', at most 64 bytes. */
static void
init_host(void)
{
	char h[256];
	size_t n = 0;

	if (gethostname(h, sizeof h) != 0)
		h[0] = '\0';
	h[sizeof h - 1] = '\0';
	for (const char *p = h; *p && n < sizeof host - 1; p++) {
		char c = *p;
		int keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			(c >= '0' && c <= '9') || c == '.' || c == '-';
		host[n++] = keep ? c : '-';
	}
	if (n == 0)
		memcpy(host, "localhost", (n = 9));
	host[n] = '\0';
}

/* 16 random hex digits into out[17]. */
static void
random_hex(char out[17])
{
	uint64_t r;

	if (getrandom(&r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r) {
		struct timespec t;
		clock_gettime(CLOCK_REALTIME, &t);
		r = ((uint64_t)t.tv_nsec << 24) ^ (uint64_t)t.tv_sec ^
			((uint64_t)getpid() << 40) ^ (uint64_t)(uintptr_t)&r;
	}
	snprintf(out, 17, "%016llx", (unsigned long long)r);
}

typedef int (*made_fn)(void *arg, const char *dir);

/* mkdir -p, below the first `known` bytes of path (a directory that
 * exists, 0 for none): made(arg, dir) for each directory created, when
 * given. A component that exists and is not a directory is ENOTDIR. 0,
 * or -1 with errno set and the path that failed in *where. */
static int
mkdirs(const char *path, size_t known, made_fn made, void *arg,
       struct dp_buf *where)
{
	char *p;
	int rc = 0;

	if (known && path[known] == '\0')
		return 0;
	p = dp_xstrdup(path);
	for (char *s = p + known + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, 0777) == 0) {
			if (made && made(arg, p) != 0)
				rc = -1;
		} else if (errno == EEXIST) {
			struct stat st;
			if (stat(p, &st) != 0)
				rc = -1;
			else if (!S_ISDIR(st.st_mode)) {
				errno = ENOTDIR;
				rc = -1;
			}
		} else {
			rc = -1;
		}
		if (rc) {
			int e = errno;
			where->len = 0;
			dp_buf_printf(where, "%s", p);
			errno = e;
			break;
		}
		*s = c;
		if (!c)
			break;
	}
	free(p);
	return rc;
}

static int
made_remember(void *arg, const char *dir)
{
	(void)arg;
	remember(dir);
	return 0;
}

/* Is the directory empty? -1 if it cannot be read. */
static int
dir_empty(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int empty = 1;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			empty = 0;
			break;
		}
	closedir(d);
	return empty;
}

/* fsync a directory. 0, or -1 with errno (a file system that cannot
 * sync directories, EINVAL, is not an error). */
static int
sync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc = 0;

	if (fd < 0)
		return -1;
	if (fsync(fd) != 0 && errno != EINVAL)
		rc = -1;
	close(fd);
	return rc;
}

/* Parent directory and base name of path (no trailing '/'). */
static void
split_path(const char *path, char **dir, char **base)
{
	char *p = dp_xstrdup(path);
	size_t n = strlen(p);

	while (n > 1 && p[n - 1] == '/')
		p[--n] = '\0';
	char *slash = strrchr(p, '/');
	if (!slash) {
		*dir = dp_xstrdup(".");
		*base = dp_xstrdup(p);
	} else {
		*base = dp_xstrdup(slash + 1);
		*slash = '\0';
		*dir = dp_xstrdup(slash == p ? "/" : p);
	}
	free(p);
}

/* ---- what dp writes in a dataset ----------------------------------------- */

/* Where an entry is: the dataset's top, a partition directory, or in a
 * staging directory. */
enum level {
	LV_ROOT,
	LV_PART,
	LV_STAGING
};

/* part-*.parquet */
static int
part_name(const char *name)
{
	return strlen(name) > 13 && has_prefix(name, "part-") &&
		has_suffix(name, ".parquet");
}

/* A partition directory's name: key=value (a key may start with a dot,
 * "." and ".." have no '='). */
static int
partition_name(const char *name)
{
	return name[0] != '=' && strchr(name, '=') != NULL;
}

/* Could dp have written this entry at level lv? 1 a file, 2 a
 * directory (its entries are at level *sub), 0 no. Symbolic links never
 * are dp's. */
static int
dp_entry(enum level lv, const char *name, const struct stat *st,
	 enum level *sub)
{
	if (S_ISREG(st->st_mode)) {
		if (part_name(name))
			return 1;
		if (!strcmp(name, "_SUCCESS") && lv != LV_PART)
			return 1;
		return lv == LV_STAGING && (!strcmp(name, LOCK_NAME) ||
					    !strcmp(name, JOURNAL_NAME) ||
					    (has_prefix(name, ".part-") &&
					     has_suffix(name, ".tmp")));
	}
	if (!S_ISDIR(st->st_mode))
		return 0;
	if (partition_name(name)) {
		*sub = lv == LV_STAGING ? LV_STAGING : LV_PART;
		return 2;
	}
	if (lv == LV_ROOT && has_prefix(name, "." STAGING_TAG)) {
		*sub = LV_STAGING;
		return 2;
	}
	return 0;
}

struct walk {
	int remove;		/* remove dp's entries (else check) */
	struct dp_buf what;	/* the first entry not dp's (or left) */
	size_t left;		/* entries left in place (remove) */
};

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entry names of d, sorted; NULL (errno set) on a read error. */
static char **
sorted_names(DIR *d, size_t *count)
{
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;

	for (;;) {
		errno = 0;
		if (!(e = readdir(d)))
			break;
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		names = dp_xgrow(names, &cap, n + 1, sizeof *names);
		names[n++] = dp_xstrdup(e->d_name);
	}
	if (errno) {
		int err = errno;
		for (size_t i = 0; i < n; i++)
			free(names[i]);
		free(names);
		errno = err;
		return NULL;
	}
	if (n)
		qsort(names, n, sizeof *names, by_name);
	*count = n;
	return names ? names : dp_xmalloc(sizeof *names);
}

/* Note the entry rel as one left in place (the first is named). */
static void
left(struct walk *w, const char *rel)
{
	if (!w->what.len)
		dp_buf_printf(&w->what, "%s", rel);
	w->left++;
}

/* An entry rel the walk cannot take: a check stops (-1) with *err set
 * to errno (a read error) or, for an entry dp would not have written
 * (`foreign`), with rel in w->what; a removal leaves rel in place and
 * goes on (0). */
static int
stop_or_leave(struct walk *w, const char *rel, int foreign, int *err)
{
	if (w->remove) {
		left(w, rel);
		return 0;
	}
	if (foreign)
		dp_buf_printf(&w->what, "%s", rel);
	else
		*err = errno;
	return -1;
}

/* Walk the directory fd (which is consumed) at level lv, `rel` its path
 * for messages; symbolic links are never followed. Check: 0, or -1
 * with the first entry (in name order) that dp would not have written
 * in w->what, or -1 with errno set and w->what empty on a read error.
 * Remove: dp's entries go, the others stay and are counted in w->left
 * (the first named in w->what); returns 0. */
static int
walk(int fd, const char *rel, enum level lv, struct walk *w)
{
	DIR *d = fdopendir(fd);
	struct dp_buf sub = { 0 };
	char **names = NULL;
	size_t n = 0;
	int rc = 0, err = 0;

	if (!d || !(names = sorted_names(d, &n))) {
		err = errno;
		if (d)
			closedir(d);
		else
			close(fd);
		errno = err;
		return stop_or_leave(w, *rel ? rel : ".", 0, &err);
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		const char *name = names[i];
		struct stat st;
		enum level lower = lv;
		int kind, sfd;
		sub.len = 0;
		dp_buf_printf(&sub, "%s%s%s", rel, *rel ? "/" : "", name);
		if (fstatat(dirfd(d), name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
			if (errno != ENOENT)
				rc = stop_or_leave(w, sub.data, 0, &err);
			continue;
		}
		kind = dp_entry(lv, name, &st, &lower);
		if (kind == 0) {
			rc = stop_or_leave(w, sub.data, 1, &err);
			continue;
		}
		if (kind == 1) {
			if (w->remove && unlinkat(dirfd(d), name, 0) != 0 &&
			    errno != ENOENT)
				left(w, sub.data);
			continue;
		}
		sfd = openat(dirfd(d), name, O_RDONLY | O_DIRECTORY |
			     O_NOFOLLOW | O_CLOEXEC);
		if (sfd < 0) {
			if (errno != ENOENT)
				rc = stop_or_leave(w, sub.data, 0, &err);
			continue;
		}
		rc = walk(sfd, sub.data, lower, w);
		if (rc != 0)
			err = errno;
		else if (w->remove &&
			 unlinkat(dirfd(d), name, AT_REMOVEDIR) != 0 &&
			 errno != ENOENT && errno != ENOTEMPTY && errno != EEXIST)
			left(w, sub.data);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	dp_buf_free(&sub);
	closedir(d);
	errno = err;
	return rc;
}

/* Remove the dp entries of the tree at path (a dataset, or a staging
 * directory), then path itself when that leaves it empty; warn about
 * what is left. Never follows a symbolic link. */
static void
remove_dp_tree(const char *path, int staging)
{
	struct walk w = { .remove = 1 };
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0) {
		if (errno != ENOENT)
			dp_warn("%s: cannot remove:", path);
		return;
	}
	walk(fd, "", staging ? LV_STAGING : LV_ROOT, &w);
	if (w.left)
		dp_warn("%s: left in place: %zu entr%s that dp did not write "
			"or could not remove, such as '%s'", path, w.left,
			w.left == 1 ? "y" : "ies", dp_buf_cstr(&w.what));
	else if (rmdir(path) != 0 && errno != ENOENT)
		dp_warn("%s: cannot remove:", path);
	dp_buf_free(&w.what);
}

/* --mode overwrite replaces only a dp dataset: exit 2 naming the first
 * entry that dp would not have written. */
static void
refuse_foreign(const char *path)
{
	struct walk w = { .remove = 0 };
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		dp_die(DP_EXIT_IO, "%s:", path);
	if (walk(fd, "", LV_ROOT, &w) != 0) {
		if (!w.what.len)
			dp_die(DP_EXIT_IO, "%s:", path);
		dp_die(DP_EXIT_USAGE, "%s: not a dp dataset, so --mode "
		       "overwrite will not replace it: '%s' is not a "
		       "part-*.parquet file, a key=value directory or "
		       "_SUCCESS; nothing written", path, dp_buf_cstr(&w.what));
	}
	dp_buf_free(&w.what);
}

/* ---- the journal --------------------------------------------------------- */

/*
 * <staging>/.journal, written only while an append places its files:
 * "D <dir>\n" once a partition directory has been made, then, synced,
 * "L <src>\t<dst>\n" before the file src is linked to dst, or
 * "R <src>\t<dst>\n" before it is renamed there; paths are relative to
 * the dataset. A journal that is there when its writer is gone means an
 * unfinished commit: it is undone.
 */
struct jentry {
	char kind;		/* 'D', 'L' or 'R' */
	char *a, *b;
};

struct journal {
	int fd;
	struct jentry *e;
	size_t n, cap;
};

static void
jadd(struct journal *j, char kind, const char *a, const char *b)
{
	j->e = dp_xgrow(j->e, &j->cap, j->n + 1, sizeof *j->e);
	j->e[j->n].kind = kind;
	j->e[j->n].a = dp_xstrdup(a);
	j->e[j->n].b = b ? dp_xstrdup(b) : NULL;
	j->n++;
}

static void
jfree(struct journal *j)
{
	for (size_t i = 0; i < j->n; i++) {
		free(j->e[i].a);
		free(j->e[i].b);
	}
	free(j->e);
	if (j->fd >= 0)
		close(j->fd);
	memset(j, 0, sizeof *j);
	j->fd = -1;
}

/* Add an entry to the journal and its file, synced when `sync`. 0, or
 * -1 with errno set. */
static int
jlog(struct journal *j, char kind, const char *a, const char *b, int sync)
{
	struct dp_buf line = { 0 };
	size_t done = 0;
	int rc = 0;

	jadd(j, kind, a, b);
	dp_buf_printf(&line, "%c %s%s%s\n", kind, a, b ? "\t" : "",
		      b ? b : "");
	while (done < line.len) {
		ssize_t w = write(j->fd, line.data + done, line.len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = EIO;
			rc = -1;
			break;
		}
		done += (size_t)w;
	}
	if (rc == 0 && sync && fsync(j->fd) != 0 && errno != EINVAL)
		rc = -1;
	dp_buf_free(&line);
	return rc;
}

/* "k=v/k=v/LEAF", relative, no component empty, the directories
 * key=value (so never "." or ".."), the leaf accepted by leaf_ok (NULL:
 * a partition directory too). */
static int
valid_rel(const char *s, int (*leaf_ok)(const char *))
{
	char *p = dp_xstrdup(s), *save = NULL, *c, *next;
	int ok = *s && *s != '/' && !strstr(s, "//") && !has_suffix(s, "/");

	for (c = strtok_r(p, "/", &save); ok && c; c = next) {
		next = strtok_r(NULL, "/", &save);
		if (next || !leaf_ok)
			ok = partition_name(c) != 0;
		else
			ok = leaf_ok(c);
	}
	free(p);
	return ok;
}

static int
temp_name(const char *name)
{
	return has_prefix(name, ".part-") && has_suffix(name, ".tmp") &&
		!strchr(name, '/');
}

/* Read the journal at path of staging directory `stname` (a name in the
 * dataset). 0; or -1 with errno: ENOENT when there is none, EINVAL when
 * an entry could not have been written by dp. A last line without its
 * newline was cut short before its sync: ignored. */
static int
jread(const char *path, const char *stname, struct journal *j)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	struct dp_buf text = { 0 };
	char chunk[65536];
	ssize_t r;
	size_t stlen = strlen(stname);

	if (fd < 0)
		return -1;
	while ((r = read(fd, chunk, sizeof chunk)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			close(fd);
			dp_buf_free(&text);
			errno = e;
			return -1;
		}
		dp_buf_add(&text, chunk, (size_t)r);
	}
	close(fd);
	dp_buf_addc(&text, '\0');
	text.len--;
	for (char *line = text.data, *nl; (nl = strchr(line, '\n'));
	     line = nl + 1) {
		*nl = '\0';
		char *tab = strchr(line, '\t');
		int ok;
		if (line[0] == 'D' && line[1] == ' ' && !tab) {
			ok = valid_rel(line + 2, NULL);
			if (ok)
				jadd(j, 'D', line + 2, NULL);
		} else if ((line[0] == 'L' || line[0] == 'R') &&
			   line[1] == ' ' && tab) {
			*tab = '\0';
			const char *src = line + 2, *dst = tab + 1;
			ok = !strncmp(src, stname, stlen) && src[stlen] == '/' &&
				valid_rel(src + stlen + 1, temp_name) &&
				valid_rel(dst, part_name);
			if (ok)
				jadd(j, line[0], src, dst);
		} else {
			ok = 0;
		}
		if (!ok) {
			dp_buf_free(&text);
			errno = EINVAL;
			return -1;
		}
	}
	dp_buf_free(&text);
	return 0;
}

/* Is entry i the last attempt of its source? (The attempts of one
 * source are consecutive L and R entries.) */
static int
last_attempt(const struct journal *j, size_t i)
{
	for (size_t k = i + 1; k < j->n; k++)
		if (j->e[k].kind != 'D')
			return strcmp(j->e[k].a, j->e[i].a) != 0;
	return 1;
}

/* Undo the journal's placements in dataset root, newest first: a name
 * linked to its source (the same file) is unlinked, a source renamed
 * away (it is gone) is renamed back; then the directories it made go
 * when empty. Idempotent. 0, or
 * -1 with errno set and the path that could not be undone in *where.
 * The count of files undone into *undone. */
static int
rollback(const char *root, const struct journal *j, struct dp_buf *where,
	 size_t *undone)
{
	struct dp_buf src = { 0 }, dst = { 0 };
	int rc = 0;

	*undone = 0;
	for (size_t i = j->n; rc == 0 && i-- > 0;) {
		const struct jentry *e = &j->e[i];
		struct stat ss, ds;
		if (e->kind == 'D' || !last_attempt(j, i))
			continue;
		src.len = dst.len = 0;
		dp_buf_printf(&src, "%s/%s", root, e->a);
		dp_buf_printf(&dst, "%s/%s", root, e->b);
		if (lstat(src.data, &ss) == 0) {
			if (lstat(dst.data, &ds) == 0 && ds.st_dev == ss.st_dev &&
			    ds.st_ino == ss.st_ino) {
				if (unlink(dst.data) != 0 && errno != ENOENT)
					rc = -1;
				else
					++*undone;
			}
		} else if (errno != ENOENT) {
			rc = -1;
		} else if (e->kind == 'R' && lstat(dst.data, &ds) == 0 &&
			   S_ISREG(ds.st_mode)) {
			if (rename(dst.data, src.data) != 0)
				rc = -1;
			else
				++*undone;
		}
		if (rc) {
			int err = errno;
			where->len = 0;
			dp_buf_printf(where, "%s", dst.data);
			errno = err;
		}
	}
	for (size_t i = j->n; rc == 0 && i-- > 0;) {
		if (j->e[i].kind != 'D')
			continue;
		src.len = 0;
		dp_buf_printf(&src, "%s/%s", root, j->e[i].a);
		rmdir(src.data);
	}
	dp_buf_free(&src);
	dp_buf_free(&dst);
	return rc;
}

/* ---- recovery of what dead runs left -------------------------------------- */

/* Parse "<pid>-<16 hex digits>", optionally followed by ".old". */
static int
parse_tail(const char *s, long *pid, int *old)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	*pid = strtol(s, &end, 10);
	if (errno || *pid <= 0 || *pid > INT_MAX || *end != '-')
		return -1;
	end++;
	for (int i = 0; i < 16; i++)
		if (!((end[i] >= '0' && end[i] <= '9') ||
		      (end[i] >= 'a' && end[i] <= 'f')))
			return -1;
	end += 16;
	*old = !strcmp(end, ".old");
	return *end && !*old ? -1 : 0;
}

/* Is the writer of staging directory st, process pid of this host,
 * gone? Its process must be gone and its lock free (a lock file that is
 * not there yet, or no longer, counts as free). The lock, when taken,
 * stays held in *fd for the caller. */
static int
writer_gone(const char *st, long pid, int *fd)
{
	struct dp_buf lock = { 0 };

	*fd = -1;
	if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
		return 0;
	dp_buf_printf(&lock, "%s/%s", st, LOCK_NAME);
	*fd = open(lock.data, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
	dp_buf_free(&lock);
	if (*fd < 0)
		return errno == ENOENT;
	if (flock(*fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK) {
		close(*fd);
		*fd = -1;
		return 0;
	}
	return 1;
}

/* Undo the unfinished commit, if any, of the dead writer whose staging
 * directory `st` is named `stname` in the dataset; exit 3 when it cannot
 * be undone. */
static void
undo_journal(struct pq_dataset *ds, const char *st, const char *stname)
{
	struct journal j = { .fd = -1 };
	struct dp_buf path = { 0 }, where = { 0 };
	size_t undone;

	dp_buf_printf(&path, "%s/%s", st, JOURNAL_NAME);
	if (jread(path.data, stname, &j) != 0) {
		if (errno == ENOENT) {
			dp_buf_free(&path);
			return;
		}
		if (errno == EINVAL)
			dp_die(DP_EXIT_IO, "%s: the journal of an unfinished "
			       "commit is damaged: undo it by hand",
			       path.data);
		dp_die(DP_EXIT_IO, "%s:", path.data);
	}
	if (rollback(ds->path, &j, &where, &undone) != 0)
		dp_die(DP_EXIT_IO, "%s: cannot undo the unfinished commit of "
		       "a run that is gone (%s):", where.data, stname);
	if (unlink(path.data) != 0 && errno != ENOENT)
		dp_die(DP_EXIT_IO, "%s:", path.data);
	if (sync_dir(st) != 0)
		dp_die(DP_EXIT_IO, "%s: fsync:", st);
	if (undone)
		dp_warn("%s: undid the unfinished commit of a run that is "
			"gone (%zu file%s, %s)", ds->path, undone,
			undone == 1 ? "" : "s", stname);
	jfree(&j);
	dp_buf_free(&path);
	dp_buf_free(&where);
}

/* Undo and remove what dead runs of this host left in dir: staging
 * directories whose names start with prefix and end in
 * <pid>-<random>, and (beside PATH) <staging>.old, the old tree an
 * overwrite without atomic exchange had moved aside, which goes back to
 * PATH when PATH is missing. `inside`: dir is the dataset (staging
 * directories may hold a journal). */
static void
recover(struct pq_dataset *ds, const char *dir, const char *prefix,
	int inside)
{
	DIR *d = opendir(dir);
	struct dp_buf full = { 0 };
	char **names;
	size_t n = 0, plen = strlen(prefix);

	if (!d)
		return;
	names = sorted_names(d, &n);
	closedir(d);
	for (size_t i = 0; names && i < n; i++) {
		long pid;
		int old, fd;
		if (strncmp(names[i], prefix, plen) ||
		    parse_tail(names[i] + plen, &pid, &old) != 0 ||
		    (old && inside))
			continue;
		full.len = 0;
		dp_buf_printf(&full, "%s/%s", dir, names[i]);
		if (!writer_gone(full.data, pid, &fd))
			continue;
		if (old) {
			struct stat st;
			if (lstat(ds->path, &st) != 0 && errno == ENOENT) {
				if (rename(full.data, ds->path) != 0)
					dp_die(DP_EXIT_IO, "%s: cannot put "
					       "back the dataset an unfinished "
					       "overwrite moved to %s:",
					       ds->path, full.data);
				dp_warn("%s: put back the dataset that an "
					"unfinished overwrite had moved aside",
					ds->path);
			} else {
				remove_dp_tree(full.data, 0);
			}
		} else {
			if (inside)
				undo_journal(ds, full.data, names[i]);
			remove_dp_tree(full.data, 1);
		}
		if (fd >= 0)
			close(fd);
	}
	for (size_t i = 0; names && i < n; i++)
		free(names[i]);
	free(names);
	dp_buf_free(&full);
}

/* ---- opening -------------------------------------------------------------- */

/* Make the staging directory, and its lock, held until exit. */
static void
make_staging(struct pq_dataset *ds)
{
	struct dp_buf b = { 0 };
	char r[17];

	for (int tries = 0;; tries++) {
		random_hex(r);
		b.len = 0;
		if (ds->inside)
			dp_buf_printf(&b, "%s/.%s%s-%ld-%s", ds->path,
				      STAGING_TAG, host, (long)getpid(), r);
		else
			dp_buf_printf(&b, "%s/.%s.%s%s-%ld-%s", ds->parent,
				      ds->base, STAGING_TAG, host,
				      (long)getpid(), r);
		if (mkdir(b.data, 0777) == 0)
			break;
		if (errno != EEXIST || tries == 9)
			dp_die(DP_EXIT_IO, "%s: mkdir:", b.data);
	}
	ds->staging = dp_xstrdup(b.data);
	remember(ds->staging);
	dp_buf_printf(&b, "/%s", LOCK_NAME);
	lock_fd = open(b.data, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW |
		       O_CLOEXEC, 0666);
	if (lock_fd < 0)
		dp_die(DP_EXIT_IO, "%s:", b.data);
	remember(b.data);
	/* where locks do not work, the process check alone tells */
	flock(lock_fd, LOCK_EX | LOCK_NB);
	dp_buf_free(&b);
}

/* See dataset.h. */
struct pq_dataset *
pq_dataset_open(const char *path, enum pq_mode mode)
{
	struct pq_dataset *ds = dp_xmalloc(sizeof *ds);
	struct dp_buf b = { 0 };
	struct stat st;

	memset(ds, 0, sizeof *ds);
	ds->path = dp_xstrdup(path);
	for (size_t n = strlen(ds->path); n > 1 && ds->path[n - 1] == '/';)
		ds->path[--n] = '\0';
	path = ds->path;
	ds->mode = mode;
	ds->inside = mode == PQ_MODE_APPEND;
	split_path(path, &ds->parent, &ds->base);
	if (!ds->inside && (!*ds->base || !strcmp(ds->base, ".") ||
			    !strcmp(ds->base, "..")))
		dp_die(DP_EXIT_USAGE, "%s: name the dataset directory (its "
		       "new tree is built beside it)", path);
	init_host();
	armed = 1;
	atexit(at_exit);
	dp_catch_signal(SIGINT, on_signal);
	dp_catch_signal(SIGTERM, on_signal);
	dp_catch_signal(SIGHUP, on_signal);

	/* first what dead runs of this host left beside PATH and in it */
	dp_buf_printf(&b, ".%s.%s%s-", ds->base, STAGING_TAG, host);
	recover(ds, ds->parent, b.data, 0);
	if (lstat(path, &st) == 0) {
		if (S_ISLNK(st.st_mode) && mode == PQ_MODE_OVERWRITE)
			dp_die(DP_EXIT_USAGE, "%s: is a symbolic link: --mode "
			       "overwrite replaces only a directory (name the "
			       "directory it points to)", path);
		if (stat(path, &st) != 0)
			dp_die(DP_EXIT_IO, "%s:", path);
		if (!S_ISDIR(st.st_mode))
			dp_die(DP_EXIT_USAGE, "%s: exists and is not a "
			       "directory", path);
		b.len = 0;
		dp_buf_printf(&b, ".%s%s-", STAGING_TAG, host);
		recover(ds, path, b.data, 1);
		if (mode == PQ_MODE_ERROR) {
			int e = dir_empty(path);
			if (e < 0)
				dp_die(DP_EXIT_IO, "%s:", path);
			if (!e)
				dp_die(DP_EXIT_USAGE, "%s: the dataset "
				       "directory is not empty (use --mode "
				       "append or --mode overwrite)", path);
		}
		if (mode == PQ_MODE_OVERWRITE)
			refuse_foreign(path);
	} else if (errno != ENOENT) {
		dp_die(DP_EXIT_IO, "%s:", path);
	}
	/* the directories made here go again if the run fails */
	if (mkdirs(ds->inside ? path : ds->parent, 0, made_remember, NULL,
		   &b) != 0)
		dp_die(DP_EXIT_IO, "%s: mkdir:", b.data);
	dp_buf_free(&b);
	make_staging(ds);
	return ds;
}

/* See dataset.h. */
const char *
pq_dataset_temp(struct pq_dataset *ds, const char *rel)
{
	struct dp_buf b = { 0 }, where = { 0 };

	dp_buf_printf(&b, "%s%s%s", ds->staging, *rel ? "/" : "", rel);
	if (mkdirs(b.data, strlen(ds->staging), made_remember, NULL,
		   &where) != 0)
		dp_die(DP_EXIT_IO, "%s: mkdir:", where.data);
	dp_buf_free(&where);
	dp_buf_printf(&b, "/.part-%ld.tmp", ++ds->seq);
	if (ds->ntemps == ds->captemps) {
		ds->captemps = ds->captemps ? ds->captemps * 2 : 16;
		ds->temps = dp_xrealloc(ds->temps, ds->captemps *
					sizeof *ds->temps);
	}
	ds->temps[ds->ntemps++] = dp_xstrdup(dp_buf_cstr(&b));
	remember(b.data);
	dp_buf_free(&b);
	return ds->temps[ds->ntemps - 1];
}

/* See dataset.h. */
void
pq_dataset_done(struct pq_dataset *ds, const char *tmp, const char *rel,
		const char *hex)
{
	if (!ds->inside) {
		/* name it in the staging tree already */
		struct dp_buf b = { 0 };
		dp_buf_printf(&b, "%s%s%s/part-%s.parquet", ds->staging,
			      *rel ? "/" : "", rel, hex);
		if (rename(tmp, b.data) != 0)
			dp_die(DP_EXIT_IO, "%s: rename:", tmp);
		remember(b.data);
		dp_buf_free(&b);
		return;
	}
	if (ds->ndone == ds->capdone) {
		ds->capdone = ds->capdone ? ds->capdone * 2 : 16;
		ds->done = dp_xrealloc(ds->done, ds->capdone * sizeof *ds->done);
	}
	ds->done[ds->ndone].tmp = dp_xstrdup(tmp);
	ds->done[ds->ndone].rel = dp_xstrdup(rel);
	ds->done[ds->ndone].hex = dp_xstrdup(hex);
	ds->ndone++;
}

/* ---- committing ----------------------------------------------------------- */

struct dirlog {
	struct journal *j;
	size_t rootlen;		/* strlen(dataset path) + 1 */
};

/* A partition directory made by the commit goes in the journal. */
static int
made_journal(void *arg, const char *dir)
{
	struct dirlog *l = arg;

	return jlog(l->j, 'D', dir + l->rootlen, NULL, 0);
}

/* The partition directories of the placed files and their parents,
 * each once, then the dataset (""): all to be synced. */
static char **
dirs_to_sync(const struct pq_dataset *ds, size_t *count)
{
	char **v = dp_xmalloc((ds->ndone * 4 + 2) * sizeof *v);
	size_t n = 0, cap = ds->ndone * 4 + 2;

	for (size_t i = 0; i < ds->ndone; i++) {
		char *rel = dp_xstrdup(ds->done[i].rel);
		while (*rel) {
			if (n + 1 >= cap) {
				cap *= 2;
				v = dp_xrealloc(v, cap * sizeof *v);
			}
			v[n++] = dp_xstrdup(rel);
			char *slash = strrchr(rel, '/');
			*(slash ? slash : rel) = '\0';
		}
		free(rel);
	}
	if (n)
		qsort(v, n, sizeof *v, by_name);
	size_t u = 0;
	for (size_t i = 0; i < n; i++) {
		if (u && !strcmp(v[u - 1], v[i]))
			free(v[i]);
		else
			v[u++] = v[i];
	}
	v[u++] = dp_xstrdup("");
	*count = u;
	return v;
}

/* The append failed (errno; `what` is the path, `op` the operation):
 * undo what was placed, remove the staging directory and exit 3. When
 * the undo itself fails, the journal stays for the next run. */
static void
append_failed(struct pq_dataset *ds, struct journal *j, const char *jpath,
	      const char *what, const char *op, int nolinks)
{
	int e = errno;
	struct dp_buf where = { 0 };
	size_t undone;

	if (rollback(ds->path, j, &where, &undone) != 0) {
		int re = errno;
		armed = 0;
		if (nolinks)
			dp_warn("%s: the file system has neither hard links "
				"nor renameat2(RENAME_NOREPLACE): cannot "
				"append safely", ds->path);
		else
			dp_warn("%s: %s: %s", what, op, strerror(e));
		dp_die(DP_EXIT_IO, "%s: cannot undo the files already "
		       "placed: %s; the next run on this host undoes them",
		       where.data, strerror(re));
	}
	unlink(jpath);
	remove_created();
	armed = 0;
	if (nolinks)
		dp_die(DP_EXIT_IO, "%s: the file system has neither hard "
		       "links nor renameat2(RENAME_NOREPLACE): cannot append "
		       "safely; nothing appended", ds->path);
	dp_die(DP_EXIT_IO, "%s: %s: %s; nothing appended", what, op,
	       strerror(e));
}

/* Append: put each file in place under a name no file has, journaled,
 * so that all or none of them stay. Signals are held by the caller. */
static void
commit_append(struct pq_dataset *ds, const sigset_t *old)
{
	struct journal j = { .fd = -1 };
	struct dp_buf jpath = { 0 }, dir = { 0 }, dst = { 0 }, where = { 0 };
	size_t rootlen = strlen(ds->path) + 1, ndirs, undone;
	struct dirlog log = { &j, rootlen };
	int nolinks = 0;
	char **dirs;

	dp_buf_printf(&jpath, "%s/%s", ds->staging, JOURNAL_NAME);
	j.fd = open(jpath.data, O_WRONLY | O_CREAT | O_EXCL | O_APPEND |
		    O_CLOEXEC, 0666);
	if (j.fd < 0)
		append_failed(ds, &j, jpath.data, jpath.data, "open", 0);
	remember(jpath.data);
	/* the partition directories first */
	for (size_t i = 0; i < ds->ndone; i++) {
		if (!*ds->done[i].rel)
			continue;
		dir.len = 0;
		dp_buf_printf(&dir, "%s/%s", ds->path, ds->done[i].rel);
		if (mkdirs(dir.data, rootlen - 1, made_journal, &log,
			   &where) != 0)
			append_failed(ds, &j, jpath.data, where.data, "mkdir",
				      0);
	}
	for (size_t i = 0; i < ds->ndone; i++) {
		struct done_file *f = &ds->done[i];
		int tries = 0;
		dir.len = 0;
		dp_buf_printf(&dir, "%s%s%s", ds->path, *f->rel ? "/" : "",
			      f->rel);
		for (int k = 1;;) {
			int r = -1;
			dst.len = 0;
			if (k == 1)
				dp_buf_printf(&dst, "%s/part-%s.parquet",
					      dir.data, f->hex);
			else
				dp_buf_printf(&dst, "%s/part-%s-%d.parquet",
					      dir.data, f->hex, k);
			if (!nolinks) {
				if (jlog(&j, 'L', f->tmp + rootlen,
					 dst.data + rootlen, 1) != 0)
					append_failed(ds, &j, jpath.data,
						      jpath.data, "write", 0);
				r = link(f->tmp, dst.data);
				if (r != 0 && (errno == EPERM ||
					       errno == ENOSYS ||
					       errno == EOPNOTSUPP))
					nolinks = 1;
			}
			if (nolinks) {
				if (jlog(&j, 'R', f->tmp + rootlen,
					 dst.data + rootlen, 1) != 0)
					append_failed(ds, &j, jpath.data,
						      jpath.data, "write", 0);
				r = renameat2(AT_FDCWD, f->tmp, AT_FDCWD,
					      dst.data, RENAME_NOREPLACE);
				if (r != 0 && (errno == EINVAL ||
					       errno == ENOSYS ||
					       errno == EOPNOTSUPP))
					append_failed(ds, &j, jpath.data,
						      dst.data, "rename", 1);
			}
			if (r == 0)
				break;
			if (errno == EEXIST) {
				k++;
				continue;
			}
			if (errno == ENOENT && access(f->tmp, F_OK) == 0 &&
			    ++tries < 100) {
				/* another writer undoing its commit took
				 * the directory away: make it again */
				if (mkdirs(dir.data, rootlen - 1,
					   made_journal, &log, &where) != 0)
					append_failed(ds, &j, jpath.data,
						      where.data, "mkdir", 0);
				continue;
			}
			append_failed(ds, &j, jpath.data, dst.data,
				      nolinks ? "rename" : "link", 0);
		}
	}
	/* the new names are durable before the journal goes */
	dirs = dirs_to_sync(ds, &ndirs);
	for (size_t i = 0; i < ndirs; i++) {
		dir.len = 0;
		dp_buf_printf(&dir, "%s%s%s", ds->path, *dirs[i] ? "/" : "",
			      dirs[i]);
		if (sync_dir(dir.data) != 0)
			append_failed(ds, &j, jpath.data, dir.data, "fsync", 0);
	}
	for (size_t i = 0; i < ndirs; i++)
		free(dirs[i]);
	free(dirs);
	if (signal_waiting()) {
		/* stopped before the commit point: undo, then die of it */
		if (rollback(ds->path, &j, &where, &undone) == 0) {
			unlink(jpath.data);
			remove_created();
		}
		armed = 0;
		sigprocmask(SIG_SETMASK, old, NULL);
		dp_die(DP_EXIT_IO, "%s: stopped by a signal; nothing appended",
		       ds->path);
	}
	/* the commit point: with the journal gone, the files stay */
	if (unlink(jpath.data) != 0)
		append_failed(ds, &j, jpath.data, jpath.data, "unlink", 0);
	armed = 0;
	if (sync_dir(ds->staging) != 0)
		dp_warn("%s: fsync:", ds->staging);
	remove_dp_tree(ds->staging, 1);
	jfree(&j);
	dp_buf_free(&jpath);
	dp_buf_free(&dir);
	dp_buf_free(&dst);
	dp_buf_free(&where);
}

/* Write an empty _SUCCESS file in dir. */
static void
success(const char *dir)
{
	struct dp_buf b = { 0 };
	int fd;

	dp_buf_printf(&b, "%s/_SUCCESS", dir);
	fd = open(b.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0 || close(fd) != 0)
		dp_die(DP_EXIT_IO, "%s:", b.data);
	remember(b.data);
	dp_buf_free(&b);
}

/* Error and overwrite: the staging tree takes PATH's place. */
static void
commit_replace(struct pq_dataset *ds, const sigset_t *old)
{
	struct dp_buf b = { 0 };

	success(ds->staging);
	if (sync_dir(ds->staging) != 0)
		dp_die(DP_EXIT_IO, "%s: fsync:", ds->staging);
	/* the lock stays held, but its file must not end in the dataset */
	dp_buf_printf(&b, "%s/%s", ds->staging, LOCK_NAME);
	if (unlink(b.data) != 0)
		dp_die(DP_EXIT_IO, "%s:", b.data);
	if (signal_waiting()) {
		remove_created();
		armed = 0;
		sigprocmask(SIG_SETMASK, old, NULL);
		dp_die(DP_EXIT_IO, "%s: stopped by a signal; nothing written",
		       ds->path);
	}
	if (ds->mode == PQ_MODE_ERROR) {
		if (rename(ds->staging, ds->path) != 0) {
			if (errno == ENOTEMPTY || errno == EEXIST)
				dp_die(DP_EXIT_USAGE, "%s: the dataset "
				       "directory is no longer empty: "
				       "nothing written", ds->path);
			dp_die(DP_EXIT_IO, "%s: rename:", ds->path);
		}
		armed = 0;
	} else {
		struct stat st;
		if (lstat(ds->path, &st) == 0)
			refuse_foreign(ds->path);
		if (renameat2(AT_FDCWD, ds->staging, AT_FDCWD, ds->path,
			      RENAME_EXCHANGE) == 0) {
			/* the old tree is now at the staging name */
			armed = 0;
			remove_dp_tree(ds->staging, 0);
		} else if (errno == ENOENT) {
			if (rename(ds->staging, ds->path) != 0)
				dp_die(DP_EXIT_IO, "%s: rename:", ds->path);
			armed = 0;
		} else if (errno == EINVAL || errno == ENOSYS ||
			   errno == EOPNOTSUPP) {
			/* no atomic exchange here: move the old tree
			 * aside first (a run that dies in between is
			 * undone by the next run) */
			b.len = 0;
			dp_buf_printf(&b, "%s.old", ds->staging);
			if (rename(ds->path, b.data) != 0)
				dp_die(DP_EXIT_IO, "%s: rename:", ds->path);
			if (rename(ds->staging, ds->path) != 0) {
				int e = errno;
				if (rename(b.data, ds->path) != 0)
					dp_warn("%s: cannot put the old "
						"dataset back from %s:",
						ds->path, b.data);
				errno = e;
				dp_die(DP_EXIT_IO, "%s: rename:", ds->path);
			}
			armed = 0;
			remove_dp_tree(b.data, 0);
		} else {
			dp_die(DP_EXIT_IO, "%s: rename:", ds->path);
		}
	}
	if (sync_dir(ds->parent) != 0)
		dp_warn("%s: fsync:", ds->parent);
	dp_buf_free(&b);
}

/* See dataset.h. */
void
pq_dataset_commit(struct pq_dataset *ds)
{
	sigset_t old;

	/* held from here to the exit: a signal now either undoes the
	 * commit (before its commit point) or is ignored (after it) */
	hold_signals(&old);
	if (ds->inside)
		commit_append(ds, &old);
	else
		commit_replace(ds, &old);
}

/* See dataset.h. */
void
pq_dataset_abort(struct pq_dataset *ds)
{
	(void)ds;
	if (armed)
		remove_created();
	armed = 0;
}

/* See dataset.h. */
void
pq_dataset_free(struct pq_dataset *ds)
{
	if (!ds)
		return;
	for (size_t i = 0; i < ds->ndone; i++) {
		free(ds->done[i].tmp);
		free(ds->done[i].rel);
		free(ds->done[i].hex);
	}
	for (size_t i = 0; i < ds->ntemps; i++)
		free(ds->temps[i]);
	free(ds->done);
	free(ds->temps);
	free(ds->path);
	free(ds->parent);
	free(ds->base);
	free(ds->staging);
	free(ds);
	if (!armed) {
		for (size_t i = 0; i < ncreated; i++)
			free(created[i]);
		free(created);
		created = NULL;
		ncreated = capcreated = 0;
	}
	if (lock_fd >= 0)
		close(lock_fd);
	lock_fd = -1;
}
