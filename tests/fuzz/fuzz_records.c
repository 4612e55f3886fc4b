/* SPDX-License-Identifier: MIT */
/* Fuzz target: the NDJSON record reader (dp_records_*). The first byte
 * picks how the rest is stored: plain, gzip or zstd, in one file or
 * split in two (read as one stream of records); the files are memfds
 * read through /proc/self/fd. With --keep-going semantics every
 * non-blank line is a record or a reject. Checked against a plain
 * reading of the same lines: the records come back in order with their
 * line numbers, each a JSON object equal to jansson's reading of the
 * line, and dp_records_text gives the line exactly when it is compact.
 * Reject messages go to stderr (libFuzzer's -close_fd_mask=2 hides
 * them); data that merely looks compressed is skipped, since corrupt
 * compressed input ends the run with exit 3 by design. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <zlib.h>
#include <zstd.h>

#include "dp.h"
#include "fuzz.h"

/* Would dp_input_open take these bytes for compressed data? */
static int
looks_compressed(const uint8_t *p, size_t n)
{
	return (n >= 2 && p[0] == 0x1f && p[1] == 0x8b) ||
	       (n >= 4 && memcmp(p, "\x28\xb5\x2f\xfd", 4) == 0);
}

/* n bytes as one gzip member; returns the length (buffer malloc'd). */
static size_t
gzip(const uint8_t *p, size_t n, uint8_t **out)
{
	z_stream z;
	size_t cap;

	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, 1, Z_DEFLATED, 15 + 16, 8,
			 Z_DEFAULT_STRATEGY) != Z_OK)
		abort();
	cap = deflateBound(&z, (uLong)n);
	*out = malloc(cap);
	z.next_in = (Bytef *)p;
	z.avail_in = (uInt)n;
	z.next_out = *out;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END)
		abort();
	size_t len = z.total_out;
	deflateEnd(&z);
	return len;
}

/* n bytes as one zstd frame. */
static size_t
zstd(const uint8_t *p, size_t n, uint8_t **out)
{
	size_t cap = ZSTD_compressBound(n);

	*out = malloc(cap);
	size_t len = ZSTD_compress(*out, cap, p, n, 1);
	if (ZSTD_isError(len))
		abort();
	return len;
}

/* A memfd holding n bytes at p, stored as `codec` says; its fd. */
static int
memfile(const uint8_t *p, size_t n, int codec)
{
	uint8_t *z = NULL;
	int fd = memfd_create("fuzz_records", MFD_CLOEXEC);

	if (fd < 0)
		abort();
	if (codec == 1)
		n = gzip(p, n, &z);
	else if (codec == 2)
		n = zstd(p, n, &z);
	if (z)
		p = z;
	for (size_t off = 0; off < n;) {
		ssize_t w = write(fd, p + off, n - off);
		if (w <= 0)
			abort();
		off += (size_t)w;
	}
	free(z);
	return fd;
}

/* Is the line text compact JSON: no whitespace outside strings? Used
 * on valid JSON only. */
static int
compact(const char *s, size_t n)
{
	int in_string = 0;

	for (size_t i = 0; i < n; i++) {
		if (in_string) {
			if (s[i] == '\\')
				i++;
			else if (s[i] == '"')
				in_string = 0;
		} else if (s[i] == '"') {
			in_string = 1;
		} else if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' ||
			   s[i] == '\n') {
			return 0;
		}
	}
	return 1;
}

/* The next line of file `f` the way dp_lines cuts it: without '\n' and
 * one '\r' before it. Returns 0 at end. */
struct cut {
	const char *p;
	size_t n, at;
};

static int
next_line(struct cut *c, const char **s, size_t *n)
{
	if (c->at >= c->n)
		return 0;
	const char *b = c->p + c->at;
	const char *nl = memchr(b, '\n', c->n - c->at);
	*s = b;
	*n = nl ? (size_t)(nl - b) : c->n - c->at;
	c->at += *n + (nl != NULL);
	if (*n > 0 && b[*n - 1] == '\r')
		(*n)--;
	return 1;
}

/* Spaces and tabs only? */
static int
blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	int codec = data[0] & 3, two = (data[0] & 4) != 0;
	const uint8_t *p = data + 2;
	size_t n = size - 2;
	size_t split = two ? n * data[1] / 255 : n;
	const uint8_t *part[2] = { p, p + split };
	size_t len[2] = { split, n - split };
	int nfiles = two ? 2 : 1;
	char names[2][64], *argv[2];
	int fds[2];

	if (codec == 3)
		codec = 0;
	for (int i = 0; i < nfiles; i++)
		if (codec == 0 && looks_compressed(part[i], len[i]))
			return 0;
	for (int i = 0; i < nfiles; i++) {
		fds[i] = memfile(part[i], len[i], codec);
		snprintf(names[i], sizeof names[i], "/proc/self/fd/%d", fds[i]);
		argv[i] = names[i];
	}

	struct dp_records *r = dp_records_open(nfiles, argv);
	struct cut cut = { (const char *)part[0], len[0], 0 };
	int fi = 0;
	long long want_line = 0;
	const char *file;
	long long line;
	json_t *v;

	while ((v = dp_records_next(r, &file, &line))) {
		const char *s = NULL, *text;
		size_t sn = 0, tn = 0;
		json_t *want = NULL;

		if (!json_is_object(v))
			abort();
		/* the next line that is an object, in the plain reading */
		for (;;) {
			while (!next_line(&cut, &s, &sn)) {
				if (++fi >= nfiles)
					abort();	/* a record too many */
				cut = (struct cut){ (const char *)part[fi],
						    len[fi], 0 };
				want_line = 0;
			}
			want_line++;
			if (blank(s, sn))
				continue;
			want = json_loadb(s, sn, JSON_ALLOW_NUL, NULL);
			if (json_is_object(want))
				break;
			json_decref(want);
		}
		if (strcmp(file, names[fi]) != 0 || line != want_line ||
		    !json_equal(v, want))
			abort();
		text = dp_records_text(r, &tn);
		if (compact(s, sn) ? !text || tn != sn || memcmp(text, s, sn)
				   : text != NULL)
			abort();
		json_decref(want);
		json_decref(v);
	}
	/* no object left unread */
	for (;;) {
		const char *s;
		size_t sn;
		while (!next_line(&cut, &s, &sn)) {
			if (++fi >= nfiles)
				goto done;
			cut = (struct cut){ (const char *)part[fi], len[fi],
					    0 };
		}
		json_t *want = json_loadb(s, sn, JSON_ALLOW_NUL, NULL);
		int obj = json_is_object(want);
		json_decref(want);
		if (obj && !blank(s, sn))
			abort();
	}
done:
	dp_records_close(r);
	for (int i = 0; i < nfiles; i++)
		close(fds[i]);
	return 0;
}
