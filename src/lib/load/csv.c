/* SPDX-License-Identifier: MIT */
/* dp-load-csv's loader: CSV or TSV rows (RFC 4180, libcsv) to NDJSON
 * records keyed by the header row, with exact line numbers. */
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "load.h"

#define CHUNK (64 * 1024)

/* A column's name: n bytes of UTF-8, unique within the file. */
struct column {
	char *name;
	size_t len;
};

struct dp_csv_loader {
	unsigned char delim;	/* --delimiter */
	int header;		/* the first row names the columns */
	int typed;		/* --types auto */
	struct dp_loader *run;	/* the envelope and --limit */

	/* The file being read. */
	const char *file;	/* its name for messages */
	struct csv_parser parser;
	long long line;		/* physical line of the next byte */
	int after_cr;		/* the last byte fed was '\r' */
	int in_row;		/* a row has begun and not ended */
	long long row_line;	/* the line the current row starts on */
	struct dp_buf raw;	/* the current row's text as read */
	int bad_quote;		/* skipping the rest of a malformed line */
	int bad_header;		/* the header failed: skip the input */
	long long bad_line;	/* the malformed quote's line */

	/* Columns, once the first row has been read. */
	struct column *cols;
	size_t ncols;
	int present;		/* DP_ENV_* bits of envelope-named columns */

	/* Fields of the current row, concatenated in `text`. */
	struct dp_buf text;
	size_t *ends;		/* end offset of each field in `text` */
	size_t nfields, cap;

	struct dp_buf msg;	/* a diagnostic being formatted */
	struct dp_buf out;	/* the record being built */
};

/* Release the loader's buffers. */
static void
loader_free(struct dp_csv_loader *ld)
{
	dp_buf_free(&ld->raw);
	dp_buf_free(&ld->text);
	dp_buf_free(&ld->msg);
	dp_buf_free(&ld->out);
	free(ld->ends);
}

/* libcsv space test: no byte is a space, so fields keep their blanks
 * (RFC 4180: spaces are part of a field). */
static int
no_space(unsigned char c)
{
	(void)c;
	return 0;
}

/* Start a fresh strict parser, one that rejects stray quotes and an
 * unterminated quote at the end, and grows its buffer with
 * dp_xrealloc (so it never fails for memory). */
static void
parser_start(struct dp_csv_loader *ld)
{
	if (csv_init(&ld->parser, CSV_STRICT | CSV_STRICT_FINI) != 0)
		dp_die(DP_EXIT_INTERNAL, "out of memory");
	csv_set_delim(&ld->parser, ld->delim);
	csv_set_space_func(&ld->parser, no_space);
	csv_set_realloc_func(&ld->parser, dp_xrealloc);
}

/* Forget the current row: its fields and its text. */
static void
row_reset(struct dp_csv_loader *ld)
{
	ld->nfields = 0;
	ld->text.len = 0;
	ld->raw.len = 0;
	ld->in_row = 0;
}

/* Field k of the current row; sets *n to its length. */
static const char *
field(const struct dp_csv_loader *ld, size_t k, size_t *n)
{
	size_t start = k > 0 ? ld->ends[k - 1] : 0;

	*n = ld->ends[k] - start;
	return ld->text.data + start;
}

/* A header that cannot name the columns fails the whole input, even
 * with --keep-going: no row of it could be read without it. The message
 * is printed at once; the rest of the input is skipped and the load
 * returns -1. */
static void
header_error(struct dp_csv_loader *ld, long long line, const char *msg)
{
	if (!ld->bad_header)
		dp_warn_at(ld->file, line, "header: %s", msg);
	ld->bad_header = 1;
}

/* A bad row at `line`: the header's error, or a reject carrying the
 * row's text without its line ending. */
static void
bad_row(struct dp_csv_loader *ld, long long line, const char *msg)
{
	size_t n = ld->raw.len;

	if (ld->header && ld->ncols == 0) {
		header_error(ld, line, msg);
		return;
	}
	if (n > 0 && ld->raw.data[n - 1] == '\n')
		n--;
	if (n > 0 && ld->raw.data[n - 1] == '\r')
		n--;
	dp_reject(ld->file, line, msg, NULL, ld->raw.data, n);
}

/* Is name s (n bytes) taken by one of the first k columns? */
static int
name_taken(const struct dp_csv_loader *ld, size_t k, const char *s, size_t n)
{
	for (size_t i = 0; i < k; i++)
		if (ld->cols[i].len == n && memcmp(ld->cols[i].name, s, n) == 0)
			return 1;
	return 0;
}

/* Name the columns after the current row (the header), or c1, c2, ...
 * with --no-header. An empty name becomes cN (N the column's number);
 * a name an earlier column has gets the first free suffix _2, _3, ... */
