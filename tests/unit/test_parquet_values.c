/* SPDX-License-Identifier: MIT */
/* Parquet values as JSON text (parquet/value_json.c): decimals of every
 * storage, timestamps of every unit before and after the epoch, dates,
 * times, INT96, unsigned integers, half floats, UUIDs, NaN, bytes that
 * are not UTF-8. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "unit.h"
#include "parquet/value_json.h"

/* The text of value p[0..n) of a leaf of this type and meaning. */
static const char *
text(enum pq_physical type, enum pq_meaning m, const void *p, size_t n,
     struct pq_leaf *extra)
{
	static struct dp_buf b;
	struct pq_leaf l;

	memset(&l, 0, sizeof l);
	if (extra)
		l = *extra;
	l.type = type;
	l.meaning = m;
	b.len = 0;
	pq_value_json(&b, &l, p, n);
	return dp_buf_cstr(&b);
}

static const char *
i32(enum pq_meaning m, int32_t v, struct pq_leaf *x)
{
	return text(PQ_T_INT32, m, &v, 4, x);
}

static const char *
i64(enum pq_meaning m, int64_t v, struct pq_leaf *x)
{
	return text(PQ_T_INT64, m, &v, 8, x);
}

int
main(void)
{
	struct pq_leaf x;

	/* decimals, every storage; trailing fraction zeros dropped */
	memset(&x, 0, sizeof x);
	x.scale = 2;
	CHECK_STR("decimal int64 12.50", i64(PQ_M_DECIMAL, 1250, &x), "12.5");
	CHECK_STR("decimal int64 3.00", i64(PQ_M_DECIMAL, 300, &x), "3.0");
	CHECK_STR("decimal int64 -0.05", i64(PQ_M_DECIMAL, -5, &x), "-0.05");
	CHECK_STR("decimal int64 0", i64(PQ_M_DECIMAL, 0, &x), "0.0");
	CHECK_STR("decimal int32 -123.45", i32(PQ_M_DECIMAL, -12345, &x), "-123.45");
	CHECK_STR("decimal int64 min", i64(PQ_M_DECIMAL, INT64_MIN, &x),
		  "-92233720368547758.08");
	x.scale = 0;
	CHECK_STR("decimal scale 0", i64(PQ_M_DECIMAL, 42, &x), "42");
	x.scale = 4;
	{
		/* 10^30 + 1 big-endian in 16 bytes, and its negative */
		unsigned char be[16] = { 0x00, 0x00, 0x00, 0x0c, 0x9f, 0x2c,
			0x9c, 0xd0, 0x46, 0x74, 0xed, 0xea, 0x40, 0x00, 0x00,
			0x01 };
		unsigned char neg[16];
		unsigned carry = 1;
		CHECK_STR("decimal fixed 16 bytes",
			  text(PQ_T_FIXED, PQ_M_DECIMAL, be, 16, &x),
			  "100000000000000000000000000.0001");
		for (int i = 15; i >= 0; i--) {
			unsigned v = (unsigned char)~be[i] + carry;
			neg[i] = (unsigned char)v;
			carry = v >> 8;
		}
		CHECK_STR("decimal fixed negative",
			  text(PQ_T_FIXED, PQ_M_DECIMAL, neg, 16, &x),
			  "-100000000000000000000000000.0001");
		unsigned char one[1] = { 0xff };
		CHECK_STR("decimal byte array -1 scale 4",
			  text(PQ_T_BYTE_ARRAY, PQ_M_DECIMAL, one, 1, &x),
			  "-0.0001");
	}
	/* timestamps: the unit's digits, Z when UTC, negative times */
	memset(&x, 0, sizeof x);
	x.unit = PQ_MICROS;
	x.utc = 1;
	CHECK_STR("timestamp micros", i64(PQ_M_TIMESTAMP, 1764070950123456LL, &x),
		  "\"2025-11-25T11:42:30.123456Z\"");
	CHECK_STR("timestamp epoch", i64(PQ_M_TIMESTAMP, 0, &x),
		  "\"1970-01-01T00:00:00.000000Z\"");
	CHECK_STR("timestamp before the epoch", i64(PQ_M_TIMESTAMP, -1, &x),
		  "\"1969-12-31T23:59:59.999999Z\"");
	x.unit = PQ_MILLIS;
	CHECK_STR("timestamp millis", i64(PQ_M_TIMESTAMP, 951782400000LL, &x),
		  "\"2000-02-29T00:00:00.000Z\"");
	x.unit = PQ_NANOS;
	x.utc = 0;
	CHECK_STR("timestamp nanos, local", i64(PQ_M_TIMESTAMP, 1500000000123456789LL, &x),
		  "\"2017-07-14T02:40:00.123456789\"");
	/* INT96: nanoseconds of the day, Julian day */
	{
		unsigned char v[12];
		int64_t nanos = 3723000000001LL;	/* 01:02:03.000000001 */
		int32_t jd = 2440588 + 1;		/* 1970-01-02 */
		memcpy(v, &nanos, 8);
		memcpy(v + 8, &jd, 4);
		CHECK_STR("int96", text(PQ_T_INT96, PQ_M_TIMESTAMP, v, 12, NULL),
			  "\"1970-01-02T01:02:03.000000001Z\"");
	}
	/* dates and times */
	CHECK_STR("date", i32(PQ_M_DATE, 20417, NULL), "\"2025-11-25\"");
	CHECK_STR("date before 1970", i32(PQ_M_DATE, -1, NULL), "\"1969-12-31\"");
	CHECK_STR("date 1600-03-01", i32(PQ_M_DATE, -135080, NULL), "\"1600-03-01\"");
	CHECK_STR("time millis", i32(PQ_M_TIME, 3723004, NULL), "\"01:02:03.004\"");
	memset(&x, 0, sizeof x);
	x.unit = PQ_MICROS;
	CHECK_STR("time micros", i64(PQ_M_TIME, 86399999999LL, &x), "\"23:59:59.999999\"");
	/* integers */
	memset(&x, 0, sizeof x);
	x.bits = 32;
	CHECK_STR("uint32 max", i32(PQ_M_INT, -1, &x), "4294967295");
	x.bits = 64;
	CHECK_STR("uint64 max", i64(PQ_M_INT, -1, &x), "18446744073709551615");
	x.is_signed = 1;
	CHECK_STR("int64 min", i64(PQ_M_INT, INT64_MIN, &x), "-9223372036854775808");
	CHECK_STR("plain int32", i32(PQ_M_NONE, -7, NULL), "-7");
	/* reals: shortest, NaN and infinities as null */
	{
		float f = 0.1f, nan = NAN;
		double d = 0.1, inf = INFINITY, one = 1;
		unsigned char h[2] = { 0x00, 0x3c };	/* half 1.0 */
		unsigned char hm[2] = { 0x00, 0xc0 };	/* half -2.0 */
		CHECK_STR("float 0.1", text(PQ_T_FLOAT, PQ_M_NONE, &f, 4, NULL), "0.1");
		CHECK_STR("float NaN", text(PQ_T_FLOAT, PQ_M_NONE, &nan, 4, NULL), "null");
		CHECK_STR("double 0.1", text(PQ_T_DOUBLE, PQ_M_NONE, &d, 8, NULL), "0.1");
		CHECK_STR("double 1", text(PQ_T_DOUBLE, PQ_M_NONE, &one, 8, NULL), "1.0");
		CHECK_STR("double inf", text(PQ_T_DOUBLE, PQ_M_NONE, &inf, 8, NULL), "null");
		CHECK_STR("half 1", text(PQ_T_FIXED, PQ_M_FLOAT16, h, 2, NULL), "1.0");
		CHECK_STR("half -2", text(PQ_T_FIXED, PQ_M_FLOAT16, hm, 2, NULL), "-2.0");
	}
	/* bytes */
	{
		unsigned char u[16];
		for (int i = 0; i < 16; i++)
			u[i] = (unsigned char)(i * 17);
		CHECK_STR("uuid", text(PQ_T_FIXED, PQ_M_UUID, u, 16, NULL),
			  "\"00112233-4455-6677-8899-aabbccddeeff\"");
		CHECK_STR("string with quote and NUL",
			  text(PQ_T_BYTE_ARRAY, PQ_M_STRING, "a\"\0b", 4, NULL),
			  "\"a\\\"\\u0000b\"");
		CHECK_STR("bytes that are not UTF-8",
			  text(PQ_T_BYTE_ARRAY, PQ_M_NONE, "a\xff", 2, NULL),
			  "\"a\xef\xbf\xbd\"");
		CHECK_STR("a boolean", text(PQ_T_BOOLEAN, PQ_M_NONE, "\1", 1, NULL), "true");
	}
	return unit_failures != 0;
}
