#!/usr/bin/env bash
# DHCPv6 throughput: Kea's perfdhcp runs 4-way exchanges (SOLICIT, ADVERTISE, REQUEST, REPLY)
# against dhcp6-agent, and against kea-dhcp6 on the same backend kind when it is installed,
# over a veth pair between two network namespaces this script creates (and removes).
#
#   sudo bench/dhcp.sh [options]        (run `npm run build` first: the agent runs from dist/)
#
# For each backend pair (agent on embedded PGlite vs Kea memfile; agent on PostgreSQL vs Kea
# on PostgreSQL), each server in turn starts on a fresh database, serves an IA_NA run then an
# IA_PD run, and stops. Prints one line per run and the agent/Kea ratio per pair. See bench/README.md.

set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
DURATION=20
RATE=20000
CLIENTS=1000000
SUBSCRIBERS=""
SERVERS="agent kea"
BACKENDS="embedded postgresql"
KEA_MT=0
PROFILE_DIR=""
KEEP=0
LEASES="IA_NA IA_PD"
HOOKS_LIBRARIES=()
PG_ADMIN_HOST=${PG_ADMIN_HOST:-127.0.0.1}
PG_SOCKET_DIR=${PG_SOCKET_DIR:-/var/run/postgresql}

usage() {
  cat <<EOF
usage: bench/dhcp.sh [--duration S] [--rate R] [--clients N] [--servers "agent kea"]
                     [--backends "embedded postgresql"] [--kea-mt] [--profile DIR]
                     [--leases "IA_NA IA_PD"] [--hooks-library FILE]...
  --duration S   seconds of traffic per run (perfdhcp -p; default $DURATION)
  --rate R       4-way exchanges/s perfdhcp starts (-r; default $RATE; 0 = as fast as it can)
  --clients N    distinct client DUIDs (-R; default $CLIENTS)
  --subscribers N  give the agent an HTTP control socket (127.0.0.1:8000 in its namespace) and,
                 when N > 0, keep N WebSocket subscribers on its GET /events during each run
                 (bench/events-subscribers.ts); prints their commit-to-delivery delays
  --servers L    which servers to run (default "$SERVERS"; kea only when kea-dhcp6 is installed)
  --backends L   which backend pairs (default "$BACKENDS")
  --kea-mt       run Kea with multi-threading enabled (Kea 2.2's default is off)
  --profile DIR  profile the agent during each load (V8 CPU profile, every SQL statement timed,
                 pg_stat_activity sampled on postgresql) and print where the time went; files stay in DIR
  --leases L     which lease types to run (default "$LEASES")
  --hooks-library FILE
                 load FILE into the agent (a hooks-libraries entry; its directory is passed as
                 --hooks-dir, so all of them must be in one directory); repeat for several
  --keep         keep the work directory (configurations, server logs, perfdhcp reports)
Environment: PG_ADMIN_HOST (for CREATE/DROP DATABASE, default 127.0.0.1), PG_SOCKET_DIR (how the
servers in the namespace reach PostgreSQL: its unix socket directory, default /var/run/postgresql).
EOF
}

while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --clients) CLIENTS=$2; shift 2 ;;
    --subscribers) SUBSCRIBERS=$2; shift 2 ;;
    --servers) SERVERS=$2; shift 2 ;;
    --backends) BACKENDS=$2; shift 2 ;;
    --kea-mt) KEA_MT=1; shift ;;
    --profile) PROFILE_DIR=$(mkdir -p "$2" && cd "$2" && pwd); shift 2 ;;
    --leases) LEASES=$2; shift 2 ;;
    --hooks-library) HOOKS_LIBRARIES+=("$2"); shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "bench/dhcp.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done

