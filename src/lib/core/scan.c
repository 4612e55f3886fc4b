/* SPDX-License-Identifier: MIT */
/* The record scanner (span.h): one validating pass over a line that
 * accepts exactly what jansson's json_loadb(JSON_ALLOW_NUL) accepts as
 * an object, indexing the top-level fields as spans; nested values are
 * found, strings decoded and numbers read only when asked. */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "digits.h"
#include "dp.h"

/* What a byte is inside a string. */
enum { PLAIN, QUOTE, BACKSLASH, CONTROL, HIGH };
#define C8 CONTROL, CONTROL, CONTROL, CONTROL, CONTROL, CONTROL, CONTROL, CONTROL
#define H8 HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH, HIGH
static const unsigned char str_class[256] = {
	C8, C8, C8, C8,
	['"'] = QUOTE, ['\\'] = BACKSLASH,
	[0x80] = H8, H8, H8, H8, H8, H8, H8, H8, H8, H8, H8, H8, H8, H8, H8, H8
};
#undef C8
#undef H8

/* Scratch memory of the scans in this thread, grown as needed and
 * kept: the canonical text of a number, and the keys of the nested
 * objects still open (to find a repeated one). */
static _Thread_local struct {
	struct dp_buf num;
	struct dp_jspan *keys;
	size_t nkeys, cap;
} scratch;

/* A scan in progress. */
struct sc {
	const char *p, *end;	/* the next byte, the end of the text */
	int canon;		/* what was scanned of the current value is
				 * canonical */
	long gaps;		/* white space (or a dropped NUL) seen */
	int lax;		/* dp_scan_line_lax: numbers of any size */
	struct dp_scan *vecs;	/* want_vec: the scan to read floats into */
	long vec;		/* the last top-level array's vec, vec_len */
	size_t vec_len;
};

/* Skip JSON white space. */
static void
ws(struct sc *c)
{
	const char *p = c->p;

	while (p < c->end && (*p == ' ' || *p == '\t' || *p == '\n' ||
			      *p == '\r'))
		p++;
	if (p != c->p)
		c->gaps++;
	c->p = p;
}

/* The value of the four hex digits at p (before end), or -1. */
static long
hex4(const char *p, const char *end)
{
	long v = 0;

	if (end - p < 4)
		return -1;
	for (int i = 0; i < 4; i++) {
		int d = p[i];
		if (d >= '0' && d <= '9')
			d -= '0';
		else if (d >= 'a' && d <= 'f')
			d -= 'a' - 10;
		else if (d >= 'A' && d <= 'F')
			d -= 'A' - 10;
		else
			return -1;
		v = v << 4 | d;
	}
	return v;
}

/* Is the escape "\uXXXX" at p (code point u) as dp_json_string writes
 * it: a control character without a short escape, lower-case hex? */
static int
canonical_u(const char *p, long u)
{
	return u < 0x20 && u != '\b' && u != '\t' && u != '\n' &&
	       u != '\f' && u != '\r' && !(p[5] >= 'A' && p[5] <= 'F');
}

/* Are the 8 bytes at p all PLAIN: none below 0x20, '"', '\\' or from
 * 0x80 on? Eight at once: (x - 0x01..) & ~x & 0x80.. is not zero
 * exactly when some byte of x is zero (and with 0x20.. for n, when
 * one is below 0x20). */
static int
plain8(const char *p)
{
	const uint64_t ones = 0x0101010101010101u, high = ones * 0x80;
	uint64_t w, q, b;

	memcpy(&w, p, 8);
	q = w ^ ones * '"';
	b = w ^ ones * '\\';
	return ((((q - ones) & ~q) | ((b - ones) & ~b) |
		 ((w - ones * 0x20) & ~w) | w) & high) == 0;
}

/* Scan the string whose quote is at c->p: valid UTF-8, no control
 * byte, valid escapes (surrogates in pairs). Sets *esc when it has an
 * escape and *nul when it decodes to a NUL byte. Returns 0 with c->p
 * past the closing quote, or -1. */
