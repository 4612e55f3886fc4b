# dp-chunk: the chunk invariants, checked by an independent checker
# (Node.js), on the real data and on generated text; big and broken
# inputs; byte-identical output under GNU parallel.
. "$DP_TOP/tests/lib.sh"

if ! command -v node >/dev/null 2>&1; then
	skip "chunk invariants" "node not found (scripts/bootstrap installs it)"
	exit 0
fi

# check.js INPUT OUTPUT LABEL FIELD ID_FIELD STRATEGY UNIT SIZE:
# one "ok"/"FAIL" line for the whole run. Checks per input record, in
# order: chunk_index 0..count-1, chunk_count, chunk_id, parent_id (for a
# record without an id, 32 hex digits, the same for all its chunks and
# for no other record); the
# chunk text is the parent's code points [chunk_start, chunk_end); chunks
# are non-empty, trimmed, in order, within the size (except one word)
# and cover every non-whitespace character; other fields are unchanged
# and keep their order, new fields come last.
cat >"$T/check.js" <<'EOF'
const fs = require('fs');
const [input, output, label, field, idField, strategy, unit, sizeArg] =
	process.argv.slice(2);
const size = Number(sizeArg);
const WS = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/u;
const WSG = new RegExp(WS.source + '+', 'gu');
const NEW = ['chunk_index', 'chunk_count', 'chunk_id', 'parent_id',
	'chunk_start', 'chunk_end'];
const lines = s => s.split('\n').filter(l => l.length);
const ins = lines(fs.readFileSync(input, 'utf8')).map(l => JSON.parse(l));
const outs = lines(fs.readFileSync(output, 'utf8')).map(l => JSON.parse(l));
let o = 0, error = ins.length ? null : 'no input records', chunks = 0;
const fail = (i, msg) => { if (!error) error = `record ${i + 1}: ${msg}`; };
const hashed = new Map();	/* fallback id -> the record it stands for */

for (let i = 0; i < ins.length && !error; i++) {
	const rec = ins[i], idv = rec[idField];
	let id = typeof idv === 'string' && idv !== '' ? idv
		: Number.isInteger(idv) ? String(idv) : null;
	if (o >= outs.length) { fail(i, 'no chunk'); break; }
	if (id === null) {
		id = outs[o].parent_id;
		const same = JSON.stringify(rec);
		if (!/^[0-9a-f]{32}$/.test(id))
			fail(i, `fallback parent_id ${id} is not 32 hex digits`);
		else if (hashed.has(id) && hashed.get(id) !== same)
			fail(i, `fallback parent_id ${id} of another record too`);
		hashed.set(id, same);
	}
	const n = outs[o].chunk_count;
	if (!Number.isInteger(n) || n < 1) { fail(i, `chunk_count ${n}`); break; }
	const text = rec[field];
	const cps = typeof text === 'string' ? Array.from(text) : null;
	const blank = cps === null || !cps.some(c => !WS.test(c));
	const wantKeys = Object.keys(rec).concat(NEW.filter(k => !(k in rec)));
	const covered = cps ? new Uint8Array(cps.length) : null;
	let prev = null;
	for (let k = 0; k < n && !error; k++, o++) {
		const c = outs[o];
		if (!c) { fail(i, `only ${k} of ${n} chunks`); break; }
		const got = JSON.stringify(Object.keys(c));
		if (got !== JSON.stringify(wantKeys))
			fail(i, `keys ${got}`);
		for (const key of Object.keys(rec))
			if (key !== field && !NEW.includes(key) &&
			    JSON.stringify(c[key]) !== JSON.stringify(rec[key]))
				fail(i, `field ${key} changed`);
		if (c.chunk_index !== k || c.chunk_count !== n ||
		    c.chunk_id !== `${id}#${k}` || c.parent_id !== id)
			fail(i, `chunk ${k}: ids ${c.chunk_index} ${c.chunk_count} ${c.chunk_id} ${c.parent_id}`);
		const s = c.chunk_start, e = c.chunk_end;
		if (cps === null) {
			if (n !== 1 || s !== 0 || e !== 0 ||
			    JSON.stringify(c[field]) !== JSON.stringify(text))
				fail(i, 'missing text not passed through');
			continue;
		}
		if (!(Number.isInteger(s) && Number.isInteger(e) && 0 <= s &&
		      s <= e && e <= cps.length)) {
			fail(i, `chunk ${k}: offsets ${s} ${e}`);
			continue;
		}
		if (c[field] !== cps.slice(s, e).join(''))
			fail(i, `chunk ${k}: text is not the parent's [${s},${e})`);
		covered.fill(1, s, e);
		if (blank || strategy === 'none') {
			if (n !== 1 || s !== 0 || e !== cps.length)
				fail(i, 'whole text expected');
			continue;
		}
		const chunk = cps.slice(s, e);
		if (!chunk.length || WS.test(chunk[0]) || WS.test(chunk[chunk.length - 1]))
			fail(i, `chunk ${k}: empty or not trimmed`);
		const words = c[field].split(WSG).filter(w => w).length;
		const measure = unit === 'chars' ? chunk.length : words;
		if (measure > size && words !== 1)
			fail(i, `chunk ${k}: ${measure} ${unit} > ${size}`);
		if (prev && (s <= prev[0] || e <= prev[1]))
			fail(i, `chunk ${k}: out of order`);
		prev = [s, e];
	}
	if (cps && !blank && !error)
		for (let j = 0; j < cps.length; j++)
			if (!covered[j] && !WS.test(cps[j])) {
				fail(i, `code point ${j} not covered`);
				break;
			}
	chunks += n;
}
if (!error && o !== outs.length)
	error = `${outs.length - o} chunk records too many`;
