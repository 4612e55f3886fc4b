#!/usr/bin/env bash
# bench.sh: dp-to-parquet beside DuckDB (read_json + COPY TO parquet) on
# the same NDJSON file of unified records, in the same run, same codec.
# Prints a markdown table: wall seconds, input MB/s, peak RSS, file size,
# and the ratios to DuckDB. Each tool's best of 3 runs counts.
#
#   tests/npm/bench.sh [COUNT] [CODEC]     (default 200000 zstd)
#
# The input (scripts/gen-data flattened by unified.jq) is cached under
# out/bench/. Needs bin/dp-to-parquet, jq and tests/npm/node_modules.
set -euo pipefail
cd "$(dirname "$0")/../.."
count=${1:-${BENCH_SIZE:-200000}}
codec=${2:-zstd}
dir=out/bench
input=$dir/unified_$count.ndjson
mkdir -p "$dir"
if [ ! -s "$input" ]; then
	scripts/gen-data --ndjson "$count" |
		jq -c '. + {entity_type: "PROPERTY", source_file: "gen.json",
			source_type: "json", ingested_at: "2026-11-25T11:42:30.123456Z"}' |
		jq -c -f tests/npm/unified.jq >"$input.tmp"
	mv "$input.tmp" "$input"
fi
bytes=$(stat -c %s "$input")
cat >"$dir/duckdb-copy.js" <<'JS'
const { DuckDBInstance } = require(process.argv[4] + '/node_modules/@duckdb/node-api');
(async () => {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  await c.run(`COPY (SELECT * FROM read_json('${process.argv[2]}')) TO '${process.argv[3]}' (FORMAT parquet, COMPRESSION ${process.argv[5]})`);
})();
JS

# measure_one CMD...: wall seconds and peak RSS (KB) of one run.
measure_one() {
	/usr/bin/time -o "$dir/time" -f '%e %M' "$@" >/dev/null 2>/dev/null
	tail -1 "$dir/time"
}

best_dp= best_dk=
for _ in 1 2 3; do
	rm -rf "$dir/dp-out"
	read -r t m < <(measure_one bin/dp-to-parquet --compression "$codec" -o "$dir/dp-out" "$input")
	if [ -z "$best_dp" ] || awk -v a="$t" -v b="$best_dp" 'BEGIN { exit !(a < b) }'; then best_dp=$t dp_kb=$m; fi
	rm -f "$dir/duck.parquet"
	read -r t m < <(measure_one node "$dir/duckdb-copy.js" "$PWD/$input" "$PWD/$dir/duck.parquet" "$PWD/tests/npm" "$codec")
	if [ -z "$best_dk" ] || awk -v a="$t" -v b="$best_dk" 'BEGIN { exit !(a < b) }'; then best_dk=$t dk_kb=$m; fi
done
dp_size=$(cat "$dir"/dp-out/*.parquet | wc -c)
dk_size=$(stat -c %s "$dir/duck.parquet")
echo "dp-to-parquet vs DuckDB read_json + COPY (FORMAT parquet, COMPRESSION $codec):"
echo "$count records, $((bytes / 1000000)) MB of NDJSON ($input)"
echo
echo "| tool | seconds | MB/s | peak RSS MB | file MB | time vs DuckDB | size vs DuckDB |"
echo "|---|---|---|---|---|---|---|"
row() {
	awk -v name="$1" -v s="$2" -v kb="$3" -v size="$4" -v bytes="$bytes" \
	    -v rs="$best_dk" -v rsize="$dk_size" 'BEGIN {
		if (s < 0.001) s = 0.001
		printf "| %s | %.2f | %.0f | %.0f | %.1f | %.2fx | %.3fx |\n", name, s,
			bytes / 1e6 / s, kb / 1024, size / 1e6, s / rs, size / rsize }'
}
row dp-to-parquet "$best_dp" "$dp_kb" "$dp_size"
row "DuckDB (node, 2 threads)" "$best_dk" "$dk_kb" "$dk_size"
