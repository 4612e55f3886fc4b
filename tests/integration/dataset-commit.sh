# dp-to-parquet's dataset commit (dp-to-parquet(1), "Files, modes and
# atomicity"). An append is visible whole or not at all: after a fault at
# each step of a run in turn (every mkdir, link, rename, fsync and file
# creation fails once with ENOSPC), after SIGTERM or SIGINT at each step,
# and after SIGKILL at each step once the next run has undone it (also
# when that run is killed at each of its own steps); a retry never
# duplicates. Appends without hard links; concurrent writers; staging
# per host, pid and random part, and what later runs remove; overwrite
# only of a dp dataset; an empty input; the directories made for PATH;
# many staged paths. The fault steps come from tests/faults/failnth.c,
# an LD_PRELOAD shim built here.
. "$DP_TOP/tests/lib.sh"
. "$DP_TOP/tests/npm/parquet-lib.sh"

rec() {	# rec ID STATE
	printf '{"entity_id":"%s","entity_type":"PROPERTY","content_hash":"h","ingested_at":"2026-11-25T11:42:30Z","state_normalized":"%s"}\n' "$1" "$2"
}
gen() {	# gen PREFIX N PARTS: N records over PARTS states
	local i
	for ((i = 1; i <= $2; i++)); do rec "$1$i" "S$((i % $3))"; done
}
files() {	# the .parquet files under DIR, relative, sorted
	find "$1" -name '*.parquet' -printf '%P\n' 2>/dev/null | sort
}
leftovers() {	# staging directories, journals and locks in DIR and beside it
	find "$1" "$(dirname "$1")" -maxdepth 4 \( -name '*dp-tmp-*' -o \
		-name .journal -o -name .lock \) 2>/dev/null
}
union() {	# the lines of all arguments, sorted, without blank lines
	printf '%s\n' "$@" | grep -v '^$' | sort
}
mkdir "$T/sets"
mkset() {	# mkset NAME DIR: the file names of DIR as the set NAME
	{ echo '#'; files "$2"; } >"$T/sets/$1"
}
# whole DIR NREQ SET...: "ok K..." when DIR holds only files of the sets,
# all of the first NREQ of them and, of each other one, all or none
# (K: how many of its files are there); else "bad: why".
whole() {
	local dir=$1 nreq=$2 s args=()
	shift 2
	for s in "$@"; do args+=("$T/sets/$s"); done
	{ echo '#'; files "$dir"; } | awk -v nreq="$nreq" '
		FNR == 1 { f++ }
		$0 == "#" { next }
		f == 1 { got[$0] = 1; next }
		{ known[$0] = 1 }
		f <= 1 + nreq { if (!($0 in got)) miss = miss " " $0; next }
		{ n[f]++; if ($0 in got) k[f]++ }
		END {
			for (g in got)
				if (!(g in known)) { print "bad: a file of no run: " g; exit }
			if (miss != "") { print "bad: missing" miss; exit }
			out = "ok"
			for (i = 2 + nreq; i <= f; i++) {
				if (k[i] + 0 != 0 && k[i] != n[i]) {
					print "bad: " k[i] " of a run'"'"'s " n[i] " files"; exit
				}
				out = out " " k[i] + 0
			}
			print out
		}' - "${args[@]}"
}
count_rows() {	# count_rows DIR: rows and distinct ids, by DuckDB
	query "SELECT count(*) AS n, count(DISTINCT entity_id) AS ids FROM read_parquet('$1/**/*.parquet', hive_partitioning = true)" 2>&1
}
query() { (cd "$NPM" && node query.mjs "$1"); }
P="--partition-by state_normalized"

# The datasets: a base of 40 rows in 4 partitions; the run under test,
# 800 rows in 5 (one new); later runs. File names are content hashes, so
# each run's file names, from a clean run, tell what a dataset holds.
gen base 40 4 >"$T/base.ndjson"
gen run 800 5 >"$T/run.ndjson"
gen next 10 5 >"$T/next.ndjson"
gen last 5 5 >"$T/last.ndjson"
mkdir "$T/ref"
for x in base run next last; do
	dp-to-parquet --mode append $P -o "$T/ref/$x" "$T/$x.ndjson" 2>/dev/null
	mkset "$x" "$T/ref/$x"
done
B=$(files "$T/ref/base") R=$(files "$T/ref/run")
expect_eq "reference runs: 4, 5, 5 and 5 files" \
	"$(for x in base run next last; do grep -vc '#' "$T/sets/$x"; done | tr '\n' ' ')" "4 5 5 5 "
fresh() {	# a copy of the base dataset at $T/f/ds
	rm -rf "$T/f"; mkdir "$T/f"; cp -a "$T/ref/base" "$T/f/ds"
}

