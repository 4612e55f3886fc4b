/* SPDX-License-Identifier: MIT */
/* Where a record is from, for messages: its place in the input, and
 * the record's own source_file when it names another file (dp(7),
 * DIAGNOSTICS). */
#include <string.h>

#include "dp.h"

/* See dp.h. */
const char *
dp_record_place(struct dp_buf *b, const char *file, long long line,
		const struct dp_scan *rec)
{
	const struct dp_jfield *f = NULL;

	b->len = 0;
	dp_buf_adds(b, file);
	if (line > 0)
		dp_buf_printf(b, ":%lld", line);
	if (rec)
		f = dp_scan_field(rec, dp_name_source_file,
				  strlen(dp_name_source_file));
	if (f && f->v.type == DP_JSTRING) {
		struct dp_buf scratch = { 0 };
		size_t n;
		const char *s = dp_jspan_str(&f->v, &scratch, &n);

		/* shown as written between its quotes: escaped, so any
		 * byte is safe on a terminal */
		if (n > 0 && (n != strlen(file) || memcmp(s, file, n) != 0))
			dp_buf_printf(b, " (from %.*s)", (int)f->v.n - 2,
				      f->v.p + 1);
		dp_buf_free(&scratch);
	}
	return dp_buf_cstr(b);
}
