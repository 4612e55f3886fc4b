# The examples run: examples/pipeline.sh, the examples/Makefile build
# (incremental, reproducible), examples/parallel.sh (the same records as
# the serial run) and every command of examples/jq.md.
. "$DP_TOP/tests/lib.sh"
. "$DP_TOP/tests/npm/parquet-lib.sh"

ex=$DP_TOP/examples
query() { (cd "$DP_TOP/tests/npm" && node query.mjs "$1"); }
rows_sql() {	# every row of a dataset, in one order, as JSON lines
	echo "SELECT * EXCLUDE (entity_type, state_normalized) FROM read_parquet('$1/**/*.parquet') ORDER BY chunk_id"
}

# ---- pipeline.sh -----------------------------------------------------------
"$ex/pipeline.sh" "$T/serial" >"$T/out" 2>"$T/err"
expect_eq "pipeline.sh exits 0" "$?" 0
if [ -f "$T/serial/dataset/_SUCCESS" ]; then ok "pipeline.sh: dataset with _SUCCESS"
else fail "pipeline.sh: dataset with _SUCCESS" "$(tail -3 "$T/err")"; fi
if have_readers; then
	expect_eq "pipeline.sh: rows per partition, all embedded" \
		"$(query "SELECT entity_type, state_normalized, count(*) AS n, min(embedding_dimension) AS d FROM read_parquet('$T/serial/dataset/**/*.parquet', hive_partitioning=true) GROUP BY ALL ORDER BY ALL" | jq -r '[.entity_type, .state_normalized, .n, .d] | @tsv' | tr '\t\n' ' ;')" \
		"NEIGHBORHOOD California 3 1024;NEIGHBORHOOD Utah 3 1024;PROPERTY California 12 1024;PROPERTY Utah 12 1024;WIKIPEDIA_ARTICLE California 7 1024;WIKIPEDIA_ARTICLE Utah 4 1024;"
else
	skip "pipeline.sh: rows per partition" "node or tests/npm/node_modules missing"
fi

# ---- DATA= and OUT=: the same pipeline on a user's own files -------------------
# Other names, a directory each, the Wikipedia sample as .sql: found by
# name; the records are the sample run's (source_file aside).
mkdir -p "$T/mine/real_estate" "$T/mine/wiki" "$T/nothing"
cp "$ex/data/properties_sample.json" "$T/mine/real_estate/properties_a.json"
cp "$ex/data/neighborhoods_sample.json" "$T/mine/real_estate/neighborhoods_a.json"
cp "$ex/data/locations_sample.json" "$T/mine/real_estate/locations.json"
cp "$ex/data/wikipedia_sample.sql" "$T/mine/wiki/wikipedia.sql"
chunks() { dp-load-parquet -c chunk_id "$1" | jq -r .chunk_id | sort; }
DATA="$T/mine" OUT="$T/mine-out" "$ex/pipeline.sh" >"$T/out" 2>"$T/err"
expect_eq "pipeline.sh DATA= OUT=: exit 0" "$?" 0
expect_eq "pipeline.sh DATA= OUT=: the sample run's records" \
	"$(chunks "$T/mine-out/dataset" | cksum)" "$(chunks "$T/serial/dataset" | cksum)"
n=$(dp-load-parquet -c entity_type,neighborhood "$T/mine-out/dataset" |
	jq -s '[.[] | select(.entity_type == "PROPERTY" and .neighborhood != null)] | length')
[ "$n" -gt 0 ] && ok "pipeline.sh: --neighborhoods given, $n properties have a neighborhood" ||
	fail "pipeline.sh: properties have a neighborhood" "none"
DATA="$T/nothing" OUT="$T/nothing-out" "$ex/pipeline.sh" >"$T/out" 2>"$T/err"
expect_eq "pipeline.sh DATA without input files: exit 2, says so" \
	"$?:$(cat "$T/err")" "2:DATA=$T/nothing: no properties*.json or neighborhoods*.json"

