/* SPDX-License-Identifier: MIT */
/*
 * libdp: the pieces every dp program shares.
 *
 * Ownership: a function that returns a pointer says who frees it; a
 * `struct dp_buf` owns its bytes; json_t values follow jansson's rules
 * (a function returning json_t * returns a new reference).
 *
 * Numbers never depend on the locale: no dp program calls setlocale(),
 * so the C library stays in the "C" locale for strtod and printf.
 */
#ifndef DP_H
#define DP_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "unified.h"

#define DP_VERSION "0.1.0"

/* Exit status, the same for every tool (dp(7), EXIT STATUS). */
enum dp_exit {
	DP_EXIT_OK = 0,
	DP_EXIT_DATA = 1,
	DP_EXIT_USAGE = 2,
	DP_EXIT_IO = 3,
	DP_EXIT_REMOTE = 4,
	DP_EXIT_INTERNAL = 5
};

#define DP_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define DP_NORETURN _Noreturn

/* ---- err.c: diagnostics ------------------------------------------------ */

/* Set the program name used as the prefix of every diagnostic; also
 * restores the default SIGPIPE action so `| head` ends quietly. */
void dp_init(const char *argv0);
const char *dp_progname(void);
/* Handle sig with handler, unless whoever started the process ignores
 * sig (nohup, a background job of a script): then it stays ignored. */
void dp_catch_signal(int sig, void (*handler)(int));

/* Print "prog: message" to stderr. A format ending in ':' appends
 * ": strerror(errno)" (sbase's convention). Every message is made
 * clean first: control characters, DEL, C1 controls and bytes that are
 * not UTF-8, which records and file names may hold, are written as
 * escapes (\n, \x1B, \u009B), so a message is one line that cannot
 * speak to the terminal. */
void dp_warn(const char *fmt, ...) DP_PRINTF(1, 2);
/* "prog: message\n", made clean as dp_warn's, without the progress
 * display's handling (usage errors). */
void dp_vsay(const char *fmt, va_list ap) DP_PRINTF(1, 0);
/* Write all of p[0..n) to stderr, again after EINTR; a failure is
 * ignored, as there is nowhere to report it. */
void dp_stderr_put(const void *p, size_t n);
/* Claim the ending of the process for this thread: 1 when it is this
 * thread's (now or before), 0 when another thread is ending it. dp_die
 * claims it, and a thread that dies while another ends the process
 * waits silently for the end; a signal handler that ends the process
 * claims it first, so no thread exits with another status meanwhile.
 * Async-signal-safe. */
int dp_exit_claim(void);
/* dp_warn, then exit with `status`. */
DP_NORETURN void dp_die(int status, const char *fmt, ...) DP_PRINTF(2, 3);
/* "prog: file:line: message", then exit with `status`. */
DP_NORETURN void dp_die_at(int status, const char *file, long long line,
			   const char *fmt, ...) DP_PRINTF(4, 5);
/* Print "prog: file:line: message" to stderr (line 0 omits ":line"). */
void dp_warn_at(const char *file, long long line, const char *fmt, ...)
	DP_PRINTF(3, 4);
void dp_vwarn_at(const char *file, long long line, const char *fmt,
		 va_list ap) DP_PRINTF(3, 0);

/* Allocation that exits 5 on failure. */
void *dp_xmalloc(size_t n);
void *dp_xrealloc(void *p, size_t n);
char *dp_xstrdup(const char *s);
/* dp_xgrow when the array is full (err.c). */
void *dp_xgrow_full(void *p, size_t *cap, size_t need, size_t elem);
/* The growable array: p (an array of *cap elements of `elem` bytes)
 * with room for at least `need`, *cap doubled from 16 as needed. Bytes
 * go in a struct dp_buf instead. Inline: with room left it costs a
 * comparison. */
static inline void *
dp_xgrow(void *p, size_t *cap, size_t need, size_t elem)
{
	return need <= *cap ? p : dp_xgrow_full(p, cap, need, elem);
}

/* ---- buf.c: growable byte buffer -------------------------------------- */

