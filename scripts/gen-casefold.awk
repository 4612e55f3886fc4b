#!/usr/bin/awk -f
# Print the simple case folding table of src/lib/core/utf8.c from Unicode's
# CaseFolding.txt (https://www.unicode.org/Public/UCD/latest/ucd/):
#   awk -f scripts/gen-casefold.awk CaseFolding.txt
# Mappings of status C and S (the simple folding), as runs of code
# points `stride` apart that add the same delta:
#   { first, count, stride, delta },
function hex(s,    i, c, v) {
	v = 0
	s = toupper(s)
	for (i = 1; i <= length(s); i++) {
		c = index("0123456789ABCDEF", substr(s, i, 1)) - 1
		v = v * 16 + c
	}
	return v
}
function flush() {
	if (n)
		printf "\t{ 0x%05X, %d, %d, %d },\n", first, n, stride, delta
	n = 0
}
BEGIN { FS = "; *" }
/^[0-9A-Fa-f]/ && ($2 == "C" || $2 == "S") {
	cp = hex($1)
	d = hex($3) - cp
	if (n && d == delta && ((n == 1 && (cp - first == 1 || cp - first == 2)) ||
				(n > 1 && cp == first + n * stride))) {
		if (n == 1)
			stride = cp - first
		n++
		next
	}
	flush()
	first = cp
	n = 1
	stride = 1
	delta = d
}
END { flush() }
