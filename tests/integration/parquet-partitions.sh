# dp-to-parquet partition directories: values a reader would take for a
# null are escaped, real nulls read back as NULL; directories that a
# case-insensitive file system would merge are refused, within a run and
# across appends.
. "$DP_TOP/tests/lib.sh"
. "$DP_TOP/tests/npm/parquet-lib.sh"

query() { (cd "$NPM" && node query.mjs "$1"); }
printf 'v int64 required\np string\n' >"$T/p.schema"

# Strings that read as a null unless escaped, beside real nulls.
{
	i=0
	for p in '"null"' '"NULL"' '"Null"' '"nUlL"' '"__HIVE_DEFAULT_PARTITION__"' \
		'"__hive_default_partition_"' '"nulls"' '"none"' '" null"' null; do
		i=$((i + 1))
		echo "{\"v\":$i,\"p\":$p}"
	done
	echo '{"v":11}'
} >"$T/nulls.ndjson"
dp-to-parquet --schema "$T/p.schema" --partition-by p -o "$T/nulls" "$T/nulls.ndjson" 2>/dev/null
expect_eq "null-like values: exit 0" "$?" 0
expect_eq "null-like values: directories" "$(ls "$T/nulls" | grep -v _SUCCESS)" \
'p= null
p=%4E%55%4C%4C
p=%4E%75%6C%6C
p=%5F%5FHIVE%5FDEFAULT%5FPARTITION%5F%5F
p=%6E%55%6C%4C
p=%6E%75%6C%6C
p=__HIVE_DEFAULT_PARTITION__
p=__hive_default_partition_
p=none
p=nulls'
if have_readers; then
	# hive_types_autocast off: the partition column stays VARCHAR
	expect_eq "null-like values: strings read back as strings, nulls as NULL (DuckDB)" \
		"$(query "SELECT v, p, p IS NULL AS isnull FROM read_parquet('$T/nulls/*/*.parquet', hive_partitioning = true, hive_types = {'p': VARCHAR}) ORDER BY v" |
			jq -c '[.v, .p, .isnull]' | tr '\n' ' ')" \
		'[1,"null",false] [2,"NULL",false] [3,"Null",false] [4,"nUlL",false] [5,"__HIVE_DEFAULT_PARTITION__",false] [6,"__hive_default_partition_",false] [7,"nulls",false] [8,"none",false] [9," null",false] [10,null,true] [11,null,true] '
	readers_agree "null-like values" "$T/nulls.ndjson" "$T/nulls" p "$T/p.schema"
else
	skip "null-like values: strings read back as strings, nulls as NULL (DuckDB)" "node or tests/npm/node_modules missing (run scripts/bootstrap)"
fi

# The default name in another letter case is escaped too (a
# case-insensitive file system would merge it with the real nulls).
printf '{"v":1,"p":"__hive_default_partition__"}\n{"v":2}\n' >"$T/lower.ndjson"
dp-to-parquet --schema "$T/p.schema" --partition-by p -o "$T/lower" "$T/lower.ndjson" 2>/dev/null
expect_eq "the default name in lower case: escaped" "$(ls "$T/lower" | grep -v _SUCCESS)" \
'p=%5F%5Fhive%5Fdefault%5Fpartition%5F%5F
p=__HIVE_DEFAULT_PARTITION__'
if have_readers; then
	expect_eq "the default name in lower case: read back (DuckDB)" \
		"$(query "SELECT v, p FROM read_parquet('$T/lower/*/*.parquet', hive_partitioning = true, hive_types = {'p': VARCHAR}) ORDER BY v" |
			jq -c '[.v, .p]' | tr '\n' ' ')" \
		'[1,"__hive_default_partition__"] [2,null] '
fi

