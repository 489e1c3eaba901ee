// The trace ring between a partition (writer) and the supervisor (reader)
// on two threads: every record arrives in order, every refusal is counted.
// Checked by TSan (label tsan).
#include <gtest/gtest.h>

#include <cstdint>
#include <span>
#include <thread>

#include "../channel/test_region.hpp"
#include "trace/partition/trace_ring.hpp"

namespace bulkhead::trace {
namespace {

using channel::test::AlignedRegion;

TraceRecord sentRecord(std::uint64_t sequence, const std::uint8_t& value) {
  TraceRecord r = traceRecord(TraceRecordKind::Sent, 0, 0, 0, sequence, 8);
  r.value = std::span<const std::uint8_t>(&value, 1);
  return r;
}

TEST(StressThreads, TraceRingWriterAndReaderLoseNothingWhileThereIsRoom) {
  AlignedRegion region(traceRingSize(1 << 16));
  ASSERT_TRUE(formatTraceRing(region.bytes()));
  auto writer = TraceRingWriter::attach(region.bytes());
  auto reader = TraceRingReader::attach(region.bytes());
  constexpr std::uint64_t kCount = 200'000;
  std::uint64_t refused = 0;
  std::thread producer([&] {
    for (std::uint64_t i = 0; i < kCount;) {
      const std::uint8_t v = static_cast<std::uint8_t>(i);
      if (writer->append(sentRecord(i, v))) ++i;
      else ++refused;
    }
  });
  std::uint64_t expected = 0;
  while (expected < kCount) {
    auto n = reader->drain([&](const TraceRecord& r) {
      ASSERT_EQ(r.sequence, expected);
      ASSERT_EQ(r.value[0], static_cast<std::uint8_t>(expected));
      ++expected;
    });
    ASSERT_TRUE(n);
  }
  producer.join();
  EXPECT_EQ(reader->lost(), refused);  // every refusal was counted
}

}  // namespace
}  // namespace bulkhead::trace
