/* SPDX-License-Identifier: MIT */
/*
 * Records as spans: scan a line once, touch only what a tool needs.
 * Included by dp.h (after struct dp_buf and struct dp_field_path); see
 * src/README.md, "The record layer".
 *
 * dp_scan_line validates a line exactly as the record reader always
 * has (jansson's json_loadb with JSON_ALLOW_NUL, a JSON object) and
 * indexes the object's top-level fields: key, value text, type, and
 * whether the bytes are already canonical, that is exactly what
 * dp_json_value prints for the value (strings escaped as
 * dp_json_string does, integers as written except "-0", other numbers
 * as dp_json_number_text writes them, containers compact with
 * canonical contents and no duplicate keys). Strings are decoded and
 * nested objects searched only when asked. The writers below build an
 * output record from a scanned one, copying canonical bytes and
 * writing the rest canonically, so that its text equals what
 * dp_json_value prints for the record jansson reads, edited alike.
 *
 * Everything here points into the scanned line: spans are valid while
 * the line is (for dp_records, until the next record).
 */
#ifndef DP_SPAN_H
#define DP_SPAN_H

/* The type of a JSON value. */
enum dp_jtype {
	DP_JNULL,
	DP_JFALSE,
	DP_JTRUE,
	DP_JINT,		/* a number without '.' or exponent, in int64 */
	DP_JREAL,		/* any other number (finite as a double) */
	DP_JSTRING,
	DP_JARRAY,
	DP_JOBJECT
};

/* A value as text: p[0..n) is the value as written in the line (a
 * string with its quotes; a container from its bracket to the matching
 * one), always valid JSON. */
struct dp_jspan {
	const char *p;
	size_t n;
	unsigned char type;	/* enum dp_jtype */
	unsigned char canon;	/* 1: the bytes are exactly dp_json_value's
				 * text for this value */
	unsigned char esc;	/* a string with backslash escapes: decode
				 * it (dp_jspan_string) to read it */
};

/* A top-level field. key is the key as written between its quotes;
 * name is the key decoded (the same bytes when key_esc is 0, else in
 * the scan's own memory); a key never holds a NUL byte (jansson
 * rejects those). */
struct dp_jfield {
	const char *key;
	size_t key_len;
	const char *name;
	size_t name_len;
	unsigned char key_esc;	/* the key has backslash escapes */
	unsigned char key_canon; /* the key is as dp_json_string writes it */
	struct dp_jspan v;	/* the value */
	/* With want_vec: an array whose elements are all real numbers
	 * (with a fraction or an exponent, as vectors are written) that
	 * read as finite floats has them, as dp_parse_float reads them,
	 * at s->vec[vec .. vec + vec_len); otherwise vec is -1. */
	long vec;
	size_t vec_len;
};

/* A scanned record. Fill with { 0 } before the first dp_scan_line;
 * reuse for the next line; free with dp_scan_free. */
struct dp_scan {
	const char *line;	/* the line scanned, and its length */
	size_t len;
	/* The fields in the order dp_json_value prints them: a key given
	 * twice or more keeps the place of its first occurrence and the
	 * value of its last (as jansson does). */
	struct dp_jfield *field;
	size_t n;
	/* 1: the whole line is exactly dp_json_value's text of the record
	 * (compact, canonical, no duplicate key), so copy it as it is. */
	int canon;
	/* Set by the caller, before scanning: read the top-level arrays
	 * of real numbers as floats too (a field's vec), in the same pass
	 * over their digits. */
	int want_vec;
	float *vec;
	/* private to scan.c */
	size_t nvec, capvec;
	size_t cap;
	unsigned *slot;		/* hash table: field index + 1, 0 empty */
	size_t nslot;
	struct dp_buf names;	/* decoded keys */
	struct dp_buf num;	/* number text, canonical */
	struct dp_jspan *keys;	/* keys of the open nested objects */
	size_t nkeys, capkeys;
};

/* The deepest a value may nest (the record itself is at depth 1), as
 * jansson allows. */
#define DP_SCAN_MAX_DEPTH 2048

/* Scan line[0..n) (it may hold NUL bytes). Returns 0 when it is a JSON
 * object jansson accepts, with s describing it; -1 otherwise (s then
 * holds nothing useful; dp_scan_error says why). */
int dp_scan_line(struct dp_scan *s, const char *line, size_t n);
/* As dp_scan_line, for a reader that checks numbers against types of
 * its own and writes no record back (dp-to-parquet): any number JSON's
 * grammar allows is accepted, of any length or magnitude (DP_JINT then
 * says only "no fraction, no exponent"; read such a span's value from
 * its text, not with dp_jspan_int or dp_jspan_real), a key may hold
 * a NUL byte, and every canonical flag is 0. */
int dp_scan_line_lax(struct dp_scan *s, const char *line, size_t n);
/* Why line[0..n) is not a record, in the words dp(7) gives (THE RECORD
 * STREAM): "not a JSON object", 'field "KEY": integer outside the
 * 64-bit range: DIGITS', or "invalid JSON at column C: " and jansson's
 * message; appended to msg. Asks jansson, for its exact message: call
 * it only for a line dp_scan_line rejected. Returns 0, or -1 when
 * jansson accepts the line as an object after all (then nothing is
 * appended: a bug in the scanner). */
