# make install puts programs and man pages under DESTDIR/PREFIX; the
# installed programs run; make uninstall removes them again.
. "$DP_TOP/tests/lib.sh"

root=$T/root
make -s -C "$DP_TOP" install DESTDIR="$root" PREFIX=/opt/dp >"$T/log" 2>&1
expect_eq "make install exits 0" "$?" 0
for p in dp-load-json dp-load-sqlite dp-load-csv; do
	if [ -x "$root/opt/dp/bin/$p" ] && [ -f "$root/opt/dp/share/man/man1/$p.1" ]
	then ok "installed $p and its man page"
	else fail "installed $p and its man page" "missing under $root/opt/dp"; fi
done
if [ -f "$root/opt/dp/share/man/man7/dp.7" ]; then ok "installed dp.7"
else fail "installed dp.7" "missing"; fi
expect_eq "installed program runs" \
	"$(echo '{"a":1}' | "$root/opt/dp/bin/dp-load-json" | jq -c .a)" 1
make -s -C "$DP_TOP" uninstall DESTDIR="$root" PREFIX=/opt/dp >"$T/log" 2>&1
expect_eq "make uninstall leaves no files" "$(find "$root" -type f | wc -l)" 0
