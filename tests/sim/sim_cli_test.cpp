// `bulkhead sim` end to end: the real binary, the examples' models and
// their simulation modules (built from the same behaviour code as their
// partition programs).
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct Outcome {
  int status = -1;
  std::string out;
  std::string err;
};

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A directory of this test's own, removed at the end.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "bulkhead-sim-test-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string model(const std::string& relative) { return std::string(BULKHEAD_SOURCE_DIR) + "/examples/" + relative; }

Outcome runBulkhead(const std::string& args, const std::string& input = "") {
  TempDir dir;
  std::ofstream(dir.path() / "in") << input;
  std::string command = fmt::format("{} sim {} < '{}' > '{}' 2> '{}'", BULKHEAD_BINARY, args, (dir.path() / "in").string(),
                                    (dir.path() / "out").string(), (dir.path() / "err").string());
  int raw = std::system(command.c_str());
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, readFile(dir.path() / "out"), readFile(dir.path() / "err")};
}

std::vector<std::string> linesStartingWith(const std::string& text, const std::string& prefix) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.starts_with(prefix)) lines.push_back(line);
  return lines;
}

TEST(SimCli, BothVmForADayPrintsEightySixThousandFourHundredConsecutiveValues) {
  Outcome o = runBulkhead(model("both_vm/both_vm.aadl") + " --frames 86400");
  ASSERT_EQ(o.status, 0) << o.err;
  auto lines = linesStartingWith(o.out, "vmconsumer: Received 8 bits on read_port: [ ");
  ASSERT_EQ(lines.size(), 86400u);
  unsigned first = std::stoul(lines[0].substr(lines[0].find('[') + 2, 2), nullptr, 16);
  for (std::size_t i = 0; i < lines.size(); ++i)
    ASSERT_EQ(lines[i], fmt::format("vmconsumer: Received 8 bits on read_port: [ {:02X} ]", (first + i) % 256)) << i;
  EXPECT_TRUE(o.err.empty()) << o.err;
}

TEST(SimCli, BothVmStartsWithTheArtRegistrationLines) {
  Outcome o = runBulkhead(model("both_vm/both_vm.aadl") + " --frames 1");
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_TRUE(o.out.starts_with("Art: Registered component: top_impl_Instance_producer_producer (periodic: 1000)\n"))
      << o.out;
}

TEST(SimCli, TwoRunsGiveIdenticalOutputAndIdenticalTraces) {
  TempDir dir;
  const fs::path a = dir.path() / "a.json", b = dir.path() / "b.json";
  for (const char* example : {"both_vm/both_vm.aadl", "sporadic_events/sporadic_events.aadl", "data_port/data_port.aadl"}) {
    Outcome first = runBulkhead(fmt::format("{} --frames 300 --trace '{}'", model(example), a.string()));
    Outcome second = runBulkhead(fmt::format("{} --frames 300 --trace '{}'", model(example), b.string()));
    ASSERT_EQ(first.status, 0) << first.err;
    ASSERT_EQ(second.status, 0) << second.err;
    EXPECT_EQ(first.out, second.out) << example;
    std::string traceA = readFile(a), traceB = readFile(b);
    EXPECT_FALSE(traceA.empty());
    EXPECT_EQ(traceA, traceB) << example;
    auto json = nlohmann::json::parse(traceA, nullptr, false);
    ASSERT_FALSE(json.is_discarded()) << example;
    EXPECT_GT(json["traceEvents"].size(), 300u);
  }
}

TEST(SimCli, TracingDoesNotChangeWhatPartitionsPrint) {
  TempDir dir;
  Outcome plain = runBulkhead(model("sporadic_events/sporadic_events.aadl") + " --frames 50");
  Outcome traced = runBulkhead(fmt::format("{} --frames 50 --trace '{}'", model("sporadic_events/sporadic_events.aadl"),
                                           (dir.path() / "t.json").string()));
  ASSERT_EQ(plain.status, 0);
  EXPECT_EQ(plain.out, traced.out);
}

TEST(SimCli, SporadicEventsDropsTheOldestAndSaysSo) {
  Outcome o = runBulkhead(model("sporadic_events/sporadic_events.aadl") + " --frames 3");
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(linesStartingWith(o.out, "handler:"), (std::vector<std::string>{
                                                      "handler: sample 03 (dropped 2)",
                                                      "handler: 2 alarms (dropped 1)",
                                                      "handler: sample 08 (dropped 4)",
                                                      "handler: 2 alarms (dropped 1)",
                                                      "handler: sample 0D (dropped 4)",
                                                      "handler: 2 alarms (dropped 1)"}));
}