# ---- parallel.sh: the same records as the serial run --------------------------
if command -v parallel >/dev/null; then
	"$ex/parallel.sh" "$T/par" 3 >"$T/out" 2>"$T/err"
	expect_eq "parallel.sh exits 0" "$?" 0
	files=$(find "$T/par/dataset" -name '*.parquet' | wc -l)
	serial_files=$(find "$T/serial/dataset" -name '*.parquet' | wc -l)
	if [ "$files" -gt "$serial_files" ] && [ -f "$T/par/dataset/_SUCCESS" ]; then
		ok "parallel.sh: several jobs appended ($files files) and _SUCCESS"
	else
		fail "parallel.sh: several jobs appended" "$files files vs $serial_files serial"
	fi
	if have_readers; then
		query "$(rows_sql "$T/serial/dataset")" >"$T/serial.rows"
		query "$(rows_sql "$T/par/dataset")" >"$T/par.rows"
		if [ -s "$T/serial.rows" ] && cmp -s "$T/serial.rows" "$T/par.rows"; then
			ok "parallel.sh: exactly the records of the serial run ($(wc -l <"$T/par.rows") rows)"
		else
			fail "parallel.sh: exactly the records of the serial run" \
				"$(wc -l <"$T/serial.rows") vs $(wc -l <"$T/par.rows") rows, or values differ"
		fi
	fi
else
	skip "parallel.sh" "GNU parallel not installed"
fi

# ---- examples/Makefile: incremental and reproducible ---------------------------
cp -R "$ex" "$T/ex"
mk() { make -s -C "$T/ex" BIN="$DP_BIN" OUT="$1" "${@:2}"; }
mk "$T/m1" >"$T/out" 2>&1
expect_eq "Makefile build exits 0" "$?" 0
expect_eq "Makefile: nothing to do when up to date" \
	"$(mk "$T/m1" -n | grep -c 'dp-')" 0
sleep 1
touch "$T/ex/data/properties_sample.json"
rebuild=$(mk "$T/m1" -n)
if printf '%s\n' "$rebuild" | grep -q 'properties_sample.json' &&
   ! printf '%s\n' "$rebuild" | grep -q 'neighborhoods.ndjson.tmp\|articles.ndjson.tmp\|sqlite3'; then
	ok "Makefile: touching properties rebuilds only what depends on it"
else
	fail "Makefile: touching properties rebuilds only what depends on it" "$rebuild"
fi
mk "$T/m2" >/dev/null 2>&1
(cd "$T/m1" && find . -type f -name '*.ndjson' -o -name '*.parquet' | sort | xargs sha256sum) >"$T/h1"
(cd "$T/m2" && find . -type f -name '*.ndjson' -o -name '*.parquet' | sort | xargs sha256sum) >"$T/h2"
if [ -s "$T/h1" ] && cmp -s "$T/h1" "$T/h2"; then
	ok "Makefile: a clean rebuild gives identical bytes ($(wc -l <"$T/h1") files)"
else
	fail "Makefile: a clean rebuild gives identical bytes" "$(diff "$T/h1" "$T/h2" | head -3)"
fi

mk "$T/m3" DATA="$T/mine" >"$T/out" 2>&1
expect_eq "Makefile DATA= OUT=: exit 0" "$?" 0
expect_eq "Makefile DATA= OUT=: the sample run's records" \
	"$(chunks "$T/m3/dataset" | cksum)" "$(chunks "$T/m1/dataset" | cksum)"

# ---- examples/jq.md: every command runs and prints something ------------------
n=0
awk '/^```sh$/ { on = 1; cmd = ""; next } /^```$/ && on { on = 0; print cmd "\036"; next }
	on { cmd = cmd $0 "\n" }' "$ex/jq.md" >"$T/cmds"
while IFS= read -r -d $'\036' cmd; do
	n=$((n + 1))
	out=$(cd "$DP_TOP" && PATH="$DP_BIN:$PATH" bash -c "${cmd//bin\//$DP_BIN/}" 2>&1)
	if [ $? -eq 0 ] && [ -n "$out" ]; then ok "jq.md command $n"
	else fail "jq.md command $n" "$(printf '%s' "$cmd" | head -2): $out"; fi
done <"$T/cmds"