static int
scan_string(struct sc *c, unsigned char *esc, int *nul)
{
	const char *p = c->p + 1, *end = c->end;

	for (;;) {
		while (end - p >= 8 && plain8(p))
			p += 8;
		while (p < end && str_class[(unsigned char)*p] == PLAIN)
			p++;
		if (p == end)
			return -1;
		switch (str_class[(unsigned char)*p]) {
		case QUOTE:
			c->p = p + 1;
			return 0;
		case CONTROL:
			return -1;
		case HIGH: {
			uint32_t cp;
			size_t k = dp_utf8_next(p, (size_t)(end - p), &cp);
			if (!k)
				return -1;
			p += k;
			break;
		}
		default:	/* BACKSLASH */
			*esc = 1;
			if (end - p < 2)
				return -1;
			switch (p[1]) {
			case '"': case '\\': case 'b': case 'f': case 'n':
			case 'r': case 't':
				p += 2;
				break;
			case '/':
				c->canon = 0;
				p += 2;
				break;
			case 'u': {
				long u = hex4(p + 2, end), lo;
				if (u < 0 || (u >= 0xDC00 && u <= 0xDFFF))
					return -1;
				if (u >= 0xD800 && u <= 0xDBFF) {
					if (end - p < 8 || p[6] != '\\' ||
					    p[7] != 'u')
						return -1;
					lo = hex4(p + 8, end);
					if (lo < 0xDC00 || lo > 0xDFFF)
						return -1;
					c->canon = 0;
					p += 12;
					break;
				}
				if (!canonical_u(p, u))
					c->canon = 0;
				if (u == 0)
					*nul = 1;
				p += 6;
				break;
			}
			default:
				return -1;
			}
		}
	}
}

static int is_digit(char ch) { return ch >= '0' && ch <= '9'; }

/* The parts of a JSON number's text: [-] int [. frac] [e|E [+|-] exp]. */
struct num {
	const char *start, *in, *fr, *ex;	/* ex: the 'e'; fr, ex may be
						 * NULL */
	size_t n, nin, nfr;
};

/* The decimal exponent of the first significant digit of num x, whose
 * first significant digit is `sig` bytes into its fraction when the
 * integer part is 0 (else -1), clamped to +-100000; sets *k to the
 * number of significant digits without trailing zeros. */
static long
real_exponent(const struct num *x, size_t sig, size_t *k)
{
	const char *last = x->fr ? x->fr + x->nfr - 1 : x->in + x->nin - 1;
	const char *first = x->in[0] == '0' ? x->fr + sig : x->in;
	long e = x->in[0] == '0' ? -(long)sig - 1 : (long)x->nin - 1;

	while (*last == '0' || *last == '.')
		last--;
	*k = (size_t)(last - first) + 1 - (x->fr && first < x->fr &&
					   last >= x->fr);
	if (x->ex) {
		const char *p = x->ex + 1;
		int neg = *p == '-';
		long v = 0;
		p += *p == '-' || *p == '+';
		for (; p < x->start + x->n && v < 100000; p++)
			v = v * 10 + (*p - '0');
		e += neg ? -v : v;
	}
	return e;
}

/* Is real number x, finite with k <= 15 significant digits, the first
 * at decimal exponent e, written as dp_json_double writes its double?
 * That double prints under "%.15g" as these very digits (15 decimal
 * digits always survive a double), laid out as %g lays them out: fixed
 * for -4 <= e < 15, else d[.ddd]e[-]x; then a fixed text without a
 * point gets ".0" and the exponent loses its '+' and leading zeros. */
static int
real_canonical(const struct num *x, long e, size_t sig)
{
	if (!x->ex) {
		if (e < -4 || e >= 15)
			return 0;
		if (x->in[0] == '0')	/* 0.000ddd: no trailing zero */
			return sig <= 3 && x->fr[x->nfr - 1] != '0';
		return x->fr[x->nfr - 1] != '0' || x->nfr == 1;
	}
	const char *p = x->ex + 1;
	if (e >= -4 && e < 15)
		return 0;
	if (x->ex[0] != 'e' || x->nin != 1 || x->in[0] == '0' ||
	    (x->fr && x->fr[x->nfr - 1] == '0') || *p == '+')
		return 0;
	p += *p == '-';
	return *p != '0';
}

/* Clear c->canon unless real number x (finite as a double, else -1) is
 * written as dp_json_value writes it. One pass over the digits decides
 * that for every number but those with more than 15 significant digits
 * or a decimal exponent beyond +-307, which go through
 * dp_json_number_text. */
