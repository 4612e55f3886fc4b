/* SPDX-License-Identifier: MIT */
/* Unit tests of the Parquet writer's byte-level pieces: varints, zigzag,
 * Thrift field and list headers, RLE/bit-packing, PLAIN booleans,
 * decimals, timestamps, Hive escaping, schema files, content hashes, a
 * column chunk of nulls only. */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xxhash.h>

#include "dp.h"
#include "parquet/column.h"
#include "parquet/infer.h"
#include "parquet/partition.h"
#include "parquet/rle.h"
#include "parquet/schema.h"
#include "parquet/sink.h"
#include "parquet/thrift.h"
#include "parquet/value.h"
#include "unit.h"

/* The buffer as lower-case hex bytes separated by spaces. */
static const char *
hex(const struct dp_buf *b)
{
	static char out[4096];
	size_t n = 0;

	out[0] = '\0';
	for (size_t i = 0; i < b->len && n + 4 < sizeof out; i++)
		n += (size_t)snprintf(out + n, sizeof out - n, "%s%02x",
				      i ? " " : "", (unsigned char)b->data[i]);
	return out;
}

static void
test_varint(void)
{
	struct dp_buf b = { 0 };

	pq_varint(&b, 0);
	pq_varint(&b, 127);
	pq_varint(&b, 128);
	pq_varint(&b, 300);
	CHECK_STR("varint 0, 127, 128, 300", hex(&b), "00 7f 80 01 ac 02");
	b.len = 0;
	pq_varint(&b, UINT64_MAX);
	CHECK_STR("varint 2^64-1", hex(&b),
		  "ff ff ff ff ff ff ff ff ff 01");
	CHECK("zigzag 0", pq_zigzag(0) == 0);
	CHECK("zigzag -1", pq_zigzag(-1) == 1);
	CHECK("zigzag 1", pq_zigzag(1) == 2);
	CHECK("zigzag -2", pq_zigzag(-2) == 3);
	CHECK("zigzag INT64_MIN", pq_zigzag(INT64_MIN) == UINT64_MAX);
	CHECK("zigzag INT64_MAX", pq_zigzag(INT64_MAX) == UINT64_MAX - 1);
	dp_buf_free(&b);
}

