/* SPDX-License-Identifier: MIT */
/* --partition-by: the partition fields named, checked against the
 * schema (pq_partition_fields in parquet.h). */
#include <stdlib.h>
#include <string.h>

#include "parquet.h"
#include "schema.h"

/* See parquet.h. */
int *
pq_partition_fields(const struct pq_schema *s, const char *names, int *count)
{
	char *list = dp_xstrdup(names), *save = NULL;
	int *parts = dp_xmalloc(((size_t)s->n + 1) * sizeof *parts);
	int n = 0;

	for (char *t = strtok_r(list, ",", &save); t;
	     t = strtok_r(NULL, ",", &save)) {
		int k = pq_schema_find(s, t, strlen(t));
		if (k < 0)
			dp_usage_error("--partition-by: '%s' is not a field "
				       "of the schema", t);
		const struct pq_field *f = &s->fields[k];
		if (f->list || (f->kind != PQ_STRING && f->kind != PQ_INT32 &&
				f->kind != PQ_INT64 && f->kind != PQ_BOOL))
			dp_usage_error("--partition-by: '%s' is not a string, "
				       "integer or bool field", t);
		for (int i = 0; i < n; i++)
			if (parts[i] == k)
				dp_usage_error("--partition-by: '%s' given "
					       "twice", t);
		if (n == s->n - 1)
			dp_usage_error("--partition-by: no field would be "
				       "left for the files");
		parts[n++] = k;
	}
	if (n == 0)
		dp_usage_error("--partition-by: no field named");
	free(list);
	*count = n;
	return parts;
}
