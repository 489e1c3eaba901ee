// `bulkhead gen`: typed component APIs, partition programs and skeleton
// behaviour from a model's Plan (codegen/generate.hpp describes the files).
#include "cli/commands.hpp"
#include "codegen/generate.hpp"
#include "codegen/generate_c.hpp"
#include "codegen/microkit_build.hpp"
#include "plan/build_plan.hpp"
#include "plan/plan_json.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace bulkhead::cli {

namespace {

struct GenArguments {
  std::vector<std::string> models;
  std::string planJson;
  std::string root;
  std::string schedule;
  std::string outputDir;
  std::string behaviourDir;
  bool requireBehaviour = false;
  std::vector<std::string> partitions;
  std::string lang = "cpp";
  std::string programs;   // --lang c: link the C partitions' programs here
  std::string simModule;  // --lang c: and their simulation module
};

// --programs / --sim-module: the C partitions built from the user code in
// --behaviour-dir as `run --hamr-microkit` builds them, for the CMake
// function (cmake/Bulkhead.cmake) and other build systems.
int buildC(const GenArguments& args, const plan::Plan& plan) {
  if (args.behaviourDir.empty()) {
    std::fprintf(stderr, "error: --programs and --sim-module need --behaviour-dir, the folder of the C user code\n");
    return 1;
  }
  auto cRuntime = codegen::findCRuntime(ownDirectory());
  if (!cRuntime) {
    std::fprintf(stderr, "error: %s\n", cRuntime.error().c_str());
    return 1;
  }
  const codegen::MicrokitBuildOptions options{.hamrDir = args.behaviourDir,
                                              .workDir = std::filesystem::path(args.outputDir) / "build",
                                              .cRuntimeDir = *cRuntime,
                                              .programsDir = args.programs,
                                              .moduleFile = args.simModule};
  std::vector<std::string> built;
  std::vector<std::string> notes;
  if (!args.programs.empty()) {
    auto build = codegen::buildMicrokitPartitions(plan, plan::fingerprint(plan), options);
    if (!build) {
      std::fprintf(stderr, "%s\n", build.error().c_str());
      return 1;
    }
    for (const auto& [name, program] : build->programs) built.push_back(name);
    notes = build->notes;
  }
  if (!args.simModule.empty()) {
    auto module = codegen::buildMicrokitSimModule(plan, plan::fingerprint(plan), options);
    if (!module) {
      std::fprintf(stderr, "%s\n", module.error().c_str());
      return 1;
    }
    built = module->partitions;
    notes = module->notes;
  }
  for (const std::string& note : notes) std::fprintf(stderr, "note: %s\n", note.c_str());
  // The caller builds exactly these partitions from C (bulkhead_add_partitions' PARTITIONS).
  int status = 0;
  for (const std::string& name : args.partitions)
    if (std::find(built.begin(), built.end(), name) == built.end()) {
      std::fprintf(stderr, "error: partition %s has no C user code in %s (components/<process>_<thread>/src/"
                           "<process>_<thread>_user.c for each of its threads)\n",
                   name.c_str(), args.behaviourDir.c_str());
      status = 1;
    }
  for (const std::string& name : built)
    if (!args.partitions.empty() && std::find(args.partitions.begin(), args.partitions.end(), name) == args.partitions.end()) {
      std::fprintf(stderr, "error: partition %s has C user code in %s but is not listed in PARTITIONS\n", name.c_str(),
                   args.behaviourDir.c_str());
      status = 1;
    }
  return status;
}

// --lang c: HAMR Microkit's C API; user skeletons go to --behaviour-dir in
// HAMR's layout (components/<pd>/src/<pd>_user.c).
int runGenC(const GenArguments& args, const plan::Plan& plan) {
  codegen::CGenerateOptions options;
  options.outputDir = args.outputDir;
  options.userDir = args.behaviourDir.empty() ? std::filesystem::path(args.outputDir) : std::filesystem::path(args.behaviourDir);
  options.writeSkeletons = !args.requireBehaviour;
  auto report = codegen::generateC(plan, plan::fingerprint(plan), options);
  if (!report) {
    for (const std::string& message : report.error()) std::fprintf(stderr, "error: %s\n", message.c_str());
    return 1;
  }
  for (const std::string& thread : report->skippedThreads)
    std::fprintf(stderr, "note: thread %s is not C (HAMR::Microkit_Language): no C API generated for it\n", thread.c_str());
  for (const auto& skeleton : report->skeletons) std::printf("wrote skeleton %s\n", skeleton.string().c_str());
  std::printf("generated the HAMR Microkit C API of %zu partition(s) in %s\n", report->partitions.size(),
              args.outputDir.c_str());
  if (!args.programs.empty() || !args.simModule.empty()) return buildC(args, plan);
  return 0;
}

std::expected<plan::Plan, std::string> readPlanJson(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::unexpected(path + ": cannot open");
  nlohmann::json json = nlohmann::json::parse(in, nullptr, false);
  if (json.is_discarded()) return std::unexpected(path + ": not JSON");
  auto plan = plan::planFromJson(json);
  if (!plan) return std::unexpected(path + ": " + plan.error());
  return *plan;
}

int runGen(const GenArguments& args) {
  if (args.models.empty() == args.planJson.empty()) {
    std::fprintf(stderr, "error: give either MODEL files or --plan FILE.json\n");
    return 1;
  }
  std::expected<plan::Plan, std::string> plan;
  if (!args.models.empty()) {
    std::vector<std::filesystem::path> files(args.models.begin(), args.models.end());
    plan::Diagnostics warnings;
    auto loaded = plan::loadPlan(files, plan::PlanOptions{args.root, args.schedule}, &warnings);
    if (!warnings.items.empty()) std::fputs(model::render(warnings).c_str(), stderr);
    if (!loaded) {
      std::fputs(model::render(loaded.error()).c_str(), stderr);
      return 1;
    }
    plan = std::move(*loaded);
  } else {
    plan = readPlanJson(args.planJson);
    if (!plan) {
      std::fprintf(stderr, "error: %s\n", plan.error().c_str());
      return 1;
    }
  }
  if (args.lang == "c") return runGenC(args, *plan);
  codegen::GenerateOptions options;
  options.outputDir = args.outputDir;
  options.behaviourDir = args.behaviourDir;
  options.writeSkeletons = !args.requireBehaviour;
  options.expectedPartitions = args.partitions;
  auto report = codegen::generate(*plan, plan::fingerprint(*plan), options);
  if (!report) {
    for (const std::string& message : report.error()) std::fprintf(stderr, "error: %s\n", message.c_str());
    return 1;
  }
  for (const auto& skeleton : report->skeletons) std::printf("wrote skeleton %s\n", skeleton.string().c_str());
  std::printf("generated %zu partition program(s) in %s (%zu file(s) written, %zu unchanged)\n",
              plan->partitions.size(), args.outputDir.c_str(), report->written.size(), report->unchanged.size());
  return 0;
}

}  // namespace