struct dp_buf {
	char *data;
	size_t len;
	size_t cap;
};

void dp_buf_reserve(struct dp_buf *b, size_t extra);
void dp_buf_add(struct dp_buf *b, const void *p, size_t n);
void dp_buf_addc(struct dp_buf *b, char c);
void dp_buf_adds(struct dp_buf *b, const char *s);
void dp_buf_printf(struct dp_buf *b, const char *fmt, ...) DP_PRINTF(2, 3);
void dp_buf_vprintf(struct dp_buf *b, const char *fmt, va_list ap)
	DP_PRINTF(2, 0);
/* A NUL-terminated view of the contents (the NUL is not counted). */
const char *dp_buf_cstr(struct dp_buf *b);
void dp_buf_free(struct dp_buf *b);

/* ---- json_write.c: JSON text ---------------------------------------------- */

/* Append `s` (n bytes of UTF-8) as a quoted JSON string. */
void dp_json_string(struct dp_buf *b, const char *s, size_t n);
void dp_json_cstring(struct dp_buf *b, const char *s);
void dp_json_int(struct dp_buf *b, long long v);
/* Append a finite double as the shortest text that reads back to it,
 * always with a '.' or exponent so it stays a float ("1.0", "0.1"). */
void dp_json_double(struct dp_buf *b, double v);
/* Append a float (32-bit) as the shortest text that reads back to it. */
void dp_json_float(struct dp_buf *b, float v);
/* Write finite v's dp_json_float text at p (room for 16 bytes) and
 * return its end: the shortest decimal that reads back as v, of those
 * the closest to v (ties: even last digit), laid out as printf's %.Pg
 * with P = max(6, its digits), "e-7" not "e-07", and ".0" on integral
 * values: "0.1", "-0.0", "1234567.0", "1e6", "1.5e-7", "1e-45".
 * Integer arithmetic only. (float_text.c) */
char *dp_float_text(char *p, float v);
/* Read the JSON number text s (n bytes, valid JSON number syntax) as
 * the nearest float, ties to even, as strtof does: 0 with *out set, or
 * -1 with *out = +-HUGE_VALF when it rounds beyond FLT_MAX. A value
 * below the smallest subnormal reads as its nearest, 0 or a subnormal.
 * (float_parse.c) */
int dp_parse_float(const char *s, size_t n, float *out);
/* As dp_parse_float, for the number that starts at s and ends at the
 * first byte, before end, that cannot continue it (valid JSON number
 * syntax up to there, as in a scanned record): *stop is set to that
 * byte. */
int dp_parse_float_at(const char *s, const char *end, float *out,
		      const char **stop);
/* The float dp_parse_float reads from number text s[0..n), given its
 * digits without leading zeros as w (wrapped past 19 digits), how many
 * (LONG_MAX when the exponent is too large to read) and the decimal
 * exponent x of w's last digit: for a reader that has them already. */
int dp_float_decimal(uint64_t w, long digits, long x, int neg, const char *s,
		     size_t n, float *out);
/* Append "[v0,v1,...]", each float as dp_json_float writes it.
 * (float_text.c) */
void dp_json_float_array(struct dp_buf *b, const float *v, int dim);
/* Append jansson value `v` compactly, key order kept, numbers as above. */
void dp_json_value(struct dp_buf *b, const json_t *v);

/* Is the integer text (optional '-', then n digits) within int64? */
int dp_int_text_fits(const char *s, size_t n);

/* "an object", "an array", "a string", "an integer", "a number", "a
 * boolean" or "null": v's type for messages. */
const char *dp_json_type_name(const json_t *v);
/* The same for a value of type `type` (enum dp_jtype, span.h). */
const char *dp_jtype_name(int type);

/* Check the JSON number text `s` (n bytes, valid JSON number syntax) and
 * append its canonical form: integers unchanged, if within int64; other
 * numbers as dp_json_double. Returns 0, or -1 with *why set when the
 * number is an integer outside int64 or a float out of range. */
int dp_json_number_text(struct dp_buf *b, const char *s, size_t n,
			const char **why);