static void
test_thrift(void)
{
	struct dp_buf b = { 0 };
	struct pq_thrift t;

	/* parquet-writer.md §2: SchemaElement s, optional UTF8 STRING */
	pq_thrift_init(&t, &b);
	pq_thrift_i32(&t, 1, 6);
	pq_thrift_i32(&t, 3, 1);
	pq_thrift_string(&t, 4, "s");
	pq_thrift_i32(&t, 6, 0);
	pq_thrift_begin(&t, 10);
	pq_thrift_empty(&t, 1);
	pq_thrift_end(&t);
	pq_thrift_end(&t);
	CHECK_STR("SchemaElement bytes", hex(&b),
		  "15 0c 25 02 18 01 73 25 00 4c 1c 00 00 00");

	/* a timestamp element: bool true in the type nibble, nested unions */
	b.len = 0;
	pq_thrift_init(&t, &b);
	pq_thrift_i32(&t, 1, 2);
	pq_thrift_i32(&t, 3, 1);
	pq_thrift_string(&t, 4, "ts");
	pq_thrift_i32(&t, 6, 10);
	pq_thrift_begin(&t, 10);
	pq_thrift_begin(&t, 8);
	pq_thrift_bool(&t, 1, 1);
	pq_thrift_begin(&t, 2);
	pq_thrift_empty(&t, 2);
	pq_thrift_end(&t);
	pq_thrift_end(&t);
	pq_thrift_end(&t);
	pq_thrift_end(&t);
	CHECK_STR("timestamp SchemaElement bytes", hex(&b),
		  "15 04 25 02 18 02 74 73 25 14 4c 8c 11 1c 2c 00 00 00 00 00");

	/* PageHeader{DATA_PAGE, 86, 54, {20, PLAIN, RLE, RLE}} */
	b.len = 0;
	pq_thrift_init(&t, &b);
	pq_thrift_i32(&t, 1, 0);
	pq_thrift_i32(&t, 2, 86);
	pq_thrift_i32(&t, 3, 54);
	pq_thrift_begin(&t, 5);
	pq_thrift_i32(&t, 1, 20);
	pq_thrift_i32(&t, 2, 0);
	pq_thrift_i32(&t, 3, 3);
	pq_thrift_i32(&t, 4, 3);
	pq_thrift_end(&t);
	pq_thrift_end(&t);
	CHECK_STR("PageHeader bytes", hex(&b),
		  "15 00 15 ac 01 15 6c 2c 15 28 15 00 15 06 15 06 00 00");

	/* long-form field header: id 17 after id 1 */
	b.len = 0;
	pq_thrift_init(&t, &b);
	pq_thrift_i32(&t, 1, 1);
	pq_thrift_i32(&t, 17, 0);
	pq_thrift_end(&t);
	CHECK_STR("long field header", hex(&b), "15 02 05 22 00 00");

	/* bool false, i64, i16 and i8 wire types */
	b.len = 0;
	pq_thrift_init(&t, &b);
	pq_thrift_bool(&t, 1, 0);
	pq_thrift_i64(&t, 2, -1);
	pq_thrift_i16(&t, 3, 5);
	pq_thrift_i8(&t, 4, -2);
	CHECK_STR("bool false, i64, i16, i8", hex(&b),
		  "12 16 01 14 0a 13 fe");

	/* list headers: short, long, and an empty list keeps its type */
	b.len = 0;
	pq_thrift_list_header(&b, PQ_CT_STRUCT, 3);
	pq_thrift_list_header(&b, PQ_CT_STRUCT, 0);
	pq_thrift_list_header(&b, PQ_CT_I32, 14);
	pq_thrift_list_header(&b, PQ_CT_I32, 15);
	pq_thrift_list_header(&b, PQ_CT_BINARY, 300);
	CHECK_STR("list headers", hex(&b), "3c 0c e5 f5 0f f8 ac 02");

	/* column_orders: 3 x TYPE_ORDER after field 1 */
	b.len = 0;
	pq_thrift_init(&t, &b);
	pq_thrift_i32(&t, 1, 1);
	pq_thrift_list(&t, 7, PQ_CT_STRUCT, 3);
	for (int i = 0; i < 3; i++) {
		pq_thrift_push(&t);
		pq_thrift_empty(&t, 1);
		pq_thrift_end(&t);
	}
	pq_thrift_end(&t);
	CHECK_STR("column_orders", hex(&b),
		  "15 02 69 3c 1c 00 00 1c 00 00 1c 00 00 00");
	dp_buf_free(&b);
}

static void
test_rle(void)
{
	struct dp_buf b = { 0 };
	const uint8_t def[] = { 3, 3, 1, 0, 3, 2 };
	const uint8_t rep[] = { 0, 1, 0, 0, 0, 1 };
	const uint32_t idx[] = { 0, 1, 2, 0, 1, 2, 0, 1, 2, 3 };
	uint8_t ones[1000];

	CHECK("bit width 0", pq_bit_width(0) == 0);
	CHECK("bit width 1", pq_bit_width(1) == 1);
	CHECK("bit width 3", pq_bit_width(3) == 2);
	CHECK("bit width 4", pq_bit_width(4) == 3);
	CHECK("bit width 2^32-1", pq_bit_width(UINT32_MAX) == 32);

	pq_rle_u8(&b, def, 6, 2);
	CHECK_STR("def levels 3 3 1 0 3 2", hex(&b), "03 1f 0b");
	b.len = 0;
	pq_levels(&b, def, 6, 2);
	CHECK_STR("v1 def levels with length", hex(&b),
		  "03 00 00 00 03 1f 0b");
	b.len = 0;
	pq_levels(&b, rep, 6, 1);
	CHECK_STR("v1 rep levels with length", hex(&b),
		  "02 00 00 00 03 22");
	memset(ones, 1, sizeof ones);
	b.len = 0;
	pq_rle_u8(&b, ones, 1000, 1);
	CHECK_STR("1000 equal levels: one RLE run", hex(&b), "d0 0f 01");
	b.len = 0;
	pq_rle_u32(&b, idx, 10, 2);
	CHECK_STR("dictionary indices", hex(&b), "05 24 49 0e 00");
	b.len = 0;
	{
		/* a bit-packed group, then a run of 9, then a tail */
		uint32_t v[20] = { 1, 2, 3, 4, 5, 6, 7, 0,
				   9, 9, 9, 9, 9, 9, 9, 9, 9, 1, 2, 3 };
		pq_rle_u32(&b, v, 20, 4);
		CHECK_STR("packed, run, packed tail", hex(&b),
			  "03 21 43 65 07 12 09 03 21 03 00 00");
	}
	b.len = 0;
	{
		uint32_t big[2] = { 0xFFFFFFFFu, 1 };
		pq_rle_u32(&b, big, 2, 32);
		CHECK_STR("32-bit values packed", hex(&b),
			  "03 ff ff ff ff 01 00 00 00 00 00 00 00 00 00 00 00 "
			  "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00");
	}
	b.len = 0;
	{
		const uint8_t bools[] = { 1, 0, 1, 1, 0, 0, 0, 0, 1 };
		pq_bool_plain(&b, bools, 9);
		CHECK_STR("PLAIN booleans LSB first", hex(&b), "0d 01");
	}
	dp_buf_free(&b);
}

