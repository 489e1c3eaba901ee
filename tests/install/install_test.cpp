// From an installed bulkhead, as a user outside the source tree works:
// install into a temporary prefix, `bulkhead new` a project, build it with
// only that prefix known (a clean environment, nothing of the source tree
// on any path), run it for 3 frames at time scale 0.05 and read the
// values; the project copied elsewhere (the original moved away) still runs.
#include "tests/support/command_output.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace fs = std::filesystem;
using bulkhead::testing::runCommand;

std::string quoted(const fs::path& p) { return "'" + p.string() + "'"; }

std::string readText(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// What both_vm's consumer printed, in order, from its own text on: `run`
// names the partition before it ("consumer: vmconsumer: ..."), `sim` does not.
std::vector<std::string> received(const std::string& text) {
  static constexpr std::string_view kMarker = "vmconsumer: Received 8 bits on read_port: ";
  std::vector<std::string> values;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (auto at = line.find(kMarker); at != std::string::npos) values.push_back(line.substr(at));
  return values;
}

const std::vector<std::string> kThreeFrames = {"vmconsumer: Received 8 bits on read_port: [ 00 ]",
                                               "vmconsumer: Received 8 bits on read_port: [ 01 ]",
                                               "vmconsumer: Received 8 bits on read_port: [ 02 ]"};

class Installed : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string tmpl = (fs::temp_directory_path() / "bulkhead-install-test-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    root = tmpl;
    prefix = root / "prefix";
    auto installed = runCommand(std::string(CMAKE_COMMAND_PATH) + " --install " + quoted(BULKHEAD_BUILD_DIR) +
                                " --prefix " + quoted(prefix));
    ASSERT_EQ(installed.status, 0) << installed.text;
  }
  static void TearDownTestSuite() {
    std::error_code ec;
    fs::remove_all(root, ec);
  }
  // A command run from `root` with a clean environment: no variable of the
  // calling build (compiler launcher, CMake paths) reaches it.
  static bulkhead::testing::CommandOutput clean(const std::string& command) {
    return runCommand("cd " + quoted(root) + " && env -i PATH=/usr/bin:/bin HOME=" + quoted(root) + " " + command);
  }
  static std::string bulkhead() { return quoted(prefix / "bin/bulkhead"); }

  static inline fs::path root, prefix;
};

TEST_F(Installed, PutsTheToolLibrariesHeadersExamplesAndPackageConfigInPlace) {
  for (const char* file : {"bin/bulkhead", "lib/libbulkhead_runtime.a", "lib/libbulkhead_channel.a",
                           "lib/libbulkhead_wire.a", "lib/libbulkhead_vm_guest.a", "lib/libbulkhead_trace_partition.a",
                           "include/bulkhead/trace/partition/trace_ring.hpp", "include/bulkhead/runtime/component.hpp",
                           "include/bulkhead/channel/layout.hpp", "include/bulkhead/wire/codec.hpp",
                           "include/bulkhead/runtime/transports/uio_transport.hpp", "lib/cmake/bulkhead/bulkheadConfig.cmake",
                           "lib/cmake/bulkhead/bulkheadConfigVersion.cmake", "lib/cmake/bulkhead/bulkhead-targets.cmake",
                           "lib/cmake/bulkhead/Bulkhead.cmake", "lib/cmake/bulkhead/sim_module.cmake",
                           "lib/cmake/bulkhead/sim_module_anchor.cpp", "lib/cmake/bulkhead/sim_module.map",
                           "share/bulkhead/examples/both_vm/both_vm.aadl",
                           "share/bulkhead/examples/both_vm/domain_schedule.c",
                           "share/bulkhead/examples/both_vm/behaviour/producer_t_i.cpp"})
    EXPECT_TRUE(fs::exists(prefix / file)) << file;
#ifdef BULKHEAD_MAN_PAGE_INSTALLED
  EXPECT_TRUE(fs::exists(prefix / "share/man/man1/bulkhead.1"));
#endif
  EXPECT_FALSE(fs::exists(prefix / "share/bulkhead/examples/both_vm/CMakeLists.txt"));
}

