/* SPDX-License-Identifier: MIT */
/* Unit tests: float32 text (dp_float_text, dp_json_float, vectors) and
 * float32 reading (dp_parse_float) on edge cases, and both against the C
 * library on a million values each. `make check-long` checks every
 * float (tests/long/float_exhaustive.c). */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dp.h"
#include "unit.h"

static const char *
text(float v)
{
	static char t[32];

	*dp_float_text(t, v) = '\0';
	return t;
}

static float
from_bits(uint32_t u)
{
	float f;

	memcpy(&f, &u, 4);
	return f;
}

static uint32_t
bits(float f)
{
	uint32_t u;

	memcpy(&u, &f, 4);
	return u;
}

static void
test_text_cases(void)
{
	static const struct {
		uint32_t bits;
		const char *want;
	} cases[] = {
		{ 0x00000000, "0.0" },
		{ 0x80000000, "-0.0" },
		{ 0x3f800000, "1.0" },
		{ 0x40000000, "2.0" },
		{ 0xc2c80000, "-100.0" },
		{ 0x3dcccccd, "0.1" },
		{ 0x3eaaaaab, "0.33333334" },
		{ 0x3f7fffff, "0.99999994" },
		{ 0x38d1b717, "0.0001" },	/* exponent -4: plain */
		{ 0x3727c5ac, "1e-5" },
		{ 0x3a83126f, "0.001" },
		{ 0x38d1b716, "9.999999e-5" },	/* 1e-4f's lower neighbour */
		{ 0x34210fb0, "1.5e-7" },	/* %g's exponent form */
		{ 0x47c35000, "100000.0" },	/* integral: ".0" */
		{ 0x49742400, "1e6" },		/* exponent >= P = 6 */
		{ 0x4996b438, "1234567.0" },	/* 7 digits: P = 7 */
		{ 0x4b3c614e, "12345678.0" },
		{ 0x4ceb79a3, "1.2345679e8" },
		{ 0x4b800000, "16777216.0" },	/* 2^24 */
		{ 0x4b800001, "16777218.0" },
		{ 0x4b7fffff, "16777215.0" },
		{ 0x4a000001, "2097152.2" },	/* .25 exactly: tie, even */
		{ 0x4a000003, "2097152.8" },	/* .75 exactly: tie, even */
		{ 0x7f7fffff, "3.4028235e38" },	/* FLT_MAX */
		{ 0xff7fffff, "-3.4028235e38" },
		{ 0x00800000, "1.1754944e-38" },	/* FLT_MIN */
		{ 0x007fffff, "1.1754942e-38" },	/* largest subnormal */
		{ 0x00000001, "1e-45" },	/* FLT_TRUE_MIN */
		{ 0x80000001, "-1e-45" },
		{ 0x00000002, "3e-45" },
		{ 0x00000007, "1e-44" },
		{ 0x000b2a2f, "1.025323e-39" },
		/* powers of 2 whose lower neighbour is nearer: %.Pg needed
		 * one digit more */
		{ 0x0f800000, "1.2621775e-29" },	/* 2^-96 */
		{ 0x6b000000, "1.5474251e26" },		/* 2^87 */
		{ 0x6c800000, "1.2379401e27" },		/* 2^90 */
		{ 0x4d000000, "1.3421773e8" },		/* 2^27 */
		{ 0x34000000, "1.1920929e-7" },		/* 2^-23 */
	};
	char name[80];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		float v = from_bits(cases[i].bits);
		snprintf(name, sizeof name, "float text %08x",
			 (unsigned)cases[i].bits);
		CHECK_STR(name, text(v), cases[i].want);
	}

	struct dp_buf b = { 0 };
	dp_json_float(&b, NAN);
	dp_buf_addc(&b, ' ');
	dp_json_float(&b, -INFINITY);
	CHECK_STR("non-finite floats are null", dp_buf_cstr(&b),
		  "null null");
	float v[3] = { 0.5f, -1e-20f, 3.0f };
	b.len = 0;
	dp_json_float_array(&b, v, 3);
	CHECK_STR("vector text", dp_buf_cstr(&b), "[0.5,-1e-20,3.0]");
	dp_buf_free(&b);
}

/* The significant digits of a number text (no sign, point, leading or
 * trailing zeros, exponent). */
static int
digit_count(const char *t)
{
	int n = 0, last = 0, lead = 1;

	for (; *t && *t != 'e'; t++) {
		if (*t < '0' || *t > '9' || (lead && *t == '0'))
			continue;
		lead = 0;
		n++;
		if (*t != '0')
			last = n;
	}
	return last;
}

/* printf's way: the shortest "%.Pg", P = 6..9, that strtof reads back,
 * spelled as dp spells JSON numbers. */
