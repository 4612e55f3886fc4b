# Helpers for the dp-to-parquet tests (sourced after tests/lib.sh).
NPM=$DP_TOP/tests/npm

# Are node and the readers of tests/npm installed (scripts/bootstrap)?
have_readers() {
	command -v node >/dev/null 2>&1 &&
		[ -d "$NPM/node_modules/@duckdb/node-api" ] &&
		[ -d "$NPM/node_modules/parquet-wasm" ] &&
		[ -d "$NPM/node_modules/hyparquet" ] &&
		[ -d "$NPM/node_modules/apache-arrow" ]
}

# readers_agree NAME INPUT DIR [PARTITION_COLS] [SCHEMA_FILE]: DuckDB,
# arrow-rs (parquet-wasm) and hyparquet each read the dataset DIR back
# with every value and type equal to INPUT's records; the structural
# checker passes every file.
readers_agree() {
	local name=$1 input=$2 dir=$3 parts=${4:-} schema=${5:-$T/unified.schema}
	local r out
	if ! have_readers; then
		skip "$name: readers agree" "node or tests/npm/node_modules missing (run scripts/bootstrap)"
		return
	fi
	[ -s "$T/unified.schema" ] || dp-to-parquet --print-schema >"$T/unified.schema"
	for r in duckdb arrow hyparquet; do
		if out=$(cd "$NPM" && node compare.mjs "$r" "$schema" "$input" "$dir" "$parts" 2>&1); then
			ok "$name: $r reads every value back"
		else
			fail "$name: $r reads every value back" "$out"
		fi
	done
	if out=$(cd "$NPM" && node check.mjs "$dir" 2>&1); then ok "$name: file structure"
	else fail "$name: file structure" "$out"; fi
}

# row_groups DIR: the row group count of each file, from the checker.
row_groups() {
	(cd "$NPM" && node check.mjs "$1") |
		sed -n 's/.* \([0-9]*\) row groups.*/\1/p' | sort -n | tr '\n' ' '
}
