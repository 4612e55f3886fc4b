#!/bin/sh
# The pipeline scaled out with GNU parallel: the stateless filters run
# as several jobs over blocks of the record stream (--pipe, -k keeps the
# order), and each job writes its own Parquet files into one dataset
# with --mode append. _SUCCESS is written once every job has finished.
#
#   examples/parallel.sh [OUTDIR] [JOBS]   (default out/parallel, 4)
#
# Across hosts, the same filters run under `parallel --sshlogin`; see
# dp(7).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
PATH=$here/../bin:$PATH
data=$here/data
out=${1:-$here/../out/parallel}
jobs=${2:-4}
mkdir -p "$out"
rm -rf "$out/dataset" "$out/wikipedia.db"
sqlite3 "$out/wikipedia.db" <"$data/wikipedia_sample.sql"

{ dp-load-json "$data/properties_sample.json" "$data/neighborhoods_sample.json"
  (cd "$out" && dp-load-sqlite wikipedia.db --preset wikipedia); } |
  parallel --will-cite --pipe -k -j "$jobs" --block 20k \
    "dp-enrich --locations '$data/locations_sample.json' \
       --neighborhoods '$data/neighborhoods_sample.json' |
     dp-chunk --strategy sentence --size 200 |
     dp-embed --provider hash |
     dp-to-parquet --partition-by entity_type,state_normalized \
       --mode append -o '$out/dataset'"
touch "$out/dataset/_SUCCESS"
