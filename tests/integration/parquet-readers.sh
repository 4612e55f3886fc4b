# dp-to-parquet: three independent readers (DuckDB, arrow-rs through
# parquet-wasm, hyparquet) read every value back, on real and on
# synthetic records, with every codec, with and without dictionaries,
# across many pages, row groups and partitions.
. "$DP_TOP/tests/lib.sh"
. "$DP_TOP/tests/npm/parquet-lib.sh"

dp-to-parquet --print-schema >"$T/unified.schema"

# The real estate data, through the loader and flattened to the unified
# schema (as dp-enrich will), partitioned as the issue's "done when".
if need_shared "parquet real data"; then
	re=$DP_SHARED_DATA/real_estate
	dp-load-json "$re"/properties_*.json "$re"/neighborhoods_*.json |
		jq -c -f "$NPM/unified.jq" >"$T/real.ndjson"
	dp-to-parquet --partition-by entity_type,state_normalized -o "$T/real" \
		"$T/real.ndjson" 2>"$T/real.err"
	expect_eq "real data: exit 0" "$?" 0
	expect_eq "real data: partitions" "$(cd "$T/real" && find . -name '*.parquet' |
		sed 's|/part-[0-9a-f]*\.parquet||' | sort | tr '\n' ' ')" \
		"./entity_type=NEIGHBORHOOD/state_normalized=California ./entity_type=NEIGHBORHOOD/state_normalized=Utah ./entity_type=PROPERTY/state_normalized=California ./entity_type=PROPERTY/state_normalized=Utah "
	expect_eq "real data: _SUCCESS" "$(ls "$T/real/_SUCCESS")" "$T/real/_SUCCESS"
	expect_eq "real data: summary" "$(tail -1 "$T/real.err" | sed 's/), [0-9]* bytes/), N bytes/')" \
		"dp-to-parquet: 461 rows in 4 files (4 partitions), N bytes written to $T/real"
	readers_agree "real data" "$T/real.ndjson" "$T/real" entity_type,state_normalized
fi

if command -v node >/dev/null 2>&1; then
	node "$NPM/gen-records.mjs" 300 7 1024 >"$T/gen.ndjson"
	node "$NPM/gen-records.mjs" 2000 11 8 >"$T/small.ndjson"
else
	skip "synthetic records" "node missing"
	exit 0
fi

# Every codec, dictionary on and off.
for codec in snappy zstd gzip none; do
	for dict in "" --no-dictionary; do
		out=$T/gen-$codec$dict
		dp-to-parquet -o "$out" --compression $codec $dict "$T/gen.ndjson" 2>/dev/null
		expect_eq "$codec$dict: exit 0" "$?" 0
		readers_agree "$codec$dict" "$T/gen.ndjson" "$out"
	done
done

# Many pages and row groups.
dp-to-parquet -o "$T/pages" --page-size 4K --row-group-size 300 \
	--compression zstd "$T/small.ndjson" 2>/dev/null
expect_eq "small pages, 300-row groups: 7 row groups" "$(row_groups "$T/pages")" "7 "
readers_agree "many pages and row groups" "$T/small.ndjson" "$T/pages"

# A small memory limit flushes row groups early, across partitions.
dp-to-parquet -o "$T/mem" --memory-limit 64K --partition-by state_normalized \
	"$T/gen.ndjson" 2>/dev/null
expect_eq "--memory-limit 64K: exit 0" "$?" 0
groups=$(row_groups "$T/mem")
case $groups in
*[2-9]" "*|*[1-9][0-9]" "*) ok "--memory-limit 64K: early row groups ($groups)" ;;
*) fail "--memory-limit 64K: early row groups" "row groups per file: $groups" ;;
esac
readers_agree "memory limit, partitioned" "$T/gen.ndjson" "$T/mem" state_normalized