static __attribute__((noinline)) int
real_check(struct sc *c, const struct num *x)
{
	size_t sig = 0, k;

	if (x->in[0] == '0') {
		while (sig < x->nfr && x->fr[sig] == '0')
			sig++;
		if (sig == x->nfr) {	/* zero: "0.0" or "-0.0" it is */
			if (x->ex || x->nfr != 1)
				c->canon = 0;
			return 0;
		}
	}
	long e = real_exponent(x, sig, &k);
	if (k <= 15 && e >= -307 && e <= 307) {
		if (!real_canonical(x, e, sig))
			c->canon = 0;
		return 0;
	}
	const char *why;
	scratch.num.len = 0;
	if (dp_json_number_text(&scratch.num, x->start, x->n, &why) != 0)
		return -1;
	if (scratch.num.len != x->n || memcmp(scratch.num.data, x->start, x->n))
		c->canon = 0;
	return 0;
}

/* The float nearest to real number x, whose digits are w (wrapped past
 * 19 of them): 0, or -1 when it is beyond a float's range. */
static int
real_float(const struct num *x, uint64_t w, float *f)
{
	long digits = (long)x->nfr, e = -(long)x->nfr;

	if (x->in[0] != '0')
		digits += (long)x->nin;
	else
		for (size_t i = 0; i < x->nfr && x->fr[i] == '0'; i++)
			digits--;
	if (x->ex) {
		const char *p = x->ex + 1;
		int neg = *p == '-';
		long v = 0;
		p += *p == '-' || *p == '+';
		for (; p < x->start + x->n && v <= 22 + 19; p++)
			v = v * 10 + (*p - '0');
		if (v > 22 + 19)
			digits = LONG_MAX;	/* the slow way */
		e += neg ? -v : v;
	}
	return dp_float_decimal(w, digits, e, x->start[0] == '-', x->start,
				x->n, f);
}

/* Scan the number at c->p as jansson does: JSON's grammar, an integer
 * within int64, any other number finite as a double (with c->lax, any
 * number JSON's grammar allows). Sets *type, and clears c->canon unless
 * the text is dp_json_value's for the number. With f, a real number is
 * also read as the nearest float, in the same pass over its digits:
 * *f_ok is cleared when it is an integer or beyond a float's range. */
static inline __attribute__((always_inline)) int
scan_number(struct sc *c, unsigned char *type, float *f, int *f_ok)
{
	const char *p = c->p, *end = c->end;
	struct num x = { p, NULL, NULL, NULL, 0, 0, 0 };
	uint64_t w = 0;

	p += *p == '-';
	x.in = p;
	if (p < end && *p == '0')
		p++;
	else
		p = f ? dp_read_digits(p, end, &w) : dp_skip_digits(p, end);
	x.nin = (size_t)(p - x.in);
	if (!x.nin || (p < end && is_digit(*p)))	/* "-", "01" */
		return -1;
	if (p < end && *p == '.') {
		x.fr = p + 1;
		p = f ? dp_read_digits(x.fr, end, &w) :
			dp_skip_digits(x.fr, end);
		if (!(x.nfr = (size_t)(p - x.fr)))
			return -1;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		const char *d;
		x.ex = p++;
		p += p < end && (*p == '+' || *p == '-');
		d = p;
		p = dp_skip_digits(p, end);
		if (p == d)
			return -1;
	}
	c->p = p;
	x.n = (size_t)(p - x.start);
	if (!x.fr && !x.ex) {
		*type = DP_JINT;
		if (f)
			*f_ok = 0;
		if (x.nin > 18 && !c->lax && !dp_int_text_fits(x.start, x.n))
			return -1;
		if (x.nin == 1 && x.in[0] == '0' && x.in != x.start)
			c->canon = 0;	/* "-0" reads as 0 */
		return 0;
	}
	*type = DP_JREAL;
	if (f && real_float(&x, w, f) != 0)
		*f_ok = 0;
	return c->lax ? 0 : real_check(c, &x);
}

/* A vector's element in its commonest shape, as dp writes vectors:
 * -?(0|[1-9][0-9]*)\.[0-9]+ followed at once by ',' or ']', with at
 * most 15 significant digits and a float that dp_float_fast decides.
 * Reads it at p into *f and clears *canon unless it is written as
 * dp_json_value writes its double (see real_canonical); returns the
 * ',' or ']' after it. NULL, having changed nothing, for any other
 * shape: the general way scans it. */
