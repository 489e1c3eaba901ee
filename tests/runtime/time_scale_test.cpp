// `bulkhead run --time-scale F` reaches partitions as BULKHEAD_TIME_SCALE:
// sporadic minimum inter-arrival times shrink with the schedule; periodic
// threads follow the pacer's ticks and keep their Period.
#include <gtest/gtest.h>

#include "runtime/partition_program.hpp"

namespace bulkhead::runtime {
namespace {

TEST(TimeScale, ShortensOnlySporadicMinimumInterArrival) {
  PartitionSpec spec;
  spec.threads.resize(2);
  spec.threads[0].dispatch = DispatchProtocol::Periodic;
  spec.threads[0].period = 1'000'000'000;
  spec.threads[1].dispatch = DispatchProtocol::Sporadic;
  spec.threads[1].period = 1'000'000'000;
  PartitionSpec scaled = scaledForTime(spec, 0.05);
  EXPECT_EQ(scaled.threads[0].period, 1'000'000'000);
  EXPECT_EQ(scaled.threads[1].period, 50'000'000);
  EXPECT_EQ(scaledForTime(spec, 1.0).threads[1].period, 1'000'000'000);
}

}  // namespace
}  // namespace bulkhead::runtime
