#!/usr/bin/env bash
# Simulator benchmarks: dispatches per second for generated models of 2, 20
# and 200 partitions (sim_dispatch_bench), then the wall time of a day of
# both_vm (86,400 frames) through the real binary, against the same command
# for one frame (start-up: model, plan, module load) measured in the same run.
# Usage: bench/sim/run.sh [build dir, default build]
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${1:-build}"
cmake --build "$build" -j2 --target bulkhead sim_dispatch_bench both_vm_sim >/dev/null

"$build/bench/sim/sim_dispatch_bench"
echo

median_seconds() {  # median wall time of 5 runs of "$@", output discarded
  local times=()
  for _ in 1 2 3 4 5; do
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc -l)")
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n 3p
}

model=examples/both_vm/both_vm.aadl
day=$(median_seconds "$build/bulkhead" sim "$model" --frames 86400)
one=$(median_seconds "$build/bulkhead" sim "$model" --frames 1)
printf 'both_vm, 86,400 frames: %.3f s (goal < 1 s); 1 frame (start-up): %.3f s; day/start-up: %.1f\n' \
  "$day" "$one" "$(echo "$day / $one" | bc -l)"
