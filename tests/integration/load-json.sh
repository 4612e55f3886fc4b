# dp-load-json on the real data, large and awkward inputs.
. "$DP_TOP/tests/lib.sh"

strip_envelope='del(.entity_type, .source_file, .source_type, .ingested_at)'

if need_shared "load-json real files"; then
	re=$DP_SHARED_DATA/real_estate
	for f in properties_sf:220:PROPERTY properties_pc:220:PROPERTY \
		 neighborhoods_sf:11:NEIGHBORHOOD neighborhoods_pc:10:NEIGHBORHOOD \
		 locations:293:null; do
		IFS=: read -r base count type <<<"$f"
		dp-load-json "$re/$base.json" >"$T/$base.ndjson"
		expect_eq "$base: $count records" "$(wc -l <"$T/$base.ndjson")" "$count"
		expect_eq "$base: entity_type $type" \
			"$(jq -r .entity_type "$T/$base.ndjson" | sort -u)" "$type"
		# Every value equal to the source's, as jq sees both.
		jq -c ".[]" "$re/$base.json" >"$T/want"
		jq -c "$strip_envelope" "$T/$base.ndjson" >"$T/got"
		if cmp -s "$T/want" "$T/got"; then ok "$base: values and key order exact"
		else fail "$base: values and key order exact" "differs from jq -c .[]"; fi
	done
	dp-load-json "$re"/properties_*.json "$re"/neighborhoods_*.json >"$T/all"
	expect_eq "440 properties and 21 neighborhoods" \
		"$(jq -r .entity_type "$T/all" | sort | uniq -c | tr -s ' ' | tr '\n' ';')" \
		" 21 NEIGHBORHOOD; 440 PROPERTY;"
	gzip -c "$re/properties_sf.json" >"$T/properties_sf.json.gz"
	zstd -q -c "$re/properties_sf.json" >"$T/properties_sf.json.zst"
	dp-load-json "$re/properties_sf.json" | jq -c "$strip_envelope" >"$T/plain"
	for z in gz zst; do
		dp-load-json "$T/properties_sf.json.$z" | jq -c "$strip_envelope" >"$T/z"
		if cmp -s "$T/plain" "$T/z"; then ok ".$z input same records"
		else fail ".$z input same records" "differs from plain"; fi
	done
	# The same array as NDJSON, and as one line, gives the same records.
	jq -c '.[]' "$re/properties_pc.json" | dp-load-json | jq -c "$strip_envelope" >"$T/nd"
	jq -c '.' "$re/properties_pc.json" | dp-load-json | jq -c "$strip_envelope" >"$T/one"
	jq -c '.[]' "$re/properties_pc.json" >"$T/want"
	expect_eq "NDJSON and one-line array agree" \
		"$(cmp -s "$T/nd" "$T/want" && cmp -s "$T/one" "$T/want" && echo same)" same
fi

# A single-line array of 200,000 records: every record out, memory flat
# (peak RSS on a 10x larger input grows by less than 16 MB).
gen() {	# gen N: a one-line JSON array of N records
	awk -v n="$1" 'BEGIN { printf "["; for (i = 0; i < n; i++)
		printf "%s{\"id\":%d,\"name\":\"rec %d\",\"v\":%d.25,\"tags\":[\"a\",\"b\"]}",
			(i ? "," : ""), i, i, i; printf "]" }'
}
gen 20000 >"$T/small.json"
gen 200000 >"$T/big.json"
rss() { /usr/bin/time -f %M dp-load-json "$1" 2>&1 >"$T/rss.out" | tail -1; }
small=$(rss "$T/small.json")
big=$(rss "$T/big.json")
expect_eq "one-line array: 200000 records" "$(wc -l <"$T/rss.out")" 200000
expect_eq "one-line array: last record" "$(tail -1 "$T/rss.out" | jq -c "$strip_envelope")" \
	'{"id":199999,"name":"rec 199999","v":199999.25,"tags":["a","b"]}'
if [ $((big - small)) -lt 16384 ]; then ok "memory flat: ${small}KB vs ${big}KB"
else fail "memory flat" "peak RSS ${small}KB for 20k records, ${big}KB for 200k"; fi

