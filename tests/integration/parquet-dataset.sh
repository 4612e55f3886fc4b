# dp-to-parquet: dataset modes, atomic files, reproducible bytes,
# partition collisions, bad records, the summary.
. "$DP_TOP/tests/lib.sh"
. "$DP_TOP/tests/npm/parquet-lib.sh"

rec() {	# rec ID [EXTRA_JSON]: a minimal unified record
	printf '{"entity_id":"%s","entity_type":"PROPERTY","content_hash":"h","ingested_at":"2026-11-25T11:42:30Z"%s}\n' "$1" "${2:-}"
}
for i in 1 2 3; do rec "r$i" ",\"price\":$i.5,\"state_normalized\":\"Utah\""; done >"$T/three.ndjson"
parquets() { find "$1" -name '*.parquet' 2>/dev/null | sort; }

# Reproducible: the same input gives the same names and bytes.
dp-to-parquet -o "$T/rep1" "$T/three.ndjson" 2>/dev/null
dp-to-parquet -o "$T/rep2" "$T/three.ndjson" 2>/dev/null
expect_eq "same input, same file names" \
	"$(cd "$T/rep1" && ls)" "$(cd "$T/rep2" && ls)"
f1=$(parquets "$T/rep1"); f2=$(parquets "$T/rep2")
expect_eq "same input, same bytes" "$(cmp "$f1" "$f2" && echo same)" same
if command -v xxhsum >/dev/null 2>&1; then
	expect_eq "file named after its XXH3-128" "$(basename "$f1")" \
		"part-$(xxhsum -H2 "$f1" 2>/dev/null | cut -c1-32).parquet"
else
	skip "file named after its XXH3-128" "no xxhsum (the unit test checks the hash)"
fi

# --mode error refuses a non-empty directory, before reading anything.
dp-to-parquet -o "$T/rep1" "$T/three.ndjson" 2>"$T/err"
expect_eq "--mode error: non-empty PATH is exit 2" "$?" 2
expect_eq "--mode error: message" "$(cat "$T/err")" \
	"dp-to-parquet: $T/rep1: the dataset directory is not empty (use --mode append or --mode overwrite)"
mkdir "$T/emptydir"
dp-to-parquet -o "$T/emptydir" "$T/three.ndjson" 2>/dev/null
expect_eq "--mode error: an empty directory is fine" "$?:$(ls "$T/emptydir" | wc -l)" "0:2"
touch "$T/afile"
expect_status "a file as PATH is exit 2" 2 dp-to-parquet -o "$T/afile" "$T/three.ndjson"

# --mode append adds files beside the others; the same data twice keeps
# both copies (the second name gets a suffix).
dp-to-parquet --mode append -o "$T/app" "$T/three.ndjson" 2>/dev/null
rec r4 >"$T/one.ndjson"
dp-to-parquet --mode append -o "$T/app" "$T/one.ndjson" 2>/dev/null
dp-to-parquet --mode append -o "$T/app" "$T/one.ndjson" 2>/dev/null
expect_eq "--mode append: three files" "$(parquets "$T/app" | wc -l)" 3
expect_eq "--mode append: a suffix for a same-content file" \
	"$(parquets "$T/app" | grep -c -- '-2\.parquet$')" 1
expect_eq "--mode append: no _SUCCESS" "$(ls "$T/app" | grep -c _SUCCESS)" 0
expect_eq "--mode append: no staging left" "$(ls -A "$T/app" | grep -c '^\.')" 0
cat "$T/three.ndjson" "$T/one.ndjson" "$T/one.ndjson" >"$T/app.ndjson"
readers_agree "--mode append" "$T/app.ndjson" "$T/app"

# --mode overwrite replaces the dataset whole.
dp-to-parquet --mode overwrite -o "$T/app" "$T/one.ndjson" 2>/dev/null
expect_eq "--mode overwrite: one file and _SUCCESS" \
	"$(ls "$T/app" | sed 's/part-.*/part/' | tr '\n' ' ')" "_SUCCESS part "
expect_eq "--mode overwrite: nothing left beside" \
	"$(ls -A "$T" | grep -c '^\.app')" 0
readers_agree "--mode overwrite" "$T/one.ndjson" "$T/app"

