# make run's job (examples/run-main-job): the whole pipeline on the sample
# data, its report, and a rerun that replaces the dataset.
. "$DP_TOP/tests/lib.sh"
. "$DP_TOP/tests/npm/parquet-lib.sh"

run() { (cd "$DP_TOP" && DP_OUT="$T/out" examples/run-main-job) >"$T/report" 2>"$T/err"; }
run
expect_eq "main job exits 0" "$?" 0
expect_eq "report: records and entities" \
	"$(grep '^dp main job' "$T/report")" \
	"dp main job: 51 records (chunks of 51 entities) in $T/out/records.ndjson"
expect_eq "report: per type and state" \
	"$(sed -n '/^records per entity type/,/^quality/p' "$T/report" | tr -s ' ' | tr '\n' ';')" \
	"records per entity type and state:; PROPERTY / California 16; PROPERTY / Utah 16; WIKIPEDIA_ARTICLE / California 7; WIKIPEDIA_ARTICLE / Utah 4; NEIGHBORHOOD / California 3; NEIGHBORHOOD / Utah 3; PROPERTY / Massachusetts 2;quality scores (data_quality_score, validation_status):;"
expect_eq "report: every record validated" \
	"$(sed -n '/^quality/,/^rejects/p' "$T/report" | grep -c 'low_quality')" 0
expect_eq "report: no rejects" "$(grep '^rejects' "$T/report")" \
	"rejects: 0 (in $T/out/rejects.ndjson)"
expect_eq "report: a time for each of the 8 stages" \
	"$(sed -n '/^time per stage/,/^$/p' "$T/report" | grep -c ' ms$')" 8
run
expect_eq "rerun exits 0" "$?" 0
if have_readers; then
	expect_eq "rerun replaces the dataset: still 51 rows" \
		"$(cd "$DP_TOP/tests/npm" && node query.mjs "SELECT count(*) AS n FROM read_parquet('$T/out/dataset/**/*.parquet')" | jq .n)" 51
else
	skip "rerun replaces the dataset" "node or tests/npm/node_modules missing"
fi
