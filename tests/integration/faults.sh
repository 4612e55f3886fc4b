# Fault injection for every program: a reader that stops early
# (`| head -1`), a closed stdout, a full stdout (/dev/full), unreadable
# inputs; for dp-to-parquet a full disk (a small tmpfs) and SIGKILL at
# random points; dp-load-sqlite on a database it cannot write (a
# read-only bind mount, an immutable file); dp-embed and dp-search
# against a server that accepts connections and never answers.
# (dp(7), ERROR HANDLING and EXIT STATUS; issue 7, "Faults".)
. "$DP_TOP/tests/lib.sh"
. "$DP_TOP/tests/npm/parquet-lib.sh"

PROGS="dp-load-json dp-load-csv dp-load-sqlite dp-enrich dp-chunk dp-embed dp-search dp-to-parquet"
MOUNTS='' IMMUTABLE='' SRV=''
cleanup() {
	local m f
	[ -n "$SRV" ] && kill "$SRV" 2>/dev/null
	for f in $IMMUTABLE; do chattr -i "$f" 2>/dev/null; done
	for m in $MOUNTS; do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null; done
	rm -rf "$T"
}
trap cleanup EXIT

query() { (cd "$NPM" && node query.mjs "$1"); }
ms_since() { echo $((($(date +%s%N) - $1) / 1000000)); }
seconds() { awk -v m="$1" 'BEGIN { printf "%.3f", m / 1000 }'; }

# ---- inputs ------------------------------------------------------------------
# rec_lines N: N unified-ish records that every filter accepts.
rec_lines() {
	awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++)
		printf "{\"entity_id\":\"e%d\",\"entity_type\":\"PROPERTY\",\"listing_id\":\"e%d\",\"state_normalized\":\"S%d\",\"content_hash\":\"h%d\",\"ingested_at\":\"2026-11-25T11:42:30Z\",\"price\":%d.25,\"embedding_text\":\"record %d has some words. And a second sentence %d here.\",\"features\":[\"a%d\",\"b\"]}\n",
			i, i, i % 7, i, i, i, i * 7, i % 50 }'
}
rec_lines 20000 >"$T/big.ndjson"
rec_lines 3 >"$T/small.ndjson"
awk 'BEGIN { print "id,name,price"
	for (i = 1; i <= 20000; i++) printf "%d,\"name %d, padded to fill a pipe\",%d.5\n", i, i, i }' >"$T/big.csv"
head -3 "$T/big.csv" >"$T/small.csv"
sqlite3 "$T/big.db" "CREATE TABLE t (n INTEGER, s TEXT);
	WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 20000)
	INSERT INTO t SELECT n, 'row ' || n || ' of a table much larger than a pipe' FROM c;"
sqlite3 "$T/small.db" "CREATE TABLE t (n INTEGER, s TEXT); INSERT INTO t VALUES (1, 'a'), (2, 'b');"
head -3000 "$T/big.ndjson" | dp-embed -d 16 >"$T/big.emb"
dp-embed -d 16 "$T/small.ndjson" >"$T/small.emb"
# dp-to-parquet writes to stdout only with --print-schema: an inferred
# schema of 20,000 fields is far more than a pipe holds.
awk 'BEGIN { printf "{"; for (i = 0; i < 20000; i++)
	printf "%s\"field_number_%d\":%d", (i ? "," : ""), i, i; print "}" }' >"$T/big.wide"
cp "$T/small.ndjson" "$T/small.wide"

# prog_run PROG big|small: PROG on that input, writing to stdout.
prog_run() {
	local in=$T/$2
	case $1 in
	dp-load-json | dp-enrich) "$1" "$in.ndjson" ;;
	dp-chunk) dp-chunk --size 4 "$in.ndjson" ;;
	dp-embed) dp-embed -d 16 "$in.ndjson" ;;
	dp-load-csv) dp-load-csv --type T "$in.csv" ;;
	dp-load-sqlite) dp-load-sqlite --type T "$in.db" --table t ;;
	dp-search) dp-search -k 100000 "record words" "$in.emb" ;;
	dp-to-parquet) dp-to-parquet --schema infer --print-schema "$in.wide" ;;
	esac
}