void addGenCommand(CLI::App& app, int& exitStatus) {
  auto args = std::make_shared<GenArguments>();
  auto* cmd = app.add_subcommand("gen", "Generate typed component APIs, partition programs and skeleton behaviour");
  cmd->add_option("models", args->models, "AADL model files");
  cmd->add_option("--plan", args->planJson, "Read the Plan from JSON (as `bulkhead plan --json` prints) instead of a model");
  cmd->add_option("--root", args->root, "Root system implementation (default: the only one)");
  cmd->add_option("--schedule", args->schedule, "The domain schedule from FILE (microkit.schedule.xml or a ksDomSchedule[] C file) instead of the model's");
  cmd->add_option("-o,--output", args->outputDir, "Output directory for generated code")->required();
  cmd->add_option("--behaviour-dir", args->behaviourDir,
                  "Where behaviour sources live (<stem>.hpp/.cpp per thread classifier); default OUTPUT/behaviour");
  cmd->add_flag("--require-behaviour", args->requireBehaviour,
                "A thread classifier without behaviour files is an error (the build's mode); otherwise a skeleton is written");
  cmd->add_option("--partitions", args->partitions, "The partitions the caller builds; must be exactly the model's")
      ->delimiter(',');
  cmd->add_option("--lang", args->lang,
                  "cpp: typed C++ APIs (default); c: HAMR Microkit's C API, its glue and user skeletons")
      ->check(CLI::IsMember({"cpp", "c"}));
  cmd->add_option("--programs", args->programs,
                  "With --lang c: also compile the user code in --behaviour-dir (HAMR's layout) and link each C "
                  "partition's program into DIR");
  cmd->add_option("--sim-module", args->simModule,
                  "With --lang c: also link the C partitions into this simulation module for `bulkhead sim`");
  cmd->callback([args, &exitStatus] { exitStatus = runGen(*args); });
}

}  // namespace bulkhead::cli
