# NUL bytes in strings (issue 10, item 3): JSON's \u0000 is a character
# like any other. No program cuts, merges or alters a string at one:
# each keeps it exactly, or rejects the record with a clear message.
# Ids, cities, text fields, features lists and object keys, through
# every program.
. "$DP_TOP/tests/lib.sh"
cd "$T" || exit 1

# ---- dp-enrich -------------------------------------------------------------

cat >props.ndjson <<'EOF'
{"listing_id":"prop-1\u0000a","entity_type":"PROPERTY","address":{"city":"Oak\u0000land","state":"C\u0000A","zip":"9\u00001","street":"1 Main\u0000St"},"description":"abc\u0000def","features":["Pool\u0000a","pool\u0000b"," x\u0000 "],"property_type":"condo\u0000x","neighborhood_id":"n\u00001","listing_date":"2020\u0000"}
{"listing_id":"prop-1\u0000b","entity_type":"PROPERTY","address":{"city":"Oak","state":"CA"}}
{"listing_id":"prop-1","entity_type":"PROPERTY","address":{"city":"Oak","state":"CA"}}
{"listing_id":"x","entity_type":"PROPERTY\u0000x"}
{"entity_id":"o\u00001","entity_type":"THING\u0000","title":"t\u0000t","content":"c\u0000c"}
EOF
dp-enrich --keep-going <props.ndjson >enr.out 2>enr.err
expect_eq "dp-enrich: exit 0, 4 records, 1 reject" "$?:$(wc -l <enr.out):$(grep -c 'no entity_id' enr.err)" "0:4:1"
expect_eq "dp-enrich: ids differing after a NUL stay distinct" \
	"$(jq -c '[.entity_id, .correlation_uuid] | @json' enr.out | sort -u | wc -l):$(jq -r .entity_id enr.out | head -3 | jq -Rc . | tr '\n' ' ')" \
	'4:"prop-1\u0000a" "prop-1\u0000b" "prop-1" '
expect_eq "dp-enrich: distinct correlation_uuid for distinct ids" \
	"$(jq -r .correlation_uuid enr.out | sort -u | wc -l)" 4
first() { head -1 enr.out | jq -c "$1"; }
expect_eq "dp-enrich: city, state, zip, title, listing_date, neighborhood_id whole" \
	"$(first '[.city, .state, .zip_code, .title, .listing_date, .neighborhood_id]')" \
	'["Oak\u0000land","C\u0000A","9\u00001","1 Main\u0000St","2020\u0000","n\u00001"]'
expect_eq "dp-enrich: normalised city and state keep the NUL" \
	"$(first '[.city_normalized, .state_normalized]')" '["Oak\u0000land","C\u0000A"]'
expect_eq "dp-enrich: features_normalized: NUL items neither cut nor merged" \
	"$(first .features_normalized)" '["pool\u0000a","pool\u0000b","x\u0000"]'
expect_eq "dp-enrich: property type with a NUL is another type" \
	"$(first .property_type_normalized)" '"other"'
expect_eq "dp-enrich: description and embedding_text whole" \
	"$(first '[.description, .embedding_text]')" \
	'["abc\u0000def","Property Type: condo\u0000x | Located in Oak\u0000land, C\u0000A | Features: Pool\u0000a, pool\u0000b,  x\u0000  | abc\u0000def"]'
if command -v xxhsum >/dev/null 2>&1; then
	expect_eq "dp-enrich: content_hash over all the bytes" "$(head -1 enr.out | jq -r .content_hash)" \
		"$(printf 'abc\0def' | xxhsum -H2 | cut -d' ' -f1)"
else
	skip "dp-enrich: content_hash over all the bytes" "xxhsum is not installed"
fi
expect_eq "dp-enrich: raw_data is the source line" \
	"$(head -1 enr.out | jq -r .raw_data)" "$(head -1 props.ndjson)"
expect_eq "dp-enrich: entity_type \"PROPERTY\\u0000x\" is not PROPERTY" \
	"$(grep -c '<stdin>:4: no entity_id' enr.err)" 1
expect_eq "dp-enrich: another type with NUL bytes: its fields whole" \
	"$(tail -1 enr.out | jq -c '[.entity_id, .entity_type, .title, .content]')" \
	'["o\u00001","THING\u0000","t\u0000t","c\u0000c"]'