# ---- SIGPIPE, closed stdout, /dev/full ------------------------------------------
for p in $PROGS; do
	{ prog_run "$p" big 2>"$T/err"; echo $? >"$T/status"; } | head -1 >"$T/first"
	st=$(cat "$T/status")
	case $st in
	0 | 141) ok "$p | head -1: status $st" ;;
	*) fail "$p | head -1: status 0 or 141" "status $st" ;;
	esac
	expect_eq "$p | head -1: nothing on stderr" "$(head -c 300 "$T/err")" ""
	expect_eq "$p | head -1: one line read" "$(wc -l <"$T/first")" 1

	prog_run "$p" small >&- 2>"$T/err"
	expect_eq "$p >&-: exit 3" "$?" 3
	grep -q "^$p: .*Bad file descriptor" "$T/err" && ok "$p >&-: message" ||
		fail "$p >&-: message" "'$(head -c 300 "$T/err")'"

	prog_run "$p" small >/dev/full 2>"$T/err"
	expect_eq "$p >/dev/full: exit 3" "$?" 3
	grep -q "^$p: .*No space left on device" "$T/err" && ok "$p >/dev/full: message" ||
		fail "$p >/dev/full: message" "'$(head -c 300 "$T/err")'"
done

# dp-to-parquet -o does not write to stdout: a closed one does not
# matter (and no file it opens takes its place unnoticed).
dp-to-parquet -o "$T/closed" "$T/small.ndjson" >&- 2>"$T/err"
expect_eq "dp-to-parquet -o with stdout closed: exit 0" "$?" 0
if have_readers; then
	expect_eq "dp-to-parquet -o with stdout closed: the dataset is whole" \
		"$(query "SELECT count(*) AS n FROM read_parquet('$T/closed/*.parquet')")" '{"n":3}'
fi

# ---- unreadable inputs ---------------------------------------------------------
# Root reads any file whatever its mode: a directory, and a /proc file
# that fails on read (EIO), are inputs that cannot be read.
mkdir "$T/adir"
for bad in "$T/adir" /proc/self/mem; do
	for p in $PROGS; do
		rm -rf "$T/ds"
		case $p in
		dp-load-sqlite) dp-load-sqlite "$bad" --table t ;;
		dp-load-csv) dp-load-csv "$T/small.csv" "$bad" ;;
		dp-search) dp-search q "$T/small.emb" "$bad" ;;
		dp-to-parquet) dp-to-parquet -o "$T/ds" "$T/small.ndjson" "$bad" ;;
		*) "$p" "$T/small.ndjson" "$bad" ;;
		esac >"$T/out" 2>"$T/err"
		st=$?
		name="$p on an unreadable input (${bad##*/})"
		# dp-search reads a directory as a Parquet dataset: one
		# without a .parquet file is a usage error (dp-search(1))
		if [ "$p" = dp-search ] && [ -d "$bad" ]; then
			expect_eq "$name: exit 2, not a dataset" "$st" 2
			continue
		fi
		expect_eq "$name: exit 3" "$st" 3
		grep -q "^$p: $bad: " "$T/err" && ok "$name: names it" ||
			fail "$name: names it" "'$(head -c 300 "$T/err")'"
		# What came before the bad file is out (filters), or nothing
		# is (dp-search prints at the end; dp-to-parquet commits at
		# the end).
		case $p in
		dp-load-sqlite | dp-search) want=0 ;;
		dp-load-csv) want=2 ;;
		dp-to-parquet) want=0 ;;
		dp-chunk) want=$(dp-chunk "$T/small.ndjson" | wc -l) ;;
		*) want=3 ;;
		esac
		expect_eq "$name: the records before it written" "$(wc -l <"$T/out")" "$want"
		[ "$p" = dp-to-parquet ] && expect_eq "$name: no dataset left" \
			"$(ls -A "$T" | grep -c '^\.\?ds')" 0
	done
done
# Side files: lookup tables, schemas, key files, caches, rejects files.
side() {	# side NAME CMD...: CMD exits 3 naming $T/adir
	local name=$1
	shift
	"$@" <"$T/small.ndjson" >"$T/out" 2>"$T/err"
	expect_eq "$name: exit 3" "$?" 3
	grep -q "$T/adir" "$T/err" && ok "$name: names it" ||
		fail "$name: names it" "'$(head -c 300 "$T/err")'"
}
side "dp-enrich --locations DIR" dp-enrich --locations "$T/adir"
side "dp-enrich --neighborhoods DIR" dp-enrich --neighborhoods "$T/adir"
side "dp-to-parquet --schema DIR" dp-to-parquet --schema "$T/adir" -o "$T/ds"
side "dp-embed --api-key-file DIR" env -u OPENAI_API_KEY dp-embed -p openai \
	--base-url http://127.0.0.1:1/v1 --api-key-file "$T/adir"
