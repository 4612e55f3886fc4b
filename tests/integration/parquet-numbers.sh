# dp-to-parquet: number texts of any length are read exactly, in every
# column type, or the record is rejected naming its field; DuckDB reads
# the values back.
. "$DP_TOP/tests/lib.sh"
. "$DP_TOP/tests/npm/parquet-lib.sh"

zeros() { head -c "$1" /dev/zero | tr '\0' 0; }
nines() { head -c "$1" /dev/zero | tr '\0' 9; }
fours() { head -c "$1" /dev/zero | tr '\0' 4; }
z400=$(zeros 400) z500=$(zeros 500)
query() { (cd "$NPM" && node query.mjs "$1"); }

cat >"$T/num.schema" <<'EOF'
id   int64 required
dbl  double
f    float
i    int64
i32  int32
d    decimal(18,2)
ld   list<double>
lf   list<float>
li   list<int64>
EOF

# id: the value read back by DuckDB, and the text it should be.
{
	echo "{\"id\":1,\"dbl\":1.${z400}e5,\"f\":1.${z400}e5,\"i\":1.${z400}e5,\"i32\":1.${z400}e5,\"d\":1.${z400}e5}"
	echo "{\"id\":2,\"dbl\":0.${z500}1e501,\"f\":0.${z500}1e501,\"i\":0.${z500}1e501,\"d\":0.${z500}1e501}"
	echo "{\"id\":3,\"dbl\":1.$(zeros 100000)e2,\"i\":1$(zeros 100000)e-99998,\"d\":0.$(zeros 100000)5e100001}"
	echo "{\"id\":4,\"dbl\":1e-400,\"f\":1e-50,\"i\":9007199254740993.0,\"d\":1234567890123456.78}"
	echo "{\"id\":5,\"dbl\":-1e-400,\"i\":9.223372036854775807e18,\"i32\":2147483647.${z400},\"d\":0.124$(nines 1000)}"
	echo "{\"id\":6,\"i\":-9223372036854775808.${z400},\"i32\":-2147483648e0,\"d\":0.125$(zeros 1000)}"
	echo "{\"id\":7,\"dbl\":4.9e-324,\"d\":-0.125$(zeros 997)1}"
	echo "{\"id\":8,\"ld\":[1.${z400}e5,1e-400],\"lf\":[1.${z400}e5,0.${z500}1e501],\"li\":[1.${z400}e5,1${z400}e-400]}"
	echo "{\"id\":9,\"d\":9999999999999999.99$(fours 1000)e0}"
} >"$T/long.ndjson"
dp-to-parquet --schema "$T/num.schema" -o "$T/long" "$T/long.ndjson" 2>"$T/err"
expect_eq "long number texts: exit 0" "$?" 0
if have_readers; then
	got=$(query "SELECT id, dbl, f, i, i32, d::VARCHAR AS d, ld, lf, li FROM read_parquet('$T/long/*.parquet') ORDER BY id" |
		jq -c '[.id, .dbl, .f, .i, .i32, .d, .ld, .lf, .li]')
	expect_eq "long number texts: read back exactly (DuckDB)" "$got" \
'[1,100000,100000,100000,100000,"100000.00",null,null,null]
[2,1,1,1,null,"1.00",null,null,null]
[3,100,null,100,null,"5.00",null,null,null]
[4,0,0,"9007199254740993",null,"1234567890123456.78",null,null,null]
[5,0,null,"9223372036854775807",2147483647,"0.12",null,null,null]
[6,null,null,"-9223372036854775808",-2147483648,"0.13",null,null,null]
[7,5e-324,null,null,null,"-0.13",null,null,null]
[8,null,null,null,null,null,[100000,0],[100000,1],[100000,1]]
[9,null,null,null,null,"9999999999999999.99",null,null,null]'
	expect_eq "1e-400 into a double is 0 (the nearest double), -1e-400 is -0" \
		"$(query "SELECT count(*) AS n FROM read_parquet('$T/long/*.parquet') WHERE id IN (4,5) AND dbl = 0 AND signbit(dbl) = (id = 5)" | jq .n)" 2
else
	skip "long number texts: read back exactly (DuckDB)" "node or tests/npm/node_modules missing (run scripts/bootstrap)"
fi

# Numbers that do not fit their column: rejected, naming the field and
# the value (its first characters when long).
{
	echo "{\"id\":1,\"i\":1${z400}}"
	echo "{\"id\":2,\"i\":9223372036854775808.0}"
	echo "{\"id\":3,\"i\":1.5}"
	echo "{\"id\":4,\"i\":1e-400}"
	echo "{\"id\":5,\"i\":1.${z400}1}"
	echo "{\"id\":6,\"dbl\":1e400}"
	echo "{\"id\":7,\"dbl\":1${z400}}"
	echo "{\"id\":8,\"f\":1e39}"
	echo "{\"id\":9,\"d\":1e400}"
	echo "{\"id\":10,\"d\":9999999999999999.995}"
	echo "{\"id\":11,\"i32\":2147483648.${z400}}"
	echo "{\"id\":12,\"li\":[1,1.${z400}1]}"
	echo "{\"id\":13,\"lf\":[1,1e39]}"
	echo "{\"id\":14,\"i\":1${z400}e-300}"
} >"$T/bad.ndjson"
dp-to-parquet --schema "$T/num.schema" --rejects "$T/rej" -o "$T/bad" "$T/bad.ndjson" 2>/dev/null
expect_eq "numbers out of their column's range: rejected" "$(jq -r '"\(.line) \(.error)"' "$T/rej")" \
"1 field 'i': 10000000000000000000000000000000... (401 characters) is out of range for int64
2 field 'i': 9223372036854775808.0 is out of range for int64
3 field 'i': 1.5 is not an integer (int64)
4 field 'i': 1e-400 is not an integer (int64)
5 field 'i': 1.000000000000000000000000000000... (403 characters) is not an integer (int64)
6 field 'dbl': 1e400 is out of range for double
7 field 'dbl': 10000000000000000000000000000000... (401 characters) is out of range for double
8 field 'f': 1e39 is out of range for float
9 field 'd': 1e400 is out of range for decimal(18,2)
10 field 'd': 9999999999999999.995 is out of range for decimal(18,2)
11 field 'i32': 2147483648.000000000000000000000... (411 characters) is out of range for int32
12 field 'li' element 1: 1.000000000000000000000000000000... (403 characters) is not an integer (int64)
13 field 'lf' element 1: 1e39 is out of range for float
14 field 'i': 10000000000000000000000000000000... (406 characters) is out of range for int64"