int dp_scan_error(struct dp_buf *msg, const char *line, size_t n);
void dp_scan_free(struct dp_scan *s);

/* The field whose decoded key is name[0..len), or NULL. */
const struct dp_jfield *dp_scan_field(const struct dp_scan *s,
				      const char *name, size_t len);
/* Follow field path p from the record as far as it goes: returns how
 * many keys were followed (p->n when the value is there) and sets *v to
 * the value reached (the whole record, as an object span, at 0). As
 * dp_field_path_walk does on jansson's object: the last of duplicated
 * keys counts. */
size_t dp_scan_walk(const struct dp_scan *s, const struct dp_field_path *p,
		    struct dp_jspan *v);
/* The value at p: 1 with *v set, or 0 when it is not there. */
int dp_scan_get(const struct dp_scan *s, const struct dp_field_path *p,
		struct dp_jspan *v);

/* In object span o, the value of the member whose decoded key is
 * name[0..len) (the last one, if repeated): 1 with *v set, else 0 (also
 * when o is not an object). A pass over o's text. */
int dp_jspan_member(const struct dp_jspan *o, const char *name, size_t len,
		    struct dp_jspan *v);
/* Iterate over an array's elements, or an object's members: start
 * with *pos = 0; each call returns 1 and sets *v (and, for an object,
 * *key to the key as a string span; key may be NULL), or returns 0
 * after the last (at once for a span of another type). Objects give
 * every member, repeated keys too. One skim over the text (jout.c):
 * only the values' ends are found, and a value's canonical flag is set
 * where that costs nothing (a string without escapes, a literal, an
 * integer but "-0") and 0 otherwise, so that writing it takes the
 * slower, equal way. */
int dp_jspan_next(const struct dp_jspan *c, size_t *pos, struct dp_jspan *key,
		  struct dp_jspan *v);

/* Append the decoded bytes of string span v (UTF-8; may hold NUL). */
void dp_jspan_string(struct dp_buf *b, const struct dp_jspan *v);
/* The decoded bytes of string span v: a pointer into the line when it
 * has no escapes, else into scratch (emptied first); *len is their
 * length. */
const char *dp_jspan_str(const struct dp_jspan *v, struct dp_buf *scratch,
			 size_t *len);
/* Append the decoded bytes of raw string content s[0..n) (the text
 * between the quotes of a valid JSON string). */
void dp_json_unescape(struct dp_buf *b, const char *s, size_t n);
/* The value of a DP_JINT span. */
long long dp_jspan_int(const struct dp_jspan *v);
/* The value of a DP_JINT or DP_JREAL span as a double (as jansson
 * reads it: strtod, or the integer converted). */
double dp_jspan_real(const struct dp_jspan *v);

/* ---- jout.c: writing records ---------------------------------------------- */

/* Append v as dp_json_value prints the value jansson reads from it:
 * its bytes when canonical, else written canonically. */
void dp_jspan_write(struct dp_buf *b, const struct dp_jspan *v);
/* Append field f as dp_json_value prints a member: "KEY":VALUE. */
void dp_jfield_write(struct dp_buf *b, const struct dp_jfield *f);
/* Append the whole record as dp_json_value prints jansson's object:
 * the line itself when s->canon. */
void dp_scan_write(struct dp_buf *b, const struct dp_scan *s);

/* An output record made from a scanned one: every input field in its
 * place, except those dropped or given a new value, then the fields
 * added, as jansson's json_object_del and json_object_set would leave
 * the object. Fill with { 0 }; reuse for the next record; free with
 * dp_jout_free. */
struct dp_jout {
	const struct dp_scan *in;
	/* private to jout.c */
	struct dp_buf vals;	/* new values, and added keys */
	struct dp_jout_edit *edit; /* per input field: kept, dropped, new */
	size_t capedit, nedit;
	struct dp_jout_add *add; /* added fields */
	size_t nadd, capadd;
	int open;		/* a value being appended to vals */
};

/* Start an output record from scanned record in (all its fields kept). */
void dp_jout_begin(struct dp_jout *o, const struct dp_scan *in);
/* Drop the field with decoded key name[0..len), if there is one (input
 * or added). */
void dp_jout_drop(struct dp_jout *o, const char *name, size_t len);
/* Give the field name[0..len) (no NUL byte) a new value: in its place
 * when the record has it (not dropped), else added at the end. Returns
 * the buffer to append exactly one JSON value to, in dp_json_value's
 * form (dp_json_string, dp_json_int, ...); valid until the next call
 * on o. */
struct dp_buf *dp_jout_set(struct dp_jout *o, const char *name, size_t len);
/* Append the output record to b ("{...}", no newline). */
void dp_jout_end(struct dp_jout *o, struct dp_buf *b);
void dp_jout_free(struct dp_jout *o);

#endif