/* ---- utf8.c ------------------------------------------------------------- */

/* The UTF-8 decoder: the length (1 to 4) of the valid sequence that
 * starts s[0..n), its code point in *cp; or 0, *cp untouched, when s
 * does not start with one (RFC 3629: a stray continuation byte, a byte
 * C0, C1 or F5-FF, an overlong form, a surrogate, a code point above
 * U+10FFFF, a sequence cut short by n or by a byte that is not a
 * continuation byte, or n == 0). */
size_t dp_utf8_next(const char *s, size_t n, uint32_t *cp);
/* Write code point cp (at most U+10FFFF) as UTF-8 at out (room for 4
 * bytes); returns its length. */
size_t dp_utf8_put(char *out, uint32_t cp);
/* Offset of the first byte that is not valid UTF-8, or n if all are. */
size_t dp_utf8_check(const char *s, size_t n);
/* dp_json_string, with each invalid UTF-8 byte replaced by U+FFFD. */
void dp_json_string_lossy(struct dp_buf *b, const char *s, size_t n);

/* c with A-Z lowered to a-z, any other value as it is: the ASCII part
 * of every case fold. */
static inline int
dp_ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* What dp_utf8_fold folds. */
enum dp_fold {
	DP_FOLD_ASCII,		/* A-Z only: every other byte as it is */
	DP_FOLD_UNICODE		/* every character: Unicode simple case
				 * folding (Σ, σ and ς all give σ; ǅ, ǆ
				 * and Ǆ give ǆ) */
};
/* The case fold: append s (n bytes) folded as `how` says; bytes that
 * are not UTF-8 are copied as they are. */
void dp_utf8_fold(struct dp_buf *out, const char *s, size_t n,
		  enum dp_fold how);
/* s[0..n) without its leading and trailing white space (isspace, in
 * the C locale): returns the start, and sets *len. */
const char *dp_trim(const char *s, size_t n, size_t *len);

/* ---- decimal.c: half-up decimal rounding ---------------------------------- */

/* Append the decimal number text `text` (optional sign, digits of any
 * number, '.', an exponent of at most three digits as %g writes it)
 * rounded half-up (ties away from zero) to `places` decimals, in plain
 * notation without trailing zeros ("292.3086", "1.01", "12"). Returns 0,
 * or -1 if the text is not such a number. */
int dp_decimal_round(const char *text, int places, struct dp_buf *out);
/* Append the finite double v rounded as dp_decimal_round does on its
 * shortest text; with keep_float an integral result gets ".0". Returns
 * 0, or -1 for a non-finite v (nothing appended). */
int dp_json_decimal(struct dp_buf *b, double v, int places, int keep_float);

/* ---- ids.c: deterministic identifiers ------------------------------------ */

/* The UUID v5 (SHA-1) of name (n bytes) in namespace `ns` (text form),
 * lower-case, into out. */
void dp_uuid5(const char *ns, const char *name, size_t n, char out[37]);
/* XXH3-128 of n bytes as 32 lower-case hex digits in xxHash's canonical
 * (big-endian) order. */
void dp_xxh128_hex(const void *p, size_t n, char out[33]);

/* ---- input.c: input files, decompressed ----------------------------------- */

struct dp_input;

/* Open `path` ("-" is stdin) for reading; gzip and zstd data are
 * recognised by their magic bytes and decompressed. Returns NULL with
 * a diagnostic printed when the file cannot be opened. */
struct dp_input *dp_input_open(const char *path);
/* Read up to n decompressed bytes; 0 at end; -1 after a diagnostic
 * (read error or corrupt compressed data). */
long dp_input_read(struct dp_input *in, void *buf, size_t n);
/* Give back n bytes: the next reads return them first. */
void dp_input_unread(struct dp_input *in, const void *p, size_t n);
/* The path as given ("-" shows as "<stdin>" in messages). */
const char *dp_input_name(const struct dp_input *in);
/* Count this input's bytes, as read from the file (compressed), in the
 * progress report: for the program's record input, not its side files. */
