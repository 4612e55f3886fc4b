# Messages cannot be turned against the user: what a record, a field
# name or a file name holds (escape sequences, C1 controls, newlines,
# bytes that are not UTF-8) is written as escapes, one line a message;
# and a program started with standard error closed does not write its
# messages into the first file it opens (--rejects, a dataset's lock).
# (dp(7) ERROR HANDLING.)
. "$DP_TOP/tests/lib.sh"

# clean FILE: 1 when the file has no control byte but newline and tab,
# no C1 control (UTF-8 C2 80..C2 9F) and no byte that is not UTF-8.
clean() {
	LC_ALL=C grep -qP '[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]' "$1" && { echo 0; return; }
	iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1 && echo 1 || echo 0
}

# a record that is not JSON, starting with an escape sequence
printf '\033]0;TITLE\007\033[2J{"a":1}\n' >"$T/esc.ndjson"
dp-enrich --keep-going "$T/esc.ndjson" >/dev/null 2>"$T/err"
expect_eq "invalid JSON quoted: escapes, not the bytes" "$(clean "$T/err")" 1
grep -q "near '\\\\x1B'" "$T/err" &&
	ok "invalid JSON quoted: ESC as \\x1B" ||
	fail "invalid JSON quoted: as \\x1B" "$(cat -v "$T/err" | head -c 300)"

# C1 controls (U+009B is CSI) in a string that is quoted
printf '{"entity_type":"X\\u009b2J","entity_id":"a"}\n' | dp-enrich >/dev/null 2>"$T/err"
expect_eq "a C1 control in entity_type: escaped" "$(clean "$T/err")" 1
grep -q "'X\\\\u009B2J'" "$T/err" && ok "a C1 control: as \\u009B" ||
	fail "a C1 control: as \\u009B" "$(cat -v "$T/err" | head -c 300)"

# a field name with an escape and a newline that forges a line
printf '{"a":1,"evil\\u001b[2J\\ndp-to-parquet: all good":2}\n' >"$T/names.ndjson"
printf 'a int64\n' >"$T/a.schema"
dp-to-parquet --schema "$T/a.schema" -o "$T/ds" "$T/names.ndjson" 2>"$T/err"
expect_eq "a field name in dp-to-parquet's warning: escaped" "$(clean "$T/err")" 1
expect_eq "a field name with a newline: no forged line" \
	"$(grep -c '^dp-to-parquet: all good' "$T/err")" 0

# a file name in a dataset directory, and bytes that are not UTF-8
mkdir "$T/pq"
printf 'x' >"$T/pq/evil$(printf '\033[2J\377')x.parquet"
dp-load-parquet "$T/pq" >/dev/null 2>"$T/err"
expect_eq "a file name read from a directory: escaped" "$(clean "$T/err")" 1
grep -q 'evil\\x1B\[2J\\xFFx.parquet' "$T/err" && ok "a file name: as \\x1B and \\xFF" ||
	fail "a file name: escaped" "$(cat -v "$T/err" | head -c 300)"

# a usage error quoting an argument
dp-enrich --locations "$(printf 'a\033[2Jb')" </dev/null >/dev/null 2>"$T/err"
expect_eq "a usage error quoting an argument: escaped" "$(clean "$T/err")" 1

# ---- standard error closed ------------------------------------------------------------
printf '{"listing_id":"a"}\n[1]\n' >"$T/bad.ndjson"
dp-enrich --progress --rejects "$T/rej.ndjson" "$T/bad.ndjson" >/dev/null 2>&-
expect_eq "stderr closed: the rejects file holds the two rejects, nothing else" \
	"$(jq -c .error "$T/rej.ndjson" 2>&1 | wc -l):$(jq -e . "$T/rej.ndjson" >/dev/null 2>&1; echo $?)" "2:0"
printf '{"a":1}\n{"a":"x"}\n' | dp-to-parquet --schema "$T/a.schema" --keep-going \
	--rejects "$T/rej2.ndjson" -o "$T/ds2" 2>&-
expect_eq "stderr closed: dp-to-parquet's rejects file is NDJSON" \
	"$(jq -c .error "$T/rej2.ndjson" 2>&1 | wc -l):$(jq -e . "$T/rej2.ndjson" >/dev/null 2>&1; echo $?)" "1:0"
expect_eq "stderr closed: dp-to-parquet's dataset is whole" \
	"$(dp-load-parquet "$T/ds2")" '{"a":1}'
dp-enrich --rejects "$T/rej3.ndjson" "$T/bad.ndjson" >/dev/null <&- 2>&-
expect_eq "stdin and stderr closed: the rejects file is NDJSON" \
	"$(jq -e . "$T/rej3.ndjson" >/dev/null 2>&1; echo $?)" 0