TEST_F(Installed, ANewProjectBuildsAgainstThePrefixAloneAndRunsWhereverItIsCopied) {
  const fs::path project = root / "work" / "blinker";
  auto created = clean(bulkhead() + " new " + quoted(project) + " --example both_vm");
  ASSERT_EQ(created.status, 0) << created.text;
  EXPECT_EQ(created.text, "wrote project blinker in " + project.string() +
                              ": both_vm.aadl (2 partitions), behaviour/ (example both_vm's), CMakeLists.txt, "
                              "README.md\n");
  EXPECT_EQ(readText(project / "behaviour/producer_t_i.cpp"),
            readText(fs::path(BULKHEAD_SOURCE_DIR) / "examples/both_vm/behaviour/producer_t_i.cpp"));

  auto configured = clean("cmake -S " + quoted(project) + " -B " + quoted(project / "build") +
                          " -DCMAKE_PREFIX_PATH=" + quoted(prefix) + " -DCMAKE_EXPORT_COMPILE_COMMANDS=ON");
  ASSERT_EQ(configured.status, 0) << configured.text;
  auto built = clean("cmake --build " + quoted(project / "build") + " -j2");
  ASSERT_EQ(built.status, 0) << built.text;
  // Nothing of the source tree or its build on any compile or link line.
  const std::string commands = readText(project / "build/compile_commands.json");
  ASSERT_FALSE(commands.empty());
  for (const std::string& tree : {std::string(BULKHEAD_SOURCE_DIR), std::string(BULKHEAD_BUILD_DIR)}) {
    EXPECT_EQ(commands.find(tree), std::string::npos) << tree << "\n" << commands;
    EXPECT_EQ(readText(project / "build/CMakeCache.txt").find(tree + "/"), std::string::npos) << tree;
  }

  // The walk up from the model finds the project's build/.
  const std::string args = " --frames 3 --time-scale 0.05 --vm=process";
  auto ran = clean(bulkhead() + " run " + quoted(project / "both_vm.aadl") + args);
  ASSERT_EQ(ran.status, 0) << ran.text;
  EXPECT_EQ(received(ran.text), kThreeFrames) << ran.text;

  // Copied elsewhere, the original moved away: the copy runs its own programs.
  const fs::path copy = root / "elsewhere" / "blinker-copy";
  fs::create_directories(copy.parent_path());
  fs::copy(project, copy, fs::copy_options::recursive | fs::copy_options::copy_symlinks);
  fs::rename(project, root / "work" / "moved-away");
  auto copied = clean(bulkhead() + " run " + quoted(copy / "both_vm.aadl") + args);
  ASSERT_EQ(copied.status, 0) << copied.text;
  EXPECT_EQ(received(copied.text), kThreeFrames) << copied.text;

  // sim loads the copy's simulation module, found the same way.
  auto simulated = clean(bulkhead() + " sim " + quoted(copy / "both_vm.aadl") + " --frames 3");
  ASSERT_EQ(simulated.status, 0) << simulated.text;
  EXPECT_EQ(received(simulated.text), kThreeFrames) << simulated.text;

  // --build names the build, --partitions the programs' directory.
  auto named = clean(bulkhead() + " run " + quoted(copy / "both_vm.aadl") + args + " --build " + quoted(copy / "build"));
  ASSERT_EQ(named.status, 0) << named.text;
  EXPECT_EQ(received(named.text), kThreeFrames) << named.text;
  auto partitions = clean(bulkhead() + " run " + quoted(copy / "both_vm.aadl") + args + " --partitions " +
                          quoted(copy / "build/partitions"));
  ASSERT_EQ(partitions.status, 0) << partitions.text;
  EXPECT_EQ(received(partitions.text), kThreeFrames) << partitions.text;
}

