# Security checks of issue 7 not covered elsewhere: partition values
# that try to leave the dataset directory (absolute paths, NUL, very
# long values; parquet-readers.sh covers '../', '..', '/' and control
# characters), API keys absent from everything a run leaves (stdout,
# stderr, rejects, caches, any file), and no program runs a shell or
# another program. (SQL that writes or ATTACHes: the golden case
# dp-load-sqlite/write-refused; identifiers: table-quoted.)
. "$DP_TOP/tests/lib.sh"
. "$DP_TOP/tests/npm/parquet-lib.sh"

# ---- partition values --------------------------------------------------------
long=$(head -c 300 /dev/zero | tr '\0' x)
printf 'p string\nv int64\n' >"$T/p.schema"
printf '%s\n' '{"p":"/etc/passwd","v":1}' '{"p":"/","v":2}' '{"p":"a\u0000b","v":3}' \
	'{"p":"\u0000","v":4}' '{"p":"~root","v":5}' '{"p":"C:\\x\\..\\y","v":6}' \
	'{"p":"./../.","v":7}' "{\"p\":\"$long\",\"v\":8}" '{"p":"../../../../../../tmp/x","v":9}' \
	>"$T/p.ndjson"
mkdir "$T/out"
dp-to-parquet --schema "$T/p.schema" --partition-by p --rejects "$T/p.rej" \
	-o "$T/out/data" "$T/p.ndjson" 2>"$T/err"
expect_eq "hostile partition values: exit 0" "$?" 0
expect_eq "hostile partition values: every file inside the dataset" \
	"$(find "$T" -name '*.parquet' | grep -vc "^$T/out/data/p=[^/]*/part-[0-9a-f]\{32\}\.parquet$")" 0
expect_eq "hostile partition values: nothing beside the dataset" "$(ls -A "$T/out")" data
expect_eq "a value too long for a directory name is a bad record" \
	"$(jq -c '[.line, .error]' "$T/p.rej")" \
	"[8,\"field 'p': partition value too long for a directory name\"]"
if have_readers; then
	expect_eq "hostile partition values: read back exactly (hive_partitioning)" \
		"$(cd "$NPM" && node query.mjs "SELECT p, v FROM read_parquet('$T/out/data/**/*.parquet', hive_partitioning = true) ORDER BY v" | jq -c '[.p, .v]' | tr '\n' ' ')" \
		"$(grep -v "$long" "$T/p.ndjson" | jq -c '[.p, .v]' | tr '\n' ' ')"
else
	skip "hostile partition values: read back" "node or tests/npm/node_modules missing"
fi
dp-to-parquet --schema "$T/p.schema" --partition-by p -o "$T/out2" "$T/p.ndjson" 2>/dev/null
expect_eq "a too long value without --keep-going: exit 1, nothing written" \
	"$?:$(find "$T" -name 'out2*' | wc -l)" "1:0"

# ---- API keys ----------------------------------------------------------------
# Every way a run can end, with the key in the environment or a key
# file: the key is in no byte of anything written under the work
# directory (outputs, messages, rejects, caches, dry-run reports).
if command -v node >/dev/null 2>&1; then
	KEY=sk-secSECRETkey9876543210zyxw
	node "$DP_TOP/tests/fakeserver/server.js" --port-file "$T/port" \
		--key "$KEY" --lifetime 120 &
	SRV=$!
	trap 'kill $SRV 2>/dev/null; rm -rf "$T"' EXIT
	for _ in $(seq 50); do [ -s "$T/port" ] && break; sleep 0.1; done
	URL=http://127.0.0.1:$(cat "$T/port")
	faults() { curl -sf -X POST --data "$1" "$URL/_faults" >/dev/null; }
	W=$T/work
	mkdir "$W"
	printf '{"id":1,"embedding_text":"one"}\n{"id":2,"embedding_text":"two POISON"}\nnot json\n' >"$W/in"
	printf '%s\n' "$KEY" >"$T/keyfile"
	n=0 statuses=
	embed() {	# embed PROVIDER FAULTS ARGS...: one run, all output kept in $W
		local p=$1 f=$2 base
		shift 2
		case $p in
		gemini) base=$URL/gemini/v1beta ;;
		ollama) base=$URL/ollama ;;
		*) base=$URL/$p/v1 ;;
		esac
		n=$((n + 1))
		faults "$f"
		OPENAI_API_KEY=$KEY VOYAGE_API_KEY=$KEY GEMINI_API_KEY=$KEY OLLAMA_API_KEY=$KEY \
			dp-embed -p "$p" --base-url "$base" --max-retries 1 --timeout 2 \
			--rejects "$W/rej$n" --cache "$W/cache.db" --progress --model "m$n" "$@" \
			<"$W/in" >"$W/out$n" 2>"$W/err$n"
		statuses="$statuses$?"
	}
	for p in openai voyage gemini ollama; do
		embed $p '[]'
		embed $p '[{"fault":"reject","text":"POISON","times":-1}]' --batch-size 1
		embed $p '[{"fault":"401","times":-1}]'
		embed $p '[{"fault":"500","times":-1}]'
		embed $p '[{"fault":"redirect","times":-1}]'
		embed $p '[{"fault":"malformed","times":-1}]'
		embed $p '[]' --dry-run
	done
	faults '[]'
	OPENAI_API_KEY='' dp-embed -p openai --base-url "$URL/openai/v1" --api-key-file "$T/keyfile" \
		<"$W/in" >"$W/keyfile.out" 2>"$W/keyfile.err"
	OPENAI_API_KEY=$KEY dp-embed -p openai --base-url http://127.0.0.1:1/v1 --max-retries 0 \
		<"$W/in" >"$W/down.out" 2>"$W/down.err"
	OPENAI_API_KEY=$KEY dp-embed -p openai --base-url "$URL/openai/v1" <"$W/in" 2>/dev/null |
		OPENAI_API_KEY=$KEY dp-search -p openai --base-url "$URL/openai/v1" --cache "$W/cache.db" \
		--keep-going one >"$W/search.out" 2>"$W/search.err"
	faults '[{"fault":"401","times":-1}]'
	OPENAI_API_KEY=$KEY dp-search -p openai --base-url "$URL/openai/v1" one \
		<"$W/out1" >"$W/search401.out" 2>"$W/search401.err"
	files=$(find "$W" -type f | wc -l)
	if grep -rlaF -- "$KEY" "$W" >"$T/leaks"; then
		fail "API key in no file of $files" "$(tr '\n' ' ' <"$T/leaks")"
	else
		ok "API key in no file of $files (stdout, stderr, rejects, cache, dry runs)"
	fi
	expect_eq "the runs ended as planned (exit status per fault and provider)" \
		"$statuses" 0044440004444000444400044440
else
	skip "API keys" "node is not installed (scripts/bootstrap)"
fi

# ---- no shell-outs -------------------------------------------------------------
# No program runs a shell or another program: none of the calls that
# would appears in the sources.
calls=$(grep -nE '\b(system|popen|execl|execlp|execle|execv|execvp|execvpe|posix_spawnp?|wordexp)\(' \
	"$DP_TOP"/src/*.c "$DP_TOP"/src/lib/*/*.c)
expect_eq "no system, popen, exec* or posix_spawn in src/" "$calls" ""
