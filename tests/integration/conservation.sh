# Conservation (dp(7), ERROR HANDLING: what each program conserves): for
# every program and a corpus of bad inputs mixed with good records - malformed
# lines, wrong types, a 1 MB field, invalid UTF-8, NUL bytes, 10,000-deep
# nesting, integers beyond int64, empty lines, a lone surrogate - each
# input record comes out (loaders, dp-enrich, dp-embed, dp-to-parquet:
# exactly one record or Parquet row; dp-chunk: one or more chunks) or is
# rejected, exactly once, with --keep-going --rejects; dp-search prints
# at most K. Without --keep-going each program stops at the first bad
# record with exit 1, after writing the good records before it.
. "$DP_TOP/tests/lib.sh"
. "$DP_TOP/tests/npm/parquet-lib.sh"

if ! command -v node >/dev/null 2>&1; then
	skip conservation "node is not installed (scripts/bootstrap)"
	exit 0
fi

# check.js MODE PROG INPUT OUT REJECTS CLASSES [K]: one "ok"/"FAIL" line.
# CLASSES has "N CLASS" per input line N: G a good record (must come out),
# B a bad one (must be rejected), E either (but exactly once), - not a
# record (a blank line, a header, or a record dp-search leaves out: must
# appear nowhere). A record's number is its id field ("L<N>": parent_id,
# entity_id, listing_id or id); a reject's is its "line". MODE: one (each
# G once, in order), set (each G once, any order), chunk (each G in one
# or more consecutive chunks, in order), search (at most K records, each
# once; every G when K is at least their number).
cat >"$T/check.js" <<'EOF'
const fs = require('fs');
const [mode, prog, input, out, rejects, classes, kArg] = process.argv.slice(2);
const lines = f => { const s = fs.readFileSync(f, 'utf8'); return s.split('\n').filter(l => l !== ''); };
const cls = new Map(lines(classes).map(l => l.split(' ')).map(([n, c]) => [Number(n), c]));
const errors = [];
const err = m => { if (errors.length < 5) errors.push(m); };
const idOf = r => {
	const v = r.parent_id ?? r.entity_id ?? r.listing_id ?? r.id;
	const m = typeof v === 'string' && /^L(\d+)$/.exec(v);
	return m ? Number(m[1]) : null;
};
const inLines = prog === 'dp-load-sqlite' ? null
	: fs.readFileSync(input).toString('utf8').split('\n');
const goods = [...cls.values()].filter(c => c === 'G').length;
const outIds = [];
for (const l of lines(out)) {
	let r;
	try { r = JSON.parse(l); } catch (e) { err(`output line not JSON: ${l.slice(0, 80)}`); continue; }
	const id = idOf(r);
	if (id === null) err(`output record without an id: ${l.slice(0, 80)}`);
	else outIds.push(id);
}
const rejIds = [];
for (const l of lines(rejects)) {
	let r;
	try { r = JSON.parse(l); } catch (e) { err(`rejects line not JSON: ${l.slice(0, 80)}`); continue; }
	if (r.program !== prog) err(`reject of program ${r.program}`);
	if (r.file !== input) err(`reject names file ${r.file}, not ${input}`);
	if (typeof r.error !== 'string' || !r.error) err(`reject line ${r.line} without an error`);
	if (!('record' in r) && !('text' in r)) err(`reject line ${r.line} without record or text`);
	// Nothing lost: the reject holds the input line (invalid bytes as
	// U+FFFD; an unterminated CSV quote takes the lines after it too),
	// or the record, which is the one of that line.
	if (inLines && typeof r.text === 'string' && !r.text.startsWith(inLines[r.line - 1]))
		err(`reject ${r.line}: its text is not the input line: ${r.text.slice(0, 60)}`);
	if (r.record && typeof r.record === 'object' && ![null, r.line].includes(idOf(r.record)))
		err(`reject ${r.line}: its record is ${JSON.stringify(r.record).slice(0, 60)}`);
	rejIds.push(r.line);
}
const count = a => a.reduce((m, x) => m.set(x, (m.get(x) || 0) + 1), new Map());
const outN = count(outIds), rejN = count(rejIds);
for (const [n, c] of cls) {
	const o = outN.get(n) || 0, r = rejN.get(n) || 0;
	const seen = `record ${n} (${c}): ${o} out, ${r} rejected`;
	if (r > 1) err(`${seen}: rejected more than once`);
	if (c === '-') { if (o || r) err(`${seen}: not a record`); continue; }
	if (c === 'B' && (o || r !== 1)) err(`${seen}: must be rejected once`);
	if (mode === 'search') {
		if (o > 1) err(`${seen}: printed twice`);
		if (o && r) err(`${seen}: printed and rejected`);
		if (c === 'G' && r) err(`${seen}: a good record rejected`);
		if (c === 'G' && !o && Number(kArg) >= goods) err(`${seen}: left out, with K >= the good records`);
		continue;
	}
	if (c === 'G' && (r || o < 1)) err(`${seen}: a good record must come out`);
	if (c === 'E' && (o ? 1 : 0) + r !== 1) err(`${seen}: must come out or be rejected`);
	if (mode !== 'chunk' && o > 1) err(`${seen}: more than one record out`);
}
for (const n of new Set([...outIds, ...rejIds]))
	if (!cls.has(n)) err(`record ${n}: not in the input`);
