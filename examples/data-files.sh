# Sourced by examples/pipeline.sh and examples/parallel.sh: the input
# files of a DATA directory, found by name in it and its subdirectories.
#
# find_data DATA OUT sets $properties and $neighborhoods (lists of
# files), $enrich_refs (dp-enrich's --locations and --neighborhoods for
# them), and defines wikipedia_records, which writes the Wikipedia
# articles' records when DATA has wikipedia*.db or wikipedia*.sql (the
# .sql is loaded into OUT/wikipedia.db first). Paths with blanks are not
# supported (the lists are split on blanks); a DATA without a
# properties*.json or neighborhoods*.json file is an error.
find_data() {
	data=$1 work=$2
	[ -d "$data" ] || { echo "DATA=$data: not a directory" >&2; exit 2; }
	properties=$(find "$data" -name 'properties*.json' | sort | tr '\n' ' ')
	neighborhoods=$(find "$data" -name 'neighborhoods*.json' | sort | tr '\n' ' ')
	locations=$(find "$data" -name 'locations*.json' | sort | head -1)
	wiki_db=$(find "$data" -name 'wikipedia*.db' | sort | head -1)
	wiki_sql=$(find "$data" -name 'wikipedia*.sql' | sort | head -1)
	if [ -z "$properties$neighborhoods" ]; then
		echo "DATA=$data: no properties*.json or neighborhoods*.json" >&2
		exit 2
	fi
	enrich_refs=
	[ -z "$locations" ] || enrich_refs="--locations $locations"
	for f in $neighborhoods; do
		enrich_refs="$enrich_refs --neighborhoods $f"
	done
	if [ -z "$wiki_db" ] && [ -n "$wiki_sql" ]; then
		rm -f "$work/wikipedia.db"
		sqlite3 "$work/wikipedia.db" <"$wiki_sql"
		wiki_db=$work/wikipedia.db
	fi
}

# The Wikipedia articles as records, from where the database is (so
# that source_file does not depend on OUT); nothing without one.
wikipedia_records() {
	[ -z "$wiki_db" ] ||
		(cd "$(dirname "$wiki_db")" && dp-load-sqlite "$(basename "$wiki_db")" --preset wikipedia)
}