# Integers a double cannot hold (beyond 2^53) in a column that is double
# (inferred from a mix with fractions, or given): stored as the nearest
# double, and warned about once per field, naming the first such value,
# whatever the order, in lists and in partitioned runs too.
inexact() {	# inexact NAME WANT_STDERR DP_TO_PARQUET_ARGS...
	local name=$1 want=$2
	shift 2
	rm -rf "$T/inx"
	dp-to-parquet -o "$T/inx" "$@" 2>"$T/err"
	expect_eq "$name: exit 0" "$?" 0
	expect_eq "$name: warned once" \
		"$(grep -v ' written to \|: [0-9]* rows*, ' "$T/err" | sed "s|$T/||")" "$want"
}
printf '{"x":9007199254740993,"k":"a"}\n{"x":1.5,"k":"b"}\n{"x":9007199254740995,"k":"a"}\n' >"$T/int-first.ndjson"
inexact "infer, integer first" \
	"dp-to-parquet: int-first.ndjson:1: field 'x': 9007199254740993 is not exactly a double: stored as 9007199254740992 (warned once per field)" \
	--schema infer "$T/int-first.ndjson"
if have_readers; then
	expect_eq "infer, integer first: the nearest doubles stored" \
		"$(query "SELECT x::VARCHAR AS x FROM read_parquet('$T/inx/*.parquet')" | jq -r .x | tr '\n' ' ')" \
		"9007199254740992.0 1.5 9007199254740996.0 "
fi
inexact "infer, partitioned" \
	"dp-to-parquet: int-first.ndjson:1: field 'x': 9007199254740993 is not exactly a double: stored as 9007199254740992 (warned once per field)" \
	--schema infer --partition-by k "$T/int-first.ndjson"
printf '{"x":1.5}\n{"x":9223372036854775807}\n{"x":-9223372036854775808}\n{"x":9007199254740993}\n' >"$T/frac-first.ndjson"
inexact "infer, fraction first, int64 extremes" \
	"dp-to-parquet: frac-first.ndjson:2: field 'x': 9223372036854775807 is not exactly a double: stored as 9223372036854775808 (warned once per field)" \
	--schema infer "$T/frac-first.ndjson"
printf '{"l":[1.5,2]}\n{"l":[1,-9007199254740993]}\n' >"$T/list.ndjson"
inexact "infer, list elements" \
	"dp-to-parquet: list.ndjson:2: field 'l' element 1: -9007199254740993 is not exactly a double: stored as -9007199254740992 (warned once per field)" \
	--schema infer "$T/list.ndjson"
printf 'x double\nf float\nlf list<float>\n' >"$T/given.schema"
printf '{"x":9007199254740992,"f":16777216}\n{"x":1%s,"f":16777217}\n{"lf":[1,16777219],"x":18014398509481985}\n' "$(zeros 300)" >"$T/given.ndjson"
inexact "given double and float fields" \
	"dp-to-parquet: given.ndjson:2: field 'x': 10000000000000000000000000000000... (301 characters) is not exactly a double: stored as 10000000000000000525047602552044... (301 characters) (warned once per field)
dp-to-parquet: given.ndjson:2: field 'f': 16777217 is not exactly a float: stored as 16777216 (warned once per field)
dp-to-parquet: given.ndjson:3: field 'lf' element 1: 16777219 is not exactly a float: stored as 16777220 (warned once per field)" \
	--schema "$T/given.schema" "$T/given.ndjson"
printf '{"x":9007199254740993,"f":"bad"}\n{"x":9007199254740995}\n' >"$T/rejected.ndjson"
inexact "a rejected record's integer is not the one named" \
	"dp-to-parquet: rejected.ndjson:1: field 'f': expected a number for float, got a string (record rejected)
dp-to-parquet: rejected.ndjson:2: field 'x': 9007199254740995 is not exactly a double: stored as 9007199254740996 (warned once per field)
dp-to-parquet: 1 record rejected (use --rejects FILE to keep them)" \
	--schema "$T/given.schema" --keep-going "$T/rejected.ndjson"

# The other programs read numbers with jansson or yajl, which keep the
# whole text: the same long texts come out exact.
printf '{"entity_id":"a","content":"hello world","n":1.%se5,"m":0.%s1e501,"i":1%se-398}\n' \
	"$z400" "$z500" "$z400" >"$T/other.ndjson"
for p in dp-load-json dp-chunk "dp-embed --provider hash -f content"; do
	expect_eq "$p: long number texts read exactly" \
		"$($p "$T/other.ndjson" 2>/dev/null | jq -c '[.n, .m, .i]')" "[100000,1,100]"
done
dp-embed --provider hash -f content "$T/other.ndjson" >"$T/emb.ndjson" 2>/dev/null
expect_eq "dp-search: long number texts read exactly" \
	"$(dp-search --provider hash hello "$T/emb.ndjson" 2>/dev/null | jq -c '[.n, .m, .i]')" "[100000,1,100]"
