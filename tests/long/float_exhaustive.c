/* SPDX-License-Identifier: MIT */
/* Every 32-bit float through dp_float_text and dp_parse_float, checked
 * against strtof (`make check-long`; not part of `make check`).
 *
 * For every finite float v, with T = dp_float_text(v), whose digits are
 * D (nd of them, no trailing zeros):
 *   (a) strtof(T) is v, bit for bit, and T has dp's layout (printf's
 *       %.Pg with P = max(6, nd), exponent without '+' or leading
 *       zeros, ".0" on integral values);
 *   (b) no text of nd - 1 digits reads back: it suffices to try D cut to
 *       nd - 1 digits and that plus one unit, the grid points around D,
 *       since the texts that read back to v form an interval holding D;
 *   (c) no other text of nd digits that reads back is nearer to v (or as
 *       near with an even last digit): it suffices to try D - 1 and
 *       D + 1 units (and 9 units of the next lower power when D is 1),
 *       comparing distances exactly in big integers;
 *   (d) dp_parse_float agrees with strtof, bit for bit and in its return
 *       value, on T and on each text tried above, on D with a '5' and
 *       with "4999999999" appended, and on every 16th float, on "%.9g"
 *       of v and "%.16g" and "%.17g" of the midpoints to its neighbours
 *       (doubles; their text is often read as the midpoint itself, the
 *       case where dp_parse_float's fast path must step aside).
 * Both signs are covered, as the bit patterns are. Threads (argument 1,
 * default 2) take blocks of 2^20 patterns in turn; the first failure
 * prints the bits and what failed, and exits 1; progress goes to
 * stderr every 64 blocks. Optional arguments 2
 * and 3 are the first and last pattern (hex), for a partial run. */
#include <inttypes.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dp.h"

#define BLOCK (1u << 20)

static uint64_t first, last;	/* patterns first..last */
static atomic_uint_fast64_t next_block;
static atomic_uint_fast64_t checked;

/* ---- exact comparison: c * 2^q against w * 10^p / 2 ---- */

#define LIMBS 24
struct big {
	uint32_t l[LIMBS];	/* little-endian base 2^32 */
};

static void
big_set(struct big *b, uint64_t v)
{
	memset(b, 0, sizeof *b);
	b->l[0] = (uint32_t)v;
	b->l[1] = (uint32_t)(v >> 32);
}

static void
big_mul(struct big *b, uint32_t m)
{
	uint64_t carry = 0;

	for (int i = 0; i < LIMBS; i++) {
		uint64_t t = (uint64_t)b->l[i] * m + carry;
		b->l[i] = (uint32_t)t;
		carry = t >> 32;
	}
}

static void
big_pow5(struct big *b, int n)
{
	for (; n >= 13; n -= 13)
		big_mul(b, 1220703125u);	/* 5^13 */
	while (n-- > 0)
		big_mul(b, 5);
}

static void
big_shl(struct big *b, int n)
{
	for (; n >= 32; n -= 32) {
		memmove(b->l + 1, b->l, (LIMBS - 1) * sizeof b->l[0]);
		b->l[0] = 0;
	}
	if (n > 0) {
		for (int i = LIMBS - 1; i > 0; i--)
			b->l[i] = b->l[i] << n | b->l[i - 1] >> (32 - n);
		b->l[0] <<= n;
	}
}

static int
big_cmp(const struct big *a, const struct big *b)
{
	for (int i = LIMBS - 1; i >= 0; i--)
		if (a->l[i] != b->l[i])
			return a->l[i] < b->l[i] ? -1 : 1;
	return 0;
}

/* Sign of c * 2^q - w * 10^p / 2. */
static int
cmp_half(uint32_t c, int q, uint64_t w, int p)
{
	struct big a, b;
	int a5 = p < 0 ? -p : 0, b5 = p > 0 ? p : 0;
	int a2 = q + 1 + a5, b2 = b5;
	int m = a2 < b2 ? a2 : b2;

	big_set(&a, c);
	big_pow5(&a, a5);
	big_shl(&a, a2 - m);
	big_set(&b, w);
	big_pow5(&b, b5);
	big_shl(&b, b2 - m);
	return big_cmp(&a, &b);
}

/* ---- texts ---- */

