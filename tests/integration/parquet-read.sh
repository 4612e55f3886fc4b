# dp-load-parquet: what dp-to-parquet wrote comes back field by field
# (partition fields in their place, raw_data as its text, vectors as
# the same floats); files from DuckDB (v1 and v2 pages, every codec,
# decimals, dates, timestamps, lists, nulls) and from arrow-rs
# (parquet-wasm) read as DuckDB reads them; list rows that cross data
# pages; --columns and --limit; bad paths and damaged files end with a
# message naming the file.
# (dp-load-parquet(1).)
. "$DP_TOP/tests/lib.sh"
. "$DP_TOP/tests/npm/parquet-lib.sh"

query() { (cd "$NPM" && node query.mjs "$1"); }
# normal FILE: records sorted by entity_id, keys sorted, nulls dropped.
normal() {
	jq -S -c 'with_entries(select(.value != null))' "$1" | sort
}

# ---- round trip: the sample pipeline's records --------------------------------
dp-load-json "$DP_TOP/examples/data/properties_sample.json" "$DP_TOP/examples/data/neighborhoods_sample.json" 2>/dev/null |
	dp-enrich 2>/dev/null | dp-chunk 2>/dev/null | dp-embed -d 32 2>/dev/null >"$T/recs.ndjson"
n=$(wc -l <"$T/recs.ndjson")
[ "$n" -gt 10 ] && ok "round trip: $n embedded records to write" ||
	fail "round trip: records to write" "only $n"
for codec in snappy zstd gzip none; do
	dp-to-parquet --compression $codec --partition-by entity_type,state_normalized \
		--row-group-size 7 -o "$T/ds.$codec" "$T/recs.ndjson" 2>/dev/null
	dp-load-parquet "$T/ds.$codec" >"$T/back.$codec" 2>"$T/err"
	expect_eq "round trip $codec: exit 0, quiet" "$?:$(cat "$T/err")" "0:"
	expect_eq "round trip $codec: every record, field by field" \
		"$(normal "$T/back.$codec")" "$(normal "$T/recs.ndjson")"
done
# the schema's field order (a Parquet file's columns are in the schema's
# order), partition fields in their place
dp-to-parquet --print-schema | awk '{ print $1 }' | jq -R . | jq -s -c . >"$T/order.json"
expect_eq "round trip: fields in the schema's order, partition fields in place" \
	"$(jq -c 'keys_unsorted' "$T/back.zstd" | sort -u)" \
	"$(jq -c --slurpfile o "$T/order.json" 'with_entries(select(.value != null)) as $r |
		[$o[0][] | select(. as $k | $r | has($k))]' "$T/recs.ndjson" | sort -u)"
expect_eq "round trip: raw_data is the same text" \
	"$(jq -r .raw_data "$T/back.zstd" | sort | cksum)" "$(jq -r .raw_data "$T/recs.ndjson" | sort | cksum)"
expect_eq "round trip: embeddings are the same text" \
	"$(grep -o '"embedding":\[[^]]*\]' "$T/back.zstd" | sort | cksum)" \
	"$(grep -o '"embedding":\[[^]]*\]' "$T/recs.ndjson" | sort | cksum)"
# one file, no partitions: the rows in input order
dp-to-parquet -o "$T/flat" "$T/recs.ndjson" 2>/dev/null
expect_eq "one file: the records in input order" \
	"$(dp-load-parquet "$T/flat" | jq -S -c .)" \
	"$(jq -S -c 'with_entries(select(.value != null))' "$T/recs.ndjson")"
