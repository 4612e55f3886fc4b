/* SPDX-License-Identifier: MIT */
/* Generated timestamps, honouring SOURCE_DATE_EPOCH. */
#include <stdlib.h>
#include <time.h>

#include "dp.h"

/* See dp.h. SOURCE_DATE_EPOCH must be a non-negative decimal integer. */
void
dp_timestamp_now(char out[32])
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	struct timespec ts;
	struct tm tm;

	if (sde && *sde) {
		long long v;
		if (dp_parse_int(sde, &v) != 0 || v < 0 || v > 253402300799LL)
			dp_die(DP_EXIT_USAGE,
			       "SOURCE_DATE_EPOCH is not a valid number of "
			       "seconds: '%s'", sde);
		ts.tv_sec = (time_t)v;
		ts.tv_nsec = 0;
	} else if (clock_gettime(CLOCK_REALTIME, &ts) != 0) {
		dp_die(DP_EXIT_IO, "clock_gettime:");
	}
	gmtime_r(&ts.tv_sec, &tm);
	size_t n = strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + n, 32 - n, ".%06uZ",
		 (unsigned)(ts.tv_nsec / 1000) % 1000000u);
}
