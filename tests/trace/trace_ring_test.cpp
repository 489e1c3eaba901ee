// The trace ring: records come out as they went in, in order, across the
// end of the area; a full ring refuses and counts; a corrupt ring is an
// error, never a crash or a read out of bounds.
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "../channel/test_region.hpp"
#include "trace/partition/trace_ring.hpp"

namespace bulkhead::trace {
namespace {

using channel::test::AlignedRegion;

TraceRecord sentRecord(std::uint64_t sequence, std::span<const std::uint8_t> value) {
  TraceRecord r =
      traceRecord(TraceRecordKind::Sent, 1, 2, static_cast<std::int64_t>(1000 + sequence), sequence, value.size() * 8);
  r.value = value;
  return r;
}

std::vector<TraceRecord> drainAll(TraceRingReader& reader, std::vector<std::vector<std::uint8_t>>& values) {
  std::vector<TraceRecord> out;
  auto n = reader.drain([&](const TraceRecord& r) {
    out.push_back(r);
    values.emplace_back(r.value.begin(), r.value.end());
  });
  EXPECT_TRUE(n.has_value()) << n.error().message;
  return out;
}

TEST(TraceRing, RecordsComeOutInOrderWithTheirFields) {
  AlignedRegion region(traceRingSize(4096));
  ASSERT_TRUE(formatTraceRing(region.bytes()));
  auto writer = TraceRingWriter::attach(region.bytes());
  auto reader = TraceRingReader::attach(region.bytes());
  ASSERT_TRUE(writer && reader);
  const std::uint8_t value[] = {0x0A, 0x1F};
  ASSERT_TRUE(writer->append(sentRecord(7, value)));
  TraceRecord dispatch;
  dispatch.kind = TraceRecordKind::Dispatch;
  dispatch.thread = 3;
  dispatch.at = 10;
  dispatch.end = 25;
  ASSERT_TRUE(writer->append(dispatch));

  std::vector<std::vector<std::uint8_t>> values;
  auto records = drainAll(*reader, values);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].kind, TraceRecordKind::Sent);
  EXPECT_EQ(records[0].thread, 1);
  EXPECT_EQ(records[0].port, 2);
  EXPECT_EQ(records[0].at, 1007);
  EXPECT_EQ(records[0].sequence, 7u);
  EXPECT_EQ(records[0].count, 16u);
  EXPECT_EQ(values[0], (std::vector<std::uint8_t>{0x0A, 0x1F}));
  EXPECT_EQ(records[1].kind, TraceRecordKind::Dispatch);
  EXPECT_EQ(records[1].at, 10);
  EXPECT_EQ(records[1].end, 25);
  EXPECT_TRUE(values[1].empty());
  EXPECT_EQ(reader->lost(), 0u);
}

TEST(TraceRing, LongValuesAreCutAndMarked) {
  AlignedRegion region(traceRingSize(4096));
  ASSERT_TRUE(formatTraceRing(region.bytes()));
  auto writer = TraceRingWriter::attach(region.bytes());
  auto reader = TraceRingReader::attach(region.bytes());
  std::vector<std::uint8_t> value(200, 0x5A);
  ASSERT_TRUE(writer->append(sentRecord(0, value)));
  std::vector<std::vector<std::uint8_t>> values;
  auto records = drainAll(*reader, values);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_TRUE(records[0].valueCut);
  EXPECT_EQ(values[0].size(), kTraceValueBytes);
  EXPECT_EQ(records[0].count, 1600u);  // the real bit count stays
}

TEST(TraceRing, WrapsAroundTheEndManyTimes) {
  AlignedRegion region(traceRingSize(1000));  // not a multiple of any record size
  ASSERT_TRUE(formatTraceRing(region.bytes()));
  auto writer = TraceRingWriter::attach(region.bytes());
  auto reader = TraceRingReader::attach(region.bytes());
  std::uint64_t next = 0, expected = 0;
  for (int round = 0; round < 500; ++round) {
    for (int k = 0; k < 1 + round % 7; ++k) {
      std::vector<std::uint8_t> value(next % 20, static_cast<std::uint8_t>(next));
      ASSERT_TRUE(writer->append(sentRecord(next, value))) << next;
      ++next;
    }
    std::vector<std::vector<std::uint8_t>> values;
    auto records = drainAll(*reader, values);
    for (std::size_t i = 0; i < records.size(); ++i, ++expected) {
      ASSERT_EQ(records[i].sequence, expected);
      ASSERT_EQ(values[i], std::vector<std::uint8_t>(expected % 20, static_cast<std::uint8_t>(expected)));
    }
  }
  EXPECT_EQ(expected, next);
  EXPECT_EQ(reader->lost(), 0u);
}