f=$(ls "$T/flat"/*.parquet)
expect_eq "a file operand reads as its directory" "$(dp-load-parquet "$f" | cksum)" \
	"$(dp-load-parquet "$T/flat" | cksum)"

# ---- --columns, --limit -----------------------------------------------------
expect_eq "--columns: these fields in this order, a partition field too" \
	"$(dp-load-parquet -n 2 --columns state_normalized,entity_id "$T/ds.zstd" | jq -c keys_unsorted | sort -u)" \
	'["state_normalized","entity_id"]'
expect_eq "--limit 3: three records" "$(dp-load-parquet --limit 3 "$T/ds.zstd" | wc -l)" 3
expect_eq "--limit 0: none" "$(dp-load-parquet --limit 0 "$T/ds.zstd" | wc -l)" 0
expect_status "--columns with a name no file has: exit 1" 1 dp-load-parquet -c entity_id,nope "$T/ds.zstd"
grep -q "no column 'nope'" "$T/err" && ok "--columns nope: says which" ||
	fail "--columns nope: says which" "$(head -c 300 "$T/err")"
expect_status "--columns '': usage error" 2 dp-load-parquet -c '' "$T/ds.zstd"

# ---- paths ------------------------------------------------------------------
expect_status "no PATH: usage error" 2 dp-load-parquet
expect_status "'-': usage error" 2 dp-load-parquet -
grep -q "standard input" "$T/err" && ok "'-': says why" || fail "'-': says why" "$(head -c 300 "$T/err")"
expect_status "a missing path: exit 3" 3 dp-load-parquet "$T/nothing"
mkdir "$T/empty"
expect_status "a directory that is not a dataset: usage error" 2 dp-load-parquet "$T/empty"
grep -q "empty: not a Parquet dataset" "$T/err" && ok "a directory that is not a dataset: says so" ||
	fail "a directory that is not a dataset: says so" "$(head -c 300 "$T/err")"
: | dp-to-parquet --allow-empty --partition-by state_normalized -o "$T/nothing-ds" 2>/dev/null
expect_eq "an empty dataset (_SUCCESS only): no records, exit 0" \
	"$(dp-load-parquet "$T/nothing-ds" 2>&1; echo "exit $?")" "exit 0"
echo 'not parquet at all' >"$T/text.parquet"
expect_status "a text file: exit 1" 1 dp-load-parquet "$T/text.parquet"
grep -q "text.parquet: .*not a Parquet file" "$T/err" && ok "a text file: names it, says why" ||
	fail "a text file: names it, says why" "$(head -c 300 "$T/err")"
: >"$T/zero.parquet"
expect_status "an empty file: exit 1" 1 dp-load-parquet "$T/zero.parquet"
# every truncation of a real file: exit 1 with a message, never a crash
size=$(stat -c %s "$f")
bad=''
for cut in 0 4 8 12 100 $((size / 2)) $((size - 100)) $((size - 9)) $((size - 8)) $((size - 5)) $((size - 1)); do
	head -c "$cut" "$f" >"$T/cut.parquet"
	dp-load-parquet "$T/cut.parquet" >/dev/null 2>"$T/err"
	s=$?
	[ $s = 1 ] && grep -q "cut.parquet" "$T/err" || bad="$bad [$cut: exit $s: $(head -c 100 "$T/err")]"
done
expect_eq "truncated at 11 points: exit 1 naming the file" "$bad" ""
# a byte flipped in the data: a message or the same number of records, never a crash
bad=''
for at in 200 1000 5000 $((size / 3)) $((size / 2)); do
	cp "$f" "$T/flip.parquet"
	printf '\377' | dd of="$T/flip.parquet" bs=1 seek="$at" conv=notrunc 2>/dev/null
	dp-load-parquet "$T/flip.parquet" >/dev/null 2>"$T/err"
	s=$?
	case $s in 0 | 1) ;; *) bad="$bad [$at: exit $s: $(head -c 100 "$T/err")]" ;; esac
done
expect_eq "a byte flipped at 5 points: exit 0 or 1" "$bad" ""

# ---- files other writers made --------------------------------------------------
if ! have_readers; then
	skip "other writers" "node or tests/npm/node_modules missing (run scripts/bootstrap)"
	exit 0
fi
expect_eq "dp-to-parquet keeps its schema in the footer (dp.schema)" \
	"$(query "SELECT count(*) AS n FROM parquet_kv_metadata('$f') WHERE key = 'dp.schema'")" '{"n":1}'
# DuckDB: every type dp reads, nulls, lists; v1 and v2 pages; each codec.
sel="SELECT i::INTEGER AS i32, (i * 3000000000)::BIGINT AS i64,
	CASE WHEN i % 3 = 0 THEN NULL ELSE 'name ' || i END AS s,
	(i / 4)::DOUBLE AS d, (i / 8)::FLOAT AS f,
	(i * 1.25)::DECIMAL(9,2) AS dec9, (i * 1.125)::DECIMAL(18,3) AS dec18,
	(i * 1.5 - 7)::DECIMAL(30,4) AS dec30,
	DATE '2026-11-25' + i::INTEGER AS day,
	TIMESTAMP '2026-11-25 11:42:30.123456' + INTERVAL (i) SECOND AS ts,
	i % 2 = 0 AS b, [i, i + 1] AS li, CASE WHEN i % 4 = 0 THEN NULL ELSE ['x', NULL, 'y'] END AS ls,
	((i + 5) % 5)::UTINYINT AS small, 'same' AS dict
	FROM range(-3, 200) t(i)"
query "COPY ($sel) TO '$T/duck.json' (FORMAT json)" >/dev/null
for v in V1 V2; do
	for codec in uncompressed snappy zstd gzip; do
		query "COPY ($sel) TO '$T/duck-$v-$codec.parquet' (FORMAT parquet, COMPRESSION $codec, PARQUET_VERSION $v, ROW_GROUP_SIZE 64)" >/dev/null
		dp-load-parquet "$T/duck-$v-$codec.parquet" >"$T/duck.out" 2>"$T/err"
		expect_eq "DuckDB $v $codec: exit 0, 203 records" "$?:$(wc -l <"$T/duck.out")" 0:203
		expect_eq "DuckDB $v $codec: values as DuckDB's JSON gives them" \
			"$(jq -c -f "$DP_TOP/tests/integration/parquet-read.jq" "$T/duck.out")" \
			"$(jq -c -f "$DP_TOP/tests/integration/parquet-read.jq" "$T/duck.json")"
	done
done
# arrow-rs (parquet-wasm) with dictionaries off, v2 pages, zstd
if out=$(cd "$NPM" && node write-arrow.mjs "$T/arrow.parquet" 2>&1); then
	dp-load-parquet "$T/arrow.parquet" >"$T/arrow.out" 2>"$T/err"
	expect_eq "arrow-rs: exit 0, 50 records" "$?:$(wc -l <"$T/arrow.out")" 0:50
	expect_eq "arrow-rs: the values written" "$(cat "$T/arrow.out")" "$(cd "$NPM" && node write-arrow.mjs --expect)"
else
	fail "arrow-rs: write a file" "$out"
fi
# Vectors whose rows cross data pages (a file written by hand: the
# writers at hand end pages between rows), one row longer than three
# pages: the same floats back, and DuckDB reads the same.
if out=$(cd "$NPM" && node write-split-pages.mjs "$T/split.parquet" 2>&1); then
	dp-load-parquet "$T/split.parquet" >"$T/split.out" 2>"$T/err"
	expect_eq "rows across pages: exit 0, 12 records" "$?:$(wc -l <"$T/split.out")" 0:12
	expect_eq "rows across pages: the vectors written" "$(cat "$T/split.out")" \
		"$(cd "$NPM" && node write-split-pages.mjs --expect)"
	expect_eq "rows across pages: DuckDB reads the same vectors" \
		"$(jq -c '.embedding | map(. + 0)' "$T/split.out")" \
		"$(query "SELECT embedding FROM read_parquet('$T/split.parquet')" | jq -c '.embedding | map(. + 0)')"
else
	fail "rows across pages: write a file" "$out"
fi
