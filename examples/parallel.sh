#!/bin/sh
# The pipeline scaled out with GNU parallel: the stateless filters run
# as several jobs over blocks of the record stream (--pipe, -k keeps the
# order), and each job writes its own Parquet files into one dataset
# with --mode append. _SUCCESS is written once every job has finished.
#
#   examples/parallel.sh [OUTDIR] [JOBS]        (default out/parallel, 4)
#   DATA=DIR OUT=DIR JOBS=N examples/parallel.sh
#
# DATA is read as examples/pipeline.sh reads it (examples/data-files.sh).
# Across hosts, the same filters run under `parallel --sshlogin`, the
# programs shipped with --basefile; see dp(7) and
# tests/integration/hosts.sh.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
PATH=$here/../bin:$PATH
. "$here/data-files.sh"
out=${OUT:-${1:-$here/../out/parallel}}
jobs=${JOBS:-${2:-4}}
mkdir -p "$out"
rm -rf "$out/dataset"
find_data "${DATA:-$here/data}" "$out"

{ dp-load-json $properties $neighborhoods
  wikipedia_records; } |
  parallel --will-cite --pipe -k -j "$jobs" --block 20k \
    "dp-enrich $enrich_refs |
     dp-chunk --strategy sentence --size 200 |
     dp-embed --provider hash |
     dp-to-parquet --partition-by entity_type,state_normalized \
       --mode append -o '$out/dataset'"
touch "$out/dataset/_SUCCESS"
