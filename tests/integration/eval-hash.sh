# The retrieval evaluation of the hash embedder at its defaults (1024
# dimensions) over the 50 gold articles ($DP_SHARED_DATA/eval): embed
# `title | city, state | long_summary` of each, rank them for each query
# with dp-search, and score the top 10 as reference-pipeline.md section
# 8.4 defines: MRR, and micro ("overall") F1 with a grade > 0 counting
# as relevant. Two query sets: the gold set's 40 queries (reported
# whole and in halves: the odd-numbered ones, geo_001, geo_003, ..., were
# half of issue 12's tuning split; the even-numbered ones were held
# back), and tests/eval/paraphrase.json's 48 queries that describe an
# article without its names (held back too). Each is run with three
# hash seeds (DP_HASH_SEED 0, the default, 1 and 2), and the minimum
# over the seeds must reach the figures reached when hash-v3 was made
# (issue 12 asked for voyage-3's MRR 0.866 and F1 0.406 on gold; see
# dp-embed(1) for the spread over more seeds). A reference BM25 ranker
# (tests/eval/bm25.awk) is scored on the same queries for comparison.
. "$DP_TOP/tests/lib.sh"

# The word table: the generator gives the same bytes as the built one.
gen=$DP_TOP/build/gen/gen_hash_words
if [ -x "$gen" ] && [ -d "${WORDNET:-/usr/share/wordnet}" ]; then
	"$gen" "${WORDNET:-/usr/share/wordnet}" >"$T/words.c"
	cmp -s "$T/words.c" "$DP_TOP/build/gen/hash_words.c" &&
		ok "word table: the generator gives the same bytes" ||
		fail "word table: the generator gives the same bytes" "differ"
else
	skip "word table: the generator gives the same bytes" \
		"no build/gen/gen_hash_words or WordNet (make; scripts/bootstrap)"
fi

need_shared "eval-hash" || exit 0
E=$DP_SHARED_DATA/eval
P=$DP_TOP/tests/eval/paraphrase.json

jq -c '.articles[] | {page_id, title, embedding_text: ([.title,
	([.city, .state] | map(select(. != null and . != "")) | join(", ")),
	.long_summary] | map(select(. != "")) | join(" | "))}' \
	"$E/gold_articles.json" >"$T/articles.ndjson"
jq -r '[.page_id, .embedding_text] | @tsv' "$T/articles.ndjson" >"$T/docs.tsv"
jq -r '.queries[] | [.query_id, .query_text] | @tsv' "$E/gold_queries.json" >"$T/gold.tsv"
jq -r '.queries[] | [.query_id, .query_text] | @tsv' "$P" >"$T/para.tsv"

# metrics QUERIES.json RESULTS HALF: {"mrr":..,"f1":..} from result lines
# {"id":query_id,"page_id":..}; HALF all, odd (1st, 3rd, ... query) or even.
metrics() {
	jq -n --slurpfile r "$2" --slurpfile q "$1" --arg half "$3" '
	($r | group_by(.id) | map({key: .[0].id, value: map(.page_id)})
	    | from_entries) as $ret
	| [$q[0].queries | to_entries[]
	   | select($half == "all" or (.key % 2 == 0) == ($half == "odd"))
	   | .value | ($ret[.query_id] // []) as $list
	   | (.relevance_annotations | to_entries
	      | map(select(.value > 0) | .key | tonumber)) as $R
	   | {rr: ([range(0; $list | length)
	            | select(. as $i | any($R[]; . == $list[$i]))]
	           | if length > 0 then 1 / (.[0] + 1) else 0 end),
	      hits: ([$list[] | select(. as $p | any($R[]; . == $p))] | length),
	      n: ($list | length), nrel: ($R | length)}]
	| (map(.hits) | add) as $h
	| ($h / (map(.n) | add)) as $p | ($h / (map(.nrel) | add)) as $rc
	| {mrr: (map(.rr) | add / length), f1: (2 * $p * $rc / ($p + $rc))}
	| map_values(. * 10000 | round / 10000)'
}

# search EMBEDDED QUERIES.tsv > results
search() {
	local id text
	while IFS=$'\t' read -r id text; do
		dp-search --top 10 "$text" <"$1" |
			jq -c --arg id "$id" '{id: $id, page_id}'
	done <"$2"
}

# check NAME VALUE MIN
check() {
	if awk -v v="$2" -v m="$3" 'BEGIN { exit !(v >= m) }'; then
		ok "eval $1: $2 >= $3"
	else
		fail "eval $1" "$2, below $3"
	fi
}

min_gold_mrr=1 min_gold_f1=1 min_para_mrr=1
for seed in 0 1 2; do
	DP_HASH_SEED=$seed dp-embed <"$T/articles.ndjson" >"$T/emb.ndjson" ||
		{ fail "eval seed $seed" "dp-embed failed"; continue; }
	expect_eq "eval seed $seed: model and size" "$(jq -r \
		'[.embedding_model, .embedding_dimension] | @tsv' "$T/emb.ndjson" |
		sort -u)" "$(printf 'hash-v3\t1024')"
	DP_HASH_SEED=$seed search "$T/emb.ndjson" "$T/gold.tsv" >"$T/gold.res"
	DP_HASH_SEED=$seed search "$T/emb.ndjson" "$T/para.tsv" >"$T/para.res"
	line="hash-v3 seed $seed:"
	for half in all odd even; do
		m=$(metrics "$E/gold_queries.json" "$T/gold.res" $half)
		line="$line gold-$half MRR $(jq .mrr <<<"$m") F1 $(jq .f1 <<<"$m"),"
		[ $half = all ] && g=$m
	done
	m=$(metrics "$P" "$T/para.res" all)
	echo "$line paraphrase MRR $(jq .mrr <<<"$m") F1 $(jq .f1 <<<"$m")"
	min_gold_mrr=$(jq -n "[$min_gold_mrr, $(jq .mrr <<<"$g")] | min")
	min_gold_f1=$(jq -n "[$min_gold_f1, $(jq .f1 <<<"$g")] | min")
	min_para_mrr=$(jq -n "[$min_para_mrr, $(jq .mrr <<<"$m")] | min")
done
check "gold MRR, min over 3 seeds" "$min_gold_mrr" 0.886
check "gold F1@10, min over 3 seeds" "$min_gold_f1" 0.430
check "paraphrase MRR, min over 3 seeds" "$min_para_mrr" 0.887

# The reference: BM25 over the same texts (corpus statistics, which an
# embedder of one text at a time cannot have).
bm25() {
	awk -f "$DP_TOP/tests/eval/bm25.awk" "$T/docs.tsv" "$1" |
		jq -R -c 'split("\t") | {id: .[0], page_id: (.[1] | tonumber)}'
}
bm25 "$T/gold.tsv" >"$T/gold.bm25"
bm25 "$T/para.tsv" >"$T/para.bm25"
g=$(metrics "$E/gold_queries.json" "$T/gold.bm25" all)
m=$(metrics "$P" "$T/para.bm25" all)
echo "BM25 (reference): gold MRR $(jq .mrr <<<"$g") F1 $(jq .f1 <<<"$g"), paraphrase MRR $(jq .mrr <<<"$m") F1 $(jq .f1 <<<"$m")"
expect_eq "eval: BM25 reference ranks every query" \
	"$(jq -r .id "$T/gold.bm25" "$T/para.bm25" | uniq -c | awk '$1 != 10' | wc -l)" 0
