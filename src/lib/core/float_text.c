/* SPDX-License-Identifier: MIT */
/* The shortest text of a 32-bit float (see dp.h), and vectors as JSON.
 *
 * The digits are found the Schubfach way (R. Giulietti, "The Schubfach
 * way to render doubles", 2020), in integer arithmetic only: for v =
 * c * 2^q, pick k from q alone so that v's rounding interval (the reals
 * that round to v) is between 1 and 10 units of 10^k wide. The interval
 * then holds at most one multiple of 10 units, which if present is the
 * shortest text (trailing zeros dropped), and always s = floor(v / 10^k)
 * or s + 1, of which the nearer to v (ties to the even one) is the
 * closest of the shortest. v / 10^k and the interval's ends are computed
 * times 4, as one 64 x 64-bit product each with a 64-bit 10^-k rounded
 * up, keeping 31 fraction bits and a sticky bit ("round to odd"), which
 * makes every comparison below exact; `make check-long` checks every
 * float (tests/long/float_exhaustive.c).
 *
 * The text keeps the layout of printf's "%.Pg" with P = max(6, digits):
 * plain decimals for exponents -4 <= X < P ("0.0001", "1234567.0"),
 * else "1.5e-7", "1e6". */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "dp.h"

__extension__ typedef unsigned __int128 u128;

/* g[n + 31] = floor(10^n * 2^(63 - floor(log2 10^n))) + 1 for n = -31..45:
 * 10^n rounded up to 64 significant bits, computed with exact rational
 * arithmetic. k = floor(q log10 2), floor(log10(3/4 2^q)) and
 * floor(n log2 10) above are exact for |q|, |n| < 150 (checked the same
 * way). */
static const uint64_t g_table[77] = {
	0x81ceb32c4b43fcf5ULL, 0xa2425ff75e14fc32ULL,
	0xcad2f7f5359a3b3fULL, 0xfd87b5f28300ca0eULL,
	0x9e74d1b791e07e49ULL, 0xc612062576589ddbULL,
	0xf79687aed3eec552ULL, 0x9abe14cd44753b53ULL,
	0xc16d9a0095928a28ULL, 0xf1c90080baf72cb2ULL,
	0x971da05074da7befULL, 0xbce5086492111aebULL,
	0xec1e4a7db69561a6ULL, 0x9392ee8e921d5d08ULL,
	0xb877aa3236a4b44aULL, 0xe69594bec44de15cULL,
	0x901d7cf73ab0acdaULL, 0xb424dc35095cd810ULL,
	0xe12e13424bb40e14ULL, 0x8cbccc096f5088ccULL,
	0xafebff0bcb24aaffULL, 0xdbe6fecebdedd5bfULL,
	0x89705f4136b4a598ULL, 0xabcc77118461cefdULL,
	0xd6bf94d5e57a42bdULL, 0x8637bd05af6c69b6ULL,
	0xa7c5ac471b478424ULL, 0xd1b71758e219652cULL,
	0x83126e978d4fdf3cULL, 0xa3d70a3d70a3d70bULL,
	0xcccccccccccccccdULL, 0x8000000000000001ULL,
	0xa000000000000001ULL, 0xc800000000000001ULL,
	0xfa00000000000001ULL, 0x9c40000000000001ULL,
	0xc350000000000001ULL, 0xf424000000000001ULL,
	0x9896800000000001ULL, 0xbebc200000000001ULL,
	0xee6b280000000001ULL, 0x9502f90000000001ULL,
	0xba43b74000000001ULL, 0xe8d4a51000000001ULL,
	0x9184e72a00000001ULL, 0xb5e620f480000001ULL,
	0xe35fa931a0000001ULL, 0x8e1bc9bf04000001ULL,
	0xb1a2bc2ec5000001ULL, 0xde0b6b3a76400001ULL,
	0x8ac7230489e80001ULL, 0xad78ebc5ac620001ULL,
	0xd8d726b7177a8001ULL, 0x878678326eac9001ULL,
	0xa968163f0a57b401ULL, 0xd3c21bcecceda101ULL,
	0x84595161401484a1ULL, 0xa56fa5b99019a5c9ULL,
	0xcecb8f27f4200f3bULL, 0x813f3978f8940985ULL,
	0xa18f07d736b90be6ULL, 0xc9f2c9cd04674edfULL,
	0xfc6f7c4045812297ULL, 0x9dc5ada82b70b59eULL,
	0xc5371912364ce306ULL, 0xf684df56c3e01bc7ULL,
	0x9a130b963a6c115dULL, 0xc097ce7bc90715b4ULL,
	0xf0bdc21abb48db21ULL, 0x96769950b50d88f5ULL,
	0xbc143fa4e250eb32ULL, 0xeb194f8e1ae525feULL,
	0x92efd1b8d0cf37bfULL, 0xb7abc627050305aeULL,
	0xe596b7b0c643c71aULL, 0x8f7e32ce7bea5c70ULL,
	0xb35dbf821ae4f38cULL,
};

static const char two_digits[201] =
	"00010203040506070809101112131415161718192021222324252627282930313233"
	"34353637383940414243444546474849505152535455565758596061626364656667"
	"6869707172737475767778798081828384858687888990919293949596979899";

/* x * g / 2^95 (x < 2^64) rounded to odd: floor, with the lowest bit set
 * when anything nonzero was dropped. Dropping the product's low 64 bits
 * first absorbs g's rounding up, so an exact x * 10^n stays exact. */
static uint64_t
round_odd(uint64_t g, uint64_t x)
{
	uint64_t hi = (uint64_t)(((u128)g * x) >> 64);

	return (hi >> 31) | ((hi & 0x7fffffff) != 0);
}