// The HAMR Microkit-style example under its self-paced microkit.schedule.xml:
// the producer runs in both windows of its domain each frame, the periodic
// consumer once a frame (the newer value; the older counted dropped), the
// sporadic monitor in each of its windows with a value waiting.
TEST(SimCli, HamrMicrokitDispatchesOncePerWindowOfItsDomain) {
  Outcome o = runBulkhead(model("hamr_microkit/hamr_microkit.aadl") + " --frames 3");
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(linesStartingWith(o.out, "producer:"),
            (std::vector<std::string>{"producer: sent 1", "producer: sent 2", "producer: sent 3", "producer: sent 4",
                                      "producer: sent 5", "producer: sent 6"}));
  EXPECT_EQ(linesStartingWith(o.out, "consumer:"),
            (std::vector<std::string>{"consumer: received 1 (dropped 0)", "consumer: received 3 (dropped 1)",
                                      "consumer: received 5 (dropped 1)"}));
  EXPECT_EQ(linesStartingWith(o.out, "monitor:"),
            (std::vector<std::string>{"monitor: saw 1", "monitor: saw 2", "monitor: saw 3", "monitor: saw 4",
                                      "monitor: saw 5", "monitor: saw 6"}));
}

TEST(SimCli, DataPortReadsAreFreshOnlyAfterAWrite) {
  Outcome o = runBulkhead(model("data_port/data_port.aadl") + " --frames 4");
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(linesStartingWith(o.out, "monitor:"), (std::vector<std::string>{
                                                      "monitor: reading -663 (fresh)",
                                                      "monitor: reading -663 (stale)",
                                                      "monitor: reading -326 (fresh)",
                                                      "monitor: reading -326 (stale)"}));
}

TEST(SimCli, StepShowsEachSlotAndItsChannelsAndQuitsOnQ) {
  Outcome o = runBulkhead(model("sporadic_events/sporadic_events.aadl") + " --frames 2 --step", "\n\n\n\nq\n");
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_NE(o.out.find("-- frame 0 slot 0 (domain 0) 0 .. 160 ms --"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("-- frame 0 slot 3 (domain 2) 180 .. 580 ms --\n"
                       "sender (domain 2, this window)\n"
                       "  sender.samples (out): numSent 5, queued [03 04 05]\n"
                       "  sender.alarm (out): count 3\n"
                       "handler (domain 3)\n"
                       "  handler.samples (in): numSent 5, queued [03 04 05], numRecv 0\n"
                       "  handler.alarm (in): count 3\n"),
            std::string::npos)
      << o.out;
  EXPECT_EQ(o.out.find("slot 5"), std::string::npos) << "q stops after the fifth pause";
  EXPECT_EQ(linesStartingWith(o.out, "handler:").size(), 0u);
}

TEST(SimCli, StepByFramePausesOncePerFrame) {
  Outcome o = runBulkhead(model("data_port/data_port.aadl") + " --frames 2 --step=frame", "\n\n");
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(linesStartingWith(o.out, "-- end of frame").size(), 2u) << o.out;
  EXPECT_NE(o.out.find("  monitor.reading (in): sequence 1, value [FD 69]"), std::string::npos) << o.out;
}

TEST(SimCli, AModuleBuiltFromAnotherModelIsRefused) {
  Outcome o = runBulkhead(fmt::format("{} --module '{}/models/data_port.sim.so'",
                                      model("sporadic_events/sporadic_events.aadl"), BULKHEAD_BINARY_DIR));
  EXPECT_EQ(o.status, 1);
  EXPECT_NE(o.err.find("data_port.sim.so: the behaviour code was generated from plan "), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("; rebuild it from this model\n"), std::string::npos) << o.err;
}

TEST(SimCli, AMissingModuleIsAnErrorThatSaysWhatToDo) {
  Outcome o = runBulkhead(model("both_vm/both_vm.aadl") + " --module does-not-exist.so");
  EXPECT_EQ(o.status, 1);
  EXPECT_EQ(o.err, "bulkhead sim: error: simulation module does-not-exist.so does not exist\n");
}

TEST(SimCli, AFileThatIsNotAModuleIsRefused) {
  Outcome o = runBulkhead(fmt::format("{} --module '{}'", model("both_vm/both_vm.aadl"), model("both_vm/both_vm.aadl")));
  EXPECT_EQ(o.status, 1);
  EXPECT_NE(o.err.find("bulkhead sim: error: cannot load simulation module "), std::string::npos) << o.err;
}

TEST(SimCli, ModelErrorsAreReportedLikeACompiler) {
  TempDir dir;
  std::ofstream(dir.path() / "bad.aadl") << "package bad\npublic\n  system top\n  end wrong;\nend bad;\n";
  Outcome o = runBulkhead((dir.path() / "bad.aadl").string());
  EXPECT_EQ(o.status, 1);
  EXPECT_NE(o.err.find("bad.aadl:4:"), std::string::npos) << o.err;
  EXPECT_TRUE(o.out.empty());
}

TEST(SimCli, StepRejectsAnUnknownUnit) {
  Outcome o = runBulkhead(model("both_vm/both_vm.aadl") + " --step=minute");
  EXPECT_NE(o.status, 0);
  EXPECT_TRUE(o.out.empty());
}

}  // namespace