/* pq_decimal of text at scale, as a string "unscaled" or "range". */
static const char *
dec(const char *text, int precision, int scale)
{
	static char out[64];
	int64_t v;

	if (pq_decimal(text, strlen(text), precision, scale, &v, NULL) != 0)
		return "range";
	snprintf(out, sizeof out, "%lld", (long long)v);
	return out;
}

static void
test_decimal(void)
{
	CHECK_STR("1.005 half-up to 2 places", dec("1.005", 12, 2), "101");
	CHECK_STR("-1.005 half-up (away from zero)", dec("-1.005", 12, 2),
		  "-101");
	CHECK_STR("292.30860534 to 4", dec("292.30860534", 10, 4), "2923086");
	CHECK_STR("integer", dec("500000", 12, 2), "50000000");
	CHECK_STR("exponent", dec("1.5e3", 12, 2), "150000");
	CHECK_STR("negative exponent", dec("125e-3", 12, 2), "13");
	CHECK_STR("0.004 rounds to 0", dec("0.004", 12, 2), "0");
	CHECK_STR("0.005 rounds to 0.01", dec("0.005", 12, 2), "1");
	CHECK_STR("largest decimal(12,2)", dec("9999999999.99", 12, 2),
		  "999999999999");
	CHECK_STR("rounds past decimal(12,2)", dec("9999999999.995", 12, 2),
		  "range");
	CHECK_STR("too large", dec("12345678901", 12, 2), "range");
	CHECK_STR("largest decimal(10,4)", dec("-999999.9999", 10, 4),
		  "-9999999999");
	CHECK_STR("trailing zeros", dec("1.5000000000000000000000", 12, 2),
		  "150");
	/* the exact text is rounded, not a double near it: reading
	 * texts of more than 15 digits as doubles altered values that fit
	 * decimal(18,s) (1234567890123456.78 became ...56.80) */
	CHECK_STR("long text rounded exactly",
		  dec("1.00499999999999989", 12, 2), "100");
	CHECK_STR("18 digits kept", dec("1234567890123456.78", 18, 2),
		  "123456789012345678");
	CHECK_STR("largest decimal(18,0)", dec("999999999999999999", 18, 0),
		  "999999999999999999");
	CHECK_STR("past decimal(18,0)", dec("999999999999999999.5", 18, 0),
		  "range");
	CHECK_STR("20 integer digits", dec("12345678901234567890", 18, 0),
		  "range");
	CHECK_STR("exponent near the limit", dec("9.99e17", 18, 0),
		  "999000000000000000");
	CHECK_STR("rounds to 0 from far below", dec("4e-3", 18, 2), "0");
	CHECK_STR("half of the last place", dec("5e-3", 18, 2), "1");
	CHECK_STR("leading zeros and exponent",
		  dec("0.0000000000000000000000000000001e31", 12, 2), "100");
	CHECK_STR("huge exponent of zero", dec("0e999999999999999999999", 12,
						2), "0");
	CHECK_STR("huge negative exponent",
		  dec("5e-999999999999999999999", 12, 2), "0");
	CHECK_STR("huge exponent", dec("1e400", 12, 2), "range");
	CHECK_STR("tiny", dec("1e-400", 12, 2), "0");
	CHECK_STR("zero", dec("-0.0", 12, 2), "0");

	int64_t v;
	CHECK("int64 max", pq_parse_int64("9223372036854775807", 19, &v) == 0 &&
	      v == INT64_MAX);
#define INTEGER(t) pq_parse_integer(t, strlen(t), &v)
	CHECK("integer 3.0", INTEGER("3.0") == 0 && v == 3);
	CHECK("integer 0.3e1", INTEGER("0.3e1") == 0 && v == 3);
	CHECK("integer -0.0", INTEGER("-0.0") == 0 && v == 0);
	CHECK("integer 2^53 + 1 exactly",
	      INTEGER("9007199254740993.0") == 0 && v == 9007199254740993LL);
	CHECK("integer int64 max as 9.223372036854775807e18",
	      INTEGER("9.223372036854775807e18") == 0 && v == INT64_MAX);
	CHECK("integer int64 min", INTEGER("-9223372036854775808.000") == 0 &&
	      v == INT64_MIN);
	CHECK("integer beyond int64", INTEGER("9223372036854775808.0") < 0 &&
	      INTEGER("-9223372036854775809e0") < 0 && INTEGER("1e19") < 0 &&
	      INTEGER("1e400") < 0);
	CHECK("not an integer", INTEGER("1.5") > 0 && INTEGER("1e-400") > 0 &&
	      INTEGER("9223372036854775807.5") > 0 &&
	      INTEGER("1.0000000000000000000000000000000000001") > 0);
#undef INTEGER
	CHECK("int64 min", pq_parse_int64("-9223372036854775808", 20, &v) ==
	      0 && v == INT64_MIN);
	CHECK("int64 overflow", pq_parse_int64("9223372036854775808", 19,
					       &v) != 0);
}

