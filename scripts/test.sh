#!/usr/bin/env bash
# Builds bulkhead and runs every test: the warnings-as-errors build, then
# again under ASan+UBSan, then the concurrency tests under TSan, then each
# libFuzzer harness for 60 s (scripts/fuzz.sh).
# Run scripts/setup.sh first (README's second command does).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="$(nproc)"

echo "== tests: RelWithDebInfo, -Wall -Wextra -Werror =="
# BULKHEAD_UNITY_BUILD=OFF: scripts/setup.sh may have turned it on in build/;
# here every file is compiled on its own (a missing #include shows).
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBULKHEAD_WERROR=ON -DBULKHEAD_UNITY_BUILD=OFF
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"

echo "== tests: ASan + UBSan =="
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DBULKHEAD_WERROR=ON \
  -DBULKHEAD_SANITIZE=address,undefined -DBULKHEAD_BUILD_BENCH=OFF
cmake --build build-asan -j"$jobs"
ctest --test-dir build-asan --output-on-failure -j"$jobs" -LE no_sanitizer

echo "== tests: TSan (tests labelled tsan) =="
cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DBULKHEAD_WERROR=ON \
  -DBULKHEAD_SANITIZE=thread -DBULKHEAD_BUILD_BENCH=OFF
# Only the programs that hold tsan-labelled tests are built here: a whole
# TSan build would double CI time for tests that never run under it.
cmake --build build-tsan -j"$jobs" --target channel_stress_thread_tests trace_ring_stress_tests
ctest --test-dir build-tsan --output-on-failure -j"$jobs" -L tsan

echo "== tests: fuzzing, 60 s per harness (clang-19, libFuzzer) =="
scripts/fuzz.sh 60