static void
name_columns(struct dp_csv_loader *ld)
{
	struct dp_buf name = { 0 };

	ld->ncols = ld->nfields;
	ld->cols = dp_xmalloc(ld->ncols * sizeof *ld->cols);
	ld->present = 0;
	for (size_t k = 0; k < ld->ncols; k++) {
		size_t n, base;
		const char *s = field(ld, k, &n);

		name.len = 0;
		if (ld->header && n > 0) {
			if (dp_utf8_check(s, n) != n)
				header_error(ld, ld->row_line,
					     "invalid UTF-8 in a column name");
			dp_buf_add(&name, s, n);
		} else {
			dp_buf_printf(&name, "c%zu", k + 1);
		}
		base = name.len;
		for (unsigned i = 2; name_taken(ld, k, name.data, name.len);
		     i++) {
			name.len = base;
			dp_buf_printf(&name, "_%u", i);
		}
		ld->cols[k].name = dp_xmalloc(name.len);
		memcpy(ld->cols[k].name, name.data, name.len);
		ld->cols[k].len = name.len;
		ld->present |= dp_envelope_key(name.data, name.len);
	}
	dp_buf_free(&name);
}

/* Free the columns of the file just read. */
static void
columns_free(struct dp_csv_loader *ld)
{
	for (size_t k = 0; k < ld->ncols; k++)
		free(ld->cols[k].name);
	free(ld->cols);
	ld->cols = NULL;
	ld->ncols = 0;
}

/* Write the current row as a record, or reject it when its field count
 * differs from the header's or a field is not valid UTF-8. */
static void
emit_row(struct dp_csv_loader *ld)
{
	struct dp_buf *b = &ld->out;
	size_t n;

	ld->msg.len = 0;
	if (ld->nfields != ld->ncols) {
		dp_buf_printf(&ld->msg, "expected %zu field%s, found %zu",
			      ld->ncols, ld->ncols == 1 ? "" : "s",
			      ld->nfields);
		bad_row(ld, ld->row_line, dp_buf_cstr(&ld->msg));
		return;
	}
	for (size_t k = 0; k < ld->nfields; k++) {
		const char *s = field(ld, k, &n);
		if (dp_utf8_check(s, n) != n) {
			dp_buf_printf(&ld->msg, "invalid UTF-8 in field '%.*s'",
				      (int)ld->cols[k].len, ld->cols[k].name);
			bad_row(ld, ld->row_line, dp_buf_cstr(&ld->msg));
			return;
		}
	}
	b->len = 0;
	dp_buf_addc(b, '{');
	for (size_t k = 0; k < ld->nfields; k++) {
		const char *s = field(ld, k, &n);
		if (k > 0)
			dp_buf_addc(b, ',');
		dp_json_string(b, ld->cols[k].name, ld->cols[k].len);
		dp_buf_addc(b, ':');
		if (ld->typed)
			dp_json_scalar(b, s, n);
		else
			dp_json_string(b, s, n);
	}
	dp_loader_seal(ld->run, b, ld->present);
	dp_loader_write(ld->run, b);
}

/* libcsv field callback: append the field to the current row. */
static void
on_field(void *s, size_t n, void *data)
{
	struct dp_csv_loader *ld = data;

	ld->ends = dp_xgrow(ld->ends, &ld->cap, ld->nfields + 1,
			    sizeof *ld->ends);
	if (n > 0)
		dp_buf_add(&ld->text, s, n);
	ld->ends[ld->nfields++] = ld->text.len;
}

/* libcsv row callback: the first row names the columns (and with
 * --no-header is also data); every other row is a record. */
static void
on_row(int c, void *data)
{
	struct dp_csv_loader *ld = data;

	(void)c;
	if (ld->ncols == 0) {
		name_columns(ld);
		if (ld->header || ld->bad_header) {
			row_reset(ld);
			return;
		}
	}
	emit_row(ld);
	row_reset(ld);
}

/* A strict-mode parse error at byte c: start skipping the rest of the
 * line, which is rejected whole once its line ending is read. */
static void
quote_error(struct dp_csv_loader *ld, char c)
{
	ld->bad_quote = 1;
	ld->bad_line = ld->line;
	ld->msg.len = 0;
	dp_buf_printf(&ld->msg, "malformed quote in field %zu: %s",
		      ld->nfields + 1,
		      c == '"' ? "a quote inside an unquoted field"
			       : "text after a closing quote");
}

/* End a malformed row: reject it and restart the parser. */
static void
quote_error_end(struct dp_csv_loader *ld)
{
	bad_row(ld, ld->bad_line, dp_buf_cstr(&ld->msg));
	ld->bad_quote = 0;
	row_reset(ld);
	csv_free(&ld->parser);
	parser_start(ld);
}

/* Parse one piece of input: bytes ending at a line ending ('\n' or
 * '\r') or at the end of the buffer read, so that line numbers stay
 * exact. A row starts at its first byte that is not a line ending. */