static inline const char *
vector_element(const char *p, const char *end, float *f, int *canon)
{
	const char *fr, *first;
	uint64_t w = 0;
	int neg = *p == '-';
	long nin = 0, nfr, digits;

	/* 0.0, the commonest element of a sparse vector: at once */
	if (end - p >= 4 && p[0] == '0' && p[1] == '.' && p[2] == '0' &&
	    (p[3] == ',' || p[3] == ']')) {
		*f = 0.0f;
		return p + 3;
	}
	p += neg;
	if (p < end && *p == '0') {
		p++;
	} else {
		const char *in = p;
		for (; p < end && (unsigned char)(*p - '0') < 10; p++)
			w = w * 10 + (uint64_t)(*p - '0');
		if (!(nin = p - in))
			return NULL;
	}
	if (p >= end || *p != '.')
		return NULL;
	fr = ++p;
	if (!nin)
		while (p < end && *p == '0')
			p++;
	first = p;
	if (end - p >= 8)	/* one step: vectors' values have 8 or 9 */
		p += dp_digit_step(p, &w);
	for (; p < end && (unsigned char)(*p - '0') < 10; p++)
		w = w * 10 + (uint64_t)(*p - '0');
	nfr = p - fr;
	digits = nin + (p - first);
	if (!nfr || p >= end || (*p != ',' && *p != ']') || digits > 15 ||
	    dp_float_fast(w, -nfr, neg, f) != 0)
		return NULL;
	/* at most 15 digits: canonical as real_canonical says */
	if (!nin ? (w ? first - fr > 3 || p[-1] == '0' : nfr != 1) :
		   p[-1] == '0' && nfr != 1)
		*canon = 0;
	return p;
}

/* Scan the literal `word` (len bytes) at c->p: jansson reads a whole
 * run of letters, so none may follow. */
static int
scan_literal(struct sc *c, const char *word, size_t len)
{
	if ((size_t)(c->end - c->p) < len || memcmp(c->p, word, len) != 0)
		return -1;
	c->p += len;
	if (c->p < c->end && ((*c->p >= 'a' && *c->p <= 'z') ||
			      (*c->p >= 'A' && *c->p <= 'Z')))
		return -1;
	return 0;
}

static int scan_value(struct sc *c, int depth, struct dp_jspan *v,
		      struct dp_scan *top);

/* After a member or an element: white space, then ',' and white space
 * (returns 1: another follows) or `close` (returns 0, c->p on it);
 * anything else is an error (-1). */
static int
separator(struct sc *c, char close)
{
	ws(c);
	if (c->p == c->end)
		return -1;
	if (*c->p == close)
		return 0;
	if (*c->p != ',')
		return -1;
	c->p++;
	ws(c);
	return 1;
}

/* Order key spans by length, then bytes. */
static int
cmp_key(const void *a, const void *b)
{
	const struct dp_jspan *x = a, *y = b;

	if (x->n != y->n)
		return x->n < y->n ? -1 : 1;
	return memcmp(x->p, y->p, x->n);
}

/* Do the keys scratch.keys[from..) repeat one? They are canonical, so
 * equal bytes mean equal keys. A few are compared pairwise, more
 * sorted (they are dropped after). */
static int
repeated_key(size_t from)
{
	struct dp_jspan *k;
	size_t n = scratch.nkeys - from;

	if (n < 2)	/* none yet: scratch.keys may be NULL */
		return 0;
	k = scratch.keys + from;
	if (n > 16) {
		qsort(k, n, sizeof *k, cmp_key);
		for (size_t i = 1; i < n; i++)
			if (cmp_key(&k[i - 1], &k[i]) == 0)
				return 1;
		return 0;
	}
	for (size_t i = 1; i < n; i++)
		for (size_t j = 0; j < i; j++)
			if (cmp_key(&k[i], &k[j]) == 0)
				return 1;
	return 0;
}

/* Scan the object at c->p (depth `depth`). With top, it is the record:
 * its fields go to top->field. */