side "dp-embed --cache DIR" dp-embed --cache "$T/adir"
for p in $PROGS; do
	case $p in
	dp-load-sqlite) side "$p --rejects DIR" "$p" "$T/small.db" --table t --rejects "$T/adir" ;;
	dp-load-csv) side "$p --rejects DIR" "$p" --rejects "$T/adir" "$T/small.csv" ;;
	dp-search) side "$p --rejects DIR" "$p" --rejects "$T/adir" q ;;
	dp-to-parquet) side "$p --rejects DIR" "$p" --rejects "$T/adir" -o "$T/ds" ;;
	*) side "$p --rejects DIR" "$p" --rejects "$T/adir" ;;
	esac
done

# ---- dp-to-parquet: a full disk ------------------------------------------------
# A 512 KB tmpfs and a dataset of a few MB: exit 3 with the reason, no
# .parquet file and no staging left behind, and a dataset that was
# there before (append, overwrite) unchanged.
have_mount=0
mkdir "$T/full"
if mount -t tmpfs -o size=512k tmpfs "$T/full" 2>"$T/err"; then
	have_mount=1
	MOUNTS="$MOUNTS $T/full"
else
	skip "full disk (tmpfs)" "cannot mount a tmpfs here: $(head -c 200 "$T/err")"
fi
head -100 "$T/big.ndjson" >"$T/old.ndjson"
if [ $have_mount = 1 ]; then
	for mode in error append overwrite; do
		ds=$T/full/$mode
		pre=0
		if [ $mode != error ]; then
			dp-to-parquet -o "$ds" "$T/old.ndjson" 2>/dev/null
			pre=100
			sum_before=$(cd "$ds" && find . -type f | sort | xargs sha256sum)
		fi
		dp-to-parquet --mode $mode --compression none --partition-by state_normalized \
			-o "$ds" "$T/big.ndjson" >/dev/null 2>"$T/err"
		expect_eq "full disk, --mode $mode: exit 3" "$?" 3
		grep -q "^dp-to-parquet: .*No space left on device" "$T/err" &&
			ok "full disk, --mode $mode: says why" ||
			fail "full disk, --mode $mode: says why" "'$(grep -v 'not in the schema' "$T/err" | head -c 300)'"
		expect_eq "full disk, --mode $mode: no staging left" \
			"$(find "$T/full" -name '*dp-tmp*' | wc -l)" 0
		if [ $mode = error ]; then
			expect_eq "full disk, --mode error: no .parquet file" \
				"$(find "$T/full" -name '*.parquet' | wc -l)" 0
			expect_eq "full disk, --mode error: no dataset directory" \
				"$(ls "$T/full" | grep -c error)" 0
		else
			expect_eq "full disk, --mode $mode: the old dataset unchanged" \
				"$(cd "$ds" && find . -type f | sort | xargs sha256sum)" "$sum_before"
		fi
		if have_readers; then
			n=$(query "SELECT count(*) AS n FROM read_parquet('$ds/**/*.parquet')" 2>&1)
			if [ $pre = 0 ]; then
				case $n in
				*"No files found"*) ok "full disk, --mode $mode: DuckDB finds no file" ;;
				*) fail "full disk, --mode $mode: DuckDB finds no file" "$n" ;;
				esac
			else
				expect_eq "full disk, --mode $mode: DuckDB reads the old rows" "$n" '{"n":100}'
			fi
		fi
		rm -rf "$ds"
	done
	# Row groups written mid-run, by the second thread (--threads 2)
	# and by the reading thread: the error ends the run the same way.
	for t in 2 1; do
		dp-to-parquet --threads $t --row-group-size 200 --compression none \
			--partition-by state_normalized -o "$T/full/mid$t" "$T/big.ndjson" >/dev/null 2>"$T/err"
		expect_eq "full disk mid-run, --threads $t: exit 3" "$?" 3
		expect_eq "full disk mid-run, --threads $t: one message, why" \
			"$(grep -v "not in the schema" "$T/err" | sed "s/: [^ ]*dp-tmp[^:]*:/: FILE:/")" \
			"dp-to-parquet: FILE: write error: No space left on device"
		expect_eq "full disk mid-run, --threads $t: nothing left" "$(ls -A "$T/full")" ""
	done
	umount "$T/full" && MOUNTS=${MOUNTS% "$T/full"}
