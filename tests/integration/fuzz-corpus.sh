# Every fuzz target replays its committed seed corpus and every input
# that once crashed it (tests/fuzz/regressions/NAME), without a crash
# or sanitizer report.
. "$DP_TOP/tests/lib.sh"

for bin in "$DP_BIN"/fuzz/fuzz_*; do
	[ -x "$bin" ] || continue
	name=$(basename "$bin")
	files=$(find "$DP_TOP/tests/fuzz/corpus/$name" "$DP_TOP/tests/fuzz/regressions/$name" \
		-type f 2>/dev/null | sort)
	if [ -z "$files" ]; then
		fail "$name replay" "no seed corpus in tests/fuzz/corpus/$name"
		continue
	fi
	# shellcheck disable=SC2086
	if "$bin" $files >"$T/out" 2>&1; then
		ok "$name replays $(echo "$files" | wc -l) saved inputs"
	else
		fail "$name replay" "$(tail -5 "$T/out")"
	fi
done
