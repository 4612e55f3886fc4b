/* SPDX-License-Identifier: MIT */
/* JSON text: strings, numbers in shortest round-trip form, values. */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dp.h"

/* Which bytes need escaping in a JSON string: control bytes, '"', '\\'. */
static const unsigned char escape_table[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	['"'] = 1, ['\\'] = 1,
};

/* Append s as a quoted JSON string; UTF-8 passes through unchanged.
 * Runs of plain bytes are copied at once. */
void
dp_json_string(struct dp_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, start = 0;

	dp_buf_reserve(b, n + 2);
	b->data[b->len++] = '"';
	for (;;) {
		while (i < n && !escape_table[u[i]])
			i++;
		dp_buf_add(b, s + start, i - start);
		if (i == n)
			break;
		unsigned char c = u[i++];
		start = i;
		switch (c) {
		case '"': dp_buf_add(b, "\\\"", 2); break;
		case '\\': dp_buf_add(b, "\\\\", 2); break;
		case '\n': dp_buf_add(b, "\\n", 2); break;
		case '\r': dp_buf_add(b, "\\r", 2); break;
		case '\t': dp_buf_add(b, "\\t", 2); break;
		case '\b': dp_buf_add(b, "\\b", 2); break;
		case '\f': dp_buf_add(b, "\\f", 2); break;
		default: {
			char esc[6] = { '\\', 'u', '0', '0', hex[c >> 4],
					hex[c & 15] };
			dp_buf_add(b, esc, 6);
		}
		}
	}
	dp_buf_addc(b, '"');
}

/* Append a NUL-terminated string as a JSON string. */
void
dp_json_cstring(struct dp_buf *b, const char *s)
{
	dp_json_string(b, s, strlen(s));
}

/* Append an integer. */
void
dp_json_int(struct dp_buf *b, long long v)
{
	char tmp[24];
	int n = snprintf(tmp, sizeof tmp, "%lld", v);

	dp_buf_add(b, tmp, (size_t)n);
}

/* Append printf's %g text in JSON's shortest spelling, keeping the
 * float type: "12" becomes "12.0", "1e+300" "1e300", "1.5e-07"
 * "1.5e-7". */
static void
add_float_text(struct dp_buf *b, const char *tmp, size_t n)
{
	const char *e = memchr(tmp, 'e', n);

	if (!e) {
		dp_buf_add(b, tmp, n);
		if (!memchr(tmp, '.', n))
			dp_buf_add(b, ".0", 2);
		return;
	}
	dp_buf_add(b, tmp, (size_t)(e - tmp) + 1);
	e++;
	if (*e == '-')
		dp_buf_addc(b, '-');
	if (*e == '-' || *e == '+')
		e++;
	while (*e == '0' && e[1])
		e++;
	dp_buf_add(b, e, n - (size_t)(e - tmp));
}

/* Append the shortest "%.Ng" text of v, N from `from` to `to`, that
 * strtod reads back to v, else the one of N = `to`; a non-finite v as
 * null. */
static void
add_shortest(struct dp_buf *b, double v, int from, int to)
{
	char tmp[40];
	int n, prec = from;

	if (!isfinite(v)) {
		dp_buf_add(b, "null", 4);
		return;
	}
	do
		n = snprintf(tmp, sizeof tmp, "%.*g", prec, v);
	while (strtod(tmp, NULL) != v && ++prec <= to);
	add_float_text(b, tmp, (size_t)n);
}

/* Shortest "%.Ng" text of a finite double that strtod reads back
 * exactly. Starting at 15 digits is enough for normal doubles: one whose
 * shortest form has at most 15 digits prints as that form under %.15g,
 * since %g drops trailing zeros. Subnormals carry fewer digits, so they
 * start at 1. Non-finite values print as null. */
void
dp_json_double(struct dp_buf *b, double v)
{
	add_shortest(b, v, fabs(v) < DBL_MIN ? 1 : 15, 17);
}

