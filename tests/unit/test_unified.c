/* SPDX-License-Identifier: MIT */
/* Unit tests of the unified schema's table (core/unified.h): names,
 * decimal precisions, the name constants, and the Parquet schema built
 * from it. integration/schema-table.sh checks it against dp(7). */
#include <stdlib.h>

#include "dp.h"
#include "parquet/schema.h"
#include "unit.h"

/* Is the name lower-case ASCII letters, digits and '_', not starting
 * with a digit (written into JSON unescaped)? */
static int
plain_name(const char *s)
{
	if (!*s || (*s >= '0' && *s <= '9'))
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '_'))
			return 0;
	return 1;
}

int
main(void)
{
	int names_ok = 1, types_ok = 1, consts_ok = 1, found_ok = 1;
	int required_ok = 1;
	struct pq_schema *s = pq_schema_unified();
	struct dp_buf text = { 0 }, again = { 0 }, err = { 0 };
	struct pq_schema *parsed;

	for (int i = 0; i < DP_NFIELDS; i++) {
		const struct dp_field_def *d = &dp_unified[i];
		if (!plain_name(d->name))
			names_ok = 0;
		if (d->type == DP_TYPE_DECIMAL
		    ? d->precision < 1 || d->precision > 18 || d->scale < 0 ||
		      d->scale > d->precision
		    : d->precision != 0 || d->scale != 0)
			types_ok = 0;
		if (pq_schema_find(s, d->name, strlen(d->name)) != i)
			found_ok = 0;
		else if (s->fields[i].required != d->required)
			required_ok = 0;
	}
	CHECK("names: lower-case letters, digits and '_'", names_ok);
	CHECK("decimal(P,S) with 1 <= P <= 18, 0 <= S <= P; others none",
	      types_ok);
#define CONST(f, type, precision, scale, required, stage) \
	if (dp_name_##f != dp_unified[DP_F_##f].name || \
	    strcmp(dp_name_##f, #f) != 0) \
		consts_ok = 0;
	DP_UNIFIED_FIELDS(CONST)
#undef CONST
	CHECK("dp_name_X is the table's name of DP_F_X, \"X\"", consts_ok);
	CHECK("Parquet schema: every field, at its index", s->n == DP_NFIELDS &&
	      found_ok);
	CHECK("Parquet schema: required as in the table", required_ok);

	/* the schema in the schema file format reads back the same */
	pq_schema_format(s, &text);
	parsed = pq_schema_parse(text.data, text.len, &err);
	if (parsed)
		pq_schema_format(parsed, &again);
	CHECK("Parquet schema: a schema file that reads back the same",
	      parsed && again.len == text.len &&
	      memcmp(again.data, text.data, text.len) == 0);
	for (int i = 0; i < 2; i++) {
		static const struct {
			const char *check;
			enum dp_field f;
			const char *type;
		} want[] = {
			{ "Parquet schema: a decimal", DP_F_price_per_sqft,
			  "decimal(10,4)" },
			{ "Parquet schema: a vector", DP_F_embedding,
			  "list<float not null>" },
		};
		struct dp_buf t = { 0 };
		pq_type_name(&s->fields[want[i].f], &t);
		CHECK_STR(want[i].check, dp_buf_cstr(&t), want[i].type);
		dp_buf_free(&t);
	}

	pq_schema_free(parsed);
	pq_schema_free(s);
	dp_buf_free(&text);
	dp_buf_free(&again);
	dp_buf_free(&err);
	return unit_failures != 0;
}