if (mode === 'one' || mode === 'chunk')
	for (let i = 1; i < outIds.length; i++)
		if (outIds[i] < outIds[i - 1]) { err(`output out of order at ${outIds[i]}`); break; }
if (mode === 'chunk')
	for (let i = 1; i < outIds.length; i++)
		if (outIds[i] !== outIds[i - 1] && outIds.indexOf(outIds[i]) !== i) { err(`chunks of ${outIds[i]} not consecutive`); break; }
if (mode === 'search' && outIds.length > Number(kArg)) err(`${outIds.length} records printed, more than ${kArg}`);
const records = [...cls.values()].filter(c => c !== '-').length;
const summary = `${records} records: ${outIds.length} out (${outN.size} distinct), ${rejIds.length} rejected`;
if (mode === 'one' || mode === 'set')
	if (records !== outIds.length + rejIds.length) err(`${summary}: in != out + rejects`);
console.log(errors.length ? `FAIL ${prog} conservation: ${errors.join('; ')}`
	: `ok ${prog} conservation: ${summary}`);
EOF

DEEP=$(awk 'BEGIN { for (i = 0; i < 10000; i++) printf "["; for (i = 0; i < 10000; i++) printf "]" }')
HUGE=$(awk 'BEGIN { for (i = 0; i < 209715; i++) printf "word "; }')	# 1 MB

# The corpora. put CLASS TEXT appends a line to $in and its class to
# $cls, @N in TEXT being the line's number and %NUL% a NUL byte.
n=0
put() {
	n=$((n + 1))
	printf '%s\n' "${2//@N/$n}" | sed 's/%NUL%/\x00/g' >>"$in"
	echo "$n $1" >>"$cls"
}
BAD=$'\377'

