# The include direction of src/ (src/README.md, "Layers"): core
# (src/lib/core) includes no subsystem; a subsystem (src/lib/X)
# includes core, its own headers and other subsystems' public headers
# (src/lib/Y/Y.h) only; nothing in src/lib includes a program; a
# program (src/dp-*.c) includes only dp.h and public headers; the
# subsystems include each other without a cycle; every folder has its
# public header; no source file lies in src/lib itself. Includes are
# resolved as the compiler does (the including file's folder, then
# -Isrc/lib/core, then -Isrc/lib). Each rule is one check naming every
# offending file and include; a copy of src/ with one seeded violation
# per rule shows that each check can fail. The library's objects, when
# built, are checked the same way at link level (which subsystem's
# symbols each object uses): core uses no subsystem, no cycle. The
# build-time generators in src/gen are left out: like the unit tests,
# they may include a subsystem's private headers (src/README.md).
. "$DP_TOP/tests/lib.sh"

# The include rules, over the tree at TOP, in one awk program: input 1
# lists TOP's files under src/, input 2 is grep -n of its #include lines.
# Prints "RULE<TAB>offence" for each broken rule (core, subsystem, lib,
# program) and "edge<TAB>FROM TO FILE:LINE NAME" for each include from
# one folder of src/lib to another.
rules='
# norm(p): p with "." and ".." components resolved.
function norm(p,   n, i, c, out, k) {
	n = split(p, c, "/"); k = 0
	for (i = 1; i <= n; i++) {
		if (c[i] == "." || c[i] == "") continue
		if (c[i] == ".." && k > 0 && out[k] != "..") { k--; continue }
		out[++k] = c[i]
	}
	p = out[1]
	for (i = 2; i <= k; i++) p = p "/" out[i]
	return p
}
# part(p): "core", a subsystem folder, "program" (src/ outside src/lib)
# or "lib" (a file in src/lib itself).
function part(p,   c) {
	if (p !~ /^src\/lib\//) return "program"
	split(p, c, "/")
	return p ~ /^src\/lib\/[^\/]*\// ? c[3] : "lib"
}
# public(p): is p a public header (src/lib/core/dp.h, src/lib/X/X.h)?
function public(p,   c) {
	if (p == "src/lib/core/dp.h") return 1
	return split(p, c, "/") == 4 && c[2] == "lib" && c[4] == c[3] ".h"
}
FNR == NR { have[$0] = 1; next }
{
	file = $0; sub(/:.*/, "", file)
	rest = substr($0, length(file) + 2)
	line = rest; sub(/:.*/, "", line)
	text = substr(rest, length(line) + 2)
	if (match(text, /"[^"]*"/)) quoted = 1
	else if (match(text, /<[^>]*>/)) quoted = 0
	else next
	name = substr(text, RSTART + 1, RLENGTH - 2)
	dir = file; sub(/\/[^\/]*$/, "", dir)
	if (quoted && (norm(dir "/" name) in have)) t = norm(dir "/" name)
	else if (norm("src/lib/core/" name) in have) t = norm("src/lib/core/" name)
	else if (norm("src/lib/" name) in have) t = norm("src/lib/" name)
	else next	# a system header
	resolved++
	from = part(file); to = part(t)
	where = file ":" line " includes \"" name "\" (" t
	if (from == "core" && to != "core" && to != "program")
		print "core\t" where ")"
	if (from != "core" && from != "program" && from != "lib" && to != "core" &&
	    to != "program" && to != from && !public(t))
		print "subsystem\t" where ", private to " to ")"
	if (file ~ /^src\/lib\// && to == "program")
		print "lib\t" where ", a program)"
	if (from == "program" && !public(t))
		print "program\t" where ", not a public header)"
	if (from != "program" && from != "lib" && to != "program" && to != "lib" && to != from)
		print "edge\t" from " " to " " file ":" line " \"" name "\""
}
END { print "resolved\t" resolved + 0 }'

# report NAME BAD: ok NAME when BAD is empty, else fail with BAD's lines.
report() {
	if [ -z "$2" ]; then ok "$1"
	else fail "$1" "$(printf '%s\n' "$2" | grep . | paste -sd';' | sed 's/;/; /g')"; fi
}

# cycle NAME EDGES: fail NAME when the graph of EDGES ("FROM TO WHY..."
# lines) has a cycle, naming its nodes and, for each edge among them,
# the first three reasons.
cycle() {
	local loop why
	loop=$(printf '%s\n' "$2" | awk 'NF { print $1, $2 }' | sort -u | tsort 2>&1 >/dev/null |
		sed -n 's/^tsort: \([^ :]*\)$/\1/p' | sort -u | paste -sd' ' -)
	if [ -z "$loop" ]; then ok "$1"; return; fi
	why=$(printf '%s\n' "$2" | awk -v loop=" $loop " '
		index(loop, " " $1 " ") && index(loop, " " $2 " ") {
			e = $1 "->" $2; w = $3; for (i = 4; i <= NF; i++) w = w " " $i
			if (++n[e] <= 3) print e ": " w; else if (n[e] == 4) print e ": ..."
		}')
	report "$1" "cycle among: $loop
$why"
}

# layout TOP: the checks, on the tree at TOP.
layout() {
	local top=$1 n sub h bad=
	(cd "$top" && find src -type f ! -path 'src/gen/*' | sort) >"$T/files"
	(cd "$top" && grep -n '^[[:space:]]*#[[:space:]]*include' /dev/null \
		$(grep '\.[ch]$' "$T/files")) | awk "$rules" "$T/files" - >"$T/found"
	rule() { sed -n "s/^$1\t//p" "$T/found"; }
	n=$(rule resolved)
	if [ "${n:-0}" -gt 0 ]; then ok "layout: includes of the tree's headers found"
	else fail "layout: includes of the tree's headers found" "none in $top/src"; fi
	report "layout: core includes no subsystem header" "$(rule core)"
	report "layout: a subsystem includes core, its own and public headers only" "$(rule subsystem)"
	report "layout: nothing in src/lib includes a program" "$(rule lib)"
	report "layout: programs include only public headers" "$(rule program)"
	cycle "layout: no include cycle between subsystems" "$(rule edge)"
	for sub in "$top"/src/lib/*/; do
		sub=$(basename "$sub")
		if [ "$sub" = core ]; then h=dp.h; else h=$sub.h; fi
		[ -f "$top/src/lib/$sub/$h" ] || bad="${bad}src/lib/$sub/ has no $h
"
	done
	report "layout: every folder in src/lib has its public header" "$bad"
	report "layout: no .c or .h directly in src/lib" \
		"$(grep '^src/lib/[^/]*\.[ch]$' "$T/files" | sed 's/$/ is in src\/lib itself, in no folder/')"
}

layout "$DP_TOP"

# ---- each check fails on a seeded violation ----------------------------------
# seeded NAME FILE LINE [WHAT]: in a copy of src/ with LINE added to
# FILE, the check NAME fails naming WHAT (default FILE).
seeded() {
	local out what=${4:-$2}
	rm -rf "$T/seed"; mkdir "$T/seed"
	cp -R "$DP_TOP/src" "$T/seed/src"
	mkdir -p "$(dirname "$T/seed/$2")"
	printf '%s\n' "$3" >>"$T/seed/$2"
	out=$(layout "$T/seed" | grep -F "FAIL $1: ")
	case $out in
	*"$what"*) ok "seeded violation in $2: '$1' fails" ;;
	*) fail "seeded violation in $2: '$1' fails" "${out:-passed}" ;;
	esac
}
seeded "layout: core includes no subsystem header" \
	src/lib/core/err.c '#include "embed/embed.h"'
seeded "layout: a subsystem includes core, its own and public headers only" \
	src/lib/chunk/chunk.c '#include "embed/provider.h"'
seeded "layout: a subsystem includes core, its own and public headers only" \
	src/lib/load/csv.c '#include <parquet/schema.h>'
seeded "layout: nothing in src/lib includes a program" \
	src/lib/load/csv.c '#include "../../dp-chunk.c"'
seeded "layout: programs include only public headers" \
	src/dp-embed.c '#include "embed/http.h"'
seeded "layout: programs include only public headers" \
	src/dp-chunk.c '#include "lib/parquet/value.h"'
seeded "layout: no include cycle between subsystems" \
	src/lib/embed/hash.c '#include "chunk/chunk.h"'
seeded "layout: every folder in src/lib has its public header" \
	src/lib/extra/extra.c '#include "dp.h"' src/lib/extra/
seeded "layout: no .c or .h directly in src/lib" \
	src/lib/stray.c '#include "dp.h"'

# ---- the same at link level ---------------------------------------------------
# The objects of this build (the Makefile puts bin's in build/obj/lib and
# build/san/bin's in build/san/lib), one per src/lib/X/F.c.
case $DP_BIN in
"$DP_TOP/bin") objdir=$DP_TOP/build/obj/lib ;;
*/bin) objdir=${DP_BIN%/bin}/lib ;;
*) objdir= ;;
esac
objs=
for c in "$DP_TOP"/src/lib/*/*.c; do
	o=${c#"$DP_TOP/src/lib/"}
	o=$objdir/${o%.c}.o
	if [ -z "$objdir" ] || [ ! -f "$o" ] || [ "$o" -ot "$c" ]; then objs=; break; fi
	objs="$objs $o"
done
if [ -z "$objs" ]; then
	skip "layout: link level" "no up-to-date objects of $DP_BIN found (looked in ${objdir:-nowhere})"
else
	# "SYMBOL FOLDER" for each defined symbol; "SYMBOL FOLDER OBJECT"
	# for each use (nm -A: "OBJECT: ... SYMBOL").
	nm -A --defined-only -g $objs | awk -v d="$objdir/" \
		'{ o = substr($1, length(d) + 1); sub(/\/.*/, "", o); print $NF, o }' | sort -u >"$T/defs"
	nm -A -u $objs | awk -v d="$objdir/" '{ o = substr($1, length(d) + 1); sub(/:$/, "", o)
		s = o; sub(/\/.*/, "", s); print $NF, s, o }' | sort >"$T/uses"
	# "FROM TO SOURCE SYMBOL" for each use of another folder's symbol.
	join "$T/uses" "$T/defs" | awk '$2 != $4 { sub(/\.o$/, ".c", $3); print $2, $4, "src/lib/" $3, $1 }' |
		sort -u >"$T/links"
	report "layout: link level: core uses no subsystem's symbol" \
		"$(awk '$1 == "core" { print $3 " uses " $4 " (" $2 ")" }' "$T/links")"
	cycle "layout: link level: no cycle between subsystems" "$(cat "$T/links")"
fi
