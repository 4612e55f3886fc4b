/* SPDX-License-Identifier: MIT */
/* Batches of texts, closed by count and by estimated tokens (see
 * embed.h). */
#include <stdlib.h>
#include <string.h>

#include "embed.h"

/* See embed.h. About 3 bytes a token: conservative for English under
 * the BPE tokenizers, so that token caps are not crossed. */
long long
dp_embed_tokens(size_t n)
{
	return n ? (long long)((n + 2) / 3) : 1;
}

/* A new empty batch. */
static struct embed_batch *
batch_new(void)
{
	struct embed_batch *b = dp_xmalloc(sizeof *b);

	memset(b, 0, sizeof *b);
	return b;
}

/* Append one item. */
static void
batch_push(struct embed_batch *b, long long seq, long long tokens)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 16;
		b->seq = dp_xrealloc(b->seq, (size_t)b->cap * sizeof *b->seq);
		b->tok = dp_xrealloc(b->tok, (size_t)b->cap * sizeof *b->tok);
	}
	b->seq[b->n] = seq;
	b->tok[b->n++] = tokens;
	b->tokens += tokens;
}

/* Move the open batch, if it has items, to the end of the closed list. */
static void
close_open(struct embed_batcher *bt)
{
	struct embed_batch **t = &bt->closed;

	if (!bt->open || bt->open->n == 0)
		return;
	while (*t)
		t = &(*t)->next;
	*t = bt->open;
	bt->open = NULL;
}

/* See embed.h. */
void
dp_embed_batcher_add(struct embed_batcher *bt, long long seq, long long tokens)
{
	if (bt->open && bt->open->n > 0 &&
	    bt->open->tokens + tokens > bt->max_tokens)
		close_open(bt);
	if (!bt->open)
		bt->open = batch_new();
	batch_push(bt->open, seq, tokens);
	if (bt->open->n >= bt->max_n)
		close_open(bt);
}

/* See embed.h. */
void
dp_embed_batcher_flush(struct embed_batcher *bt)
{
	close_open(bt);
}

/* See embed.h. */
struct embed_batch *
dp_embed_batcher_next(struct embed_batcher *bt)
{
	struct embed_batch *b = bt->closed;

	if (b) {
		bt->closed = b->next;
		b->next = NULL;
	}
	return b;
}

/* See embed.h. */
struct embed_batch *
dp_embed_batch_split(struct embed_batch *b)
{
	struct embed_batch *h = batch_new();
	int half = b->n / 2;

	for (int i = half; i < b->n; i++)
		batch_push(h, b->seq[i], b->tok[i]);
	b->n = half;
	b->tokens = 0;
	for (int i = 0; i < half; i++)
		b->tokens += b->tok[i];
	b->attempts = b->rate_attempts = 0;
	return h;
}

/* See embed.h. */
void
dp_embed_batch_free(struct embed_batch *b)
{
	if (!b)
		return;
	free(b->seq);
	free(b->tok);
	free(b);
}