# A run stopped by SIGTERM removes its staging files; one killed with
# SIGKILL leaves nothing a reader would pick up.
for sig in TERM KILL; do
	rm -rf "$T/sig"
	{ cat "$T/three.ndjson"; sleep 3; cat "$T/one.ndjson"; } |
		dp-to-parquet --row-group-size 1 -o "$T/sig/data" 2>/dev/null &
	sleep 1
	pid=$(pgrep -n -f "dp-to-parquet --row-group-size 1 -o $T/sig/data")
	[ -n "$pid" ] && kill -"$sig" "$pid"
	wait 2>/dev/null
	expect_eq "SIG$sig: no dataset file visible" "$(parquets "$T/sig/data" | wc -l)" 0
	if [ "$sig" = TERM ]; then
		expect_eq "SIGTERM: staging removed" "$(ls -A "$T/sig" 2>/dev/null | wc -l)" 0
	fi
done

# Partition values differing only in case: an error naming both, and
# nothing written.
{ rec a ',"state_normalized":"California"'; rec b ',"state_normalized":"Utah"'
  rec c ',"state_normalized":"california"'; } >"$T/case.ndjson"
dp-to-parquet --partition-by state_normalized -o "$T/case" "$T/case.ndjson" 2>"$T/err"
expect_eq "case collision: exit 1" "$?" 1
expect_eq "case collision: message" "$(cat "$T/err")" \
	"dp-to-parquet: partition directories 'state_normalized=California' and 'state_normalized=california' differ only in letter case and would be one directory on a case-insensitive file system: nothing written"
expect_eq "case collision: nothing written" "$(ls -A "$T" | grep -c case$)" 0

# Bad records: with --keep-going they go to --rejects, the rest is
# written.
{ rec g1; rec b1 ',"price":"12.00"'; rec b2 ',"price":12345678901'
  rec g2 ',"price":1.005'; echo '{"entity_id":"b3"}'; echo 'not json'
  rec b4 ',"ingested_at":"2026-11-25 11:42:30"' | sed 's/"ingested_at":"2026-11-25T11:42:30Z",//'
  rec b5 ',"features":["a",1,{"b":2}],"embedding":[1,null]'; } >"$T/bad.ndjson"
dp-to-parquet --rejects "$T/rejects" -o "$T/bad" "$T/bad.ndjson" 2>"$T/err"
expect_eq "--rejects: exit 0" "$?" 0
expect_eq "--rejects: lines and errors" "$(jq -r '"\(.line) \(.error)"' "$T/rejects")" \
"2 field 'price': expected a number for decimal(12,2), got a string
3 field 'price': 12345678901 is out of range for decimal(12,2)
5 field 'entity_type' is required but missing
6 invalid JSON at column 3: '[' or '{' expected near 'not'
7 field 'ingested_at': timestamp without a UTC offset (Z or +HH:MM): '2026-11-25 11:42:30'
8 field 'embedding': element 1 is null, but the list's elements may not be"
expect_eq "--rejects: the rest written" "$(tail -1 "$T/err" | sed 's/, [0-9]* bytes.*//')" \
	"dp-to-parquet: 6 records rejected, written to $T/rejects"
grep -E '"entity_id":"g' "$T/bad.ndjson" >"$T/good.ndjson"
readers_agree "--keep-going" "$T/good.ndjson" "$T/bad"

# Unknown fields: one warning per name; --strict makes them errors.
{ rec u1 ',"zzz":1,"yyy":2'; rec u2 ',"zzz":3'; } >"$T/unknown.ndjson"
dp-to-parquet -o "$T/unk" "$T/unknown.ndjson" 2>"$T/err"
expect_eq "unknown fields: warned once each" "$(grep -c 'not in the schema' "$T/err")" 2
dp-to-parquet --strict -o "$T/unk2" "$T/unknown.ndjson" 2>"$T/err"
expect_eq "--strict: exit 1" "$?" 1
expect_eq "--strict: message" "$(sed "s|$T/||" "$T/err")" \
	"dp-to-parquet: unknown.ndjson:1: field 'zzz' is not in the schema"
expect_eq "--strict: nothing written" "$(ls -A "$T" | grep -c unk2)" 0

# The summary: rows, files and bytes per partition and in total.
{ rec s1 ',"state_normalized":"Utah"'; rec s2 ',"state_normalized":"Utah"'; rec s3; } >"$T/sum.ndjson"
dp-to-parquet --partition-by state_normalized -o "$T/sum" "$T/sum.ndjson" 2>"$T/err"
expect_eq "summary" "$(sed 's/[0-9]* bytes/N bytes/; s|'"$T"'/||' "$T/err")" \
"dp-to-parquet: state_normalized=Utah: 2 rows, 1 file, N bytes
dp-to-parquet: state_normalized=__HIVE_DEFAULT_PARTITION__: 1 row, 1 file, N bytes
dp-to-parquet: 3 rows in 2 files (2 partitions), N bytes written to sum"
