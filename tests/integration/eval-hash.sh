# The retrieval evaluation of the hash embedder on the gold set
# ($DP_SHARED_DATA/eval): embed `title | city, state | long_summary` of
# the 50 articles, rank them for each of the 40 queries with dp-search,
# and score the top 10 as reference-pipeline.md section 8.4 defines:
# MRR, and micro ("overall") F1 with a grade > 0 counting as relevant.
# Prints the figures and fails if they fall below the ones reached when
# this test was written (voyage-3's published figures: MRR 0.866, F1
# 0.406). Nothing here is tuned to a query.
. "$DP_TOP/tests/lib.sh"

need_shared "eval-hash" || exit 0
E=$DP_SHARED_DATA/eval

jq -c '.articles[] | {page_id, title, embedding_text: ([.title,
	([.city, .state] | map(select(. != null and . != "")) | join(", ")),
	.long_summary] | map(select(. != "")) | join(" | "))}' \
	"$E/gold_articles.json" >"$T/articles.ndjson"
jq -r '.queries[] | [.query_id, .query_text] | @tsv' \
	"$E/gold_queries.json" >"$T/queries.tsv"

# metrics RESULTS: {"mrr":..,"f1":..} from lines {"id":query_id,"page_id":..}
metrics() {
	jq -n --slurpfile r "$1" --slurpfile q "$E/gold_queries.json" '
	($r | group_by(.id) | map({key: .[0].id, value: map(.page_id)})
	    | from_entries) as $ret
	| [$q[0].queries[] | ($ret[.query_id] // []) as $list
	   | (.relevance_annotations | to_entries
	      | map(select(.value > 0) | .key | tonumber)) as $R
	   | {rr: ([range(0; $list | length)
	            | select(. as $i | any($R[]; . == $list[$i]))]
	           | if length > 0 then 1 / (.[0] + 1) else 0 end),
	      hits: ([$list[] | select(. as $p | any($R[]; . == $p))] | length),
	      n: ($list | length), nrel: ($R | length)}]
	| (map(.hits) | add) as $h
	| ($h / (map(.n) | add)) as $p | ($h / (map(.nrel) | add)) as $rc
	| {mrr: (map(.rr) | add / length), f1: (2 * $p * $rc / ($p + $rc))}'
}

# evaluate DIMS MIN_MRR MIN_F1
evaluate() {
	local dims=$1 min_mrr=$2 min_f1=$3 id text got mrr f1
	dp-embed --dimensions "$dims" <"$T/articles.ndjson" >"$T/emb.ndjson" ||
		{ fail "eval d$dims" "dp-embed failed"; return; }
	while IFS=$'\t' read -r id text; do
		dp-search --top 10 "$text" <"$T/emb.ndjson" |
			jq -c --arg id "$id" '{id: $id, page_id}'
	done <"$T/queries.tsv" >"$T/results.ndjson"
	got=$(metrics "$T/results.ndjson")
	mrr=$(jq -r '.mrr * 10000 | round / 10000' <<<"$got")
	f1=$(jq -r '.f1 * 10000 | round / 10000' <<<"$got")
	echo "hash-v1, $dims dimensions: MRR $mrr, F1@10 $f1 (voyage-3: MRR 0.866, F1 0.406)"
	if awk -v m="$mrr" -v f="$f1" -v a="$min_mrr" -v b="$min_f1" \
		'BEGIN { exit !(m >= a && f >= b) }'; then
		ok "eval d$dims: MRR $mrr >= $min_mrr, F1 $f1 >= $min_f1"
	else
		fail "eval d$dims" "MRR $mrr (min $min_mrr), F1 $f1 (min $min_f1)"
	fi
}

evaluate 1024 0.847 0.427
evaluate 2048 0.876 0.437
