/* SPDX-License-Identifier: MIT */
/* Row groups written by a second thread, one at a time. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "flusher.h"

struct pq_flusher {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t changed;		/* a job was posted, done, or quit */
	struct pq_pagectx *ctx;
	/* the job in flight, while busy */
	struct pq_file *file;
	struct pq_colbuf *cols;
	int ncols;
	int64_t nrows;
	int release;
	int busy;
	int quit;
};

/* Die on a pthread error code (these fail only when resources run out). */
static void
check(int rc, const char *what)
{
	if (rc != 0) {
		errno = rc;
		dp_die(DP_EXIT_INTERNAL, "%s:", what);
	}
}

/* The thread: write each posted row group, until told to quit. */
static void *
run(void *arg)
{
	struct pq_flusher *fl = arg;

	pthread_mutex_lock(&fl->lock);
	for (;;) {
		while (!fl->busy && !fl->quit)
			pthread_cond_wait(&fl->changed, &fl->lock);
		if (!fl->busy)
			break;
		pthread_mutex_unlock(&fl->lock);
		pq_file_rowgroup(fl->file, fl->cols, fl->ncols, fl->nrows,
				 fl->ctx, fl->release);
		pq_sink_suspend(&fl->file->sink);
		pthread_mutex_lock(&fl->lock);
		fl->busy = 0;
		pthread_cond_broadcast(&fl->changed);
	}
	pthread_mutex_unlock(&fl->lock);
	return NULL;
}

/* See flusher.h. */
struct pq_flusher *
pq_flusher_new(struct pq_pagectx *ctx)
{
	struct pq_flusher *fl = dp_xmalloc(sizeof *fl);
	sigset_t held, old;

	memset(fl, 0, sizeof *fl);
	fl->ctx = ctx;
	check(pthread_mutex_init(&fl->lock, NULL), "pthread_mutex_init");
	check(pthread_cond_init(&fl->changed, NULL), "pthread_cond_init");
	sigemptyset(&held);
	sigaddset(&held, SIGINT);
	sigaddset(&held, SIGTERM);
	sigaddset(&held, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &held, &old);
	check(pthread_create(&fl->thread, NULL, run, fl), "pthread_create");
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return fl;
}

/* See flusher.h. */
void
pq_flusher_wait(struct pq_flusher *fl)
{
	pthread_mutex_lock(&fl->lock);
	while (fl->busy)
		pthread_cond_wait(&fl->changed, &fl->lock);
	pthread_mutex_unlock(&fl->lock);
}

/* See flusher.h. */
void
pq_flusher_start(struct pq_flusher *fl, struct pq_file *file,
		 struct pq_colbuf *cols, int ncols, int64_t nrows,
		 int release)
{
	pthread_mutex_lock(&fl->lock);
	while (fl->busy)
		pthread_cond_wait(&fl->changed, &fl->lock);
	fl->file = file;
	fl->cols = cols;
	fl->ncols = ncols;
	fl->nrows = nrows;
	fl->release = release;
	fl->busy = 1;
	pthread_cond_broadcast(&fl->changed);
	pthread_mutex_unlock(&fl->lock);
}

/* See flusher.h. */
void
pq_flusher_free(struct pq_flusher *fl)
{
	if (!fl)
		return;
	pthread_mutex_lock(&fl->lock);
	fl->quit = 1;
	pthread_cond_broadcast(&fl->changed);
	pthread_mutex_unlock(&fl->lock);
	pthread_join(fl->thread, NULL);
	pthread_mutex_destroy(&fl->lock);
	pthread_cond_destroy(&fl->changed);
	free(fl);
}