static int
scan_object(struct sc *c, int depth, struct dp_scan *top)
{
	long gaps = c->gaps;
	size_t base = scratch.nkeys;
	int more;

	c->p++;
	ws(c);
	if (c->p < c->end && *c->p == '}')
		goto end;
	for (;;) {
		struct dp_jspan key = { 0 }, v;
		int nul = 0;

		if (c->p == c->end || *c->p != '"')
			return -1;
		key.p = c->p;
		if (top)
			c->canon = 1;
		if (scan_string(c, &key.esc, &nul) != 0 || (nul && !c->lax))
			return -1;
		key.n = (size_t)(c->p - key.p);
		key.canon = (unsigned char)c->canon;
		ws(c);
		if (c->p == c->end || *c->p != ':')
			return -1;
		c->p++;
		ws(c);
		if (top) {
			c->canon = 1;
		} else {
			scratch.keys = dp_xgrow(scratch.keys, &scratch.cap,
						scratch.nkeys + 1,
						sizeof *scratch.keys);
			scratch.keys[scratch.nkeys++] = key;
		}
		c->vec = -1;
		if (scan_value(c, depth + 1, &v, NULL) != 0)
			return -1;
		if (top) {
			struct dp_jfield *f;
			v.canon = (unsigned char)c->canon;
			top->field = dp_xgrow(top->field, &top->cap,
					      top->n + 1, sizeof *top->field);
			f = &top->field[top->n++];
			f->key = key.p + 1;
			f->key_len = key.n - 2;
			f->name = f->key;
			f->name_len = f->key_len;
			f->key_esc = key.esc;
			f->key_canon = key.canon;
			f->v = v;
			f->vec = v.type == DP_JARRAY ? c->vec : -1;
			f->vec_len = c->vec_len;
			if (!key.canon || !v.canon)
				top->canon = 0;
		}
		if ((more = separator(c, '}')) < 0)
			return -1;
		if (!more)
			break;
	}
end:
	c->p++;
	if (!top) {
		if (c->gaps != gaps || (c->canon && repeated_key(base)))
			c->canon = 0;
		scratch.nkeys = base;
	}
	return 0;
}

/* Scan the array at c->p (depth `depth`). */
static int
scan_array(struct sc *c, int depth)
{
	long gaps = c->gaps;
	int more, vec_ok = 1;
	/* a top-level array, read as floats too (want_vec) */
	struct dp_scan *vecs = depth == 2 ? c->vecs : NULL;
	size_t first = vecs ? vecs->nvec : 0;

	if (vecs)	/* room for every element: each takes 2 bytes */
		vecs->vec = dp_xgrow(vecs->vec, &vecs->capvec, first + 1 +
				     (size_t)(c->end - c->p) / 2,
				     sizeof *vecs->vec);
	c->p++;
	ws(c);
	if (c->p < c->end && *c->p == ']')
		goto end;
	for (;;) {
		struct dp_jspan v;

		const char *q;

		/* a number, then ',' and no white space: a vector's
		 * elements, the commonest array, the short way */
		if (vecs && c->p < c->end && (q = vector_element(c->p,
				c->end, &vecs->vec[vecs->nvec], &c->canon))) {
			vecs->nvec++;
			c->p = q;
			if (c->end - q >= 2 && q[0] == ',' &&
			    (is_digit(q[1]) || q[1] == '-')) {
				c->p++;
				continue;
			}
		} else if (c->p < c->end && depth < DP_SCAN_MAX_DEPTH &&
		    (is_digit(*c->p) || *c->p == '-')) {
			if (!vecs) {
				if (scan_number(c, &v.type, NULL, NULL) != 0)
					return -1;
			} else {
				if (scan_number(c, &v.type,
						&vecs->vec[vecs->nvec],
						&vec_ok) != 0)
					return -1;
				vecs->nvec++;
			}
			if (c->end - c->p >= 2 && c->p[0] == ',' &&
			    (is_digit(c->p[1]) || c->p[1] == '-')) {
				c->p++;
				continue;
			}
			if (c->p < c->end && *c->p == '\0') {
				c->p++;
				c->gaps++;
			}
		} else {
			vec_ok = 0;
			if (scan_value(c, depth + 1, &v, NULL) != 0)
				return -1;
		}
		if ((more = separator(c, ']')) < 0)
			return -1;
		if (!more)
			break;
	}
end:
	c->p++;
	if (c->gaps != gaps)
		c->canon = 0;
	if (vecs) {
		c->vec = vec_ok ? (long)first : -1;
		c->vec_len = vec_ok ? vecs->nvec - first : 0;
		if (!vec_ok)
			vecs->nvec = first;
	}
	return 0;
}

