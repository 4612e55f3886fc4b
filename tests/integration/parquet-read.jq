# The records of parquet-read.sh's DuckDB table, made comparable between
# DuckDB's JSON export and dp-load-parquet: nulls dropped (dp leaves
# them out), DuckDB's "YYYY-MM-DD HH:MM:SS" timestamps in RFC 3339's T
# form (a TIMESTAMP is not adjusted to UTC, so no Z), numbers by value.
with_entries(select(.value != null)) | if .ts then .ts |= sub(" "; "T") else . end