static void
reference(char *out, float f)
{
	char tmp[40], *e;

	for (int prec = 6; prec <= 9; prec++) {
		snprintf(tmp, sizeof tmp, "%.*g", prec, (double)f);
		if (strtof(tmp, NULL) == f)
			break;
	}
	if (!(e = strchr(tmp, 'e'))) {
		strcpy(out, tmp);
		if (!strchr(tmp, '.'))
			strcat(out, ".0");
		return;
	}
	memcpy(out, tmp, (size_t)(e - tmp) + 1);
	out += e - tmp + 1;
	e++;
	if (*e == '-')
		*out++ = '-';
	if (*e == '-' || *e == '+')
		e++;
	while (*e == '0' && e[1])
		e++;
	strcpy(out, e);
}

/* On 1M floats (the embedding range densely, all magnitudes, near
 * powers of ten): the text reads back, dp_parse_float reads it as
 * strtof does, and it is printf's text or has fewer digits than it. */
static void
test_text_random(void)
{
	long bad = 0, shorter = 0;
	uint64_t r = 88172645463325252ULL;
	char ref[48];

	for (int k = 0; k < 1000000; k++) {
		uint32_t u;
		r ^= r << 13;
		r ^= r >> 7;
		r ^= r << 17;
		if (k % 3 == 0)
			u = 0x33000000u + (uint32_t)(r % 0x0c800000u);
		else if (k % 3 == 1)
			u = (uint32_t)(r % 0x7f800000u);
		else {
			float p = powf(10, (float)(r % 77) - 38);
			u = bits(p) + (uint32_t)(r >> 40) % 64 - 32;
		}
		u |= (uint32_t)(r >> 63) << 31;
		float f = from_bits(u), back;
		if (!isfinite(f))
			continue;
		const char *t = text(f);
		reference(ref, f);
		int same = strcmp(t, ref) == 0;
		int fewer = digit_count(t) < digit_count(ref);
		shorter += fewer;
		if (strtof(t, NULL) != f ||
		    dp_parse_float(t, strlen(t), &back) != 0 ||
		    bits(back) != u || !(same || fewer)) {
			if (bad++ < 5)
				printf("  float %08x: %s (printf: %s)\n",
				       (unsigned)u, t, ref);
		}
	}
	CHECK("float text: reads back, printf's or fewer digits, on 1M",
	      bad == 0);
	CHECK("float text: fewer digits than printf's on some (subnormals)",
	      shorter > 0);
}

/* dp_parse_float of s agrees with strtof, in value and return. */
static int
parses_as_strtof(const char *s)
{
	float a = strtof(s, NULL), b;
	int rc = dp_parse_float(s, strlen(s), &b);

	return bits(a) == bits(b) && rc == (isinf(a) ? -1 : 0);
}

static void
test_parse_cases(void)
{
	static const struct {
		const char *s;
		uint32_t bits;
		int rc;
	} cases[] = {
		{ "0", 0x00000000, 0 },
		{ "-0", 0x80000000, 0 },
		{ "-0.0e10", 0x80000000, 0 },
		{ "1", 0x3f800000, 0 },
		{ "1E5", 0x47c35000, 0 },
		{ "1e+5", 0x47c35000, 0 },
		{ "0.1", 0x3dcccccd, 0 },
		{ "0.00001", 0x3727c5ac, 0 },
		{ "9.999999e-5", 0x38d1b716, 0 },
		/* halfway between floats: ties to even */
		{ "16777217", 0x4b800000, 0 },
		{ "16777219", 0x4b800002, 0 },
		{ "16777217.000000001", 0x4b800001, 0 },
		{ "16777216.999999999", 0x4b800000, 0 },
		/* 0.1f and its upper neighbour: the exact midpoint (ties to
		 * the even one, up), just below it, just above it */
		{ "0.1000000052154064178466796875", 0x3dccccce, 0 },
		{ "0.10000000521540641784667968749", 0x3dcccccd, 0 },
		{ "0.100000005215406417846679687500000001", 0x3dccccce, 0 },
		/* a 16-digit text whose nearest double is a float midpoint:
		 * the fast path must step aside */
		{ "0.007812499767169356", 0x3bffffff, 0 },
		/* long digit strings */
		{ "1.00000000000000000000000000000000000001", 0x3f800000, 0 },
		{ "123456789012345678901234567890", 0x6fc77488, 0 },
		{ "0.000000000000000000000000000000000000000000001401298",
		  0x00000001, 0 },
		/* range: FLT_MAX, just below and beyond its rounding edge */
		{ "3.4028235e38", 0x7f7fffff, 0 },
		{ "3.40282356e38", 0x7f7fffff, 0 },
		{ "3.4028236e38", 0x7f800000, -1 },
		{ "1e50", 0x7f800000, -1 },
		{ "-1e50", 0xff800000, -1 },
		{ "1e99999999999", 0x7f800000, -1 },
		/* below the smallest: the nearest, 0 or a subnormal */
		{ "1.4e-45", 0x00000001, 0 },
		{ "7.1e-46", 0x00000001, 0 },
		{ "7e-46", 0x00000000, 0 },
		{ "1e-50", 0x00000000, 0 },
		{ "-1e-50", 0x80000000, 0 },
		{ "1e-99999999999", 0x00000000, 0 },
		{ "1.1754942e-38", 0x007fffff, 0 },
		{ "1.17549435e-38", 0x00800000, 0 },
	};
	char name[120];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		float f = 1;
		int rc = dp_parse_float(cases[i].s, strlen(cases[i].s), &f);
		snprintf(name, sizeof name, "parse float %s", cases[i].s);
		CHECK(name, rc == cases[i].rc && bits(f) == cases[i].bits &&
			    parses_as_strtof(cases[i].s));
	}
	/* only the n bytes given are read */
	float f = 0;
	CHECK("parse float reads n bytes",
	      dp_parse_float("2.5e3", 3, &f) == 0 && f == 2.5f);
	CHECK("parse float, long text past the stack copy",
	      parses_as_strtof("0.1000000000000000000000000000000000000000"
			       "000000000000000000000000000000000000000000"
			       "000000000000000000000000000000000000000000"
			       "000000000000000000000001"));
}

