// RunTrace, the host's half of `run --trace`, driven by hand: records
// written into a partition's ring as its runtime would, schedule events as
// the walk gives them, the Chrome trace read back. Covers what a real run
// shows only by chance: a guest clock far from the host's, a dispatch cut
// by its window's end, a full ring.
#include "base/monotonic_clock.hpp"
#include "channel/shared_region.hpp"
#include "tests/supervisor/plan_builder.hpp"
#include "tests/support/chrome_trace.hpp"
#include "tests/support/temp_dir.hpp"
#include "trace/partition/trace_ring.hpp"
#include "trace/run_trace.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <string>

namespace bulkhead::trace {
namespace {

using bulkhead::testing::TempDir;
using supervisor::testing::PlanBuilder;

// A RunTrace over a one-partition Plan, the partition's ring mapped as its
// runtime maps it, and the supervisor's reports captured.
struct Rig {
  PlanBuilder builder;
  TempDir dir;
  std::string reported;  // as the supervisor's console prints them
  std::unique_ptr<RunTrace> trace;
  channel::Mapping ring;
  std::optional<TraceRingWriter> writer;

  explicit Rig(const std::string& partition = "guest") {
    builder.partition(partition, 2);
    builder.schedule({{2, 10}, {0, 10}});
    auto created = RunTrace::create(
        builder.plan(), file(), [this](std::string_view line) { reported += "bulkhead: " + std::string(line) + "\n"; },
        4096);
    EXPECT_TRUE(created) << (created ? "" : created.error());
    trace = std::move(*created);
    ring = std::move(*channel::mapReadWrite(trace->handover(0).memoryFd));
    writer.emplace(*TraceRingWriter::attach(ring.bytes()));
  }
  std::string file() const { return (dir.path() / "run.json").string(); }
  const std::string& reports() const { return reported; }
  bool write(TraceRecordKind kind, std::int64_t at, std::int64_t end = 0, std::uint64_t sequence = 0,
             std::uint16_t thread = 0) {
    TraceRecord r = traceRecord(kind, thread, 0, at, sequence);
    r.end = end;
    return writer->append(r);
  }
  bulkhead::testing::ChromeTrace finish() {
    EXPECT_TRUE(trace->finish());
    return bulkhead::testing::readChromeTrace(file());
  }
};

constexpr std::int64_t kMs = 1'000'000;

TEST(RunTraceUnit, AGuestsEventsArePlacedByItsFirstWakeUpInEachWindow) {
  Rig rig;
  rig.trace->setSharesHostClock(0, false);
  const std::int64_t host = base::monotonicNow() + 5 * kMs;  // the window's release, host clock
  const std::int64_t guest = 123'456'789'000;           // the guest's clock at that moment
  rig.trace->slot(0, 0, host, 10 * kMs);
  rig.trace->released(0, 1, host);
  EXPECT_EQ(rig.writer->window(), 1u) << "the ring tells the partition its window";
  rig.write(TraceRecordKind::Wake, guest, 0, 1);
  rig.write(TraceRecordKind::Dispatch, guest + 100'000, guest + 300'000);
  rig.trace->stopped(0, host + 10 * kMs);
  auto trace = rig.finish();
  auto dispatches = trace.where("X", "dispatch", 1);
  ASSERT_EQ(dispatches.size(), 1u);
  auto windows = trace.where("X", "schedule", 1);
  ASSERT_EQ(windows.size(), 1u);
  // 0.1 ms after the window's start, 0.2 ms long (microseconds in the file).
  EXPECT_DOUBLE_EQ(dispatches[0].ts - windows[0].ts, 100.0);
  EXPECT_DOUBLE_EQ(dispatches[0].dur, 200.0);
  EXPECT_TRUE(trace.where("i", "overrun", 1).empty());
}

TEST(RunTraceUnit, ADispatchEndingAfterItsWindowIsMarkedAsAnOverrunAtTheWindowsEnd) {
  Rig rig;  // a native partition: the host's clock
  const std::int64_t start = base::monotonicNow() + 5 * kMs;
  rig.trace->slot(0, 0, start, 10 * kMs);
  rig.trace->released(0, 1, start);
  rig.trace->slot(0, 1, start + 10 * kMs, 10 * kMs);
  rig.trace->stopped(0, start + 10 * kMs);
  rig.trace->slot(1, 0, start + 20 * kMs, 10 * kMs);
  rig.trace->released(0, 3, start + 20 * kMs);
  rig.trace->stopped(0, start + 30 * kMs);
  std::vector<std::pair<int, std::uint64_t>> told;  // the health monitor hears of it as it is drained
  rig.trace->setOverrunListener([&](int partition, std::uint64_t frame) { told.emplace_back(partition, frame); });
  rig.write(TraceRecordKind::Dispatch, start + 1 * kMs, start + 2 * kMs);    // inside
  rig.write(TraceRecordKind::Dispatch, start + 8 * kMs, start + 21 * kMs);   // stopped at 10 ms, ended at 21
  auto trace = rig.finish();
  ASSERT_EQ(told.size(), 1u);
  EXPECT_EQ(told[0].first, 0);
  EXPECT_EQ(told[0].second, 1u) << "the window of frame 1";
  EXPECT_EQ(trace.where("X", "dispatch", 1).size(), 2u);
  auto overruns = trace.where("i", "overrun", 1);
  ASSERT_EQ(overruns.size(), 1u);
  auto windows = trace.where("X", "schedule", 1);
  ASSERT_EQ(windows.size(), 2u);
  EXPECT_DOUBLE_EQ(overruns[0].ts, windows[0].ts + windows[0].dur);
}

// Under load the walk's stop takes effect after the planned end of the
// window: the partition ran on until then, and the window drawn for it
// must say so, or its last dispatch lies outside its window.
TEST(RunTraceUnit, AWindowStoppedLaterThanPlannedIsDrawnToItsActualStop) {
  Rig rig;
  std::vector<std::pair<int, std::uint64_t>> told;
  rig.trace->setOverrunListener([&](int partition, std::uint64_t frame) { told.emplace_back(partition, frame); });
  const std::int64_t start = base::monotonicNow() + 5 * kMs;
  rig.trace->slot(0, 0, start, 10 * kMs);
  rig.trace->released(0, 1, start + kMs / 10);                            // released 0.1 ms late
  rig.write(TraceRecordKind::Dispatch, start + 9 * kMs, start + 12 * kMs);  // past the plan's end
  rig.trace->stopped(0, start + 13 * kMs);                                // stopped 3 ms late
  rig.trace->slot(0, 1, start + 10 * kMs, 10 * kMs);
  auto trace = rig.finish();
  auto windows = trace.where("X", "schedule", 1);
  ASSERT_EQ(windows.size(), 1u);
  const auto& window = windows[0];
  EXPECT_NEAR(window.dur, 12'900.0, 0.001) << "from the release to the stop, not the plan's 10 ms";
  // The plan's times of that window ride along (trace time, ns).
  const double plannedStart = window.args.at("planned_start_ns").get<double>() / 1000;
  const double plannedEnd = window.args.at("planned_end_ns").get<double>() / 1000;
  EXPECT_NEAR(window.ts - plannedStart, 100.0, 0.001);
  EXPECT_NEAR(plannedEnd - plannedStart, 10'000.0, 0.001);
  EXPECT_EQ(window.args.at("frame").get<int>(), 0);
  EXPECT_EQ(window.args.at("slot").get<int>(), 0);
  // The domain schedule on the supervisor's track stays as planned.
  auto slots = trace.where("X", "schedule", 0);
  ASSERT_EQ(slots.size(), 2u);
  EXPECT_NEAR(slots[0].ts, plannedStart, 0.001);
  EXPECT_NEAR(slots[0].dur, 10'000.0, 0.001);
  // The dispatch ended before the stop: it lies in its window, and it was
  // not stopped mid-dispatch, so it is no overrun.
  for (const std::string& problem : bulkhead::testing::structureProblems(trace)) ADD_FAILURE() << problem;
  EXPECT_TRUE(trace.where("i", "overrun", 1).empty());
  EXPECT_TRUE(told.empty());
}

TEST(RunTraceUnit, RecordsAFullRingRefusedAreReportedNotSilentlyLost) {
  Rig rig("chatty");
  int refused = 0;
  for (int i = 0; i < 200; ++i) refused += rig.write(TraceRecordKind::Dispatch, 0) ? 0 : 1;
  ASSERT_GT(refused, 0);
  rig.finish();
  EXPECT_EQ(rig.reports(), "bulkhead: --trace: partition chatty's trace ring was full " + std::to_string(refused) +
                               " times; those events are missing from the trace\n");
}

TEST(RunTraceUnit, ARecordNamingAThreadThePartitionDoesNotHaveIsLeftOutAndCounted) {
  Rig rig("odd");
  rig.write(TraceRecordKind::Sent, 0, 0, 0, /*thread=*/7);
  rig.finish();
  EXPECT_EQ(rig.reports(), "bulkhead: --trace: partition odd wrote 1 trace records naming a thread or port it "
                           "does not have; they were left out\n");
}

}  // namespace
}  // namespace bulkhead::trace
