/* SPDX-License-Identifier: MIT */
/* The embedding fields of a record (see embed.h): embedding,
 * embedding_model, embedding_dimension and embedding_generated_at. */
#include <string.h>

#include "embed.h"

/* The fields dp-embed writes; an input's own are replaced. */
static const char *const added[] = {
	dp_name_embedding, dp_name_embedding_model, dp_name_embedding_dimension,
	dp_name_embedding_generated_at
};

/* See embed.h. */
int
dp_embed_record_model_is(json_t *rec, const char *model)
{
	json_t *m = json_object_get(rec, dp_name_embedding_model);
	size_t n = strlen(model);

	/* by length: "hash-v3\u0000x" is another model */
	return json_is_string(m) && json_string_length(m) == n &&
	       memcmp(json_string_value(m), model, n) == 0;
}

/* See embed.h. */
int
dp_embed_record_has(json_t *rec, const char *model, int dim)
{
	json_t *v = json_object_get(rec, dp_name_embedding);

	return dp_embed_record_model_is(rec, model) &&
	       json_is_array(v) && json_array_size(v) > 0 &&
	       (!dim || json_array_size(v) == (size_t)dim);
}

/* See embed.h. */
int
dp_embed_record_vector(json_t *rec, float *v, int dim)
{
	json_t *a = json_object_get(rec, dp_name_embedding);
	size_t i;
	json_t *x;

	if (!json_is_array(a) || json_array_size(a) != (size_t)dim)
		return 0;
	json_array_foreach(a, i, x) {
		if (json_is_real(x))
			v[i] = (float)json_real_value(x);
		else if (json_is_integer(x))
			v[i] = (float)json_integer_value(x);
		else
			return 0;
	}
	return 1;
}

/* See embed.h. */
void
dp_embed_record_write(struct dp_buf *b, json_t *rec, const float *v,
		      int dim, const char *model, const char *generated_at)
{
	for (size_t i = 0; i < sizeof added / sizeof *added; i++)
		json_object_del(rec, added[i]);
	b->len = 0;
	dp_json_value(b, rec);
	b->len--;		/* reopen the object */
	if (b->len > 1)
		dp_buf_addc(b, ',');
	/* the names are plain ASCII (unified.h): no escaping */
	dp_buf_printf(b, "\"%s\":", dp_name_embedding);
	if (v) {
		dp_json_float_array(b, v, dim);
		dp_buf_printf(b, ",\"%s\":", dp_name_embedding_model);
		dp_json_cstring(b, model);
		dp_buf_printf(b, ",\"%s\":%d,\"%s\":\"%s\"}",
			      dp_name_embedding_dimension, dim,
			      dp_name_embedding_generated_at, generated_at);
	} else {
		dp_buf_printf(b, "null,\"%s\":null,\"%s\":null,\"%s\":null}",
			      dp_name_embedding_model,
			      dp_name_embedding_dimension,
			      dp_name_embedding_generated_at);
	}
}
