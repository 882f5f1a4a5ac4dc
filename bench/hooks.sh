#!/usr/bin/env bash
# What configured hook libraries cost the agent (issue 4: "no library loaded → no measurable
# cost", the difference in exchanges/s under 5 %). Runs bench/dhcp.sh against the agent alone,
# on the embedded backend, once per variant and rate, repeated with the variants' order rotated:
#   none   no hooks-libraries
#   empty  bench/hooks/empty.mjs: loads, registers no callouts
#   noop   bench/hooks/noop-callouts.mjs: a callout that does nothing on every hook point of a
#          4-way exchange (pkt6_receive … buffer6_send)
# and prints each run's exchanges/s and CPU ms per exchange, the medians, and each variant's
# difference from "none" in %. See bench/README.md.
#
#   sudo bench/hooks.sh [--rates "150 300"] [--repeats N] [--duration S] [--variants "none empty noop"]

set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
RATES="600 1200"
REPEATS=3
DURATION=15
VARIANTS="none empty noop"
LEASES=IA_NA

usage() {
  cat <<EOF
usage: bench/hooks.sh [--rates "$RATES"] [--repeats N] [--duration S] [--variants "$VARIANTS"] [--leases L]
  --rates L      offered rates (perfdhcp -r; default "$RATES": one the agent sustains, one just
                 above what it can; 0 = perfdhcp floods, the agent collapses, ~0.1% completed)
  --repeats N    runs of each variant per rate (default $REPEATS)
  --duration S   seconds of traffic per run (default $DURATION)
  --variants L   any of: none empty noop (default "$VARIANTS")
  --leases L     IA_NA and/or IA_PD (default $LEASES)
EOF
}

while [ $# -gt 0 ]; do
  case "$1" in
    --rates) RATES=$2; shift 2 ;;
    --repeats) REPEATS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --variants) VARIANTS=$2; shift 2 ;;
    --leases) LEASES=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "bench/hooks.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done

die() { echo "bench/hooks.sh: $*" >&2; exit 1; }
[[ "$REPEATS" =~ ^[1-9][0-9]*$ ]] || die "--repeats must be a positive integer"
variant_args() { # variant → dhcp.sh's hooks options
  case "$1" in
    none) ;;
    empty) echo "--hooks-library $REPO/bench/hooks/empty.mjs" ;;
    noop) echo "--hooks-library $REPO/bench/hooks/noop-callouts.mjs" ;;
    *) die "unknown variant $1 (none, empty or noop)" ;;
  esac
}
read -ra VARIANT_LIST <<<"$VARIANTS"
for v in "${VARIANT_LIST[@]}"; do variant_args "$v" >/dev/null; done

# bash reads a script as it runs it: a copy read now keeps every run on the same dhcp.sh even
# when someone edits it meanwhile.
DHCP_SH=$(cat "$REPO/bench/dhcp.sh")
bash -n <<<"$DHCP_SH" || die "bench/dhcp.sh has a syntax error"

RESULTS=$(mktemp /tmp/d6a-hooks-bench.XXXXXX)
trap 'rm -f "$RESULTS"' EXIT

echo "bench/hooks.sh: rates $RATES, $REPEATS repeats of $DURATION s, variants $VARIANTS, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
n=${#VARIANT_LIST[@]}
for rate in $RATES; do
  for ((r = 1; r <= REPEATS; r++)); do
    # Rotate the order each repeat: load on the machine drifts, no variant should always go first.
    for ((k = 0; k < n; k++)); do
      v=${VARIANT_LIST[$(((k + r - 1) % n))]}
      echo "== rate $rate, run $r, $v (load $(cut -d' ' -f1 /proc/loadavg))" >&2
      # shellcheck disable=SC2046 # variant_args is a list of words
      out=$(bash -c "$DHCP_SH" "$REPO/bench/dhcp.sh" --servers agent --backends embedded --leases "$LEASES" \
        --rate "$rate" --duration "$DURATION" $(variant_args "$v"))
      # dhcp.sh's table: server backend lease exch/s SA RR completed CPU-s CPU-ms/exch
      awk -v rate="$rate" -v run="$r" -v v="$v" '$1 == "dhcp6-agent" {
        printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", rate, $3, v, run, $4, $7, $9 }' <<<"$out" >>"$RESULTS"
    done
  done
done

# Per rate and lease type: each run, the medians, and the difference from "none".
echo
awk -F'\t' -v variants="$VARIANTS" -v repeats="$REPEATS" '
  function median(list,   a, m, i, j, t) {
    m = split(list, a, " ")
    for (i = 2; i <= m; i++) for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
    return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
  }
  {
    key = $1 SUBSEP $2
    if (!(key in seen)) { seen[key] = 1; order[++keys] = key }
    rate[key, $3] = rate[key, $3] " " $5; cpu[key, $3] = cpu[key, $3] " " $7; done_[key, $3] = done_[key, $3] " " $6
  }
  END {
    nv = split(variants, v, " ")
    w = 8 * repeats < 14 ? 14 : 8 * repeats
    for (k = 1; k <= keys; k++) {
      split(order[k], f, SUBSEP)
      printf "offered rate %s, %s\n", (f[1] == 0 ? "unlimited" : f[1]), f[2]
      printf "  %-6s %-*s %9s %8s %11s %8s  %s\n", "hooks", w, "exch/s per run", "median", "vs none", "CPU ms/exch", "vs none", "completed per run"
      for (i = 1; i <= nv; i++) {
        key = order[k] SUBSEP v[i]
        if (!(key in rate)) continue
        mr[i] = median(rate[key]); mc[i] = median(cpu[key])
        runs = ""; m = split(rate[key], a, " "); for (j = 1; j <= m; j++) runs = runs sprintf("%8.1f", a[j])
        d = ""; dc = ""
        if (i > 1 && v[1] == "none" && mr[1] > 0) d = sprintf("%+.1f%%", 100 * (mr[i] - mr[1]) / mr[1])
        if (i > 1 && v[1] == "none" && mc[1] > 0) dc = sprintf("%+.1f%%", 100 * (mc[i] - mc[1]) / mc[1])
        printf "  %-6s %-*s %9.1f %8s %11.3f %8s  %s\n", v[i], w, runs, mr[i], d, mc[i], dc, done_[key]
        if (v[i] == "empty" && d != "") verdict[k] = sprintf("empty library vs none: %s exch/s (target: under 5%% slower): %s", d, (mr[i] >= 0.95 * mr[1] ? "met" : "MISSED"))
      }
      if (k in verdict) print "  " verdict[k]
      print ""
    }
  }' "$RESULTS"
echo "(exch/s: perfdhcp's completed 4-way exchanges/s; CPU ms/exch: the agent's user+system CPU per completed exchange)"