/* Scan the value at c->p, at nesting depth `depth`, into *v (v->canon
 * is left to the caller: c->canon says it). jansson drops a NUL byte
 * right after a number or a literal (its lexer gives the byte back,
 * then reads past it): so does this, as white space. */
static int
scan_value(struct sc *c, int depth, struct dp_jspan *v, struct dp_scan *top)
{
	int r, nul = 0, scalar = 1;

	if (depth > DP_SCAN_MAX_DEPTH || c->p == c->end)
		return -1;
	v->p = c->p;
	v->esc = 0;
	v->canon = 0;
	switch (*c->p) {
	case '{':
		v->type = DP_JOBJECT;
		r = scan_object(c, depth, top);
		scalar = 0;
		break;
	case '[':
		v->type = DP_JARRAY;
		r = scan_array(c, depth);
		scalar = 0;
		break;
	case '"':
		v->type = DP_JSTRING;
		r = scan_string(c, &v->esc, &nul);
		scalar = 0;
		break;
	case 't':
		v->type = DP_JTRUE;
		r = scan_literal(c, "true", 4);
		break;
	case 'f':
		v->type = DP_JFALSE;
		r = scan_literal(c, "false", 5);
		break;
	case 'n':
		v->type = DP_JNULL;
		r = scan_literal(c, "null", 4);
		break;
	default:
		if (*c->p != '-' && !is_digit(*c->p))
			return -1;
		r = scan_number(c, &v->type, NULL, NULL);
		break;
	}
	if (r != 0)
		return -1;
	v->n = (size_t)(c->p - v->p);
	if (scalar && c->p < c->end && *c->p == '\0') {
		c->p++;
		c->gaps++;
	}
	return 0;
}

/* Index s's fields by decoded key: decode the keys with escapes, and
 * merge repeated keys (first place, last value). */
static void
index_fields(struct dp_scan *s)
{
	size_t need = 0, m = 0, mask;

	for (size_t i = 0; i < s->n; i++)
		if (s->field[i].key_esc)
			need += s->field[i].key_len;
	s->names.len = 0;
	dp_buf_reserve(&s->names, need);	/* decoded keys are shorter */
	for (size_t i = 0; i < s->n; i++) {
		struct dp_jfield *f = &s->field[i];
		if (!f->key_esc)
			continue;
		f->name = s->names.data + s->names.len;
		dp_json_unescape(&s->names, f->key, f->key_len);
		f->name_len = (size_t)(s->names.data + s->names.len - f->name);
	}
	if (s->nslot < 2 * s->n || s->nslot == 0) {
		size_t want = 16;
		while (want < 2 * s->n)
			want *= 2;
		free(s->slot);
		s->slot = dp_xmalloc(want * sizeof *s->slot);
		s->nslot = want;
	}
	memset(s->slot, 0, s->nslot * sizeof *s->slot);
	mask = s->nslot - 1;
	for (size_t i = 0; i < s->n; i++) {
		struct dp_jfield f = s->field[i];
		size_t h = dp_hash(f.name, f.name_len) & mask;
		int dup = 0;

		for (; s->slot[h]; h = (h + 1) & mask) {
			struct dp_jfield *g = &s->field[s->slot[h] - 1];
			if (g->name_len == f.name_len &&
			    memcmp(g->name, f.name, f.name_len) == 0) {
				g->v = f.v;
				g->vec = f.vec;
				g->vec_len = f.vec_len;
				dup = 1;
				break;
			}
		}
		if (dup) {
			s->canon = 0;
			continue;
		}
		s->field[m] = f;
		s->slot[h] = (unsigned)++m;
	}
	s->n = m;
}

/* dp_scan_line, or with lax dp_scan_line_lax. */
static int
scan_line(struct dp_scan *s, const char *line, size_t n, int lax)
{
	struct sc c = { line, line + n, 1, 0, lax, NULL, -1, 0 };
	struct dp_jspan v;

	s->line = line;
	s->len = n;
	s->n = 0;
	s->nvec = 0;
	c.vecs = s->want_vec ? s : NULL;
	s->canon = 1;
	scratch.nkeys = 0;
	ws(&c);
	if (c.p == c.end || *c.p != '{' ||
	    scan_value(&c, 1, &v, s) != 0)
		goto bad;
	ws(&c);
	if (c.p != c.end)
		goto bad;
	if (c.gaps)
		s->canon = 0;
	index_fields(s);
	if (lax) {
		s->canon = 0;
		for (size_t i = 0; i < s->n; i++)
			s->field[i].v.canon = 0;
	}
	return 0;
bad:
	s->n = 0;
	return -1;
}