/* On 1M texts near float midpoints (%.16g, %.17g of the double halfway
 * between two floats, and that +-1 in the last digit) and %.6g..%.9g of
 * random floats: dp_parse_float reads each as strtof does. */
static void
test_parse_random(void)
{
	long bad = 0;
	uint64_t r = 0x9e3779b97f4a7c15ULL;
	char s[48];

	for (int k = 0; k < 125000; k++) {
		r ^= r << 13;
		r ^= r >> 7;
		r ^= r << 17;
		uint32_t u = (uint32_t)(r % 0x7f7fffffu);
		if (k % 2)
			u = 0x33000000u + (uint32_t)(r % 0x0c800000u);
		float f = from_bits(u), up = nextafterf(f, INFINITY);
		double mid = ((double)f + (double)up) / 2;
		const char *neg = (r >> 63) ? "-" : "";
		for (int i = 0; i < 4; i++) {
			if (i < 2)
				snprintf(s, sizeof s, "%s%.*g", neg, 16 + i,
					 mid);
			else
				snprintf(s, sizeof s, "%s%.*g", neg,
					 6 + (int)(r >> 40) % 4, (double)f);
			if (!parses_as_strtof(s) && bad++ < 5)
				printf("  text %s\n", s);
			/* the last mantissa digit one up */
			char *e = strchr(s, 'e');
			char *d = (e ? e : s + strlen(s)) - 1;
			if (*d >= '0' && *d < '9') {
				(*d)++;
				if (!parses_as_strtof(s) && bad++ < 5)
					printf("  text %s\n", s);
			}
		}
	}
	CHECK("parse float equals strtof on 1M texts near midpoints", bad == 0);
}

/* dp_parse_float_at over an array's text, as dp-to-parquet reads a
 * vector: numbers of 1 to 24 digits, fixed and with exponents, each
 * read as strtof reads it and stopped exactly at its ','. */
static void
test_parse_at(void)
{
	struct dp_buf b = { 0 };
	uint64_t r = 0x2545f4914f6cdd1dULL;
	long bad = 0, n = 0;

	for (int k = 0; k < 20000; k++) {
		b.len = 0;
		for (int i = 0; i < 16; i++) {
			r ^= r << 13;
			r ^= r >> 7;
			r ^= r << 17;
			double v = (double)(r >> 11) / (double)(1ULL << 53);
			int form = (int)(r % 5), prec = 1 + (int)(r >> 50) % 20;
			if (form == 0)
				v *= 1e9;
			if (r >> 63)
				v = -v;
			if (form < 3)
				dp_buf_printf(&b, "%.*f,", prec, v);
			else
				dp_buf_printf(&b, "%.*e,", prec, v);
		}
		const char *p = b.data, *end = b.data + b.len;
		while (p < end) {
			const char *stop, *comma = memchr(p, ',', (size_t)(end - p));
			float got, want = strtof(p, NULL);
			int rc = dp_parse_float_at(p, end, &got, &stop);
			n++;
			if (rc != 0 || stop != comma ||
			    bits(got) != bits(want)) {
				if (bad++ < 5)
					printf("  text %.*s\n", (int)(comma - p), p);
			}
			p = comma + 1;
		}
	}
	dp_buf_free(&b);
	CHECK("parse float at: 320k numbers in a vector, each as strtof, "
	      "stopped at its end", bad == 0 && n == 320000);
}

int
main(void)
{
	test_text_cases();
	test_text_random();
	test_parse_cases();
	test_parse_random();
	test_parse_at();
	return unit_failures != 0;
}
