/* SPDX-License-Identifier: MIT */
/* Unit tests: timestamps, envelope, entity types from file names, the
 * strict integer parser of option values. */
#include <limits.h>
#include <stdlib.h>

#include "dp.h"
#include "load/load.h"
#include "unit.h"

int
main(void)
{
	char ts[32];
	struct dp_buf b = { 0 };
	struct dp_envelope e = { "PROPERTY", "data/p.json", "json", "T" };

	setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
	dp_timestamp_now(ts);
	CHECK_STR("SOURCE_DATE_EPOCH timestamp", ts,
		  "2023-11-14T22:13:20.000000Z");
	setenv("SOURCE_DATE_EPOCH", "0", 1);
	dp_timestamp_now(ts);
	CHECK_STR("epoch zero", ts, "1970-01-01T00:00:00.000000Z");
	unsetenv("SOURCE_DATE_EPOCH");
	dp_timestamp_now(ts);
	CHECK("clock timestamp has microseconds", strlen(ts) == 27 &&
	      ts[19] == '.' && ts[26] == 'Z');

	CHECK_STR("properties file", dp_entity_type_from_name(
			  "a/b/properties_sf.json"), "PROPERTY");
	CHECK_STR("neighborhoods file", dp_entity_type_from_name(
			  "neighborhoods.json.gz"), "NEIGHBORHOOD");
	CHECK_STR("wikipedia file", dp_entity_type_from_name("wikipedia.db"),
		  "WIKIPEDIA_ARTICLE");
	CHECK("other file", dp_entity_type_from_name("x/properties/a.json") ==
	      NULL);

	CHECK("envelope key entity_type",
	      dp_envelope_key("entity_type", 11) == DP_ENV_ENTITY_TYPE);
	CHECK("envelope key ingested_at",
	      dp_envelope_key("ingested_at", 11) == DP_ENV_INGESTED_AT);
	CHECK("not an envelope key", dp_envelope_key("entity_id", 9) == 0);

	dp_buf_adds(&b, "{\"a\":1");
	dp_envelope_append(&b, &e, DP_ENV_SOURCE_TYPE);
	CHECK_STR("envelope appended where absent", dp_buf_cstr(&b),
		  "{\"a\":1,\"entity_type\":\"PROPERTY\",\"source_file\":"
		  "\"data/p.json\",\"ingested_at\":\"T\"");
	b.len = 0;
	e.entity_type = NULL;
	dp_buf_adds(&b, "{");
	dp_envelope_append(&b, &e, 0);
	CHECK_STR("envelope on an empty object, no entity type",
		  dp_buf_cstr(&b),
		  "{\"source_file\":\"data/p.json\",\"source_type\":\"json\","
		  "\"ingested_at\":\"T\"");
	dp_buf_free(&b);

	long long v = 1;
	CHECK("parse_int 0", dp_parse_int("0", &v) == 0 && v == 0);
	CHECK("parse_int -0", dp_parse_int("-0", &v) == 0 && v == 0);
	CHECK("parse_int 2^63-1", dp_parse_int("9223372036854775807", &v) == 0
	      && v == LLONG_MAX);
	CHECK("parse_int -2^63", dp_parse_int("-9223372036854775808", &v) == 0
	      && v == LLONG_MIN);
	static const char *const bad[] = {
		"", "-", "9223372036854775808", "-9223372036854775809",
		"18446744073709551617", "99999999999999999999999", " 5", "5 ",
		"+5", "0x10", "1e3", "1.0", "12abc", "--1", "nan", "inf"
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		v = 7;
		CHECK(bad[i], dp_parse_int(bad[i], &v) == -1 && v == 7);
	}
	return unit_failures != 0;
}