void dp_input_track(struct dp_input *in);
void dp_input_close(struct dp_input *in);

/* ---- lines.c: line reader ----------------------------------------------- */

struct dp_lines;

struct dp_lines *dp_lines_new(struct dp_input *in);
/* Next line without its '\n' (and without a '\r' before it): returns its
 * length and sets *line (valid until the next call), 0 < return; returns
 * -1 at end of input, -2 after a read error (diagnostic printed). The
 * line may contain NUL bytes. dp_lines_number() is its 1-based number. */
long dp_lines_next(struct dp_lines *l, char **line);
long long dp_lines_number(const struct dp_lines *l);
void dp_lines_free(struct dp_lines *l);

/* ---- output.c: record output on stdout ------------------------------------ */

/* Set output flushing: per record when `unbuffered` or stdout is a tty,
 * otherwise whenever the buffer fills, and at exit: records written
 * before any exit(), including an error exit, reach stdout. */
void dp_out_init(int unbuffered);
/* Write one record line: `b` holds the JSON object without the '\n'. A
 * failed write is fatal: message and exit 3. */
void dp_out_record(const struct dp_buf *b);
/* Write raw bytes to stdout (for non-record output such as reports). */
void dp_out_write(const void *p, size_t n);
/* Flush stdout; a failure is fatal (exit 3). Call before a successful
 * exit, so that a write error changes the exit status. */
void dp_out_finish(void);

/* ---- progress.c: --progress (dp(7), PROGRESS) --------------------------------- */
/* A second pass over the input starts (dp-to-parquet --schema infer
 * writing what it read, dp-search --like scoring): the counts and the
 * expected size start again, so no record is counted twice and the
 * percentage is the pass's. */
void dp_progress_restart(void);

/* Report progress on stderr from now on: dp_main calls it for
 * --progress. */
void dp_progress_start(void);
/* Nonzero once dp_progress_start has been called. */
int dp_progress_on(void);
/* The record input is these files (n == 0: stdin); when all are regular
 * files, their sizes give a percentage and an ETA. Calls add up. */
void dp_progress_expect_files(int n, char **paths);
/* The input holds n records (a Parquet footer says so): the percentage
 * and ETA count records instead of bytes. Calls add up. */
void dp_progress_expect_records(long long n);
/* n bytes of record input read (dp_input_track does this). */
void dp_progress_bytes(size_t n);
/* One record read or loaded; reports when it is time. Cheap when
 * progress is off. */
void dp_progress_record(void);
/* Report if it is time, without a record: for a program that waits
 * (dp-embed on its requests). */
void dp_progress_tick(void);
/* What a program adds to its report, after "; " (dp-embed: requests,
 * retries, cache hits). */
void dp_progress_detail(void (*fn)(void *ctx, struct dp_buf *b), void *ctx);
/* The final report (dp_main calls it after the program's end). */
void dp_progress_finish(void);
/* For a program's own signal handler, before the signal ends it: take
 * the report off the terminal. Async-signal-safe. (Without a handler
 * of its own, dp_progress_start's does this.) */
void dp_progress_abandon(void);

/* ---- timestamp.c -------------------------------------------------------- */

/* The current time, or SOURCE_DATE_EPOCH when set, as RFC 3339 UTC with
 * microseconds: "2026-11-25T11:42:30.123456Z" (28 bytes + NUL). An
 * invalid SOURCE_DATE_EPOCH is a usage error (exit 2). */
void dp_timestamp_now(char out[32]);

/* ---- options.c: the options every program shares ---------------------------- */

struct dp_common {
	int keep_going;		/* --keep-going, or implied by --rejects */
	const char *rejects;	/* --rejects FILE */
	long long max_rejects;	/* --max-rejects N; -1 means no limit */
	int unbuffered;		/* --unbuffered */
	int progress;		/* --progress */
};

/* Defaults: stop at the first bad record, no reject limit. */
void dp_common_init(struct dp_common *c);
/* Print "Try 'prog --help'..." to stderr and exit 2. */
DP_NORETURN void dp_usage_error(const char *fmt, ...) DP_PRINTF(1, 2);
/* A bad option value: "OPTION: not WHAT: 'ARG'" (only the start of a
 * long ARG, and its length), then exit 2 as dp_usage_error. */
