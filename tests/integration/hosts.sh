# Across hosts (dp(7), "Across hosts"): the pipeline's filters run under
# GNU parallel --sshlogin on blocks of the loaded records, on two ssh
# logins, with the programs and the reference files shipped by
# --basefile into a work directory that only the transfer makes. Each
# job appends its part of one Parquet dataset, _SUCCESS is written once,
# and the dataset holds exactly the rows of the serial run.
#
# The two "hosts" are one private sshd on 127.0.0.1 (started here as the
# current user, root or not, on a free high port, with a throw-away host
# key, user key, authorized_keys and sshd_config under $T), reached under
# two names of a private ssh config; ~/.ssh is neither read nor written.
# Without /usr/sbin/sshd, ssh, rsync or parallel (scripts/bootstrap
# installs them), or when sshd cannot start here, the checks skip.
. "$DP_TOP/tests/lib.sh"
. "$DP_TOP/tests/npm/parquet-lib.sh"

query() { (cd "$DP_TOP/tests/npm" && node query.mjs "$1"); }
data=$DP_TOP/examples/data
sshd=/usr/sbin/sshd

missing=
command -v parallel >/dev/null || missing="$missing parallel"
[ -x "$sshd" ] || missing="$missing $sshd"
for c in ssh ssh-keygen rsync; do
	command -v "$c" >/dev/null || missing="$missing $c"
done
if [ -n "$missing" ]; then
	skip "hosts" "missing:$missing (scripts/bootstrap installs them)"
	exit 0
fi

sshd_pid=
stop_sshd() {
	if [ -n "$sshd_pid" ]; then
		kill "$sshd_pid" 2>/dev/null
		wait "$sshd_pid" 2>/dev/null
		sshd_pid=
	fi
}
trap 'stop_sshd; rm -rf "$T"' EXIT

# ---- a private sshd and ssh config -------------------------------------------
user=$(id -un)
ssh-keygen -q -t ed25519 -N '' -C dp-test-host -f "$T/host_key" &&
ssh-keygen -q -t ed25519 -N '' -C dp-test-user -f "$T/user_key" || {
	skip "hosts" "ssh-keygen failed"; exit 0; }
cp "$T/user_key.pub" "$T/authorized_keys"
# The host key is known under an alias, checked strictly: no prompt, no
# "Permanently added" warning, no known_hosts of the user's.
echo "dp-test-sshd $(cat "$T/host_key.pub")" >"$T/known_hosts"
# As root, sshd wants its privilege separation directory.
[ "$(id -u)" -ne 0 ] || mkdir -p /run/sshd

write_configs() {	# PORT
	cat >"$T/sshd_config" <<EOF
ListenAddress 127.0.0.1:$1
HostKey $T/host_key
PidFile $T/sshd.pid
AuthorizedKeysFile $T/authorized_keys
AllowUsers $user
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
X11Forwarding no
AllowAgentForwarding no
AllowTcpForwarding no
PrintMotd no
MaxStartups 100
EOF
	cat >"$T/ssh_config" <<EOF
Host dp-host-a dp-host-b
	HostName 127.0.0.1
	Port $1
	User $user
	IdentityFile $T/user_key
	IdentitiesOnly yes
	IdentityAgent none
	HostKeyAlias dp-test-sshd
	UserKnownHostsFile $T/known_hosts
	GlobalKnownHostsFile /dev/null
	StrictHostKeyChecking yes
	UpdateHostKeys no
	BatchMode yes
	ConnectTimeout 5
	ControlMaster no
	ControlPath none
	LogLevel ERROR
EOF
}
# ssh with only that config (-F: neither ~/.ssh/config nor
# /etc/ssh/ssh_config is read, and ~/.ssh is not created).
cat >"$T/ssh" <<EOF
#!/bin/sh
exec ssh -F '$T/ssh_config' "\$@"
EOF
chmod +x "$T/ssh"

