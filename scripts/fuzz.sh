#!/usr/bin/env bash
# Builds the libFuzzer harnesses (tests/fuzz) with clang-19 under ASan+UBSan
# and runs each for SECONDS (default 60). New interesting inputs go to a
# scratch directory; the kept corpus in tests/fuzz/corpus/ is only read.
# A crash, a leak or a sanitizer report fails the script and leaves the
# reproducer in build-fuzz/findings/<harness>/.
#   scripts/fuzz.sh [SECONDS] [HARNESS...]
# Needs clang-19 and libclang-rt-19-dev (scripts/setup.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
harnesses=("$@")
((${#harnesses[@]})) || harnesses=(aadl_parser air_reader wire_decoder schedule_reader channel_header)

echo "== fuzz: build (clang-19, ASan+UBSan, libFuzzer) =="
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 \
  -DBULKHEAD_SANITIZE=address,undefined -DBULKHEAD_FUZZ=ON -DBULKHEAD_BUILD_BENCH=OFF >/dev/null
targets=()
for h in "${harnesses[@]}"; do targets+=("${h}_fuzzer"); done
cmake --build build-fuzz -j"$(nproc)" --target "${targets[@]}"

status=0
for h in "${harnesses[@]}"; do
  scratch="build-fuzz/scratch/$h"
  findings="build-fuzz/findings/$h"
  rm -rf "$scratch" "$findings"
  mkdir -p "$scratch" "$findings"
  echo "== fuzz: $h for ${seconds}s =="
  # -rss_limit_mb and -timeout turn a memory blow-up or a hang into a finding.
  if ! "build-fuzz/tests/fuzz/${h}_fuzzer" "$scratch" "tests/fuzz/corpus/$h" \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
      -artifact_prefix="$findings/" -print_final_stats=1 >"build-fuzz/$h.log" 2>&1; then
    echo "fuzz: $h FAILED; reproducer in $findings/"
    tail -n 60 "build-fuzz/$h.log"
    status=1
  fi
  # The closing stats: executions, speed, coverage (edges) and features.
  grep -E "^(#[0-9]+ *DONE|stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb)" \
    "build-fuzz/$h.log" || tail -n 5 "build-fuzz/$h.log"
done
exit "$status"
