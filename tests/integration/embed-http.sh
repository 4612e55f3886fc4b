# dp-embed against the local fake server (tests/fakeserver/server.js),
# which speaks each provider's wire protocol and injects faults: for each
# provider and fault, the output records, the rejects, the exit status and
# the number of requests are what the retry policy says; no record is
# lost or duplicated, order is kept, and the API key appears nowhere in
# stdout, stderr or the rejects file. No network: 127.0.0.1 only.
. "$DP_TOP/tests/lib.sh"

if ! command -v node >/dev/null; then
	skip "embed-http" "node is not installed (scripts/bootstrap)"
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

base() {	# base PROVIDER: its --base-url on the fake server
	case $1 in
	ollama) echo "$URL/ollama" ;;
	gemini) echo "$URL/gemini/v1beta" ;;
	*) echo "$URL/$1/v1" ;;
	esac
}

faults() {	# faults JSON: set the fault plan and clear the log
	curl -sf -X POST --data "$1" "$URL/_faults" >/dev/null
	: >"$T/log"
}

requests() { wc -l <"$T/log" | tr -d ' '; }

# input N [POISON_AT [WORD]]: N records; record POISON_AT's text holds WORD
input() {
	local n=$1 at=${2:-0} word=${3:-POISON}
	for i in $(seq "$n"); do
		if [ "$i" = "$at" ]; then t="record $i with $word inside"
		else t="record $i, a text of some words"; fi
		printf '{"id":%d,"embedding_text":"%s"}\n' "$i" "$t"
	done
}

# The checks every run gets: the key is nowhere; each vector belongs to
# its own text (the fake server's v[0] = length, v[1] = code point sum
# mod 997); ids in order, each once.
check_out() {	# check_out NAME EXPECTED_IDS
	local name=$1 want=$2
	if grep -q -- "$KEY" "$T/out" "$T/err" "$T/rej" 2>/dev/null; then
		fail "$name: key hidden" "the API key appears in the output"
	else ok "$name: key hidden"; fi
	expect_eq "$name: records in order" "$(jq -r .id "$T/out" | tr '\n' ' ')" "$want"
	local bad
	bad=$(jq -c 'select(.embedding != null and (.embedding[0] !=
		(.embedding_text | length) or .embedding[1] !=
		((.embedding_text | explode | add) % 997)))' "$T/out" | head -1)
	expect_eq "$name: vectors match their texts" "$bad" ""
}

# run NAME PROVIDER ARGS...: dp-embed on $T/in into out/err/rej
run() {
	local name=$1 p=$2
	shift 2
	: >"$T/rej"
	local model=
	[ "$p" = ollama ] && model="--model all-minilm"
	# shellcheck disable=SC2086
	dp-embed -p "$p" $model --base-url "$(base "$p")" --rejects "$T/rej" \
		"$@" <"$T/in" >"$T/out" 2>"$T/err"
	echo $? >"$T/status"
}

ids() { seq -s ' ' "$@" | sed 's/$/ /'; }
all20=$(ids 20)
but7=$(ids 20 | sed 's/^\(1 2 3 4 5 6 \)7 /\1/')

input 20 >"$T/in"
for p in ollama openai voyage gemini; do
	faults '[]'
	run "$p clean" "$p" --batch-size 4
	expect_eq "$p clean: exit 0, 5 requests" "$(cat "$T/status") $(requests)" "0 5"
	check_out "$p clean" "$all20"

	for f in 429 500 503 drop malformed; do
		faults "[{\"fault\":\"$f\",\"nth\":2,\"retry_after\":0}]"
		run "$p $f" "$p" --batch-size 4
		expect_eq "$p $f: retried, exit 0, 6 requests" \
			"$(cat "$T/status") $(requests)" "0 6"
		check_out "$p $f" "$all20"
	done

	faults '[{"fault":"slow","nth":1,"ms":2500}]'
	run "$p slow" "$p" --batch-size 4 --timeout 0.5
	expect_eq "$p slow past the timeout: retried, exit 0, 6 requests" \
		"$(cat "$T/status") $(requests)" "0 6"
	check_out "$p slow" "$all20"

	# (one request at a time: the first answer fixes the dimension)
	for f in wrong_count wrong_dim; do
		faults "[{\"fault\":\"$f\",\"nth\":2}]"
		run "$p $f" "$p" --batch-size 4 --concurrency 1
		expect_eq "$p $f: batch split, exit 0, 7 requests" \
			"$(cat "$T/status") $(requests)" "0 7"
		check_out "$p $f" "$all20"
	done

	# One poisoned input: split down to it; it alone is rejected.
	input 20 7 >"$T/in"
	faults '[{"fault":"reject","text":"POISON","times":-1}]'
	run "$p poison" "$p" --batch-size 4
	expect_eq "$p poison: exit 0, 9 requests, 1 reject" \
		"$(cat "$T/status") $(requests) $(wc -l <"$T/rej")" "0 9 1"
	expect_eq "$p poison: the reject is record 7" \
		"$(jq -c '[.line, .record.id, (.error | test("HTTP 400"))]' "$T/rej")" "[7,7,true]"
	check_out "$p poison" "$but7"

	faults '[{"fault":"nan","text":"NANTEXT","times":-1}]'
	input 20 7 NANTEXT >"$T/in"
	run "$p NaN" "$p" --batch-size 4
	expect_eq "$p NaN: exit 0, 9 requests, record 7 rejected" \
		"$(cat "$T/status") $(requests) $(jq -c .record.id "$T/rej")" "0 9 7"
	check_out "$p NaN" "$but7"

	# Without --keep-going the poisoned record stops the run (exit 1)
	# after the records before it.
	faults '[{"fault":"reject","text":"POISON","times":-1}]'
	input 20 7 >"$T/in"
	dp-embed -p "$p" --model all-minilm --base-url "$(base "$p")" \
		--batch-size 4 <"$T/in" >"$T/out" 2>"$T/err"
	expect_eq "$p poison without --keep-going: exit 1 after records 1-6" \
		"$? $(jq -r .id "$T/out" | tr '\n' ' ')" "1 1 2 3 4 5 6 "
	input 20 >"$T/in"

	for f in 401 quota; do
		faults "[{\"fault\":\"$f\",\"times\":-1}]"
		run "$p $f" "$p" --batch-size 4 --concurrency 1
		expect_eq "$p $f: not retried, exit 4, 1 request" \
			"$(cat "$T/status") $(requests)" "4 1"
		check_out "$p $f" ""
	done

	faults '[{"fault":"500","times":-1}]'
	run "$p 500 always" "$p" --batch-size 20 --max-retries 2
	expect_eq "$p 500 always: exit 4 after 1 + 2 retries" \
		"$(cat "$T/status") $(requests)" "4 3"
	check_out "$p 500 always" ""
