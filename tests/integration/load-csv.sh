# dp-load-csv on real and generated files: values survive a round trip,
# large files keep every row, output is reproducible, and the man page
# documents every option of --help.
. "$DP_TOP/tests/lib.sh"

# The shared locations list written as CSV with jq, loaded back: 293
# records whose values are the source's.
locations_round_trip() {
	local src=$DP_SHARED_DATA/real_estate/locations.json
	need_shared locations-round-trip || return
	jq -r '["city", "county", "neighborhood", "state", "zip_code"],
		(.[] | [.city, .county, .neighborhood, .state, .zip_code])
		| @csv' "$src" >"$T/locations.csv"
	jq -c '.[] | {city, county, neighborhood, state, zip_code}
		| map_values(. // "")' "$src" >"$T/want"

	dp-load-csv --types string "$T/locations.csv" >"$T/got" 2>"$T/err"
	expect_eq locations-status "$?" 0
	expect_eq locations-count "$(wc -l <"$T/got")" 293
	jq -c '{city, county, neighborhood, state, zip_code}' "$T/got" \
		>"$T/got.values"
	if cmp -s "$T/want" "$T/got.values"; then
		ok locations-values
	else
		fail locations-values \
			"$(diff "$T/want" "$T/got.values" | head -3)"
	fi

	# --types auto: a missing neighborhood is null, zip codes numbers
	# unless they have a leading zero; the same text either way.
	gzip -c "$T/locations.csv" >"$T/locations.csv.gz"
	dp-load-csv "$T/locations.csv.gz" |
		jq -c '{city, county, neighborhood, state,
			zip_code: (.zip_code | tostring)}' >"$T/got.auto"
	jq -c '.[] | {city, county, neighborhood, state, zip_code}' "$src" \
		>"$T/want.auto"
	if cmp -s "$T/want.auto" "$T/got.auto"; then
		ok locations-auto-gzip
	else
		fail locations-auto-gzip \
			"$(diff "$T/want.auto" "$T/got.auto" | head -3)"
	fi
}

# 10,000 generated rows with quotes, commas and line breaks in fields,
# spanning many read buffers: every row arrives with its values.
large_file() {
	awk 'BEGIN {
		print "id,name,price,code"
		for (i = 1; i <= 10000; i++)
			printf "%d,\"name \"\"%d\"\", part\n%d\",%d.25,0%d\n",
				i, i, i % 7, i, i
	}' >"$T/big.csv"
	awk 'BEGIN { for (i = 1; i <= 10000; i++)
		printf "name \"%d\", part\n%d\n", i, i % 7 }' |
		cksum >"$T/want.names"

	dp-load-csv --type T "$T/big.csv" >"$T/big.ndjson" 2>"$T/err"
	expect_eq large-status "$?" 0
	expect_eq large-count "$(wc -l <"$T/big.ndjson")" 10000
	expect_eq large-sums \
		"$(jq -s -r '[(map(.id) | add), (map(.price) | add),
			(map(.code | ltrimstr("0") | tonumber) | add)]
			| @csv' "$T/big.ndjson")" \
		"50005000,50007500,50005000"
	expect_eq large-names "$(jq -r .name "$T/big.ndjson" | cksum)" \
		"$(cat "$T/want.names")"
	expect_eq large-quiet "$(cat "$T/err")" ""

	# SOURCE_DATE_EPOCH (set by the runner) makes a rerun byte-identical.
	if dp-load-csv --type T "$T/big.csv" | cmp -s - "$T/big.ndjson"; then
		ok large-reproducible
	else
		fail large-reproducible "a second run gave other bytes"
	fi
}

# Every long option --help lists is documented in the man page.
man_page_options() {
	local man=$DP_TOP/man/dp-load-csv.1 opt missing=
	for opt in $(dp-load-csv --help | grep -o -- '--[a-z-]*' | sort -u); do
		grep -q -- "Fl \\\\${opt#-}" "$man" || missing="$missing $opt"
	done
	expect_eq man-options "$missing" ""
	if command -v mandoc >/dev/null; then
		expect_eq man-lint "$(mandoc -Tlint -W warning "$man" 2>&1)" ""
	else
		skip man-lint "mandoc not installed"
	fi
}

# NUL bytes are kept, never cut at (issue 10, item 17): in unquoted and
# quoted fields, in a column name, in a numeric-looking field under
# --types auto (a string then), in TSV, and a run of them across the
# 64 KB read buffer. Each value is checked byte for byte.
nul_bytes() {
	printf 'h\0x,y\n"a\0b","1\0"\nc\0,\0\n' >"$T/nul.csv"
	dp-load-csv "$T/nul.csv" >"$T/nul.out" 2>"$T/err"
	expect_eq nul-kept "$?|$(jq -c '[.["h\u0000x"], .y]' "$T/nul.out" | tr '\n' ' ')" \
		'0|["a\u0000b","1\u0000"] ["c\u0000","\u0000"] '
	printf 'x\ty\n\0\t1\0\n' >"$T/nul.tsv"
	expect_eq nul-kept-tsv \
		"$(dp-load-csv --delimiter "$(printf '\t')" "$T/nul.tsv" | jq -c '[.x, .y]')" \
		'["\u0000","1\u0000"]'
	{ printf 'x,y\n'; head -c 65530 /dev/zero | tr '\0' a
	  printf '\0\0\0\0\0\0\0\0b,1\n'; } >"$T/nul-big.csv"
	expect_eq nul-across-buffers \
		"$(dp-load-csv "$T/nul-big.csv" | jq -c '.x | [length, (explode | map(select(. == 0)) | length), .[-2:]]')" \
		'[65539,8,"\u0000b"]'
}

locations_round_trip
large_file
nul_bytes
man_page_options