/* Microseconds of an RFC 3339 text, or the error. */
static const char *
ts(const char *text)
{
	static char out[128];
	int64_t v;
	const char *why;

	if (pq_timestamp(text, strlen(text), &v, &why) != 0)
		return why;
	snprintf(out, sizeof out, "%lld", (long long)v);
	return out;
}

static void
test_timestamp(void)
{
	CHECK_STR("epoch", ts("1970-01-01T00:00:00Z"), "0");
	CHECK_STR("micros", ts("2026-11-25T11:42:30.123456Z"),
		  "1795606950123456");
	CHECK_STR("before 1970", ts("1969-12-31T23:59:59.999999Z"), "-1");
	CHECK_STR("1900", ts("1900-01-01T00:00:00Z"), "-2208988800000000");
	CHECK_STR("year 1", ts("0001-01-01T00:00:00Z"),
		  "-62135596800000000");
	CHECK_STR("offset", ts("2026-01-01T01:00:00+01:00"),
		  "1767225600000000");
	CHECK_STR("negative offset, short fraction",
		  ts("2025-12-31T16:00:00.5-08:00"), "1767225600500000");
	CHECK_STR("zeros past micros", ts("1970-01-01T00:00:00.0000010Z"),
		  "1");
	CHECK_STR("leap day", ts("2024-02-29T00:00:00Z"), "1709164800000000");
	CHECK_STR("digits past micros",
		  ts("1970-01-01T00:00:00.0000001Z"),
		  "timestamp has digits beyond microseconds");
	CHECK_STR("no offset", ts("2026-11-25T11:42:30"),
		  "timestamp without a UTC offset (Z or +HH:MM)");
	CHECK_STR("not a leap year", ts("2025-02-29T00:00:00Z"),
		  "timestamp out of range (month, day, hour, minute or "
		  "second)");
	CHECK_STR("a date only", ts("2026-11-25"),
		  "not an RFC 3339 timestamp (like 2026-11-25T11:42:30Z)");
}

/* The directory name for value s (NULL: null). */
static const char *
dir(const char *s)
{
	static struct dp_buf b;

	b.len = 0;
	if (pq_hive_dir(&b, "k", s, s ? strlen(s) : 0) != 0)
		return "too long";
	return dp_buf_cstr(&b);
}