# ---- the shim ----------------------------------------------------------------
SHIM=
if cc -shared -fPIC -O1 -o "$T/failnth.so" "$DP_TOP/tests/faults/failnth.c" -ldl 2>"$T/err"; then
	SHIM=$T/failnth.so
	# an ASan build wants its runtime first among the preloads
	asan=$(ldd "$(command -v dp-to-parquet)" 2>/dev/null | awk '/libasan/ { print $3; exit }')
	PRELOAD=${asan:+$asan }$SHIM
else
	skip "fault shim" "cannot build tests/faults/failnth.c with cc: $(head -c 200 "$T/err")"
fi
ALLOPS=mkdir,link,rename,fsync,create,unlink
# The runner starts this script in the background, where SIGINT is
# ignored (and stays so for dp-to-parquet): the signal tests restore it.
shim() {	# shim VAR=VALUE... CMD...: CMD under the shim, no real fsync
	env --default-signal=INT LD_PRELOAD="$PRELOAD" FAILNTH_PATH="$T/f" \
		FAILNTH_NOSYNC=1 "$@"
}
append() {	# append VAR=VALUE...: the run under test into $T/f/ds
	shim "$@" dp-to-parquet --mode append $P -o "$T/f/ds" "$T/run.ndjson"
}
append_next() {	# append_next INPUT: a later run into $T/f/ds
	shim dp-to-parquet --mode append $P -o "$T/f/ds" "$T/$1.ndjson" 2>/dev/null
}

