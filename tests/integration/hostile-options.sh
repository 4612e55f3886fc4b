# Hostile option values (issue 10, item 1). Every option of every
# program, as its --help lists them, is classified below; an option this
# test does not know is a failure. Numeric options get huge (2^63-1,
# 2^63, 1e400), negative, 2^32, 2^32+1, 2^64+1, empty, non-numeric
# ("abc", "12abc", " 5", "0x10", "nan", "inf") and 10 KB values;
# field-path options empty, 10 KB and 10 KB paths that exist in the
# data, and what dp(7)'s FIELD PATHS refuses (bad escapes, past the
# bounds); file-path options a missing file, a directory, /dev/full, a
# 10 KB name and an empty name; other text options empty and 10 KB
# values. Each run must end in a usage error (2), an I/O error (3), or
# the right answer (the output of the same run with a plain equivalent
# value): never a crash, exit 5, a sanitizer report, or a value taken
# as another one. Runs under whichever build $DP_BIN is (the runner
# passes bin and build/san/bin).
. "$DP_TOP/tests/lib.sh"

LLMAX=9223372036854775807
opt=	# the option a usage error must name, when set
long=$(head -c 10240 /dev/zero | tr '\0' k)
long2=$(head -c 10240 /dev/zero | tr '\0' m)
VALUES=("$LLMAX" 9223372036854775808 1e400 -1 4294967296 4294967297
	18446744073709551617 "" abc 12abc " 5" 0x10 nan inf "$long")

# ---- fixtures -----------------------------------------------------------
cd "$T" || exit 1
cat >rec.ndjson <<'EOF'
{"entity_id":"p1","entity_type":"PROPERTY","embedding_text":"One small house. It has a garden and two rooms.","n":1}
{"entity_id":"p2","entity_type":"PROPERTY","embedding_text":"A flat by the sea, with a view of the harbour.","n":2}
{"entity_id":"p3","entity_type":"PROPERTY","embedding_text":"Farm land with a barn; quiet roads and old trees.","n":3}
EOF
# one good record, then one that every record-reading program rejects
{ head -1 rec.ndjson; echo '{"entity_id":'; } >bad.ndjson
cat >loader.ndjson <<'EOF'
{"listing_id":"L1","entity_type":"PROPERTY","address":{"city":"SF","state":"CA"},"listing_price":100000,"property_details":{"bedrooms":2,"square_feet":800}}
{"neighborhood_id":"N1","entity_type":"NEIGHBORHOOD","name":"Mission","city":"San Francisco","state":"CA","description":"Sunny."}
EOF
printf 'a,b\n1,x\n2,y\n3,z\n' >in.csv
printf 'a,b\n1,x\n2\n' >bad.csv
echo '[{"a":1},{"a":2},{"a":3}]' >in.json
sqlite3 in.db "CREATE TABLE t (a INTEGER, b TEXT); INSERT INTO t VALUES (1,'x'),(2,'y'),(3,'z');
CREATE TABLE j (a INTEGER, b TEXT); INSERT INTO j VALUES (1,'[1]'),(2,'not json');" ||
	{ fail "fixtures" "sqlite3 failed"; exit 0; }