/* "<digits>e<exp>" at out, digits nd of them. */
static void
sci(char *out, const char *digits, int nd, int exp)
{
	memcpy(out, digits, (size_t)nd);
	out[nd] = 'e';
	char *p = out + nd + 1;
	if (exp < 0) {
		*p++ = '-';
		exp = -exp;
	}
	if (exp >= 10)
		*p++ = (char)('0' + exp / 10);
	*p++ = (char)('0' + exp % 10);
	*p = '\0';
}

/* Add delta (+1 or -1) to the decimal digits d (n of them, value > 0
 * when subtracting); returns the new count (n + 1 on a carry out). */
static int
step(char *d, int n, int delta)
{
	int i = n - 1;

	if (delta > 0) {
		while (i >= 0 && d[i] == '9')
			d[i--] = '0';
		if (i < 0) {
			memmove(d + 1, d, (size_t)n);
			d[0] = '1';
			return n + 1;
		}
		d[i]++;
	} else {
		while (d[i] == '0')
			d[i--] = '9';
		d[i]--;
	}
	return n;
}

static uint32_t
bits_of(float f)
{
	uint32_t u;

	memcpy(&u, &f, 4);
	return u;
}

static void
failed(uint32_t u, const char *text, const char *why, const char *other)
{
	float v;

	memcpy(&v, &u, 4);
	printf("FAIL float %08" PRIx32 " (%.9g): text '%s': %s%s%s\n", u,
	       (double)v, text, why, other ? ": " : "",
	       other ? other : "");
	fflush(stdout);
	exit(1);
}

/* strtof of t, and dp_parse_float of t must agree with it. */
static float
read_both(uint32_t u, const char *text, const char *t)
{
	float a = strtof(t, NULL), b;
	int rc = dp_parse_float(t, strlen(t), &b);

	if (bits_of(a) != bits_of(b) || rc != (isinf(a) ? -1 : 0))
		failed(u, text, "dp_parse_float differs from strtof on", t);
	return a;
}

/* Does the layout of text match (nd digits, decimal exponent x)? */
static int
layout_ok(const char *t, int nd, int x)
{
	const char *e = strchr(t, 'e');
	int prec = nd > 6 ? nd : 6;

	if (e)
		return (x < -4 || x >= prec) && e[1] != '+' &&
		       e[1 + (e[1] == '-')] != '0' &&
		       (nd > 1) == (strchr(t, '.') != NULL);
	if (x < -4 || x >= prec)
		return 0;
	const char *dot = strchr(t, '.');
	/* integral values end in ".0"; others have no trailing zero */
	return dot && dot[1] && (strcmp(dot, ".0") == 0 ||
				 t[strlen(t) - 1] != '0');
}

