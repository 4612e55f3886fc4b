# Every program has a man page that lints clean, has EXIT STATUS and
# EXAMPLES, and documents every long option its --help lists, and no
# other in its OPTIONS section.
. "$DP_TOP/tests/lib.sh"

for prog in "$DP_BIN"/dp-*; do
	name=$(basename "$prog")
	page=$DP_TOP/man/$name.1
	if [ ! -f "$page" ]; then
		fail "$name man page" "missing $page"
		continue
	fi
	lint=$(mandoc -Tlint -Wwarning "$page" 2>&1)
	expect_eq "$name man page lints clean" "$lint" ""
	for section in "EXIT STATUS" "EXAMPLES" "OPTIONS"; do
		if grep -q "^\.Sh $section" "$page"; then ok "$name man has $section"
		else fail "$name man has $section" "no .Sh $section"; fi
	done
	missing=
	for opt in $("$prog" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
		grep -q -- "Fl \\\\-${opt#--}\\b" "$page" || missing="$missing $opt"
	done
	expect_eq "$name man documents every --help option" "$missing" ""
	# and its OPTIONS section lists no option that --help lacks
	extra=
	for opt in $(sed -n '/^\.Sh OPTIONS/,/^\.Sh /p' "$page" |
		     grep '^\.It Fl' | grep -o 'Fl \\-[a-z][a-z-]*' |
		     sed 's/^Fl \\-//' | sort -u); do
		"$prog" --help | grep -q -- "--$opt\b" || extra="$extra --$opt"
	done
	expect_eq "$name man OPTIONS has no option --help lacks" "$extra" ""
	"$prog" --help >"$T/help"
	expect_eq "$name --help exits 0 on stdout" "$?:$(head -c 6 "$T/help")" "0:Usage:"
done
lint=$(mandoc -Tlint -Wwarning "$DP_TOP/man/dp.7" 2>&1)
expect_eq "dp.7 lints clean" "$lint" ""