DP_NORETURN void dp_option_error(const char *option, const char *what,
				 const char *arg);
/* A plain decimal integer: an optional '-', then digits only (no
 * blanks, '+', hex or suffix), within long long. Returns 0 with *v
 * set, or -1. */
int dp_parse_int(const char *s, long long *v);
/* An integer option value from min to max, or a usage error (exit 2)
 * naming the option and the range. */
long long dp_parse_int_option(const char *option, const char *arg,
			      long long min, long long max);
/* A byte count option value from min to max: digits, an optional K, M
 * or G (powers of 1024, "Ki" alike), then an optional B; or a usage
 * error naming the option and the range. */
long long dp_parse_size_option(const char *option, const char *arg,
			       long long min, long long max);
/* A number option value: a plain decimal (optional '-', digits with an
 * optional '.', an optional exponent; no blanks, '+', hex, nan or inf)
 * that is finite, not out of a double's range, and from min to max; or
 * a usage error naming the option and the range. */
double dp_parse_double_option(const char *option, const char *arg,
			      double min, double max);

/* ---- name_list.c: comma-separated lists of names as option values ------- */

/* Append a copy of each name in arg, the comma-separated value of
 * option ("--columns"), to the list *names of *n names (NULL and 0 at
 * first; grown with dp_xrealloc). A name that is empty ("", ",", "a,,b",
 * "a,") or already in the list (from arg or an earlier use of the
 * option) is a usage error (exit 2) naming the option and what a name
 * is: "--columns: empty column name", "--columns: column 'a' named
 * twice" (only the start of a long name). */
void dp_name_list_add(char ***names, int *n, const char *option,
		      const char *what, const char *arg);
/* Free the n names and the list. */
void dp_name_list_free(char **names, int n);

/* ---- driver.c, help.c: the program skeleton ------------------------------ */

/* How an option's argument is stored in its group's context. */
enum dp_option_kind {
	DP_OPTION_FLAG,		/* no argument: the int is set to 1 */
	DP_OPTION_STRING,	/* const char *: the argument itself */
	DP_OPTION_INT,		/* int, from min to max (dp_parse_int_option) */
	DP_OPTION_LLONG,	/* long long, likewise */
	DP_OPTION_DOUBLE,	/* double, from fmin to fmax */
	DP_OPTION_BYTES,	/* long long byte count from min to max
				 * (dp_parse_size_option) */
	DP_OPTION_BYTES_SIZE,	/* size_t, likewise */
	DP_OPTION_CALL		/* set(ctx, arg) does the work */
};

/* One command-line option. Tables end with an entry whose name is NULL;
 * write entries with the DP_OPT_* macros below. */
struct dp_option {
	const char *name;	/* the long name, without "--" */
	int letter;		/* the short option, or 0 */
	const char *arg;	/* the argument's name in --help; NULL: none */
	const char *help;	/* one paragraph; the driver wraps it */
	enum dp_option_kind kind;
	size_t offset;		/* where the value goes in the context */
	long long min, max;	/* integer and byte count bounds */
	double fmin, fmax;	/* DP_OPTION_DOUBLE bounds */
	void (*set)(void *ctx, const char *arg);	/* DP_OPTION_CALL */
};

/* The offset of field F of struct type T, a compile error unless F has
 * type TYPE. */
#define DP_FIELD_OF(T, F, TYPE) \
	_Generic(((T *)0)->F, TYPE: offsetof(T, F))

/* A flag setting int field F of T to 1. */
#define DP_OPT_FLAG(NAME, LETTER, HELP, T, F) \
	{ .name = NAME, .letter = LETTER, .help = HELP, \
	  .kind = DP_OPTION_FLAG, .offset = DP_FIELD_OF(T, F, int) }
