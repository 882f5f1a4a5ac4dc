#!/usr/bin/env bash
# Command-channel throughput: lease6-add (serial, unix socket), lease6-get (serial, unix socket)
# and lease6-get over HTTP under concurrent load (autocannon), against dhcp6-agent on a
# PostgreSQL server and, when installed, against Kea 2.2 (kea-dhcp6 + lease_cmds behind
# kea-ctrl-agent) on PostgreSQL, in the same run. Prints a table and the agent/Kea ratios.
#
#   bench/ctrl.sh [options]        (run `npm run build` first: the agent runs from dist/)
#
# See bench/README.md.

set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
DURATION=10
CONNECTIONS=10
LEASES=10000
SERVERS="agent kea"
KEEP=0
PROFILE_DIR=""
PG_HOST=${PG_HOST:-127.0.0.1}
KEA_HOOKS_DIR=${KEA_HOOKS_DIR:-/usr/lib/x86_64-linux-gnu/kea/hooks}

usage() {
  cat <<EOF
usage: bench/ctrl.sh [--duration S] [--connections C] [--leases N] [--servers "agent kea"]
                     [--profile DIR] [--keep]
  --duration S     seconds of each lease6-get run (default $DURATION)
  --connections C  concurrent HTTP keep-alive connections (default $CONNECTIONS)
  --leases N       leases added by the lease6-add run, which the lease6-get runs then read (default $LEASES)
  --servers L      which servers to run (default "$SERVERS"; kea only when kea-dhcp6 and kea-ctrl-agent are installed)
  --profile DIR    start the agent with --cpu-prof --cpu-prof-dir DIR (a .cpuprofile of the whole agent run)
  --keep           keep the work directory (configurations, server logs)
Environment: PG_HOST (PostgreSQL, user postgres, default 127.0.0.1), KEA_HOOKS_DIR (libdhcp_lease_cmds.so).
EOF
}

while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --leases) LEASES=$2; shift 2 ;;
    --servers) SERVERS=$2; shift 2 ;;
    --profile) PROFILE_DIR=$(mkdir -p "$2" && cd "$2" && pwd); shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "bench/ctrl.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done

