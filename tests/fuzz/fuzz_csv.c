/* SPDX-License-Identifier: MIT */
/* Fuzz target: the CSV loader. The first byte picks the delimiter,
 * header and typing; the rest is the file. With --keep-going semantics
 * every row becomes a record or a reject; records go to /dev/null
 * (reject messages to stderr: run with -close_fd_mask=2 to hide them). */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "load/load.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct dp_common c;
	int null = open("/dev/null", O_WRONLY);

	(void)argc;
	(void)argv;
	dup2(null, STDOUT_FILENO);	/* records */
	dp_common_init(&c);
	c.keep_going = 1;
	dp_out_init(0);
	dp_rejects_init(&c);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char delims[] = { ',', '\t', ';', '|' };
	if (size < 1)
		return 0;
	struct dp_csv_options o = { delims[data[0] & 3], !(data[0] & 4),
				    !(data[0] & 8) };
	struct dp_loader run = DP_LOADER_INIT;
	struct dp_csv_loader *ld;

	dp_loader_start(&run, "csv");
	ld = dp_csv_new(&o, &run);

	dp_csv_load_bytes(ld, "fuzz.csv", (const char *)data + 1, size - 1);
	dp_csv_free(ld);
	return 0;
}