dp-embed <rec.ndjson >emb.ndjson 2>/dev/null || { fail "fixtures" "dp-embed failed"; exit 0; }
dp-to-parquet --schema infer -o recds rec.ndjson 2>/dev/null && cp recds/*.parquet rec.parquet ||
	{ fail "fixtures" "dp-to-parquet failed"; exit 0; }
head -c 100 rec.parquet >bad.parquet
mkdir adir
echo 'sk-test-key-0123456789' >key.txt

# ---- running ------------------------------------------------------------

# Run one program in its context (its input and required operands),
# with the extra arguments given; output in $T/out, stderr in $T/err,
# status in $st. dp-to-parquet (--schema infer: the records are not
# unified ones) writes $T/ds, fresh each run, and its stdout gets the
# list of the dataset's files, whose names are hashes of their bytes.
ctx() {
	local p=$1
	shift
	case $p in
	dp-chunk) dp-chunk "$@" <rec.ndjson ;;
	dp-embed) dp-embed "$@" <rec.ndjson ;;
	dp-enrich) dp-enrich "$@" <loader.ndjson ;;
	dp-load-csv) dp-load-csv "$@" in.csv ;;
	dp-load-json) dp-load-json "$@" in.json ;;
	dp-load-parquet) dp-load-parquet "$@" rec.parquet ;;
	dp-load-sqlite) dp-load-sqlite "$@" in.db --table t ;;
	dp-search) dp-search "$@" house emb.ndjson ;;
	dp-to-parquet)
		rm -rf ds
		dp-to-parquet -o ds --schema infer "$@" <rec.ndjson
		local s=$?
		[ -d ds ] && (cd ds && find . -type f | sort)
		return $s ;;
	esac
}

# The same, on input holding one bad record (for --rejects).
ctx_bad() {
	local p=$1
	shift
	case $p in
	dp-chunk | dp-embed | dp-enrich | dp-search)
		[ $p = dp-search ] && set -- "$@" house
		$p "$@" <bad.ndjson ;;
	dp-load-csv) dp-load-csv "$@" bad.csv ;;
	dp-load-json) dp-load-json "$@" bad.ndjson ;;
	dp-load-parquet) dp-load-parquet "$@" bad.parquet ;;
	dp-load-sqlite) dp-load-sqlite "$@" in.db --table j --json-columns b ;;
	dp-to-parquet) rm -rf ds; dp-to-parquet -o ds --schema infer "$@" <bad.ndjson ;;
	esac
}

# run FN ARGS...: call FN with ARGS, capturing out, err and st.
run() {
	"$@" >"$T/out" 2>"$T/err"
	st=$?
}

# A crash: a signal, exit 5, or any sanitizer report.
crashed() {
	[ $st -ge 128 ] || [ $st = 5 ] ||
		grep -q 'Sanitizer\|runtime error:\|LeakSanitizer' "$T/err"
}

# The value as a check name shows it.
show() {
	if [ ${#1} -gt 40 ]; then echo "<${#1} bytes>"; else echo "'$1'"; fi
}

# expect NAME WANT: WANT is a status pattern such as 2, "2|3" or 0;
# fails on a crash whatever WANT says. A usage error must name `opt`.
expect() {
	local name=$1 want=$2
	if crashed; then
		fail "$name" "crashed (status $st): $(grep -m1 -a 'ERROR\|runtime error\|Sanitizer' "$T/err" | head -c 200)"
		return 1
	fi
	if ! [[ $st =~ ^($want)$ ]]; then
		fail "$name" "status $st, expected $want: $(head -c 300 "$T/err")"
		return 1
	fi
	if [ $st = 2 ] && [ -n "$opt" ] && ! grep -q -- "$opt" "$T/err"; then
		fail "$name" "the usage error does not name $opt: $(head -c 300 "$T/err")"
		return 1
	fi
	return 0
}

# expect_same NAME ACTUAL EXPECTED: expect_eq for long texts (a
# failure shows their lengths and starts).
expect_same() {
	if [ "$2" = "$3" ]; then ok "$1"; else
		fail "$1" "expected ${#3} bytes '$(printf %s "$3" | head -c 60)...', got ${#2} bytes '$(printf %s "$2" | head -c 60)...'"
	fi
}

# Is the decimal text v a plain integer from lo to hi (both plain
# non-negative decimal texts)?
le() {	# le A B: A <= B for plain non-negative decimal texts
	[ ${#1} -lt ${#2} ] || { [ ${#1} = ${#2} ] && [[ ! $1 > $2 ]]; }
}
in_range() {
	[[ $1 =~ ^(0|[1-9][0-9]*)$ ]] && le "$2" "$1" && le "$1" "$3"
}

# ---- the options ----------------------------------------------------------
#
# "PROG OPTION KIND ARGS": KIND is
#   int MIN MAX REF   an integer from MIN to MAX; in-range values must
#                     give REF's output
#   dbl               a number: every hostile value is out of range
#   enum              one of a fixed set of words
#   field WHAT        a field name or path (WHAT: how it is checked)
#   in                an input file
#   out               an output file
#   text WHAT         free text (WHAT: how it is checked)
#   flag              no value
COMMON="
	--progress flag
	--keep-going flag
	--rejects out
	--max-rejects int 0 $LLMAX 1000000
	--unbuffered flag
	--progress flag
	--help flag
	--version flag"
PROVIDER="
	--provider enum
	--model text model
	--dimensions int 1 65536 0
	--base-url text base-url
	--input-type enum
	--prefix text prefix
	--max-retries int 0 100 0
	--timeout dbl
	--cache out
	--api-key-file in"
declare -A KNOWN
KNOWN[dp-chunk]="
	--field field chunk-field
	--strategy enum
	--size int 1 $LLMAX 1000000
	--overlap int 0 199 0
	--unit enum
	--breakpoint-percentile dbl
	--id-field field chunk-id $COMMON"
KNOWN[dp-embed]="$PROVIDER
	--field field embed-field
	--batch-size int 1 100000 0
	--max-batch-tokens int 1 1000000000 0
	--concurrency int 1 1024 0
	--skip-existing flag
	--dry-run flag
	--max-requests int 0 $LLMAX 1000000
	--max-tokens int 0 $LLMAX 1000000000 $COMMON"
KNOWN[dp-enrich]="
	--locations in
	--neighborhoods in
	--city-map in
	--state-map in
	--min-quality dbl
	--id-field field enrich-id $COMMON"
KNOWN[dp-load-csv]="
	--delimiter text delimiter
	--no-header flag
	--types enum
	--type text type
	--limit int 0 $LLMAX 1000000 $COMMON"
KNOWN[dp-load-json]="
	--type text type
	--limit int 0 $LLMAX 1000000
	--path field json-path $COMMON"
KNOWN[dp-load-sqlite]="
	--table text table
	--query text query
	--param text param
	--preset enum
	--json-columns field json-columns
	--limit int 0 $LLMAX 1000000
	--type text type $COMMON"
KNOWN[dp-search]="
	--top int 0 $LLMAX 1000
	--fields field fields
	--like text like
	--threads int 1 2 1 $PROVIDER $COMMON"
# dp-load-parquet has no bad records: --rejects is never written (a
# damaged file ends the run, exit 1), so it is not checked as an output.
KNOWN[dp-load-parquet]="
	--columns field columns
	--limit int 0 $LLMAX 1000000
	--keep-going flag
	--rejects text never-written
	--max-rejects int 0 $LLMAX 1000000
	--unbuffered flag
	--progress flag
	--help flag
	--version flag"
KNOWN[dp-to-parquet]="
	--output out-dir
	--mode enum
	--partition-by field partition
	--schema in-schema
	--print-schema flag
	--strict flag
	--compression enum
	--compression-level int 1 22 3
	--row-group-size int 1 $LLMAX 1000000
	--memory-limit size 65536 $LLMAX 1073741824
	--page-size size 1 1073741824 1048576
	--no-dictionary flag
	--threads int 1 2 1
	--allow-empty flag $COMMON"

# ---- every option listed by --help is known here -------------------------

PROGS="dp-chunk dp-embed dp-enrich dp-load-csv dp-load-json dp-load-parquet dp-load-sqlite dp-search dp-to-parquet"
for p in $PROGS; do
	listed=$($p --help | grep -E '^ {2,6}(-[a-zA-Z], )?--[a-z]' |
		sed -E 's/^ +(-[a-zA-Z], )?(--[a-z-]+).*/\2/' | sort -u)
	known=$(echo "${KNOWN[$p]}" | awk 'NF { print $1 }' | sort -u)
	unknown=$(comm -23 <(echo "$listed") <(echo "$known") | tr '\n' ' ')
	gone=$(comm -13 <(echo "$listed") <(echo "$known") | tr '\n' ' ')
	expect_eq "$p: every option in --help is classified here" "$unknown" ""
	expect_eq "$p: every option classified here is in --help" "$gone" ""
