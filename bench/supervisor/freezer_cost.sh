#!/usr/bin/env bash
# The cost of the cgroup freezer against the signal freezer (SIGSTOP/SIGCONT,
# `--unconfined`, the default before issue 13), measured in one run.
#
# Runs examples/both_vm at --time-scale 0.01 (a 10 ms frame, 7 slots)
# ROUNDS times with the cgroup freezer and ROUNDS times with signals,
# alternating, so that a change in the machine's load hits both alike. From
# each run's timing log it takes the medians of: the window-end stop
# (stopped - woke), the window-start release (released - stopped), the
# domain switch (their sum) and the frame-start release jitter (woke -
# planned, median and p99). It prints each freezer's median over its runs
# and the ratio cgroup / signal (goal <= 1.1), with the load average before
# and after.
#
# Usage: bench/supervisor/freezer_cost.sh [BUILD_DIR] [FRAMES] [ROUNDS]   (as root)
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${1:-build}"
frames="${2:-1000}"
rounds="${3:-3}"
bulkhead="$build/bulkhead"
[ -x "$bulkhead" ] || { echo "no $bulkhead: build first (cmake --build $build --target bulkhead both_vm_producer both_vm_consumer)" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "the cgroup freezer needs root" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# median of a column of numbers
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print 0; else print v[int(NR / 2) + 1] }'; }
p99() { sort -n | awk '{ v[NR] = $1 } END { i = int(NR * 99 / 100) + 1; if (i > NR) i = NR; print (NR ? v[i] : 0) }'; }

# one FREEZER ROUND: appends "stop release switch jitter_median jitter_p99" (ns) to $work/FREEZER
one() {
  local freezer="$1" round="$2" flags=""
  [ "$freezer" = signal ] && flags="--unconfined"
  local log="$work/$freezer.$round.csv"
  "$bulkhead" run examples/both_vm/both_vm.aadl --frames "$frames" --time-scale 0.01 --vm=process $flags \
    --timing-log "$log" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  local stop release jm jp
  stop=$(awk -F, 'NR > 1 && $8 > 0 { print $6 - $5 }' "$log" | median)
  release=$(awk -F, 'NR > 1 && $9 > 0 { print $7 - $6 }' "$log" | median)
  jm=$(awk -F, 'NR > 1 && $2 == 0 { print $5 - $4 }' "$log" | median)
  jp=$(awk -F, 'NR > 1 && $2 == 0 { print $5 - $4 }' "$log" | p99)
  echo "$stop $release $((stop + release)) $jm $jp" >>"$work/$freezer"
  printf '  round %d %-7s stop %6.1f us  release %6.1f us  switch %6.1f us  frame-start jitter median %6.1f us, p99 %7.1f us\n' \
    "$round" "$freezer" "$(bc <<<"scale=1; $stop / 1000")" "$(bc <<<"scale=1; $release / 1000")" \
    "$(bc <<<"scale=1; ($stop + $release) / 1000")" "$(bc <<<"scale=1; $jm / 1000")" "$(bc <<<"scale=1; $jp / 1000")"
}

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "== $rounds x 2 runs of $frames frames of 10 ms (examples/both_vm, --time-scale 0.01), alternating; load average $load_before on $(nproc) CPUs"
for ((r = 1; r <= rounds; ++r)); do
  # Alternate which goes first, so neither always follows the other.
  if ((r % 2)); then one cgroup "$r"; one signal "$r"; else one signal "$r"; one cgroup "$r"; fi
done

col() { awk -v c="$1" '{ print $c }' "$work/$2" | median; }
printf '\n%-36s %12s %12s %8s  %s\n' "median over runs (us)" cgroup signal ratio goal
row() {  # row LABEL COLUMN GOAL
  local c s
  c=$(col "$2" cgroup); s=$(col "$2" signal)
  printf '%-36s %12.1f %12.1f %8s  %s\n' "$1" "$(bc <<<"scale=1; $c / 1000")" "$(bc <<<"scale=1; $s / 1000")" \
    "$(awk -v a="$c" -v b="$s" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')" "$3"
}
row "window end, stop" 1 "-"
row "window start, release" 2 "-"
row "domain switch (stop + release)" 3 "<= 1.1"
row "frame-start jitter, median" 4 "<= 1.1"
row "frame-start jitter, p99" 5 "<= 1.1"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg) (before: $load_before)"