// A project of C partitions (HAMR Microkit user code) built by the
// installed CMake function with C_USER_DIR: both_vm's model from the
// installed examples, both_vm_c's user files; run and sim find its
// programs and module through the build's manifest, without --hamr-microkit.
TEST_F(Installed, AProjectOfCPartitionsBuildsWithTheCMakeFunctionAndRuns) {
  const fs::path project = root / "work" / "c-blinker";
  fs::create_directories(project / "c");
  for (const char* file : {"both_vm.aadl", "domain_schedule.c"})
    fs::copy_file(prefix / "share/bulkhead/examples/both_vm" / file, project / file);
  fs::copy(fs::path(BULKHEAD_SOURCE_DIR) / "examples/both_vm_c/components", project / "c/components",
           fs::copy_options::recursive);
  std::ofstream(project / "CMakeLists.txt") << "cmake_minimum_required(VERSION 3.25)\n"
                                               "project(c_blinker C CXX)\n"
                                               "find_package(bulkhead REQUIRED)\n"
                                               "bulkhead_add_partitions(both_vm MODEL both_vm.aadl\n"
                                               "  PARTITIONS producer consumer C_USER_DIR c)\n";
  auto configured =
      clean("cmake -S " + quoted(project) + " -B " + quoted(project / "build") + " -DCMAKE_PREFIX_PATH=" + quoted(prefix));
  ASSERT_EQ(configured.status, 0) << configured.text;
  auto built = clean("cmake --build " + quoted(project / "build") + " -j2");
  ASSERT_EQ(built.status, 0) << built.text;
  EXPECT_TRUE(fs::exists(project / "build/partitions/consumer")) << built.text;
  auto ran = clean(bulkhead() + " run " + quoted(project / "both_vm.aadl") + " --frames 3 --time-scale 0.05 --vm=process");
  ASSERT_EQ(ran.status, 0) << ran.text;
  EXPECT_EQ(received(ran.text), kThreeFrames) << ran.text;
  auto simulated = clean(bulkhead() + " sim " + quoted(project / "both_vm.aadl") + " --frames 3");
  ASSERT_EQ(simulated.status, 0) << simulated.text;
  EXPECT_EQ(received(simulated.text), kThreeFrames) << simulated.text;
}

TEST_F(Installed, ANewProjectWithoutAnExampleGetsGensSkeletons) {
  const fs::path project = root / "skeleton";
  auto created = clean(bulkhead() + " new " + quoted(project));
  ASSERT_EQ(created.status, 0) << created.text;
  EXPECT_EQ(created.text, "wrote project skeleton in " + project.string() +
                              ": both_vm.aadl (2 partitions), behaviour/ (skeletons), CMakeLists.txt, README.md\n");
  for (const char* file : {"both_vm.aadl", "domain_schedule.c", "behaviour/producer_t_i.hpp",
                           "behaviour/producer_t_i.cpp", "behaviour/consumer_t_i.hpp", "behaviour/consumer_t_i.cpp",
                           "CMakeLists.txt", "README.md"})
    EXPECT_TRUE(fs::exists(project / file)) << file;
  EXPECT_NE(readText(project / "behaviour/producer_t_i.cpp"),
            readText(fs::path(BULKHEAD_SOURCE_DIR) / "examples/both_vm/behaviour/producer_t_i.cpp"));
  const std::string cmake = readText(project / "CMakeLists.txt");
  EXPECT_NE(cmake.find("find_package(bulkhead REQUIRED)\n"), std::string::npos) << cmake;
  EXPECT_NE(cmake.find("  PARTITIONS producer consumer\n"), std::string::npos) << cmake;
  const std::string readme = readText(project / "README.md");
  EXPECT_TRUE(readme.starts_with("# skeleton\n\n```sh\ncmake -S . -B build -DCMAKE_PREFIX_PATH=" + prefix.string() +
                                 " && cmake --build build\n" + (prefix / "bin/bulkhead").string() +
                                 " run both_vm.aadl --frames 12\n```\n"))
      << readme;
}

TEST_F(Installed, NewRefusesANonEmptyDirectoryAndAnUnknownExample) {
  const fs::path taken = root / "taken";
  fs::create_directories(taken);
  std::ofstream(taken / "file") << "x";
  auto r = clean(bulkhead() + " new " + quoted(taken));
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.text, "error: " + taken.string() + " exists and is not an empty directory\n");
  auto unknown = clean(bulkhead() + " new " + quoted(root / "nope") + " --example no_such_example");
  EXPECT_EQ(unknown.status, 1);
  EXPECT_TRUE(unknown.text.starts_with("error: no example no_such_example (examples: both_vm, both_vm_distributed, data_port, "))
      << unknown.text;
  EXPECT_FALSE(fs::exists(root / "nope"));
}

}  // namespace
