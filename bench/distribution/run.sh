#!/usr/bin/env bash
# One-way latency of a remote channel against ddsperf's, and a remote
# stream's throughput; everything on loopback (bulkhead's own Cyclone config).
set -euo pipefail
build=${1:-build}
"$build/bench/distribution/remote_channel_bench" --benchmark_counters_tabular=true