expect_eq "dp-enrich: the unmapped type's warning shows the NUL" \
	"$(grep -c "entity_type 'THING\\\\u0000'" enr.err)" 1

# Reference tables: ids with a NUL are looked up whole; a name with a
# NUL cannot be a table value and the file is refused.
echo '{"neighborhood_id":"n","name":"North"}' >nb.json
echo '{"neighborhood_id":"n\u00001","name":"NUL one"}' >>nb.json
dp-enrich --neighborhoods nb.json <props.ndjson 2>/dev/null | head -1 >nb.out
expect_eq "dp-enrich --neighborhoods: id with a NUL matched whole" \
	"$(jq -r .neighborhood nb.out)" "NUL one"
echo '{"city":"Oak\u0000land","state":"C\u0000A","county":"NUL County"}' >loc.json
echo '{"city":"Oak","state":"C","county":"Cut County"}' >>loc.json
dp-enrich --locations loc.json <props.ndjson 2>/dev/null | head -1 >loc.out
expect_eq "dp-enrich --locations: city and state with a NUL matched whole" \
	"$(jq -r .county loc.out)" "NUL County"
echo '{"neighborhood_id":"m","name":"Bad\u0000name"}' >nbbad.json
dp-enrich --neighborhoods nbbad.json </dev/null 2>err
expect_eq "dp-enrich --neighborhoods: a name with a NUL is refused" \
	"$?:$(cat err)" '1:dp-enrich: nbbad.json: a "name" with a NUL byte'
echo '{"XX":"Bad\u0000City"}' >mapbad.json
dp-enrich --city-map mapbad.json </dev/null 2>err
expect_eq "dp-enrich --city-map: a value with a NUL is refused" \
	"$?:$(cat err)" '1:dp-enrich: mapbad.json: the value of "XX" has a NUL byte'

# ---- dp-chunk ----------------------------------------------------------------

printf '%s\n' '{"entity_id":"a\u0000x","embedding_text":"One.\u0000 Two words here. Three\u0000four."}' \
	'{"entity_id":"a\u0000y","embedding_text":"\u0000"}' >chunk.ndjson
dp-chunk --size 3 <chunk.ndjson >chunk.out
expect_eq "dp-chunk: exit 0" "$?" 0
expect_eq "dp-chunk: ids with a NUL stay distinct" \
	"$(jq -c '[.parent_id, .chunk_id]' chunk.out | tr '\n' ' ')" \
	'["a\u0000x","a\u0000x#0"] ["a\u0000x","a\u0000x#1"] ["a\u0000y","a\u0000y#0"] '
expect_eq "dp-chunk: the chunks cover the text, NUL bytes included" \
	"$(jq -c '[.embedding_text, .chunk_start, .chunk_end]' chunk.out | tr '\n' ' ')" \
	'["One.\u0000 Two words",0,15] ["here. Three\u0000four.",16,33] ["\u0000",0,1] '

# ---- dp-embed ----------------------------------------------------------------

printf '%s\n' '{"embedding_text":"house\u0000garden"}' '{"embedding_text":"house\u0000market"}' \
	'{"embedding_text":"house"}' '{"embedding_text":"\u0000"}' >emb.ndjson
dp-embed <emb.ndjson >emb.out 2>emb.err
expect_eq "dp-embed: exit 0, 4 records" "$?:$(wc -l <emb.out)" "0:4"
expect_eq "dp-embed: the text after a NUL is embedded too (3 distinct vectors)" \
	"$(head -3 emb.out | jq -c .embedding | sort -u | wc -l)" 3
expect_eq "dp-embed: a NUL is text, not blank (no null embedding)" \
	"$(tail -1 emb.out | jq -c '.embedding | length'):$(grep -c 'no text' emb.err)" "1024:0"
# The cache keys every byte of the text: two texts differing after a NUL
# are two entries, and a rerun from the cache gives the same vectors.
dp-embed --cache c.db <emb.ndjson >c1.out 2>/dev/null
dp-embed --cache c.db <emb.ndjson >c2.out 2>/dev/null
expect_eq "dp-embed --cache: one entry per text, NUL bytes included; reruns the same" \
	"$(sqlite3 c.db 'SELECT count(*) FROM dp_embed_cache'):$(cmp -s c1.out emb.out && cmp -s c2.out emb.out && echo same)" \
	"4:same"
