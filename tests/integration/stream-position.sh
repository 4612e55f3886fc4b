# No filter's output depends on where its input stream was cut (issue
# 10, item 13): dp(7) promises that `parallel --pipe -k FILTER` gives
# the bytes of the serial run. dp-chunk's parent_id for a record
# without an id used to be its line number, which restarts in each
# block; it is now a hash of the record. Also dp-enrich and dp-embed on
# records without ids.
. "$DP_TOP/tests/lib.sh"
cd "$T" || exit 1

# 20,000 distinct records without an id (some with a null or empty
# one), then 50 exact copies of earlier ones.
awk 'BEGIN {
	for (i = 1; i <= 20000; i++) {
		id = i % 3 == 0 ? "\"entity_id\":null," : i % 3 == 1 ? "" : "\"entity_id\":\"\","
		printf "{%s\"n\":%d,\"embedding_text\":\"Record %d says hello. It has two sentences and some words.\"}\n", id, i, i
	}
	for (i = 1; i <= 50; i++)
		printf "{\"n\":%d,\"embedding_text\":\"Record %d says hello. It has two sentences and some words.\"}\n", i * 6 + 1, i * 6 + 1
}' >noid.ndjson

dp-chunk --size 5 noid.ndjson >serial.out
expect_eq "dp-chunk, no ids: exit 0" "$?" 0
# Distinct records never share a chunk_id; copies of one record share
# theirs (their chunks are identical too).
expect_eq "dp-chunk, no ids: one chunk_id per distinct (record, chunk)" \
	"$(jq -r .chunk_id serial.out | sort -u | wc -l)" \
	"$(jq -c 'del(.chunk_id, .parent_id, .chunk_start, .chunk_end, .embedding_text, .chunk_count)' serial.out | sort -u | wc -l)"
expect_eq "dp-chunk, no ids: 20,000 distinct parent ids" \
	"$(jq -r .parent_id serial.out | sort -u | wc -l)" 20000
expect_eq "dp-chunk, no ids: copies share the parent id of the record they copy" \
	"$(jq -r 'select(.n == 7) | .parent_id' serial.out | sort -u | wc -l)" 1
# The fallback id is the XXH3-128 of the record's compact JSON text.
if command -v xxhsum >/dev/null 2>&1; then
	expect_eq "dp-chunk, no ids: parent_id is the XXH3-128 of the record" \
		"$(head -1 serial.out | jq -r .parent_id)" \
		"$(head -1 noid.ndjson | tr -d '\n' | xxhsum -H2 | cut -d' ' -f1)"
else
	skip "dp-chunk, no ids: parent_id is the XXH3-128 of the record" "xxhsum is not installed"
fi

if command -v parallel >/dev/null 2>&1; then
	parallel --will-cite --pipe -k --block 100k dp-chunk --size 5 \
		<noid.ndjson >par.out
	expect_eq "dp-chunk, no ids: parallel --pipe -k --block 100k = serial" \
		"$(cmp -s serial.out par.out && echo same) $(wc -l <par.out)" \
		"same $(wc -l <serial.out)"
	expect_eq "dp-chunk, no ids, parallel: one chunk_id per distinct (record, chunk)" \
		"$(jq -r .chunk_id par.out | sort -u | wc -l)" \
		"$(jq -c 'del(.chunk_id, .parent_id, .chunk_start, .chunk_end, .embedding_text, .chunk_count)' par.out | sort -u | wc -l)"
	for p in "dp-enrich --keep-going" "dp-embed"; do
		$p noid.ndjson >s.out 2>/dev/null
		parallel --will-cite --pipe -k --block 100k $p <noid.ndjson >p.out 2>/dev/null
		expect_eq "${p%% *}, no ids: parallel --pipe -k --block 100k = serial" \
			"$(cmp -s s.out p.out && echo same) $(wc -l <p.out)" "same $(wc -l <s.out)"
	done
else
	skip "parallel --pipe -k = serial (no ids)" "GNU parallel is not installed"
fi
