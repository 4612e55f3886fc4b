#!/usr/bin/env bash
# The unified schema's table in dp(7) (UNIFIED SCHEMA) against what the
# programs do, whose fields all come from one table in the code
# (src/lib/core/unified.h): dp-to-parquet's unified schema (names, types,
# required, order), the fields dp-enrich writes and their order, and the
# ones dp-chunk, dp-embed and dp-search add. A change to either side
# alone fails here.
. "$DP_TOP/tests/lib.sh"

# The man page's rows: name, type, required (yes/no), stage; tab-separated.
awk '/^\.Sh UNIFIED SCHEMA/ { on = 1; next }
	/^\.Sh/ { on = 0 }
	on && /^\.It Li / {
		sub(/^\.It Li /, "")
		if (split($0, c, / Ta /) != 4)
			print "bad row: " $0
		else
			print c[1] "\t" c[2] "\t" c[3] "\t" c[4]
	}' "$DP_TOP/man/dp.7" >"$T/man"

# The man page's field names of the given stages, in its order, one a line.
names() {
	local stage out=
	for stage in "$@"; do
		out+=$(awk -F'\t' -v s="$stage" '$4 == s { print $1 }' "$T/man")
		out+=$'\n'
	done
	printf '%s' "$out" | sed '/^$/d'
}

# The keys of the first record of $2 that the first record of $1 lacks,
# in their order, one a line.
added_keys() {
	jq -r --argjson old "$(head -1 "$1" | jq -c keys_unsorted)" \
		'keys_unsorted - $old | .[]' <(head -1 "$2")
}

n=$(wc -l <"$T/man")
bad=$(awk -F'\t' '$3 != "yes" && $3 != "no" ||
	$4 !~ /^(enrich|lineage|chunk|embed|search)$/' "$T/man")
if [ "$n" -lt 40 ] || [ -n "$bad" ]; then
	fail "dp.7 has the unified schema table" \
		"$n rows; not understood: $(head -3 <<<"$bad")"
else
	ok "dp.7 has the unified schema table ($n fields)"
fi

# dp-to-parquet --print-schema spells each field "name type[ required]".
want=$(awk -F'\t' '{ print $1 " " $2 ($3 == "yes" ? " required" : "") }' \
	"$T/man")
got=$(dp-to-parquet --print-schema </dev/null 2>&1)
expect_eq "dp-to-parquet --print-schema: the table's fields, types, required, order" \
	"$got" "$want"

# One record through the pipeline: each stage's new fields.
cat >"$T/in" <<'EOF'
{"entity_type":"PROPERTY","listing_id":"p-1","address":{"street":"1 Main St","city":"SF","state":"CA"},"listing_price":1000000,"property_details":{"bedrooms":3,"square_feet":1500},"description":"A house with a pool. Near the park.","features":["Pool"],"source_file":"p.json","source_type":"json","ingested_at":"2023-11-14T22:13:20.000000Z"}
EOF
dp-enrich <"$T/in" >"$T/enriched" 2>"$T/err"
expect_eq "dp-enrich: the enrich fields, then the lineage fields, in order" \
	"$(jq -r 'keys_unsorted[]' "$T/enriched")" "$(names enrich lineage)"
dp-chunk --size 4 <"$T/enriched" >"$T/chunked" 2>"$T/err"
expect_eq "dp-chunk: adds the chunk fields, in order" \
	"$(added_keys "$T/enriched" "$T/chunked")" "$(names chunk)"
dp-embed --provider hash <"$T/chunked" >"$T/embedded" 2>"$T/err"
expect_eq "dp-embed: adds the embed fields, in order" \
	"$(added_keys "$T/chunked" "$T/embedded")" "$(names embed)"
dp-search --provider hash -k 1 pool <"$T/embedded" >"$T/found" 2>"$T/err"
expect_eq "dp-search: adds the search field" \
	"$(added_keys "$T/embedded" "$T/found")" "$(names search)"
