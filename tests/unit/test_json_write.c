/* SPDX-License-Identifier: MIT */
/* Unit tests: JSON text output, number forms, scalar typing, base64,
 * UTF-8 checks. */
#include <math.h>

#include "dp.h"
#include "load/load.h"
#include "unit.h"

/* Render with fn into a fresh buffer and return it (static storage). */
static const char *
dbl(double v)
{
	static struct dp_buf b;

	b.len = 0;
	dp_json_double(&b, v);
	return dp_buf_cstr(&b);
}

static const char *
flt(float v)
{
	static struct dp_buf b;

	b.len = 0;
	dp_json_float(&b, v);
	return dp_buf_cstr(&b);
}

/* Canonical number text, or "ERR:<why>". */
static const char *
num(const char *s)
{
	static struct dp_buf b;
	const char *why;

	b.len = 0;
	if (dp_json_number_text(&b, s, strlen(s), &why) != 0)
		return "ERR";
	return dp_buf_cstr(&b);
}

static const char *
scalar(const char *s)
{
	static struct dp_buf b;

	b.len = 0;
	dp_json_scalar(&b, s, strlen(s));
	return dp_buf_cstr(&b);
}

static const char *
str(const char *s, size_t n)
{
	static struct dp_buf b;

	b.len = 0;
	dp_json_string(&b, s, n);
	return dp_buf_cstr(&b);
}

static const char *
b64(const char *s)
{
	static struct dp_buf b;

	b.len = 0;
	dp_base64(&b, (const unsigned char *)s, strlen(s));
	return dp_buf_cstr(&b);
}

int
main(void)
{
	CHECK_STR("double 0.1 shortest", dbl(0.1), "0.1");
	CHECK_STR("double 0.1+0.2 needs 17 digits", dbl(0.1 + 0.2),
		  "0.30000000000000004");
	CHECK_STR("double integral keeps .0", dbl(12.0), "12.0");
	CHECK_STR("double negative zero", dbl(-0.0), "-0.0");
	CHECK_STR("double large uses exponent", dbl(1e300), "1e300");
	CHECK_STR("double small exponent", dbl(1.5e-7), "1.5e-7");
	CHECK_STR("double negative exponent", dbl(-2.5e-300), "-2.5e-300");
	CHECK_STR("float exponent", flt(1e-10f), "1e-10");
	CHECK_STR("double tiny", dbl(5e-324), "5e-324");
	CHECK_STR("double 1/3", dbl(1.0 / 3), "0.3333333333333333");
	CHECK_STR("double nan is null", dbl(NAN), "null");
	CHECK_STR("float 0.1 shortest", flt(0.1f), "0.1");
	CHECK_STR("float 1/3", flt(1.0f / 3), "0.33333334");
	CHECK_STR("float integral", flt(2.0f), "2.0");

	CHECK_STR("int passes", num("123"), "123");
	CHECK_STR("int64 max", num("9223372036854775807"),
		  "9223372036854775807");
	CHECK_STR("int64 min", num("-9223372036854775808"),
		  "-9223372036854775808");
	CHECK_STR("int64 max+1 refused", num("9223372036854775808"), "ERR");
	CHECK_STR("int64 min-1 refused", num("-9223372036854775809"), "ERR");
	CHECK_STR("20-digit int refused", num("12345678901234567890"), "ERR");
	CHECK_STR("float canonical passes", num("-12.5"), "-12.5");
	CHECK_STR("trailing zero dropped", num("2.50"), "2.5");
	CHECK_STR("exponent normalised", num("1E2"), "100.0");
	CHECK_STR("17 digits reduced", num("0.10000000000000001"), "0.1");
	CHECK_STR("small stays exact", num("0.0001"), "0.0001");
	CHECK_STR("smaller uses exponent", num("0.00001"), "1e-5");
	CHECK_STR("double overflow refused", num("1e400"), "ERR");
	CHECK_STR("16 digits kept exact", num("1234567890.123456"),
		  "1234567890.123456");

	CHECK_STR("scalar int", scalar("42"), "42");
	CHECK_STR("scalar negative decimal", scalar("-3.25"), "-3.25");
	CHECK_STR("scalar exponent", scalar("1e3"), "1000.0");
	CHECK_STR("scalar leading zero stays string", scalar("02134"),
		  "\"02134\"");
	CHECK_STR("scalar 0.5 is a number", scalar("0.5"), "0.5");
	CHECK_STR("scalar zero", scalar("0"), "0");
	CHECK_STR("scalar true", scalar("TRUE"), "true");
	CHECK_STR("scalar false", scalar("false"), "false");
	CHECK_STR("scalar empty is null", scalar(""), "null");
	CHECK("classify int64 max as int", dp_scalar_classify(
		      "9223372036854775807", 19) == DP_SCALAR_INT);
	CHECK("classify int64 max+1 as string", dp_scalar_classify(
		      "9223372036854775808", 19) == DP_SCALAR_STRING);
	CHECK_STR("scalar int beyond int64 stays string",
		  scalar("99999999999999999999"), "\"99999999999999999999\"");
	CHECK_STR("scalar plus sign stays string", scalar("+5"), "\"+5\"");
	CHECK_STR("scalar trailing dot stays string", scalar("5."), "\"5.\"");
	CHECK_STR("scalar text", scalar("Oak St"), "\"Oak St\"");

	CHECK_STR("string escapes", str("a\"b\\c\n\t\x01", 8),
		  "\"a\\\"b\\\\c\\n\\t\\u0001\"");
	CHECK_STR("string NUL", str("x\0y", 3), "\"x\\u0000y\"");
	CHECK_STR("string UTF-8 unchanged", str("caf\xc3\xa9", 5),
		  "\"caf\xc3\xa9\"");

	CHECK_STR("base64 empty", b64(""), "");
	CHECK_STR("base64 1", b64("f"), "Zg==");
	CHECK_STR("base64 2", b64("fo"), "Zm8=");
	CHECK_STR("base64 3", b64("foo"), "Zm9v");
	CHECK_STR("base64 6", b64("foobar"), "Zm9vYmFy");

	CHECK("utf8 valid", dp_utf8_check("caf\xc3\xa9", 5) == 5);
	CHECK("utf8 bad byte", dp_utf8_check("ab\xff", 3) == 2);
	CHECK("utf8 overlong", dp_utf8_check("\xc0\xaf", 2) == 0);
	CHECK("utf8 surrogate", dp_utf8_check("\xed\xa0\x80", 3) == 0);
	CHECK("utf8 truncated", dp_utf8_check("\xe2\x82", 2) == 0);
	CHECK("utf8 4-byte", dp_utf8_check("\xf0\x9f\x98\x80", 4) == 4);
	{
		struct dp_buf b = { 0 };
		dp_json_string_lossy(&b, "a\xffz", 3);
		CHECK_STR("lossy replaces bad bytes", dp_buf_cstr(&b),
			  "\"a\xef\xbf\xbdz\"");
		dp_buf_free(&b);
	}
	{
		json_t *v = json_loads("{\"b\":1,\"a\":[0.5,true,null,\"x\"],"
				       "\"c\":{\"d\":-9223372036854775808}}",
				       0, NULL);
		struct dp_buf b = { 0 };
		dp_json_value(&b, v);
		CHECK_STR("jansson value keeps order and numbers",
			  dp_buf_cstr(&b),
			  "{\"b\":1,\"a\":[0.5,true,null,\"x\"],"
			  "\"c\":{\"d\":-9223372036854775808}}");
		json_decref(v);
		dp_buf_free(&b);
	}
	return unit_failures != 0;
}
