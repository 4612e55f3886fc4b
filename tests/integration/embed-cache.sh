# dp-embed's cache, budgets, dry runs and --skip-existing, against the
# local fake server: a second run makes no request, a run killed halfway
# and rerun makes only the missing requests, --max-requests and
# --max-tokens stop cleanly with exit 4 after writing and caching what
# was done.
. "$DP_TOP/tests/lib.sh"

if ! command -v node >/dev/null; then
	skip "embed-cache" "node is not installed (scripts/bootstrap)"
	exit 0
fi
KEY=sk-testSECRETkey0123456789abcdef
node "$DP_TOP/tests/fakeserver/server.js" --port-file "$T/port" \
	--log "$T/log" --key "$KEY" --lifetime 300 &
SRV=$!
trap 'kill $SRV 2>/dev/null; rm -rf "$T"' EXIT
for _ in $(seq 50); do [ -s "$T/port" ] && break; sleep 0.1; done
URL=http://127.0.0.1:$(cat "$T/port")
export OPENAI_API_KEY=$KEY
faults() { curl -sf -X POST --data "$1" "$URL/_faults" >/dev/null; : >"$T/log"; }
requests() { wc -l <"$T/log" | tr -d ' '; }
embed() { dp-embed -p openai --base-url "$URL/openai/v1" "$@"; }

for i in $(seq 20); do
	printf '{"id":%d,"embedding_text":"record %d, a text of some words"}\n' "$i" "$i"
done >"$T/in"

faults '[]'
embed --batch-size 4 <"$T/in" >"$T/plain"
expect_eq "no cache: 5 requests" "$(requests)" 5

faults '[]'
embed --cache "$T/c.db" --batch-size 4 <"$T/in" >"$T/out1"
expect_eq "first cached run: 5 requests" "$(requests)" 5
faults '[]'
embed --cache "$T/c.db" --batch-size 4 <"$T/in" >"$T/out2"
expect_eq "second cached run: 0 requests" "$(requests)" 0
cmp -s "$T/out1" "$T/out2" && ok "cached output identical" ||
	fail "cached output identical" "differs"
cmp -s "$T/plain" "$T/out2" && ok "cached output same as uncached" ||
	fail "cached output same as uncached" "differs"
faults '[]'
embed --cache "$T/c.db" --batch-size 4 --dimensions 4 <"$T/in" >/dev/null
expect_eq "other dimensions: another cache key, 5 requests" "$(requests)" 5
faults '[]'
embed --cache "$T/c.db" --batch-size 4 --prefix "x: " <"$T/in" >/dev/null
expect_eq "another prefix: another cache key, 5 requests" "$(requests)" 5

# Kill a slow run halfway, then rerun: only what is missing is sent.
faults '[{"fault":"slow","ms":150,"times":-1}]'
dp-embed -p openai --base-url "$URL/openai/v1" --cache "$T/k.db" \
	--batch-size 2 --concurrency 1 <"$T/in" >"$T/k1" 2>/dev/null &
pid=$!
sleep 0.9
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
cached=$(sqlite3 "$T/k.db" 'SELECT count(*) FROM dp_embed_cache')
if [ "$cached" -gt 0 ] && [ "$cached" -lt 20 ]; then ok "killed run cached $cached of 20"
else fail "killed run cached some" "$cached cached"; fi
faults '[]'
embed --cache "$T/k.db" --batch-size 2 <"$T/in" >"$T/k2"
expect_eq "rerun after the kill: only the missing requests" \
	"$(requests)" $(((20 - cached + 1) / 2))
cmp -s "$T/k2" "$T/plain" && ok "rerun after the kill: every record, right vectors" ||
	fail "rerun after the kill: every record" "differs from a plain run"
expect_eq "rerun after the kill: nothing sent twice" \
	"$(jq -r '.texts[]' "$T/log" | sort | uniq -d)" ""

# --dry-run counts what would be sent after the cache.
rm -f "$T/d.db"
faults '[]'
head -10 "$T/in" | embed --cache "$T/d.db" --batch-size 4 >/dev/null
faults '[]'
embed --cache "$T/d.db" --batch-size 4 --dry-run <"$T/in" >"$T/dry"
expect_eq "--dry-run: sends nothing" "$(requests)" 0
expect_eq "--dry-run: the counts" \
	"$(jq -c '[.records, .texts, .cached, .requests, .estimated_tokens]' "$T/dry")" \
	"[20,20,10,3,$(head -20 "$T/in" | tail -10 | jq -r '.embedding_text | length' |
		awk '{ t += int(($1 + 2) / 3) } END { print t }')]"

# Budgets: stop before going past them, exit 4, the records done are
# written and cached; a rerun finishes the job.
rm -f "$T/b.db"
faults '[]'
embed --cache "$T/b.db" --batch-size 2 --concurrency 1 --max-requests 2 \
	<"$T/in" >"$T/b1" 2>"$T/err"
expect_eq "--max-requests 2: exit 4, 2 requests, 4 records" \
	"$? $(requests) $(wc -l <"$T/b1")" "4 2 4"
grep -q -- "--max-requests=2 reached" "$T/err" && ok "--max-requests: says why" ||
	fail "--max-requests: says why" "$(cat "$T/err")"
faults '[]'
embed --cache "$T/b.db" --batch-size 2 <"$T/in" >"$T/b2"
expect_eq "after --max-requests: the rest, 8 requests" "$(requests)" 8
cmp -s "$T/b2" "$T/plain" && ok "after --max-requests: complete" ||
	fail "after --max-requests: complete" "differs"
faults '[]'
embed --batch-size 2 --concurrency 1 --max-tokens 50 <"$T/in" >"$T/t1" 2>"$T/err"
expect_eq "--max-tokens 50: exit 4, 2 requests, 4 records" \
	"$? $(requests) $(wc -l <"$T/t1")" "4 2 4"

# --skip-existing passes records that already have this model's vector.
faults '[]'
embed --skip-existing <"$T/plain" >"$T/skip"
expect_eq "--skip-existing: 0 requests" "$(requests)" 0
cmp -s "$T/skip" "$T/plain" && ok "--skip-existing: records unchanged" ||
	fail "--skip-existing: records unchanged" "differs"
faults '[]'
embed --skip-existing --model text-embedding-3-large <"$T/plain" >/dev/null
expect_eq "--skip-existing: another model is embedded again" "$(requests)" 1

# The hash provider caches too, and reads its own vectors back.
dp-embed --cache "$T/h.db" <"$T/in" >"$T/h1"
dp-embed --cache "$T/h.db" <"$T/in" >"$T/h2"
cmp -s "$T/h1" "$T/h2" && ok "hash through the cache: same bytes" ||
	fail "hash through the cache: same bytes" "differs"
