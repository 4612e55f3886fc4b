/* SPDX-License-Identifier: MIT */
/* Fuzz target: dp-load-parquet's reader (parquet/read.c) on a hostile
 * file: the footer, page headers, decompression, levels, encodings and
 * values. The input is the file. Every record it gives must be a JSON
 * object that dp's scanner accepts as dp writes it; a bad file must end
 * in an error with a message naming it, never a crash, a hang or an
 * allocation beyond what the file's size can justify. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dp.h"
#include "span.h"
#include "parquet/parquet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* At most this many records a file: enough to reach every page. */
#define MAX_RECORDS 100000

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	struct dp_buf b = { 0 };
	struct dp_scan s = { 0 };
	struct pq_reader *r;
	int fd, k = 0, status;

	if (!path[0])
		snprintf(path, sizeof path, "%s/fuzz-read-%ld.parquet",
			 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp",
			 (long)getpid());
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	close(fd);
	r = pq_reader_open(path, NULL, 0);
	for (long n = 0; n < MAX_RECORDS; n++) {
		b.len = 0;
		if ((k = pq_reader_next(r, &b)) <= 0)
			break;
		if (dp_scan_line(&s, b.data, b.len) != 0) {
			fprintf(stderr, "not a JSON object: %.*s\n",
				(int)(b.len > 300 ? 300 : b.len), b.data);
			abort();
		}
	}
	if (k < 0) {
		const char *why = pq_reader_error(r, &status);
		if (strncmp(why, path, strlen(path)) != 0 ||
		    (status != DP_EXIT_DATA && status != DP_EXIT_IO))
			abort();
	}
	pq_reader_free(r);
	dp_scan_free(&s);
	dp_buf_free(&b);
	unlink(path);
	return 0;
}
