/* SPDX-License-Identifier: MIT */
/* Option values that are comma-separated lists of names (--columns,
 * --fields, --json-columns). */
#include <stdlib.h>
#include <string.h>

#include "dp.h"

/* Is the name of len bytes at p already among the n names? */
static int
listed(char *const *names, int n, const char *p, size_t len)
{
	for (int i = 0; i < n; i++)
		if (!strncmp(names[i], p, len) && names[i][len] == '\0')
			return 1;
	return 0;
}

/* See dp.h. */
void
dp_name_list_add(char ***names, int *n, const char *option,
		 const char *what, const char *arg)
{
	for (const char *p = arg;; p++) {
		size_t len = strcspn(p, ",");
		char *name;

		if (len == 0)
			dp_usage_error("%s: empty %s name", option, what);
		if (listed(*names, *n, p, len)) {
			if (len > 40)
				dp_usage_error("%s: %s '%.32s...' (%zu bytes) "
					       "named twice", option, what, p,
					       len);
			dp_usage_error("%s: %s '%.*s' named twice", option,
				       what, (int)len, p);
		}
		name = memcpy(dp_xmalloc(len + 1), p, len);
		name[len] = '\0';
		*names = dp_xrealloc(*names, ((size_t)*n + 1) * sizeof **names);
		(*names)[(*n)++] = name;
		p += len;
		if (!*p)
			break;
	}
}

/* See dp.h. */
void
dp_name_list_free(char **names, int n)
{
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
}
