# dp-embed's hash provider on generated and real data: determinism,
# unit vectors, the same bytes through GNU parallel; and the HTTP path's
# batching and concurrency against the fake server with 20 ms of
# latency. Speed is not asserted here (scripts/bench reports it, with
# the HTTP efficiency line this script prints).
. "$DP_TOP/tests/lib.sh"

sanitized=0
case $DP_BIN in */san/*) sanitized=1 ;; esac

"$DP_TOP/scripts/gen-data" --ndjson 20000 | dp-load-json |
	jq -c '{listing_id, embedding_text: .description}' >"$T/props.ndjson"

dp-embed <"$T/props.ndjson" >"$T/a"
dp-embed <"$T/props.ndjson" >"$T/b"
cmp -s "$T/a" "$T/b" && ok "hash: two runs, same bytes" || fail "hash: two runs, same bytes" "differ"
expect_eq "hash: every record, in order" \
	"$(jq -r .listing_id "$T/a" | cmp -s - <(jq -r .listing_id "$T/props.ndjson") && echo same)" same
expect_eq "hash: unit vectors of 1024 floats" \
	"$(head -500 "$T/a" | jq -r '[(.embedding | length), ((.embedding |
		map(. * .) | add) * 1e5 | round)] | @tsv' | sort -u)" "$(printf '1024\t100000')"
if command -v parallel >/dev/null; then
	parallel --pipe -k -N 1000 dp-embed <"$T/props.ndjson" >"$T/p"
	cmp -s "$T/a" "$T/p" && ok "hash: parallel --pipe -k gives the same bytes" ||
		fail "hash: parallel --pipe -k gives the same bytes" "differ"
else
	skip "hash: parallel" "GNU parallel is not installed"
fi

if need_shared "hash on the real articles"; then
	jq -c '.articles[] | {page_id, embedding_text: .long_summary}' \
		"$DP_SHARED_DATA/eval/gold_articles.json" >"$T/art"
	dp-embed <"$T/art" >"$T/art.out"
	expect_eq "hash: 50 articles embedded" \
		"$(jq -r 'select(.embedding_dimension == 1024) | .page_id' "$T/art.out" | wc -l)" 50
fi

# HTTP: 3200 texts, batches of 16, 4 in flight, 20 ms a request (ideally
# 1 s). The server logs how many requests were open as each arrived:
# dp keeps 4 in flight and never more.
if command -v node >/dev/null && [ $sanitized = 0 ]; then
	node "$DP_TOP/tests/fakeserver/server.js" --port-file "$T/port" \
		--log "$T/log" --latency 20 --key k --lifetime 120 &
	SRV=$!
	trap 'kill $SRV 2>/dev/null; rm -rf "$T"' EXIT
	for _ in $(seq 50); do [ -s "$T/port" ] && break; sleep 0.1; done
	head -3200 "$T/props.ndjson" >"$T/h"
	start=$(date +%s%N)
	OPENAI_API_KEY=k dp-embed -p openai \
		--base-url "http://127.0.0.1:$(cat "$T/port")/openai/v1" \
		--batch-size 16 --concurrency 4 <"$T/h" >"$T/h.out"
	ms=$((($(date +%s%N) - start) / 1000000))
	expect_eq "http: 3200 records embedded" "$(jq -c 'select(.embedding)' "$T/h.out" | wc -l)" 3200
	expect_eq "http: 200 requests of 16 texts" \
		"$(jq -r .inputs "$T/log" | sort | uniq -c | awk '{ print $1 "x" $2 }')" 200x16
	expect_eq "http: 4 requests in flight at most, and 4 reached" \
		"$(jq -s 'map(.open) | max' "$T/log")" 4
	ratio=$(awk -v ms="$ms" 'BEGIN { printf "%.2f", 1000 / ms }')
	echo "http: 3200 records in $ms ms: $ratio of concurrency x batch / latency"
fi