# a whole vector of the right size, but of model "hash-v3\u0000x"
sed -n 3p emb.out | sed 's/"hash-v3"/"hash-v3\\u0000x"/' | dp-embed --skip-existing >skip.out
expect_eq "dp-embed --skip-existing: model \"hash-v3\\u0000x\" is not hash-v3" \
	"$(jq -c '[.embedding_model, (.embedding | length)]' skip.out)" '["hash-v3",1024]'

# ---- dp-search ----------------------------------------------------------------

printf '%s\n' '{"entity_id":"a\u0000b","embedding_text":"house garden"}' | dp-embed >s.ndjson
printf '%s\n' '{"entity_id":"z","embedding_text":"house garden"}' | dp-embed |
	sed 's/"hash-v3"/"hash-v3\\u0000x"/' >>s.ndjson
dp-search house s.ndjson >s.out 2>s.err
expect_eq "dp-search: a record's NUL id whole; model \"hash-v3\\u0000x\" is another model" \
	"$?:$(jq -c .entity_id s.out):$(grep -c 'another model' s.err)" '0:"a\u0000b":1'
sed 's/"hash-v3"/"ollama\/nomic\\u0000x"/' s.ndjson | head -1 >s2.ndjson
dp-search house s2.ndjson 2>err
expect_eq "dp-search: inferring a model whose name has a NUL: a clear error" \
	"$?:$(cat err)" '1:dp-search: records embedded by a model whose name has a NUL byte: "ollama/nomic\u0000x"'

# ---- dp-to-parquet -------------------------------------------------------------

if . "$DP_TOP/tests/npm/parquet-lib.sh" && have_readers; then
	printf '%s\n' '{"id":"a\u0000b","city":"Oak\u0000land","f":["x\u0000y"]}' \
		'{"id":"a\u0000c","city":"Oak","f":["x"]}' >pq.ndjson
	dp-to-parquet --schema infer --partition-by city -o ds pq.ndjson 2>/dev/null
	expect_eq "dp-to-parquet: NUL strings and partition values read back whole" \
		"$(cd "$DP_TOP/tests/npm" && node query.mjs "SELECT hex(id) i, hex(city) c, f FROM read_parquet('$T/ds/**/*.parquet', hive_partitioning=true) ORDER BY id" | tr '\n' ' ')" \
		'{"i":"610062","c":"4F616B006C616E64","f":["x\u0000y"]} {"i":"610063","c":"4F616B","f":["x"]} '
else
	skip "dp-to-parquet: NUL strings and partition values read back whole" "the npm readers are not installed"
fi

# ---- loaders -------------------------------------------------------------------

echo '[{"id":"a\u0000b","city":"Oak\u0000land","k":{"x\u0000y":1}}]' >l.json
expect_eq "dp-load-json: NUL in values and keys kept" \
	"$(dp-load-json l.json | jq -c '[.id, .city, .k]')" '["a\u0000b","Oak\u0000land",{"x\u0000y":1}]'
printf 'id,city\na\0b,Oak\0land\n' >l.csv
expect_eq "dp-load-csv: NUL bytes in fields kept" \
	"$(dp-load-csv l.csv | jq -c '[.id, .city]')" '["a\u0000b","Oak\u0000land"]'
sqlite3 l.db "CREATE TABLE t (id TEXT, city TEXT); INSERT INTO t VALUES ('a'||char(0)||'b', 'Oak'||char(0)||'land')"
expect_eq "dp-load-sqlite: NUL bytes in TEXT kept" \
	"$(dp-load-sqlite l.db --table t | jq -c '[.id, .city]')" '["a\u0000b","Oak\u0000land"]'

# ---- a NUL in an object key: a clear reject --------------------------------------

for p in dp-enrich dp-chunk dp-embed "dp-search house"; do
	echo '{"entity_id":"k","entity_type":"X","embedding_text":"a","a\u0000b":1}' | $p >/dev/null 2>err
	expect_eq "${p%% *}: a NUL in a key: the record rejected, saying so" \
		"$?:$(grep -c 'NUL byte in object key' err)" "1:1"
done
