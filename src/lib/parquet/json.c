/* SPDX-License-Identifier: MIT */
/* Scanning one NDJSON record for columnizing. */
#include <stdlib.h>
#include <string.h>

#include "dp.h"
#include "json.h"

struct scan {
	struct pq_jrec *r;
	const char *start, *end;
};

#define FAIL(sc, at, msg) \
	do { (sc)->r->error = (msg); \
	     (sc)->r->error_col = (size_t)((at) - (sc)->start) + 1; \
	     return NULL; } while (0)

static const char *
ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

/* Does any byte of x need a look: '"', '\\', < 0x20 or >= 0x80? */
static int
special8(uint64_t x)
{
	const uint64_t ones = 0x0101010101010101ULL;
	const uint64_t high = 0x8080808080808080ULL;
	uint64_t q = x ^ (ones * '"');
	uint64_t b = x ^ (ones * '\\');

	return (((q - ones) & ~q) | ((b - ones) & ~b) | (x - ones * 0x20) |
		x) & high ? 1 : 0;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int
hex4(const char *p)
{
	int v = 0;

	for (int i = 0; i < 4; i++) {
		int h = hexval(p[i]);
		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

/* Scan the string whose opening quote is at p. With `out` non-NULL the
 * decoded bytes are set there (in the input when there is no escape,
 * otherwise in the arena). Returns the byte after the closing quote. */
static const char *
string(struct scan *sc, const char *p, const char **out, size_t *outn)
{
	const char *s = ++p;
	char *dst = NULL;	/* decoding into the arena once an escape
				 * is seen */
	const char *lit = s;	/* start of bytes not yet copied */

	for (;;) {
		while (p + 8 <= sc->end) {
			uint64_t x;
			memcpy(&x, p, 8);
			if (special8(x))
				break;
			p += 8;
		}
		unsigned char c = (unsigned char)*p;
		if (c == '"')
			break;
		if (c >= 0x80) {
			uint32_t cp;
			size_t len = dp_utf8_next(p, (size_t)(sc->end - p),
						  &cp);
			if (!len)
				FAIL(sc, p, "invalid UTF-8 in a string");
			p += len;
			continue;
		}
		if (c < 0x20) {
			if (p >= sc->end)
				FAIL(sc, p, "unterminated string");
			FAIL(sc, p, "control character in a string");
		}
		if (c != '\\') {
			p++;
			continue;
		}
		/* an escape */
		if (out && !dst) {
			dst = sc->r->arena + sc->r->arena_len;
			*out = dst;
		}
		if (dst) {
			memcpy(dst, lit, (size_t)(p - lit));
			dst += p - lit;
		}
		const char *e = p;
		p++;
		char ch;
		switch (*p) {
		case '"': ch = '"'; break;
		case '\\': ch = '\\'; break;
		case '/': ch = '/'; break;
		case 'b': ch = '\b'; break;
		case 'f': ch = '\f'; break;
		case 'n': ch = '\n'; break;
		case 'r': ch = '\r'; break;
		case 't': ch = '\t'; break;
		case 'u': {
			int u = hex4(p + 1);
			unsigned long cp;
			if (u < 0)
				FAIL(sc, e, "invalid \\u escape");
			p += 4;
			cp = (unsigned long)u;
			if (u >= 0xD800 && u <= 0xDBFF) {
				int lo = p[1] == '\\' && p[2] == 'u' ?
					 hex4(p + 3) : -1;
				if (lo < 0xDC00 || lo > 0xDFFF)
					FAIL(sc, e, "unpaired surrogate in a "
						    "\\u escape");
				cp = 0x10000 + (((unsigned long)u - 0xD800)
						<< 10) +
				     ((unsigned long)lo - 0xDC00);
				p += 6;
			} else if (u >= 0xDC00 && u <= 0xDFFF) {
				FAIL(sc, e, "unpaired surrogate in a \\u "
					    "escape");
			}
			if (dst)
				dst += dp_utf8_put(dst, (uint32_t)cp);
			p++;
			lit = p;
			continue;
		}
		default:
			FAIL(sc, e, "invalid escape in a string");
		}
		if (dst)
			*dst++ = ch;
		p++;
		lit = p;
	}
	if (out) {
		if (dst) {
			memcpy(dst, lit, (size_t)(p - lit));
			dst += p - lit;
			*outn = (size_t)(dst - *out);
			sc->r->arena_len = (size_t)(dst - sc->r->arena);
		} else {
			*out = s;
			*outn = (size_t)(p - s);
		}
	}
	return p + 1;
}

/* A JSON number at p; sets *is_int. */
static const char *
number(struct scan *sc, const char *p, int *is_int)
{
	const char *s = p;

	*is_int = 1;
	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		while (*p >= '0' && *p <= '9')
			p++;
	else
		FAIL(sc, s, "invalid number");
	if (*p == '.') {
		*is_int = 0;
		p++;
		if (!(*p >= '0' && *p <= '9'))
			FAIL(sc, s, "invalid number");
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p == 'e' || *p == 'E') {
		*is_int = 0;
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			FAIL(sc, s, "invalid number");
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return p;
}

/* true, false or null at p. */
static const char *
literal(struct scan *sc, const char *p, enum pq_jtype *t)
{
	if (!strncmp(p, "true", 4)) {
		*t = PQ_J_TRUE;
		return p + 4;
	}
	if (!strncmp(p, "false", 5)) {
		*t = PQ_J_FALSE;
		return p + 5;
	}
	if (!strncmp(p, "null", 4)) {
		*t = PQ_J_NULL;
		return p + 4;
	}
	FAIL(sc, p, "invalid value");
}

static void
push(struct scan *sc, size_t depth, char c)
{
	struct pq_jrec *r = sc->r;

	r->stack = dp_xgrow(r->stack, &r->stack_cap, depth + 1, 1);
	r->stack[depth] = c;
}

/* The key of an object member at p, and its ':': returns the byte after
 * them (white space skipped), the key decoded as string() does. */
static const char *
member_key(struct scan *sc, const char *p, const char **out, size_t *outn)
{
	if (*p != '"')
		FAIL(sc, p, "expected a string key");
	p = string(sc, p, out, outn);
	if (!p)
		return NULL;
	p = ws(p);
	if (*p != ':')
		FAIL(sc, p, "expected ':' after a key");
	return ws(p + 1);
}

/* Validate the value at p without keeping anything; iterative, so that
 * nesting depth costs no C stack. */
static const char *
skip(struct scan *sc, const char *p)
{
	size_t depth = 0;
	int is_int;
	enum pq_jtype t;

value:
	switch (*p) {
	case '{':
	case '[':
		push(sc, depth++, *p);
		p = ws(p + 1);
		if (*p == (sc->r->stack[depth - 1] == '{' ? '}' : ']')) {
			p++;
			depth--;
			goto close;
		}
		if (sc->r->stack[depth - 1] == '{')
			goto key;
		goto value;
	case '"':
		p = string(sc, p, NULL, NULL);
		break;
	case '-': case '0': case '1': case '2': case '3': case '4':
	case '5': case '6': case '7': case '8': case '9':
		p = number(sc, p, &is_int);
		break;
	default:
		p = literal(sc, p, &t);
	}
	if (!p)
		return NULL;
close:
	if (depth == 0)
		return p;
	p = ws(p);
	if (*p == ',') {
		p = ws(p + 1);
		if (sc->r->stack[depth - 1] == '{')
			goto key;
		goto value;
	}
	if (*p == (sc->r->stack[depth - 1] == '{' ? '}' : ']')) {
		p++;
		depth--;
		goto close;
	}
	FAIL(sc, p, sc->r->stack[depth - 1] == '{' ?
		    "expected ',' or '}' in an object" :
		    "expected ',' or ']' in an array");
key:
	p = member_key(sc, p, NULL, NULL);
	if (!p)
		return NULL;
	goto value;
}

/* A value at p, decoding strings and spanning containers. */
static const char *
value(struct scan *sc, const char *p, struct pq_jval *v)
{
	const char *s = p;

	v->raw = p;
	v->is_int = 0;
	switch (*p) {
	case '"':
		v->type = PQ_J_STRING;
		p = string(sc, p, &v->p, &v->n);
		break;
	case '{':
		v->type = PQ_J_OBJECT;
		p = skip(sc, p);
		break;
	case '[':
		v->type = PQ_J_ARRAY;
		p = skip(sc, p);
		break;
	case '-': case '0': case '1': case '2': case '3': case '4':
	case '5': case '6': case '7': case '8': case '9':
		v->type = PQ_J_NUMBER;
		p = number(sc, p, &v->is_int);
		break;
	default:
		p = literal(sc, p, &v->type);
	}
	if (!p)
		return NULL;
	v->rawn = (size_t)(p - s);
	if (v->type != PQ_J_STRING) {
		v->p = s;
		v->n = v->rawn;
	}
	return p;
}

static struct pq_jval *
new_elem(struct pq_jrec *r)
{
	if (r->nelems == r->cape) {
		r->cape = r->cape ? r->cape * 2 : 256;
		r->elems = dp_xrealloc(r->elems, r->cape * sizeof *r->elems);
	}
	return &r->elems[r->nelems++];
}

/* A member's array: its direct elements are kept. */
static const char *
array(struct scan *sc, const char *p, struct pq_jval *v)
{
	const char *s = p;
	struct pq_jrec *r = sc->r;

	v->type = PQ_J_ARRAY;
	v->is_int = 0;
	v->raw = p;
	v->first = (uint32_t)r->nelems;
	v->count = 0;
	p = ws(p + 1);
	if (*p != ']') {
		for (;;) {
			struct pq_jval *e = new_elem(r);
			p = value(sc, p, e);
			if (!p)
				return NULL;
			v->count++;
			p = ws(p);
			if (*p == ',') {
				p = ws(p + 1);
				continue;
			}
			if (*p == ']')
				break;
			FAIL(sc, p, "expected ',' or ']' in an array");
		}
	}
	p++;
	v->rawn = (size_t)(p - s);
	v->p = s;
	v->n = v->rawn;
	return p;
}

/* See json.h. */
int
pq_json_parse(struct pq_jrec *r, const char *line, size_t n)
{
	struct scan sc = { r, line, line + n };
	const char *p = ws(line);

	r->nmembers = 0;
	r->nelems = 0;
	r->arena_len = 0;
	r->error = NULL;
	if (r->arena_cap < 2 * n + 64) {
		r->arena_cap = 2 * n + 64;
		free(r->arena);
		r->arena = dp_xmalloc(r->arena_cap);
	}
	if (*p != '{') {
		r->error = *p ? "not a JSON object" : "empty record";
		r->error_col = (size_t)(p - line) + 1;
		return -1;
	}
	p = ws(p + 1);
	if (*p == '}') {
		p++;
		goto end;
	}
	for (;;) {
		struct pq_jmember *m;
		if (r->nmembers == r->capm) {
			r->capm = r->capm ? r->capm * 2 : 64;
			r->members = dp_xrealloc(r->members,
						 r->capm * sizeof *r->members);
		}
		m = &r->members[r->nmembers];
		p = member_key(&sc, p, &m->key, &m->keylen);
		if (!p)
			return -1;
		p = *p == '[' ? array(&sc, p, &m->val) : value(&sc, p, &m->val);
		if (!p)
			return -1;
		r->nmembers++;
		p = ws(p);
		if (*p == ',') {
			p = ws(p + 1);
			continue;
		}
		if (*p == '}') {
			p++;
			break;
		}
		r->error = "expected ',' or '}' in an object";
		r->error_col = (size_t)(p - line) + 1;
		return -1;
	}
end:
	p = ws(p);
	if (p != line + n) {
		r->error = p < line + n && !*p ? "NUL byte after the object" :
						  "text after the object";
		r->error_col = (size_t)(p - line) + 1;
		return -1;
	}
	return 0;
}

/* See json.h. */
const char *
pq_json_compact(struct pq_jrec *r, const struct pq_jval *v, size_t *n)
{
	char *out = r->arena + r->arena_len;
	char *o = out;
	int in_string = 0;

	for (size_t i = 0; i < v->rawn; i++) {
		char c = v->raw[i];
		if (in_string) {
			*o++ = c;
			if (c == '\\')
				*o++ = v->raw[++i];
			else if (c == '"')
				in_string = 0;
		} else if (c == '"') {
			in_string = 1;
			*o++ = c;
		} else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
			*o++ = c;
		}
	}
	*n = (size_t)(o - out);
	r->arena_len += *n;
	return out;
}

/* See json.h. */
void
pq_json_free(struct pq_jrec *r)
{
	free(r->members);
	free(r->elems);
	free(r->arena);
	free(r->stack);
	memset(r, 0, sizeof *r);
}