# ndjson_corpus PROG: $T/PROG.in and $T/PROG.class. Each program has
# rec_PROG EXTRA (a good record of id L@N, with the JSON members EXTRA),
# huge_PROG (a good record with a 1 MB field) and wrong_PROG (records
# with fields of the wrong type); TEXT_FIELD and INT_FIELD are where the
# bad strings and integers go.
ndjson_corpus() {
	local p=$1 r
	in=$T/$p.in cls=$T/$p.class n=0
	: >"$in"
	: >"$cls"
	local tf=note itf=n
	case $p in
	dp-enrich) tf=description ;;
	dp-chunk | dp-embed) tf=embedding_text ;;
	dp-to-parquet) tf=title itf=chunk_index ;;
	esac
	put G "$("rec_$p")"
	r=$("rec_$p")
	put B "${r%\}},}"				# a trailing comma
	put G "$("rec_$p")"
	put - ''
	put G "$("rec_$p")"
	put B "$("rec_$p" ",\"$tf\":\"bad $BAD utf8\"")"
	put G "$("rec_$p")"
	put B "$("rec_$p" ",\"$tf\":\"nul %NUL% byte\"")"
	put G "$("rec_$p")"
	put B "$("rec_$p" ",\"$itf\":123456789012345678901234")"
	put G "$("rec_$p")"
	put B "$("rec_$p" ",\"$itf\":-9223372036854775809")"
	put G "$("rec_$p")"
	put B "$("rec_$p" ",\"$tf\":\"lone \\ude00 surrogate\"")"
	put G "$("rec_$p")"
	put E "$("rec_$p" ",\"deep\":$DEEP")"
	put G "$("rec_$p")"
	"huge_$p"
	put G "$("rec_$p")"
	"wrong_$p"
	put G "$("rec_$p")"
	put G "$("rec_$p" ",\"$tf\":\"escaped \\u0000 nul\"")"
	put - '   '
	if [ "$p" = dp-load-json ]; then
		put B '42'
		put B '"a string"'
	else
		put B '[1,2,3]'
		r=$("rec_$p")
		put B "${r:0:20}"			# a line cut short
	fi
	put G "$("rec_$p")"
	put G "$("rec_$p")"
	truncate -s -1 "$in"	# the last line has no '\n'
}

rec_dp-load-json() { echo "{\"entity_id\":\"L@N\",\"v\":@N.5${1:-}}"; }
huge_dp-load-json() { put G "$(rec_dp-load-json ",\"big\":\"$HUGE\"")"; }
wrong_dp-load-json() { :; }	# a loader takes any object

rec_dp-enrich() {
	echo "{\"listing_id\":\"L@N\",\"entity_type\":\"PROPERTY\",\"listing_price\":1@N000,\"description\":\"good @N.\"${1:-}}"
}
huge_dp-enrich() { put G "$(rec_dp-enrich ",\"description\":\"$HUGE\"")"; }
wrong_dp-enrich() {
	put B "$(rec_dp-enrich ',"listing_price":"cheap"')"
	put B "$(rec_dp-enrich ',"address":[1]')"
	put B "$(rec_dp-enrich ',"features":["a",2]')"
	put B '{"entity_type":"PROPERTY","description":"no id"}'
}

rec_dp-chunk() {
	echo "{\"entity_id\":\"L@N\",\"embedding_text\":\"Good record @N. It has two sentences, one, two, three, four words.\"${1:-}}"
}
huge_dp-chunk() { put G "$(rec_dp-chunk ",\"embedding_text\":\"$HUGE\"")"; }
wrong_dp-chunk() {
	put B "$(rec_dp-chunk ',"embedding_text":42')"
	put B "$(rec_dp-chunk ',"embedding_text":{"a":"b"}')"
	put B "$(rec_dp-chunk ',"entity_id":["L@N"]')"
}

rec_dp-embed() { rec_dp-chunk "$@"; }
huge_dp-embed() { huge_dp-chunk; }
wrong_dp-embed() {
	put B "$(rec_dp-embed ',"embedding_text":42')"
	put B "$(rec_dp-embed ',"embedding_text":["a"]')"
	# no text: a null embedding and a warning, never a reject
	put G "$(rec_dp-embed ',"embedding_text":""')"
	put G '{"entity_id":"L@N"}'
}

rec_dp-search() {
	echo "{\"entity_id\":\"L@N\",\"embedding\":[1,0.@N,0.5,-0.@N],\"embedding_model\":\"hash-v3\",\"embedding_dimension\":4${1:-}}"
}
huge_dp-search() { put G "$(rec_dp-search ",\"pad\":\"$HUGE\"")"; }
wrong_dp-search() {	# left out (with a warning), not rejected
	put - "$(rec_dp-search ',"embedding":"not a vector"')"
	put - "$(rec_dp-search ',"embedding":[1,2]')"
	put - '{"entity_id":"L@N"}'
}

