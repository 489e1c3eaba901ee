// `bulkhead run` end to end: the real binary on examples/both_vm with the
// generated partition programs (found through the build's manifest).
#include "tests/support/command_output.hpp"
#include "tests/support/held_up_frames.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

using ::testing::HasSubstr;

bulkhead::testing::CommandOutput run(const std::string& arguments, const std::string& environment = "") {
  return bulkhead::testing::runCommand(environment + " " + std::string(BULKHEAD_BINARY) + " run " + arguments);
}

// Run as native processes, the partitions are "producer" and "consumer"
// (under QEMU their consoles are "vmproducer"/"vmconsumer"): every line is
// named after its partition, the seed's own text after that name.
TEST(RunCommand, BothVmPrintsRegistrationsThenTwelveValuesInOrder) {
  auto r = run(std::string(BOTH_VM_MODEL) + " --frames 12 --time-scale 0.05 --vm=process");
  ASSERT_EQ(r.status, 0) << r.text;
  auto all = r.lines();
  std::vector<std::string> art, received;
  size_t firstReceived = all.size(), lastArt = 0;
  for (size_t i = 0; i < all.size(); ++i) {
    if (all[i].starts_with("producer: Art: ") || all[i].starts_with("consumer: Art: ")) {
      art.push_back(all[i]);
      lastArt = i;
    }
    if (all[i].starts_with("consumer: vmconsumer: Received")) {
      received.push_back(all[i]);
      firstReceived = std::min(firstReceived, i);
      ASSERT_LT(i + 1, all.size());
      EXPECT_EQ(all[i + 1], "") << "each value is followed by an empty line";
    }
    EXPECT_FALSE(all[i].starts_with("Art: ")) << "an unnamed partition line: " << all[i];
  }
  EXPECT_THAT(art, ::testing::UnorderedElementsAre(
                       "producer: Art: Registered component: top_impl_Instance_producer_producer (periodic: 1000)",
                       "producer: Art: - Registered port: top_impl_Instance_producer_producer_write_port (event out)",
                       "consumer: Art: Registered component: top_impl_Instance_consumer_consumer (periodic: 1000)",
                       "consumer: Art: - Registered port: top_impl_Instance_consumer_consumer_read_port (event in)"));
  EXPECT_LT(lastArt, firstReceived);
  // One value a dispatch, the n-th in the n-th: a window the host starved
  // (reported) loses a dispatch and the run is not this check's to judge.
  BULKHEAD_SKIP_IF_HELD_UP(r.text);
  ASSERT_EQ(received.size(), 12u) << r.text;
  for (int v = 0; v < 12; ++v) {
    char expected[80];
    std::snprintf(expected, sizeof expected, "consumer: vmconsumer: Received 8 bits on read_port: [ %02X ]", v);
    EXPECT_EQ(received[static_cast<size_t>(v)], expected);
  }
}

TEST(RunCommand, ReportsMissingPartitionPrograms) {
  auto r = run(std::string(BOTH_VM_MODEL) + " --frames 1 --vm=process --partitions /nonexistent-bulkhead-dir");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.text, HasSubstr("bulkhead: partition producer: cannot open program "
                                "/nonexistent-bulkhead-dir/producer: No such file or directory\n"));
}

TEST(RunCommand, ReportsABuildThatDoesNotListTheModel) {
  auto r = run(std::string(BOTH_VM_MODEL) + " --frames 1 --vm=process --build /nonexistent-bulkhead-build");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.text, HasSubstr(std::string("bulkhead: no partition programs found for ") + BOTH_VM_MODEL +
                                ": no build manifest in /nonexistent-bulkhead-build/bulkhead-manifests names it "
                                "(build the project's partitions with bulkhead_add_partitions, name its build with "
                                "--build DIR, or give --partitions DIR)\n"));
}

// The files a run writes are opened before any partition starts: a bad
// path is one line and status 2, and nothing ran.
TEST(RunCommand, AnUnwritableTimingLogOrTraceFailsBeforeAnyPartitionStarts) {
  for (const char* option : {"--timing-log", "--trace"}) {
    auto r = run(std::string(BOTH_VM_MODEL) + " --frames 3 --time-scale 0.05 --vm=process " + option +
                 " /nonexistent-bulkhead-dir/out");
    EXPECT_EQ(r.status, 2) << option;
    EXPECT_EQ(r.text, std::string("bulkhead: ") + option +
                          ": cannot write /nonexistent-bulkhead-dir/out: No such file or directory\n")
        << option;
  }
}

TEST(RunCommand, AScriptAsAPartitionProgramIsNamedAsSuch) {
  char dirTemplate[] = "/tmp/bulkhead-script-partitions-XXXXXX";
  ASSERT_NE(::mkdtemp(dirTemplate), nullptr);
  const std::filesystem::path dir = dirTemplate;
  for (const char* name : {"producer", "consumer"}) {
    std::ofstream(dir / name) << "#!/bin/sh\necho hello\n";
    std::filesystem::permissions(dir / name, std::filesystem::perms::owner_all);
  }
  auto r = run(std::string(BOTH_VM_MODEL) + " --frames 1 --vm=process --partitions " + dir.string());
  std::filesystem::remove_all(dir);
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.text, HasSubstr("bulkhead: partition producer: program " + (dir / "producer").string() +
                                " is a script (#!); a partition program must be an executable file, such as one "
                                "bulkhead_add_partitions builds\n"));
}

TEST(RunCommand, BuildAndPartitionsExcludeEachOther) {
  auto r = run(std::string(BOTH_VM_MODEL) + " --frames 1 --build /a --partitions /b");
  EXPECT_NE(r.status, 0);
  EXPECT_THAT(r.text, HasSubstr("--partitions excludes --build"));
}

TEST(RunCommand, RejectsABadCpuList) {
  auto r = run(std::string(BOTH_VM_MODEL) + " --frames 1 --cpus 1-x");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.text, HasSubstr("bulkhead: --cpus: '1-x' is not a CPU number or range (e.g. 0,2-3)\n"));
}

TEST(RunCommand, SaysSoWhenVmPartitionsRunAsProcessesForWantOfQemu) {
  auto r = run(std::string(BOTH_VM_MODEL) + " --frames 1 --time-scale 0.01 --vm=qemu", "PATH=/nonexistent-bulkhead-bin");
  EXPECT_EQ(r.status, 0) << r.text;
  EXPECT_THAT(r.text, HasSubstr("bulkhead: QEMU (qemu-system-x86_64) is not installed; running the VM partitions "
                                "as native processes\n"));
}

}  // namespace
