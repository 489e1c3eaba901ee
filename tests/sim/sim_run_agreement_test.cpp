// Agreement with `bulkhead run`: for a deterministic model, every port
// receives the same sequence of values under `sim` as under the real
// supervisor. The examples' behaviours print each value they receive (and
// each they send), so the lines of each partition, in order, are the
// sequences compared.
#include "tests/support/command_output.hpp"
#include "tests/support/held_up_frames.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

namespace {

using bulkhead::testing::CommandOutput;

CommandOutput runBulkhead(const std::string& args) {
  return bulkhead::testing::runCommand(fmt::format("{} {}", BULKHEAD_BINARY, args));
}

// The lines that contain `marker`, from the marker on: a VM's console
// prefix, if any, is not part of the value sequence, nor are the runtime's
// "Art: Registered ..." lines, which `run` names after the partition (so
// they contain the marker) and `sim` does not print.
std::vector<std::string> sequence(const std::string& output, const std::string& marker) {
  std::vector<std::string> lines;
  std::istringstream in(output);
  for (std::string line; std::getline(in, line);)
    if (auto at = line.find(marker); at != std::string::npos && !line.substr(at + marker.size()).starts_with("Art: "))
      lines.push_back(line.substr(at));
  return lines;
}

struct Case {
  const char* model;
  std::vector<const char*> markers;  // one per receiving (and sending) partition
  // run's --time-scale. It shortens sporadic minimum inter-arrival times
  // inside the partitions too (sporadic_events' handler has Period =>
  // 1000ms, one frame): otherwise its handler would skip frames. Models with
  // short windows keep them at 50 ms or more: on a loaded machine a window of
  // a few ms can pass before its partition gets the CPU, and the last frame's
  // dispatch is then lost (there is no next window to catch up in).
  double timeScale = 0.05;
  int frames = 8;
  // HAMR Microkit C user code (`--hamr-microkit`, a folder under examples/)
  // and the components of it to use: the other partitions run their C++
  // behaviour, so that C and C++ partitions mix. Empty: C++ only.
  const char* hamr = "";
  std::vector<const char*> cComponents = {};
  const char* name = "";  // the test's name when not the model's directory
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.model << (*c.hamr ? " with C code" : ""); }

// A folder holding just a case's C components, for `--hamr-microkit`.
std::filesystem::path hamrFolder(const Case& c) {
  namespace fs = std::filesystem;
  const fs::path source = fs::path(BULKHEAD_SOURCE_DIR) / "examples" / c.hamr;
  const fs::path dir = fs::temp_directory_path() / fmt::format("bulkhead-agreement-{}-{}", c.name, ::getpid());
  fs::remove_all(dir);
  fs::create_directories(dir / "components");
  for (const char* component : c.cComponents)
    fs::copy(source / "components" / component, dir / "components" / component, fs::copy_options::recursive);
  return dir;
}

class SimRunAgreement : public ::testing::TestWithParam<Case> {};

TEST_P(SimRunAgreement, EveryPortReceivesTheSameSequence) {
  const Case& c = GetParam();
  const std::string model = std::string(BULKHEAD_SOURCE_DIR) + "/examples/" + c.model;
  const int frames = c.frames;
  // Frames shortened (to keep the test quick) where the model allows it; VM
  // partitions as processes (the values do not depend on where they run).
  const std::filesystem::path folder = *c.hamr ? hamrFolder(c) : std::filesystem::path();
  const std::string hamr = folder.empty() ? "" : " --hamr-microkit " + folder.string();
  CommandOutput run =
      runBulkhead(fmt::format("run {} --frames {} --time-scale {} --vm=process{}", model, frames, c.timeScale, hamr));
  if (run.status == 2 && run.text.find("not implemented") != std::string::npos)
    GTEST_SKIP() << "bulkhead run is not built in this tree yet: " << run.text;
  ASSERT_EQ(run.status, 0) << run.text;
  // A window the host starved (reported by the run) loses that dispatch and
  // shifts what follows; these lines carry no frame to leave it out by.
  BULKHEAD_SKIP_IF_HELD_UP(run.text);
  CommandOutput sim = runBulkhead(fmt::format("sim {} --frames {}{}", model, frames, hamr));
  ASSERT_EQ(sim.status, 0) << sim.text;
  for (const char* marker : c.markers) {
    auto underRun = sequence(run.text, marker);
    auto underSim = sequence(sim.text, marker);
    EXPECT_FALSE(underSim.empty()) << marker;
    EXPECT_EQ(underRun, underSim) << marker << "\n--- run ---\n" << run.text << "\n--- sim ---\n" << sim.text;
  }
  // C and C++ mixed: the C++ partition's program and module were used (no
  // user code of it in the folder), and said so.
  if (!folder.empty() && c.cComponents.size() == 1) {
    const std::string note = "has no user code in " + folder.string() + ": it runs the build's program";
    EXPECT_NE(run.text.find(note), std::string::npos) << run.text;
    EXPECT_NE(sim.text.find(note), std::string::npos) << sim.text;
  }
  if (!folder.empty()) std::filesystem::remove_all(folder);
}

INSTANTIATE_TEST_SUITE_P(Examples, SimRunAgreement,
                         ::testing::Values(Case{"both_vm/both_vm.aadl", {"vmconsumer: Received"}},
                                           Case{"data_port/data_port.aadl", {"sensor: ", "monitor: "}},
                                           Case{"sporadic_events/sporadic_events.aadl", {"sender: ", "handler: "}},
                                           Case{"fan_out/fan_out.aadl", {"sender: ", "logger: ", "display: "}, 0.25},
                                           Case{"hamr_microkit/hamr_microkit.aadl", {"producer: ", "consumer: ", "monitor: "}, 0.5},
                                           // both_vm in C (examples/both_vm_c), and C beside C++: the
                                           // consumer in C, the producer's C++ behaviour.
                                           Case{"both_vm/both_vm.aadl", {"vmconsumer: Received"}, 0.05, 8, "both_vm_c",
                                                {"producer_producer", "consumer_consumer"}, "both_vm_c"},
                                           Case{"both_vm/both_vm.aadl", {"vmconsumer: Received"}, 0.05, 8, "both_vm_c",
                                                {"consumer_consumer"}, "both_vm_c_consumer_with_cpp_producer"}),
                         [](const auto& info) {
                           if (*info.param.name) return std::string(info.param.name);
                           std::string name = info.param.model;
                           return name.substr(0, name.find('/'));
                         });

}  // namespace