fi

# ---- dp-to-parquet: SIGKILL at ten points of a run ------------------------------
# error, overwrite and append in turn, killed at 10% .. 100% of the time
# a whole run takes: every .parquet file visible is complete (DuckDB
# reads them all), and the dataset holds the old rows or old + new,
# never a part. (parquet-dataset.sh covers SIGTERM and one SIGKILL.)
if ! have_readers; then
	skip "SIGKILL points" "node or tests/npm/node_modules missing (run scripts/bootstrap)"
else
	N=20000
	kill_args="--row-group-size 500 --memory-limit 256K"
	# How long a whole run takes, partitioned (P) and not (U).
	for part in P U; do
		opt=; [ $part = P ] && opt="--partition-by state_normalized"
		start=$(date +%s%N)
		# shellcheck disable=SC2086
		dp-to-parquet $kill_args $opt -o "$T/whole$part" "$T/big.ndjson" 2>/dev/null
		if [ $part = P ]; then durP=$(ms_since "$start"); else durU=$(ms_since "$start"); fi
		expect_eq "SIGKILL reference run ($part): $N rows" \
			"$(query "SELECT count(*) AS n FROM read_parquet('$T/whole$part/**/*.parquet')")" "{\"n\":$N}"
	done
	for k in 0 1 2 3 4 5 6 7 8 9; do
		case $((k % 3)) in
		0) mode=error pre=0 part="--partition-by state_normalized" dur=$durP ;;
		1) mode=overwrite pre=100 part="--partition-by state_normalized" dur=$durP ;;
		2) mode=append pre=100 part='' dur=$durU ;;	# one file: placed atomically
		esac
		at=$((dur * (k + 1) / 10))
		secs=$(seconds "$at")
		ds=$T/kill$k/data
		# shellcheck disable=SC2086
		[ $pre = 0 ] || dp-to-parquet $part -o "$ds" "$T/old.ndjson" 2>/dev/null
		# shellcheck disable=SC2086
		dp-to-parquet $kill_args --mode $mode $part -o "$ds" \
			"$T/big.ndjson" 2>/dev/null &
		pid=$!
		sleep "$secs"
		kill -KILL $pid 2>/dev/null
		wait $pid 2>/dev/null
		st=$?
		name="SIGKILL at ${at} of ${dur} ms (--mode $mode, status $st)"
		files=$(find "$ds" -name '*.parquet' 2>/dev/null | wc -l)
		if [ "$files" = 0 ]; then
			expect_eq "$name: no file, no rows expected before" "$pre" 0
			continue
		fi
		n=$(query "SELECT count(*) AS n, count(DISTINCT entity_id) AS ids FROM read_parquet('$ds/**/*.parquet')" 2>&1)
		if ! (cd "$NPM" && node check.mjs "$ds") >"$T/check" 2>&1; then
			fail "$name: every visible file passes the structural check" "$(grep -v '^ok' "$T/check" | head -3)"
		fi
		case $mode:$n in
		error:"{\"n\":$N,\"ids\":$N}" | overwrite:"{\"n\":100,\"ids\":100}" | \
		overwrite:"{\"n\":$N,\"ids\":$N}" | append:"{\"n\":100,\"ids\":100}" | \
		append:"{\"n\":$((N + 100)),\"ids\":$N}")
			ok "$name: $files whole file(s), $n" ;;
		*) fail "$name: only whole files, old or old + new rows" "$files files: $n" ;;
		esac
	done
fi

# ---- dp-load-sqlite: a database it cannot write ---------------------------------
# chmod does not stop root: a read-only bind mount, and an immutable
# file (chattr +i). The database is read (rollback journal and WAL), a
# statement that would write is refused, and the file is unchanged.
mkdir "$T/dbsrc" "$T/ro"
sqlite3 "$T/dbsrc/j.db" "CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1), (2);"
sqlite3 "$T/dbsrc/w.db" "PRAGMA journal_mode=WAL; CREATE TABLE t (a INTEGER);
	INSERT INTO t VALUES (1), (2);" >/dev/null