rec_dp-to-parquet() {
	echo "{\"entity_id\":\"L@N\",\"entity_type\":\"PROPERTY\",\"content_hash\":\"h\",\"ingested_at\":\"2026-11-25T11:42:30Z\",\"price\":@N.25${1:-}}"
}
huge_dp-to-parquet() { put G "$(rec_dp-to-parquet ",\"content\":\"$HUGE\"")"; }
wrong_dp-to-parquet() {
	put B "$(rec_dp-to-parquet ',"price":"12.00"')"
	put B "$(rec_dp-to-parquet ',"bedrooms":3000000000')"
	put B "$(rec_dp-to-parquet ',"embedding":[0.5,"x"]')"
	put B "$(rec_dp-to-parquet ',"ingested_at":"yesterday"')"
	put B '{"entity_id":"L@N","content_hash":"h","ingested_at":"2026-11-25T11:42:30Z"}'
}

# The CSV corpus: the header is line 1; an unterminated quote (which
# takes the rest of the file into its field) ends it.
csv_corpus() {
	in=$T/dp-load-csv.in cls=$T/dp-load-csv.class n=0
	: >"$in"
	: >"$cls"
	put - 'id,line,name,n'
	put G 'L@N,@N,good,1'
	put B 'L@N,@N,too,many,fields'
	put G 'L@N,@N,good,-9223372036854775808'
	put - ''
	put B "L@N,@N,bad $BAD utf8,1"
	put G 'L@N,@N,good,1'
	put G 'L@N,@N,nul %NUL% byte,1'
	put G 'L@N,@N,beyond int64 stays a string,123456789012345678901234'
	put G "L@N,@N,\"$HUGE\",1"
	put G "L@N,@N,$DEEP,1"
	put G 'L@N,@N,lone \ude00 is text here,1'
	put B 'L@N,@N'
	put G 'L@N,@N,"quoted, with a comma",2.5'
	put B 'L@N,@N,"bad"quote,1'
	put G 'L@N,@N,good,1'
	put B 'L@N,@N,"unterminated,1'
	put - 'L@N,@N,swallowed by the quote above,1'
	truncate -s -1 "$in"
}

# The SQLite corpus: one row per record, its row number its line.
sqlite_corpus() {
	local db=$T/dp-load-sqlite.in
	in=$db cls=$T/dp-load-sqlite.class n=0
	: >"$cls"
	rm -f "$db"
	{
		echo "CREATE TABLE t (id TEXT, j TEXT, s);"
		row() {	# row CLASS J_SQL S_SQL
			n=$((n + 1))
			echo "$n $1" >>"$cls"
			echo "INSERT INTO t VALUES ('L$n', $2, $3);"
		}
		row G "'{\"a\":1}'" "'good'"
		row B "'{\"a\":'" "'malformed JSON'"
		row G "'[1]'" "'good'"
		row B "'123456789012345678901234'" "'beyond int64'"
		row G "'null'" "9223372036854775807"
		row B "'\"\\ude00\"'" "'lone surrogate'"
		row G "'1'" "'good'"
		row E "'$DEEP'" "'deep'"
		row G "'2'" "'good'"
		row B "'3'" "CAST(X'626164FF' AS TEXT)"
		row G "'4'" "'good'"
		row G "'5'" "CAST(X'6E756C00627974' AS TEXT)"
		row G "'6'" "X'00FF'"
		row G "'7'" "printf('%.*c', 1048576, 'w')"
		row B "'not JSON'" "'wrong type'"
		row B "'8'" "9e999"		# a REAL infinity
		row B "'9'" "-9e999"
		row G "'true'" "-9223372036854775808"
	} | sqlite3 "$db"
}