/* A 32-bit float as dp_float_text writes it; non-finite values as null. */
void
dp_json_float(struct dp_buf *b, float v)
{
	if (!isfinite(v)) {
		dp_buf_add(b, "null", 4);
		return;
	}
	dp_buf_reserve(b, 16);
	b->len = (size_t)(dp_float_text(b->data + b->len, v) - b->data);
}

/* Append a jansson value compactly; object keys keep insertion order. */
void
dp_json_value(struct dp_buf *b, const json_t *v)
{
	const char *key;
	json_t *item;
	size_t i;
	int first = 1;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		dp_buf_addc(b, '{');
		json_object_foreach((json_t *)v, key, item) {
			if (!first)
				dp_buf_addc(b, ',');
			first = 0;
			dp_json_cstring(b, key);
			dp_buf_addc(b, ':');
			dp_json_value(b, item);
		}
		dp_buf_addc(b, '}');
		break;
	case JSON_ARRAY:
		dp_buf_addc(b, '[');
		json_array_foreach(v, i, item) {
			if (i)
				dp_buf_addc(b, ',');
			dp_json_value(b, item);
		}
		dp_buf_addc(b, ']');
		break;
	case JSON_STRING:
		dp_json_string(b, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		dp_json_int(b, json_integer_value(v));
		break;
	case JSON_REAL:
		dp_json_double(b, json_real_value(v));
		break;
	case JSON_TRUE:
		dp_buf_add(b, "true", 4);
		break;
	case JSON_FALSE:
		dp_buf_add(b, "false", 5);
		break;
	case JSON_NULL:
		dp_buf_add(b, "null", 4);
		break;
	}
}

/* See dp.h. */
int
dp_int_text_fits(const char *s, size_t n)
{
	static const char max[] = "9223372036854775807";
	int neg = s[0] == '-';
	size_t digits = n - (size_t)neg;
	const char *d = s + neg;

	if (digits < 19)
		return 1;
	if (digits > 19)
		return 0;
	int cmp = memcmp(d, max, 19);
	if (neg && cmp > 0)	/* -9223372036854775808 still fits */
		return memcmp(d, "9223372036854775808", 19) == 0;
	return cmp <= 0;
}

/* Is the float text already in the form dp_json_double would print?
 * True for plain decimals ("-12.5") of at most 15 significant digits,
 * no trailing zero, not below 1e-4: %.15g reproduces those exactly. */
static int
float_text_canonical(const char *s, size_t n)
{
	size_t i = s[0] == '-', sig = 0;
	int seen_nonzero = 0, seen_dot = 0, zeros_after_dot = 0;

	if (s[n - 1] == '0' || s[n - 1] == '.')
		return 0;
	for (; i < n; i++) {
		char c = s[i];

		if (c == '.') {
			seen_dot = 1;
			continue;
		}
		if (c < '0' || c > '9')
			return 0;	/* exponent */
		if (c != '0' || seen_nonzero) {
			seen_nonzero = 1;
			sig++;
		} else if (seen_dot) {
			zeros_after_dot++;
		}
	}
	return seen_dot && seen_nonzero && sig <= 15 && zeros_after_dot < 4;
}

/* Append number text in canonical form, rejecting what cannot be exact. */
int
dp_json_number_text(struct dp_buf *b, const char *s, size_t n,
		    const char **why)
{
	if (!memchr(s, '.', n) && !memchr(s, 'e', n) && !memchr(s, 'E', n)) {
		if (!dp_int_text_fits(s, n)) {
			*why = "integer outside the 64-bit range";
			return -1;
		}
		dp_buf_add(b, s, n);
		return 0;
	}
	if (float_text_canonical(s, n)) {
		dp_buf_add(b, s, n);
		return 0;
	}
	char small[64], *tmp = n < sizeof small ? small : dp_xmalloc(n + 1);
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	errno = 0;
	double v = strtod(tmp, NULL);
	if (tmp != small)
		free(tmp);
	if (!isfinite(v)) {
		*why = "number outside the range of a double";
		return -1;
	}
	dp_json_double(b, v);
	return 0;
}