done

# ---- numbers -------------------------------------------------------------

# Extra arguments an option needs to take effect.
needs() {
	case "$1 $2" in
	"dp-to-parquet --compression-level") echo --compression zstd ;;
	"dp-embed --max-retries" | "dp-embed --timeout" | \
	"dp-search --max-retries" | "dp-search --timeout") ;;
	esac
}

# check_int PROG OPT MIN MAX REF
check_int() {
	local p=$1 o=$2 lo=$3 hi=$4 ref=$5 v extra
	extra=$(needs "$p" "$o")
	rm -f "$T/ref.out"
	for v in "${VALUES[@]}"; do
		if in_range "$v" "$lo" "$hi" && [ ! -f "$T/ref.out" ]; then
			run ctx "$p" $extra "$o" "$ref"
			expect "$p $o $ref (the reference)" 0 || return
			cp "$T/out" "$T/ref.out"
		fi
		run ctx "$p" $extra "$o" "$v"
		if in_range "$v" "$lo" "$hi"; then
			expect "$p $o $(show "$v"): in range, exit 0" 0 &&
			if cmp -s "$T/out" "$T/ref.out"; then
				ok "$p $o $(show "$v"): the same output as $o $ref"
			else
				fail "$p $o $(show "$v"): the same output as $o $ref" \
					"differs: $(diff "$T/ref.out" "$T/out" | head -c 300)"
			fi
		else
			expect "$p $o $(show "$v"): usage error" 2 && ok "$p $o $(show "$v"): usage error"
		fi
	done
}