done

# Vectors are matched to inputs by index, not by position.
for p in openai voyage; do
	faults '[{"fault":"shuffle","times":-1}]'
	run "$p shuffled data" "$p" --batch-size 4
	expect_eq "$p shuffled data: exit 0, 5 requests" "$(cat "$T/status") $(requests)" "0 5"
	check_out "$p shuffled data" "$all20"
	faults '[{"fault":"bad_index","nth":1}]'
	run "$p duplicate index" "$p" --batch-size 4
	expect_eq "$p duplicate index: split, exit 0, 7 requests" \
		"$(cat "$T/status") $(requests)" "0 7"
	check_out "$p duplicate index" "$all20"
done

# llama.cpp's deterministic 500 ("too large to process") is split, not
# retried as if transient.
input 20 7 >"$T/in"
faults '[{"fault":"input500","text":"POISON","times":-1}]'
run "openai input500" openai --batch-size 4
expect_eq "openai input500: split to record 7, 9 requests" \
	"$(cat "$T/status") $(requests) $(jq -c .record.id "$T/rej")" "0 9 7"
input 20 >"$T/in"

# Retry hints: retry-after-ms, an HTTP date, and Gemini's retryDelay.
faults '[{"fault":"429","nth":1,"retry_after_ms":300}]'
run "retry-after-ms" openai --batch-size 20
expect_eq "retry-after-ms honoured" "$(cat "$T/status") $(requests)" "0 2"
faults '[{"fault":"429","nth":1,"retry_delay":"0.3s"}]'
run "gemini retryDelay" gemini --batch-size 20
expect_eq "gemini retryDelay honoured" "$(cat "$T/status") $(requests)" "0 2"
faults '[{"fault":"429","nth":1,"retry_after":"1000"}]'
run "huge Retry-After" openai --batch-size 20
expect_eq "a Retry-After past 120 s ends the run: exit 4" \
	"$(cat "$T/status") $(requests)" "4 1"

# A 429 pauses every request: with 2 in flight, the one after the 429
# waits out its Retry-After of 1 s.
faults '[{"fault":"429","nth":1,"retry_after":1}]'
start=$(date +%s%N)
run "429 pause" openai --batch-size 4 --concurrency 2
elapsed=$((($(date +%s%N) - start) / 1000000))
expect_eq "429 pause: exit 0, 6 requests" "$(cat "$T/status") $(requests)" "0 6"
if [ "$elapsed" -ge 950 ]; then ok "429 pause: the run waited ${elapsed} ms"
else fail "429 pause" "the run took only ${elapsed} ms"; fi
check_out "429 pause" "$all20"

# Order is kept while later batches finish first.
faults '[{"fault":"slow","nth":1,"ms":600}]'
run "concurrency order" openai --batch-size 2 --concurrency 4 --timeout 5
expect_eq "concurrency order: exit 0, 10 requests" "$(cat "$T/status") $(requests)" "0 10"
check_out "concurrency order" "$all20"

# Redirects are not followed (the key would go with them).
faults '[{"fault":"redirect","times":-1}]'
run "redirect" openai --batch-size 20
expect_eq "redirect: exit 4, not followed" \
	"$(cat "$T/status") $(grep -c /steal "$T/log")" "4 0"

