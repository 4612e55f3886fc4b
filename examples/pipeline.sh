#!/bin/sh
# The pipeline of dp(7) and README.md on the sample data: load, enrich, chunk,
# embed (the offline hash embedder) and write a partitioned Parquet
# dataset.
#
#   examples/pipeline.sh [OUTDIR]      (default out/pipeline)
#
# Each stage is a filter on NDJSON: cut the pipe anywhere and look with
# jq (see examples/jq.md).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
PATH=$here/../bin:$PATH
data=$here/data
out=${1:-$here/../out/pipeline}
mkdir -p "$out"

# The Wikipedia sample is SQL; build its database first.
rm -f "$out/wikipedia.db"
sqlite3 "$out/wikipedia.db" <"$data/wikipedia_sample.sql"

{ dp-load-json "$data/properties_sample.json" "$data/neighborhoods_sample.json"
  (cd "$out" && dp-load-sqlite wikipedia.db --preset wikipedia); } |
  dp-enrich --locations "$data/locations_sample.json" \
    --neighborhoods "$data/neighborhoods_sample.json" |
  dp-chunk --strategy sentence --size 200 |
  dp-embed --provider hash |
  dp-to-parquet --partition-by entity_type,state_normalized \
    --mode overwrite -o "$out/dataset"
