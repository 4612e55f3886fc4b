/* SPDX-License-Identifier: MIT */
/* --partition-by: the partition fields named, parsed when the option is
 * read and checked against the schema once it is known
 * (pq_partition_parse, pq_partition_fields in parquet.h). */
#include <stdlib.h>
#include <string.h>

#include "parquet.h"
#include "schema.h"

/* See parquet.h. */
struct dp_field_path **
pq_partition_parse(const char *names, int *n)
{
	char *list = dp_xstrdup(names), *save = NULL;
	struct dp_field_path **paths = NULL;

	*n = 0;
	for (char *item = strtok_r(list, ",", &save); item;
	     item = strtok_r(NULL, ",", &save)) {
		struct dp_field_path *p = NULL;

		dp_field_path_option(&p, "--partition-by", item);
		if (p->n > 1)
			dp_usage_error("--partition-by: '%s' is a nested "
				       "field: partitions are top-level fields",
				       p->text);
		paths = dp_xrealloc(paths, ((size_t)*n + 1) * sizeof *paths);
		paths[(*n)++] = p;
	}
	free(list);
	return paths;
}

/* See parquet.h. */
void
pq_partition_paths_free(struct dp_field_path **paths, int n)
{
	for (int i = 0; i < n; i++)
		dp_field_path_free(paths[i]);
	free(paths);
}

/* See parquet.h. */
int *
pq_partition_fields(const struct pq_schema *s,
		    struct dp_field_path *const *paths, int npaths, int *count)
{
	int *parts = dp_xmalloc(((size_t)s->n + 1) * sizeof *parts);
	int n = 0;

	for (int j = 0; j < npaths; j++) {
		const char *t = paths[j]->text;
		int k = pq_schema_find(s, paths[j]->key[0].name,
				       paths[j]->key[0].len);
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
	*count = n;
	return parts;
}
