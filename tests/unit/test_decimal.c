/* SPDX-License-Identifier: MIT */
/* Unit tests: half-up decimal rounding on the shortest decimal text. */
#include <math.h>
#include <stdint.h>

#include "dp.h"
#include "unit.h"

static const char *
rnd(const char *text, int places)
{
	static struct dp_buf b;

	b.len = 0;
	if (dp_decimal_round(text, places, &b) != 0)
		return "ERR";
	return dp_buf_cstr(&b);
}

static const char *
dec(double v, int places, int keep_float)
{
	static struct dp_buf b;

	b.len = 0;
	if (dp_json_decimal(&b, v, places, keep_float) != 0)
		return "ERR";
	return dp_buf_cstr(&b);
}

/* dp_json_decimal by its definition: v's shortest text (dp_json_double)
 * rounded by dp_decimal_round, ".0" added to an integer with
 * keep_float. */
static const char *
dec_slow(double v, int places, int keep_float)
{
	static struct dp_buf b;
	struct dp_buf text = { 0 };

	b.len = 0;
	dp_json_double(&text, v);
	if (dp_decimal_round(dp_buf_cstr(&text), places, &b) != 0)
		b.len = 0;
	else if (keep_float && !memchr(b.data, '.', b.len))
		dp_buf_adds(&b, ".0");
	dp_buf_free(&text);
	return dp_buf_cstr(&b);
}

/* A deterministic stream of numbers (xorshift64). */
static uint64_t
next_random(void)
{
	static uint64_t x = 88172645463325252u;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return x;
}

/* Does dp_json_decimal (which skips the text where it can) agree with
 * its definition on v, -v, and the doubles on either side of each? */
static int
agrees(double v)
{
	for (int places = 0; places <= 6; places++)
		for (int keep = 0; keep <= 1; keep++)
			for (int side = -1; side <= 1; side++) {
				double w = side ? nextafter(v, side * INFINITY)
						: v;
				for (int sign = 1; sign >= -1; sign -= 2) {
					const char *fast = dec(sign * w, places,
							       keep);
					if (strcmp(fast, dec_slow(sign * w,
					    places, keep)) != 0) {
						printf("# %.17g to %d: %s, want "
						       "%s\n", sign * w, places,
						       fast, dec_slow(sign * w,
						       places, keep));
						return 0;
					}
				}
			}
	return 1;
}

/* dp_json_decimal against its definition over quotients of integers
 * (prices per square foot), doubles of every magnitude, and values at
 * and near the ties k + 0.5 of each number of places. */
static void
check_against_text(void)
{
	int ok = 1;

	for (int i = 0; i < 1000 && ok; i++) {
		double price = (double)(next_random() % 20000000 + 1);
		double sqft = (double)(next_random() % 20000 + 1);
		ok = agrees(price / sqft);
	}
	CHECK("quotients of integers as their text rounds", ok);
	for (int i = 0; i < 1000 && ok; i++) {
		double m = (double)(next_random() >> 11) / 9007199254740992.0;
		int e = (int)(next_random() % 60) - 30;
		ok = agrees(ldexp(m, e));
	}
	CHECK("doubles from 2^-30 to 2^30 as their text rounds", ok);
	for (int i = 0; i < 1000 && ok; i++) {
		int places = (int)(next_random() % 6);
		double k = (double)(next_random() % 100000000);
		ok = agrees((k + 0.5) / pow(10, places)) &&
		     agrees((k + 0.4995) / pow(10, places)) &&
		     agrees((k + 0.5005) / pow(10, places)) &&
		     agrees(k / pow(10, places));
	}
	CHECK("ties and near ties as their text rounds", ok);
	CHECK("zero, tiny and huge as their text rounds",
	      agrees(0) && agrees(5e-324) && agrees(1e-5) && agrees(5e-5) &&
	      agrees(858993.4591) && agrees(8589934592.0) && agrees(1e15) &&
	      agrees(0.00005) && agrees(0.5) && agrees(1.5) &&
	      agrees(2.675));
}