# A provider nobody answers: exit 4 after the retries.
dp-embed -p openai --base-url http://127.0.0.1:1/v1 --max-retries 1 \
	<"$T/in" >"$T/out" 2>"$T/err"
expect_eq "unreachable provider: exit 4" "$?" 4
grep -q "giving up after 1 retry" "$T/err" && ok "unreachable: says it gave up" ||
	fail "unreachable: says it gave up" "$(cat "$T/err")"

# Keys: a wrong key is refused and not printed; a key file works; no
# key for the real OpenAI is a usage error.
faults '[]'
OPENAI_API_KEY=sk-wrongWRONGwrong0123456789 dp-embed -p openai \
	--base-url "$(base openai)" <"$T/in" >"$T/out" 2>"$T/err"
expect_eq "wrong key: exit 4" "$?" 4
if grep -q wrongWRONG "$T/err" "$T/out"; then fail "wrong key hidden" "$(cat "$T/err")"
else ok "wrong key hidden"; fi
printf '%s\n' "$KEY" >"$T/keyfile"
faults '[]'
OPENAI_API_KEY= dp-embed -p openai --base-url "$(base openai)" \
	--api-key-file "$T/keyfile" <"$T/in" >"$T/out" 2>"$T/err"
expect_eq "--api-key-file: exit 0, key sent" \
	"$? $(jq -r .auth "$T/log" | sort -u)" "0 ok"
OPENAI_API_KEY= dp-embed -p openai </dev/null >/dev/null 2>"$T/err"
expect_eq "no key for OpenAI: exit 2" "$?" 2
jq -r .path "$T/log" | grep -q 'key=' && fail "key never in a URL" "found" ||
	ok "key never in a URL"

# Empty text is not sent: a null embedding and a warning.
printf '{"id":1,"embedding_text":"a"}\n{"id":2,"embedding_text":"  "}\n{"id":3}\n{"id":4,"embedding_text":"b"}\n' >"$T/in2"
faults '[]'
dp-embed -p openai --base-url "$(base openai)" <"$T/in2" >"$T/out" 2>"$T/err"
expect_eq "empty text: exit 0, 1 request of 2 texts" \
	"$? $(requests) $(jq -c .texts "$T/log")" '0 1 ["a","b"]'
expect_eq "empty text: null embeddings" \
	"$(jq -c '[.id, .embedding[0:2]?]' "$T/out" | tr '\n' ' ')" \
	'[1,[1,97]] [2,null] [3,null] [4,[1,98]] '
grep -q 'no text' "$T/err" && ok "empty text: warned" || fail "empty text: warned" "$(cat "$T/err")"

# Input type and dimensions reach the wire in each provider's words.
faults '[]'
dp-embed -p voyage --base-url "$(base voyage)" --input-type query -d 4 \
	<"$T/in2" >"$T/out" 2>"$T/err"
expect_eq "voyage --dimensions 4: vectors of 4" \
	"$(jq -c 'select(.embedding) | .embedding_dimension' "$T/out" | sort -u)" 4

# dp-search embeds the query with the records' provider and model, as a
# query.
input 6 >"$T/in"
for p in voyage gemini; do
	faults '[]'
	dp-embed -p "$p" --base-url "$(base "$p")" -m m-1 <"$T/in" >"$T/emb" 2>"$T/err"
	faults '[]'
	dp-search --base-url "$(base "$p")" -k 2 "record 3, a text of some words" \
		<"$T/emb" >"$T/out" 2>"$T/err"
	expect_eq "dp-search over $p: exit 0, 1 request" "$? $(requests)" "0 1"
	expect_eq "dp-search over $p: the query's model and input type" \
		"$(jq -c '[.model, .input_type, .texts]' "$T/log")" \
		"$([ $p = voyage ] && echo '["m-1","query",["record 3, a text of some words"]]' ||
		  echo '["m-1","RETRIEVAL_QUERY",["record 3, a text of some words"]]')"
	expect_eq "dp-search over $p: the same text ranks first with score 1" \
		"$(jq -c '[.id, (.score * 1e6 | round)]' "$T/out" | head -1)" "[3,1000000]"
done
faults '[{"fault":"401","times":-1}]'
dp-search --base-url "$(base openai)" -p openai "x" <"$T/emb" >"$T/out" 2>"$T/err"
expect_eq "dp-search: a provider failure is exit 4" "$?" 4
grep -q -- "$KEY" "$T/err" && fail "dp-search: key hidden" "in stderr" ||
	ok "dp-search: key hidden"

# A line that is not JSON stops a run without --keep-going; the records
# read before it, still waiting for slow answers, are written first.
faults '[{"fault":"slow","times":-1,"ms":300}]'
{ input 6; echo 'not json'; input 2; } >"$T/in"
dp-embed --provider openai --base-url "$(base openai)" --batch-size 2 \
	<"$T/in" >"$T/out" 2>"$T/err"
expect_eq "bad line after slow batches: exit 1" "$?" 1
expect_eq "bad line after slow batches: the 6 records before it written" \
	"$(jq -r .id "$T/out" | tr '\n' ' ')" "1 2 3 4 5 6 "