static void
test_partition(void)
{
	struct pq_dirset *d = pq_dirset_new();
	const char *other;
	size_t plen;
	char big[300];
	struct dp_buf b = { 0 };

	CHECK_STR("plain value", dir("California"), "k=California");
	CHECK_STR("slash, equals, percent", dir("a/b=c%"), "k=a%2Fb%3Dc%25");
	CHECK_STR("Spark's set", dir("\"#'*:?\\{[]^"),
		  "k=%22%23%27%2A%3A%3F%5C%7B%5B%5D%5E");
	CHECK_STR("controls", dir("\x01\x1f\x7f"), "k=%01%1F%7F");
	CHECK_STR("dot", dir("."), "k=%2E");
	CHECK_STR("dot dot", dir(".."), "k=%2E%2E");
	CHECK_STR("null", dir(NULL), "k=__HIVE_DEFAULT_PARTITION__");
	CHECK_STR("empty", dir(""), "k=__HIVE_DEFAULT_PARTITION__");
	CHECK_STR("the default name itself",
		  dir("__HIVE_DEFAULT_PARTITION__"),
		  "k=%5F%5FHIVE%5FDEFAULT%5FPARTITION%5F%5F");
	CHECK_STR("UTF-8 kept", dir("Zürich"), "k=Zürich");
	/* DuckDB reads p=null, p=NULL, p=nUlL as SQL NULL */
	CHECK_STR("null escaped whole", dir("null"), "k=%6E%75%6C%6C");
	CHECK_STR("NULL escaped whole", dir("NULL"), "k=%4E%55%4C%4C");
	CHECK_STR("nUlL escaped whole", dir("nUlL"), "k=%6E%55%6C%4C");
	CHECK_STR("nulls is not null", dir("nulls"), "k=nulls");
	CHECK_STR("the default name in lower case",
		  dir("__hive_default_partition__"),
		  "k=%5F%5Fhive%5Fdefault%5Fpartition%5F%5F");
	b.len = 0;
	pq_hive_dir(&b, "../a/b=c", "v", 1);
	CHECK_STR("the field name escaped too: one path component",
		  dp_buf_cstr(&b), "%2E.%2Fa%2Fb%3Dc=v");
	dp_buf_free(&b);
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	CHECK_STR("over 255 bytes", dir(big), "too long");

	CHECK("new directory", pq_dirset_add(d, "a=X/b=1", 7, &other,
					     &plen) == 0);
	CHECK("same directory again", pq_dirset_add(d, "a=X/b=1", 7, &other,
						    &plen) == 0);
	CHECK("another directory", pq_dirset_add(d, "a=X/b=2", 7, &other,
						 &plen) == 0);
	CHECK("case collision on a prefix",
	      pq_dirset_add(d, "a=x/b=3", 7, &other, &plen) != 0 &&
	      !strcmp(other, "a=X") && plen == 3);
	CHECK("non-ASCII case collision",
	      pq_dirset_add(d, "a=ÄÖ", strlen("a=ÄÖ"), &other, &plen) == 0 &&
	      pq_dirset_add(d, "a=äö", strlen("a=äö"), &other, &plen) != 0);
	CHECK("Cyrillic case collision",
	      pq_dirset_add(d, "a=Дом", strlen("a=Дом"), &other, &plen) == 0 &&
	      pq_dirset_add(d, "a=дом", strlen("a=дом"), &other, &plen) != 0);
#define ADD(p) pq_dirset_add(d, p, strlen(p), &other, &plen)
	/* Unicode simple case folding: Σ σ ς fold together, as ǅ ǆ Ǆ,
	 * and the Kelvin sign with k (the old fold knew only some of
	 * Latin, Greek and Cyrillic) */
	CHECK("sigma and final sigma collide",
	      ADD("a=σας") == 0 && ADD("a=ΣΑΣ") == -1 &&
	      !strcmp(other, "a=σας") && ADD("a=σασ") == -1);
	CHECK("dz digraphs collide", ADD("a=ǅ") == 0 && ADD("a=ǆ") == -1 &&
	      ADD("a=Ǆ") == -1);
	CHECK("Kelvin sign and k collide", ADD("a=\u212A") == 0 &&
	      ADD("a=k") == -1);
	CHECK("Cherokee collides", ADD("a=\u13A0") == 0 &&
	      ADD("a=\uAB70") == -1);
	CHECK("Deseret (4 bytes) collides", ADD("a=\U00010400") == 0 &&
	      ADD("a=\U00010428") == -1);
	CHECK("invalid UTF-8 compared as bytes", ADD("a=\xff\xC3") == 0 &&
	      ADD("a=\xff\xC3") == 0 && ADD("a=\xff\xE3") == 0);
	pq_dirset_free(d);

	/* directories already in the dataset: their case variants are
	 * refused (-2), their own collisions are not this run's doing */
	char root[] = "/tmp/dp-unit-dirset-XXXXXX";
	int have_root = mkdtemp(root) != NULL;
	CHECK("a scratch dataset to seed from", have_root);
	if (have_root) {
		const char *dirs[] = { "a=X", "a=X/b=1", "a=y", "a=Y", "c",
				       NULL };
		struct dp_buf p = { 0 };
		for (int i = 0; dirs[i]; i++) {
			p.len = 0;
			dp_buf_printf(&p, "%s/%s", root, dirs[i]);
			mkdir(p.data, 0777);
		}
		p.len = 0;
		dp_buf_printf(&p, "%s/a=W", root);	/* a file */
		fclose(fopen(p.data, "w"));
		d = pq_dirset_new();
		pq_dirset_seed(d, root, 2);
		CHECK("seeded: the same directory is fine",
		      ADD("a=X/b=1") == 0 && ADD("a=X/b=2") == 0);
		CHECK("seeded: a case variant is refused",
		      ADD("a=x/b=1") == -2 && !strcmp(other, "a=X") &&
		      plen == 3);
		CHECK("seeded: a variant one level down",
		      ADD("a=X/B=1") == -2 && !strcmp(other, "a=X/b=1"));
		CHECK("seeded: variants on disk stay usable",
		      ADD("a=y") == 0 && ADD("a=Y") == 0);
		CHECK("seeded: names without '=' and files left out",
		      ADD("C") == 0 && ADD("a=w") == 0);
		pq_dirset_free(d);
		const char *rm[] = { "a=X/b=1", "a=X", "a=y", "a=Y", "c",
				     NULL };
		for (int i = 0; rm[i]; i++) {
			p.len = 0;
			dp_buf_printf(&p, "%s/%s", root, rm[i]);
			rmdir(p.data);
		}
		p.len = 0;
		dp_buf_printf(&p, "%s/a=W", root);
		unlink(p.data);
		rmdir(root);
		dp_buf_free(&p);
	}
#undef ADD
}

