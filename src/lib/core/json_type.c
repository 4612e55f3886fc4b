/* SPDX-License-Identifier: MIT */
/* Naming JSON types in messages. */
#include "dp.h"

/* See dp.h. */
const char *
dp_json_type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: return "an integer";
	case JSON_REAL: return "a number";
	case JSON_TRUE:
	case JSON_FALSE: return "a boolean";
	case JSON_NULL: break;
	}
	return "null";
}

/* See dp.h. */
const char *
dp_jtype_name(int type)
{
	switch (type) {
	case DP_JOBJECT: return "an object";
	case DP_JARRAY: return "an array";
	case DP_JSTRING: return "a string";
	case DP_JINT: return "an integer";
	case DP_JREAL: return "a number";
	case DP_JTRUE:
	case DP_JFALSE: return "a boolean";
	}
	return "null";
}