/* An option whose argument is kept as it is in const char * field F. */
#define DP_OPT_STRING(NAME, LETTER, ARG, HELP, T, F) \
	{ .name = NAME, .letter = LETTER, .arg = ARG, .help = HELP, \
	  .kind = DP_OPTION_STRING, .offset = DP_FIELD_OF(T, F, const char *) }
/* An integer option from MIN to MAX into field F (int or long long). */
#define DP_OPT_INT(NAME, LETTER, ARG, HELP, T, F, MIN, MAX) \
	{ .name = NAME, .letter = LETTER, .arg = ARG, .help = HELP, \
	  .kind = _Generic(((T *)0)->F, int: DP_OPTION_INT, \
			   long long: DP_OPTION_LLONG), \
	  .offset = offsetof(T, F), .min = MIN, .max = MAX }
/* A number option from MIN to MAX into double field F. */
#define DP_OPT_DOUBLE(NAME, LETTER, ARG, HELP, T, F, MIN, MAX) \
	{ .name = NAME, .letter = LETTER, .arg = ARG, .help = HELP, \
	  .kind = DP_OPTION_DOUBLE, .offset = DP_FIELD_OF(T, F, double), \
	  .fmin = MIN, .fmax = MAX }
/* A byte count (digits, an optional K, M or G, an optional B) from
 * MIN to MAX into field F (long long or size_t). */
#define DP_OPT_BYTES(NAME, LETTER, ARG, HELP, T, F, MIN, MAX) \
	{ .name = NAME, .letter = LETTER, .arg = ARG, .help = HELP, \
	  .kind = _Generic(((T *)0)->F, long long: DP_OPTION_BYTES, \
			   size_t: DP_OPTION_BYTES_SIZE), \
	  .offset = offsetof(T, F), .min = MIN, .max = MAX }
/* An option handled by set(ctx, arg) (arg is NULL when ARG is NULL). */
#define DP_OPT_CALL(NAME, LETTER, ARG, HELP, SET) \
	{ .name = NAME, .letter = LETTER, .arg = ARG, .help = HELP, \
	  .kind = DP_OPTION_CALL, .set = SET }
#define DP_OPT_END { .name = NULL }

/* Options and the context their values go into. */
struct dp_option_group {
	const struct dp_option *options;
	void *ctx;
};

/* One record handed to a program's record callback. scan is the
 * record as spans (span.h), borrowed for the call: its line is reused
 * for the next record, so copy what you keep. json is jansson's object,
 * borrowed for the call (json_incref to keep it), or NULL when the
 * program set `spans` (dp_record_json reads it then). dp_record_text
 * gives its line when the program wants the original bytes. */
struct dp_record {
	json_t *json;
	const struct dp_scan *scan;
	const char *file;	/* where it came from, for messages */
	long long line;
	struct dp_records *from;
};

/* r->json, or for a `spans` program jansson's reading of the line, made
 * on the first call and borrowed for the call to `record`. (driver.c) */
json_t *dp_record_json(const struct dp_record *r);

/* The record's line when that is compact JSON (no whitespace outside
 * strings), with *n its length; else NULL. Checked only when asked:
 * it costs a pass over the line. (driver.c) */
const char *dp_record_text(const struct dp_record *r, size_t *n);