int
main(void)
{
	CHECK_STR("1.005 to 2 is 1.01", rnd("1.005", 2), "1.01");
	CHECK_STR("292.30860534 to 4", rnd("292.30860534", 4), "292.3086");
	CHECK_STR("half rounds up", rnd("0.125", 2), "0.13");
	CHECK_STR("negative half away from zero", rnd("-0.125", 2), "-0.13");
	CHECK_STR("carry through nines", rnd("9.999", 2), "10");
	CHECK_STR("carry into new digit", rnd("99.995", 2), "100");
	CHECK_STR("integer unchanged", rnd("492540", 2), "492540");
	CHECK_STR("trailing zeros dropped", rnd("2.50", 2), "2.5");
	CHECK_STR("small rounds to zero", rnd("0.001", 2), "0");
	CHECK_STR("negative to zero has no sign", rnd("-0.001", 2), "0");
	CHECK_STR("small rounds up", rnd("0.005", 2), "0.01");
	CHECK_STR("exponent positive", rnd("1.5e3", 2), "1500");
	CHECK_STR("exponent negative", rnd("1.5e-3", 3), "0.002");
	CHECK_STR("exponent far below", rnd("5e-20", 2), "0");
	CHECK_STR("zero places", rnd("2.5", 0), "3");
	CHECK_STR("not a number", rnd("abc", 2), "ERR");
	/* Found by fuzz_decimal: strtol skipped blanks in an exponent. */
	CHECK_STR("blank in exponent refused", rnd("-0.5e\r3", 2), "ERR");
	CHECK_STR("empty exponent refused", rnd("1e", 2), "ERR");
	CHECK_STR("exponent with plus", rnd("1.5e+2", 0), "150");
	/* Found by fuzz_decimal: a large exponent overran the digits. */
	CHECK_STR("huge exponent", rnd("0e900", 3), "0");
	CHECK_STR("four exponent digits refused", rnd("1e1000", 3), "ERR");
	{
		/* texts of any length: every digit counts (a fixed buffer
		 * of 800 digits refused these, or cut the zeros) */
		struct dp_buf t = { 0 }, want = { 0 };
		dp_buf_adds(&t, "0.124");
		for (int i = 0; i < 1000; i++)
			dp_buf_addc(&t, '9');
		CHECK_STR("1000 nines after 0.124 stay below half",
			  rnd(dp_buf_cstr(&t), 2), "0.12");
		t.len = 0;
		dp_buf_adds(&t, "1");
		for (int i = 0; i < 1000; i++)
			dp_buf_addc(&t, '0');
		dp_buf_adds(&t, "5e-999");
		CHECK_STR("1002 digits, exponent -999", rnd(dp_buf_cstr(&t), 2),
			  "100");
		t.len = 0;
		dp_buf_adds(&t, "7");
		for (int i = 0; i < 700; i++)
			dp_buf_addc(&t, '0');
		dp_buf_adds(&t, "e-800");	/* 7e-100 */
		dp_buf_adds(&want, "0.");
		for (int i = 0; i < 99; i++)
			dp_buf_addc(&want, '0');
		dp_buf_adds(&want, "7");
		CHECK_STR("700 zeros, exponent -800, to 200 places",
			  rnd(dp_buf_cstr(&t), 200), dp_buf_cstr(&want));
		dp_buf_free(&t);
		dp_buf_free(&want);
	}
	CHECK_STR("double 1.005", dec(1.005, 2, 0), "1.01");
	CHECK_STR("double quotient", dec(492540.0 / 1685, 4, 0), "292.3086");
	CHECK_STR("double 0.1+0.2 to 2", dec(0.1 + 0.2, 2, 1), "0.3");
	CHECK_STR("sum 0.9249999999999998 stays below", dec(0.9249999999999998, 2, 1),
		  "0.92");
	CHECK_STR("keep float", dec(1.0000000000000002, 2, 1), "1.0");
	CHECK_STR("negative rounding to zero", dec(-0.001, 2, 1), "0.0");
	CHECK_STR("negative", dec(-1442.54076, 4, 0), "-1442.5408");
	check_against_text();
	return unit_failures != 0;
}
