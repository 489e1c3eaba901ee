// The partition environment: what the supervisor writes the partition reads
// back, and each malformed value is refused with a message naming it.
#include "contract/environment.hpp"
#include "contract/handover.hpp"

#include <gtest/gtest.h>

#include <map>

namespace bulkhead::contract {
namespace {

VariableLookup from(const std::map<std::string, std::string>& variables) {
  return [variables](const char* name) -> std::optional<std::string> {
    auto it = variables.find(name);
    return it == variables.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
}

std::map<std::string, std::string> written(const PartitionEnvironment& e) {
  std::map<std::string, std::string> out;
  for (const auto& [name, value] : environmentEntries(e)) out[name] = value;
  return out;
}

TEST(Environment, WhatTheSupervisorWritesThePartitionReads) {
  const PartitionEnvironment e{"producer", 0x1234abcdull, kNativeTransport, 2, 0.05};
  EXPECT_EQ(environmentVariables(e),
            (std::vector<std::string>{"BULKHEAD_PARTITION=producer", "BULKHEAD_PLAN_FINGERPRINT=000000001234abcd",
                                      "BULKHEAD_CHANNEL_TRANSPORT=fd", "BULKHEAD_RESTART=2", "BULKHEAD_TIME_SCALE=0.05"}));
  auto read = parseEnvironment(from(written(e)));
  ASSERT_TRUE(read) << read.error();
  EXPECT_EQ(read->partition, "producer");
  EXPECT_EQ(read->planFingerprint, 0x1234abcdull);
  EXPECT_EQ(read->transport, "fd");
  EXPECT_EQ(read->restart, 2u);
  EXPECT_EQ(read->timeScale, 0.05);
}

TEST(Environment, DefaultsAreNotWritten) {
  const PartitionEnvironment e{"consumer", 1, kGuestTransport};
  EXPECT_EQ(environmentEntries(e).size(), 3u);
  auto read = parseEnvironment(from(written(e)));
  ASSERT_TRUE(read) << read.error();
  EXPECT_EQ(read->restart, 0u);
  EXPECT_EQ(read->timeScale, 1.0);
}

TEST(Environment, EachBadValueIsNamed) {
  auto variables = written(PartitionEnvironment{"p", 1, kNativeTransport});
  auto with = [&](const std::string& name, const std::string& value) {
    auto changed = variables;
    changed[name] = value;
    auto read = parseEnvironment(from(changed));
    return read ? std::string("accepted") : read.error();
  };
  EXPECT_EQ(with(kPartitionVariable, ""),
            "BULKHEAD_PARTITION is not set: partition programs are started by `bulkhead run`");
  EXPECT_EQ(with(kPlanFingerprintVariable, "xyz"), "BULKHEAD_PLAN_FINGERPRINT 'xyz' is not a hexadecimal number");
  EXPECT_EQ(with(kPlanFingerprintVariable, "0x00ff"), "accepted");
  EXPECT_EQ(with(kTimeScaleVariable, "-1"), "BULKHEAD_TIME_SCALE '-1' is not a positive number");
  EXPECT_EQ(with(kRestartVariable, "2x"), "BULKHEAD_RESTART '2x' is not a restart count");
}

TEST(Handover, FdsAndDevicesOfAnEntry) {
  EXPECT_EQ(memoryFd(0), 3);
  EXPECT_EQ(eventFd(0), 4);
  EXPECT_EQ(memoryFd(2), 7);
  EXPECT_EQ(eventFd(2), 8);
  EXPECT_EQ(uioDeviceName(3), "uio3");
}

}  // namespace
}  // namespace bulkhead::contract