/* A program: what dp_main needs to run it. */
struct dp_program {
	const char *synopsis;	/* after "Usage: NAME ": "[OPTION]... [FILE]..."
				 * (more lines, after '\n', each after
				 * "  or:  NAME ") */
	const char *about;	/* what it does: lines of at most 79 columns */
	const char *epilog;	/* printed after the options, or NULL */
	struct dp_option_group groups[4];	/* the program's options, in
						 * --help order; unused
						 * entries are { NULL } */
	void *ctx;		/* passed to the callbacks below */
	/* Nonzero: dp_main leaves standard output alone (no dp_out_init),
	 * for a program that writes there only on request, so that a
	 * closed stdout is no error otherwise. */
	int stdout_on_request;
	/* Right after the options are parsed, before output and rejects
	 * are set up: check the options' combination and the leading
	 * operands (a mistake is a usage error, exit 2); returns how many
	 * operands it took (dp-search's QUERY), the rest being the input
	 * files. May be NULL (no operand taken). */
	int (*check)(void *ctx, int argc, char **argv);
	/* After the options are parsed, output and rejects set up, before
	 * any input is read: open what the run needs (usage checks go in
	 * `check`, before output is set up). May be NULL. */
	void (*start)(void *ctx, const struct dp_common *common);
	/* Nonzero: `record` reads records through r->scan only, and the
	 * driver builds no jansson object (r->json is NULL). */
	int spans;
	/* Nonzero: the scans read top-level arrays of reals as floats
	 * too (span.h, want_vec): for a program that reads vectors. */
	int vectors;
	/* A filter: one record of the input files (or stdin), in order.
	 * NULL for a program that reads its own input with `run`. */
	void (*record)(void *ctx, const struct dp_record *r);
	/* Instead of `record`: do the whole run over the operands; returns
	 * the exit status. */
	int (*run)(void *ctx, int argc, char **argv);
	/* After the last record: finish the work; returns the exit status.
	 * May be NULL. */
	int (*end)(void *ctx);
};

/* Run program p: dp_init, the options (the program's, then the shared
 * ones: --keep-going, --rejects, --max-rejects, --unbuffered, --progress,
 * --help, --version), check, output and rejects set-up, start, the record loop (or
 * run), end, the reject report and the final flush. Returns the exit
 * status for main to return. A usage mistake exits 2. */
int dp_main(const struct dp_program *p, int argc, char **argv);
/* The record loop of a filter (dp_program's `record`), for a program
 * with a `run` of its own: each record of the files (standard input
 * when nfiles is 0) to fn, scanned (and as jansson unless `spans`; with
 * the vectors read as floats when `vectors`). */
void dp_each_record(int nfiles, char **files, int spans, int vectors,
		    void (*fn)(void *ctx, const struct dp_record *r),
		    void *ctx);
/* The shared options dp_main adds after every program's own. */
extern const struct dp_option dp_common_options[];
/* Print p's --help text to stdout: usage, about, every option in
 * aligned columns with its help wrapped to 79 columns, the epilog.
 * (help.c) */
void dp_program_help(const struct dp_program *p);
/* ---- field_path.c: field paths (dp(7), FIELD PATHS) ------------------------ */

/* The keys to follow from a record, outermost first: "a.b" is key "b"
 * of the object in key "a"; a backslash escapes a '.' or a '\' in a
 * key ("a\.b" is the one key "a.b"). Parsed once; one allocation, freed
 * by dp_field_path_free. */
struct dp_field_key {
	const char *name;	/* unescaped, NUL-terminated */
	size_t len;
};
struct dp_field_path {
	size_t n;		/* keys, at least 1 */
	const struct dp_field_key *key;
	const char *text;	/* the path as written, for messages */
};

/* The bounds of a path: a record nests at most 2048 deep (jansson's
 * limit), so no longer path names a value. */
#define DP_FIELD_PATH_MAX_KEYS 2048
#define DP_FIELD_PATH_MAX_BYTES 65536

/* Parse the n bytes at s: the path, or NULL with *why saying what is
 * wrong (an empty key, a bad escape, a NUL byte, too long). */
struct dp_field_path *dp_field_path_parse(const char *s, size_t n,
					  const char **why);
/* Parse the value of option `option` into *p, freeing the path *p held
 * (NULL: none); a bad path is a usage error (exit 2) naming the option. */
void dp_field_path_option(struct dp_field_path **p, const char *option,
			  const char *arg);
/* Follow p's keys from obj as far as they go: returns the value
 * reached and sets *depth to the number of keys followed. *depth is
 * p->n when the path is there; otherwise the value returned (obj itself
 * at 0) is not an object or has no key p->key[*depth]. */
json_t *dp_field_path_walk(const struct dp_field_path *p, json_t *obj,
			   size_t *depth);
/* The value at p in obj (a borrowed reference), or NULL. */
json_t *dp_field_path_get(const struct dp_field_path *p, json_t *obj);
/* Append p's first n keys as a path, escaped as the syntax wants. */
void dp_field_path_print(struct dp_buf *b, const struct dp_field_path *p,
			 size_t n);