if [ -n "$SHIM" ]; then
	fresh
	append FAILNTH_COUNT="$T/count" 2>"$T/err"
	expect_eq "shim: a clean run under the shim" "$?:$(whole "$T/f/ds" 2 base run)" "0:ok"
	M=$(cat "$T/count")

	# A fault at each step in turn: exit 3 with none of the run's
	# rows, or exit 0 with all; no staging left; a retry gives all,
	# once.
	bad= failed=0 incommit=0
	for ((n = 1; n <= M; n++)); do
		fresh
		append FAILNTH_N=$n 2>"$T/err"
		st=$?
		w=$(whole "$T/f/ds" 1 base run)
		if [ $st = 0 ]; then
			[ "$w" = "ok 5" ] || bad="$bad $n:exit-0:$w"
			continue
		fi
		failed=$((failed + 1))
		case $(cat "$T/err") in
		*"No space left on device; nothing appended") incommit=$((incommit + 1)) ;;
		*"No space left on device"*) ;;
		*) bad="$bad $n:says:$(head -c 80 "$T/err")" ;;
		esac
		[ $st = 3 ] || bad="$bad $n:status-$st"
		[ "$w" = "ok 0" ] || bad="$bad $n:exit-$st:$w"
		[ -z "$(leftovers "$T/f/ds")" ] || bad="$bad $n:staging-left"
		append_next run
		[ "$(whole "$T/f/ds" 2 base run)" = ok ] || bad="$bad $n:retry"
	done
	expect_eq "ENOSPC at each of $M steps ($failed failed, $incommit in the commit): none or all, no staging, a retry gives all once" \
		"${bad:-none}" none
	[ $incommit -ge 10 ] && ok "ENOSPC: the commit's steps were among them ($incommit)" ||
		fail "ENOSPC: the commit's steps were among them" "only $incommit"
	if have_readers; then
		expect_eq "ENOSPC: DuckDB reads the retried dataset, no row twice" \
			"$(count_rows "$T/f/ds")" '{"n":840,"ids":840}'
	fi

	# SIGTERM at each step, SIGINT at every third: the process dies
	# of it with none of the run's rows, or (after the commit point)
	# exits 0 with all.
	for sig in term int; do
		code=143 by=1; [ $sig = int ] && code=130 by=3
		bad= died=0
		for ((n = 1; n <= M; n += by)); do
			fresh
			append FAILNTH_N=$n FAILNTH_ACTION=$sig 2>"$T/err"
			st=$?
			w=$(whole "$T/f/ds" 1 base run)
			case $st:$w in
			"0:ok 5") ;;
			"$code:ok 0") died=$((died + 1)) ;;
			*) bad="$bad $n:status-$st:$w" ;;
			esac
			[ -z "$(leftovers "$T/f/ds")" ] || bad="$bad $n:staging-left"
		done
		[ $died -gt 0 ] || bad="$bad none-died-of-it"
		expect_eq "SIG${sig^^} at each (term) or every third (int) of $M steps ($died died of it): none or all, no staging" \
			"${bad:-none}" none
	done

	# SIGKILL at each step (unlinks too), then a new run: the killed
	# run's files all or none, no staging left, the new run whole.
	fresh
	append FAILNTH_OPS=$ALLOPS FAILNTH_COUNT="$T/count" 2>/dev/null
	M2=$(cat "$T/count")
	bad= none=0 all=0 partial=
	for ((n = 1; n <= M2; n++)); do
		fresh
		append FAILNTH_OPS=$ALLOPS FAILNTH_N=$n FAILNTH_ACTION=kill 2>/dev/null
		st=$?
		[ $st = 137 ] || bad="$bad $n:status-$st"
		# a state with 3 or 4 of the run's 5 files visible: kept, to
		# kill the run that undoes it too
		case $(whole "$T/f/ds" 1 base run) in
		"bad: "[34]" of a run's 5 files")
			if [ -z "$partial" ]; then
				partial=$n; rm -rf "$T/killed"; cp -a "$T/f" "$T/killed"
			fi ;;
		esac
		append_next next || bad="$bad $n:next-run-failed"
		case $(whole "$T/f/ds" 2 base next run) in
		"ok 0") none=$((none + 1)) ;;
		"ok 5") all=$((all + 1)) ;;
		*) bad="$bad $n:$(whole "$T/f/ds" 2 base next run)" ;;
		esac
		[ -z "$(leftovers "$T/f/ds")" ] || bad="$bad $n:staging-left"
	done
	expect_eq "SIGKILL at each of $M2 steps, then a new run: none ($none) or all ($all), no staging left" \
		"${bad:-none}" none
	[ $all -gt 0 ] && [ $none -gt 0 ] && ok "SIGKILL: both outcomes were seen" ||
		fail "SIGKILL: both outcomes were seen" "none $none, all $all"
	if have_readers; then
		expect_eq "SIGKILL: DuckDB reads the last dataset, no row twice" \
			"$(count_rows "$T/f/ds")" '{"n":850,"ids":850}'
	fi

	# The state after a kill in the middle of placing: part of the run
	# is visible until the next run undoes it. DuckDB reads no staged
	# file (none is named *.parquet). Kill that next run at each of
	# the steps of its undoing (its first 40): a third run still finds
	# each run all or none.
	if [ -z "$partial" ]; then
		fail "SIGKILL mid-commit" "no step left part of the run visible"
	else
		if have_readers; then
			n=$(query "SELECT count(*) FILTER (WHERE filename LIKE '%/.%') AS hidden FROM read_parquet('$T/killed/ds/**/*.parquet', hive_partitioning = true, filename = true)" 2>&1)
			expect_eq "killed at step $partial: DuckDB reads no staged file" "$n" '{"hidden":0}'
		fi
		placed=$(comm -12 <(files "$T/killed/ds") <(printf '%s\n' "$R") | grep -c .)
		rm -rf "$T/f"; cp -a "$T/killed" "$T/f"
		shim dp-to-parquet --mode append $P -o "$T/f/ds" "$T/next.ndjson" 2>"$T/err"
		expect_eq "killed at step $partial: the next run undoes it" \
			"$(sed -E "s|$T/||; s/\.dp-tmp-[^)]*/.dp-tmp-STAGING/" "$T/err" | head -1)" \
			"dp-to-parquet: f/ds: undid the unfinished commit of a run that is gone ($placed files, .dp-tmp-STAGING)"
		bad=
		for ((n = 1; n <= 40; n++)); do
			rm -rf "$T/f"; cp -a "$T/killed" "$T/f"
			shim FAILNTH_OPS=$ALLOPS FAILNTH_N=$n FAILNTH_ACTION=kill dp-to-parquet --mode append $P \
				-o "$T/f/ds" "$T/next.ndjson" 2>/dev/null
			append_next last || bad="$bad $n:third-run-failed"
			w=$(whole "$T/f/ds" 2 base last run next)
			case $w in
			"ok "[05]" "[05]) ;;
			*) bad="$bad $n:$w" ;;
			esac
			[ -z "$(leftovers "$T/f/ds")" ] || bad="$bad $n:staging-left"
		done
		expect_eq "killed mid-commit, the undoing run killed at each of its first 40 steps, then a third run: each run all or none" \
			"${bad:-none}" none
	fi

	# A file system without hard links: renameat2(RENAME_NOREPLACE)
	# places the files; without that too, the append is refused.
	fresh
	append FAILNTH_ALWAYS=link=EPERM 2>"$T/err"
	expect_eq "no hard links: renameat2 places every file" "$?:$(whole "$T/f/ds" 2 base run)" "0:ok"
	expect_eq "no hard links: no staging left" "$(leftovers "$T/f/ds")" ""
	fresh
	append FAILNTH_ALWAYS=link=EPERM,noreplace=EINVAL 2>"$T/err"
	expect_eq "neither hard links nor RENAME_NOREPLACE: exit 3" "$?" 3
	expect_eq "neither hard links nor RENAME_NOREPLACE: message" "$(sed "s|$T/||" "$T/err")" \
		"dp-to-parquet: f/ds: the file system has neither hard links nor renameat2(RENAME_NOREPLACE): cannot append safely; nothing appended"
	expect_eq "neither: the dataset as it was, no staging" "$(whole "$T/f/ds" 1 base run):$(leftovers "$T/f/ds")" "ok 0:"
	# without links, a fault at each step: none or all
	fresh
	append FAILNTH_ALWAYS=link=EPERM FAILNTH_COUNT="$T/count" 2>/dev/null
	M3=$(cat "$T/count")
	bad=
	for ((n = 1; n <= M3; n++)); do
		fresh
		append FAILNTH_ALWAYS=link=EPERM FAILNTH_N=$n 2>/dev/null
		st=$?
		w=$(whole "$T/f/ds" 1 base run)
		case $st:$w in
		"0:ok 5" | "3:ok 0") ;;
		*) bad="$bad $n:status-$st:$w" ;;
		esac
		[ -z "$(leftovers "$T/f/ds")" ] || bad="$bad $n:staging-left"
	done
	expect_eq "no hard links, ENOSPC at each of $M3 steps: none or all" "${bad:-none}" none
	bad=
	for ((n = 1; n <= M3 + 10; n += 2)); do
		fresh
		append FAILNTH_ALWAYS=link=EPERM FAILNTH_OPS=$ALLOPS FAILNTH_N=$n FAILNTH_ACTION=kill 2>/dev/null
		append_next next || bad="$bad $n:next-run-failed"
		w=$(whole "$T/f/ds" 2 base next run)
		case $w in
		"ok "[05]) ;;
		*) bad="$bad $n:$w" ;;
		esac
		[ -z "$(leftovers "$T/f/ds")" ] || bad="$bad $n:staging-left"
	done
	expect_eq "no hard links, SIGKILL at every other step, then a new run: all or none" "${bad:-none}" none