# check_dbl PROG OPT: no hostile value is a valid one.
check_dbl() {
	local p=$1 o=$2 v
	for v in "${VALUES[@]}"; do
		run ctx "$p" "$o" "$v"
		expect "$p $o $(show "$v"): usage error" 2 && ok "$p $o $(show "$v"): usage error"
	done
	for v in 1e-400 0x1p-2 " 0.5" "0.5 " +0.5 .; do
		run ctx "$p" "$o" "$v"
		expect "$p $o $(show "$v"): usage error" 2 && ok "$p $o $(show "$v"): usage error"
	done
}

# check_size PROG OPT MIN MAX REF: byte counts with K, M, G suffixes.
check_size() {
	local p=$1 o=$2 lo=$3 hi=$4 ref=$5 v
	rm -f "$T/ref.out"
	for v in "${VALUES[@]}" 8589934592G 9007199254740992K 1KK " 1K" 1K- -1K; do
		if in_range "$v" "$lo" "$hi" && [ ! -f "$T/ref.out" ]; then
			run ctx "$p" "$o" "$ref"
			expect "$p $o $ref (the reference)" 0 || return
			cp "$T/out" "$T/ref.out"
		fi
		run ctx "$p" "$o" "$v"
		if in_range "$v" "$lo" "$hi"; then
			expect "$p $o $(show "$v"): in range, exit 0" 0 &&
			if cmp -s "$T/out" "$T/ref.out"; then
				ok "$p $o $(show "$v"): the same output as $o $ref"
			else
				fail "$p $o $(show "$v"): the same output as $o $ref" "differs"
			fi
		else
			expect "$p $o $(show "$v"): usage error" 2 && ok "$p $o $(show "$v"): usage error"
		fi
	done
}

# check_enum PROG OPT
check_enum() {
	local p=$1 o=$2 v
	for v in "" abc "$long"; do
		run ctx "$p" "$o" "$v"
		expect "$p $o $(show "$v"): usage error" 2 && ok "$p $o $(show "$v"): usage error"
	done
}

# check_in PROG OPT: input files that cannot be read, or are endless
# (/dev/zero).
check_in() {
	local p=$1 o=$2 v extra=
	case "$p $o" in
	"dp-embed --api-key-file") extra="-p openai --dry-run" ;;
	"dp-search --api-key-file") extra="-p openai" ;;
	esac
	for v in "$T/missing" "$T/adir" "$T/$long" ""; do
		run ctx "$p" $extra "$o" "$v"
		expect "$p $o $(show "$v"): an error" "2|3" && ok "$p $o $(show "$v"): an error"
	done
	# endless zeros: not a valid file (a data error for dp-enrich's
	# tables, as dp-enrich(1) says), read no further than needed
	run ctx "$p" $extra "$o" /dev/zero
	expect "$p $o /dev/zero: an error" "1|2|3" &&
		expect_eq "$p $o /dev/zero: an error naming the file" "$(grep -c /dev/zero "$T/err")" 1
}

# check_out PROG OPT: output files that cannot be written.
check_out() {
	local p=$1 o=$2 v
	for v in /dev/full "$T/adir" "$T/$long" "" "$T/missing/x"; do
		if [ "$o" = --rejects ]; then
			run ctx_bad "$p" "$o" "$v"
		else
			run ctx "$p" "$o" "$v"
		fi
		expect "$p $o $(show "$v"): an error" "2|3" && ok "$p $o $(show "$v"): an error"
	done
}

# The usage error of a bad option value names the option ($opt).
for p in $PROGS; do
	while read -r o kind a1 a2 a3; do
		[ -n "$o" ] || continue
		opt=$o
		case $kind in
		int) check_int "$p" "$o" "$a1" "$a2" "$a3" ;;
		size) check_size "$p" "$o" "$a1" "$a2" "$a3" ;;
		dbl) check_dbl "$p" "$o" ;;
		enum) check_enum "$p" "$o" ;;
		esac
		opt=
		case $kind in
		in) check_in "$p" "$o" ;;
		out) check_out "$p" "$o" ;;
		esac
	done <<<"${KNOWN[$p]}"
done
opt=