void dp_field_path_free(struct dp_field_path *p);

/* ---- rejects.c: bad records ------------------------------------------------- */

/* Start reject handling for this run: opens --rejects FILE (O_APPEND). */
void dp_rejects_init(const struct dp_common *c);
/* A bad record at file:line. Without --keep-going: the message, then
 * exit 1. With it: the message goes to stderr and the record, as
 * `record` (a JSON object text) or `text` (raw bytes), to the rejects
 * file; exits 1 once --max-rejects is exceeded. Exactly one of
 * record_json/text may be non-NULL; n is its length. */
void dp_reject(const char *file, long long line, const char *error,
	       const char *record_json, const char *text, size_t n);
/* Call fn(ctx) before a bad record stops the run (exit 1), so that a
 * program holding accepted records (requests in flight) can write them
 * first: the records before the bad one are never lost. */
void dp_rejects_on_stop(void (*fn)(void *ctx), void *ctx);
/* Report the reject count on stderr; returns the count. */
long long dp_rejects_finish(void);

/* ---- span.h (scan.c, jout.c): records as spans ------------------------------- */

#include "span.h"

/* ---- origin.c: where a record is from ------------------------------------------ */

/* The place of a record for messages, written to b (emptied first) and
 * returned as a C string: "FILE:LINE" (just FILE when line is 0), then
 * " (from SOURCE)" when rec (may be NULL) has a non-empty string
 * source_file other than FILE, as written in the JSON (escaped). Pass it
 * as the file of dp_warn_at or dp_die_at with line 0. */
const char *dp_record_place(struct dp_buf *b, const char *file, long long line,
			    const struct dp_scan *rec);

/* ---- records.c: reading NDJSON records ---------------------------------------- */

struct dp_records;

/* Read records from the files named in argv[0..argc-1], or stdin when
 * argc is 0. Files are opened in turn as reading goes. */
struct dp_records *dp_records_open(int argc, char **argv);
/* Have the records' scans read top-level arrays of reals as floats
 * (span.h, want_vec). */
void dp_records_want_vec(struct dp_records *r);
/* Next record, scanned (span.h), with *file and *line saying where it
 * came from; NULL at end of input. Borrowed until the next call. A
 * line that is not a JSON object (as jansson reads it) is passed to
 * dp_reject (so it exits or is skipped) with the message dp_scan_error
 * gives. Blank lines (spaces and tabs only) are skipped. An unreadable
 * file exits 3. */
const struct dp_scan *dp_records_scan(struct dp_records *r, const char **file,
				      long long *line);
/* jansson's object of the record dp_records_scan returned last, read
 * from its line on the first call (borrowed until the next record). */
json_t *dp_records_json(struct dp_records *r);
/* dp_records_scan, then the record's object as a new reference. */
json_t *dp_records_next(struct dp_records *r, const char **file,
			long long *line);
/* The text of the record dp_records_next returned last, when that line
 * is compact JSON (no whitespace outside strings); else NULL. Valid until
 * the next call. Lets a tool copy a record verbatim without dumping it. */
const char *dp_records_text(const struct dp_records *r, size_t *n);
void dp_records_close(struct dp_records *r);

/* ---- map.c: string-to-string hash map ------------------------------------- */

struct dp_map;

/* The hash of n bytes for the hash tables (FNV-1a). */
size_t dp_hash(const void *p, size_t n);
struct dp_map *dp_map_new(void);
/* Add key (klen bytes) -> copy of value unless the key is present (the
 * first value wins). Returns 1 if added. */
int dp_map_put(struct dp_map *m, const char *key, size_t klen,
	       const char *value);
/* Add or replace key -> copy of value. */
void dp_map_set(struct dp_map *m, const char *key, size_t klen,
		const char *value);
/* The value for key, or NULL. */
const char *dp_map_get(const struct dp_map *m, const char *key, size_t klen);
void dp_map_free(struct dp_map *m);

#endif
