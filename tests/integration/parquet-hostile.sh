# Datasets and files laid out to fool a reader: partition keys that
# start with '_' or '.', a key that is also a column or twice in a
# path, %00, symbolic-link loops, counts that disagree, a compression
# bomb, times and intervals at and past their range; and dp-search on
# vectors of doubles, a partitioned entity_id, bad vectors, an empty
# directory. No row may be lost or made up in silence.
# (dp-load-parquet(1), dp-to-parquet(1) PARTITIONS, dp-search(1).)
. "$DP_TOP/tests/lib.sh"
. "$DP_TOP/tests/npm/parquet-lib.sh"

# ---- partition keys readers could take for hidden ------------------------------
printf '{"id":1,"_k":"a"}\n{"id":2,"_k":"b"}\n' >"$T/u.ndjson"
dp-to-parquet --schema infer --partition-by _k -o "$T/u" "$T/u.ndjson" 2>/dev/null
expect_eq "a key starting with '_': its rows come back" \
	"$(dp-load-parquet "$T/u" | jq -c .)" '{"id":1,"_k":"a"}
{"id":2,"_k":"b"}'
printf '{"id":1,".k":"a"}\n' | dp-to-parquet --schema infer --partition-by '\.k' -o "$T/d" 2>/dev/null
expect_eq "a key starting with '.': written as %2E" "$(ls "$T/d")" '%2Ek=a
_SUCCESS'
expect_eq "a key starting with '.': its row comes back" \
	"$(dp-load-parquet "$T/d")" '{"id":1,".k":"a"}'

