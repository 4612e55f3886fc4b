/* SPDX-License-Identifier: MIT */
/* Fuzz target: half-up decimal rounding and number canonicalisation.
 * No crash; a rounded result is plain decimal text that strtod reads
 * within half a unit of the last place of the input's value. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dp.h"
#include "load/load.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > 200)
		return 0;
	int places = data[0] % 8;
	char *text = malloc(size);
	struct dp_buf out = { 0 };
	const char *why;

	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	if (dp_decimal_round(text, places, &out) == 0) {
		double in = strtod(text, NULL), got;
		char *end;
		got = strtod(dp_buf_cstr(&out), &end);
		if (*end != '\0' || strpbrk(out.data, "eE"))
			abort();
		if (isfinite(in) && fabs(in) < 1e15 &&
		    fabs(got - in) > 0.5 * pow(10, -places) * (1 + 1e-9) + 1e-15 * fabs(in))
			abort();
	}
	out.len = 0;
	dp_scalar_classify(text, size - 1);
	dp_json_scalar(&out, text, strlen(text));
	dp_buf_free(&out);
	(void)why;
	free(text);
	return 0;
}