/* See span.h. */
int
dp_scan_line(struct dp_scan *s, const char *line, size_t n)
{
	return scan_line(s, line, n, 0);
}

/* See span.h. */
int
dp_scan_line_lax(struct dp_scan *s, const char *line, size_t n)
{
	return scan_line(s, line, n, 1);
}

/* Word jansson's "too big integer" error as dp(7) asks (THE RECORD
 * STREAM), naming the field: 'field "KEY": integer outside the 64-bit
 * range: DIGITS', KEY being the top-level key (as written) whose value
 * holds the number that ends at byte `end` of s. Returns 0, writing
 * nothing, when the text does not show one. */
static int
too_big_integer(struct dp_buf *msg, const char *s, size_t end)
{
	size_t num = end, klen = 0;
	const char *key = NULL;
	int depth = 0;

	while (num > 0 && ((s[num - 1] >= '0' && s[num - 1] <= '9') ||
			   s[num - 1] == '-'))
		num--;
	for (size_t i = 0; i < num; i++) {
		char ch = s[i];
		if (ch == '{' || ch == '[') {
			depth++;
		} else if (ch == '}' || ch == ']') {
			depth--;
		} else if (ch == '"') {
			size_t start = ++i, j;
			while (i < num && s[i] != '"')
				i += s[i] == '\\' ? 2 : 1;
			if (i >= num)
				return 0;
			for (j = i + 1; j < num && (s[j] == ' ' ||
			     s[j] == '\t' || s[j] == '\r' || s[j] == '\n'); j++)
				;
			if (depth == 1 && j < num && s[j] == ':') {
				key = s + start;
				klen = i - start;
			}
		}
	}
	if (!key || num == end)
		return 0;
	dp_buf_printf(msg, "field \"%.*s\": integer outside the 64-bit range: "
		      "%.*s", (int)klen, key, (int)(end - num), s + num);
	return 1;
}

/* See span.h. */
int
dp_scan_error(struct dp_buf *msg, const char *line, size_t n)
{
	json_error_t err;
	json_t *v = json_loadb(line, n, JSON_ALLOW_NUL, &err);

	if (v) {
		int object = json_is_object(v);
		json_decref(v);
		if (object)
			return -1;
		dp_buf_adds(msg, "not a JSON object");
	} else if (strncmp(err.text, "too big ", 8) != 0 ||
		   err.position < 0 || (size_t)err.position > n ||
		   !too_big_integer(msg, line, (size_t)err.position)) {
		dp_buf_printf(msg, "invalid JSON at column %d: %s",
			      err.column, err.text);
	}
	return 0;
}

/* See span.h. */
void
dp_scan_free(struct dp_scan *s)
{
	free(s->field);
	free(s->slot);
	free(s->vec);
	dp_buf_free(&s->names);
	memset(s, 0, sizeof *s);
}

/* See span.h. */
const struct dp_jfield *
dp_scan_field(const struct dp_scan *s, const char *name, size_t len)
{
	size_t mask = s->nslot - 1, h;

	if (s->n == 0)
		return NULL;
	for (h = dp_hash(name, len) & mask; s->slot[h]; h = (h + 1) & mask) {
		const struct dp_jfield *f = &s->field[s->slot[h] - 1];
		if (f->name_len == len && memcmp(f->name, name, len) == 0)
			return f;
	}
	return NULL;
}

/* Is string span k's decoded text name[0..len)? */
static int
key_is(const struct dp_jspan *k, const char *name, size_t len)
{
	struct dp_buf b = { 0 };
	int eq;

	if (!k->esc)
		return k->n - 2 == len && memcmp(k->p + 1, name, len) == 0;
	dp_jspan_string(&b, k);
	eq = b.len == len && memcmp(b.data, name, len) == 0;
	dp_buf_free(&b);
	return eq;
}