static void
test_schema(void)
{
	struct dp_buf err = { 0 }, out = { 0 };
	const char text[] = "# comment\n"
			    "id string required\n\n"
			    "p decimal(12,2)   # price\n"
			    "v list<float not null>\n"
			    "t list<timestamp>\n"
			    "b boolean\n";
	struct pq_schema *s = pq_schema_parse(text, sizeof text - 1, &err);

	CHECK("schema file parses", s != NULL);
	if (s) {
		pq_schema_format(s, &out);
		CHECK_STR("schema file round trip", dp_buf_cstr(&out),
			  "id string required\np decimal(12,2)\n"
			  "v list<float not null>\nt list<timestamp>\n"
			  "b bool\n");
		CHECK("field lookup", pq_schema_find(s, "v", 1) == 2);
		pq_schema_free(s);
	}
	/* keys with a NUL byte (\u0000 in JSON) name no field; "v\0h" and
	 * "v\0x" hash to v's slot of the one-field table, where strncmp
	 * stopped at the NUL and read past the name */
	{
		char name[] = "v";
		struct pq_field f = { name, PQ_STRING, 0, 0, 0, 0, 0 };
		s = pq_schema_new();
		pq_schema_add(s, &f);
		CHECK("no field for a key with a NUL",
		      pq_schema_find(s, "v\0h", 3) < 0 &&
		      pq_schema_find(s, "v\0x", 3) < 0 &&
		      pq_schema_find(s, "v", 1) == 0);
		pq_schema_free(s);
	}
	{
		const char line[] = "{\"x\":1,\"a\\u0000b\":\"s\"}";
		struct dp_scan rec = { 0 };
		struct pq_infer *in = pq_infer_new();
		if (dp_scan_line_lax(&rec, line, sizeof line - 1) == 0)
			pq_infer_record(in, &rec);
		s = pq_infer_schema(in);
		CHECK("infer: a key with a NUL is no field",
		      s->n == 1 && s->fields[0].kind == PQ_INT64);
		pq_schema_free(s);
		pq_infer_free(in);
		dp_scan_free(&rec);
	}
	s = pq_schema_parse("a string\na int32\n", 18, &err);
	CHECK_STR("duplicate field", s ? "parsed" : dp_buf_cstr(&err),
		  "2: field 'a' defined twice");
	err.len = 0;
	s = pq_schema_parse("a decimal(19,2)\n", 16, &err);
	CHECK_STR("decimal precision over 18", s ? "parsed" :
		  dp_buf_cstr(&err), "1: unknown type (string, int32, int64, "
		  "double, float, bool, timestamp, decimal(P,S), list<T>)");
	err.len = 0;
	s = pq_schema_parse("a-b string\n", 11, &err);
	CHECK_STR("bad name", s ? "parsed" : dp_buf_cstr(&err),
		  "1: not a field name (letters, digits and '_')");
	s = pq_schema_unified();
	CHECK("unified schema: 55 fields", s->n == 55);
	CHECK("unified: embedding is list<float not null>",
	      s->fields[pq_schema_find(s, "embedding", 9)].elem_required);
	pq_schema_free(s);
	dp_buf_free(&err);
	dp_buf_free(&out);
}