static void
check_one(uint32_t u)
{
	float v;
	char text[32], d[32], cand[48];
	int nd = 0, x;

	memcpy(&v, &u, 4);
	if (!isfinite(v))
		return;
	*dp_float_text(text, v) = '\0';
	if (bits_of(read_both(u, text, text)) != u)
		failed(u, text, "does not read back", NULL);
	if (v == 0) {
		if (strcmp(text, signbit(v) ? "-0.0" : "0.0") != 0)
			failed(u, text, "zero spelled wrong", NULL);
		return;
	}
	/* D and its unit: |v|'s text is D * 10^unit, x its exponent */
	int before = -1, all = 0, unit;
	const char *p = text + (text[0] == '-');
	for (; *p && *p != 'e'; p++) {
		if (*p == '.') {
			before = all;
			continue;
		}
		all++;
		if (nd > 0 || *p != '0')
			d[nd++] = *p;
	}
	unit = (before < 0 ? 0 : before - all) + (*p == 'e' ? atoi(p + 1) : 0);
	while (d[nd - 1] == '0') {
		nd--;
		unit++;
	}
	x = unit + nd - 1;
	if (!layout_ok(text, nd, x))
		failed(u, text, "layout is not %.Pg's", NULL);

	/* (b) one digit fewer */
	if (nd > 1) {
		char m[16];
		memcpy(m, d, (size_t)nd - 1);
		sci(cand, m, nd - 1, unit + 1);
		if (read_both(u, text, cand) == fabsf(v))
			failed(u, text, "a shorter text reads back", cand);
		int mn = step(m, nd - 1, 1);
		sci(cand, m, mn, unit + 1);
		if (read_both(u, text, cand) == fabsf(v))
			failed(u, text, "a shorter text reads back", cand);
	}

	/* (c) neighbours of the same length */
	uint32_t a = u & 0x7fffffff;
	uint32_t c = a >> 23 ? (a & 0x7fffff) | 0x800000 : a;
	int q = a >> 23 ? (int)(a >> 23) - 150 : -149;
	uint64_t dv = 0;
	for (int i = 0; i < nd; i++)
		dv = dv * 10 + (uint64_t)(d[i] - '0');
	for (int delta = -1; delta <= 1; delta += 2) {
		char n2[16];
		int n2d = nd, nunit = unit;
		uint64_t w;
		memcpy(n2, d, (size_t)nd);
		if (delta < 0 && nd == 1 && d[0] == '1') {
			n2[0] = '9';	/* 9 units of the next lower power */
			nunit--;
			w = 10 * dv - 1;	/* 2 * midpoint of 10 and 9 */
		} else {
			n2d = step(n2, nd, delta);
			w = 2 * dv + (uint64_t)delta;
		}
		sci(cand, n2, n2d, nunit);
		if (read_both(u, text, cand) != fabsf(v))
			continue;
		/* both read back: v against their midpoint w/2 * 10^nunit */
		int s = cmp_half(c, q, w, nunit);
		int nearer = delta > 0 ? s > 0 : s < 0;
		if (nearer)
			failed(u, text, "a nearer text reads back", cand);
		if (s == 0 && (d[nd - 1] - '0') % 2)
			failed(u, text, "a tie not to the even digit", cand);
	}

	/* (d) texts near D */
	const char *sign = signbit(v) ? "-" : "";
	memcpy(cand, sign, strlen(sign));
	char *t = cand + strlen(sign);
	memcpy(d + nd, "5", 1);
	sci(t, d, nd + 1, unit - 1);
	read_both(u, text, cand);
	memcpy(d + nd, "4999999999", 10);
	sci(t, d, nd + 10, unit - 10);
	read_both(u, text, cand);
	if ((u & 15) == 0) {
		float up = nextafterf(v, INFINITY), down = nextafterf(v, -INFINITY);
		snprintf(cand, sizeof cand, "%.9g", (double)v);
		read_both(u, text, cand);
		for (int i = 0; i < 4; i++) {
			float nb = i < 2 ? up : down;
			if (!isfinite(nb))
				continue;
			snprintf(cand, sizeof cand, "%.*g", 16 + i % 2,
				 ((double)v + (double)nb) / 2);
			read_both(u, text, cand);
		}
	}
}

static void *
worker(void *arg)
{
	(void)arg;
	for (;;) {
		uint64_t b = atomic_fetch_add(&next_block, 1);
		uint64_t lo = first + b * BLOCK;
		if (lo > last)
			return NULL;
		uint64_t hi = lo + BLOCK - 1 < last ? lo + BLOCK - 1 : last;
		for (uint64_t u = lo; u <= hi; u++)
			check_one((uint32_t)u);
		uint64_t done = atomic_fetch_add(&checked, hi - lo + 1) +
				(hi - lo + 1);
		if (b % 64 == 63)	/* progress: about every 1.5% */
			fprintf(stderr, "float_exhaustive: %" PRIu64
				" of %" PRIu64 " patterns checked\n", done,
				last - first + 1);
	}
}

int
main(int argc, char **argv)
{
	int threads = argc > 1 ? atoi(argv[1]) : 2;

	first = argc > 2 ? strtoull(argv[2], NULL, 16) : 0;
	last = argc > 3 ? strtoull(argv[3], NULL, 16) : 0xffffffffu;
	if (threads < 1 || threads > 64 || first > last || last > 0xffffffffu) {
		fprintf(stderr, "usage: float_exhaustive [THREADS [FIRST LAST]]\n");
		return 2;
	}
	pthread_t tid[64];
	for (int i = 0; i < threads; i++)
		pthread_create(&tid[i], NULL, worker, NULL);
	for (int i = 0; i < threads; i++)
		pthread_join(tid[i], NULL);
	printf("ok float_exhaustive: %" PRIu64 " bit patterns %08" PRIx64
	       "..%08" PRIx64 " (every finite float among them): printed "
	       "shortest and nearest, read back exactly by both readers\n",
	       (uint64_t)atomic_load(&checked), first, last);
	return 0;
}
