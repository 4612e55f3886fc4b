# dp-embed's data safety (issue 10, items 14 and 15, and the response
# size cap): runs sharing one --cache never wait on each other's input;
# a cached vector that is not finite or not of the right size is never
# used; NaN, Infinity and -Infinity in a provider's vectors reject that
# record only, for every wire protocol; a response past its size limit,
# an endless header and a huge Retry-After end the run with exit 4 and
# bounded memory.
. "$DP_TOP/tests/lib.sh"

sanitized=0
case $DP_BIN in */san/*) sanitized=1 ;; esac

# words N PREFIX: N records whose texts are "PREFIX i ..."
words() {
	for i in $(seq "$1"); do
		printf '{"id":%d,"embedding_text":"%s %d, a text of some words"}\n' \
			"$i" "$2" "$i"
	done
}

cached() { sqlite3 "$1" 'SELECT count(*) FROM dp_embed_cache'; }

# ---- item 14: a shared cache ------------------------------------------------

# One run waits on a slow writer with a record embedded; another on the
# same cache must not wait for it.
shared_cache() {	# shared_cache NAME DP-EMBED-ARGS...
	local name=$1 c=$T/shared-$1.db
	shift
	rm -f "$c"*
	{ words 1 first; sleep 6; words 2 first | tail -1; } |
		dp-embed "$@" --cache "$c" >"$T/first" 2>"$T/first.err" &
	local p1=$! t0 ms
	sleep 1
	t0=$(date +%s%N)
	words 30 second | dp-embed "$@" --cache "$c" >"$T/second" 2>"$T/second.err"
	local st=$?
	ms=$((($(date +%s%N) - t0) / 1000000))
	local alive=no
	kill -0 $p1 2>/dev/null && alive=yes
	expect_eq "$name: the second run ends while the first waits on its input" \
		"$st $alive" "0 yes"
	[ "$ms" -lt 4000 ] && ok "$name: second run took $ms ms" ||
		fail "$name: second run took $ms ms" "it waited for the first run's input"
	wait $p1
	expect_eq "$name: the first run exits 0" "$?" 0
	expect_eq "$name: both runs' records" "$(wc -l <"$T/first") $(wc -l <"$T/second")" "2 30"
	expect_eq "$name: the cache holds both sets" "$(cached "$c")" 32
}
shared_cache "shared cache, hash"

# Eight runs at once on one new cache, with overlapping texts.
rm -f "$T/many.db"*
for j in $(seq 8); do
	{ words 40 "run $j"; words 40 common; } >"$T/many-in-$j"
	dp-embed --cache "$T/many.db" <"$T/many-in-$j" >"$T/many-out-$j" 2>"$T/many-err-$j" &
	echo $! >"$T/many-pid-$j"
done
st=
for j in $(seq 8); do
	wait "$(cat "$T/many-pid-$j")"
	st="$st$? "
done
expect_eq "8 concurrent runs on one new cache: all exit 0" "$st" "0 0 0 0 0 0 0 0 "
expect_eq "8 concurrent runs: every record out" "$(cat "$T"/many-out-* | wc -l)" 640
expect_eq "8 concurrent runs: the cache holds every text once" "$(cached "$T/many.db")" 360
dp-embed <"$T/many-in-3" >"$T/many-plain"
cmp -s "$T/many-plain" "$T/many-out-3" && ok "8 concurrent runs: same bytes as without a cache" ||
	fail "8 concurrent runs: same bytes as without a cache" "differ"

# ---- cached vectors are checked as provider vectors are ---------------------

# Damage six entries of a hash cache in six ways; a rerun must give the
# bytes of a run without the cache, embed those six again, say so, and
# leave a cache that a third run uses whole.
words 10 cached >"$T/cin"
dp-embed <"$T/cin" >"$T/cplain"
rm -f "$T/cc.db"*
dp-embed --cache "$T/cc.db" <"$T/cin" >/dev/null
nth() { echo "key = (SELECT key FROM dp_embed_cache ORDER BY key LIMIT 1 OFFSET $1)"; }
sqlite3 "$T/cc.db" "
	UPDATE dp_embed_cache SET vector = X'0000C07F' || substr(vector, 5) WHERE $(nth 0);
	UPDATE dp_embed_cache SET vector = substr(vector, 1, 8) || X'0000807F' || substr(vector, 13) WHERE $(nth 1);
	UPDATE dp_embed_cache SET vector = X'000080FF' || substr(vector, 5) WHERE $(nth 2);
	UPDATE dp_embed_cache SET vector = substr(vector, 1, 4000) WHERE $(nth 3);
	UPDATE dp_embed_cache SET dim = 8, vector = substr(vector, 1, 32) WHERE $(nth 4);
	UPDATE dp_embed_cache SET dim = 'x' WHERE $(nth 5);"
dp-embed --cache "$T/cc.db" <"$T/cin" >"$T/cout" 2>"$T/cerr"
expect_eq "damaged cache: exit 0" "$?" 0
cmp -s "$T/cplain" "$T/cout" && ok "damaged cache: the bytes of a run without it" ||
	fail "damaged cache: the bytes of a run without it" \
		"$(diff <(jq -c '.embedding[:3]' "$T/cplain") <(jq -c '.embedding[:3]' "$T/cout") | head -4)"
grep -q "6 cached vectors were not used" "$T/cerr" &&
	ok "damaged cache: says 6 vectors were embedded again" ||
	fail "damaged cache: says so" "$(cat "$T/cerr")"
dp-embed --cache "$T/cc.db" <"$T/cin" >"$T/cout2" 2>"$T/cerr2"
expect_eq "damaged cache: repaired by the rerun" "$(cat "$T/cerr2")" ""
cmp -s "$T/cplain" "$T/cout2" && ok "damaged cache: repaired, same bytes" ||
	fail "damaged cache: repaired, same bytes" "differ"
dp-embed --cache "$T/cc.db" -d 8 <"$T/cin" >/dev/null 2>"$T/cerr3"
expect_eq "damaged cache: another dimension is another key, no warning" \
	"$(cat "$T/cerr3")" ""

# ---- against the fake provider ---------------------------------------------

if ! command -v node >/dev/null; then
	skip "embed-safety: providers" "node is not installed (scripts/bootstrap)"
	exit 0
fi
KEY=sk-testSECRETkey0123456789abcdef
node "$DP_TOP/tests/fakeserver/server.js" --port-file "$T/port" \
	--log "$T/log" --key "$KEY" --lifetime 600 &
SRV=$!
trap 'kill $SRV 2>/dev/null; rm -rf "$T"' EXIT
for _ in $(seq 50); do [ -s "$T/port" ] && break; sleep 0.1; done
URL=http://127.0.0.1:$(cat "$T/port")
export OPENAI_API_KEY=$KEY VOYAGE_API_KEY=$KEY GEMINI_API_KEY=$KEY
unset GOOGLE_API_KEY OLLAMA_API_KEY
faults() { curl -sf -X POST --data "$1" "$URL/_faults" >/dev/null; : >"$T/log"; }
requests() { wc -l <"$T/log" | tr -d ' '; }
base() {	# base PROVIDER: its --base-url
	case $1 in
	ollama) echo "$URL/ollama" ;;
	gemini) echo "$URL/gemini/v1beta" ;;
	*) echo "$URL/$1/v1" ;;
	esac
}
# embed PROVIDER ARGS...: dp-embed on the fake PROVIDER (for ollama a
# model without nomic's prefix, so that v[0] is the text's length)
embed() {
	local p=$1
	shift
	if [ "$p" = ollama ]; then set -- --model all-minilm "$@"; fi
	dp-embed -p "$p" --base-url "$(base "$p")" "$@"
}

faults '[]'
shared_cache "shared cache, openai" -p openai --base-url "$(base openai)"

# input N AT: N records, record AT's text holds POISON
input() {
	for i in $(seq "$1"); do
		if [ "$i" = "$2" ]; then t="record $i with POISON inside"
		else t="record $i, a text of some words"; fi
		printf '{"id":%d,"embedding_text":"%s"}\n' "$i" "$t"
	done
}

# ---- item 15: NaN, Infinity, -Infinity in a provider's vectors --------------

input 200 150 >"$T/in200"
for p in ollama openai voyage gemini; do
	for w in NaN Infinity -Infinity; do
		pretty=0
		[ "$w" = Infinity ] && pretty=1
		name="$p, $w in one vector"
		faults "[{\"fault\":\"literal\",\"value\":\"$w\",\"text\":\"POISON\",\"times\":-1,\"pretty\":$pretty}]"
		embed "$p" --keep-going --rejects "$T/rej" \
			--max-retries 1 <"$T/in200" >"$T/out" 2>"$T/err"
		st=$?
		expect_eq "$name, --keep-going: exit 0, 199 written, 1 rejected" \
			"$st $(wc -l <"$T/out") $(wc -l <"$T/rej")" "0 199 1"
		expect_eq "$name: the reject is line 150, for a value not finite" \
			"$(jq -r '[.line, (.error | test("not finite"))] | @tsv' "$T/rej")" \
			"$(printf '150\ttrue')"
		expect_eq "$name: the others in order, with their own vectors" \
			"$(jq -r '[.id, .embedding[0] == (.embedding_text | length)] | @tsv' "$T/out" |
				awk '$2 == "true" { printf "%s ", $1 }')" "$(seq 200 | grep -vx 150 | tr '\n' ' ')"
		rm -f "$T/rej"
		faults "[{\"fault\":\"literal\",\"value\":\"$w\",\"text\":\"POISON\",\"times\":-1,\"pretty\":$pretty}]"
		embed "$p" --max-retries 1 \
			<"$T/in200" >"$T/out" 2>"$T/err"
		st=$?
		expect_eq "$name, no --keep-going: exit 1 after the 149 before it" \
			"$st $(wc -l <"$T/out")" "1 149"
		grep -q "<stdin>:150: .*not finite" "$T/err" && ok "$name: the message names line 150" ||
			fail "$name: the message names line 150" "$(cat "$T/err")"
	done
done

# ---- the size of a response, and the rest of the family ---------------------

# A body that never ends (plain, behind a 3 GB Content-Length, or a gzip
# bomb), or headers that never end: exit 4 at once with the reason, the
# records counted as not written, and memory bounded. The limit for 20
# texts of a dimension not known yet is 1 MiB + 64 x 20 x 4096 bytes.
input 20 0 >"$T/in20"
for f in endless big_length gzip_bomb huge_header many_headers; do
	faults "[{\"fault\":\"$f\",\"times\":-1}]"
	t0=$(date +%s%N)
	/usr/bin/time -o "$T/rss" -f %M dp-embed -p ollama --base-url "$URL/ollama" \
		--batch-size 20 --max-retries 1 <"$T/in20" >"$T/out" 2>"$T/err"
	st=$?
	ms=$((($(date +%s%N) - t0) / 1000000))
	expect_eq "$f: exit 4, nothing written, 2 requests" \
		"$st $(wc -l <"$T/out") $(requests)" "4 0 2"
	case $f in
	huge_header) why="header line longer than curl takes" ;;
	many_headers) why="headers longer than 65536 bytes" ;;
	*) why="response longer than 6291456 bytes" ;;	# 1 MiB + 64 x 20 x 4096
	esac
	grep -q "giving up after 1 retry: .*$why" "$T/err" && ok "$f: says why" ||
		fail "$f: says why" "$(cat "$T/err")"
	grep -q "20 records not written" "$T/err" && ok "$f: counts what is not written" ||
		fail "$f: counts what is not written" "$(cat "$T/err")"
	if [ $sanitized = 0 ]; then
		rss=$(tail -1 "$T/rss")
		[ "$rss" -lt 60000 ] && ok "$f: peak RSS $rss KB" ||
			fail "$f: peak RSS" "$rss KB"
		[ "$ms" -lt 5000 ] && ok "$f: ends in $ms ms" || fail "$f: ends soon" "$ms ms"
	fi
done

# Once the dimension is known the limit follows it: 4 texts of 8 values
# may have 1 MiB + 64 x 4 x 8 bytes.
faults '[{"fault":"endless","nth":2}]'
embed ollama --max-retries 0 --batch-size 16 \
	--concurrency 1 <"$T/in20" >"$T/out" 2>"$T/err"
expect_eq "endless second response: exit 4 after the 16 of the first" \
	"$? $(wc -l <"$T/out")" "4 16"
grep -q "longer than 1050624 bytes" "$T/err" && ok "endless second response: the limit for 4 texts of 8" ||
	fail "endless second response: the limit" "$(cat "$T/err")"

# A vector of a million values is more than any response may hold: exit
# 4; one of 70000 fits but is longer than any dimension: that record is
# rejected, the others written.
faults '[{"fault":"long_vector","text":"POISON","dims":1000000,"times":-1}]'
input 20 7 >"$T/in20p"
embed ollama --max-retries 1 <"$T/in20p" >"$T/out" 2>"$T/err"
expect_eq "a vector of 10^6 values: exit 4, none written" "$? $(wc -l <"$T/out")" "4 0"
grep -q "response longer than" "$T/err" && ok "a vector of 10^6 values: says why" ||
	fail "a vector of 10^6 values: says why" "$(cat "$T/err")"
# (The first answer: no dimension is known yet.)
faults '[{"fault":"long_vector","text":"POISON","dims":70000,"times":-1}]'
rm -f "$T/rej"
input 20 1 | embed ollama --rejects "$T/rej" \
	--batch-size 1 --concurrency 1 >"$T/out" 2>"$T/err"
expect_eq "a vector of 70000 values: exit 0, 19 written, line 1 rejected" \
	"$? $(wc -l <"$T/out") $(jq -r .line "$T/rej")" "0 19 1"
grep -q "dimension 70000, more than 65536" "$T/rej" && ok "a vector of 70000 values: says why" ||
	fail "a vector of 70000 values: says why" "$(cat "$T/rej")"

# A vector of the wrong dimension for one text: that record only.
faults '[{"fault":"long_vector","text":"POISON","dims":9,"times":-1}]'
rm -f "$T/rej"
embed openai -d 8 --rejects "$T/rej" <"$T/in20p" >"$T/out" 2>"$T/err"
expect_eq "one vector of 9 values, -d 8: exit 0, 19 written, line 7 rejected" \
	"$? $(wc -l <"$T/out") $(jq -r .line "$T/rej")" "0 19 7"

# Retry hints that would stall the run end it at once (exit 4); ones
# that are not hints are ignored.
for h in '"retry_after":"99999999999999999999"' \
	"\"retry_after\":\"$(printf '9%.0s' $(seq 200))\"" \
	'"retry_after_ms":"1e300"' '"retry_after":"Fri, 31 Dec 9999 23:59:59 GMT"'; do
	faults "[{\"fault\":\"429\",$h}]"
	t0=$(date +%s%N)
	embed openai <"$T/in20" >"$T/out" 2>"$T/err"
	st=$?
	ms=$((($(date +%s%N) - t0) / 1000000))
	expect_eq "429 with $(echo "$h" | cut -c1-40): exit 4 at once, 1 request" \
		"$st $(requests) $([ $ms -lt 3000 ] && echo soon || echo "$ms ms")" "4 1 soon"
	grep -q "asked to wait" "$T/err" && ok "429 with $(echo "$h" | cut -c1-40): says why" ||
		fail "429 with $(echo "$h" | cut -c1-40): says why" "$(cat "$T/err")"
done
for h in '"retry_after":"-5"' '"retry_after":"1e999"' '"retry_after_ms":"NaN"' \
	'"retry_after":"soon"'; do
	faults "[{\"fault\":\"429\",$h}]"
	embed openai <"$T/in20" >"$T/out" 2>"$T/err"
	expect_eq "429 with $h: retried, exit 0, 20 written" \
		"$? $(requests) $(wc -l <"$T/out")" "0 2 20"
done