# Letter case: full Unicode simple case folding, within a run and
# against the directories already in the dataset (--mode append).
parquets() { find "$1" -name '*.parquet' 2>/dev/null | sort; }
collide() {	# collide NAME VALUE1 VALUE2: one run with both is refused
	printf '{"v":1,"p":"%s"}\n{"v":2,"p":"%s"}\n' "$2" "$3" >"$T/c.ndjson"
	rm -rf "$T/c"
	dp-to-parquet --schema "$T/p.schema" --partition-by p -o "$T/c" "$T/c.ndjson" 2>"$T/err"
	expect_eq "$1: exit 1, nothing written" "$?:$(ls -A "$T" | grep -c '^c$')" "1:0"
	expect_eq "$1: message" "$(cat "$T/err")" \
		"dp-to-parquet: partition directories 'p=$2' and 'p=$3' differ only in letter case and would be one directory on a case-insensitive file system: nothing written"
}
collide "sigma and final sigma" "ΟΔΥΣΣΕΥΣ" "οδυσσευς"
collide "dz digraphs" "ǅemal" "ǆemal"
collide "Kelvin sign" "5 $(printf '\342\204\252')" "5 k"

printf '{"v":1,"p":"Zürich"}\n{"v":2,"p":"Genève"}\n' >"$T/first.ndjson"
dp-to-parquet --schema "$T/p.schema" --partition-by p --mode append -o "$T/app" "$T/first.ndjson" 2>/dev/null
before=$(parquets "$T/app")
printf '{"v":3,"p":"Bern"}\n{"v":4,"p":"ZÜRICH"}\n' >"$T/second.ndjson"
dp-to-parquet --schema "$T/p.schema" --partition-by p --mode append -o "$T/app" "$T/second.ndjson" 2>"$T/err"
expect_eq "append: a case variant of a directory in the dataset: exit 1" "$?" 1
expect_eq "append: a case variant of a directory in the dataset: message" "$(cat "$T/err")" \
	"dp-to-parquet: partition directories 'p=Zürich' (already in the dataset) and 'p=ZÜRICH' differ only in letter case and would be one directory on a case-insensitive file system: nothing written"
expect_eq "append: a case variant of a directory in the dataset: nothing written" \
	"$(parquets "$T/app"):$(ls -A "$T/app" | grep -c '^\.')" "$before:0"
printf '{"v":3,"p":"Zürich"}\n{"v":4,"p":"Bern"}\n' >"$T/third.ndjson"
dp-to-parquet --schema "$T/p.schema" --partition-by p --mode append -o "$T/app" "$T/third.ndjson" 2>/dev/null
expect_eq "append: the same directories are fine" "$?:$(parquets "$T/app" | wc -l)" "0:4"

# two levels: the outer directory is the one that would merge
printf 'v int64 required\np string\nq string\n' >"$T/pq.schema"
printf '{"v":1,"p":"Σ","q":"a"}\n' | dp-to-parquet --schema "$T/pq.schema" --partition-by p,q --mode append -o "$T/two" 2>/dev/null
printf '{"v":2,"p":"ς","q":"b"}\n' | dp-to-parquet --schema "$T/pq.schema" --partition-by p,q --mode append -o "$T/two" 2>"$T/err"
expect_eq "append, two levels: the outer directory named" "$?:$(cat "$T/err")" \
	"1:dp-to-parquet: partition directories 'p=Σ' (already in the dataset) and 'p=ς' differ only in letter case and would be one directory on a case-insensitive file system: nothing written"
printf '{"v":3,"p":"Σ","q":"A"}\n' | dp-to-parquet --schema "$T/pq.schema" --partition-by p,q --mode append -o "$T/two" 2>"$T/err"
expect_eq "append, two levels: the inner directory named" "$?:$(cat "$T/err")" \
	"1:dp-to-parquet: partition directories 'p=Σ/q=a' (already in the dataset) and 'p=Σ/q=A' differ only in letter case and would be one directory on a case-insensitive file system: nothing written"

# a dataset that already holds variants (written on a case-sensitive
# file system before this check): appending to either is fine
mkdir -p "$T/old/p=a" "$T/old/p=A"
printf '{"v":1,"p":"a"}\n{"v":2,"p":"A"}\n' >"$T/old.ndjson"
dp-to-parquet --schema "$T/p.schema" --partition-by p --mode append -o "$T/old" "$T/old.ndjson" 2>/dev/null
expect_eq "append: variants already in the dataset stay usable" "$?:$(parquets "$T/old" | wc -l)" "0:2"