# SOURCE_DATE_EPOCH is a number too: seconds up to the year 9999.
for v in "${VALUES[@]}"; do
	[ -n "$v" ] || continue		# empty: unset, the clock
	run env SOURCE_DATE_EPOCH="$v" dp-load-json in.json
	if in_range "$v" 0 253402300799; then
		expect "SOURCE_DATE_EPOCH=$(show "$v")" 0 &&
			expect_eq "SOURCE_DATE_EPOCH=$(show "$v"): ingested_at" \
				"$(jq -r .ingested_at "$T/out" | sort -u)" \
				"$(date -u -d "@$v" +%Y-%m-%dT%H:%M:%S.000000Z)"
	else
		expect "SOURCE_DATE_EPOCH=$(show "$v"): usage error" 2 && ok "SOURCE_DATE_EPOCH=$(show "$v"): usage error"
	fi
done

# ---- exact messages --------------------------------------------------------

run dp-search --top 9223372036854775808 house emb.ndjson
expect_eq "dp-search --top 2^63: the message" "$st:$(head -1 "$T/err")" \
	"2:dp-search: --top: not an integer from 0 to 9223372036854775807: '9223372036854775808'"
run dp-embed --max-retries 4294967296 </dev/null
expect_eq "dp-embed --max-retries 2^32: the message" "$st:$(head -1 "$T/err")" \
	"2:dp-embed: --max-retries: not an integer from 0 to 100: '4294967296'"
run dp-to-parquet --compression zstd --compression-level 4294967297 -o ds </dev/null
expect_eq "dp-to-parquet --compression-level 2^32+1: the message" "$st:$(head -1 "$T/err")" \
	"2:dp-to-parquet: --compression-level: not an integer from 1 to 22: '4294967297'"
run dp-enrich --min-quality nan </dev/null
expect_eq "dp-enrich --min-quality nan: the message" "$st:$(head -1 "$T/err")" \
	"2:dp-enrich: --min-quality: not a number from 0 to 1: 'nan'"
run dp-chunk --size "$long" </dev/null
expect_eq "dp-chunk --size <10 KB>: the message shows the start of the value" \
	"$st:$(head -1 "$T/err")" \
	"2:dp-chunk: --size: not an integer from 1 to 9223372036854775807: 'kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk...' (10240 bytes)"
run dp-embed --timeout 0.0001 </dev/null
expect_eq "dp-embed --timeout 0.0001 (would be 0 ms, no timeout): usage error" \
	"$st:$(head -1 "$T/err")" \
	"2:dp-embed: --timeout: not a number from 0.001 to 86400: '0.0001'"

# --top keeps min(K, records) slots: a huge K over 3 records prints 3.
run dp-search --top "$LLMAX" house emb.ndjson
expect_eq "dp-search --top 2^63-1: the 3 records" "$st:$(wc -l <"$T/out")" "0:3"

# ---- field names and paths -------------------------------------------------

