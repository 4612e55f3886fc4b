# --progress on every program (dp(7), PROGRESS): records and bytes
# counted right, the output unchanged, plain periodic lines when stderr
# is not a terminal, and on a terminal one shared block of lines per
# pipeline that messages and finished programs' last lines never draw
# over; the block's file is private and goes away.
. "$DP_TOP/tests/lib.sh"

ex=$DP_TOP/examples/data
export TMPDIR="$T/tmp"
mkdir -p "$TMPDIR"

dp-load-json "$ex/properties_sample.json" >"$T/p.nd"
n_props=$(wc -l <"$T/p.nd")
i=0
while [ $i -lt 200 ]; do cat "$T/p.nd"; i=$((i + 1)); done >"$T/big.nd"
n_big=$(wc -l <"$T/big.nd")
size_big=$(wc -c <"$T/big.nd")

# shape FILE: its last line, each number turned into N.
shape() { tail -n 1 "$1" | sed -E 's/[0-9]+/N/g'; }

# ---- the final line of each program counts what it read --------------------
dp-enrich --progress "$T/big.nd" >"$T/out" 2>"$T/err"
expect_eq "dp-enrich: last line counts the records and bytes read" \
	"$(tail -n 1 "$T/err" | sed -E 's/ \(.*//')" "dp-enrich: $n_big records"
expect_eq "dp-enrich: last line's shape" "$(shape "$T/err")" \
	"dp-enrich: N records (N/s), N.N MB (N.N MB/s) in N.Ns"
dp-enrich "$T/big.nd" >"$T/out.plain" 2>/dev/null
expect_eq "dp-enrich --progress writes the same records" \
	"$(cksum <"$T/out")" "$(cksum <"$T/out.plain")"
mb=$(awk -v n="$size_big" 'BEGIN { printf "%.1f MB", n / 1e6 }')
case $(tail -n 1 "$T/err") in
*", $mb ("*) ok "dp-enrich: bytes read are the file's ($mb)" ;;
*) fail "dp-enrich: bytes read" "$(tail -n 1 "$T/err"), want $mb" ;;
esac

# Programs that read their input twice count each record once.
dp-enrich "$T/p.nd" 2>/dev/null | dp-embed -d 8 2>/dev/null >"$T/emb.nd"
dp-to-parquet --progress --schema infer -o "$T/inferred" "$T/emb.nd" >/dev/null 2>"$T/err"
expect_eq "dp-to-parquet --schema infer: each record counted once" \
	"$(grep -- '-parquet: .* records (' "$T/err" | tail -n 1 | sed -E 's/ \(.*//')" \
	"dp-to-parquet: $n_props records"
id=$(head -n 1 "$T/emb.nd" | jq -r .entity_id)
dp-search --progress --like "$id" "$T/emb.nd" >/dev/null 2>"$T/err"
expect_eq "dp-search --like (two passes): each record counted once" \
	"$(tail -n 1 "$T/err" | sed -E 's/ \(.*//')" "dp-search: $n_props records"
head -n 1 "$T/p.nd" | dp-enrich --progress >/dev/null 2>"$T/err"
expect_eq "one record: 'record'" "$(tail -n 1 "$T/err" | sed -E 's/ \(.*//')" "dp-enrich: 1 record"

gzip -c "$T/big.nd" >"$T/big.nd.gz"
gz=$(awk -v n="$(wc -c <"$T/big.nd.gz")" 'BEGIN { printf "%.1f kB", n / 1e3 }')
dp-chunk --progress "$T/big.nd.gz" >/dev/null 2>"$T/err"
case $(tail -n 1 "$T/err") in
"dp-chunk: $n_big records ("*", $gz ("*) ok "dp-chunk: a gzip file counts its compressed bytes ($gz)" ;;
*) fail "dp-chunk: compressed bytes" "$(tail -n 1 "$T/err"), want $gz" ;;
esac

dp-load-json --progress "$ex/properties_sample.json" "$ex/properties_sample.json" \
	>"$T/out" 2>"$T/err"
expect_eq "dp-load-json: counts records loaded from two files" \
	"$(tail -n 1 "$T/err" | sed -E 's/ \(.*//')" "dp-load-json: $((2 * n_props)) records"
dp-load-csv --progress --type property - >"$T/out" 2>"$T/err" <<'EOF'
id,price
1,10
2,20
3,30
EOF
expect_eq "dp-load-csv: counts rows from stdin" \
	"$(tail -n 1 "$T/err" | sed -E 's/ \(.*//')" "dp-load-csv: 3 records"
sqlite3 "$T/db.sqlite" 'CREATE TABLE t (id INTEGER, name TEXT);
	INSERT INTO t VALUES (1, "a"), (2, "b");'
dp-load-sqlite --progress --table t --type property "$T/db.sqlite" >/dev/null 2>"$T/err"
expect_eq "dp-load-sqlite: records only, no bytes" "$(shape "$T/err")" \
	"dp-load-sqlite: N records (N/s) in N.Ns"
