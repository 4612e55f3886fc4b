/* SPDX-License-Identifier: MIT */
/* Unit tests: the UTF-8 decoder and encoder, the case fold, trimming and
 * the growable array (src/lib/core/utf8.c, err.c). */
#include <stdint.h>
#include <stdlib.h>

#include "dp.h"
#include "unit.h"

/* Does dp_utf8_next give (want_len, want_cp) for the n bytes of s? */
static int
next_is(const char *s, size_t n, size_t want_len, uint32_t want_cp)
{
	uint32_t cp = 0xdeadbeef;
	size_t len = dp_utf8_next(s, n, &cp);

	if (len != want_len)
		return 0;
	return len ? cp == want_cp : cp == 0xdeadbeef;
}

/* The length of the well-formed sequence at s[0..n) by the table of
 * well-formed byte sequences (Unicode 14.0, table 3-7), or 0: a model
 * written apart from the decoder. */
static size_t
model_len(const unsigned char *s, size_t n)
{
	static const struct {
		unsigned char lo0, hi0, lo1, hi1;
		size_t len;
	} rows[] = {
		{ 0x00, 0x7f, 0, 0, 1 },
		{ 0xc2, 0xdf, 0x80, 0xbf, 2 },
		{ 0xe0, 0xe0, 0xa0, 0xbf, 3 },
		{ 0xe1, 0xec, 0x80, 0xbf, 3 },
		{ 0xed, 0xed, 0x80, 0x9f, 3 },
		{ 0xee, 0xef, 0x80, 0xbf, 3 },
		{ 0xf0, 0xf0, 0x90, 0xbf, 4 },
		{ 0xf1, 0xf3, 0x80, 0xbf, 4 },
		{ 0xf4, 0xf4, 0x80, 0x8f, 4 },
	};

	for (size_t r = 0; r < sizeof rows / sizeof *rows; r++) {
		if (s[0] < rows[r].lo0 || s[0] > rows[r].hi0)
			continue;
		if (n < rows[r].len)
			return 0;
		if (rows[r].len > 1 &&
		    (s[1] < rows[r].lo1 || s[1] > rows[r].hi1))
			return 0;
		for (size_t i = 2; i < rows[r].len; i++)
			if (s[i] < 0x80 || s[i] > 0xbf)
				return 0;
		return rows[r].len;
	}
	return 0;
}

/* The code point of the well-formed sequence s of len bytes. */
static uint32_t
model_cp(const unsigned char *s, size_t len)
{
	static const unsigned char lead_mask[5] = { 0, 0x7f, 0x1f, 0x0f, 0x07 };
	uint32_t cp = s[0] & lead_mask[len];

	for (size_t i = 1; i < len; i++)
		cp = cp << 6 | (s[i] & 0x3f);
	return cp;
}

/* dp_utf8_fold of a C string, as a C string (static storage). */
static const char *
fold(const char *s, enum dp_fold how)
{
	static struct dp_buf b;

	b.len = 0;
	dp_utf8_fold(&b, s, strlen(s), how);
	return dp_buf_cstr(&b);
}

