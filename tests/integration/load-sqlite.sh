# dp-load-sqlite on the shared Wikipedia database (../shared/data).
. "$DP_TOP/tests/lib.sh"

db=$DP_SHARED_DATA/wikipedia/wikipedia.db
gold=$DP_SHARED_DATA/eval/gold_articles.json
need_shared load-sqlite || exit 0
if [ ! -f "$db" ]; then
	skip load-sqlite "no $db"
	exit 0
fi
if ! command -v jq >/dev/null; then
	skip load-sqlite "jq is not installed"
	exit 0
fi
before=$(sha256sum <"$db")

# jq_check NAME FILTER: FILTER, run on all records at once, must be true.
jq_check() {
	expect_eq "$1" "$(jq -s "$2" "$T/wiki.ndjson" 2>&1)" true
}

dp-load-sqlite "$db" --preset wikipedia >"$T/wiki.ndjson" 2>"$T/wiki.err"
expect_eq "preset: exit status" "$?" 0
expect_eq "preset: 50 records" "$(wc -l <"$T/wiki.ndjson")" 50
expect_eq "preset: report on stderr" "$(cat "$T/wiki.err")" \
	"dp-load-sqlite: $db: 50 articles; left out 0 without a long summary, collapsed 0 duplicate page ids"
jq_check "preset: exactly the listed fields, in order" '
	all(keys_unsorted == ["page_id", "title", "url", "short_summary",
		"long_summary", "key_topics", "categories", "best_city",
		"best_county", "best_state", "latitude", "longitude",
		"relevance_score", "overall_confidence", "entity_type",
		"source_file", "source_type", "ingested_at"])'
jq_check "preset: page ids are integers" \
	'all(.page_id | type == "number" and . == floor)'
jq_check "preset: page ids unique" 'map(.page_id) | length == (unique | length)'
jq_check "preset: sorted by relevance desc, then page id" '
	. as $a | all(range(1; length);
		$a[. - 1].relevance_score > $a[.].relevance_score or
		($a[. - 1].relevance_score == $a[.].relevance_score and
		 $a[. - 1].page_id < $a[.].page_id))'
jq_check "preset: key_topics and categories are arrays of strings" '
	all(.key_topics, .categories | type == "array" and all(type == "string"))'
jq_check "preset: some key_topics and categories" \
	'any(.key_topics | length > 0) and any(.categories | length > 0)'
jq_check "preset: every long summary present" \
	'all(.long_summary | type == "string" and length > 0)'
jq_check "preset: envelope" "all(.entity_type == \"WIKIPEDIA_ARTICLE\" and
	.source_type == \"sqlite\" and .source_file == \"$db\" and
	.ingested_at == \"2023-11-14T22:13:20.000000Z\")"
if [ -f "$gold" ]; then
	expect_eq "preset: the page ids of the gold article set" \
		"$(jq -s 'map(.page_id) | sort' "$T/wiki.ndjson")" \
		"$(jq '.articles | map(.page_id) | sort' "$gold")"
fi

dp-load-sqlite "$db" --table articles >"$T/articles.ndjson"
expect_eq "table: exit status" "$?" 0
expect_eq "table: 50 rows" "$(wc -l <"$T/articles.ndjson")" 50
expect_eq "table: entity type from the file name" \
	"$(jq -r .entity_type "$T/articles.ndjson" | sort -u)" WIKIPEDIA_ARTICLE

id=$(jq -s '.[0].page_id' "$T/wiki.ndjson")
expect_eq "query: --param selects one article" \
	"$(dp-load-sqlite "$db" --query 'SELECT pageid FROM articles WHERE pageid = ?1' --param "$id" | jq .pageid)" \
	"$id"

expect_status "query: a write is refused" 2 \
	dp-load-sqlite "$db" --query 'DELETE FROM page_summaries'
expect_eq "the database file is unchanged" "$(sha256sum <"$db")" "$before"