expect_eq "dp-load-sqlite: 2 records" \
	"$(tail -n 1 "$T/err" | sed -E 's/ \(.*//')" "dp-load-sqlite: 2 records"

dp-enrich "$T/big.nd" 2>/dev/null >"$T/enriched.nd"
dp-embed -d 16 --progress "$T/enriched.nd" >"$T/emb.nd" 2>"$T/err"
expect_eq "dp-embed: the embedder's counts after a semicolon" \
	"$(tail -n 1 "$T/err" | sed -E 's/^.*; //')" \
	"$n_big out, 0 in flight, 0 requests, 0 retries, 0 cached"
dp-to-parquet --progress -o "$T/ds" "$T/emb.nd" 2>"$T/err"
expect_eq "dp-to-parquet: its summary, then the progress line" \
	"$(sed -E 's/ \(.*//; s/[0-9]+ bytes/B bytes/' "$T/err")" \
	"dp-to-parquet: $n_big rows in 1 file, B bytes written to $T/ds
dp-to-parquet: $n_big records"
dp-load-parquet --progress "$T/ds" >"$T/out" 2>"$T/err"
expect_eq "dp-load-parquet: counts the rows written" \
	"$(tail -n 1 "$T/err" | sed -E 's/ \(.*//')" "dp-load-parquet: $n_big records"
dp-load-parquet "$T/ds" >"$T/out.plain"
expect_eq "dp-load-parquet --progress writes the same records" \
	"$(cksum <"$T/out")" "$(cksum <"$T/out.plain")"
dp-search --progress -k 2 -f entity_id "a house" "$T/ds" >/dev/null 2>"$T/err"
expect_eq "dp-search on Parquet: counts the rows scored" \
	"$(tail -n 1 "$T/err" | sed -E 's/ \(.*//')" "dp-search: $n_big records"

# ---- not a terminal: plain periodic lines -------------------------------------
# A slow reader downstream holds dp-enrich back, so it reports on the
# way: with a percentage and an ETA, as its input is a file.
DP_PROGRESS_INTERVAL=0.2 dp-enrich --progress "$T/big.nd" 2>"$T/err" |
	{ sleep 1; cat >/dev/null; }
lines=$(wc -l <"$T/err")
if [ "$lines" -ge 2 ] && ! grep -q "$(printf '\r')" "$T/err"; then
	ok "not a terminal: $lines plain lines"
else
	fail "not a terminal: plain periodic lines" "$(cat -v "$T/err")"
fi
expect_eq "not a terminal: a periodic line's shape" \
	"$(head -n 1 "$T/err" | sed -E 's/[0-9]+/N/g; s/(k|M)B/B/g')" \
	"dp-enrich: N records (N/s), N.N B (N.N B/s), N.Ns, N%, ETA N.Ns"
# From a pipe, the size is unknown: no percentage, no ETA.
{ head -n 100 "$T/big.nd"; sleep 0.7; tail -n 100 "$T/big.nd"; } |
	DP_PROGRESS_INTERVAL=0.2 dp-enrich --progress >/dev/null 2>"$T/err"
expect_eq "from a pipe: no percentage or ETA" \
	"$(head -n 1 "$T/err" | sed -E 's/[0-9]+/N/g')" \
	"dp-enrich: N records (N/s), N.N kB (N.N kB/s), N.Ns"

# ---- a terminal: one block for the pipeline -------------------------------------
if ! command -v script >/dev/null || ! command -v node >/dev/null; then
	skip "progress on a terminal" "script(1) or node missing"
	exit 0
fi
# norm: each number turned into N, each kB, MB or GB into B.
norm() { sed -E 's/[0-9]+/N/g; s/[kMG]B/B/g'; }
screen() { sed '1d;$d' "$1" | node "$DP_TOP/tests/npm/screen.mjs"; }
# on_tty CMD: run the shell command CMD on a pseudo-terminal; its
# terminal output is in $T/tty.  The shell is pinned: script(1) takes
# $SHELL, which CI may leave unset (sh) where a developer has bash.
on_tty() { SHELL=/bin/sh script -qec "$1" "$T/tty" >/dev/null 2>&1; }

cat >"$T/feed" <<EOF
head -n 2000 "$T/big.nd"; echo '{bad'; sleep 0.7; sed -n 2001,4000p "$T/big.nd"
EOF
on_tty "sh '$T/feed' | dp-enrich --progress --keep-going |
	dp-chunk --progress | dp-embed -d 8 --progress >'$T/tty.out'"
expect_eq "terminal: the screen at the end: the message, then each last line" \
	"$(screen "$T/tty" | norm)" \
	"dp-enrich: <stdin>:N: invalid JSON at column N: string or '}' expected near 'bad' (record rejected)
