#!/usr/bin/env bash
# Runs the channel benchmarks (bench/channel/*.cpp) with repetitions and
# prints one table of medians and of ratios against the baselines measured
# in the same run. Usage: bench/channel/run.sh [--fifo] [build-dir]
# (REPS=9 repetitions of MIN_TIME=0.3 seconds by default). Cross-process
# cases pin the two ends to CPUs 0 and 1; --fifo runs every case at
# SCHED_FIFO priority 10 (needs root or CAP_SYS_NICE) so that other load on
# the machine does not measure itself.
set -euo pipefail
cd "$(dirname "$0")/../.."
fifo=0
if [[ "${1:-}" == "--fifo" ]]; then
  fifo=1
  shift
fi
build="${1:-build}"
reps="${REPS:-9}"
bin="$build/bench/channel/channel_bench"
if [[ ! -x "$bin" ]]; then
  echo "missing $bin: cmake --build $build --target channel_bench" >&2
  exit 1
fi

json="$(mktemp)"
log="$(mktemp)"
trap 'rm -f "$json" "$log"' EXIT
echo "running $bin, $reps repetitions each, SCHED_FIFO $([[ $fifo == 1 ]] && echo on || echo off) (load average: $(cut -d' ' -f1-3 /proc/loadavg)) ..."
# Random interleaving runs the repetitions of all cases in a shuffled order,
# so a change in the machine's load hits a case and its baseline alike.
if ! BULKHEAD_BENCH_FIFO="$fifo" "$bin" --benchmark_repetitions="$reps" --benchmark_report_aggregates_only=true \
    --benchmark_enable_random_interleaving=true --benchmark_min_time="${MIN_TIME:-0.3}" \
    --benchmark_out="$json" --benchmark_out_format=json > "$log" 2>&1; then
  cat "$log" >&2
  exit 1
fi

# Google Benchmark writes its JSON one "key": value per line; awk (no jq
# needed) collects each benchmark object's fields and answers from the one
# asked for.
# median FIELD RUN_NAME: a field (real_time in ns, items_per_second, a user
# counter) of the median aggregate of one benchmark.
fields() {
  awk '{ line = $0; gsub(/^[ \t]+|,$/, "", line) }
       line ~ /^"[A-Za-z_]+": / {
         key = line; sub(/": .*/, "", key); sub(/^"/, "", key)
         val = line; sub(/^"[^"]+": /, "", val); gsub(/"/, "", val); kv[key] = val; next }
       line ~ /^}/ { if ("run_name" in kv) print kv["run_name"] "|" kv["aggregate_name"] "|" kv["error_occurred"] "|" kv[FIELD]; delete kv }' FIELD="$1" "$json"
}
median() {
  local v
  v="$(fields "$1" | awk -F'|' -v n="$2" '$1 == n && $2 == "median" { print $4; exit }')"
  echo "${v:-nan}"
}
failed="$(fields name | awk -F'|' '$3 == "true" { print "  " $1 }' | sort -u)"
if [[ -n "$failed" ]]; then
  echo "some benchmarks failed:" >&2
  echo "$failed" >&2
fi
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdict() {  # verdict VALUE OP LIMIT
  awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN {
    ok = (op == "<=") ? v <= l : (op == "<") ? v < l : v >= l; printf "%s", ok ? "met" : "MISSED" }'
}
ns() { awk -v t="$1" 'BEGIN { printf "%.1f ns", t }'; }
us() { awk -v t="$1" 'BEGIN { printf "%.2f us", t / 1000 }'; }
mps() { awk -v r="$1" 'BEGIN { printf "%.2f M/s", r / 1e6 }'; }