# Partition values that need escaping, null and empty ones.
printf 'p string\nv int64\n' >"$T/esc.schema"
printf '%s\n' '{"p":"a/b","v":1}' '{"p":"x=y%z","v":2}' '{"p":"..","v":3}' \
	'{"p":".","v":4}' '{"p":"__HIVE_DEFAULT_PARTITION__","v":5}' \
	'{"p":"","v":6}' '{"v":7}' '{"p":"ctl\u0001\u007f:*?","v":8}' \
	'{"p":"Zürich #1 {x}[y]^","v":9}' "{\"p\":\"q'\\\"\\\\\",\"v\":10}" \
	'{"p":"../../escape","v":11}' >"$T/esc.ndjson"
dp-to-parquet --schema "$T/esc.schema" --partition-by p -o "$T/esc/data" \
	"$T/esc.ndjson" 2>/dev/null
expect_eq "escaped partitions: every file inside PATH" \
	"$(find "$T/esc" -name '*.parquet' | grep -vc "^$T/esc/data/p=[^/]*/part-[0-9a-f]\{32\}\.parquet$")" 0
expect_eq "escaped partitions: directories" "$(cd "$T/esc/data" && ls -d p=* | tr '\n' ' ')" \
	"p=%2E p=%2E%2E p=%5F%5FHIVE%5FDEFAULT%5FPARTITION%5F%5F p=..%2F..%2Fescape p=Zürich %231 %7Bx}%5By%5D%5E p=__HIVE_DEFAULT_PARTITION__ p=a%2Fb p=ctl%01%7F%3A%2A%3F p=q%27%22%5C p=x%3Dy%25z "
readers_agree "escaped partitions" "$T/esc.ndjson" "$T/esc/data" p "$T/esc.schema"

# An empty input is one file with the schema and no rows.
dp-to-parquet -o "$T/empty" </dev/null 2>/dev/null
expect_eq "empty input: one file" "$(find "$T/empty" -name '*.parquet' | wc -l)" 1
readers_agree "empty input" /dev/null "$T/empty"

# --schema infer: int widens to double, mixed types become strings.
printf '%s\n' '{"a":1,"b":"x","c":[1,2],"d":true,"e":{"k":[1]}}' \
	'{"a":2.5,"b":3,"c":[],"d":false}' '{"a":null,"c":null,"f":"only"}' >"$T/infer.ndjson"
dp-to-parquet --schema infer --print-schema "$T/infer.ndjson" >"$T/infer.schema" 2>"$T/infer.err"
expect_eq "--schema infer: the schema" "$(tr '\n' ';' <"$T/infer.schema")" \
	"a double;b string;c list<int64>;d bool;e string;f string;"
expect_eq "--schema infer: widening reported" "$(cat "$T/infer.err")" \
	"dp-to-parquet: --schema infer: field 'b' has 1 integer, 1 string: written as string"
dp-to-parquet --schema infer -o "$T/infer" "$T/infer.ndjson" 2>/dev/null
readers_agree "--schema infer" "$T/infer.ndjson" "$T/infer" "" "$T/infer.schema"

# The issue's "done when": loader, dp-enrich, dp-to-parquet, partitioned.
if ! command -v dp-enrich >/dev/null 2>&1; then
	skip "dp-enrich pipeline" "dp-enrich not built"
elif need_shared "dp-enrich pipeline"; then
	re=$DP_SHARED_DATA/real_estate
	dp-load-json "$re"/properties_*.json "$re"/neighborhoods_*.json |
		dp-enrich >"$T/enriched.ndjson" 2>/dev/null
	dp-to-parquet --partition-by entity_type,state_normalized \
		-o "$T/enriched" "$T/enriched.ndjson" 2>"$T/enriched.err"
	expect_eq "dp-enrich pipeline: no field dropped" \
		"$(grep -c 'not in the schema' "$T/enriched.err")" 0
	readers_agree "dp-enrich pipeline" "$T/enriched.ndjson" "$T/enriched" \
		entity_type,state_normalized
fi