fi

# ---- concurrent writers ------------------------------------------------------
# Eight appends of the same input at once, into a new dataset: every run
# keeps its files (same content, so suffixed names), with hard links and,
# under the shim, without; the shim also makes each link and rename wait
# 300 ms, so that the writers place their files at the same time.
gen c 16 2 >"$T/c.ndjson"
for how in links nolinks; do
	[ $how = nolinks ] && [ -z "$SHIM" ] && continue
	rm -rf "$T/c"; mkdir "$T/c"
	pids=
	for i in 1 2 3 4 5 6 7 8; do
		if [ -z "$SHIM" ]; then
			dp-to-parquet --mode append $P -o "$T/c/ds" "$T/c.ndjson" 2>/dev/null &
		elif [ $how = links ]; then
			env LD_PRELOAD="$PRELOAD" FAILNTH_DELAY=300 \
				dp-to-parquet --mode append $P -o "$T/c/ds" "$T/c.ndjson" 2>/dev/null &
		else
			env LD_PRELOAD="$PRELOAD" FAILNTH_DELAY=300 FAILNTH_ALWAYS=link=EPERM \
				dp-to-parquet --mode append $P -o "$T/c/ds" "$T/c.ndjson" 2>/dev/null &
		fi
		pids="$pids $!"
	done
	sts=
	for p in $pids; do wait "$p"; sts="$sts$?"; done
	expect_eq "8 concurrent appends ($how): all exit 0" "$sts" 00000000
	expect_eq "8 concurrent appends ($how): 16 files" "$(files "$T/c/ds" | wc -l)" 16
	expect_eq "8 concurrent appends ($how): no staging left" "$(leftovers "$T/c/ds")" ""
	if have_readers; then
		expect_eq "8 concurrent appends ($how): DuckDB reads 8 x 16 rows" \
			"$(count_rows "$T/c/ds")" '{"n":128,"ids":16}'
	fi
done
# Writers at once, one of which fails in its commit (and undoes it,
# removing the partition directories it made while the others link into
# them): the others keep all their files, the failed one none.
if [ -n "$SHIM" ]; then
	for i in 1 2 3 4 5 6; do gen "w$i-" 40 5 >"$T/w$i.ndjson"; done
	for i in 1 2 3 4 5 6; do
		dp-to-parquet --mode append $P -o "$T/ref/w$i" "$T/w$i.ndjson" 2>/dev/null
	done
	bad=
	for round in 1 2 3; do
		rm -rf "$T/c"; mkdir "$T/c"
		pids=
		for i in 1 2 3 4 5 6; do
			if [ $i = 1 ] || [ $i = 4 ]; then
				env LD_PRELOAD="$PRELOAD" FAILNTH_OPS=link FAILNTH_N=$((round + 1)) \
					dp-to-parquet --mode append $P -o "$T/c/ds" "$T/w$i.ndjson" 2>/dev/null &
			else
				dp-to-parquet --mode append $P -o "$T/c/ds" "$T/w$i.ndjson" 2>/dev/null &
			fi
			pids="$pids $!"
		done
		sts=
		for p in $pids; do wait "$p"; sts="$sts$?"; done
		[ "$sts" = 300300 ] || bad="$bad round-$round:statuses-$sts"
		want=$(union "$(files "$T/ref/w2")" "$(files "$T/ref/w3")" "$(files "$T/ref/w5")" "$(files "$T/ref/w6")")
		[ "$(files "$T/c/ds")" = "$want" ] || bad="$bad round-$round:$(files "$T/c/ds" | wc -l)-files"
		[ -z "$(leftovers "$T/c/ds")" ] || bad="$bad round-$round:staging-left"
	done
	expect_eq "6 writers at once, 2 failing in their commit: the 4 others whole, the 2 none" "${bad:-none}" none