static void
test_sink_hash(void)
{
	char path[] = "/tmp/test_parquet_XXXXXX";
	int fd = mkstemp(path);
	struct pq_sink s;
	char hexd[33], want[33];
	static char data[700000];
	XXH128_canonical_t c;

	close(fd);
	unlink(path);
	for (size_t i = 0; i < sizeof data; i++)
		data[i] = (char)(i * 7);
	pq_sink_open(&s, path);
	pq_sink_write(&s, data, 10);
	pq_sink_suspend(&s);
	pq_sink_write(&s, data + 10, sizeof data - 10);
	pq_sink_close(&s, hexd);
	CHECK("sink offset", s.offset == sizeof data);
	pq_sink_free(&s);
	XXH128_canonicalFromHash(&c, XXH3_128bits(data, sizeof data));
	for (int i = 0; i < 16; i++)
		snprintf(want + 2 * i, 3, "%02x", c.digest[i]);
	CHECK_STR("file name hash is XXH3-128 of the bytes", hexd, want);
	FILE *f = fopen(path, "rb");
	size_t n = f ? fread(data, 1, sizeof data, f) : 0;
	if (f)
		fclose(f);
	CHECK("sink wrote every byte", n == sizeof data);
	unlink(path);
}

/* A bool column whose page holds only nulls: its body is the levels
 * alone. (The value buffer is then empty, with no memory to point into:
 * clang's UBSan caught the page writer adding 0 to its NULL pointer.) */
static void
test_null_bool_page(void)
{
	char path[] = "/tmp/test_parquet_XXXXXX";
	char name[] = "ok", hexd[33], buf[256];
	int fd = mkstemp(path);
	struct pq_field f = { name, PQ_BOOL, 0, 0, 0, 0, 0 };
	struct pq_colspec spec;
	struct pq_colbuf b;
	struct pq_pagectx ctx = { 0 };
	struct pq_sink sink;
	struct dp_buf meta = { 0 };
	struct pq_thrift t;
	int64_t comp = 0, unc = 0;

	close(fd);
	unlink(path);
	pq_colspec_init(&spec, &f, 1);
	pq_colbuf_init(&b, &spec, 1);
	for (int i = 0; i < 3; i++)
		pq_colbuf_level(&b, 0, 0);
	ctx.codec = PQ_CODEC_NONE;
	ctx.comp = pq_compressor_new(ctx.codec, 0);
	ctx.page_size = 1 << 20;
	ctx.page_rows = 20000;
	pq_sink_open(&sink, path);
	pq_thrift_init(&t, &meta);
	pq_colbuf_write(&b, &sink, &ctx, &t, &comp, &unc, 1);
	pq_sink_close(&sink, hexd);
	FILE *fp = fopen(path, "rb");
	size_t n = fp ? fread(buf, 1, sizeof buf, fp) : 0;
	if (fp)
		fclose(fp);
	/* definition levels: length 2, one bit-packed group of zeros */
	CHECK("all-null bool page: levels and no values",
	      n >= 6 && memcmp(buf + n - 6, "\x02\0\0\0\x03\0", 6) == 0);
	CHECK("all-null bool page: chunk size", comp == (int64_t)n);
	unlink(path);
	pq_sink_free(&sink);
	pq_colbuf_free(&b);
	pq_compressor_free(ctx.comp);
	dp_buf_free(&ctx.body);
	dp_buf_free(&ctx.header);
	dp_buf_free(&meta);
}

int
main(void)
{
	test_varint();
	test_thrift();
	test_rle();
	test_decimal();
	test_timestamp();
	test_partition();
	test_schema();
	test_sink_hash();
	test_null_bool_page();
	return unit_failures ? 1 : 0;
}