die() { echo "bench/dhcp.sh: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (ip netns)"
for c in ip perfdhcp node psql ss; do command -v "$c" >/dev/null || die "'$c' is not installed"; done
[ -f "$REPO/dist/main.js" ] || die "$REPO/dist/main.js is missing: run 'npm run build' first"
for ia in $LEASES; do [ "$ia" = IA_NA ] || [ "$ia" = IA_PD ] || die "unknown lease type $ia (IA_NA or IA_PD)"; done
HOOKS_DIR=""
HOOKS_JSON=""
for lib in "${HOOKS_LIBRARIES[@]}"; do
  [ -f "$lib" ] || die "hooks library $lib is not a file"
  dir=$(cd "$(dirname "$lib")" && pwd)
  [ -z "$HOOKS_DIR" ] || [ "$HOOKS_DIR" = "$dir" ] || die "hooks libraries must be in one directory (--hooks-dir): $HOOKS_DIR, $dir"
  HOOKS_DIR=$dir
  HOOKS_JSON+="${HOOKS_JSON:+, }{ \"library\": \"$(basename "$lib")\" }"
done
if [[ " $SERVERS " == *" kea "* ]] && ! command -v kea-dhcp6 >/dev/null; then
  echo "kea-dhcp6 is not installed: running the agent alone" >&2
  SERVERS=${SERVERS//kea/}
fi
[[ -z "$SUBSCRIBERS" || "$SUBSCRIBERS" =~ ^[0-9]+$ ]] || die "--subscribers takes a number, not '$SUBSCRIBERS'"
if [[ " $BACKENDS " == *" postgresql "* ]]; then
  psql -h "$PG_ADMIN_HOST" -U postgres -Atqc 'SELECT 1' >/dev/null || die "PostgreSQL does not answer at $PG_ADMIN_HOST (user postgres)"
fi

WORK=$(mktemp -d /tmp/d6a-bench.XXXXXX)
NS_SRV="d6abench-$$-srv"
NS_CLI="d6abench-$$-cli"
SERVER_PID=""
SAMPLER_PID=""
SUBSCRIBERS_PID=""
EVENTS_RESULTS=""
PROFILE_WINDOWS=0
AGENT_DB=""
DATABASES=()
RESULTS="$WORK/results.tsv"
: >"$RESULTS"

# shellcheck source=bench/lib.sh
. "$REPO/bench/lib.sh"

cleanup() {
  set +e
  [ -n "$SAMPLER_PID" ] && stop_pid "$SAMPLER_PID" 5
  [ -n "$SUBSCRIBERS_PID" ] && stop_pid "$SUBSCRIBERS_PID" 5
  [ -n "$SERVER_PID" ] && stop_pid "$SERVER_PID" 30
  for ns in "$NS_SRV" "$NS_CLI"; do
    if ip netns list | grep -q "^$ns\b"; then
      for pid in $(ip netns pids "$ns"); do kill -KILL "$pid" 2>/dev/null; done
      ip netns del "$ns"
    fi
  done
  for db in "${DATABASES[@]}"; do psql -h "$PG_ADMIN_HOST" -U postgres -Atqc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null; done
  if [ "$KEEP" = 1 ]; then echo "work directory kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- the two namespaces, joined by s0 (server) ⇄ c0 (client); DAD off so addresses work at once
for ns in "$NS_SRV" "$NS_CLI"; do
  ip netns add "$ns"
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
  ip -n "$ns" link set lo up
done
ip -n "$NS_SRV" link add s0 type veth peer name c0 netns "$NS_CLI"
ip -n "$NS_SRV" link set s0 up
ip -n "$NS_CLI" link set c0 up
link_local_ready() { # ns ifname: a usable (non-tentative) link-local address
  ip -n "$1" -6 addr show dev "$2" scope link | grep -q inet6 && ! ip -n "$1" -6 addr show dev "$2" | grep -q tentative
}
for ((i = 0; i < 100; i++)); do
  link_local_ready "$NS_SRV" s0 && link_local_ready "$NS_CLI" c0 && break
  sleep 0.1
done
link_local_ready "$NS_SRV" s0 && link_local_ready "$NS_CLI" c0 || die "s0/c0 got no usable link-local address"

# Pools far larger than any run: a /80 of addresses, 2^23 /56 prefixes.
SUBNET='"id": 1, "subnet": "2001:db8:1::/64", "interface": "s0",
  "pools": [ { "pool": "2001:db8:1::/80" } ],
  "pd-pools": [ { "prefix": "2001:db8:8000::", "prefix-len": 33, "delegated-len": 56 } ]'
TIMERS='"renew-timer": 1000, "rebind-timer": 2000, "preferred-lifetime": 3000, "valid-lifetime": 4000'

new_database() { # sets NEW_DB to a fresh database, dropped at exit (no subshell: DATABASES must see it)
  NEW_DB="d6a_bench_$$_$1"
  DATABASES+=("$NEW_DB")
  psql -h "$PG_ADMIN_HOST" -U postgres -Atqc "CREATE DATABASE $NEW_DB" >/dev/null
}

wait_for_port_547() { # pid: until the server listens in the namespace (or dies)
  local i
  for ((i = 0; i < 1200; i++)); do
    kill -0 "$1" 2>/dev/null || return 1
    ip netns exec "$NS_SRV" ss -Hlun 'sport = :547' | grep -q . && return 0
    sleep 0.1
  done
  return 1
}

start_agent() { # backend
  local dir="$WORK/agent-$1" db env=() node_args=() http=''
  [ -n "$SUBSCRIBERS" ] && http=", { \"socket-type\": \"http\", \"socket-address\": \"127.0.0.1\", \"socket-port\": 8000 }"
  mkdir -p "$dir"
  local database='' hooks='' agent_args=()
  if [ -n "$HOOKS_DIR" ]; then
    hooks="\"hooks-libraries\": [ $HOOKS_JSON ],"
    agent_args=(--hooks-dir "$HOOKS_DIR")
  fi
  if [ "$1" = postgresql ]; then
    new_database agent
    db=$NEW_DB
    # The agent's own connection string cannot name a socket directory; DATABASE_URL can.
    env=(DATABASE_URL="postgres://postgres@$(node -p 'encodeURIComponent(process.argv[1])' "$PG_SOCKET_DIR")/$db")
    database="\"lease-database\": { \"type\": \"postgresql\", \"host\": \"$PG_SOCKET_DIR\", \"name\": \"$db\", \"user\": \"postgres\" },"
  fi
  cat >"$dir/agent.json" <<EOF
{ "Dhcp6": {
  "interfaces-config": { "interfaces": [ "s0" ] },
  "data-directory": "$dir/data", $database $hooks
  "control-sockets": [ { "socket-type": "unix", "socket-name": "$dir/agent.sock" }$http ],
  $TIMERS,
  "subnet6": [ { $SUBNET } ],
  "loggers": [ { "name": "kea-dhcp6", "output_options": [ { "output": "stdout" } ], "severity": "INFO" } ]
} }
EOF
  if [ -n "$PROFILE_DIR" ]; then
    mkdir -p "$PROFILE_DIR/agent-$1"
    rm -f "$PROFILE_DIR/agent-$1"/*
    node_args=(--import "$REPO/bench/agent-profiling.mjs")
    env+=(BENCH_PROFILE_DIR="$PROFILE_DIR/agent-$1")
    PROFILE_WINDOWS=0
    AGENT_DB=${db:-}
  fi
  env "${env[@]}" ip netns exec "$NS_SRV" node "${node_args[@]}" "$REPO/dist/main.js" -c "$dir/agent.json" "${agent_args[@]}" >"$dir/agent.log" 2>&1 &
  SERVER_PID=$!
  local i
  for ((i = 0; i < 1200; i++)); do
    grep -qs '"msg":"dhcp6-agent started"' "$dir/agent.log" && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  cat "$dir/agent.log" >&2
  die "dhcp6-agent ($1) did not start"
}

start_kea() { # backend: memfile | postgresql
  local dir="$WORK/kea-$1" database mt=''
  mkdir -p "$dir"
  if [ "$1" = postgresql ]; then
    local db
    new_database kea
    db=$NEW_DB
    kea-admin db-init pgsql -u postgres -n "$db" -h "$PG_ADMIN_HOST" >"$dir/db-init.log" 2>&1 || { cat "$dir/db-init.log" >&2; die "kea-admin db-init failed"; }
    database="{ \"type\": \"postgresql\", \"host\": \"$PG_SOCKET_DIR\", \"name\": \"$db\", \"user\": \"postgres\" }"
  else
    database="{ \"type\": \"memfile\", \"persist\": true, \"name\": \"$dir/kea-leases6.csv\", \"lfc-interval\": 0 }"
  fi
  [ "$KEA_MT" = 1 ] && mt='"multi-threading": { "enable-multi-threading": true, "thread-pool-size": 4, "packet-queue-size": 64 },'
  # Kea logs every lease at INFO; WARN keeps logging out of the measurement (the agent logs none per packet).
  cat >"$dir/kea.json" <<EOF
{ "Dhcp6": {
  "interfaces-config": { "interfaces": [ "s0" ] },
  "lease-database": $database,
  "server-id": { "type": "LL", "persist": false },
  "data-directory": "$dir", $mt
  $TIMERS,
  "subnet6": [ { $SUBNET } ],
  "loggers": [ { "name": "kea-dhcp6", "output_options": [ { "output": "stdout" } ], "severity": "WARN" } ]
} }
EOF
  KEA_PIDFILE_DIR=$dir KEA_LOCKFILE_DIR=$dir ip netns exec "$NS_SRV" kea-dhcp6 -c "$dir/kea.json" >"$dir/kea.log" 2>&1 &
  SERVER_PID=$!
  wait_for_port_547 "$SERVER_PID" || { cat "$dir/kea.log" >&2; die "kea-dhcp6 ($1) did not start"; }
}

stop_server() {
  stop_pid "$SERVER_PID" 60
  SERVER_PID=""
  if [ -n "$SAMPLER_PID" ]; then
    stop_pid "$SAMPLER_PID" 10
    SAMPLER_PID=""
  fi
}

# perfdhcp's report → "rate sa_avg_ms rr_avg_ms completed_pct completed_exchanges"
summarize_perfdhcp() {
  awk '
    /^Rate:/ { rate = $2 }
    /^\*\*\*Statistics for: / { sec = $3; sub(/\*+$/, "", sec) }
    /^sent packets:/ { sent[sec] = $3 }
    /^received packets:/ { recv[sec] = $3 }
    /^avg delay: [0-9.]+ ms/ { avg[sec] = $3 }
    END {
      s = sent["SOLICIT-ADVERTISE"] + 0
      printf "%s %s %s %s %d\n", (rate == "" ? 0 : rate),
        (avg["SOLICIT-ADVERTISE"] == "" ? "n/a" : avg["SOLICIT-ADVERTISE"]),
        (avg["REQUEST-REPLY"] == "" ? "n/a" : avg["REQUEST-REPLY"]),
        (s > 0 ? sprintf("%.1f", 100 * recv["REQUEST-REPLY"] / s) : "n/a"), recv["REQUEST-REPLY"]
    }'
}

# --profile: a SIGUSR2 to the agent opens a profiling window, the next closes it (bench/agent-profiling.mjs)
profile_window() { # start|stop backend lease-type
  [ -n "$PROFILE_DIR" ] || return 0
  local d="$PROFILE_DIR/agent-$2" i
  if [ "$1" = start ]; then
    kill -USR2 "$SERVER_PID"
    if [ -n "$AGENT_DB" ]; then
      (cd "$REPO" && exec node --import tsx bench/pg-activity.ts --database "$AGENT_DB" --host "$PG_ADMIN_HOST" --out "$d/$3.pg-activity.json") &
      SAMPLER_PID=$!
    fi
    sleep 0.5
    return 0
  fi
  if [ -n "$SAMPLER_PID" ]; then stop_pid "$SAMPLER_PID" 10; SAMPLER_PID=""; fi
  kill -USR2 "$SERVER_PID"
  PROFILE_WINDOWS=$((PROFILE_WINDOWS + 1))
  for ((i = 0; i < 600; i++)); do [ -f "$d/window-$PROFILE_WINDOWS.cpuprofile" ] && break; sleep 0.1; done
  [ -f "$d/window-$PROFILE_WINDOWS.cpuprofile" ] || die "the agent wrote no profile for window $PROFILE_WINDOWS"
  mv "$d/window-$PROFILE_WINDOWS.cpuprofile" "$d/$3.cpuprofile"
  mv "$d/window-$PROFILE_WINDOWS.queries.json" "$d/$3.queries.json"
}

# CPU seconds (user + system, all threads) a process has used so far. On a machine shared with
# other work the rates move with the load; the CPU each completed exchange cost moves much less.
cpu_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.2f\n", ($12 + $13) / hz }' "/proc/$1/stat"
}

# --subscribers N: N WebSocket clients on the agent's GET /events, started before perfdhcp (each
# waits for 'live') and stopped after it, in the server namespace where the HTTP socket listens.
start_subscribers() {
  [ "${SUBSCRIBERS:-0}" -gt 0 ] || return 0
  local i
  (cd "$REPO" && exec ip netns exec "$NS_SRV" node --import tsx bench/events-subscribers.ts \
    --url ws://127.0.0.1:8000/events --count "$SUBSCRIBERS" --out "$WORK/subscribers.json") >"$WORK/subscribers.log" 2>&1 &
  SUBSCRIBERS_PID=$!
  for ((i = 0; i < 600; i++)); do
    grep -qs '^ready$' "$WORK/subscribers.log" && return 0
    kill -0 "$SUBSCRIBERS_PID" 2>/dev/null || break
    sleep 0.1
  done
  cat "$WORK/subscribers.log" >&2
  die "the event subscribers did not get 'live'"
}

stop_subscribers() { # backend lease-type: a second for the last events to arrive, then the figures
  [ -n "$SUBSCRIBERS_PID" ] || return 0
  sleep 1
  stop_pid "$SUBSCRIBERS_PID" 10
  SUBSCRIBERS_PID=""
  [ -s "$WORK/subscribers.json" ] || { cat "$WORK/subscribers.log" >&2; die "the event subscribers wrote no figures"; }
  local line
  line=$(node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const f = (v) => (v === null ? "n/a" : v.toFixed(2));
    console.log(`${process.argv[2]} ${process.argv[3]}: ${r.subscribers} subscribers, ${r.deliveries} deliveries ` +
      `(${Math.min(...r.perSubscriber)}..${Math.max(...r.perSubscriber)} each), commit->delivery p50 ${f(r.p50)} ms ` +
      `p99 ${f(r.p99)} ms max ${f(r.max)} ms` + (r.closes.length ? `; ${r.closes.join("; ")}` : ""));
  ' "$WORK/subscribers.json" "$1" "$2")
  rm -f "$WORK/subscribers.json"
  echo "  events $line" >&2
  EVENTS_RESULTS+="$line"$'\n'
}

run_load() { # server backend lease-type(address-only|prefix-only)
  local out="$WORK/perfdhcp-$1-$2-$3.txt" rate_args=() ia=IA_NA
  [ "$RATE" != 0 ] && rate_args=(-r "$RATE")
  [ "$3" = prefix-only ] && ia=IA_PD
  [ "$1" = agent ] && profile_window start "$2" "$ia"
  local cpu_before cpu_after
  [ "$1" = agent ] && start_subscribers
  cpu_before=$(cpu_seconds "$SERVER_PID")
  ip netns exec "$NS_CLI" perfdhcp -6 -l c0 "${rate_args[@]}" -R "$CLIENTS" -p "$DURATION" -e "$3" >"$out" 2>&1 || true
  cpu_after=$(cpu_seconds "$SERVER_PID")
  [ "$1" = agent ] && stop_subscribers "$2" "$ia"
  [ "$1" = agent ] && profile_window stop "$2" "$ia"
  grep -q '^Rate:' "$out" || { cat "$out" >&2; die "perfdhcp against $1 ($2) printed no report"; }
  printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$ia" "$(summarize_perfdhcp <"$out" | tr ' ' '\t')" \
    "$(awk -v a="$cpu_before" -v b="$cpu_after" 'BEGIN { printf "%.2f", b - a }')" >>"$RESULTS"
  awk -F'\t' 'END { printf "  %-6s %-10s %-6s %10.1f exch/s  avg delay SA %s ms, RR %s ms  completed %s%%  server CPU %s s\n", $1, $2, $3, $4, $5, $6, $7, $9 }' "$RESULTS" >&2
}

bench_server() { # server backend
  echo "== $1 on $2: starting" >&2
  if [ "$1" = agent ]; then start_agent "$2"; else start_kea "$2"; fi
  [[ " $LEASES " == *" IA_NA "* ]] && run_load "$1" "$2" address-only
  [[ " $LEASES " == *" IA_PD "* ]] && run_load "$1" "$2" prefix-only
  stop_server
}

echo "perfdhcp -6 -r ${RATE/#0/unlimited} -R $CLIENTS -p $DURATION, $(nproc) CPUs, $(kea-dhcp6 -v 2>/dev/null | sed 's/^/Kea /' || echo 'no Kea')" >&2
[ -n "$HOOKS_DIR" ] && echo "agent hooks-libraries: $HOOKS_JSON (--hooks-dir $HOOKS_DIR)" >&2
for backend in $BACKENDS; do
  case "$backend" in
    embedded) kea_backend=memfile ;;
    postgresql) kea_backend=postgresql ;;
    *) die "unknown backend $backend (embedded or postgresql)" ;;
  esac
  for server in $SERVERS; do
    if [ "$server" = agent ]; then bench_server agent "$backend"; else bench_server kea "$kea_backend"; fi
  done
done

echo
printf '%-13s %-10s %-6s %10s %10s %10s %10s %8s %12s\n' server backend lease 'exch/s' 'SA avg ms' 'RR avg ms' completed 'CPU s' 'CPU ms/exch'
awk -F'\t' '{
  printf "%-13s %-10s %-6s %10.1f %10s %10s %9s%% %8.2f %12s\n", ($1 == "agent" ? "dhcp6-agent" : "kea-dhcp6"), $2, $3, $4, $5, $6, $7, $9,
    ($8 > 0 ? sprintf("%.3f", 1000 * $9 / $8) : "n/a")
}' "$RESULTS"
echo "(CPU: the server process only, user+system over the run; PostgreSQL's own backends are not counted)"
if [ -n "$EVENTS_RESULTS" ]; then
  echo
  echo "lease events (at = PostgreSQL's clock when the event row was written, just before COMMIT; ms resolution, so delays read up to 1 ms high):"
  printf '%s' "$EVENTS_RESULTS" | sed 's/^/  /'
fi

# agent/Kea per backend pair and lease type, against the targets: PostgreSQL ≥ 2×, embedded ≥ ½ of memfile.
awk -F'\t' '
  { rate[$1 "/" $2 "/" $3] = $4 }
  END {
    split("embedded:memfile:0.5 postgresql:postgresql:2", pairs, " ")
    header = 0
    for (p in pairs) {
      split(pairs[p], f, ":")
      for (t = 1; t <= 2; t++) {
        ia = (t == 1 ? "IA_NA" : "IA_PD")
        a = rate["agent/" f[1] "/" ia]; k = rate["kea/" f[2] "/" ia]
        if (a == "" || k == "" || k == 0) continue
        if (!header) { printf "\nagent / Kea (same run):\n"; header = 1 }
        r = a / k
        printf "  %-10s vs Kea %-10s %-6s %6.2fx  (target >= %sx: %s)\n", f[1], f[2], ia, r, f[3], (r >= f[3] ? "met" : "MISSED")
      }
    }
  }' "$RESULTS"

if [ -n "$PROFILE_DIR" ]; then
  for backend in $BACKENDS; do
    d="$PROFILE_DIR/agent-$backend"
    for ia in IA_NA IA_PD; do
      [ -f "$d/$ia.cpuprofile" ] || continue
      echo
      echo "== where the agent's time went: $backend, $ia ($d)"
      args=(--cpu "$d/$ia.cpuprofile" --queries "$d/$ia.queries.json")
      [ -f "$d/$ia.pg-activity.json" ] && args+=(--pg-activity "$d/$ia.pg-activity.json")
      (cd "$REPO" && npx tsx bench/profile-summary.ts "${args[@]}")
    done
  done
fi
