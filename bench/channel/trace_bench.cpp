// What tracing costs a partition (`bulkhead run --trace`): one port event
// written into the trace ring and drained by the reader, in one thread,
// against the channel message it describes (BM_EnqueueDequeue/1).
#include <benchmark/benchmark.h>

#include <cstdint>

#include "channel/shared_region.hpp"
#include "cross_process.hpp"
#include "trace/partition/trace_ring.hpp"

namespace bulkhead::channel::bench {
namespace {

using trace::formatTraceRing;
using trace::TraceRecord;
using trace::TraceRecordKind;
using trace::TraceRingReader;
using trace::TraceRingWriter;
using trace::traceRecord;

void BM_TraceRecordWriteDrain(benchmark::State& state) {
  auto region = SharedRegion::create("trace-bench", 1 << 20);
  (void)formatTraceRing(region->bytes());
  auto writer = TraceRingWriter::attach(region->bytes());
  auto reader = TraceRingReader::attach(region->bytes());
  const std::uint8_t value = 0x5A;
  TraceRecord record = traceRecord(TraceRecordKind::Sent, 0, 0, 0, 0, 8);
  record.value = std::span<const std::uint8_t>(&value, 1);
  std::uint64_t drained = 0;
  Pinned self(kSelfCpu);
  // The supervisor drains in batches (every 20 ms); 64 records a batch here.
  for (auto _ : state) {
    ++record.sequence;
    benchmark::DoNotOptimize(writer->append(record));
    if ((record.sequence & 63) == 0) (void)reader->drain([&](const TraceRecord& r) { drained += r.count; });
  }
  benchmark::DoNotOptimize(drained);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TraceRecordWriteDrain);

}  // namespace
}  // namespace bulkhead::channel::bench
