/* SPDX-License-Identifier: MIT */
/* A minimal unit-test kit: each check prints "ok NAME" or
 * "FAIL NAME: why" for tests/run to count. */
#ifndef UNIT_H
#define UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_failures;

#define CHECK(name, cond) do { \
	if (cond) printf("ok %s\n", name); \
	else { printf("FAIL %s: %s (%s:%d)\n", name, #cond, __FILE__, \
		      __LINE__); unit_failures++; } \
} while (0)

#define CHECK_STR(name, got, want) do { \
	const char *g_ = (got), *w_ = (want); \
	if (g_ && strcmp(g_, w_) == 0) printf("ok %s\n", name); \
	else { printf("FAIL %s: got '%s', want '%s'\n", name, \
		      g_ ? g_ : "(null)", w_); unit_failures++; } \
} while (0)

#endif