e1=$(median real_time BM_EnqueueDequeue/1);      m1=$(median real_time BM_MemcpyRingBaseline/1)
e64=$(median real_time BM_EnqueueDequeue/64);    m64=$(median real_time BM_MemcpyRingBaseline/64)
ce=$(median real_time BM_RoundTrip_ChannelEventfd/real_time)
be=$(median real_time BM_RoundTrip_BareEventfd/real_time)
pp=$(median real_time BM_RoundTrip_Pipe/real_time)
us_=$(median real_time BM_RoundTrip_UnixSocket/real_time)
cs=$(median real_time BM_RoundTrip_ChannelSpin/real_time)
bs=$(median real_time BM_RoundTrip_BareSpin/real_time)
ws=$(median real_time BM_WireInteger8Scalar);   wc=$(median real_time BM_WireInteger8Codec)
tr=$(median real_time BM_TraceRecordWriteDrain)
credited=$(median items_per_second BM_CrossCoreStreamCredited/1024/real_time)
lossyDelivered=$(median items_per_second BM_CrossCoreStream/1024/real_time)
lossySent=$(median sent_per_s BM_CrossCoreStream/1024/real_time)
lossyDrop=$(median drop_fraction BM_CrossCoreStream/1024/real_time)

rce_be=$(ratio "$ce" "$be"); rce_pp=$(ratio "$ce" "$pp"); rce_us=$(ratio "$ce" "$us_"); rcs_bs=$(ratio "$cs" "$bs")

printf '\n%-58s %14s %14s %8s  %s\n' "case (medians of $reps)" "bulkhead" "baseline" "ratio" "goal"
printf '%s\n' "------------------------------------------------------------------------------------------------------------"
printf '%-58s %14s %14s %8s  %s\n' "(a) enqueue+dequeue, 1 thread, 1-byte  vs memcpy ring" "$(ns "$e1")" "$(ns "$m1")" "$(ratio "$e1" "$m1")" "-"
printf '%-58s %14s %14s %8s  %s\n' "(a) enqueue+dequeue, 1 thread, 64-byte vs memcpy ring" "$(ns "$e64")" "$(ns "$m64")" "$(ratio "$e64" "$m64")" "-"
printf '%-58s %14s %14s %8s  %s\n' "(wire) Integer_8 pack+unpack   vs generic encode+decode" "$(ns "$ws")" "$(ns "$wc")" "$(ratio "$ws" "$wc")" "-"
printf '%-58s %14s %14s %8s  %s\n' "(trace) one port event traced  vs the 1-byte message" "$(ns "$tr")" "$(ns "$e1")" "$(ratio "$tr" "$e1")" "-"
printf '%-58s %14s %14s %8s  %s\n' "(b) one-way, eventfd wake-up   vs bare eventfd ping-pong" "$(us "$(ratio "$ce" 2)")" "$(us "$(ratio "$be" 2)")" "$rce_be" "<= 1.2 $(verdict "$rce_be" '<=' 1.2)"
printf '%-58s %14s %14s %8s  %s\n' "(b) one-way, eventfd wake-up   vs pipe (8 bytes)" "$(us "$(ratio "$ce" 2)")" "$(us "$(ratio "$pp" 2)")" "$rce_pp" "< 1 $(verdict "$rce_pp" '<' 1)"
printf '%-58s %14s %14s %8s  %s\n' "(b) one-way, eventfd wake-up   vs Unix socket (8 bytes)" "$(us "$(ratio "$ce" 2)")" "$(us "$(ratio "$us_" 2)")" "$rce_us" "< 1 $(verdict "$rce_us" '<' 1)"
printf '%-58s %14s %14s %8s  %s\n' "(c) one-way, spinning receivers vs bare shm spin" "$(ns "$(ratio "$cs" 2)")" "$(ns "$(ratio "$bs" 2)")" "$rcs_bs" "<= 1.3 $(verdict "$rcs_bs" '<=' 1.3)"
printf '%-58s %14s %14s %8s  %s\n' "(d) cross-core stream, 8-byte, credited, no loss" "$(mps "$credited")" "-" "-" ">= 10 M/s $(verdict "$credited" '>=' 10000000)"
printf '%-58s %14s %14s %8s  %s\n' "(d) cross-core stream, unthrottled writer: sent" "$(mps "$lossySent")" "-" "-" "-"
printf '%-58s %14s %14s %8s  %s\n' "(d) cross-core stream, unthrottled writer: delivered" "$(mps "$lossyDelivered")" "-" "-" "drop fraction $(awk -v d="$lossyDrop" 'BEGIN { printf "%.3f", d }')"
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
