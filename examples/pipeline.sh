#!/bin/sh
# The pipeline of dp(7) and README.md: load, enrich, chunk, embed (the
# offline hash embedder) and write a partitioned Parquet dataset.
#
#   examples/pipeline.sh [OUTDIR]
#   DATA=DIR OUT=DIR examples/pipeline.sh
#
# DATA (default examples/data) is searched for properties*.json,
# neighborhoods*.json, locations*.json (the first one) and
# wikipedia*.db or wikipedia*.sql, in subdirectories too: the sample
# data, or the real files (DATA=../shared/data). OUT (or OUTDIR,
# default out/pipeline) gets the dataset. Each stage is a filter on
# NDJSON: cut the pipe anywhere and look with jq (see examples/jq.md).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
PATH=$here/../bin:$PATH
. "$here/data-files.sh"
out=${OUT:-${1:-$here/../out/pipeline}}
mkdir -p "$out"
find_data "${DATA:-$here/data}" "$out"

{ dp-load-json $properties $neighborhoods
  wikipedia_records; } |
  dp-enrich $enrich_refs |
  dp-chunk --strategy sentence --size 200 |
  dp-embed --provider hash |
  dp-to-parquet --partition-by entity_type,state_normalized \
    --mode overwrite -o "$out/dataset"