# A 100 MB string is handled whole.
{ printf '{"big":"'; head -c 100000000 /dev/zero | tr '\0' 'a'; printf '"}\n'; } >"$T/huge.json"
dp-load-json "$T/huge.json" >"$T/huge.out"
expect_eq "100 MB string: exit 0" "$?" 0
expect_eq "100 MB string: length kept" "$(jq '.big | length' "$T/huge.out")" 100000000
rm -f "$T/huge.json" "$T/huge.out"

# 10,000 levels of nesting inside a record pass through unchanged.
awk 'BEGIN { for (i = 0; i < 10000; i++) printf "{\"a\":"; printf "1";
	for (i = 0; i < 10000; i++) printf "}"; print "" }' >"$T/deep.json"
dp-load-json --type X "$T/deep.json" >"$T/deep.out"
expect_eq "10,000-deep nesting: exit 0" "$?" 0
expect_eq "10,000-deep nesting: bytes kept" \
	"$(head -c 50000 "$T/deep.out" | cmp -s - <(head -c 50000 "$T/deep.json") && echo same)" same

# 10,000 unclosed levels: a clear truncation error, not a crash.
awk 'BEGIN { for (i = 0; i < 10000; i++) printf "["; print "" }' >"$T/open.json"
dp-load-json "$T/open.json" >/dev/null 2>"$T/err"
expect_eq "10,000 unclosed arrays: exit 1" "$?" 1
expect_eq "10,000 unclosed arrays: message" "$(sed 's|.*/||' "$T/err")" \
	"open.json:2:1: unexpected end of input: the JSON text is truncated"

# Closed stdout is an error, not silence.
printf '{"a":1}\n' | dp-load-json >&- 2>"$T/err"
expect_eq "closed stdout: exit 3" "$?" 3

# --path (issue 10, item 11): a top-level object without the array is
# a bad record, rejected whole with --keep-going; the others are split.
# Three feature collections of 1,000 features, the second spelled
# "Features": 2,000 out, one reject holding all of the second, nothing
# of it out, and without --keep-going exit 1 naming its line.
fc() {	# fc KEY FIRST: a feature collection of 1,000 ids from FIRST
	awk -v k="$1" -v f="$2" 'BEGIN { printf "{\"type\":\"FeatureCollection\",\"%s\":[", k
		for (i = 0; i < 1000; i++) printf "%s{\"id\":%d}", (i ? "," : ""), f + i
		print "],\"bbox\":[0,0,1,1]}" }'
}
{ fc features 0; fc Features 1000; fc features 2000; } >"$T/fc.json"
dp-load-json --path features --rejects "$T/fc.rej" "$T/fc.json" >"$T/fc.out" 2>"$T/fc.err"
expect_eq "--path, key missing in the 2nd of 3 objects: exit 0" "$?" 0
expect_eq "--path, key missing in the 2nd: the 1st and 3rd split, in order" \
	"$(jq -r .id "$T/fc.out" | awk '{ s = s ($1 == (NR <= 1000 ? NR - 1 : NR + 999) ? "" : "x") }
		END { print NR, (s == "" ? "in order" : "wrong ids") }')" "2000 in order"
expect_eq "--path, key missing in the 2nd: one reject, the whole object" \
	"$(jq -c '[.line, .error, (.record.Features | length), .record.bbox]' "$T/fc.rej")" \
	'[2,"--path features: no key \"features\" in the top-level object",1000,[0,0,1,1]]'
dp-load-json --type T --path features "$T/fc.json" >"$T/fc.out" 2>"$T/fc.err"
expect_eq "--path, key missing, no --keep-going: exit 1 after the 1st object" \
	"$?|$(wc -l <"$T/fc.out")|$(sed 's|^.*/||' "$T/fc.err")" \
	'1|1000|fc.json:2: --path features: no key "features" in the top-level object'
# null, a scalar, an object where the array should be: each object
# rejected once, the run goes on.
printf '%s\n' '{"features":null}' '{"features":"x"}' '{"features":{"id":1}}' \
	'{"features":[{"id":2}]}' '[{"features":[{"id":3}]}]' >"$T/fw.json"
dp-load-json --path features --rejects "$T/fw.rej" "$T/fw.json" >"$T/fw.out" 2>/dev/null
expect_eq "--path to null, a string, an object, inside an array: rejected, the rest read" \
	"$?|$(jq -r .id "$T/fw.out")|$(jq -r .line "$T/fw.rej" | tr '\n' ' ')" "0|2|1 2 3 5 "