/* See span.h. */
int
dp_jspan_member(const struct dp_jspan *o, const char *name, size_t len,
		struct dp_jspan *v)
{
	struct dp_jspan k, x;
	size_t pos = 0;
	int found = 0;

	if (o->type != DP_JOBJECT)
		return 0;
	while (dp_jspan_next(o, &pos, &k, &x))
		if (key_is(&k, name, len)) {
			*v = x;
			found = 1;
		}
	return found;
}

/* See span.h. */
size_t
dp_scan_walk(const struct dp_scan *s, const struct dp_field_path *p,
	     struct dp_jspan *v)
{
	const struct dp_jfield *f;
	size_t k;

	struct sc c = { s->line, s->line + s->len, 1, 0, 0, NULL, -1, 0 };

	ws(&c);
	v->p = c.p;
	v->n = (size_t)(c.end - c.p);
	while (v->p[v->n - 1] != '}')
		v->n--;
	v->type = DP_JOBJECT;
	v->canon = (unsigned char)s->canon;
	v->esc = 0;
	f = dp_scan_field(s, p->key[0].name, p->key[0].len);
	if (!f)
		return 0;
	*v = f->v;
	for (k = 1; k < p->n; k++) {
		struct dp_jspan x;
		if (!dp_jspan_member(v, p->key[k].name, p->key[k].len, &x))
			break;
		*v = x;
	}
	return k;
}

/* See span.h. */
int
dp_scan_get(const struct dp_scan *s, const struct dp_field_path *p,
	    struct dp_jspan *v)
{
	struct dp_jspan x;

	if (dp_scan_walk(s, p, &x) != p->n)
		return 0;
	*v = x;
	return 1;
}

/* See span.h. */
void
dp_json_unescape(struct dp_buf *b, const char *s, size_t n)
{
	const char *end = s + n;

	dp_buf_reserve(b, n);
	while (s < end) {
		const char *bs = memchr(s, '\\', (size_t)(end - s));
		if (!bs) {
			dp_buf_add(b, s, (size_t)(end - s));
			return;
		}
		dp_buf_add(b, s, (size_t)(bs - s));
		s = bs + 2;
		switch (bs[1]) {
		case 'b': dp_buf_addc(b, '\b'); break;
		case 'f': dp_buf_addc(b, '\f'); break;
		case 'n': dp_buf_addc(b, '\n'); break;
		case 'r': dp_buf_addc(b, '\r'); break;
		case 't': dp_buf_addc(b, '\t'); break;
		case 'u': {
			long u = hex4(bs + 2, end);
			char out[4];
			s = bs + 6;
			if (u >= 0xD800 && u <= 0xDBFF) {
				u = 0x10000 + ((u - 0xD800) << 10) +
				    (hex4(bs + 8, end) - 0xDC00);
				s = bs + 12;
			}
			dp_buf_add(b, out, dp_utf8_put(out, (uint32_t)u));
			break;
		}
		default: dp_buf_addc(b, bs[1]); break;	/* " \ / */
		}
	}
}

/* See span.h. */
void
dp_jspan_string(struct dp_buf *b, const struct dp_jspan *v)
{
	if (v->esc)
		dp_json_unescape(b, v->p + 1, v->n - 2);
	else
		dp_buf_add(b, v->p + 1, v->n - 2);
}

/* See span.h. */
const char *
dp_jspan_str(const struct dp_jspan *v, struct dp_buf *scratch_buf,
	     size_t *len)
{
	if (!v->esc) {
		*len = v->n - 2;
		return v->p + 1;
	}
	scratch_buf->len = 0;
	dp_json_unescape(scratch_buf, v->p + 1, v->n - 2);
	*len = scratch_buf->len;
	return scratch_buf->data;
}

/* See span.h. Negative values accumulate downwards, so INT64_MIN
 * reads. */
long long
dp_jspan_int(const struct dp_jspan *v)
{
	const char *p = v->p, *end = v->p + v->n;
	int neg = *p == '-';
	long long x = 0;

	for (p += neg; p < end; p++)
		x = x * 10 - (*p - '0');
	return neg ? x : -x;
}

/* See span.h. The number is followed by a byte that ends it ('}' at
 * the latest), so strtod stops there. */
double
dp_jspan_real(const struct dp_jspan *v)
{
	if (v->type == DP_JINT)
		return (double)dp_jspan_int(v);
	return strtod(v->p, NULL);
}
