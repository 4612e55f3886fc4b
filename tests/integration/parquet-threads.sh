# dp-to-parquet --threads: row groups written by a second thread give
# the same bytes as one thread (file names are content hashes), under
# every codec, partitioned or not, with dictionaries or without; a tight
# --memory-limit loses no row, over 5 partitions or 50; --threads takes
# 1 or 2 only.
# (dp-to-parquet(1), --threads.)
. "$DP_TOP/tests/lib.sh"
. "$DP_TOP/tests/npm/parquet-lib.sh"

query() { (cd "$NPM" && node query.mjs "$1"); }

# 6,000 records of several types, with 64-float embeddings.
awk 'BEGIN { for (i = 0; i < 6000; i++)
	printf "{\"entity_id\":\"e%d\",\"entity_type\":\"PROPERTY\",\"state_normalized\":\"S%d\",\"price\":%d.25,\"bedrooms\":%d,\"embedding_text\":\"record %d has words %d\",\"features\":[\"a%d\",\"b\"],\"content_hash\":\"h%d\",\"ingested_at\":\"2026-11-25T11:42:%02dZ\"}\n",
		i, i % 5, i * 7, i % 6, i, i * 13, i % 40, i, i % 60 }' >"$T/in.ndjson"
dp-embed -d 64 "$T/in.ndjson" >"$T/emb.ndjson" 2>/dev/null
expect_eq "input: 6000 embedded records" "$(wc -l <"$T/emb.ndjson")" 6000

# files DIR: the dataset's files, named by their content.
files() { (cd "$1" && find . -type f | sort); }

n=0
for codec in snappy zstd gzip none; do
	for part in '' state_normalized; do
		for dict in '' --no-dictionary; do
			n=$((n + 1))
			popt=; [ -n "$part" ] && popt="--partition-by $part"
			for t in 1 2; do
				# shellcheck disable=SC2086
				dp-to-parquet --threads $t --compression $codec $popt $dict \
					--row-group-size 97 -o "$T/d$n.$t" "$T/emb.ndjson" 2>"$T/err$t"
				expect_eq "$codec ${part:-unpartitioned} ${dict:-dictionary} --threads $t: exit 0" "$?" 0
			done
			expect_eq "$codec ${part:-unpartitioned} ${dict:-dictionary}: --threads 2 writes the same files as --threads 1" \
				"$(files "$T/d$n.2")" "$(files "$T/d$n.1")"
			expect_eq "$codec ${part:-unpartitioned} ${dict:-dictionary}: the same summary" \
				"$(sed "s,$T/d$n.2,DIR," "$T/err2")" "$(sed "s,$T/d$n.1,DIR," "$T/err1")"
		done
	done
done
[ "$(files "$T/d1.1")" != "$(files "$T/d3.1")" ] && ok "the codecs' datasets differ" ||
	fail "the codecs' datasets differ" "snappy and zstd wrote the same files"
if have_readers; then
	expect_eq "--row-group-size 97: 62 row groups in the one file" "$(row_groups "$T/d1.2")" "62 "
fi

# A memory limit far below a row group: the writer waits for the row
# group in flight rather than exceed it, and every row arrives.
for t in 1 2; do
	dp-to-parquet --threads $t --memory-limit 64K --compression zstd \
		--partition-by state_normalized -o "$T/tight$t" "$T/emb.ndjson" 2>"$T/err"
	expect_eq "--memory-limit 64K --threads $t: exit 0" "$?" 0
	expect_eq "--memory-limit 64K --threads $t: summary" "$(tail -1 "$T/err")" \
		"dp-to-parquet: 6000 rows in 5 files (5 partitions), $(cd "$T/tight$t" && find . -name '*.parquet' -printf '%s\n' | awk '{ s += $1 } END { print s }') bytes written to $T/tight$t"
done
readers_agree "--memory-limit 64K --threads 2" "$T/emb.ndjson" "$T/tight2" state_normalized
if have_readers; then
	expect_eq "--memory-limit 64K: more than one row group a file" \
		"$(row_groups "$T/tight2" | awk '{ print ($1 > 1) }')" 1