# run_keep_going PROG: PROG on its corpus with --rejects, into
# $T/PROG.out and $T/PROG.rej; exit 0 and the count on stderr.
run_keep_going() {
	local p=$1 in=$T/$1.in st
	rm -f "$T/$p.rej"
	case $p in
	dp-load-sqlite) dp-load-sqlite --json-columns j --table t --rejects "$T/$p.rej" "$in" ;;
	dp-chunk) dp-chunk --size 5 --rejects "$T/$p.rej" "$in" ;;
	dp-embed) dp-embed -d 8 --rejects "$T/$p.rej" "$in" ;;
	dp-search) dp-search -k "$K" --rejects "$T/$p.rej" "good record" "$in" ;;
	dp-to-parquet) rm -rf "$T/pq"; dp-to-parquet --rejects "$T/$p.rej" -o "$T/pq" "$in" ;;
	*) "$p" --rejects "$T/$p.rej" "$in" ;;
	esac >"$T/$p.out" 2>"$T/$p.err"
	st=$?
	expect_eq "$p --keep-going: exit 0" "$st" 0
	local nrej
	nrej=$(wc -l <"$T/$p.rej")
	grep -q "^$p: $nrej records\? rejected, written to $T/$p.rej" "$T/$p.err" &&
		ok "$p --keep-going: the count on stderr" ||
		fail "$p --keep-going: the count on stderr" "$(tail -2 "$T/$p.err" | head -c 300)"
	if [ "$p" = dp-to-parquet ]; then
		if have_readers; then
			(cd "$NPM" && node query.mjs "SELECT entity_id FROM read_parquet('$T/pq/**/*.parquet')") \
				>"$T/$p.out" 2>&1
		else
			skip "dp-to-parquet conservation" "node or tests/npm/node_modules missing"
			return 1
		fi
	fi
}

# stop_at_first_bad PROG: each bad record of PROG's corpus after three
# good ones and before one more: exit 1, the message naming it, and the
# three good records written (none by dp-search, which prints at the
# end; no dataset from dp-to-parquet, which commits at the end).
stop_at_first_bad() {
	local p=$1 k st got want line fails=0 total=0 why='' stop=$T/$1.stop
	for k in $(awk '$2 == "B" { print $1 }' "$T/$p.class"); do
		total=$((total + 1))
		case $p in
		dp-load-sqlite)
			cp "$T/$p.in" "$stop"
			sqlite3 "$stop" "CREATE TABLE u AS SELECT * FROM t WHERE 0;
				INSERT INTO u SELECT * FROM t WHERE rowid IN (1, 3, 5) ORDER BY rowid;
				INSERT INTO u SELECT * FROM t WHERE rowid = $k;
				INSERT INTO u SELECT * FROM t WHERE rowid = 7;
				DROP TABLE t; ALTER TABLE u RENAME TO t;"
			want="1 3 5 " line=4 ;;
		dp-load-csv)
			{ echo 'id,line,name,n'; printf 'L%d,%d,good,1\n' 2 2 3 3 4 4
			  sed -n "${k}p" "$T/$p.in"; echo 'L6,6,good,1'; } >"$stop"
			want="2 3 4 " line=5 ;;
		*)
			{ for i in 1 2 3; do "rec_$p" | sed "s/@N/$i/g"; done
			  sed -n "${k}p" "$T/$p.in"; "rec_$p" | sed "s/@N/5/g"; } >"$stop"
			want="1 2 3 " line=4 ;;
		esac
		case $p in
		dp-load-sqlite) dp-load-sqlite --json-columns j --table t "$stop" ;;
		dp-chunk) dp-chunk --size 5 "$stop" ;;
		dp-embed) dp-embed -d 8 "$stop" ;;
		dp-search) dp-search -k 10 "good record" "$stop" ;;
		dp-to-parquet) rm -rf "$T/stop"; dp-to-parquet -o "$T/stop" "$stop" ;;
		*) "$p" "$stop" ;;
		esac >"$T/stop.out" 2>"$T/stop.err"
		st=$?
		got=$(grep -o '"\(entity_id\|parent_id\|id\)":"L[0-9]*"' "$T/stop.out" |
			sed 's/.*"L//; s/"//' | uniq | tr '\n' ' ')
		case $p in dp-search | dp-to-parquet) want= ;; esac
		if [ "$st" != 1 ] || [ "$got" != "$want" ] ||
		   ! grep -q "^$p: $stop:$line:" "$T/stop.err" ||
		   { [ "$p" = dp-to-parquet ] && [ -e "$T/stop" ]; }; then
			fails=$((fails + 1))
			why="$why line $k: exit $st, records '$got', $(head -c 150 "$T/stop.err");"
		fi
	done
	if [ $fails = 0 ]; then
		ok "$p without --keep-going: each of $total bad records stops it (exit 1) after the good ones"
	else
		fail "$p without --keep-going: stops at the bad record" "$why"
	fi
}

