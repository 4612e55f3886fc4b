# dp-embed's hash provider on generated and real data: determinism,
# unit vectors, the same bytes through GNU parallel, and speed; and the
# HTTP path's efficiency against the fake server with 20 ms of latency
# (throughput / (concurrency x batch / latency), goal 0.8).
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

if [ $sanitized = 0 ]; then
	start=$(date +%s%N)
	dp-embed <"$T/props.ndjson" >/dev/null
	ms=$((($(date +%s%N) - start) / 1000000))
	rate=$((20000 * 1000 / (ms > 0 ? ms : 1)))
	echo "hash: 20000 records in $ms ms, $rate records/s (1024 dimensions)"
	if [ "$rate" -ge 5000 ]; then ok "hash: at least 5000 records/s ($rate)"
	else fail "hash: speed" "$rate records/s"; fi
fi

if need_shared "hash on the real articles"; then
	jq -c '.articles[] | {page_id, embedding_text: .long_summary}' \
		"$DP_SHARED_DATA/eval/gold_articles.json" >"$T/art"
	dp-embed <"$T/art" >"$T/art.out"
	expect_eq "hash: 50 articles embedded" \
		"$(jq -r 'select(.embedding_dimension == 1024) | .page_id' "$T/art.out" | wc -l)" 50
fi

# HTTP efficiency: 3200 texts, batches of 16, 4 in flight, 20 ms a
# request: ideally 1 s.
if command -v node >/dev/null && [ $sanitized = 0 ]; then
	node "$DP_TOP/tests/fakeserver/server.js" --port-file "$T/port" \
		--latency 20 --key k --lifetime 120 &
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
	ratio=$(awk -v ms="$ms" 'BEGIN { printf "%.2f", 1000 / ms }')
	echo "http: 3200 records in $ms ms: $ratio of concurrency x batch / latency"
	if awk -v r="$ratio" 'BEGIN { exit !(r >= 0.6) }'; then
		ok "http: efficiency $ratio (goal 0.8)"
	else
		fail "http: efficiency" "$ratio of the ideal"
	fi
fi