# With --path, memory stays flat too: the top-level object's text is
# kept only until the array is found.
genfc() {	# genfc N: a one-line feature collection of N features
	awk -v n="$1" 'BEGIN { printf "{\"type\":\"FeatureCollection\",\"features\":["
		for (i = 0; i < n; i++) printf "%s{\"id\":%d,\"name\":\"rec %d\"}", (i ? "," : ""), i, i
		printf "]}" }'
}
genfc 20000 >"$T/small.json"
genfc 200000 >"$T/big.json"
rss() { /usr/bin/time -f %M dp-load-json --path features "$1" 2>&1 >"$T/rss.out" | tail -1; }
small=$(rss "$T/small.json")
big=$(rss "$T/big.json")
expect_eq "--path: 200000 features" "$(wc -l <"$T/rss.out")" 200000
if [ $((big - small)) -lt 16384 ]; then ok "--path: memory flat: ${small}KB vs ${big}KB"
else fail "--path: memory flat" "peak RSS ${small}KB for 20k features, ${big}KB for 200k"; fi

# Written or rejected, never both (issue 10, items 9 and 10). The
# corpora: put CLASS TEXT adds a line (@N in TEXT: its number) and its
# class: G a record that must come out once (id "L<N>") and not be
# rejected, B a line rejected once (its reject's text starts with it,
# or ends with it: a value over several lines is rejected at the line
# of its error) with nothing of it out, - a line that is neither
# (blank, or inside a pretty-printed value).
put() {
	n=$((n + 1))
	printf '%s\n' "${2//@N/$n}" >>"$in"
	echo "$n $1" >>"$cls"
}
corpus() { in=$T/$1.json cls=$T/$1.class n=0; : >"$in"; : >"$cls"; }
good() { put G '{"id":"L@N","v":@N}'; }
pretty() {	# a good value spread over four lines
	local first=$((n + 1))
	put G '{'
	put - "  \"id\": \"L$first\","
	put - '  "list": [1, 2]'
	put - '}'
}
# conserved NAME: the corpus's run ($in -> $T/c.out, $T/c.rej) keeps
# each record as its class says, the records in input order.
conserved() {
	local want got texts order
	want=$(awk '$2 == "G" { print "L" $1 " out" } $2 == "B" { print "L" $1 " rejected" }' "$cls" | sort)
	got=$({ jq -r '.id + " out"' "$T/c.out"; jq -r '"L\(.line) rejected"' "$T/c.rej"; } | sort)
	order=$(jq -r '.id[1:]' "$T/c.out" | sort -n -c 2>&1 && echo sorted)
	texts=$(jq -n -r --rawfile src "$in" '($src | split("\n")) as $l | inputs
		| $l[.line - 1] as $s
		| select(.text | type != "string" or (startswith($s) or endswith($s) | not))
		| "line \(.line): \(.text)"' "$T/c.rej")
	if [ "$got" = "$want" ] && [ "$order" = sorted ] && [ -z "$texts" ]; then ok "$1"
	else fail "$1" "$(diff <(echo "$want") <(echo "$got") | grep '^[<>]' | head -5 | tr '\n' ' ') $order $texts"; fi
}
# run_both NAME FIRST_BAD: with --rejects (exit 0, conserved) and
# without --keep-going (exit 1 naming line FIRST_BAD, the output the
# good records before it, the start of the --rejects run's).
run_both() {
	rm -f "$T/c.rej"
	dp-load-json --type T --rejects "$T/c.rej" "$in" >"$T/c.out" 2>"$T/c.err"
	expect_eq "$1, --rejects: exit 0" "$?" 0
	conserved "$1: each record out once or rejected once, never both"
	dp-load-json --type T "$in" >"$T/s.out" 2>"$T/s.err"
	expect_eq "$1, no --keep-going: exit 1 at line $2, the good records before it" \
		"$?|$(sed 's|^[^:]*: [^:]*:\([0-9]*\):.*|\1|' "$T/s.err")|$(jq -r .id "$T/s.out" | tr '\n' ' ')|$(head -c "$(wc -c <"$T/s.out")" "$T/c.out" | cmp -s - "$T/s.out" && echo prefix)" \
		"1|$2|$(awk -v b="$2" '$2 == "G" && $1 < b { printf "L%d ", $1 }' "$cls")|prefix"
}

corpus garbage
good
put B '{"id":"L@N"} x'
put B '{"id":"L@N"}}'
good
put B '{"id":"L@N"}{"id":"L@N"} x'
put B '{"id":"L@N"}]'
put B 'x {"id":"L@N"}'
put B '{"id":"L@N"} ,'
good
put B '[{"id":"L@N"}] x'
put B '[{"id":"L@N"},,{"id":"L@N"}]'
put B '[{"id":"L@N"} {"id":"L@N"}]'
put B '{"id":"L@N","n":1e400} x'
put B '{"id":"L@N","s":"\ude00"}}'
put - ''
good
put B '{"id":"L@N"} {"id":"L@N"} {'
good
run_both "garbage after a value on its line" 2

corpus truncated
good
put B '{"id":"L@N",'
good
put B '{"id":"L@N","s":"cut in a string'
good
put B '{"id":"L@N","a":[1,{"b":2'
put B '{"id":"L@N","a":'
put B '{"id":"L@N","a":['
put B '{"id":"L@N","a":{"b":'
good
put B '{"id":"L@N",'
pretty
pretty
put B '{"id":"L@N","a":'
put - ''
put - '   '
good
put B '{"id":"L@N"} {"id":"L@N",'
good
put B '{"id":"L@N",'
put B '{"id":"L@N",'
pretty
put B '{"id":"L@N"} {"a":'
put B '{"id":"L@N"},'
good
put B '{"id":"L@N","z":'
truncate -s -1 "$in"	# the last line has no '\n'
run_both "truncated lines" 2

# A pretty-printed value that is broken: its lines up to the error are
# one reject (at the error's line), each line after it one more, the
# next good line out; no inner line (an indented {}) comes out as a
# record.
corpus broken-pretty
good
put - '{'
put - '  "id": "L@N",'
put - '  "list": ['
put - '    {},'
put - '    {}'
put - '  ],'
put B '  "b": oops,'
put B '  "c": 3'
put B '}'
good
run_both "a broken pretty-printed value" 8

# 3,000 truncated lines in a row, then good ones: each truncated line
# rejected once, the good lines out, in linear time (past 64 in a row
# the lines read ahead are read one at a time).
corpus run
for i in $(seq 3000); do put B '{"id":"L@N","a":'; done
good
good
rm -f "$T/c.rej"
dp-load-json --type T --rejects "$T/c.rej" "$in" >"$T/c.out" 2>/dev/null
conserved "3,000 truncated lines in a row: each rejected once, the good lines out"

# Arrays (input that starts with '['), split in chunks of 256 KB: a bad
# element that parses is rejected and the rest read; a syntax error
# ends the run (exit 1, with --keep-going too, saying the rest is not
# read) after exactly the elements before it, none lost or doubled.
arr() {	# arr BAD...: a one-line array of ids 0..99999, element i replaced by BAD i
	awk -v bad="$*" 'BEGIN { nb = split(bad, b, " "); for (i = 1; i <= nb; i += 2) r[b[i]] = b[i + 1]
		for (pad = "a"; length(pad) < 300000;) pad = pad pad
		printf "["; for (i = 0; i < 100000; i++) { printf "%s", (i ? "," : "")
			if (!(i in r)) printf "{\"id\":%d,\"name\":\"rec %d\"}", i, i
			else if (r[i] == "int") printf "%d", i
			else if (r[i] == "big") printf "{\"id\":%d,\"n\":1e400}", i
			else if (r[i] == "surrogate") printf "{\"id\":%d,\"s\":\"%s\\ude00\"}", i, pad
			else printf "{\"id\":%d,\"x\":tru}", i }
		print "]" }'
}
arr 20000 int 50000 surrogate 77777 big >"$T/arr.json"
rm -f "$T/c.rej"
dp-load-json --rejects "$T/c.rej" "$T/arr.json" >"$T/c.out" 2>/dev/null
expect_eq "array, 3 bad elements (one of 512 KB, across chunk boundaries): exit 0" "$?" 0
expect_eq "array, 3 bad elements: 99,997 out once each in order, the 3 rejected" \
	"$(jq -r .id "$T/c.out" | awk '{ while (e == 20000 || e == 50000 || e == 77777) e++
		if ($1 != e) { print "at", NR, "got", $1, "want", e; exit } e++ } END { print NR }')|$(jq -c '.record | if type == "object" then .id else . end' "$T/c.rej" | tr '\n' ' ')" \
	"99997|20000 50000 77777 "