fi

# ---- a regular file where a partition directory goes; a read-only dataset --
fresh
touch "$T/f/ds/state_normalized=S4"
dp-to-parquet --mode append $P -o "$T/f/ds" "$T/run.ndjson" 2>"$T/err"
expect_eq "a file named like a partition directory: exit 3" "$?" 3
expect_eq "a file named like a partition directory: message" "$(sed "s|$T/||" "$T/err")" \
	"dp-to-parquet: f/ds/state_normalized=S4: mkdir: Not a directory; nothing appended"
expect_eq "a file named like a partition directory: nothing appended, no staging" \
	"$(files "$T/f/ds"):$(leftovers "$T/f/ds")" "$B:"
mkdir -p "$T/rom/ro"
fresh
if mount --bind "$T/f/ds" "$T/rom/ro" 2>"$T/err" && mount -o remount,ro,bind "$T/rom/ro" 2>>"$T/err"; then
	for mode in append overwrite; do
		dp-to-parquet --mode $mode $P -o "$T/rom/ro" "$T/run.ndjson" 2>"$T/err"
		st=$?
		expect_eq "read-only dataset, --mode $mode: exit 3, unchanged, no staging" \
			"$st:$(files "$T/rom/ro"):$(leftovers "$T/rom/ro")" "3:$B:"
	done
	umount "$T/rom/ro"
else
	umount "$T/rom/ro" 2>/dev/null
	skip "read-only dataset" "cannot bind-mount here: $(head -c 200 "$T/err")"
fi

# ---- staging: per host, pid and random part; what later runs remove ----------
host=$(hostname | tr -c 'A-Za-z0-9.\n-' '-' | head -c 64)
mkdir "$T/s"
mkfifo "$T/s/fifo"
dead=$(sh -c 'echo $$')	# a pid that is gone
gen s 5 1 >"$T/s.ndjson"
stagings() { find "$1" -maxdepth 1 -name '.*dp-tmp-*' -printf '%f\n' 2>/dev/null | sort; }
wait_for() {	# wait_for CMD...: up to 10 s until CMD succeeds
	local i
	for ((i = 0; i < 100; i++)); do "$@" && return 0; sleep 0.1; done
	return 1
}
dp-to-parquet --mode append -o "$T/s/ds" <"$T/s/fifo" 2>"$T/s/live.err" &
live=$!
exec 7>"$T/s/fifo"
wait_for test -n "$(stagings "$T/s/ds")"
name=$(stagings "$T/s/ds")
printf '%s\n' "$name" | grep -Eq "^\.dp-tmp-$(printf %s "$host" | sed 's/\./\\./g')-$live-[0-9a-f]{16}$" &&
	ok "staging named .dp-tmp-HOST-PID-RANDOM ($name)" ||
	fail "staging named .dp-tmp-HOST-PID-RANDOM" "'$name' (host $host, pid $live)"
expect_eq "the live writer holds the lock in its staging" \
	"$(flock -n "$T/s/ds/$name/.lock" true 2>/dev/null && echo free || echo held)" held
# beside it: another host's staging (pid gone), this host's with a live
# process and no lock, this host's with its lock held by another
# process, this host's that is dead, one of an earlier version (no host)
old=.dp-tmp-$dead
other=.dp-tmp-other.example-$dead-0123456789abcdef
mine_live=.dp-tmp-$host-$$-0123456789abcdef
mine_locked=.dp-tmp-$host-$dead-1111111111111111
mine_dead=.dp-tmp-$host-$dead-fedcba9876543210
for d in $old $other $mine_live $mine_locked $mine_dead; do
	mkdir -p "$T/s/ds/$d"; touch "$T/s/ds/$d/.part-1.tmp" "$T/s/ds/$d/.lock"
done
rm "$T/s/ds/$mine_live/.lock"
exec 8<"$T/s/ds/$mine_locked/.lock"	# this shell holds that lock
flock -n 8
dp-to-parquet --mode append -o "$T/s/ds" "$T/s.ndjson" 2>/dev/null
expect_eq "a later run removes only this host's staging whose writer is gone" \
	"$(stagings "$T/s/ds")" "$(printf '%s\n' "$name" "$old" "$other" "$mine_live" "$mine_locked" | sort)"
gen live 7 1 >&7
exec 7>&-
wait $live
expect_eq "the live writer then finishes: exit 0, its rows placed" \
	"$?:$(files "$T/s/ds" | wc -l)" "0:2"