die() { echo "bench/ctrl.sh: $*" >&2; exit 1; }
for c in node npx psql ss; do command -v "$c" >/dev/null || die "'$c' is not installed"; done
[ -f "$REPO/dist/main.js" ] || die "$REPO/dist/main.js is missing: run 'npm run build' first"
[ -d "$REPO/node_modules/autocannon" ] || die "autocannon is missing: run 'npm install'"
psql -h "$PG_HOST" -U postgres -Atqc 'SELECT 1' >/dev/null || die "PostgreSQL does not answer at $PG_HOST (user postgres)"
if [[ " $SERVERS " == *" kea "* ]]; then
  if ! command -v kea-dhcp6 >/dev/null || ! command -v kea-ctrl-agent >/dev/null || [ ! -f "$KEA_HOOKS_DIR/libdhcp_lease_cmds.so" ]; then
    echo "kea-dhcp6, kea-ctrl-agent or $KEA_HOOKS_DIR/libdhcp_lease_cmds.so is missing: running the agent alone" >&2
    SERVERS=${SERVERS//kea/}
  fi
fi

WORK=$(mktemp -d /tmp/d6a-ctrl.XXXXXX)
PIDS=()
DATABASES=()
RESULTS="$WORK/results.tsv"
: >"$RESULTS"

# shellcheck source=bench/lib.sh
. "$REPO/bench/lib.sh"

stop_servers() {
  local pid
  for pid in "${PIDS[@]}"; do stop_pid "$pid" 30; done
  PIDS=()
}

cleanup() {
  set +e
  stop_servers
  for db in "${DATABASES[@]}"; do psql -h "$PG_HOST" -U postgres -Atqc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null; done
  if [ "$KEEP" = 1 ]; then echo "work directory kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

new_database() { # sets NEW_DB to a fresh database, dropped at exit (no subshell: DATABASES must see it)
  NEW_DB="d6a_ctrl_$$_$1"
  DATABASES+=("$NEW_DB")
  psql -h "$PG_HOST" -U postgres -Atqc "CREATE DATABASE $NEW_DB" >/dev/null
}

free_port() { # a TCP port nothing listens on
  local p
  for ((p = 20000 + $$ % 20000; ; p++)); do
    ss -Hltn "sport = :$p" | grep -q . || { echo "$p"; return; }
  done
}

wait_until() { # pid what command...: until the command succeeds (or the process dies)
  local pid=$1 what=$2 i
  shift 2
  for ((i = 0; i < 600; i++)); do
    "$@" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  tail -n 20 "$WORK"/*/*.log >&2
  die "$what did not start"
}

listens_tcp() { ss -Hltn "sport = :$1" | grep -q .; }

SUBNET='"id": 1, "subnet": "2001:db8:1::/64", "pools": [ { "pool": "2001:db8:1::/80" } ]'
TIMERS='"renew-timer": 1000, "rebind-timer": 2000, "preferred-lifetime": 3000, "valid-lifetime": 4000'

start_agent() { # sets SOCKET, URL
  local dir="$WORK/agent" port node_args=()
  mkdir -p "$dir"
  new_database agent
  port=$(free_port)
  SOCKET="$dir/agent.sock"
  URL="http://127.0.0.1:$port/"
  # No interfaces: the agent serves only its control channels. Logs at WARN like Kea below.
  cat >"$dir/agent.json" <<EOF
{ "Dhcp6": {
  "interfaces-config": { "interfaces": [] },
  "data-directory": "$dir/data",
  "lease-database": { "type": "postgresql", "host": "$PG_HOST", "name": "$NEW_DB", "user": "postgres" },
  "control-sockets": [
    { "socket-type": "unix", "socket-name": "$SOCKET" },
    { "socket-type": "http", "socket-address": "127.0.0.1", "socket-port": $port }
  ],
  $TIMERS,
  "subnet6": [ { $SUBNET } ],
  "loggers": [ { "name": "kea-dhcp6", "output_options": [ { "output": "stdout" } ], "severity": "WARN" } ]
} }
EOF
  [ -n "$PROFILE_DIR" ] && node_args=(--cpu-prof --cpu-prof-dir "$PROFILE_DIR")
  node "${node_args[@]}" "$REPO/dist/main.js" -c "$dir/agent.json" >"$dir/agent.log" 2>&1 &
  PIDS+=($!)
  wait_until "$!" dhcp6-agent listens_tcp "$port"
  wait_until "${PIDS[0]}" "dhcp6-agent's unix socket" test -S "$SOCKET"
}

start_kea() { # sets SOCKET, URL
  local dir="$WORK/kea" port
  mkdir -p "$dir"
  new_database kea
  kea-admin db-init pgsql -u postgres -n "$NEW_DB" -h "$PG_HOST" >"$dir/db-init.log" 2>&1 || { cat "$dir/db-init.log" >&2; die "kea-admin db-init failed"; }
  port=$(free_port)
  SOCKET="$dir/kea.sock"
  URL="http://127.0.0.1:$port/"
  # Kea logs every command at INFO; WARN keeps logging out of the measurement.
  cat >"$dir/kea-dhcp6.json" <<EOF
{ "Dhcp6": {
  "interfaces-config": { "interfaces": [] },
  "lease-database": { "type": "postgresql", "host": "$PG_HOST", "name": "$NEW_DB", "user": "postgres" },
  "server-id": { "type": "LL", "persist": false },
  "data-directory": "$dir",
  "control-socket": { "socket-type": "unix", "socket-name": "$SOCKET" },
  "hooks-libraries": [ { "library": "$KEA_HOOKS_DIR/libdhcp_lease_cmds.so" } ],
  $TIMERS,
  "subnet6": [ { $SUBNET } ],
  "loggers": [ { "name": "kea-dhcp6", "output_options": [ { "output": "stdout" } ], "severity": "WARN" } ]
} }
EOF
  cat >"$dir/kea-ctrl-agent.json" <<EOF
{ "Control-agent": {
  "http-host": "127.0.0.1", "http-port": $port,
  "control-sockets": { "dhcp6": { "socket-type": "unix", "socket-name": "$SOCKET" } },
  "loggers": [ { "name": "kea-ctrl-agent", "output_options": [ { "output": "stdout" } ], "severity": "WARN" } ]
} }
EOF
  KEA_PIDFILE_DIR=$dir KEA_LOCKFILE_DIR=$dir kea-dhcp6 -c "$dir/kea-dhcp6.json" >"$dir/kea-dhcp6.log" 2>&1 &
  PIDS+=($!)
  wait_until "$!" kea-dhcp6 test -S "$SOCKET"
  KEA_PIDFILE_DIR=$dir KEA_LOCKFILE_DIR=$dir kea-ctrl-agent -c "$dir/kea-ctrl-agent.json" >"$dir/kea-ctrl-agent.log" 2>&1 &
  PIDS+=($!)
  wait_until "$!" kea-ctrl-agent listens_tcp "$port"
}

# CPU seconds (user + system) the server processes used so far.
cpu_seconds() {
  local pid total=0
  for pid in "${PIDS[@]}"; do
    total=$(awk -v hz="$(getconf CLK_TCK)" -v t="$total" '{ sub(/^.*\) /, ""); printf "%.2f\n", t + ($12 + $13) / hz }' "/proc/$pid/stat")
  done
  echo "$total"
}

measure() { # server label ctrl.ts-args...
  local server=$1 label=$2 out before after
  shift 2
  before=$(cpu_seconds)
  out=$(cd "$REPO" && npx tsx bench/ctrl.ts "$@") || die "$label against $server failed"
  after=$(cpu_seconds)
  node -e '
    const [server, label, cpu, line] = process.argv.slice(1);
    const f = JSON.parse(line);
    if (f.failed > 0) console.error(`  ${server} ${label}: ${f.failed} failed (${f.firstError})`);
    console.log([server, label, f.rate.toFixed(1), f.avgMs.toFixed(3), f.p99Ms ?? "-", f.requests, f.failed, cpu,
      (1000 * Number(cpu) / Math.max(f.requests, 1)).toFixed(3)].join("\t"));
  ' "$server" "$label" "$(awk -v a="$before" -v b="$after" 'BEGIN { printf "%.2f", b - a }')" "$out" >>"$RESULTS"
  awk -F'\t' 'END { printf "  %-6s %-22s %9s req/s  avg %s ms  %s requests, %s failed\n", $1, $2, $3, $4, $6, $7 }' "$RESULTS" >&2
}

bench_server() { # agent|kea
  echo "== $1: starting" >&2
  if [ "$1" = agent ]; then start_agent; else start_kea; fi
  measure "$1" "lease6-add unix serial" add --socket "$SOCKET" --count "$LEASES"
  measure "$1" "lease6-get unix serial" get-unix --socket "$SOCKET" --count "$LEASES" --duration "$DURATION"
  measure "$1" "lease6-get http c=$CONNECTIONS" get-http --url "$URL" --count "$LEASES" --duration "$DURATION" --connections "$CONNECTIONS"
  stop_servers
}

echo "$LEASES leases, lease6-get runs of $DURATION s, $CONNECTIONS HTTP connections, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), $(kea-dhcp6 -v 2>/dev/null | sed 's/^/Kea /' || echo 'no Kea')" >&2
for server in $SERVERS; do bench_server "$server"; done

echo
printf '%-12s %-24s %10s %9s %9s %9s %7s %7s %12s\n' server run 'req/s' 'avg ms' 'p99 ms' requests failed 'CPU s' 'CPU ms/req'
awk -F'\t' '{
  printf "%-12s %-24s %10s %9s %9s %9s %7s %7s %12s\n", ($1 == "agent" ? "dhcp6-agent" : "kea"), $2, $3, $4, $5, $6, $7, $8, $9
}' "$RESULTS"
echo "(CPU: the server processes, user+system over the run — kea-dhcp6 plus kea-ctrl-agent for Kea; PostgreSQL's backends are not counted)"

# agent/Kea per run; the issue's target is HTTP lease6-get >= 3x kea-ctrl-agent.
awk -F'\t' '
  { rate[$1 "/" $2] = $3; if (!($2 in seen)) { seen[$2] = 1; order[++n] = $2 } }
  END {
    for (i = 1; i <= n; i++) {
      a = rate["agent/" order[i]]; k = rate["kea/" order[i]]
      if (a == "" || k == "" || k == 0) continue
      if (!header) { printf "\nagent / Kea (same run):\n"; header = 1 }
      r = a / k
      target = (order[i] ~ /http/ ? sprintf("  (target >= 3x: %s)", r >= 3 ? "met" : "MISSED") : "")
      printf "  %-24s %6.2fx%s\n", order[i], r, target
    }
  }' "$RESULTS"
