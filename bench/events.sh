#!/usr/bin/env bash
# Lease events under DHCP load: perfdhcp drives the agent on PostgreSQL twice through
# bench/dhcp.sh — with the HTTP control socket on but nobody subscribed, then with N WebSocket
# subscribers on GET /events — and prints exchanges/s of both, the rate drop, and the
# commit-to-delivery delay (arrival minus the event's `at`) over all subscribers. See bench/README.md.
#
#   sudo bench/events.sh [--rate R] [--duration S] [--subscribers N]   (after `npm run build`)

set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
RATE=1000
DURATION=20
SUBSCRIBERS=10
LEASES=IA_NA

usage() {
  cat <<EOF
usage: bench/events.sh [--rate R] [--duration S] [--subscribers N] [--leases "IA_NA IA_PD"]
  --rate R          4-way exchanges/s perfdhcp offers (default $RATE)
  --duration S      seconds of traffic per run (default $DURATION)
  --subscribers N   WebSocket subscribers in the second run (default $SUBSCRIBERS)
  --leases L        lease types per run (default $LEASES)
Targets: rate drop with the subscribers < 10 %, commit-to-delivery p99 < 10 ms.
EOF
}

while [ $# -gt 0 ]; do
  case "$1" in
    --rate) RATE=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --subscribers) SUBSCRIBERS=$2; shift 2 ;;
    --leases) LEASES=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "bench/events.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
die() { echo "bench/events.sh: $*" >&2; exit 1; }
[[ "$RATE" =~ ^[1-9][0-9]*$ ]] || die "--rate takes a positive number"
[[ "$SUBSCRIBERS" =~ ^[1-9][0-9]*$ ]] || die "--subscribers takes a positive number"
[[ "$DURATION" =~ ^[1-9][0-9]*$ ]] || die "--duration takes a positive number"

for ia in $LEASES; do [ "$ia" = IA_NA ] || [ "$ia" = IA_PD ] || die "unknown lease type $ia (IA_NA or IA_PD)"; done
DHCP=("$REPO/bench/dhcp.sh" --servers agent --backends postgresql --rate "$RATE" --duration "$DURATION" --leases "$LEASES")

OUT=$(mktemp -d /tmp/d6a-events.XXXXXX)
trap 'rm -rf "$OUT"' EXIT

run() { # subscribers: bench/dhcp.sh's report into $OUT/N.txt, the load average before it into $OUT/N.load
  cut -d' ' -f1-3 /proc/loadavg >"$OUT/$1.load"
  echo "== $1 subscribers (load: $(cat "$OUT/$1.load"))" >&2
  "${DHCP[@]}" --subscribers "$1" >"$OUT/$1.txt" || die "bench/dhcp.sh --subscribers $1 failed"
}
run 0
run "$SUBSCRIBERS"

echo
echo "perfdhcp -6 -r $RATE -p $DURATION against dhcp6-agent on PostgreSQL, HTTP control socket on; $SUBSCRIBERS subscribers on GET /events in the second run"
echo "load average ($(nproc) CPUs) before each run: $(cat "$OUT/0.load") / $(cat "$OUT/$SUBSCRIBERS.load") (delays on a busy machine are mostly waiting for a CPU)"
for ia in $LEASES; do
  # table row: dhcp6-agent postgresql IA_NA exch/s SA RR completed% CPU CPU/exch
  base=$(awk -v ia="$ia" '$1 == "dhcp6-agent" && $3 == ia { print $4, $7 }' "$OUT/0.txt")
  subs=$(awk -v ia="$ia" '$1 == "dhcp6-agent" && $3 == ia { print $4, $7 }' "$OUT/$SUBSCRIBERS.txt")
  ev=$(grep -F "postgresql $ia:" "$OUT/$SUBSCRIBERS.txt" | sed 's/^ *//')
  [ -n "$base" ] && [ -n "$subs" ] && [ -n "$ev" ] || die "bench/dhcp.sh printed no $ia figures"
  read -r r0 c0 <<<"$base"
  read -r r1 c1 <<<"$subs"
  p50=$(sed -E 's/.*p50 ([0-9.na/]+) ms.*/\1/' <<<"$ev")
  p99=$(sed -E 's/.*p99 ([0-9.na/]+) ms.*/\1/' <<<"$ev")
  max=$(sed -E 's/.*max ([0-9.na/]+) ms.*/\1/' <<<"$ev")
  awk -v ia="$ia" -v r0="$r0" -v c0="$c0" -v r1="$r1" -v c1="$c1" -v n="$SUBSCRIBERS" -v p50="$p50" -v p99="$p99" -v max="$max" -v ev="$ev" 'BEGIN {
    drop = (r0 > 0 ? 100 * (r0 - r1) / r0 : 0)
    printf "%s:\n", ia
    printf "  no subscribers:  %8.1f exch/s  (completed %s)\n", r0, c0
    printf "  %2d subscribers:  %8.1f exch/s  (completed %s)\n", n, r1, c1
    printf "  rate drop:       %8.1f %%       (target < 10 %%: %s)\n", drop, (drop < 10 ? "met" : "MISSED")
    printf "  commit -> delivery over all subscribers: p50 %s ms  p99 %s ms  max %s ms  (target p99 < 10 ms: %s)\n",
      p50, p99, max, (p99 != "n/a" && p99 + 0 < 10 ? "met" : "MISSED")
    sub(/^[^:]*: /, "", ev); sub(/, commit->delivery.*/, "", ev)
    printf "  (%s)\n", ev
  }'
done