K=1000
for p in dp-load-json dp-enrich dp-chunk dp-embed dp-search dp-to-parquet; do
	ndjson_corpus "$p"
done
csv_corpus
sqlite_corpus

for p in dp-load-json dp-load-csv dp-load-sqlite dp-enrich dp-chunk dp-embed dp-search dp-to-parquet; do
	case $p in
	dp-chunk) mode=chunk ;;
	dp-search) mode=search ;;
	dp-to-parquet) mode='set' ;;
	*) mode=one ;;
	esac
	if run_keep_going "$p"; then
		node "$T/check.js" "$mode" "$p" "$T/$p.in" "$T/$p.out" "$T/$p.rej" "$T/$p.class" "$K"
	fi
	stop_at_first_bad "$p"
done

# dp-search prints at most K, the best first; every good record with
# K large enough (checked above with K=1000).
dp-search -k 3 --rejects "$T/s.rej" "good record" "$T/dp-search.in" >"$T/s.out" 2>/dev/null
expect_eq "dp-search -k 3: three records" "$(wc -l <"$T/s.out")" 3
expect_eq "dp-search -k 3: best first" \
	"$(jq -r .score "$T/s.out" | sort -g -r | tr '\n' ' ')" "$(jq -r .score "$T/s.out" | tr '\n' ' ')"
expect_eq "dp-search -k 0: nothing" \
	"$(dp-search -k 0 --keep-going "good record" "$T/dp-search.in" 2>/dev/null | wc -l)" 0

# dp-chunk: the chunks of each record are numbered 0..count-1.
expect_eq "dp-chunk: chunk_index 0..chunk_count-1 per record" \
	"$(jq -r '[.parent_id, .chunk_index, .chunk_count] | @tsv' "$T/dp-chunk.out" |
	   awk -F'\t' '$1 != p { if (p != "" && i != c) print p; p = $1; i = 0 }
		{ if ($2 != i) print $1; i++; c = $3 } END { if (i != c) print p }' | sort -u)" ""

# dp-load-json reads concatenated JSON too, so a value cut off at the
# end of its line goes on into the next; when that fails and the next
# line parses on its own, the cut line alone is rejected and the next
# is read as a record (issue 10, item 10): nothing is lost.
printf '%s\n' '{"entity_id":"L1"}' '{"entity_id":"L2",' '{"entity_id":"L3"}' '{"entity_id":"L4"}' >"$T/cut.json"
dp-load-json --rejects "$T/cut.rej" "$T/cut.json" >"$T/cut.out" 2>/dev/null
expect_eq "dp-load-json: a cut-off value is rejected alone, the next line read on its own" \
	"$?|$(jq -r .entity_id "$T/cut.out" | tr '\n' ' ')|$(jq -r .text "$T/cut.rej")" \
	'0|L1 L3 L4 |{"entity_id":"L2",'

# --max-rejects N: exit 1 once more than N are rejected, the good
# records before that written.
dp-enrich --max-rejects 2 --rejects "$T/m.rej" "$T/dp-enrich.in" >"$T/m.out" 2>"$T/m.err"
expect_eq "dp-enrich --max-rejects 2: exit 1 at the third reject" \
	"$?:$(wc -l <"$T/m.rej"):$(jq -r .entity_id "$T/m.out" | tr '\n' ' ')" \
	"1:3:L1 L3 L5 L7 "
