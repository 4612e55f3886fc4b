/* SPDX-License-Identifier: MIT */
/* Dataset directories: staging, modes, atomic renames, cleanup. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dp.h"
#include "parquet_dataset.h"

struct done_file {
	char *tmp, *rel, *hex;
};

struct pq_dataset {
	char *path;
	enum pq_mode mode;
	char *staging;		/* the staging directory */
	int inside;		/* staging is inside path (append) */
	long seq;		/* temporary file numbers */
	struct done_file *done;
	size_t ndone, capdone;
	char **temps;		/* temporary paths handed out */
	size_t ntemps, captemps;
};

/* What to remove if the run ends early: the paths created in staging,
 * in creation order (files and directories). Read by the signal
 * handler, so only appended to, with the count updated last. */
static char **created;
static volatile size_t ncreated;
static size_t capcreated;
static struct pq_dataset *active;

static void
remember(const char *p)
{
	if (ncreated == capcreated) {
		size_t cap = capcreated ? capcreated * 2 : 64;
		char **n = dp_xmalloc(cap * sizeof *n);
		if (ncreated)
			memcpy(n, created, ncreated * sizeof *n);
		/* the old array is leaked on purpose: a signal handler
		 * may be reading it */
		created = n;
		capcreated = cap;
	}
	created[ncreated] = dp_xstrdup(p);
	ncreated = ncreated + 1;
}

/* Remove what was created, newest first; async-signal-safe. */
static void
remove_created(void)
{
	for (size_t i = ncreated; i-- > 0;) {
		if (unlink(created[i]) != 0)
			rmdir(created[i]);
	}
	ncreated = 0;
}

static void
on_signal(int sig)
{
	remove_created();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
at_exit(void)
{
	if (active)
		remove_created();
}

/* See parquet_dataset.h. */
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

/* mkdir -p; with `track` the directories made are remembered. */
static void
mkdirs(const char *path, int track)
{
	char *p = dp_xstrdup(path);

	for (char *s = p + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, 0777) == 0) {
			if (track)
				remember(p);
		} else if (errno != EEXIST) {
			dp_die(DP_EXIT_IO, "%s: mkdir:", p);
		}
		*s = c;
		if (!c)
			break;
	}
	free(p);
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

static int
rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		return rmdir(p) == 0 || errno == ENOENT ? 0 : -1;
	return unlink(p) == 0 || errno == ENOENT ? 0 : -1;
}

/* rm -rf */
static void
remove_tree(const char *path)
{
	if (nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS) != 0 &&
	    errno != ENOENT)
		dp_warn("%s: cannot remove:", path);
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

/* See parquet_dataset.h. */
struct pq_dataset *
pq_dataset_open(const char *path, enum pq_mode mode)
{
	struct pq_dataset *ds = dp_xmalloc(sizeof *ds);
	struct stat st;
	struct dp_buf b = { 0 };
	char *dir, *base;

	memset(ds, 0, sizeof *ds);
	ds->path = dp_xstrdup(path);
	ds->mode = mode;
	if (stat(path, &st) == 0) {
		if (!S_ISDIR(st.st_mode))
			dp_die(DP_EXIT_USAGE, "%s: exists and is not a "
			       "directory", path);
		if (mode == PQ_MODE_ERROR) {
			int e = dir_empty(path);
			if (e < 0)
				dp_die(DP_EXIT_IO, "%s:", path);
			if (!e)
				dp_die(DP_EXIT_USAGE, "%s: the dataset "
				       "directory is not empty (use --mode "
				       "append or --mode overwrite)", path);
		}
	} else if (errno != ENOENT) {
		dp_die(DP_EXIT_IO, "%s:", path);
	}
	split_path(path, &dir, &base);
	if (mode == PQ_MODE_APPEND) {
		mkdirs(path, 0);
		dp_buf_printf(&b, "%s/.dp-tmp-%ld", path, (long)getpid());
		ds->inside = 1;
	} else {
		mkdirs(dir, 0);
		dp_buf_printf(&b, "%s/.%s.dp-tmp-%ld", dir, base,
			      (long)getpid());
	}
	free(dir);
	free(base);
	ds->staging = dp_xstrdup(dp_buf_cstr(&b));
	dp_buf_free(&b);
	if (mkdir(ds->staging, 0777) != 0)
		dp_die(DP_EXIT_IO, "%s: mkdir:", ds->staging);
	remember(ds->staging);
	active = ds;
	atexit(at_exit);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	return ds;
}