/* The shortest decimal f * 10^*e (f without trailing zeros) that reads
 * back as c * 2^q, and of those the closest, ties to even. c is the
 * significand (with its hidden bit), q the binary exponent of its unit. */
static uint32_t
shortest(uint32_t c, int q, int *e)
{
	/* c = 2^23 above the subnormals: the float below is nearer */
	int near_below = c == 1u << 23 && q > -149;
	/* k = floor(log10(width)): width = 2^q, or 3/4 2^q near_below */
	int k = near_below ? (q * 1262611 - 524031) >> 22
			   : (q * 1262611) >> 22;
	/* h makes cb << h * g / 2^95 = cb * 2^q * 10^-k */
	int h = 32 + q + ((-k * 1741647) >> 19);
	uint64_t g = g_table[31 - k];
	uint64_t cb = (uint64_t)c << 2;
	uint64_t vb = round_odd(g, cb << h);
	uint64_t vl = round_odd(g, (cb - 2 + (uint64_t)near_below) << h);
	uint64_t vr = round_odd(g, (cb + 2) << h);
	/* an odd c's interval excludes its ends */
	uint64_t out = c & 1;
	uint64_t s = vb >> 2, t;
	uint32_t f;

	uint64_t s10 = s / 10 * 10, t10 = s10 + 10;
	int s10_in = vl + out <= s10 << 2, t10_in = (t10 << 2) + out <= vr;
	if (s10_in != t10_in) {		/* at most one can be in */
		f = (uint32_t)(s10_in ? s10 : t10);
		k++;
		f /= 10;
	} else {
		t = s + 1;
		int s_in = vl + out <= s << 2, t_in = (t << 2) + out <= vr;
		if (s_in != t_in)
			f = (uint32_t)(s_in ? s : t);
		else {			/* both in: the nearer to v */
			uint64_t mid = (s << 2) + 2;
			f = (uint32_t)(vb < mid || (vb == mid && !(s & 1))
				       ? s : t);
		}
	}
	while (f % 10 == 0) {
		f /= 10;
		k++;
	}
	*e = k;
	return f;
}

/* How many decimal digits f (0 < f < 10^10) has. */
static int
digit_count(uint32_t f)
{
	static const uint32_t pow10[] = {
		10, 100, 1000, 10000, 100000, 1000000, 10000000,
		100000000, 1000000000
	};
	int n = 1;

	while (n < 10 && f >= pow10[n - 1])
		n++;
	return n;
}

/* Write f's nd decimal digits at p. */
static void
put_digits(char *p, uint32_t f, int nd)
{
	char *q = p + nd;

	while (f >= 100) {
		uint32_t r = f % 100;
		f /= 100;
		q -= 2;
		memcpy(q, two_digits + 2 * r, 2);
	}
	if (f >= 10)
		memcpy(q - 2, two_digits + 2 * f, 2);
	else
		q[-1] = (char)('0' + f);
}

/* See dp.h. */
char *
dp_float_text(char *p, float v)
{
	uint32_t u, c, f;
	int q, e;

	memcpy(&u, &v, 4);
	if (u >> 31)
		*p++ = '-';
	u &= 0x7fffffff;
	if (u == 0) {
		memcpy(p, "0.0", 3);
		return p + 3;
	}
	c = u & 0x7fffff;
	if (u >> 23) {
		c |= 1u << 23;
		q = (int)(u >> 23) - 150;
	} else {
		q = -149;
	}
	f = shortest(c, q, &e);

	char d[10];
	int nd = digit_count(f), x = e + nd - 1;
	put_digits(d, f, nd);
	if (x < -4 || x >= (nd > 6 ? nd : 6)) {		/* d.ddde-X */
		*p++ = d[0];
		if (nd > 1) {
			*p++ = '.';
			memcpy(p, d + 1, (size_t)nd - 1);
			p += nd - 1;
		}
		*p++ = 'e';
		if (x < 0) {
			*p++ = '-';
			x = -x;
		}
		if (x >= 10) {
			memcpy(p, two_digits + 2 * x, 2);
			return p + 2;
		}
		*p++ = (char)('0' + x);
	} else if (x < 0) {				/* 0.000ddd */
		memcpy(p, "0.000", (size_t)(1 - x));
		p += 1 - x;
		memcpy(p, d, (size_t)nd);
		p += nd;
	} else if (nd <= x + 1) {			/* ddd000.0 */
		memcpy(p, d, (size_t)nd);
		p += nd;
		memset(p, '0', (size_t)(x + 1 - nd));
		p += x + 1 - nd;
		memcpy(p, ".0", 2);
		p += 2;
	} else {					/* ddd.ddd */
		memcpy(p, d, (size_t)x + 1);
		p += x + 1;
		*p++ = '.';
		memcpy(p, d + x + 1, (size_t)(nd - x - 1));
		p += nd - x - 1;
	}
	return p;
}

/* See dp.h. */
void
dp_json_float_array(struct dp_buf *b, const float *v, int dim)
{
	char *p;

	/* a float's text and its comma take at most 16 bytes
	 * ("-1.17549435e-38,"): room for all at once */
	dp_buf_reserve(b, 16 * (size_t)(dim > 0 ? dim : 0) + 2);
	p = b->data + b->len;
	*p++ = '[';
	for (int i = 0; i < dim; i++) {
		if (i)
			*p++ = ',';
		if (isfinite(v[i])) {
			p = dp_float_text(p, v[i]);
		} else {
			memcpy(p, "null", 4);
			p += 4;
		}
	}
	*p++ = ']';
	b->len = (size_t)(p - b->data);
}