# ---- a partition key that is also a column, or twice in a path -------------------
printf '{"k":"in-file","v":1}\n' | dp-to-parquet --schema infer -o "$T/one" 2>/dev/null
mkdir -p "$T/shadow/k=dir" "$T/twice/k=1/k=2" "$T/nul/k=%00x"
cp "$T"/one/*.parquet "$T/shadow/k=dir/f.parquet"
cp "$T"/one/*.parquet "$T/twice/k=1/k=2/f.parquet"
cp "$T"/one/*.parquet "$T/nul/k=%00x/f.parquet"
expect_status "a key that is also a column: exit 0" 0 dp-load-parquet "$T/shadow"
expect_eq "a key that is also a column: the directory's value, once" \
	"$(cat "$T/out")" '{"k":"dir","v":1}'
grep -q "column 'k' is also a partition key" "$T/err" &&
	ok "a key that is also a column: a warning says so" ||
	fail "a key that is also a column: a warning" "$(head -c 300 "$T/err")"
expect_eq "a key that is also a column, asked for: the directory's value" \
	"$(dp-load-parquet -c k "$T/shadow" 2>/dev/null)" '{"k":"dir"}'
expect_status "a key twice in one path: exit 1" 1 dp-load-parquet "$T/twice"
grep -q "the partition key 'k' is in the path twice" "$T/err" &&
	ok "a key twice in one path: says so" ||
	fail "a key twice in one path: says so" "$(head -c 300 "$T/err")"
expect_eq "a partition value with %00: the NUL kept" \
	"$(dp-load-parquet "$T/nul" 2>/dev/null)" '{"k":"\u0000x","v":1}'

# Two columns of one name (a file from another writer): the names of
# a file dp wrote, renamed in its bytes.
printf '{"colAAA":1,"colBBB":2}\n' | dp-to-parquet --schema infer -o "$T/two" 2>/dev/null
sed 's/colBBB/colAAA/g' "$T"/two/*.parquet >"$T/dup.parquet"
expect_status "two columns of one name: exit 0" 0 dp-load-parquet "$T/dup.parquet"
expect_eq "two columns of one name: the first only, no duplicate key" \
	"$(cat "$T/out")" '{"colAAA":1}'
grep -q "two columns are named 'colAAA': the second is left out" "$T/err" &&
	ok "two columns of one name: a warning says so" ||
	fail "two columns of one name: a warning" "$(head -c 300 "$T/err")"
expect_status "two columns of one name, asked for: exit 1" 1 \
	dp-load-parquet -c colAAA "$T/dup.parquet"

# ---- symbolic links back up ---------------------------------------------------------
mkdir -p "$T/loop/d"
cp "$T"/one/*.parquet "$T/loop/d/f.parquet"
ln -s .. "$T/loop/d/a"
ln -s .. "$T/loop/d/b"
expect_status "two links back up: exit 0 (not a hang)" 0 timeout 20 dp-load-parquet "$T/loop"
expect_eq "two links back up: the file read once" "$(cat "$T/out")" '{"k":"in-file","v":1}'
expect_eq "two links back up: one warning" \
	"$(grep -c 'a link back to a directory above it: not followed' "$T/err")" 1
mkdir -p "$T/loop2/d"
ln -s .. "$T/loop2/d/a"
ln -s .. "$T/loop2/d/b"
expect_status "dp-search, links back up and no file: a usage error, not a hang" 2 \
	timeout 20 dp-search x "$T/loop2"

# ---- counts that disagree, a compression bomb ---------------------------------------
# Counts patched in a file dp wrote (tests/npm/patch-footer.mjs).
seq 3 | jq -c '{n: .}' | dp-to-parquet --schema infer -o "$T/three" 2>/dev/null
f=$(ls "$T"/three/*.parquet)
if have_readers; then
	node "$NPM/patch-footer.mjs" "$f" num_rows 5 >"$T/rows5.parquet"
	expect_status "the metadata says more rows than the row groups hold: exit 1" 1 \
		dp-load-parquet "$T/rows5.parquet"
	grep -q "the row groups hold 3 rows, the metadata says 5" "$T/err" &&
		ok "rows that disagree: says so" ||
		fail "rows that disagree: says so" "$(head -c 300 "$T/err")"
	node "$NPM/patch-footer.mjs" "$f" rowgroup_rows 2 >"$T/rg2.parquet"
	expect_status "a column with more values than its row group's rows: exit 1" 1 \
		dp-load-parquet "$T/rg2.parquet"
	grep -q "row group 1 has 2 rows but column 'n' 3 values" "$T/err" &&
		ok "values that disagree: says so" ||
		fail "values that disagree: says so" "$(head -c 300 "$T/err")"
	# A page of 2000 INT64 values that claims 1 MB: the header of a
	# compression bomb (a few values that inflate to gigabytes).
	seq 2000 | jq -c '{n: .}' | dp-to-parquet --schema infer --no-dictionary \
		--compression none -o "$T/thousand" 2>/dev/null
	node "$NPM/patch-footer.mjs" "$T"/thousand/*.parquet page_size 1000000 >"$T/bomb.parquet"
	expect_status "a page that claims 1 MB for 2000 integers: exit 1" 1 \
		dp-load-parquet "$T/bomb.parquet"
	grep -q "a page that claims more bytes than its values can take" "$T/err" &&
		ok "a compression bomb's page: refused before it is read" ||
		fail "a compression bomb's page: refused" "$(head -c 300 "$T/err")"
else
	skip "counts that disagree, a compression bomb" "node or the npm packages missing"
fi

# ---- times and intervals (DuckDB's files) ---------------------------------------------
if have_readers; then
	duck() { (cd "$NPM" && node query.mjs "$1") >/dev/null; }
	duck "COPY (SELECT TIME '24:00:00' AS t, TIME '13:01:02.5' AS u, '13:01:02+00'::TIMETZ AS z,
		INTERVAL '1 year 2 months 3 days 04:05:06.789' AS iv,
		[INTERVAL 1 DAY, INTERVAL 0 DAY, INTERVAL '90 minutes', INTERVAL '0.5 seconds',
		 INTERVAL '0.78 seconds', INTERVAL '10 milliseconds'] AS li)
		TO '$T/time.parquet' (FORMAT parquet)"
	expect_eq "24:00:00, a UTC time with Z, intervals as ISO 8601 durations (DuckDB's file)" \
		"$(dp-load-parquet "$T/time.parquet" 2>&1)" \
		'{"t":"24:00:00.000000","u":"13:01:02.500000","z":"13:01:02.000000Z","iv":"P1Y2M3DT4H5M6.789S","li":["P1D","PT0S","PT1H30M","PT0.5S","PT0.78S","PT0.01S"]}'
else
	skip "times and intervals" "node or the npm packages missing"
fi

# ---- dp-search --------------------------------------------------------------------------
D=$DP_TOP/examples/data
dp-load-json "$D/properties_sample.json" 2>/dev/null | dp-enrich 2>/dev/null |
	dp-embed -d 16 2>/dev/null >"$T/emb.ndjson"
q="garden house"
dp-to-parquet --schema infer -o "$T/doubles" "$T/emb.ndjson" 2>/dev/null
expect_eq "vectors of doubles (--schema infer): the NDJSON's hits" \
	"$(dp-search -k 5 -f entity_id "$q" "$T/doubles" 2>&1)" \
	"$(dp-search -k 5 -f entity_id "$q" "$T/emb.ndjson" 2>&1)"
dp-to-parquet --partition-by entity_id -o "$T/byid" "$T/emb.ndjson" 2>/dev/null
id=$(head -n 1 "$T/emb.ndjson" | jq -r .entity_id)
expect_eq "--like an entity_id that is a partition: the NDJSON's hits" \
	"$(dp-search --like "$id" -k 3 -f entity_id "$T/byid" 2>&1 | jq -c 'del(.score)')" \
	"$(dp-search --like "$id" -k 3 -f entity_id "$T/emb.ndjson" 2>&1 | jq -c 'del(.score)')"
jq -c 'if .entity_id == "'"$id"'" then .embedding[2] = null else . end' "$T/emb.ndjson" >"$T/holes.ndjson"
dp-to-parquet --schema infer -o "$T/holes" "$T/holes.ndjson" 2>/dev/null
dp-search -k 3 "$q" "$T/holes" >/dev/null 2>"$T/err"
expect_eq "a vector with a null: left out with a warning (Parquet, as NDJSON)" \
	"$(cat "$T/err")" "$(dp-search -k 3 "$q" "$T/holes.ndjson" 2>&1 >/dev/null)"
grep -q "1 record with an embedding that is not 16 numbers left out" "$T/err" &&
	ok "a vector with a null: the warning counts it" ||
	fail "a vector with a null: the warning" "$(head -c 300 "$T/err")"
mkdir "$T/empty"
expect_status "dp-search on an empty directory: a usage error" 2 dp-search "$q" "$T/empty"
grep -q "not a Parquet dataset" "$T/err" && ok "an empty directory: says so" ||
	fail "an empty directory: says so" "$(head -c 300 "$T/err")"