console.log(error ? `FAIL ${label}: ${error}`
	: `ok ${label}: ${ins.length} records, ${chunks} chunks`);
EOF

# run_check INPUT LABEL FIELD ID_FIELD [dp-chunk OPTION]...: chunk INPUT
# with the options and check the output.
run_check() {
	local in=$1 label=$2 field=$3 idf=$4 strategy=sentence unit=words size=200
	shift 4
	local a prev=
	for a in "$@"; do
		case $prev in
		--strategy) strategy=$a ;;
		--unit) unit=$a ;;
		--size) size=$a ;;
		esac
		prev=$a
	done
	if ! dp-chunk --field "$field" --id-field "$idf" "$@" "$in" \
		>"$T/chunks" 2>"$T/err"; then
		fail "$label" "dp-chunk failed: $(head -c 300 "$T/err")"
		return
	fi
	node "$T/check.js" "$in" "$T/chunks" "$label" "$field" "$idf" \
		"$strategy" "$unit" "$size"
}

# Every strategy and unit, some with overlap.
configs=(
	"--strategy none"
	"--strategy sentence --size 200"
	"--strategy sentence --size 20"
	"--strategy sentence --size 15 --overlap 6"
	"--strategy sentence --unit chars --size 200 --overlap 60"
	"--strategy sentence --unit chars --size 12"
	"--strategy fixed --size 25 --overlap 5"
	"--strategy fixed --unit chars --size 100 --overlap 20"
	"--strategy fixed --unit chars --size 8 --overlap 5"
	"--strategy paragraph --size 40"
	"--strategy paragraph --unit chars --size 300 --overlap 100"
	"--strategy semantic --size 200"
	"--strategy semantic --size 30 --overlap 10 --breakpoint-percentile 50"
	"--strategy semantic --unit chars --size 250"
)