exec 8<&-
dp-to-parquet --mode append -o "$T/s/ds" "$T/s.ndjson" 2>/dev/null
expect_eq "its lock released: another run removes the locked one" \
	"$(stagings "$T/s/ds")" "$(printf '%s\n' "$old" "$other" "$mine_live" | sort)"
# kill -9 in the middle of the input: the staging stays, the next run
# (of any mode) removes it; the same beside PATH for overwrite
for mode in append overwrite error; do
	rm -rf "$T/k"; mkdir "$T/k"; mkfifo "$T/k/fifo"
	[ $mode = error ] || dp-to-parquet -o "$T/k/ds" "$T/s.ndjson" 2>/dev/null
	dp-to-parquet --mode $mode -o "$T/k/ds" <"$T/k/fifo" 2>/dev/null &
	pid=$!
	exec 7>"$T/k/fifo"
	gen kk 3 1 >&7
	wait_for test -n "$(stagings "$T/k/ds")$(stagings "$T/k")"
	kill -9 $pid; wait $pid 2>/dev/null
	exec 7>&-
	left=$(stagings "$T/k/ds")$(stagings "$T/k")
	next=append; [ $mode = append ] && next=overwrite
	dp-to-parquet --mode $next -o "$T/k/ds" "$T/s.ndjson" 2>/dev/null
	expect_eq "kill -9 mid-input (--mode $mode), then --mode $next: the staging removed" \
		"${left:+left}:$(stagings "$T/k/ds")$(stagings "$T/k")" "left:"
done
# a run started with SIGHUP ignored (nohup) keeps it ignored
rm -rf "$T/h"; mkdir "$T/h"; mkfifo "$T/h/fifo"
(trap '' HUP; exec dp-to-parquet -o "$T/h/ds" <"$T/h/fifo" 2>/dev/null) &
pid=$!
exec 7>"$T/h/fifo"
wait_for test -n "$(stagings "$T/h")"
kill -HUP $pid
gen h 3 1 >&7
exec 7>&-
wait $pid
expect_eq "SIGHUP ignored by the caller (nohup): the run goes on" "$?:$(files "$T/h/ds" | wc -l)" "0:1"
# an overwrite where renames cannot exchange: the old tree goes aside
# first; killed in between, the next run puts it back
if [ -n "$SHIM" ]; then
	rm -rf "$T/f"; mkdir "$T/f"
	dp-to-parquet -o "$T/f/ds" "$T/s.ndjson" 2>/dev/null
	before=$(files "$T/f/ds")
	dp-to-parquet -o "$T/ref/c" "$T/c.ndjson" 2>/dev/null
	shim FAILNTH_ALWAYS=exchange=EINVAL dp-to-parquet --mode overwrite -o "$T/f/ds" "$T/c.ndjson" 2>/dev/null
	expect_eq "overwrite without RENAME_EXCHANGE: exit 0, the new data, nothing beside" \
		"$?:$(files "$T/f/ds"):$(stagings "$T/f")" "0:$(files "$T/ref/c"):"
	rm -rf "$T/f"; mkdir "$T/f"
	dp-to-parquet -o "$T/f/ds" "$T/s.ndjson" 2>/dev/null
	shim FAILNTH_ALWAYS=exchange=EINVAL FAILNTH_OPS=rename FAILNTH_N=3 FAILNTH_ACTION=kill \
		dp-to-parquet --mode overwrite -o "$T/f/ds" "$T/c.ndjson" 2>/dev/null
	gone=$([ -e "$T/f/ds" ] && echo there || echo gone)
	dp-to-parquet --mode append -o "$T/f/ds" "$T/next.ndjson" 2>"$T/err"
	expect_eq "killed between the two renames: PATH was gone; the next run puts the old tree back, then appends" \
		"$gone:$(comm -23 <(printf '%s\n' "$before") <(files "$T/f/ds") | grep -c .):$(stagings "$T/f")" "gone:0:"
fi
# this host's name, sanitized, in a UTS namespace with another name:
# a staging left there is another host's for the run outside
if [ -n "$SHIM" ] && unshare -u true 2>/dev/null; then
	fresh
	(unshare -u sh -c 'printf "we ird_h/st" >/proc/sys/kernel/hostname && exec "$@"' sh \
		env LD_PRELOAD="$PRELOAD" FAILNTH_OPS=link FAILNTH_N=4 FAILNTH_ACTION=kill \
		dp-to-parquet --mode append $P -o "$T/f/ds" "$T/run.ndjson"; :) 2>/dev/null
	name=$(stagings "$T/f/ds")
	printf '%s\n' "$name" | grep -Eq '^\.dp-tmp-we-ird-h-st-[0-9]+-[0-9a-f]{16}$' &&
		ok "host name sanitized to [A-Za-z0-9.-] ($name)" ||
		fail "host name sanitized to [A-Za-z0-9.-]" "'$name'"
	dp-to-parquet --mode append $P -o "$T/f/ds" "$T/next.ndjson" 2>/dev/null
	expect_eq "another host's unfinished commit is left alone" "$(stagings "$T/f/ds")" "$name"
	unshare -u sh -c 'printf "we ird_h/st" >/proc/sys/kernel/hostname && exec "$@"' sh \
		dp-to-parquet --mode append $P -o "$T/f/ds" "$T/last.ndjson" 2>/dev/null
	expect_eq "the same host's next run undoes it: none of its files" \
		"$(stagings "$T/f/ds"):$(whole "$T/f/ds" 3 base next last run)" ":ok 0"
