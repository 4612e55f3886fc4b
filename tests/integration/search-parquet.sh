# dp-search on a Parquet dataset, read in place: the same hits and
# scores as on the NDJSON it was written from (ties in input order, on
# one thread or two),
# only the needed columns read, --fields in both forms, the embedding
# and raw_data left out of hits by default, an error when no record has
# an embedding, NDJSON and Parquet FILEs not mixed. (dp-search(1).)
. "$DP_TOP/tests/lib.sh"

D=$DP_TOP/examples/data
dp-load-json "$D/properties_sample.json" "$D/neighborhoods_sample.json" 2>/dev/null |
	dp-enrich 2>/dev/null | dp-embed -d 64 2>/dev/null >"$T/emb.ndjson"
# a second copy of every record: equal scores, input order must decide
cat "$T/emb.ndjson" "$T/emb.ndjson" >"$T/twice.ndjson"
dp-to-parquet --partition-by state_normalized --row-group-size 5 -o "$T/ds" "$T/twice.ndjson" 2>/dev/null
dp-to-parquet --row-group-size 7 --compression zstd -o "$T/flat" "$T/twice.ndjson" 2>/dev/null
q="quiet family house with a garden"
# the partitioned dataset's files are read in path order: the NDJSON
# equivalent is the records grouped by state, in input order
jq -c 'select(.state_normalized == "California")' "$T/twice.ndjson" >"$T/bystate.ndjson"
jq -c 'select(.state_normalized == "Utah")' "$T/twice.ndjson" >>"$T/bystate.ndjson"
hits() { dp-search -k 60 -f entity_id,state_normalized "$q" "$@" 2>&1; }
expect_eq "one file: the same hits, scores and order as its NDJSON" \
	"$(hits "$T/flat")" "$(hits "$T/twice.ndjson")"
expect_eq "partitioned: the same hits, scores and order (files in path order)" \
	"$(hits "$T/ds")" "$(hits "$T/bystate.ndjson")"
for n in 1 2; do
	expect_eq "--threads $n: the same hits, scores and order" \
		"$(hits --threads $n "$T/ds")" "$(hits "$T/bystate.ndjson")"
done
expect_eq "a .parquet file as FILE" "$(hits "$T/flat"/*.parquet)" "$(hits "$T/flat")"
expect_eq "two FILEs: read in turn" "$(hits "$T/flat" "$T/flat" | jq -s 'length')" 60

# the default hit: no embedding, no raw_data, a score
for src in "$T/flat" "$T/twice.ndjson"; do
	k=$(dp-search -k 1 "$q" "$src" | jq -c '[has("embedding"), has("raw_data"), has("score"), has("entity_id")]')
	expect_eq "default fields ($(basename "$src")): embedding and raw_data left out" "$k" '[false,false,true,true]'
done
expect_eq "--fields names the embedding: it is printed" \
	"$(dp-search -k 1 -f embedding "$q" "$T/flat" | jq -c '.embedding | length')" 64
expect_eq "--fields in its order, then score (Parquet)" \
	"$(dp-search -k 1 -f city,entity_id "$q" "$T/flat" | jq -c keys_unsorted)" '["city","entity_id","score"]'
expect_eq "--fields in its order, then score (NDJSON)" \
	"$(dp-search -k 1 -f city,entity_id "$q" "$T/twice.ndjson" | jq -c keys_unsorted)" '["city","entity_id","score"]'
expect_eq "the whole hit equals the NDJSON's, field by field" \
	"$(dp-search -k 3 "$q" "$T/flat" | jq -S -c 'del(.score)')" \
	"$(dp-search -k 3 "$q" "$T/twice.ndjson" | jq -S -c 'del(.score) | with_entries(select(.value != null))')"

# no embedding anywhere: an error, not an empty success
jq -c 'del(.embedding)' "$T/emb.ndjson" >"$T/plain.ndjson"
dp-to-parquet -o "$T/plain" "$T/plain.ndjson" 2>/dev/null
for src in "$T/plain.ndjson" "$T/plain"; do
	expect_status "no embedding ($(basename "$src")): exit 1" 1 dp-search "$q" "$src"
	grep -q "none of the 30 records has an embedding.*dp-embed" "$T/err" &&
		ok "no embedding ($(basename "$src")): says so, names dp-embed" ||
		fail "no embedding ($(basename "$src")): says so" "$(head -c 300 "$T/err")"
done
expect_status "Parquet and NDJSON mixed: usage error" 2 dp-search "$q" "$T/flat" "$T/twice.ndjson"
echo 'not parquet' >"$T/bad.parquet"
expect_status "a .parquet file that is not Parquet: read as NDJSON, exit 1" 1 dp-search "$q" "$T/bad.parquet"
printf 'PAR1 and then nothing' >"$T/cut.parquet"
expect_status "a damaged Parquet file: exit 1" 1 dp-search "$q" "$T/cut.parquet"
grep -q "cut.parquet" "$T/err" && ok "a damaged Parquet file: names it" ||
	fail "a damaged Parquet file: names it" "$(head -c 300 "$T/err")"

# --like ID: the records most like one record, itself left out (all the
# chunks of its entity when ID is an entity_id)
id=$(jq -r 'select(.entity_type == "PROPERTY") | .entity_id' "$T/emb.ndjson" | head -1)
like() { dp-search --like "$id" -k 8 -f entity_id "$@" 2>&1; }
expect_eq "--like: the same hits from Parquet and NDJSON" "$(like "$T/flat")" "$(like "$T/twice.ndjson")"
expect_eq "--like: 8 hits, the record itself not among them" \
	"$(like "$T/flat" | jq -r .entity_id | grep -c -x -- "$id"):$(like "$T/flat" | wc -l)" "0:8"
expect_eq "--like: the best hit is a record scored against that record's vector" \
	"$(like "$T/twice.ndjson" | head -1 | jq -r '.score < 1 and .score > 0')" true
expect_status "--like an unknown ID: exit 1" 1 dp-search --like no-such-id "$T/flat"
grep -q "no-such-id: no record with an embedding" "$T/err" && ok "--like an unknown ID: says so" ||
	fail "--like an unknown ID: says so" "$(head -c 300 "$T/err")"
expect_status "--like on standard input: usage error" 2 dp-search --like "$id" <"$T/twice.ndjson"
expect_status "--like '': usage error" 2 dp-search --like '' "$T/flat"
