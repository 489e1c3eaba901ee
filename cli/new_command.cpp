// `bulkhead new DIR [--example NAME]`: a project outside bulkhead's source
// tree, built against an installed bulkhead (find_package(bulkhead)):
//   <model>.aadl and the example's other files (its domain schedule)
//   behaviour/   gen's skeletons, or with --example the example's own behaviour
//   CMakeLists.txt  bulkhead_add_partitions over the model's processes
//   README.md    the project's two commands (build, run)
// The model comes from the installed examples (<prefix>/share/bulkhead/
// examples/<NAME>, both_vm unless --example names another).
#include "cli/commands.hpp"
#include "cli/model_input.hpp"
#include "codegen/generate.hpp"
#include "plan/plan_json.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace bulkhead::cli {
namespace {

namespace fs = std::filesystem;

constexpr char kDefaultExample[] = "both_vm";

struct NewOptions {
  std::string directory;
  std::string example;
};

fs::path executableDirectory() {
  std::error_code ec;
  auto self = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::current_path() : self.parent_path();
}

// <prefix>/share/bulkhead/examples for an installed bulkhead (<prefix>/bin),
// <build>/share/bulkhead/examples for one in its build tree.
std::optional<fs::path> examplesDirectory() {
  const fs::path self = executableDirectory();
  for (const fs::path& candidate : {self.parent_path() / "share/bulkhead/examples", self / "share/bulkhead/examples"}) {
    std::error_code ec;
    if (fs::is_directory(candidate, ec)) return fs::canonical(candidate, ec);
  }
  return std::nullopt;
}

std::vector<std::string> exampleNames(const fs::path& examples) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(examples, ec))
    if (entry.is_directory() && fs::exists(entry.path() / (entry.path().filename().string() + ".aadl")))
      names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// A CMake target prefix from the directory's name: letters, digits, '_'.
std::string projectName(const fs::path& directory) {
  std::string base = directory.filename().string();
  if (base.empty() || base == "." || base == "..") base = fs::absolute(directory).lexically_normal().parent_path().filename().string();
  std::string name;
  for (char c : base) name += (std::isalnum(static_cast<unsigned char>(c)) != 0) ? c : '_';
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name.front())) != 0) name = "project_" + name;
  return name;
}

bool writeText(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  return static_cast<bool>(out);
}

// Where find_package(bulkhead) finds this bulkhead, for the README's
// commands: its build tree (a bulkheadConfig.cmake beside the executable),
// else its install prefix; nothing to say for the usual prefixes.
std::optional<fs::path> nonStandardPrefix() {
  const fs::path self = executableDirectory();
  std::error_code ec;
  if (fs::exists(self / "bulkheadConfig.cmake", ec)) return self;
  fs::path prefix = self.parent_path();
  if (prefix == "/usr" || prefix == "/usr/local") return std::nullopt;
  return prefix;
}

// The bulkhead the README runs: this one, by name when on the usual paths.
std::string bulkheadCommand() {
  if (!nonStandardPrefix()) return "bulkhead";
  std::error_code ec;
  auto self = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("bulkhead") : self.string();
}

std::string cmakeListsText(const std::string& name, const std::string& model, const plan::Plan& plan, bool isStatic) {
  std::string partitions;
  for (const auto& p : plan.partitions) partitions += " " + p.name;
  std::string text =
      "# " + name + ": one partition program per AADL process of " + model +
      ", built by bulkhead's CMake function\n"
      "# from the model and the behaviour in behaviour/ (bulkhead_add_partitions: see\n"
      "# <bulkhead prefix>/lib/cmake/bulkhead/Bulkhead.cmake). `bulkhead run " + model +
      "` finds the programs\n"
      "# through build/bulkhead-manifests/" + name + ".json.\n"
      "cmake_minimum_required(VERSION 3.25)\n"
      "project(" + name + " LANGUAGES CXX)\n\n"
      "find_package(bulkhead REQUIRED)\n"
      "bulkhead_add_partitions(" + name + "\n"
      "  MODEL " + model + "\n"
      "  PARTITIONS" + partitions + "\n"
      "  BEHAVIOUR_DIR behaviour" +
      (isStatic ? ("\n  STATIC)  # the programs also run inside VM guests, which have no shared libraries\n")
                : std::string(")\n")) +
      "# The same partitions in one shared object, build/models/" + name + ".sim.so, for `bulkhead sim`.\n"
      "bulkhead_add_sim_module(" + name + ")\n";
  return text;
}

std::string readmeText(const std::string& name, const std::string& model, const std::string& example,
                       bool copiedBehaviour) {
  auto prefix = nonStandardPrefix();
  const std::string configure = prefix ? " -DCMAKE_PREFIX_PATH=" + prefix->string() : "";
  const std::string bulkhead = bulkheadCommand();
  std::string text = "# " + name + "\n\n```sh\n"
                     "cmake -S . -B build" + configure + " && cmake --build build\n" +
                     bulkhead + " run " + model + " --frames 12\n```\n\n";
  text += "The first command builds one partition program per AADL process of `" + model +
          "` from the behaviour in `behaviour/`; the second runs the system for 12 frames under the domain schedule "
          "the model names. `" + bulkhead + " sim " + model + "` runs it in virtual time, `" + bulkhead + " plan " +
          model + "` shows the partitions, channels and schedule.\n\n";
  if (copiedBehaviour)
    text += "The model and the behaviour are bulkhead's example `" + example + "`.\n";
  else
    text += "The model is bulkhead's example `" + example +
            "`; the behaviour files are `bulkhead gen`'s skeletons: one class per thread, whose entry points "
            "(initialise, compute, finalise) are yours to fill in.\n";
  text += "\n`bulkhead run` finds the programs through `build/bulkhead-manifests/`, whose paths are relative: the "
          "project can be moved or copied with its build. `--build DIR` names another build directory.\n";
  return text;
}

