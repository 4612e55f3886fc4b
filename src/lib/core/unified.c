/* SPDX-License-Identifier: MIT */
/* The unified schema's table (unified.h), generated from its field list. */
#include "dp.h"

#define NAME(name, type, precision, scale, required, stage) \
	const char dp_name_##name[] = #name;
DP_UNIFIED_FIELDS(NAME)
#undef NAME

#define DEF(name, type, precision, scale, required, stage) \
	{ dp_name_##name, DP_TYPE_##type, precision, scale, required, \
	  DP_STAGE_##stage },
const struct dp_field_def dp_unified[DP_NFIELDS] = {
	DP_UNIFIED_FIELDS(DEF)
};
#undef DEF