TEST(TraceRing, AFullRingRefusesAndCountsEveryRefusal) {
  AlignedRegion region(traceRingSize(48 * 10));
  ASSERT_TRUE(formatTraceRing(region.bytes()));
  auto writer = TraceRingWriter::attach(region.bytes());
  auto reader = TraceRingReader::attach(region.bytes());
  int accepted = 0;
  for (int i = 0; i < 25; ++i) accepted += writer->append(sentRecord(static_cast<std::uint64_t>(i), {})) ? 1 : 0;
  EXPECT_EQ(accepted, 10);
  EXPECT_EQ(reader->lost(), 15u);
  std::vector<std::vector<std::uint8_t>> values;
  EXPECT_EQ(drainAll(*reader, values).size(), 10u);
  EXPECT_TRUE(writer->append(sentRecord(99, {})));  // room again
}

TEST(TraceRing, TheWriterSeesTheWindowTheSupervisorPublished) {
  AlignedRegion region(traceRingSize(4096));
  ASSERT_TRUE(formatTraceRing(region.bytes()));
  auto writer = TraceRingWriter::attach(region.bytes());
  auto reader = TraceRingReader::attach(region.bytes());
  EXPECT_EQ(writer->window(), 0u);
  reader->publishWindow(42);
  EXPECT_EQ(writer->window(), 42u);
}

TEST(TraceRing, ABadHeaderIsRefusedWithItsReason) {
  AlignedRegion region(traceRingSize(4096));
  auto none = TraceRingWriter::attach(region.bytes());
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().message, "trace ring header at offset 0: bad magic (not a trace ring)");
  ASSERT_TRUE(formatTraceRing(region.bytes()));
  std::uint64_t capacity = 1 << 30;
  std::memcpy(region.data() + 16, &capacity, 8);
  auto wild = TraceRingReader::attach(region.bytes());
  ASSERT_FALSE(wild);
  EXPECT_EQ(wild.error().message, "trace ring header at offset 16: capacity 1073741824 does not fit the region of 4352 bytes");
  AlignedRegion tiny(100);
  auto small = formatTraceRing(tiny.bytes());
  ASSERT_FALSE(small);
  EXPECT_EQ(small.error().message, "trace ring of 100 bytes is too small for its header");
}

TEST(TraceRing, ACorruptRingEndsTheDrainWithAnError) {
  auto corrupted = [](auto&& corrupt) {
    AlignedRegion region(traceRingSize(4096));
    EXPECT_TRUE(formatTraceRing(region.bytes()));
    auto writer = TraceRingWriter::attach(region.bytes());
    auto reader = TraceRingReader::attach(region.bytes());
    const std::uint8_t value[] = {1, 2, 3};
    EXPECT_TRUE(writer->append(sentRecord(0, value)));
    corrupt(region.data());
    auto n = reader->drain([](const TraceRecord&) {});
    return n ? std::string("drained") : n.error().message;
  };
  EXPECT_EQ(corrupted([](std::byte* b) { std::uint32_t s = 4000; std::memcpy(b + 256, &s, 4); }),
            "trace ring record at 0: bad size");
  EXPECT_EQ(corrupted([](std::byte* b) { std::uint16_t k = 77; std::memcpy(b + 256 + 4, &k, 2); }),
            "trace ring record at 0: unknown kind");
  EXPECT_EQ(corrupted([](std::byte* b) { std::uint32_t n = 60; std::memcpy(b + 256 + 12, &n, 4); }),
            "trace ring record at 0: value length does not match the record size");
  EXPECT_EQ(corrupted([](std::byte* b) { std::uint64_t w = ~0ull; std::memcpy(b + 64, &w, 8); }),
            "trace ring record at 0: the writer's count went wild (corrupt ring)");
}

TEST(TraceRing, RandomBytesNeverCrashTheReader) {
  AlignedRegion region(traceRingSize(2048));
  std::uint64_t seed = 12345;
  for (int round = 0; round < 2000; ++round) {
    ASSERT_TRUE(formatTraceRing(region.bytes()));
    auto reader = TraceRingReader::attach(region.bytes());
    ASSERT_TRUE(reader);
    for (std::size_t i = 64; i < region.bytes().size(); i += 8) {
      seed = seed * 6364136223846793005ull + 1442695040888963407ull;
      std::uint64_t word = seed >> (round % 40);
      if (i == 64) word %= 4096;  // sometimes a plausible `written`
      if (i == 128 || i == 136) continue;
      std::memcpy(region.data() + i, &word, 8);
    }
    (void)reader->drain([](const TraceRecord& r) { ASSERT_LE(r.value.size(), kTraceValueBytes); });
  }
}

}  // namespace
}  // namespace bulkhead::trace