arr 50000 syntax >"$T/arr.json"
for kg in --keep-going ''; do
	dp-load-json $kg "$T/arr.json" >"$T/c.out" 2>"$T/c.err"
	expect_eq "array, syntax error at element 50,000 ${kg:-without --keep-going}: exit 1, elements 0..49999 once" \
		"$?|$(jq -r .id "$T/c.out" | awk '$1 != NR - 1 { print "at", NR; exit } END { print NR }')|$(grep -c 'the rest of the input is not read' "$T/c.err")" \
		"1|50000|$([ -n "$kg" ] && echo 1 || echo 0)"
done
arr >"$T/arr.json"
{ head -c -1 "$T/arr.json"; printf ' x\n{"id":"after"}\n'; } >"$T/arr2.json"
dp-load-json --keep-going "$T/arr2.json" >"$T/c.out" 2>"$T/c.err"
expect_eq "array, garbage after its ']': exit 1 after all 100,000 elements, the rest not read" \
	"$?|$(wc -l <"$T/c.out")|$(grep -c 'the rest of the input is not read' "$T/c.err")" "1|100000|1"

# Random mixes (three seeds): 2,000 records, some pretty-printed over
# four lines, some two to a line, about one in ten damaged (cut short
# at a random byte, or garbage after it on its line; never a closing
# bracket right after a line left open, which would make valid JSON of
# the two). Every undamaged record comes out exactly once, in order; no
# damaged one comes out; each damaged line is in a reject; without
# --keep-going the output is the start of the --keep-going output.
for seed in 1 2 3; do
	awk -v seed="$seed" -v dir="$T" 'BEGIN { srand(seed)
		split(" x|,| :|}|]| {| [| {\"a\":| [1,", garbage, "|")	# 4, 5 close; 6-9 open
		for (i = 1; i <= 2000; i++) {
			rec = sprintf("{\"id\":\"L%d\",\"v\":[%d,\"s %d\"],\"o\":{\"k\":%d.5}}", i, i, i, i)
			r = rand()
			if (r < 0.10) {
				if (r < 0.05) {
					line = substr(rec, 1, 1 + int(rand() * (length(rec) - 1)))
					opened = 1
				} else {
					g = open ? 1 + int(rand() * 3) : 1 + int(rand() * 9)
					line = rec garbage[g]
					opened = g >= 6
				}
				print line; print line > (dir "/mix.bad"); print "L" i " B" > (dir "/mix.class")
				open = opened
				continue
			}
			open = 0
			print "L" i " G" > (dir "/mix.class")
			if (r < 0.15)
				printf "{\n  \"id\": \"L%d\",\n  \"v\": [%d]\n}\n", i, i
			else if (r < 0.20 && i < 2000) {
				i++; print "L" i " G" > (dir "/mix.class")
				printf "%s {\"id\":\"L%d\"}\n", rec, i
			} else
				print rec
		} }' >"$T/mix.json"
	rm -f "$T/mix.rej"
	dp-load-json --rejects "$T/mix.rej" "$T/mix.json" >"$T/mix.out" 2>/dev/null
	st=$?
	dp-load-json "$T/mix.json" >"$T/mix.stop" 2>/dev/null
	stop_st=$?
	ids=$(diff <(awk '$2 == "G" { print $1 }' "$T/mix.class") <(jq -r .id "$T/mix.out") | grep '^[<>]' | head -3 | tr '\n' ' ')
	missing=$(jq -r -n --rawfile rej "$T/mix.rej" '[$rej | split("\n")[] | select(. != "") | fromjson | .text // ""] | join("\n") as $all
		| inputs | select(. as $b | $all | contains($b) | not)' --raw-input "$T/mix.bad" | head -3)
	expect_eq "random mix $seed: undamaged records out once in order, damaged ones not, each damaged line rejected" \
		"$st|$(grep -c . "$T/mix.out")|$ids|$missing|$stop_st|$(head -c "$(wc -c <"$T/mix.stop")" "$T/mix.out" | cmp -s - "$T/mix.stop" && echo prefix)" \
		"0|$(grep -c ' G' "$T/mix.class")|||1|prefix"
done