else
	skip "host name in staging names" "no shim or no unshare -u here"
fi

# ---- overwrite replaces only a dp dataset, decided before reading ------------
mkdir -p "$T/o/proj/src"
echo "my notes" >"$T/o/proj/notes.txt"; echo "int main;" >"$T/o/proj/src/main.c"
sum() { (cd "$1" && find . | sort && find . -type f | sort | xargs cat) | cksum; }
before=$(sum "$T/o/proj")
# an input that never ends: reading it would hang until the timeout
mkfifo "$T/o/fifo"
timeout 10 dp-to-parquet --mode overwrite -o "$T/o/proj" <>"$T/o/fifo" 2>"$T/err"
expect_eq "overwrite of a project directory: exit 2 before reading the input" "$?" 2
expect_eq "overwrite of a project directory: names the entry" "$(sed "s|$T/||" "$T/err")" \
	"dp-to-parquet: o/proj: not a dp dataset, so --mode overwrite will not replace it: 'notes.txt' is not a part-*.parquet file, a key=value directory or _SUCCESS; nothing written"
expect_eq "overwrite of a project directory: untouched, nothing beside" \
	"$(sum "$T/o/proj"):$(stagings "$T/o")" "$before:"
timeout 10 dp-to-parquet --mode overwrite --schema infer -o "$T/o/proj" <>"$T/o/fifo" 2>/dev/null
expect_eq "--schema infer: refused too, before reading" "$?:$(sum "$T/o/proj")" "2:$before"
rm "$T/o/fifo"
# each kind of entry dp never writes, alone in an otherwise good dataset
i=0
for bad in x.parquet notes part-1.txt .hidden 'state_normalized=S1/README' \
	'state_normalized=S1/_SUCCESS' '.dp-tmp-h-1-0123456789abcdef/notes' \
	'dir' 'state_normalized=S1/dir' 'link:part-1.parquet' 'link:state_normalized=S9' \
	'link:.dp-tmp-h-2-0123456789abcdef/.part-1.tmp' 'fifo:part-2.parquet'; do
	i=$((i + 1))
	d=$T/o/d$i
	dp-to-parquet $P -o "$d" "$T/base.ndjson" 2>/dev/null
	echo keep >"$T/o/target$i"
	case $bad in
	link:*) e=${bad#link:}; mkdir -p "$(dirname "$d/$e")"; ln -s "$T/o/target$i" "$d/$e" ;;
	fifo:*) e=${bad#fifo:}; mkfifo "$d/$e" ;;
	dir | */dir) e=$bad; mkdir -p "$d/$e" ;;
	*) e=$bad; mkdir -p "$(dirname "$d/$e")"; echo x >"$d/$e" ;;
	esac
	before=$(sum "$d")
	dp-to-parquet --mode overwrite $P -o "$d" "$T/s.ndjson" 2>"$T/err"
	expect_eq "overwrite refuses a dataset holding '$bad': exit 2, names it, untouched" \
		"$?:$(grep -o "'[^']*' is not" "$T/err"):$(sum "$d"):$(cat "$T/o/target$i")" \
		"2:'$e' is not:$before:keep"
done
# a symbolic link as PATH
mkdir "$T/o/real"; ln -s real "$T/o/ln"
dp-to-parquet -o "$T/o/real" "$T/s.ndjson" 2>/dev/null
before=$(sum "$T/o/real")
dp-to-parquet --mode overwrite -o "$T/o/ln" "$T/s.ndjson" 2>"$T/err"
expect_eq "overwrite of a symbolic link: exit 2, link and dataset untouched" \
	"$?:$(readlink "$T/o/ln"):$(sum "$T/o/real")" "2:real:$before"
# what dp writes, and wrote before this change, qualifies: part files,
# key=value directories (nested, empty), _SUCCESS, old and new staging
d=$T/o/good
dp-to-parquet $P -o "$d" "$T/base.ndjson" 2>/dev/null
mkdir -p "$d/a=1/b=2" "$d/empty=x" "$d/.dp-tmp-4242/state_normalized=S1" "$d/.dp-tmp-other-7-0123456789abcdef"
cp "$(find "$d" -name 'part-*' | head -1)" "$d/a=1/b=2/part-00.parquet"
touch "$d/.dp-tmp-4242/state_normalized=S1/.part-3.tmp" "$d/.dp-tmp-other-7-0123456789abcdef/.lock" \
	"$d/.dp-tmp-other-7-0123456789abcdef/.journal"