# A free port: try a few random high ones; sshd exits when it cannot
# bind. Wait until a login works (sshd -D stays in the foreground, so
# $! is sshd itself).
started=
for try in 1 2 3 4 5 6; do
	port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
	write_configs "$port"
	if ! "$sshd" -t -f "$T/sshd_config" >"$T/sshd.log" 2>&1; then
		break
	fi
	"$sshd" -D -f "$T/sshd_config" -E "$T/sshd.log" </dev/null &
	sshd_pid=$!
	for i in $(seq 50); do
		if ! kill -0 "$sshd_pid" 2>/dev/null; then
			wait "$sshd_pid" 2>/dev/null; sshd_pid=; break
		fi
		if "$T/ssh" dp-host-a true </dev/null 2>"$T/ssh.err"; then
			started=1; break
		fi
		sleep 0.2
	done
	[ -n "$started" ] && break
	stop_sshd
	grep -qi 'bind\|address already in use' "$T/sshd.log" || break
done
if [ -z "$started" ]; then
	skip "hosts" "sshd did not start on 127.0.0.1: $(tail -2 "$T/sshd.log" "$T/ssh.err" 2>/dev/null | tr '\n' ' ' | head -c 300)"
	exit 0
fi
ok "sshd started as $user (uid $(id -u)) on 127.0.0.1:$port"

# Both names log in, to the same machine as this user.
expect_eq "two ssh logins: dp-host-a and dp-host-b" \
	"$("$T/ssh" dp-host-a id -un </dev/null 2>&1) $("$T/ssh" dp-host-b id -un </dev/null 2>&1)" \
	"$user $user"
# The remote side does not see the build: the build directory is not on
# its PATH (parallel passes no environment without --env).
remote_path=$("$T/ssh" dp-host-b 'echo "$PATH"' </dev/null 2>&1)
case ":$remote_path:" in
*":$DP_BIN:"*) fail "remote PATH lacks the build directory" "$remote_path" ;;
*) ok "remote PATH lacks the build directory ($remote_path)" ;;
esac

# ---- the loaded records, and the serial run -------------------------------------
# The reference files are given by plain names, read from the current
# directory: examples/data here, the remote work directory there.
refs="--locations locations_sample.json --neighborhoods neighborhoods_sample.json"
(cd "$data" && dp-load-json properties_sample.json neighborhoods_sample.json) >"$T/loaded.ndjson"
if command -v sqlite3 >/dev/null; then
	sqlite3 "$T/wikipedia.db" <"$data/wikipedia_sample.sql" &&
		(cd "$T" && dp-load-sqlite wikipedia.db --preset wikipedia 2>/dev/null) >>"$T/loaded.ndjson"
fi
(cd "$data" && dp-enrich $refs | dp-chunk --strategy sentence --size 200 |
	dp-embed --provider hash |
	dp-to-parquet --partition-by entity_type,state_normalized -o "$T/serial/dataset") \
	<"$T/loaded.ndjson" >"$T/out" 2>"$T/err"
expect_eq "serial run exits 0" "$?" 0

# ---- the same stages across the two logins ---------------------------------------
# What a job needs goes in one directory, shipped by --basefile (one
# transfer per login) into the work directory $T/remote, which only the
# transfer makes; the jobs run those copies (ship/dp-enrich ...), with
# SOURCE_DATE_EPOCH passed by --env (parallel passes no other variable).
# Blocks of 12 KB (some 5 jobs), 2 at a time on each login; each job
# prints the login it ran on and the address ssh saw it come from.
mkdir "$T/ship"
cp "$DP_BIN/dp-enrich" "$DP_BIN/dp-chunk" "$DP_BIN/dp-embed" "$DP_BIN/dp-to-parquet" \
	"$data/locations_sample.json" "$data/neighborhoods_sample.json" "$T/ship/"
[ ! -e "$T/remote" ] && ok "the remote work directory does not exist before the run" ||
	fail "the remote work directory does not exist before the run" "$(ls "$T/remote")"
