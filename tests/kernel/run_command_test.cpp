// `bulkhead run` end to end: the real binary on examples/both_vm with the
// generated partition programs (found through the build's manifest).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

namespace {

using ::testing::HasSubstr;

struct Result {
  int status = -1;
  std::string output;  // stdout and stderr interleaved as the terminal would see them
};

Result run(const std::string& arguments) {
  std::string command = std::string(BULKHEAD_BINARY) + " run " + arguments + " 2>&1";
  Result r;
  FILE* pipe = ::popen(command.c_str(), "r");
  std::array<char, 4096> buffer;
  while (size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) r.output.append(buffer.data(), n);
  int status = ::pclose(pipe);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

TEST(RunCommand, BothVmPrintsRegistrationsThenTwelveValuesInOrder) {
  auto r = run(std::string(BOTH_VM_MODEL) + " --frames 12 --time-scale 0.05 --vm=process");
  ASSERT_EQ(r.status, 0) << r.output;
  auto all = lines(r.output);
  std::vector<std::string> art, received;
  size_t firstReceived = all.size(), lastArt = 0;
  for (size_t i = 0; i < all.size(); ++i) {
    if (all[i].rfind("Art: ", 0) == 0) {
      art.push_back(all[i]);
      lastArt = i;
    }
    if (all[i].rfind("vmconsumer: Received", 0) == 0) {
      received.push_back(all[i]);
      firstReceived = std::min(firstReceived, i);
      ASSERT_LT(i + 1, all.size());
      EXPECT_EQ(all[i + 1], "") << "each value is followed by an empty line";
    }
  }
  EXPECT_THAT(art, ::testing::UnorderedElementsAre(
                       "Art: Registered component: top_impl_Instance_producer_producer (periodic: 1000)",
                       "Art: - Registered port: top_impl_Instance_producer_producer_write_port (event out)",
                       "Art: Registered component: top_impl_Instance_consumer_consumer (periodic: 1000)",
                       "Art: - Registered port: top_impl_Instance_consumer_consumer_read_port (event in)"));
  EXPECT_LT(lastArt, firstReceived);
  ASSERT_EQ(received.size(), 12u) << r.output;
  for (int v = 0; v < 12; ++v) {
    char expected[64];
    std::snprintf(expected, sizeof expected, "vmconsumer: Received 8 bits on read_port: [ %02X ]", v);
    EXPECT_EQ(received[static_cast<size_t>(v)], expected);
  }
}

TEST(RunCommand, ReportsMissingPartitionPrograms) {
  auto r = run(std::string(BOTH_VM_MODEL) + " --frames 1 --vm=process --partitions /nonexistent-bulkhead-dir");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.output, HasSubstr("bulkhead: partition producer: cannot open program "
                                  "/nonexistent-bulkhead-dir/producer: No such file or directory\n"));
}

TEST(RunCommand, RejectsABadCpuList) {
  auto r = run(std::string(BOTH_VM_MODEL) + " --frames 1 --cpus 1-x");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.output, HasSubstr("bulkhead: --cpus: '1-x' is not a CPU number or range (e.g. 0,2-3)\n"));
}

TEST(RunCommand, SaysSoWhenVmPartitionsRunAsProcesses) {
  auto r = run(std::string(BOTH_VM_MODEL) + " --frames 1 --time-scale 0.01 --vm=qemu");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("bulkhead: QEMU partitions are not available in this build; running the VM "
                                  "partitions as native processes (--vm=process)\n"));
}

}  // namespace
