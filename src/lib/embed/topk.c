/* SPDX-License-Identifier: MIT */
/* The best K records by score (see embed.h): dp-search's ranking. */
#include <stdlib.h>
#include <string.h>

#include "embed.h"

struct hit {
	double score;
	long long seq;
	char *line;		/* a copy of the record's line */
	size_t len;
};

struct dp_topk {
	long long top;
	long long seq;		/* records offered so far */
	struct hit *heap;	/* min-heap of the best `top` so far */
	long long n, cap;	/* hits in the heap, slots allocated */
};

/* See embed.h. */
struct dp_topk *
dp_topk_new(long long k)
{
	struct dp_topk *t = dp_xmalloc(sizeof *t);

	*t = (struct dp_topk){ .top = k };
	return t;
}

/* Is hit a worse than hit b (lower score, or later on a tie)? */
static int
worse(const struct hit *a, const struct hit *b)
{
	return a->score < b->score ||
	       (a->score == b->score && a->seq > b->seq);
}

/* Restore the heap below index i. */
static void
sift_down(struct hit *h, long long n, long long i)
{
	for (;;) {
		long long l = 2 * i + 1, r = l + 1, m = i;
		if (l < n && worse(&h[l], &h[m]))
			m = l;
		if (r < n && worse(&h[r], &h[m]))
			m = r;
		if (m == i)
			return;
		struct hit t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}

/* A copy of line[0..n). */
static char *
copy(const char *line, size_t n)
{
	char *p = dp_xmalloc(n ? n : 1);

	memcpy(p, line, n);
	return p;
}

/* See embed.h. The heap grows with the records seen, so a huge K costs
 * no more than the input; a line is copied only when kept. */
void
dp_topk_offer(struct dp_topk *s, const char *line, size_t n, double score)
{
	struct hit h = { score, s->seq++, NULL, n };

	if (s->n < s->top) {
		if (s->n == s->cap) {
			s->cap = s->cap ? s->cap * 2 : 64;
			if (s->cap > s->top)
				s->cap = s->top;
			s->heap = dp_xrealloc(s->heap, (size_t)s->cap *
					      sizeof *s->heap);
		}
		long long i = s->n++;
		h.line = copy(line, n);
		s->heap[i] = h;
		while (i > 0 && worse(&s->heap[i], &s->heap[(i - 1) / 2])) {
			struct hit t = s->heap[i];
			s->heap[i] = s->heap[(i - 1) / 2];
			s->heap[(i - 1) / 2] = t;
			i = (i - 1) / 2;
		}
	} else if (s->top > 0 && worse(&s->heap[0], &h)) {
		free(s->heap[0].line);
		h.line = copy(line, n);
		s->heap[0] = h;
		sift_down(s->heap, s->n, 0);
	}
}

/* Sort hits best first. */
static int
by_rank(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;

	return worse(y, x) ? -1 : worse(x, y) ? 1 : 0;
}

/* See embed.h. */
long long
dp_topk_sort(struct dp_topk *t)
{
	if (t->n)
		qsort(t->heap, (size_t)t->n, sizeof *t->heap, by_rank);
	return t->n;
}

/* See embed.h. */
const char *
dp_topk_hit(const struct dp_topk *t, long long i, size_t *n, double *score)
{
	*score = t->heap[i].score;
	*n = t->heap[i].len;
	return t->heap[i].line;
}

/* See embed.h. */
void
dp_topk_free(struct dp_topk *t)
{
	if (!t)
		return;
	for (long long i = 0; i < t->n; i++)
		free(t->heap[i].line);
	free(t->heap);
	free(t);
}
