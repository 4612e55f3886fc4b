/* SPDX-License-Identifier: MIT */
/* A Parquet value as JSON text, by its leaf's physical type and meaning. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "value_json.h"

/* Little-endian loads (Parquet's byte order). */
static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
		(uint32_t)p[3] << 24;
}

static uint64_t
le64(const unsigned char *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

/* Civil date of a day count since 1970-01-01 (proleptic Gregorian;
 * Howard Hinnant's days_from_civil inverse). */
static void
civil(int64_t days, int64_t *y, int *m, int *d)
{
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* Floor division and its remainder, for negative times. */
static int64_t
floor_div(int64_t a, int64_t b, int64_t *rem)
{
	int64_t q = a / b, r = a % b;

	if (r < 0) {
		r += b;
		q--;
	}
	*rem = r;
	return q;
}

/* "YYYY-MM-DD" of a day count; years beyond 0000..9999 as +/-YYYYY. */
static void
date_text(struct dp_buf *b, int64_t days)
{
	int64_t y;
	int m, d;

	civil(days, &y, &m, &d);
	if (y >= 0 && y <= 9999)
		dp_buf_printf(b, "%04lld-%02d-%02d", (long long)y, m, d);
	else
		dp_buf_printf(b, "%+05lld-%02d-%02d", (long long)y, m, d);
}

/* Units per second of a time unit, and its fraction digits. */
static int64_t
per_second(enum pq_unit u, int *digits)
{
	switch (u) {
	case PQ_MILLIS:
		*digits = 3;
		return 1000;
	case PQ_NANOS:
		*digits = 9;
		return 1000000000;
	default:
		*digits = 6;
		return 1000000;
	}
}

/* "HH:MM:SS" and the fraction in the unit's digits. */
static void
clock_text(struct dp_buf *b, int64_t secs_of_day, int64_t frac, int digits)
{
	dp_buf_printf(b, "%02d:%02d:%02d.%0*lld", (int)(secs_of_day / 3600),
		      (int)(secs_of_day / 60 % 60), (int)(secs_of_day % 60),
		      digits, (long long)frac);
}

/* A timestamp of v units since the epoch as RFC 3339 text, as a JSON
 * string: the fraction in the unit's digits, "Z" when UTC-adjusted. */
static void
timestamp_json(struct dp_buf *b, int64_t v, enum pq_unit u, int utc)
{
	int digits;
	int64_t per = per_second(u, &digits), frac, sod;
	int64_t secs = floor_div(v, per, &frac);
	int64_t days = floor_div(secs, 86400, &sod);

	dp_buf_addc(b, '"');
	date_text(b, days);
	dp_buf_addc(b, 'T');
	clock_text(b, sod, frac, digits);
	if (utc)
		dp_buf_addc(b, 'Z');
	dp_buf_addc(b, '"');
}

/* A time of day, v units after midnight, as a JSON string (24:00:00
 * included, as Parquet and SQL allow; "Z" when adjusted to UTC, as
 * RFC 3339's full-time); PQ_OUT_OF_RANGE and a null for a time outside
 * the day. */
static int
time_json(struct dp_buf *b, int64_t v, enum pq_unit u, int utc)
{
	int digits;
	int64_t per = per_second(u, &digits), frac;
	int64_t secs = floor_div(v, per, &frac);

	if (v < 0 || secs > 86400 || (secs == 86400 && frac)) {
		dp_buf_adds(b, "null");
		return PQ_OUT_OF_RANGE;
	}
	dp_buf_addc(b, '"');
	clock_text(b, secs, frac, digits);
	if (utc)
		dp_buf_addc(b, 'Z');
	dp_buf_addc(b, '"');
	return 0;
}

/* An INTERVAL (months, days, milliseconds, each a little-endian
 * uint32) as an ISO 8601 duration: "P1Y2M3DT4H5M6.789S", "PT0S". */
static void
interval_json(struct dp_buf *b, const unsigned char *p)
{
	uint32_t months = le32(p), days = le32(p + 4), ms = le32(p + 8);

	dp_buf_adds(b, "\"P");
	if (months >= 12)
		dp_buf_printf(b, "%luY", (unsigned long)(months / 12));
	if (months % 12)
		dp_buf_printf(b, "%luM", (unsigned long)(months % 12));
	if (days)
		dp_buf_printf(b, "%luD", (unsigned long)days);
	if (ms || (!months && !days)) {
		unsigned long secs = ms / 1000 % 60, frac = ms % 1000;
		dp_buf_addc(b, 'T');
		if (ms / 3600000)
			dp_buf_printf(b, "%luH", (unsigned long)(ms / 3600000));
		if (ms / 60000 % 60)
			dp_buf_printf(b, "%luM", (unsigned long)(ms / 60000 % 60));
		if (secs || frac || !ms) {
			dp_buf_printf(b, "%lu", secs);
			if (frac)	/* trailing zeros dropped */
				dp_buf_printf(b, ".%0*lu", frac % 10 ? 3 :
					      frac % 100 ? 2 : 1,
					      frac % 10 ? frac : frac % 100 ?
					      frac / 10 : frac / 100);
			dp_buf_addc(b, 'S');
		}
	}
	dp_buf_addc(b, '"');
}

/* An INT96 timestamp (nanoseconds of the day, then the Julian day);
 * PQ_OUT_OF_RANGE and a null for nanoseconds outside the day. */
static int
int96_json(struct dp_buf *b, const unsigned char *p)
{
	int64_t nanos = (int64_t)le64(p);
	int64_t julian = (int32_t)le32(p + 8);
	int64_t days = julian - 2440588;	/* 1970-01-01 */

	if (nanos < 0 || nanos >= 86400LL * 1000000000) {
		dp_buf_adds(b, "null");
		return PQ_OUT_OF_RANGE;
	}
	dp_buf_addc(b, '"');
	date_text(b, days);
	dp_buf_addc(b, 'T');
	clock_text(b, nanos / 1000000000, nanos % 1000000000, 9);
	dp_buf_adds(b, "Z\"");
	return 0;
}

/* The decimal text of an unsigned magnitude held big-endian in
 * mag[0..n) (destroyed), with `scale` digits after the point: trailing
 * zeros of the fraction dropped, ".0" kept, as dp's numbers are. */
static void
decimal_text(struct dp_buf *b, int neg, unsigned char *mag, size_t n,
	     int scale)
{
	char digits[160];
	size_t nd = 0, start = 0;

	/* long division by 10, most significant byte first */
	while (start < n && nd < sizeof digits) {
		unsigned rem = 0;
		for (size_t i = start; i < n; i++) {
			unsigned cur = rem << 8 | mag[i];
			mag[i] = (unsigned char)(cur / 10);
			rem = cur % 10;
		}
		digits[nd++] = (char)('0' + rem);
		while (start < n && mag[start] == 0)
			start++;
	}
	while (nd <= (size_t)scale)
		digits[nd++] = '0';	/* at least one integer digit */
	if (neg)
		dp_buf_addc(b, '-');
	for (size_t i = nd; i-- > (size_t)scale;)
		dp_buf_addc(b, digits[i]);
	if (scale > 0) {
		size_t keep = 0;	/* fraction digits up to the last nonzero */
		for (size_t i = 0; i < (size_t)scale; i++)
			if (digits[i] != '0') {
				keep = (size_t)scale - i;
				break;
			}
		dp_buf_addc(b, '.');
		if (keep == 0)
			dp_buf_addc(b, '0');
		for (size_t i = 0; i < keep; i++)
			dp_buf_addc(b, digits[scale - 1 - i]);
	}
}

/* A DECIMAL held as a two's complement integer of n bytes big-endian. */
static void
decimal_be(struct dp_buf *b, const unsigned char *p, size_t n, int scale)
{
	unsigned char mag[64];
	int neg = n > 0 && (p[0] & 0x80);

	if (n == 0 || n > sizeof mag) {
		dp_buf_adds(b, n == 0 ? "0" : "null");
		return;
	}
	memcpy(mag, p, n);
	if (neg) {		/* magnitude = ~v + 1 */
		unsigned carry = 1;
		for (size_t i = n; i-- > 0;) {
			unsigned v = (unsigned char)~mag[i] + carry;
			mag[i] = (unsigned char)v;
			carry = v >> 8;
		}
	}
	decimal_text(b, neg, mag, n, scale);
}

/* A DECIMAL held in a signed 64-bit integer. */
static void
decimal_int(struct dp_buf *b, int64_t v, int scale)
{
	unsigned char mag[8];
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	for (int i = 7; i >= 0; i--) {
		mag[i] = (unsigned char)u;
		u >>= 8;
	}
	decimal_text(b, v < 0, mag, 8, scale);
}

/* A 16-byte UUID as 8-4-4-4-12 lowercase hex, a JSON string. */
static void
uuid_json(struct dp_buf *b, const unsigned char *p)
{
	dp_buf_addc(b, '"');
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			dp_buf_addc(b, '-');
		dp_buf_printf(b, "%02x", p[i]);
	}
	dp_buf_addc(b, '"');
}

/* An IEEE half float's value. */
static float
half_float(const unsigned char *p)
{
	unsigned h = (unsigned)p[0] | (unsigned)p[1] << 8;
	int e = (int)(h >> 10 & 0x1f);
	float m = (float)(h & 0x3ff);
	float v;

	if (e == 0)
		v = ldexpf(m, -24);
	else if (e == 31)
		v = m ? NAN : INFINITY;
	else
		v = ldexpf(m + 1024, e - 25);
	return h & 0x8000 ? -v : v;
}

/* A float or double: JSON has no NaN or infinity, so those are null. */
static void
real_json(struct dp_buf *b, double v, int single)
{
	if (!isfinite(v))
		dp_buf_adds(b, "null");
	else if (single)
		dp_json_float(b, (float)v);
	else
		dp_json_double(b, v);
}

/* An INT32 by its meaning: 0, or PQ_OUT_OF_RANGE (and a null). */
static int
int32_json(struct dp_buf *b, const struct pq_leaf *l, int32_t v)
{
	switch (l->meaning) {
	case PQ_M_DATE:
		dp_buf_addc(b, '"');
		date_text(b, v);
		dp_buf_addc(b, '"');
		break;
	case PQ_M_DECIMAL:
		decimal_int(b, v, l->scale);
		break;
	case PQ_M_TIME:
		return time_json(b, v, PQ_MILLIS, l->utc);
	case PQ_M_INT:	/* INT(8) and INT(16) hold only their width */
		if (l->bits < 32 &&
		    (l->is_signed ? v < -(1 << (l->bits - 1)) ||
				    v >= 1 << (l->bits - 1) :
				    v < 0 || v >= 1 << l->bits)) {
			dp_buf_adds(b, "null");
			return PQ_OUT_OF_RANGE;
		}
		if (!l->is_signed) {
			dp_buf_printf(b, "%lu", (unsigned long)(uint32_t)v);
			break;
		}
		/* fall through */
	default:
		dp_json_int(b, v);
	}
	return 0;
}

/* An INT64 by its meaning: 0, or PQ_OUT_OF_RANGE (and a null). */
static int
int64_json(struct dp_buf *b, const struct pq_leaf *l, int64_t v)
{
	switch (l->meaning) {
	case PQ_M_TIMESTAMP:
		timestamp_json(b, v, l->unit, l->utc);
		break;
	case PQ_M_DECIMAL:
		decimal_int(b, v, l->scale);
		break;
	case PQ_M_TIME:
		return time_json(b, v, l->unit, l->utc);
	case PQ_M_INT:
		if (!l->is_signed) {
			dp_buf_printf(b, "%llu", (unsigned long long)(uint64_t)v);
			break;
		}
		/* fall through */
	default:
		dp_json_int(b, v);
	}
	return 0;
}

/* See value_json.h. */
int
pq_value_json(struct dp_buf *b, const struct pq_leaf *l,
	      const unsigned char *p, size_t n)
{
	float f;
	double d;

	switch (l->type) {
	case PQ_T_BOOLEAN:
		dp_buf_adds(b, p[0] ? "true" : "false");
		return 0;
	case PQ_T_INT32:
		return int32_json(b, l, (int32_t)le32(p));
	case PQ_T_INT64:
		return int64_json(b, l, (int64_t)le64(p));
	case PQ_T_INT96:
		return int96_json(b, p);
	case PQ_T_FLOAT:
		memcpy(&f, p, 4);
		real_json(b, f, 1);
		return 0;
	case PQ_T_DOUBLE:
		memcpy(&d, p, 8);
		real_json(b, d, 0);
		return 0;
	default:
		break;
	}
	/* BYTE_ARRAY and FIXED_LEN_BYTE_ARRAY */
	if (l->meaning == PQ_M_DECIMAL) {
		decimal_be(b, p, n, l->scale);
		return 0;
	}
	if (l->meaning == PQ_M_UUID && n == 16) {
		uuid_json(b, p);
		return 0;
	}
	if (l->meaning == PQ_M_FLOAT16 && n == 2) {
		real_json(b, half_float(p), 1);
		return 0;
	}
	if (l->meaning == PQ_M_INTERVAL && n == 12) {
		interval_json(b, p);
		return 0;
	}
	if (dp_utf8_check((const char *)p, n) == n) {
		dp_json_string(b, (const char *)p, n);
		return 0;
	}
	dp_json_string_lossy(b, (const char *)p, n);
	return PQ_NOT_UTF8;
}
