# Parts of the record contract (dp(7), THE RECORD STREAM) not checked
# elsewhere: --unbuffered and a terminal on stdout flush each record while the
# input is still open; parallel jobs can share one rejects file
# (O_APPEND: whole lines, none lost); numbers never depend on the
# locale (no program calls setlocale); memory stays flat on 20x the
# input, for every program.
. "$DP_TOP/tests/lib.sh"

mkfifo "$T/fifo"
# early NAME CMD FILE: CMD (a shell command reading stdin) gets FILE,
# then its input stays open for 3 s: its first line must arrive within
# 2 s.
early() {
	local name=$1 cmd=$2 line
	( { cat "$3"; sleep 3; } | sh -c "$cmd" >"$T/fifo" 2>/dev/null & )
	if read -r -t 2 line <"$T/fifo" && [ -n "$line" ]; then ok "$name: first record out while input is open"
	else fail "$name: first record out while input is open" "nothing within 2 s"; fi
}
echo '{"listing_id":"x","entity_id":"x","entity_type":"PROPERTY","embedding_text":"a few words here"}' >"$T/in.json"
printf 'a,b\n1,x\n' >"$T/in.csv"
for p in dp-load-json dp-enrich dp-chunk "dp-embed -d 4"; do
	early "${p%% *} --unbuffered" "$p --unbuffered" "$T/in.json"
done
early "dp-load-csv --unbuffered" "dp-load-csv --unbuffered" "$T/in.csv"

# A terminal on stdout (script(1) gives one) flushes per record too.
if command -v script >/dev/null 2>&1; then
	for p in dp-load-json dp-enrich dp-chunk "dp-embed -d 4"; do
		( script -qfec "sh -c '{ cat $T/in.json; sleep 3; } | $p'" /dev/null \
			</dev/null >"$T/fifo" 2>/dev/null & )
		if read -r -t 2 line <"$T/fifo" && [ -n "$line" ]; then
			ok "${p%% *} on a terminal: first record out while input is open"
		else
			fail "${p%% *} on a terminal: first record out while input is open" "nothing within 2 s"
		fi
	done
else
	skip "terminal flushing" "script(1) is not installed"
fi

# Parallel jobs append to one rejects file: 400 bad lines of 8 KB from
# 4 jobs arrive whole, each once.
if command -v parallel >/dev/null 2>&1; then
	pad=$(head -c 8000 /dev/zero | tr '\0' p)
	awk -v pad="$pad" 'BEGIN { for (i = 1; i <= 800; i++)
		if (i % 2) printf "{\"entity_id\":\"g%d\",\"embedding_text\":\"good %d\"}\n", i, i
		else printf "{\"entity_id\":\"b%d\",\"embedding_text\":7,\"pad\":\"%s\"}\n", i, pad }' >"$T/mixed"
	parallel --will-cite --pipe -N 50 -j 4 dp-chunk --rejects "$T/shared.rej" \
		<"$T/mixed" >"$T/out" 2>/dev/null
	expect_eq "parallel jobs sharing --rejects: exit 0, 400 chunks" "$?:$(wc -l <"$T/out")" "0:400"
	expect_eq "parallel jobs sharing --rejects: 400 whole lines, each bad record once" \
		"$(jq -r '.record.entity_id' "$T/shared.rej" 2>&1 | sort -u | wc -l):$(wc -l <"$T/shared.rej")" "400:400"
else
	skip "parallel jobs sharing --rejects" "GNU parallel is not installed"
fi

# Number formatting and parsing never depend on the locale: no program
# calls setlocale(), so every one runs in the "C" locale whatever the
# environment says (dp.h).
expect_eq "no setlocale() in src/" \
	"$(grep -n 'setlocale *(' "$DP_TOP"/src/*.c "$DP_TOP"/src/lib/*/*.c)" ""

# Every tool streams: peak RSS on 100,000 records is within 8 MB of that
# on 5,000 (dp-to-parquet: within its --memory-limit of 4 MB, plus 4 MB).
# Not under the sanitizers, whose allocator keeps freed memory.
case $DP_BIN in
*/san/*) skip "memory flat" "peak RSS means little under ASan" ;;
*)
	gen() {	# gen N: N records for every filter
		awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++)
			printf "{\"entity_id\":\"e%d\",\"entity_type\":\"PROPERTY\",\"listing_id\":\"e%d\",\"content_hash\":\"h%d\",\"ingested_at\":\"2026-11-25T11:42:30Z\",\"price\":%d.25,\"embedding_text\":\"record %d has some words. And a second sentence %d here.\",\"embedding\":[1,0.%d,0.5,-0.%d],\"embedding_model\":\"hash-v1\",\"embedding_dimension\":4}\n",
				i, i, i, i, i, i * 7, i, i }'
	}
	gen 5000 >"$T/small.ndjson"
	gen 100000 >"$T/big.ndjson"
	for s in small big; do
		jq -r '[.entity_id, .price, .embedding_text] | @csv' "$T/$s.ndjson" |
			sed '1i id,price,text' >"$T/$s.csv"
		sqlite3 "$T/$s.db" ".import --csv $T/$s.csv t"
	done
	rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
	flat() {	# flat NAME LIMIT_KB CMD...: CMD on small, then big ('@' in CMD)
		local name=$1 limit=$2 a b
		shift 2
		a=$(rss "${@//@/small}")
		b=$(rss "${@//@/big}")
		if [ $((b - a)) -lt "$limit" ]; then ok "memory flat, $name: ${a} KB, then ${b} KB on 20x the records"
		else fail "memory flat, $name" "peak RSS ${a} KB on 5,000 records, ${b} KB on 100,000"; fi
	}
	flat dp-load-json 8192 dp-load-json "$T/@.ndjson"
	flat dp-load-csv 8192 dp-load-csv "$T/@.csv"
	flat dp-load-sqlite 8192 dp-load-sqlite "$T/@.db" --table t
	flat dp-enrich 8192 dp-enrich "$T/@.ndjson"
	flat dp-chunk 8192 dp-chunk --size 4 "$T/@.ndjson"
	flat dp-embed 8192 dp-embed -d 4 "$T/@.ndjson"
	flat dp-search 8192 dp-search -k 3 record "$T/@.ndjson"
	flat "dp-to-parquet --memory-limit 4M" 8192 \
		dp-to-parquet --memory-limit 4M -o "$T/pq-@" "$T/@.ndjson"
	;;
esac
