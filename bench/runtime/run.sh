#!/usr/bin/env bash
# Runs the runtime's dispatch benchmark and prints the medians and the ratio
# of one runtime dispatch to the bare channel operations it performs
# (measured in the same run), and of a HAMR Microkit C partition's dispatch
# to the C++ one's. Usage: bench/runtime/run.sh [build dir]
set -euo pipefail
build="${1:-build}"
cmake --build "$build" --target runtime_bench >/dev/null
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
"$build/bench/runtime/runtime_bench" --benchmark_repetitions=9 --benchmark_report_aggregates_only=true \
  --benchmark_format=json >"$out"
python3 - "$out" <<'PY'
import json, sys
runs = {b["run_name"]: b for b in json.load(open(sys.argv[1]))["benchmarks"] if b.get("aggregate_name") == "median"}
bare = runs["BM_BareChannelOperations"]["cpu_time"]
rt = runs["BM_RuntimeDispatch"]["cpu_time"]
c = runs["BM_CPartitionDispatch"]["cpu_time"]
print(f"{'case':32} {'median ns':>10}")
print(f"{'bare channel operations':32} {bare:10.1f}")
print(f"{'runtime dispatch (step)':32} {rt:10.1f}")
print(f"{'C partition dispatch (step)':32} {c:10.1f}")
print(f"ratio runtime / bare: {rt / bare:.2f}   dispatches per second (one core): {1e9 / rt:,.0f}")
print(f"ratio C partition / C++ partition dispatch: {c / rt:.2f}")
PY