// The model and its neighbours (the domain schedule); the example's own
// CMakeLists.txt belongs to bulkhead's tree.
bool copyModelFiles(const fs::path& source, const fs::path& directory) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(source, ec)) {
    if (!entry.is_regular_file() || entry.path().filename() == "CMakeLists.txt") continue;
    fs::copy_file(entry.path(), directory / entry.path().filename(), ec);
    if (ec) {
      std::fprintf(stderr, "error: cannot copy %s: %s\n", entry.path().c_str(), ec.message().c_str());
      return false;
    }
  }
  return true;
}

bool copyBehaviourDirectory(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::copy(from, to, fs::copy_options::recursive, ec);
  if (ec) std::fprintf(stderr, "error: cannot copy %s: %s\n", from.c_str(), ec.message().c_str());
  return !ec;
}

// gen's skeletons; the generated code itself is the build's business.
bool writeSkeletons(const plan::Plan& plan, const fs::path& behaviour) {
  std::string scratch = (fs::temp_directory_path() / "bulkhead-new-XXXXXX").string();
  if (::mkdtemp(scratch.data()) == nullptr) {
    std::fprintf(stderr, "error: cannot create a temporary directory\n");
    return false;
  }
  codegen::GenerateOptions gen;
  gen.outputDir = scratch;
  gen.behaviourDir = behaviour;
  auto report = codegen::generate(plan, plan::fingerprint(plan), gen);
  std::error_code ec;
  fs::remove_all(scratch, ec);
  if (!report) {
    for (const std::string& message : report.error()) std::fprintf(stderr, "error: %s\n", message.c_str());
    return false;
  }
  return true;
}

int runNew(const NewOptions& options) {
  const fs::path directory = options.directory;
  std::error_code ec;
  if (fs::exists(directory, ec) && !(fs::is_directory(directory, ec) && fs::is_empty(directory, ec))) {
    std::fprintf(stderr, "error: %s exists and is not an empty directory\n", directory.c_str());
    return 1;
  }
  auto examples = examplesDirectory();
  if (!examples) {
    std::fprintf(stderr, "error: bulkhead's examples are not installed next to it (no share/bulkhead/examples beside %s)\n",
                 executableDirectory().c_str());
    return 1;
  }
  const std::string example = options.example.empty() ? kDefaultExample : options.example;
  const fs::path source = *examples / example;
  const std::string model = example + ".aadl";
  if (example.find('/') != std::string::npos || !fs::exists(source / model, ec)) {
    std::string known;
    for (const auto& name : exampleNames(*examples)) known += (known.empty() ? "" : ", ") + name;
    std::fprintf(stderr, "error: no example %s (examples: %s)\n", example.c_str(), known.c_str());
    return 1;
  }

  fs::create_directories(directory, ec);
  if (ec) {
    std::fprintf(stderr, "error: cannot create %s: %s\n", directory.c_str(), ec.message().c_str());
    return 1;
  }
  if (!copyModelFiles(source, directory)) return 1;
  auto plan = loadPlanOrReport({(directory / model).string()}, "");
  if (!plan) return 1;

  const bool copyBehaviour = !options.example.empty();
  const fs::path behaviour = directory / "behaviour";
  if (copyBehaviour ? !copyBehaviourDirectory(source / "behaviour", behaviour) : !writeSkeletons(*plan, behaviour))
    return 1;

  bool anyVm = false;
  for (const auto& p : plan->partitions) anyVm = anyVm || p.kind == plan::PartitionKind::VirtualMachine;
  const std::string name = projectName(directory);
  if (!writeText(directory / "CMakeLists.txt", cmakeListsText(name, model, *plan, anyVm)) ||
      !writeText(directory / "README.md", readmeText(name, model, example, copyBehaviour)) ||
      !writeText(directory / ".gitignore", "/build/\n")) {
    std::fprintf(stderr, "error: cannot write the project files in %s\n", directory.c_str());
    return 1;
  }
  std::printf("wrote project %s in %s: %s (%zu partitions), behaviour/ (%s), CMakeLists.txt, README.md\n",
              name.c_str(), directory.c_str(), model.c_str(), plan->partitions.size(),
              copyBehaviour ? ("example " + example + "'s").c_str() : "skeletons");
  return 0;
}

}  // namespace

void addNewCommand(CLI::App& app, int& exitStatus) {
  auto options = std::make_shared<NewOptions>();
  auto* cmd = app.add_subcommand(
      "new", "Write a project outside bulkhead's tree: model, schedule, behaviour, CMakeLists.txt, README.md");
  cmd->add_option("DIR", options->directory, "The project's directory (new, or empty)")->required();
  cmd->add_option("--example", options->example,
                  "Start from this example with its own behaviour (default: both_vm's model with gen's skeletons)");
  cmd->callback([options, &exitStatus] { exitStatus = runNew(*options); });
}

}  // namespace bulkhead::cli