read_only_checks() {	# read_only_checks HOW DIR
	local how=$1 dir=$2 db before
	for db in j w; do
		before=$(sha256sum <"$dir/$db.db")
		dp-load-sqlite --type T "$dir/$db.db" --table t >"$T/out" 2>"$T/err"
		expect_eq "$how, $db.db: rows read" \
			"$?:$(jq -c .a "$T/out" 2>/dev/null | tr '\n' ' '):$(head -c 300 "$T/err")" "0:1 2 :"
		dp-load-sqlite "$dir/$db.db" --query 'DELETE FROM t' >"$T/out" 2>"$T/err"
		expect_eq "$how, $db.db: a write is refused (exit 2)" "$?" 2
		expect_eq "$how, $db.db: unchanged" "$(sha256sum <"$dir/$db.db")" "$before"
	done
}
if mount --bind "$T/dbsrc" "$T/ro" 2>"$T/err" && MOUNTS="$MOUNTS $T/ro" &&
   mount -o remount,ro,bind "$T/ro" 2>>"$T/err"; then
	read_only_checks "read-only mount" "$T/ro"
	umount "$T/ro" && MOUNTS=${MOUNTS% "$T/ro"}
else
	skip "read-only mount" "cannot bind-mount here: $(head -c 200 "$T/err")"
fi
if chattr +i "$T/dbsrc/j.db" "$T/dbsrc/w.db" 2>"$T/err"; then
	IMMUTABLE="$T/dbsrc/j.db $T/dbsrc/w.db"
	read_only_checks "immutable file" "$T/dbsrc"
	chattr -i $IMMUTABLE && IMMUTABLE=
else
	skip "immutable database file" "chattr +i fails here: $(head -c 200 "$T/err")"
fi

# ---- a server that accepts and never answers ------------------------------------
if ! command -v node >/dev/null 2>&1; then
	skip "silent server" "node is not installed (scripts/bootstrap)"
	exit 0
fi
cat >"$T/silent.js" <<'EOF'
// Accept connections, read what comes, never answer.
const net = require('net');
const held = [];
const srv = net.createServer(s => { held.push(s); s.on('error', () => {}); s.resume(); });
srv.listen(0, '127.0.0.1', () =>
	require('fs').writeFileSync(process.argv[2], String(srv.address().port)));
setTimeout(() => process.exit(0), 120000);
EOF
node "$T/silent.js" "$T/port" &
SRV=$!
for _ in $(seq 50); do [ -s "$T/port" ] && break; sleep 0.1; done
url=http://127.0.0.1:$(cat "$T/port")/v1
export OPENAI_API_KEY=sk-silentSECRET0123456789
for i in $(seq 10); do printf '{"id":%d,"embedding_text":"text %d"}\n' "$i" "$i"; done >"$T/ten"
for p in dp-embed dp-search; do
	rm -f "$T/rej"
	start=$(date +%s%N)
	if [ $p = dp-embed ]; then
		dp-embed --provider openai --base-url "$url" --timeout 1 --max-retries 1 \
			--batch-size 4 --rejects "$T/rej" <"$T/ten" >"$T/out" 2>"$T/err"
	else
		dp-search --provider openai --base-url "$url" --timeout 1 --max-retries 1 \
			query <"$T/small.emb" >"$T/out" 2>"$T/err"
	fi
	st=$?
	ms=$(ms_since "$start")
	expect_eq "$p, silent server: exit 4" "$st" 4
	if [ "$ms" -lt 10000 ]; then ok "$p, silent server: gave up in ${ms} ms"
	else fail "$p, silent server: gives up within 10 s" "${ms} ms"; fi
	expect_eq "$p, silent server: nothing on stdout" "$(wc -c <"$T/out")" 0
	grep -q "timed out" "$T/err" && ok "$p, silent server: says it timed out" ||
		fail "$p, silent server: says it timed out" "'$(head -c 300 "$T/err")'"
	if grep -q -- "$OPENAI_API_KEY" "$T/err" "$T/out" "$T/rej" 2>/dev/null; then
		fail "$p, silent server: key hidden" "the key is printed"
	else ok "$p, silent server: key hidden"; fi
	if [ $p = dp-embed ]; then
		# Not lost silently: the count is on stderr; not data errors,
		# so nothing in the rejects.
		grep -q "10 records not written" "$T/err" &&
			ok "dp-embed, silent server: says 10 records not written" ||
			fail "dp-embed, silent server: says how many records are not written" \
				"'$(head -c 300 "$T/err")'"
		expect_eq "dp-embed, silent server: no reject" "$(cat "$T/rej" 2>/dev/null)" ""
	fi
done
