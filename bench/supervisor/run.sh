#!/usr/bin/env bash
# Release jitter of `bulkhead run` against cyclictest, measured in one run.
#
# Runs examples/both_vm at --time-scale 0.01 (a 10 ms frame, 7 slots) for
# 2,000 frames natively, then cyclictest (rt-tests) for 2,000 loops at the
# same 10 ms interval and the same policy (SCHED_FIFO 80, not pinned, no
# mlockall), and prints median, p99 and max of the wake-up latency for
# both, the ratio of the p99s (goal <= 1.5), the cost of a domain switch
# (stopping the previous window's partitions + releasing the next's) and
# the resident memory of the supervisor and of each partition (goals
# < 10 MB and < 4 MB).
#
# Usage: bench/supervisor/run.sh [BUILD_DIR] [FRAMES]   (as root, for SCHED_FIFO and cgroups)
#        BULKHEAD_RUN_FLAGS="--unconfined" bench/supervisor/run.sh   (SIGSTOP/SIGCONT instead of the cgroup freezer)
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${1:-build}"
frames="${2:-2000}"
bulkhead="$build/bulkhead"
[ -x "$bulkhead" ] || { echo "no $bulkhead: build first (cmake --build $build --target bulkhead both_vm_producer both_vm_consumer)" >&2; exit 2; }
command -v cyclictest >/dev/null || { echo "cyclictest missing: apt-get install rt-tests" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# percentiles FILE: median p99 max of a column of integers (ns)
percentiles() {
  sort -n "$1" | awk '{ v[NR] = $1 } END {
    if (NR == 0) { print "0 0 0"; exit }
    m = v[int(NR / 2) + 1]; p = v[int(NR * 99 / 100) + 1]; if (int(NR * 99 / 100) + 1 > NR) p = v[NR]
    print m, p, v[NR] }'
}
us() { awk -v ns="$1" 'BEGIN { printf "%.1f", ns / 1000 }'; }

echo "== bulkhead run: $frames frames of 10 ms (examples/both_vm at --time-scale 0.01)"
"$bulkhead" run examples/both_vm/both_vm.aadl --frames "$frames" --time-scale 0.01 --vm=process ${BULKHEAD_RUN_FLAGS:-} \
  --timing-log "$work/timing.csv" --stats >"$work/out" 2>"$work/err" || true
grep '^bulkhead: ' "$work/err" || true
lines=$(grep -c 'Received 8 bits' "$work/out" || true)
echo "consumer lines: $lines"

# Frame-start releases (slot 0: one per 10 ms, like cyclictest) and all slots.
awk -F, 'NR > 1 && $2 == 0 { print $5 - $4 }' "$work/timing.csv" >"$work/frame_jitter"
awk -F, 'NR > 1 { print $5 - $4 }' "$work/timing.csv" >"$work/all_jitter"
awk -F, 'NR > 1 && $8 > 0 { print $6 - $5 }' "$work/timing.csv" >"$work/stop"
awk -F, 'NR > 1 && $9 > 0 { print $7 - $6 }' "$work/timing.csv" >"$work/release"
read -r fm fp fx < <(percentiles "$work/frame_jitter")
read -r am ap ax < <(percentiles "$work/all_jitter")
read -r sm sp sx < <(percentiles "$work/stop")
read -r rm rp rx < <(percentiles "$work/release")

echo "== cyclictest: $frames loops, 10 ms interval, SCHED_FIFO 80"
cyclictest -q -t1 -p80 -i10000 -l"$frames" -h20000 --histfile="$work/hist" >/dev/null 2>"$work/cyclic.err" || {
  cat "$work/cyclic.err" >&2; exit 1; }
# Histogram lines: "<us> <count>"; expand to one value per sample (ns).
awk '/^[0-9]/ { for (i = 0; i < $2; i++) print $1 * 1000 }' "$work/hist" >"$work/cyclic"
read -r cm cp cx < <(percentiles "$work/cyclic")

printf '\n%-34s %10s %10s %10s\n' "release jitter (us)" median p99 max
printf '%-34s %10s %10s %10s\n' "bulkhead, frame start (n=$(wc -l <"$work/frame_jitter"))" "$(us "$fm")" "$(us "$fp")" "$(us "$fx")"
printf '%-34s %10s %10s %10s\n' "bulkhead, every slot (n=$(wc -l <"$work/all_jitter"))" "$(us "$am")" "$(us "$ap")" "$(us "$ax")"
printf '%-34s %10s %10s %10s\n' "cyclictest (n=$(wc -l <"$work/cyclic"))" "$(us "$cm")" "$(us "$cp")" "$(us "$cx")"
awk -v a="$fp" -v b="$cp" 'BEGIN { if (b > 0) printf "p99 ratio bulkhead/cyclictest (frame start): %.2f (goal <= 1.5)\n", a / b;
                                  else print "p99 ratio: cyclictest p99 is 0 us (histogram resolution 1 us)" }'
printf 'window end, stop (us):     median %s, p99 %s, max %s\n' "$(us "$sm")" "$(us "$sp")" "$(us "$sx")"
printf 'window start, release (us): median %s, p99 %s, max %s\n' "$(us "$rm")" "$(us "$rp")" "$(us "$rx")"
printf 'domain switch, stop + release (medians): %s us\n' "$(us $((sm + rm)))"
grep 'stats: resident memory' "$work/err" | sed 's/^bulkhead: stats: //' || true