start=$(date +%s)
HOME=$T parallel --will-cite --pipe -k --block 12k \
	--ssh "$T/ssh" --sshlogin 2/dp-host-a,2/dp-host-b \
	--workdir "$T/remote" --basefile "$T/./ship" --env SOURCE_DATE_EPOCH \
	"cd ship && ./dp-enrich $refs | ./dp-chunk --strategy sentence --size 200 |
	 ./dp-embed --provider hash |
	 ./dp-to-parquet --partition-by entity_type,state_normalized \
	   --mode append -o '$T/par/dataset' &&
	 echo \"\$PARALLEL_SSHLOGIN \${SSH_CONNECTION%% *}\"" \
	<"$T/loaded.ndjson" >"$T/jobs" 2>"$T/err"
status=$?
end=$(date +%s)
touch "$T/par/dataset/_SUCCESS"
# stderr: dp-to-parquet's summaries only.
expect_eq "parallel --sshlogin: exit 0, no message but the summaries" \
	"$status:$(grep -v '^dp-to-parquet: .* bytes' "$T/err" | head -c 300)" "0:"
jobs=$(wc -l <"$T/jobs")
files=$(find "$T/par/dataset" -name '*.parquet' | wc -l)
serial_files=$(find "$T/serial/dataset" -name '*.parquet' | wc -l)
if [ "$jobs" -ge 4 ] && [ "$files" -gt "$serial_files" ]; then
	ok "$jobs jobs appended $files files to one dataset (serial: $serial_files) in $((end - start)) s"
else
	fail "several jobs appended to one dataset" "$jobs jobs, $files files (serial: $serial_files)"
fi
expect_eq "every job ran over ssh from 127.0.0.1, on both logins" \
	"$(sort -u "$T/jobs" | tr '\n' ' ')" "dp-host-a 127.0.0.1 dp-host-b 127.0.0.1 "
same=1
for p in dp-enrich dp-chunk dp-embed dp-to-parquet locations_sample.json; do
	src=$DP_BIN/$p
	[ -e "$src" ] || src=$data/$p
	cmp -s "$src" "$T/remote/ship/$p" || same=0
done
expect_eq "the jobs ran the copies shipped to the work directory" "$same" 1
[ -f "$T/par/dataset/_SUCCESS" ] && [ -z "$(find "$T/par/dataset" -name '.dp-tmp-*')" ] &&
	ok "_SUCCESS written once, after the jobs; no staging left" ||
	fail "_SUCCESS and no staging" "$(ls -a "$T/par/dataset")"

# ---- the same rows as the serial run (DuckDB) ---------------------------------
if have_readers; then
	sum_sql() {	# rows and a checksum of every row, in one order
		echo "SELECT count(*) AS n, md5(string_agg(to_json(r)::VARCHAR, chr(10) ORDER BY r.chunk_id, to_json(r)::VARCHAR)) AS h
			FROM (SELECT * EXCLUDE (entity_type, state_normalized) FROM read_parquet('$1/**/*.parquet')) r"
	}
	parts_sql() {
		echo "SELECT entity_type, state_normalized, count(*) AS n FROM read_parquet('$1/**/*.parquet', hive_partitioning=true) GROUP BY ALL ORDER BY ALL"
	}
	serial=$(query "$(sum_sql "$T/serial/dataset")" 2>&1)
	par=$(query "$(sum_sql "$T/par/dataset")" 2>&1)
	n=$(printf '%s' "$serial" | jq -r .n 2>/dev/null)
	if [ "${n:-0}" -gt 0 ] 2>/dev/null && [ "$serial" = "$par" ]; then
		ok "across hosts: the serial run's $n rows, same checksum ($(printf '%s' "$par" | jq -r .h))"
	else
		fail "across hosts: the serial run's rows and checksum" "serial $serial, across hosts $par"
	fi
	expect_eq "across hosts: the serial run's rows per partition" \
		"$(query "$(parts_sql "$T/par/dataset")" 2>&1)" "$(query "$(parts_sql "$T/serial/dataset")" 2>&1)"
else
	skip "across hosts: the serial run's rows" "node or tests/npm/node_modules missing (run scripts/bootstrap)"
fi

# ---- nothing left running or listening -------------------------------------------
stop_sshd
if "$T/ssh" -o ConnectTimeout=2 dp-host-a true </dev/null 2>/dev/null; then
	fail "sshd stopped: port $port closed" "a login still works"
else
	ok "sshd stopped: port $port closed"
fi