if need_shared "chunk real data"; then
	dp-load-json "$DP_SHARED_DATA"/real_estate/*.json >"$T/re"
	dp-load-sqlite "$DP_SHARED_DATA/wikipedia/wikipedia.db" \
		--preset wikipedia >"$T/wiki" 2>/dev/null
	for cfg in "${configs[@]}"; do
		# shellcheck disable=SC2086
		run_check "$T/re" "real estate description: $cfg" description \
			entity_id $cfg
		# shellcheck disable=SC2086
		run_check "$T/wiki" "wikipedia long_summary: $cfg" \
			long_summary page_id $cfg
	done
	if command -v dp-enrich >/dev/null 2>&1; then
		{ dp-load-json "$DP_SHARED_DATA"/real_estate/properties_*.json \
			"$DP_SHARED_DATA"/real_estate/neighborhoods_*.json
		  cat "$T/wiki"; } | dp-enrich \
			--locations "$DP_SHARED_DATA/real_estate/locations.json" \
			>"$T/unified" 2>"$T/err"
		if [ -s "$T/unified" ]; then
			run_check "$T/unified" "dp-enrich | dp-chunk, defaults" \
				embedding_text entity_id
			run_check "$T/unified" "dp-enrich | dp-chunk, semantic" \
				embedding_text entity_id --strategy semantic --size 40
		else
			skip "dp-enrich | dp-chunk" "dp-enrich gave no records: $(head -c 200 "$T/err")"
		fi
	fi

	# Stateless per record: GNU parallel gives the same bytes.
	dp-chunk --field long_summary --id-field page_id --size 40 \
		--strategy semantic "$T/wiki" >"$T/plain"
	parallel --pipe -k -N 7 dp-chunk --field long_summary \
		--id-field page_id --size 40 --strategy semantic \
		<"$T/wiki" >"$T/par"
	expect_eq "parallel --pipe -k gives identical output" \
		"$(cmp -s "$T/plain" "$T/par" && echo same) $(wc -l <"$T/par")" \
		"same $(wc -l <"$T/plain")"
fi

# Generated records: random words, abbreviations, decimals, long words,
# unicode, control characters, blank lines; missing, null, empty and
# blank texts; string, integer and missing ids.
cat >"$T/gen.js" <<'EOF'
let state = 12345;
const rnd = k => { state = (state * 48271) % 2147483647; return state % k; };
const pick = a => a[rnd(a.length)];
const vocab = ['the', 'house', 'has', 'three', 'bedrooms', 'and', 'a', 'view',
	'of', 'Park', 'City', 'Dr.', 'St.', 'Mr.', 'Mrs.', 'Ms.', 'Jr.', 'Inc.',
	'Ave.', 'U.S.', 'e.g.', 'i.e.', '3.5', '1,200.50', '$4.25', 'café',
	'naïve', '日本語', 'Ωmega', 'Ärger', '😀', '"quoted"', '(aside)', 'end.',
	'Why?', 'Yes!', 'etc.', 'No.', 'x', 'b.', 'J.', '42.', 'tab\u0000nul',
	'ctl\u0001x', 'back\\slash', '\u201cOK.\u201d', 'Élan'];
const gaps = [' ', ' ', ' ', ' ', ' ', ' ', '  ', '\t', '\n', '\n\n',
	'\r\n\r\n', '\u00a0', '\u3000', ' \n \n ', '\u2029', '\u2028'];
const out = [];
for (let i = 0; i < 3000; i++) {
	const r = {};
	const idk = rnd(10);
	if (idk < 6) r.entity_id = `gen-${i}`;
	else if (idk < 8) r.entity_id = i;
	else if (idk < 9) r.entity_id = null;
	r.n = i;
	const tk = rnd(40);
	if (tk === 0) { /* missing */ }
	else if (tk === 1) r.text = null;
	else if (tk === 2) r.text = '';
	else if (tk === 3) r.text = ' \n\t\u3000 ';
	else {
		const nw = rnd(i % 20 ? 80 : 900);
		let s = rnd(4) ? '' : pick(gaps);
		for (let w = 0; w < nw; w++) {
			if (rnd(50) === 0) s += 'w'.repeat(1 + rnd(300));
			else s += pick(vocab);
			if (rnd(8) === 0) s += pick(['.', '?', '!', '."']);
			if (w + 1 < nw || rnd(4) === 0) s += pick(gaps);
		}
		r.text = s;
	}
	if (rnd(10) === 0) r.chunk_index = 'old';
	if (rnd(10) === 0) r.parent_id = 7;
	r.after = [1, { k: 2.5 }];
	out.push(JSON.stringify(r));
}
process.stdout.write(out.join('\n') + '\n');
EOF
node "$T/gen.js" >"$T/gen"
for cfg in "${configs[@]}" "--strategy sentence --size 1" \
	"--strategy fixed --size 1" "--strategy paragraph --unit chars --size 1"; do
	# shellcheck disable=SC2086
	run_check "$T/gen" "generated: $cfg" text entity_id $cfg
done

# One word of 1 MB: one chunk (sentence), 1 MB / 90 windows (fixed chars);
# ten 1 MB records of short words: linear time.
{ printf '{"entity_id":"w","embedding_text":"'
  head -c 1048576 /dev/zero | tr '\0' 'x'; printf '"}\n'; } >"$T/word"
expect_eq "1 MB word, sentence: one chunk" \
	"$(dp-chunk --size 10 "$T/word" | jq -c '[.chunk_count, .chunk_end]')" \
	'[1,1048576]'
expect_eq "1 MB word, fixed chars: windows" \
	"$(dp-chunk --strategy fixed --unit chars --size 100 --overlap 10 "$T/word" |
	   tail -1 | jq -c '[.chunk_count, .chunk_start, .chunk_end]')" \
	'[11651,1048500,1048576]'
awk 'BEGIN { srand(7); for (r = 0; r < 10; r++) {
	printf "{\"entity_id\":\"r%d\",\"embedding_text\":\"", r
	for (i = 0; i < 150000; i++)
		printf "%s%s", (rand() < 0.1 ? "Word." : "word"),
			(rand() < 0.01 ? "\\n\\n" : " ")
	print "\"}" } }' >"$T/big"
for st in sentence fixed paragraph semantic; do
	start=$(date +%s%N)
	n=$(dp-chunk --strategy "$st" --size 50 --overlap 10 "$T/big" | wc -l)
	ms=$(( ($(date +%s%N) - start) / 1000000 ))
	if [ "$n" -gt 10000 ] && [ "$ms" -lt 20000 ]; then
		ok "10 MB of words, $st: $n chunks in ${ms} ms"
	else
		fail "10 MB of words, $st" "$n chunks in ${ms} ms"
	fi
done

# Invalid UTF-8 never reaches the chunker: the reader rejects the line.
printf '{"embedding_text":"ok"}\n{"embedding_text":"a\377b"}\n{"embedding_text":"c"}\n' >"$T/bad"
dp-chunk "$T/bad" >"$T/out" 2>"$T/err"
expect_eq "invalid UTF-8: exit 1 after the good record" \
	"$?:$(wc -l <"$T/out")" "1:1"
dp-chunk --keep-going "$T/bad" >"$T/out" 2>"$T/err"
expect_eq "invalid UTF-8 with --keep-going: rejected, others go on" \
	"$?:$(wc -l <"$T/out"):$(grep -c '(record rejected)' "$T/err")" "0:2:1"