fi

# Over the budget with many partitions: 50 cities buffering at once
# pass 64K at every turn, so the largest partition's rows go out as a
# row group early (with --threads 2, after the row group in flight),
# again and again. Every row arrives with its values (timestamps come
# back with microseconds), and both thread counts write the same files.
jq -c '.city_normalized = "C\((.entity_id[1:] | tonumber) % 50)"' \
	"$T/emb.ndjson" >"$T/cities.ndjson"
for t in 1 2; do
	dp-to-parquet --threads $t --memory-limit 64K --partition-by city_normalized \
		-o "$T/cities$t" "$T/cities.ndjson" 2>"$T/err$t"
	expect_eq "50 partitions, --memory-limit 64K --threads $t: exit 0" "$?" 0
done
expect_eq "50 partitions, --memory-limit 64K: 50 partition directories" \
	"$(find "$T/cities2" -mindepth 1 -maxdepth 1 -name 'city_normalized=*' | wc -l)" 50
expect_eq "50 partitions, --memory-limit 64K --threads 2: every row read back" \
	"$(dp-load-parquet "$T/cities2" | wc -l)" 6000
if [ "$(dp-load-parquet "$T/cities2" | jq -S -c . | sort | md5sum)" = \
	"$(jq -S -c '.ingested_at |= sub("Z$"; ".000000Z")' "$T/cities.ndjson" | sort | md5sum)" ]; then
	ok "50 partitions, --memory-limit 64K --threads 2: every value read back"
else
	fail "50 partitions, --memory-limit 64K --threads 2: every value read back" \
		"the records read back differ from the input's"
fi
expect_eq "50 partitions, --memory-limit 64K: --threads 2 writes the same files as --threads 1" \
	"$(files "$T/cities2")" "$(files "$T/cities1")"
expect_eq "50 partitions, --memory-limit 64K: the same summary" \
	"$(sed "s,$T/cities2,DIR," "$T/err2")" "$(sed "s,$T/cities1,DIR," "$T/err1")"
if have_readers; then
	expect_eq "50 partitions, --memory-limit 64K: every file has more than one row group" \
		"$(row_groups "$T/cities2" | tr ' ' '\n' | awk 'NF && $1 < 2' | wc -l)" 0
fi

# Only 1 and 2.
for bad in 0 3 -1 two ''; do
	expect_status "--threads '$bad': usage error" 2 dp-to-parquet --threads "$bad" -o "$T/bad" "$T/emb.ndjson"
	grep -q -- "--threads" "$T/err" && ok "--threads '$bad': names the option" ||
		fail "--threads '$bad': names the option" "$(head -c 300 "$T/err")"
	[ ! -e "$T/bad" ] && ok "--threads '$bad': nothing written" || fail "--threads '$bad': nothing written" "$T/bad exists"
done

# SIGTERM while the second thread writes: the run ends by the signal
# (143), not by the thread's failure on a file the handler removed, and
# leaves nothing. Twenty points in the first tenth of a second.
cat "$T/emb.ndjson" "$T/emb.ndjson" "$T/emb.ndjson" >"$T/emb3.ndjson"
bad=''
for i in $(seq 1 20); do
	rm -rf "$T/sig"
	dp-to-parquet --row-group-size 30 --compression zstd --partition-by state_normalized \
		-o "$T/sig" "$T/emb3.ndjson" 2>"$T/err" &
	pid=$!
	sleep "0.0$(printf %02d $((i * 5)))"
	kill -TERM $pid 2>/dev/null
	wait $pid
	s=$?
	case $s in
	143) [ -e "$T/sig" ] && bad="$bad [$i: $T/sig left]" ;;
	0) ;;	# finished first
	*) bad="$bad [$i: exit $s: $(head -c 200 "$T/err")]" ;;
	esac
done
expect_eq "SIGTERM at 20 points: ends by the signal, leaves nothing" "$bad" ""