# Field paths (dp(7), FIELD PATHS) that are not paths: empty, empty keys,
# bad escapes, and beyond the bounds (65536 bytes, 2048 keys).
too_long=$(head -c 65537 /dev/zero | tr '\0' k)
too_deep=a$(for i in $(seq 2048); do printf .a; done)
BADPATHS=("" . a. .a a..b 'a\' 'a\b' "$too_long" "$too_deep")

# dp-chunk --field / --id-field: a 10 KB key is read like any other.
echo "{\"$long\":\"myid\",\"$long2\":\"Some text here.\"}" >longkeys.ndjson
run dp-chunk --field "$long2" --id-field "$long" <longkeys.ndjson
expect "dp-chunk --field/--id-field <10 KB>" 0 &&
	expect_eq "dp-chunk --field/--id-field <10 KB>: text and parent id" \
		"$(jq -r --arg k "$long2" '[.[$k], .parent_id, .chunk_id] | join("|")' "$T/out")" \
		"Some text here.|myid|myid#0"
for o in --field --id-field; do
	opt=$o
	for f in "${BADPATHS[@]}"; do
		run dp-chunk "$o" "$f" <rec.ndjson
		expect "dp-chunk $o $(show "$f"): usage error" 2 && ok "dp-chunk $o $(show "$f"): usage error"
	done
done
# dp-chunk --field: a path of two 10 KB keys; the chunk's text stands
# there.
echo "{\"$long\":{\"$long2\":\"One. Two.\"},\"entity_id\":\"i\"}" >chunknested.ndjson
opt=--field
run dp-chunk --field "$long.$long2" --size 1 <chunknested.ndjson
expect "dp-chunk --field <10 KB>.<10 KB>" 0 &&
	expect_eq "dp-chunk --field <10 KB>.<10 KB>: the chunks" \
		"$(jq -r --arg a "$long" --arg b "$long2" '.[$a][$b]' "$T/out" | tr '\n' '|')" "One.|Two.|"

# dp-embed --field: a 10 KB key, and a path of two 10 KB keys.
echo "{\"$long\":{\"$long2\":\"One small house.\"},\"$long2\":\"One small house.\"}" >nested.ndjson
opt=--field
for f in "$long2" "$long.$long2"; do
	run dp-embed --field "$f" <nested.ndjson
	expect "dp-embed --field $(show "$f")" 0 &&
		expect_eq "dp-embed --field $(show "$f"): the text is embedded" \
			"$(jq -c '.embedding[0:3]' "$T/out")" \
			"$(echo '{"embedding_text":"One small house."}' | dp-embed | jq -c '.embedding[0:3]')"
done
for f in "${BADPATHS[@]}"; do
	run dp-embed --field "$f" <rec.ndjson
	expect "dp-embed --field $(show "$f"): usage error" 2 && ok "dp-embed --field $(show "$f"): usage error"
done

# dp-enrich --id-field: a 10 KB name, and a path (a 300-byte part used
# to overflow a 64-byte buffer).
k300=$(head -c 300 /dev/zero | tr '\0' q)
printf '{"entity_type":"THING","%s":"id-1","o":{"%s":{"%s":"id-2"}}}\n' "$long" "$k300" "$long2" >enrich-other.ndjson
opt=--id-field
for f in "$long" "o.$k300.$long2"; do
	run dp-enrich --id-field "$f" <enrich-other.ndjson
	want=id-1; [ "$f" = "$long" ] || want=id-2
	expect "dp-enrich --id-field $(show "$f")" 0 &&
		expect_eq "dp-enrich --id-field $(show "$f"): entity_id" \
			"$(jq -r .entity_id "$T/out")" "$want"
done
for f in "${BADPATHS[@]}"; do
	run dp-enrich --id-field "$f" <enrich-other.ndjson
	expect "dp-enrich --id-field $(show "$f"): usage error" 2 && ok "dp-enrich --id-field $(show "$f"): usage error"
done

# dp-load-json --path: a path of 10 KB keys.
echo "{\"$long\":{\"$long2\":[{\"a\":1},{\"a\":2}]}}" >path.json
opt=--path
run dp-load-json --path "$long.$long2" path.json
expect "dp-load-json --path <10 KB>.<10 KB>" 0 &&
	expect_eq "dp-load-json --path <10 KB>.<10 KB>: the elements" \
		"$(jq -c .a "$T/out" | tr '\n' ' ')" "1 2 "
for f in "${BADPATHS[@]}"; do
	run dp-load-json --path "$f" in.json
	expect "dp-load-json --path $(show "$f"): usage error" 2 && ok "dp-load-json --path $(show "$f"): usage error"
done

# dp-load-sqlite --json-columns and --table: 10 KB names.
sqlite3 long.db "CREATE TABLE \"$long\" (\"$long2\" TEXT); INSERT INTO \"$long\" VALUES ('[1,2]');"
opt=--json-columns
run dp-load-sqlite --table "$long" --json-columns "$long2" long.db
expect "dp-load-sqlite --table/--json-columns <10 KB>" 0 &&
	expect_eq "dp-load-sqlite --table/--json-columns <10 KB>: the JSON column" \
		"$(jq -c --arg k "$long2" '.[$k]' "$T/out")" "[1,2]"
for f in "" , "a,,b" "$long"; do
	run dp-load-sqlite --json-columns "$f" in.db --table t
	expect "dp-load-sqlite --json-columns $(show "$f"): usage error" 2 &&
		ok "dp-load-sqlite --json-columns $(show "$f"): usage error"
done
# The lists of names (--columns, --fields, --json-columns: one parser,
# core/name_list.c): an empty name, or a name given twice (in one list
# or over two uses of the option), is a usage error saying which.
for spec in "dp-load-parquet --columns column" "dp-search --fields field" \
	"dp-load-sqlite --json-columns column"; do
	read -r p opt what <<<"$spec"
	for f in "" , "a,,b" "a," ",a"; do
		run ctx $p "$opt" "$f"
		expect "$p $opt $(show "$f"): usage error" 2 &&
			expect_eq "$p $opt $(show "$f"): says the name is empty" \
				"$(head -1 "$T/err")" "$p: $opt: empty $what name"
	done
	run ctx $p "$opt" a,b,a
	expect "$p $opt a,b,a: usage error" 2 &&
		expect_eq "$p $opt a,b,a: names the repeat" \
			"$(head -1 "$T/err")" "$p: $opt: $what 'a' named twice"
	run ctx $p "$opt" a "$opt" b,a
	expect "$p $opt a $opt b,a: usage error" 2 &&
		expect_eq "$p $opt a $opt b,a: names the repeat" \
			"$(head -1 "$T/err")" "$p: $opt: $what 'a' named twice"
	run ctx $p "$opt" "$long,$long"
	expect "$p $opt <10 KB>,<10 KB>: usage error" 2 &&
		expect_eq "$p $opt <10 KB>,<10 KB>: names the repeat, cut short" \
			"$(head -1 "$T/err")" \
			"$p: $opt: $what '${long:0:32}...' (10240 bytes) named twice"
done

# a table that is not there is a data error naming it (dp-load-sqlite(1))
opt=
for f in "" "$long" 'no"such'; do
	run dp-load-sqlite --table "$f" in.db
	expect "dp-load-sqlite --table $(show "$f"): no such table" 1 &&
		expect_eq "dp-load-sqlite --table $(show "$f"): no such table" \
			"$(grep -c 'no such table' "$T/err")" 1
done

# dp-to-parquet --partition-by: an empty name, a name not in the
# schema, a nested path, a bad escape, a path past 65536 bytes, a 10 KB
# name with --schema infer (a directory name that long cannot exist: an
# error, never a crash).
opt=--partition-by
for f in "" , "$long" a.b 'a\' "$too_long"; do
	run ctx dp-to-parquet --partition-by "$f"
	expect "dp-to-parquet --partition-by $(show "$f"): usage error" 2 &&
		ok "dp-to-parquet --partition-by $(show "$f"): usage error"
done
echo "{\"$long\":\"v\",\"x\":1}" >longfield.ndjson
rm -rf ds
run dp-to-parquet --schema infer --partition-by "$long" -o ds <longfield.ndjson
expect "dp-to-parquet --schema infer --partition-by <10 KB>: an error" "1|2|3" &&
	ok "dp-to-parquet --schema infer --partition-by <10 KB>: an error"

# ---- other text options ------------------------------------------------------

# --type: the value, whatever its length, is the records' entity_type.
for p in dp-load-csv dp-load-json dp-load-sqlite; do
	opt=--type
	run ctx $p --type "$long"
	expect "$p --type <10 KB>" 0 &&
		expect_same "$p --type <10 KB>: entity_type" \
			"$(jq -r .entity_type "$T/out" | sort -u)" "$long"
	opt=--type
	run ctx $p --type ""
	expect "$p --type '': usage error" 2 && ok "$p --type '': usage error"
done

# dp-load-csv --delimiter: one character only.
opt=--delimiter
for v in "" "$long" ab; do
	run ctx dp-load-csv --delimiter "$v"
	expect "dp-load-csv --delimiter $(show "$v"): usage error" 2 && ok "dp-load-csv --delimiter $(show "$v"): usage error"
done

# dp-load-sqlite --query and --param.
opt=
run dp-load-sqlite in.db --query "$long"
expect "dp-load-sqlite --query <10 KB>: usage error" 2 && ok "dp-load-sqlite --query <10 KB>: usage error"
run dp-load-sqlite in.db --query ""
expect "dp-load-sqlite --query '': usage error" 2 && ok "dp-load-sqlite --query '': usage error"
for v in "$long" "" "$LLMAX" 9223372036854775808 1e400 " 5" nan; do
	run dp-load-sqlite in.db --query 'SELECT ?1 AS v, typeof(?1) AS t' --param "$v"
	if [[ $v =~ ^[0-9]+$ ]] && le "$v" "$LLMAX"; then want="$v integer"
	elif [ "$v" = "" ]; then want=" text"
	else want="$v text"; fi
	expect "dp-load-sqlite --param $(show "$v")" 0 &&
		expect_eq "dp-load-sqlite --param $(show "$v"): bound exactly" \
			"$(sed -E 's/^\{"v":"?(.*)"?,"t":"([a-z]+)".*/\1 \2/; s/" / /' "$T/out")" "$want"
done

# --model: the hash provider has one model; another provider's model
# name is kept whole, however long (seen in --dry-run's report).
for p in dp-embed dp-search; do
	opt=--model
	run ctx $p --model "$long"
	expect "$p --model <10 KB> (hash): usage error" 2 && ok "$p --model <10 KB> (hash): usage error"
	run ctx $p --model ""
	expect "$p --model '': usage error" 2 && ok "$p --model '': usage error"
done
run dp-embed -p ollama --model "$long" --dry-run <rec.ndjson
expect "dp-embed -p ollama --model <10 KB> --dry-run" 0 &&
	expect_same "dp-embed -p ollama --model <10 KB> --dry-run: the whole model name" \
		"$(jq -r .embedding_model "$T/out")" "ollama/$long"

# --prefix: a 10 KB prefix is embedded with the text, as if the text
# started with it.
printf '{"embedding_text":"%s"}\n' "$long house" >prefixed.ndjson
run dp-embed --prefix "$long " <<<'{"embedding_text":"house"}'
expect "dp-embed --prefix <10 KB>" 0 &&
	expect_same "dp-embed --prefix <10 KB>: the vector of prefix + text" \
		"$(jq -c .embedding "$T/out")" "$(dp-embed <prefixed.ndjson | jq -c .embedding)"

# --base-url: not a URL is a usage error; an unreachable 10 KB URL is
# a remote error (4) after the retries, never a crash.
opt=--base-url
for v in "" "$long"; do
	run dp-embed -p ollama --base-url "$v" <rec.ndjson
	expect "dp-embed --base-url $(show "$v"): usage error" 2 && ok "dp-embed --base-url $(show "$v"): usage error"
done
run dp-embed -p ollama --max-retries 0 --timeout 2 --base-url "http://127.0.0.1:1/$long" <rec.ndjson
expect "dp-embed --base-url http://127.0.0.1:1/<10 KB>: remote error" 4 &&
	ok "dp-embed --base-url http://127.0.0.1:1/<10 KB>: remote error"

# --cache: a new file is created; "" (SQLite's temporary database) is a
# usage error.
opt=--cache
run dp-embed --cache "$T/new.cache" <rec.ndjson
expect "dp-embed --cache NEW: created" 0 &&
	expect_eq "dp-embed --cache NEW: the same records" "$(cat "$T/out")" "$(cat emb.ndjson)"

# dp-to-parquet -o: a regular file, /dev/full, a 10 KB name, empty.
opt=
for v in /dev/full "$T/rec.ndjson" "$T/$long" ""; do
	run dp-to-parquet -o "$v" <rec.ndjson
	expect "dp-to-parquet -o $(show "$v"): an error" "2|3" && ok "dp-to-parquet -o $(show "$v"): an error"
done

# dp-to-parquet --schema: unified, infer, or a file that must be read.
for v in "$T/missing" "$T/adir" "$T/$long" "" /dev/full; do
	run ctx dp-to-parquet --schema "$v"
	expect "dp-to-parquet --schema $(show "$v"): an error" "2|3" && ok "dp-to-parquet --schema $(show "$v"): an error"
done

# Numbers in a schema file are read as strictly: decimal(4294967300,2)
# was taken as decimal(4,2).
for v in 4294967300,2 " 5,2" +5,2 5,0x1 18446744073709551617,2 5,-1 19,2; do
	printf 'id int64\nd decimal(%s)\n' "$v" >bad.schema
	run dp-to-parquet --schema bad.schema --print-schema </dev/null
	expect "dp-to-parquet --schema FILE with decimal($v): usage error" 2 &&
		expect_eq "dp-to-parquet --schema FILE with decimal($v): the message" \
			"$(grep -c 'bad.schema:2: unknown type' "$T/err")" 1
done

# Input operands: missing, a directory, 10 KB, empty.
opt=
for p in dp-chunk dp-embed dp-enrich dp-load-csv dp-load-json dp-load-parquet dp-to-parquet; do
	for v in "$T/missing" "$T/adir" "$T/$long" ""; do
		if [ $p = dp-to-parquet ]; then
			rm -rf ds; run dp-to-parquet -o ds "$v"
		else
			run $p "$v"
		fi
		expect "$p FILE $(show "$v"): an error" "2|3" && ok "$p FILE $(show "$v"): an error"
	done
done
for v in "$T/missing" "$T/adir" "$T/$long" ""; do
	run dp-search house "$v"
	expect "dp-search FILE $(show "$v"): an error" "2|3" && ok "dp-search FILE $(show "$v"): an error"
	run dp-load-sqlite "$v" --table t
	expect "dp-load-sqlite DB $(show "$v"): an error" "2|3" && ok "dp-load-sqlite DB $(show "$v"): an error"
done
run dp-search "$long" emb.ndjson
expect "dp-search QUERY <10 KB>" 0 && ok "dp-search QUERY <10 KB>"