static void
feed_piece(struct dp_csv_loader *ld, const char *p, size_t n)
{
	char last = p[n - 1];
	int ends_line = last == '\n' || last == '\r';

	if (ld->after_cr && p[0] != '\n')
		ld->line++;	/* a lone '\r' ended the line */
	ld->after_cr = 0;
	if (!ld->in_row && (n > 1 || !ends_line)) {
		ld->in_row = 1;
		ld->row_line = ld->line;
	}
	if (ld->in_row)
		dp_buf_add(&ld->raw, p, n);
	if (!ld->bad_quote) {
		size_t used = csv_parse(&ld->parser, p, n, on_field, on_row,
					ld);
		if (used < n)
			quote_error(ld, p[used]);
	}
	if (ld->bad_quote && ends_line)
		quote_error_end(ld);
	if (last == '\n')
		ld->line++;
	else if (last == '\r')
		ld->after_cr = 1;
}

/* Parse n bytes read from the file, piece by piece, until --limit. */
static void
feed(struct dp_csv_loader *ld, const char *p, size_t n)
{
	size_t i = 0;

	while (i < n && !dp_loader_done(ld->run) && !ld->bad_header) {
		size_t j = i;
		while (j < n && p[j] != '\n' && p[j] != '\r')
			j++;
		if (j < n)
			j++;
		feed_piece(ld, p + i, j - i);
		i = j;
	}
}

/* End of file: finish a row that lacks its line ending, and report a
 * quote left open. */
static void
finish(struct dp_csv_loader *ld)
{
	if (ld->bad_quote)
		quote_error_end(ld);
	else if (csv_fini(&ld->parser, on_field, on_row, ld) != 0)
		bad_row(ld, ld->row_line, "unterminated quoted field");
}

/* Read the start of a file into buf (at least 3 bytes unless the file
 * is shorter); returns the byte count, or -1 after a diagnostic. A
 * UTF-8 byte order mark is counted in *skip, to be left out. */
static long
read_start(struct dp_input *in, char *buf, size_t *skip)
{
	long n = 0, r;

	do {
		r = dp_input_read(in, buf + n, CHUNK - (size_t)n);
		if (r < 0)
			return -1;
		n += r;
	} while (r > 0 && n < 3);
	*skip = n >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
	return n;
}

/* Get ready to read the input called `name` (for messages and
 * source_file); `path` gives the entity type by its file name. */
static void
begin_input(struct dp_csv_loader *ld, const char *name, const char *path)
{
	ld->file = name;
	dp_loader_input(ld->run, name, path);
	ld->line = 1;
	ld->after_cr = 0;
	parser_start(ld);
}

/* The input has ended: finish its last row, free its parser and its
 * columns (the next input has its own header). */
static int
end_input(struct dp_csv_loader *ld)
{
	int failed;

	if (!dp_loader_done(ld->run) && !ld->bad_header)
		finish(ld);
	failed = ld->bad_header;
	ld->bad_header = 0;
	row_reset(ld);
	csv_free(&ld->parser);
	columns_free(ld);
	return failed ? -1 : 0;
}

/* See load.h. */
int
dp_csv_load_file(struct dp_csv_loader *ld, const char *path)
{
	struct dp_input *in = dp_input_open(path);
	char *buf;
	size_t skip;
	long n;

	if (!in)
		exit(DP_EXIT_IO);
	dp_input_track(in);
	buf = dp_xmalloc(CHUNK);
	begin_input(ld, dp_input_name(in), path);
	n = read_start(in, buf, &skip);
	if (n > 0)
		feed(ld, buf + skip, (size_t)n - skip);
	while (n > 0 && !dp_loader_done(ld->run)) {
		n = dp_input_read(in, buf, CHUNK);
		if (n > 0)
			feed(ld, buf, (size_t)n);
	}
	if (n < 0)
		exit(DP_EXIT_IO);
	int r = end_input(ld);
	dp_input_close(in);
	free(buf);
	return r;
}

/* See load.h. */
int
dp_csv_load_bytes(struct dp_csv_loader *ld, const char *name, const char *p,
		  size_t n)
{
	begin_input(ld, name, name);
	if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) {
		p += 3;
		n -= 3;
	}
	feed(ld, p, n);
	return end_input(ld);
}

/* See load.h. */
struct dp_csv_loader *
dp_csv_new(const struct dp_csv_options *o, struct dp_loader *run)
{
	struct dp_csv_loader *ld = dp_xmalloc(sizeof *ld);

	memset(ld, 0, sizeof *ld);
	ld->delim = o->delim;
	ld->header = o->header;
	ld->typed = o->typed;
	ld->run = run;
	dp_buf_reserve(&ld->text, 0);	/* fields point into it, even empty */
	return ld;
}

/* See load.h. */
void
dp_csv_free(struct dp_csv_loader *ld)
{
	if (!ld)
		return;
	loader_free(ld);
	free(ld);
}
