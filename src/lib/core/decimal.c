/* SPDX-License-Identifier: MIT */
/* Decimal rounding, half-up, on a number's shortest decimal text:
 * 1.005 to two places is 1.01 (the double nearest 1.005 is a little
 * below it, but its shortest text is "1.005"), 292.30860534 to four is
 * 292.3086. Ties round away from zero, as Java's ROUND_HALF_UP does. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dp.h"

/* See dp.h. The digits are kept whole, however many: nothing is cut. */
int
dp_decimal_round(const char *text, int places, struct dp_buf *out)
{
	struct dp_buf d = { 0 };	/* the digits, point removed */
	long point = 0;		/* digits before the decimal point */
	int neg = 0, seen_point = 0;
	const char *p = text;

	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	for (; *p && *p != 'e' && *p != 'E'; p++) {
		if (*p == '.') {
			if (seen_point)
				goto bad;
			seen_point = 1;
			continue;
		}
		if (*p < '0' || *p > '9')
			goto bad;
		dp_buf_addc(&d, *p);
		if (!seen_point)
			point++;
	}
	if (d.len == 0)
		goto bad;
	if (*p) {	/* exponent: e, an optional sign, 1 to 3 digits */
		const char *q = p + 1 + (p[1] == '+' || p[1] == '-');
		size_t nexp = strspn(q, "0123456789");
		if (nexp == 0 || nexp > 3 || q[nexp])
			goto bad;
		long e = strtol(q, NULL, 10);
		point += p[1] == '-' ? -e : e;
	}
	if (point < 0) {
		if (-point > (long)places + 1) {
			/* below a tenth of the last place: rounds to 0 */
			d.len = 0;
		} else {	/* 0.00ddd: write the zeros out */
			size_t z = (size_t)-point, nd = d.len;
			dp_buf_reserve(&d, z);
			memmove(d.data + z, d.data, nd);
			memset(d.data, '0', z);
			d.len = nd + z;
		}
		point = 0;
	}
	/* Keep the digits up to `places` after the point, then round. */
	long keep = point + places;
	int up = keep >= 0 && (size_t)keep < d.len && d.data[keep] >= '5';
	if (keep < 0) {
		keep = 0;
		up = 0;
	}
	if ((size_t)keep > d.len) {	/* pad with zeros */
		size_t pad = (size_t)keep - d.len;
		dp_buf_reserve(&d, pad);
		memset(d.data + d.len, '0', pad);
		d.len = (size_t)keep;
	}
	dp_buf_reserve(&d, 1);
	char *digits = d.data;
	/* Add one unit in the last kept place, carrying leftwards. */
	if (up) {
		long i = keep - 1;
		for (; i >= 0 && digits[i] == '9'; i--)
			digits[i] = '0';
		if (i >= 0) {
			digits[i]++;
		} else {
			memmove(digits + 1, digits, (size_t)keep);
			digits[0] = '1';
			keep++;
			point++;
		}
	}
	/* Integer part: digits [0, point), zeros when point exceeds keep. */
	struct dp_buf num = { 0 };
	long int_digits = point > 0 ? point : 0;
	for (long i = 0; i < int_digits; i++)
		dp_buf_addc(&num, i < keep ? digits[i] : '0');
	/* Strip leading zeros of the integer part. */
	size_t lead = 0;
	while (lead + 1 < num.len && num.data[lead] == '0')
		lead++;
	struct dp_buf frac = { 0 };
	for (long i = int_digits; i < keep; i++)
		dp_buf_addc(&frac, digits[i]);
	while (frac.len > 0 && frac.data[frac.len - 1] == '0')
		frac.len--;
	int zero = 1;
	for (size_t i = lead; i < num.len; i++)
		zero &= num.data[i] == '0';
	if (frac.len)
		zero = 0;
	if (neg && !zero)
		dp_buf_addc(out, '-');
	if (num.len == lead)
		dp_buf_addc(out, '0');
	else
		dp_buf_add(out, num.data + lead, num.len - lead);
	if (frac.len) {
		dp_buf_addc(out, '.');
		dp_buf_add(out, frac.data, frac.len);
	}
	dp_buf_free(&num);
	dp_buf_free(&frac);
	dp_buf_free(&d);
	return 0;
bad:
	dp_buf_free(&d);
	return -1;
}

/* dp_json_decimal without the text, where that gives the same: x =
 * |v| * 10^places below 2^33 and not within 1e-3 of a tie (k + 0.5).
 * Then x is within 2^-20 of |v| * 10^places, and the shortest text of v
 * (15 digits or more, of a number below 10^10 in these units) within
 * 5e-6: both round to the same integer. Appends and returns 1, or 0
 * for the general way. */
static int
decimal_fast(struct dp_buf *b, double v, int places, int keep_float)
{
	static const uint64_t pow10[] = { 1, 10, 100, 1000, 10000, 100000 };
	char digits[24], *p = digits + sizeof digits;
	double x, f;
	uint64_t r, frac;
	int n, zero;

	if (places < 0 || places > 5)
		return 0;
	x = fabs(v) * (double)pow10[places];
	if (!(x < 8589934592.0))	/* 2^33 */
		return 0;
	r = (uint64_t)x;
	f = x - (double)r;
	if (f > 0.499 && f < 0.501)
		return 0;
	r += f > 0.5;
	zero = r == 0;
	frac = r % pow10[places];
	r /= pow10[places];
	/* backwards: the fraction without trailing zeros, the integer
	 * part, the sign ("-0" is "0") */
	n = places;
	while (n > 0 && frac % 10 == 0) {
		frac /= 10;
		n--;
	}
	for (int i = 0; i < n; i++, frac /= 10)
		*--p = (char)('0' + frac % 10);
	if (n == 0 && keep_float)
		*--p = '0';
	if (n > 0 || keep_float)
		*--p = '.';
	do
		*--p = (char)('0' + r % 10);
	while (r /= 10);
	if (v < 0 && !zero)
		*--p = '-';
	dp_buf_add(b, p, (size_t)(digits + sizeof digits - p));
	return 1;
}

/* See dp.h. */
int
dp_json_decimal(struct dp_buf *b, double v, int places, int keep_float)
{
	struct dp_buf text = { 0 };
	size_t mark = b->len;

	if (!isfinite(v))
		return -1;
	if (decimal_fast(b, v, places, keep_float))
		return 0;
	dp_json_double(&text, v);
	dp_buf_cstr(&text);
	int r = dp_decimal_round(text.data, places, b);
	dp_buf_free(&text);
	if (r != 0) {
		b->len = mark;
		return -1;
	}
	if (keep_float && !memchr(b->data + mark, '.', b->len - mark))
		dp_buf_add(b, ".0", 2);
	return 0;
}