int
main(void)
{
	/* ---- dp_utf8_next: each length, its bounds ---- */
	CHECK("1 byte", next_is("A", 1, 1, 'A'));
	CHECK("NUL is a character", next_is("\0", 1, 1, 0));
	CHECK("U+007F", next_is("\x7f", 1, 1, 0x7f));
	CHECK("U+0080, 2 bytes", next_is("\xc2\x80", 2, 2, 0x80));
	CHECK("U+00E9, 2 bytes", next_is("\xc3\xa9z", 3, 2, 0xe9));
	CHECK("U+07FF, 2 bytes", next_is("\xdf\xbf", 2, 2, 0x7ff));
	CHECK("U+0800, 3 bytes", next_is("\xe0\xa0\x80", 3, 3, 0x800));
	CHECK("U+20AC, 3 bytes", next_is("\xe2\x82\xac", 3, 3, 0x20ac));
	CHECK("U+D7FF, below the surrogates",
	      next_is("\xed\x9f\xbf", 3, 3, 0xd7ff));
	CHECK("U+E000, above the surrogates",
	      next_is("\xee\x80\x80", 3, 3, 0xe000));
	CHECK("U+FFFF, 3 bytes", next_is("\xef\xbf\xbf", 3, 3, 0xffff));
	CHECK("U+10000, 4 bytes", next_is("\xf0\x90\x80\x80", 4, 4, 0x10000));
	CHECK("U+1F600, 4 bytes", next_is("\xf0\x9f\x98\x80", 4, 4, 0x1f600));
	CHECK("U+10FFFF, the last", next_is("\xf4\x8f\xbf\xbf", 4, 4,
					    0x10ffff));

	/* ---- invalid: 0 and *cp untouched ---- */
	CHECK("empty", next_is("", 0, 0, 0));
	CHECK("stray continuation byte", next_is("\x80", 1, 0, 0));
	CHECK("stray continuation byte BF", next_is("\xbf", 1, 0, 0));
	CHECK("C0 overlong of '/'", next_is("\xc0\xaf", 2, 0, 0));
	CHECK("C1 overlong", next_is("\xc1\xbf", 2, 0, 0));
	CHECK("3-byte overlong of U+07FF", next_is("\xe0\x9f\xbf", 3, 0, 0));
	CHECK("3-byte overlong of NUL", next_is("\xe0\x80\x80", 3, 0, 0));
	CHECK("4-byte overlong of U+FFFF",
	      next_is("\xf0\x8f\xbf\xbf", 4, 0, 0));
	CHECK("surrogate U+D800", next_is("\xed\xa0\x80", 3, 0, 0));
	CHECK("surrogate U+DFFF", next_is("\xed\xbf\xbf", 3, 0, 0));
	CHECK("above U+10FFFF (F4 90)", next_is("\xf4\x90\x80\x80", 4, 0, 0));
	CHECK("F5 lead byte", next_is("\xf5\x80\x80\x80", 4, 0, 0));
	CHECK("FF byte", next_is("\xff", 1, 0, 0));
	CHECK("FE byte", next_is("\xfe\x80", 2, 0, 0));
	CHECK("2-byte cut short by n", next_is("\xc3\xa9", 1, 0, 0));
	CHECK("3-byte cut short by n", next_is("\xe2\x82\xac", 2, 0, 0));
	CHECK("4-byte cut short by n", next_is("\xf0\x9f\x98\x80", 3, 0, 0));
	CHECK("2-byte cut short by ASCII", next_is("\xc3" "A", 2, 0, 0));
	CHECK("3-byte cut short by a lead byte",
	      next_is("\xe2\x82\xc3\xa9", 4, 0, 0));
	CHECK("4-byte with a bad last byte",
	      next_is("\xf0\x9f\x98\x20", 4, 0, 0));

	/* ---- against the table of well-formed sequences: every first
	 * and second byte, boundary values after them ---- */
	{
		static const unsigned char tail[] = {
			0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf,
			0xc0, 0xf4, 0xff
		};
		const size_t nt = sizeof tail;
		long bad = 0;

		for (unsigned k = 0; k < 256 * 256 * nt * nt; k++) {
			unsigned char s[4] = {
				(unsigned char)(k >> 8 & 0xff),
				(unsigned char)(k & 0xff),
				tail[k / 65536 % nt], tail[k / 65536 / nt]
			};
			for (size_t n = 1; n <= 4; n++) {
				size_t want = model_len(s, n);
				uint32_t want_cp = want ? model_cp(s, want) : 0;
				if (!next_is((char *)s, n, want, want_cp))
					bad++;
			}
		}
		CHECK("agrees with the well-formed table", bad == 0);
	}

	/* ---- dp_utf8_put: every scalar value round-trips ---- */
	{
		long bad = 0;
		char out[4];

		for (uint32_t cp = 0; cp <= 0x10ffff; cp++) {
			uint32_t back;
			if (cp >= 0xd800 && cp <= 0xdfff)
				continue;
			size_t len = dp_utf8_put(out, cp);
			if (len != (cp < 0x80 ? 1 : cp < 0x800 ? 2 :
				    cp < 0x10000 ? 3 : 4) ||
			    dp_utf8_next(out, len, &back) != len || back != cp)
				bad++;
		}
		CHECK("put and next round-trip U+0000..U+10FFFF", bad == 0);
	}

	/* ---- dp_utf8_check and the lossy string on the same decoder ---- */
	CHECK("check stops at a surrogate",
	      dp_utf8_check("ab\xed\xa0\x80", 5) == 2);
	CHECK("check stops at a cut sequence",
	      dp_utf8_check("ab\xf0\x9f\x98", 5) == 2);
	{
		struct dp_buf b = { 0 };
		dp_json_string_lossy(&b, "\xf4\x90\x80\x80", 4);
		CHECK_STR("lossy: above U+10FFFF is 4 replacements",
			  dp_buf_cstr(&b), "\"\xef\xbf\xbd\xef\xbf\xbd"
			  "\xef\xbf\xbd\xef\xbf\xbd\"");
		dp_buf_free(&b);
	}

	/* ---- the case fold ---- */
	CHECK("ascii lower", dp_ascii_lower('A') == 'a' &&
	      dp_ascii_lower('Z') == 'z' && dp_ascii_lower('a') == 'a' &&
	      dp_ascii_lower('@') == '@' && dp_ascii_lower('[') == '[' &&
	      dp_ascii_lower(0xc9) == 0xc9);
	CHECK_STR("ASCII fold: letters only", fold("Hello, WORLD 42!",
						   DP_FOLD_ASCII),
		  "hello, world 42!");
	CHECK_STR("ASCII fold: other bytes as they are",
		  fold("\xc3\x89T\xc3\x89 \xce\xa3\xff", DP_FOLD_ASCII),
		  "\xc3\x89t\xc3\x89 \xce\xa3\xff");
	CHECK_STR("Unicode fold: É Σ Д", fold("\xc3\x89T\xc3\x89 \xce\xa3"
					      "\xd0\x94", DP_FOLD_UNICODE),
		  "\xc3\xa9t\xc3\xa9 \xcf\x83\xd0\xb4");
	CHECK_STR("Unicode fold: final sigma", fold("\xcf\x82",
						    DP_FOLD_UNICODE),
		  "\xcf\x83");
	CHECK_STR("Unicode fold: Kelvin sign (3 bytes) to k (1)",
		  fold("\xe2\x84\xaa", DP_FOLD_UNICODE), "k");
	CHECK_STR("Unicode fold: U+023A (2 bytes) to U+2C65 (3)",
		  fold("\xc8\xba\xc8\xba\xc8\xba", DP_FOLD_UNICODE),
		  "\xe2\xb1\xa5\xe2\xb1\xa5\xe2\xb1\xa5");
	CHECK_STR("Unicode fold: Deseret, 4 bytes",
		  fold("\xf0\x90\x90\x80", DP_FOLD_UNICODE),
		  "\xf0\x90\x90\xa8");
	CHECK_STR("Unicode fold: invalid bytes as they are",
		  fold("A\xff\xc3" "B\xed\xa0\x80", DP_FOLD_UNICODE),
		  "a\xff\xc3" "b\xed\xa0\x80");
	{
		struct dp_buf b = { 0 };
		dp_buf_adds(&b, "x:");
		dp_utf8_fold(&b, "AB", 2, DP_FOLD_ASCII);
		dp_utf8_fold(&b, "C\0D", 3, DP_FOLD_UNICODE);
		CHECK("fold appends, NUL bytes kept", b.len == 7 &&
		      memcmp(b.data, "x:abc\0d", 7) == 0);
		dp_buf_free(&b);
	}

	/* ---- trimming ---- */
	{
		size_t n;
		const char *s = dp_trim(" \t a b \r\n", 9, &n);
		CHECK("trim both ends", n == 3 && memcmp(s, "a b", 3) == 0);
		s = dp_trim(" \n ", 3, &n);
		CHECK("trim all blank", n == 0);
		s = dp_trim("\xc2\xa0x", 3, &n);
		CHECK("trim leaves non-ASCII", n == 3);
	}

	/* ---- the growable array ---- */
	{
		size_t cap = 0;
		int *v = dp_xgrow(NULL, &cap, 1, sizeof *v);
		CHECK("grow from nothing", v && cap == 16);
		v = dp_xgrow(v, &cap, 16, sizeof *v);
		CHECK("grow: room already", cap == 16);
		v = dp_xgrow(v, &cap, 17, sizeof *v);
		CHECK("grow doubles", cap == 32);
		v = dp_xgrow(v, &cap, 1000, sizeof *v);
		CHECK("grow to the next power", cap == 1024);
		v[999] = 1;
		free(v);
	}
	return unit_failures != 0;
}
