# Helpers for tests/integration/*.sh. Each check prints one line:
# "ok NAME", "FAIL NAME: why" or "skip NAME: why"; tests/run counts them.
# The runner exports PATH (built programs first), DP_TOP (the checkout),
# DP_SHARED_DATA (../shared/data), SOURCE_DATE_EPOCH and TMPDIR.
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

ok() { echo "ok $1"; }
fail() { echo "FAIL $1: $2"; }
skip() { echo "skip $1: $2"; }

# expect_eq NAME ACTUAL EXPECTED
expect_eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else
		fail "$1" "expected '$3', got '$(printf %s "$2" | head -c 300)'"
	fi
}

# expect_status NAME STATUS CMD...: run CMD, compare its exit status.
expect_status() {
	local name=$1 want=$2 got
	shift 2
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	expect_eq "$name" "$got" "$want"
}

# need_shared NAME: skip (and return 1) when ../shared/data is absent.
need_shared() {
	if [ ! -d "$DP_SHARED_DATA" ]; then
		skip "$1" "shared data not found at $DP_SHARED_DATA"
		return 1
	fi
}
