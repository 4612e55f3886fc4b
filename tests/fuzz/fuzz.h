/* SPDX-License-Identifier: MIT */
/* LLVMFuzzerInitialize for the fuzz targets that write records:
 * include this once, in the target's one file. */
#ifndef DP_FUZZ_H
#define DP_FUZZ_H

#include <fcntl.h>
#include <unistd.h>

#include "dp.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Records to /dev/null, rejects with --keep-going semantics: a bad
 * record is a message on stderr (-close_fd_mask=2 hides them), never
 * an exit. */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct dp_common c;
	int null = open("/dev/null", O_WRONLY);

	(void)argc;
	(void)argv;
	dup2(null, STDOUT_FILENO);
	close(null);
	dp_common_init(&c);
	c.keep_going = 1;
	dp_out_init(0);
	dp_rejects_init(&c);
	return 0;
}

#endif