dp-enrich: N records (N/s), N.N B (N.N B/s) in N.Ns
dp-enrich: N record rejected (use --rejects FILE to keep them)
dp-chunk: N records (N/s), N.N B (N.N B/s) in N.Ns
dp-embed: N records (N/s), N.N B (N.N B/s) in N.Ns; N out, N in flight, N requests, N retries, N cached"
if grep -q "$(printf '\033\\[2A')" "$T/tty"; then
	ok "terminal: the three programs' lines were drawn as one block"
else
	fail "terminal: one block" "no 3-line redraw in $(cat -v "$T/tty" | head -c 400)"
fi
expect_eq "terminal: the records are all there" "$(wc -l <"$T/tty.out")" \
	"$(dp-chunk <"$T/big.nd" 2>/dev/null | head -n 4000 | wc -l)"
expect_eq "terminal: the board's file is gone" "$(ls "$TMPDIR")" ""

# Records a dp program writes to the terminal go above the block.
head -n 5 "$T/p.nd" | dp-enrich 2>/dev/null | dp-chunk >"$T/chunks" 2>/dev/null
on_tty "{ head -n 3 '$T/p.nd'; sleep 0.5; sed -n 4,5p '$T/p.nd'; } |
	dp-enrich --progress | dp-chunk --progress"
expect_eq "terminal: records printed on it stay whole, in order" \
	"$(screen "$T/tty" | grep '^{' | jq -c '[.chunk_id, .chunk_text]' | cksum)" \
	"$(jq -c '[.chunk_id, .chunk_text]' "$T/chunks" | cksum)"

# A program killed (-9) leaves a line behind that the others drop.
on_tty "sleep 3 | dp-enrich --progress >/dev/null & sleep 0.5; kill -9 \$!; sleep 0.2;
	{ head -n 10 '$T/big.nd'; sleep 0.5; } | dp-chunk --progress >/dev/null"
expect_eq "terminal: a killed program's line is dropped" \
	"$(screen "$T/tty" | norm)" \
	"dp-chunk: N records (N/s), N.N B (N.N B/s) in N.Ns"
expect_eq "terminal: and the file is gone after the last one" "$(ls "$TMPDIR")" ""

# No usable place for the board: plain lines on the terminal.
on_tty "TMPDIR=/nonexistent dp-enrich --progress '$T/p.nd' >/dev/null"
expect_eq "terminal without a board: a plain last line" \
	"$(screen "$T/tty" | norm)" \
	"dp-enrich: N records (N/s), N.N B (N.N B/s) in N.Ns"

# The board's name is known in advance: a symbolic link planted there
# is not followed, and a file that is not private is not used.
cat >"$T/plant" <<'EOF'
set -- $(stat -L -c '%t %T' /proc/self/fd/2)
rdev=$(printf '%x' $(( (0x$1 << 8) | 0x$2 )))
pgid=$(ps -o pgid= $$ | tr -d ' ')
name="$TMPDIR/dp-progress-$(id -u)-$rdev-$pgid"
case $MODE in
link) ln -s "$TARGET" "$name" ;;
open) : >"$name"; chmod 644 "$name" ;;
esac
dp-enrich --progress "$INPUT" >/dev/null
ls -l "$name" | cut -c1-10
EOF
echo "precious" >"$T/target"
on_tty "MODE=link TARGET='$T/target' INPUT='$T/p.nd' sh '$T/plant'"
expect_eq "a planted link: not followed" "$(cat "$T/target")" "precious"
expect_eq "a planted link: plain lines instead" \
	"$(screen "$T/tty" | norm)" \
	"dp-enrich: N records (N/s), N.N B (N.N B/s) in N.Ns
lrwxrwxrwx"
rm -f "$TMPDIR"/dp-progress-*
on_tty "MODE=open INPUT='$T/p.nd' sh '$T/plant'"
expect_eq "a board file others can read: not used" \
	"$(screen "$T/tty" | norm)" \
	"dp-enrich: N records (N/s), N.N B (N.N B/s) in N.Ns
-rw-r--r--"

# A pipeline cut short: `| head` (SIGPIPE) and a SIGTERM leave the
# terminal clean and no board file behind.
rm -f "$TMPDIR"/dp-progress-*
on_tty "dp-enrich --progress '$T/big.nd' | head -c 10 >/dev/null"
expect_eq "| head: the block is taken off the terminal" "$(screen "$T/tty")" ""
expect_eq "| head: no board file left" "$(ls "$TMPDIR")" ""
on_tty "sleep 5 | dp-enrich --progress & sleep 0.5; kill -TERM \$!; wait \$! 2>/dev/null; echo status \$?"
expect_eq "SIGTERM: the block is taken off, the status is 143" "$(screen "$T/tty")" "status 143"
expect_eq "SIGTERM: no board file left" "$(ls "$TMPDIR")" ""
on_tty "sleep 5 | dp-to-parquet --progress -o '$T/killed' & sleep 0.5; kill -TERM \$!; wait \$! 2>/dev/null; echo status \$?"
expect_eq "SIGTERM to dp-to-parquet (its own handler): the same" \
	"$(screen "$T/tty"; ls "$TMPDIR")" "status 143"