dp-to-parquet --mode overwrite -o "$d" "$T/s.ndjson" 2>"$T/err"
expect_eq "overwrite of a dp dataset (old layout, staging, nested): exit 0, only the new data" \
	"$?:$(ls -A "$d" | sed 's/part-.*/part/' | tr '\n' ' '):$(stagings "$T/o" | grep -c good)" "0:_SUCCESS part :0"
mkdir "$T/o/empty"
dp-to-parquet --mode overwrite -o "$T/o/empty" "$T/s.ndjson" 2>/dev/null
expect_eq "overwrite of an empty directory: exit 0" "$?:$(ls "$T/o/empty" | wc -l)" "0:2"

# ---- no rows: overwrite keeps the dataset unless --allow-empty ------------------
d=$T/e/ds
mkdir "$T/e"
dp-to-parquet $P -o "$d" "$T/base.ndjson" 2>/dev/null
before=$(sum "$d")
dp-to-parquet --mode overwrite $P -o "$d" </dev/null 2>"$T/err"
expect_eq "overwrite with no input: exit 1, the dataset kept" "$?:$(sum "$d"):$(stagings "$T/e")" "1:$before:"
expect_eq "overwrite with no input: message" "$(sed "s|$T/||" "$T/err")" \
	"dp-to-parquet: e/ds: no rows to write: the dataset is left as it was (--allow-empty replaces it with an empty one)"
echo '{"entity_id":1}' | dp-to-parquet --mode overwrite --keep-going $P -o "$d" 2>"$T/err"
expect_eq "overwrite with every record rejected: exit 1, the dataset kept" "$?:$(sum "$d")" "1:$before"
dp-to-parquet --mode overwrite --allow-empty $P -o "$d" </dev/null 2>/dev/null
expect_eq "overwrite --allow-empty: exit 0, an empty dataset" "$?:$(ls -A "$d")" "0:_SUCCESS"
dp-to-parquet --mode error -o "$T/e/new" </dev/null 2>/dev/null
expect_eq "--mode error, no input: exit 0, one empty file and _SUCCESS (unchanged)" \
	"$?:$(ls "$T/e/new" | sed 's/part-.*/part/' | tr '\n' ' ')" "0:_SUCCESS part "
if have_readers; then
	expect_eq "--mode error, no input: DuckDB reads 0 rows" \
		"$(query "SELECT count(*) AS n FROM read_parquet('$T/e/new/*.parquet')")" '{"n":0}'
fi

# ---- the directories made for PATH go when the run fails ------------------------
for mode in error append overwrite; do
	rm -rf "$T/p"; mkdir -p "$T/p/keep"
	echo '{"entity_id":1}' | dp-to-parquet --mode $mode -o "$T/p/keep/new/a/b/ds" 2>/dev/null
	expect_eq "failed run (--mode $mode): the directories it made are gone, the others kept" \
		"$?:$(cd "$T/p" && find . | sort | tr '\n' ' ')" "1:. ./keep "
	dp-to-parquet --mode $mode -o "$T/p/keep/new/a/b/ds" "$T/s.ndjson" 2>/dev/null
	expect_eq "good run (--mode $mode): they stay" "$?:$(files "$T/p/keep/new/a/b/ds" | wc -l)" "0:1"
done
rm -rf "$T/p"; mkdir "$T/p"; mkfifo "$T/p/fifo"
dp-to-parquet -o "$T/p/new/ds" <"$T/p/fifo" 2>/dev/null &
pid=$!
exec 7>"$T/p/fifo"
wait_for test -n "$(stagings "$T/p/new")"
kill -TERM $pid; wait $pid 2>/dev/null
exec 7>&-
rm "$T/p/fifo"
expect_eq "SIGTERM: the directories it made are gone" "$(ls -A "$T/p")" ""

# ---- many staged paths (more than the 64 of the first cleanup array) -------------
gen m 300 150 >"$T/m.ndjson"
dp-to-parquet $P -o "$T/m" "$T/m.ndjson" 2>"$T/err"
expect_eq "150 partitions (300 staged paths): exit 0, no leak report" \
	"$?:$(grep -c LeakSanitizer "$T/err"):$(files "$T/m" | wc -l)" "0:0:150"
dp-to-parquet --mode append $P -o "$T/m" "$T/m.ndjson" 2>"$T/err"
expect_eq "150 partitions appended: exit 0, no leak report" \
	"$?:$(grep -c LeakSanitizer "$T/err"):$(files "$T/m" | wc -l)" "0:0:300"