/* See parquet_dataset.h. */
const char *
pq_dataset_temp(struct pq_dataset *ds, const char *rel)
{
	struct dp_buf b = { 0 };

	dp_buf_printf(&b, "%s%s%s", ds->staging, *rel ? "/" : "", rel);
	mkdirs(b.data, 1);
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

/* See parquet_dataset.h. */
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

/* fsync a directory; best effort (some file systems refuse). */
static void
sync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* Append mode: link each file into place under a name no file has. */
static void
place_files(struct pq_dataset *ds)
{
	struct dp_buf dir = { 0 }, name = { 0 };

	for (size_t i = 0; i < ds->ndone; i++) {
		struct done_file *f = &ds->done[i];
		dir.len = 0;
		dp_buf_printf(&dir, "%s%s%s", ds->path, *f->rel ? "/" : "",
			      f->rel);
		mkdirs(dir.data, 0);
		for (int k = 1;; k++) {
			name.len = 0;
			if (k == 1)
				dp_buf_printf(&name, "%s/part-%s.parquet",
					      dir.data, f->hex);
			else
				dp_buf_printf(&name, "%s/part-%s-%d.parquet",
					      dir.data, f->hex, k);
			if (link(f->tmp, name.data) == 0)
				break;
			if (errno == EEXIST)
				continue;
			/* no hard links here: rename, after a look */
			if (access(name.data, F_OK) == 0)
				continue;
			if (rename(f->tmp, name.data) != 0)
				dp_die(DP_EXIT_IO, "%s: rename:", f->tmp);
			break;
		}
		unlink(f->tmp);
		sync_dir(dir.data);
	}
	dp_buf_free(&dir);
	dp_buf_free(&name);
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

/* See parquet_dataset.h. */
void
pq_dataset_commit(struct pq_dataset *ds)
{
	if (ds->inside) {
		place_files(ds);
		remove_tree(ds->staging);
		ncreated = 0;
		active = NULL;
		return;
	}
	success(ds->staging);
	sync_dir(ds->staging);
	if (ds->mode == PQ_MODE_ERROR) {
		if (rename(ds->staging, ds->path) != 0) {
			if (errno == ENOTEMPTY || errno == EEXIST)
				dp_die(DP_EXIT_USAGE, "%s: the dataset "
				       "directory is no longer empty: "
				       "nothing written", ds->path);
			dp_die(DP_EXIT_IO, "%s: rename:", ds->path);
		}
	} else if (renameat2(AT_FDCWD, ds->staging, AT_FDCWD, ds->path,
			     RENAME_EXCHANGE) == 0) {
		/* the old tree is now at the staging name */
		ncreated = 0;
		active = NULL;
		remove_tree(ds->staging);
	} else if (errno == ENOENT) {
		if (rename(ds->staging, ds->path) != 0)
			dp_die(DP_EXIT_IO, "%s: rename:", ds->path);
	} else {
		/* no atomic exchange here: move the old tree aside first */
		struct dp_buf old = { 0 };
		dp_buf_printf(&old, "%s.old", ds->staging);
		if (rename(ds->path, old.data) != 0)
			dp_die(DP_EXIT_IO, "%s: rename:", ds->path);
		if (rename(ds->staging, ds->path) != 0) {
			int e = errno;
			rename(old.data, ds->path);
			errno = e;
			dp_die(DP_EXIT_IO, "%s: rename:", ds->path);
		}
		ncreated = 0;
		active = NULL;
		remove_tree(old.data);
		dp_buf_free(&old);
	}
	ncreated = 0;
	active = NULL;
	{
		char *dir, *base;
		split_path(ds->path, &dir, &base);
		sync_dir(dir);
		free(dir);
		free(base);
	}
}

/* See parquet_dataset.h. */
void
pq_dataset_abort(struct pq_dataset *ds)
{
	(void)ds;
	remove_created();
	active = NULL;
}

/* See parquet_dataset.h. */
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
	free(ds->staging);
	free(ds);
}
