#include "cli/commands.hpp"
#include "cli/numeric_option.hpp"
#include "cli/scratch_directory.hpp"
#include "codegen/microkit_build.hpp"
#include "plan/build_plan.hpp"
#include "plan/plan_json.hpp"
#include "sim/sim_session.hpp"

#include <iostream>
#include <memory>
#include <optional>
#include <unistd.h>

namespace bulkhead::cli {

namespace {

struct SimOptions {
  std::vector<std::string> files;
  std::string root;
  std::string schedule;
  std::uint64_t frames = 10;
  std::string trace;
  std::string step;
  std::string module;
  std::string hamrMicrokit;
};

}  // namespace

// Runs the model's Plan in virtual time, in this process (sim/).
void addSimCommand(CLI::App& app, int& exitStatus) {
  auto options = std::make_shared<SimOptions>();
  auto* cmd = app.add_subcommand(
      "sim", "Run a model in virtual time, in one process, deterministically (same behaviour code as run)");
  cmd->add_option("files", options->files, "The model's .aadl files, or one OSATE/HAMR instance file (.json)")->required();
  cmd->add_option("--root", options->root, "The system implementation to instantiate (pkg::top.impl or top.impl)");
  cmd->add_option("--schedule", options->schedule, "The domain schedule from FILE (microkit.schedule.xml or a ksDomSchedule[] C file) instead of the model's");
  cmd->add_option("--frames", options->frames, "Frames (Frame_Period each) to simulate, 1..2^32")
      ->check(countIn(kMinFrames, kMaxFrames))
      ->capture_default_str();
  cmd->add_option("--trace", options->trace, "Write a Chrome trace-event JSON file (Perfetto, chrome://tracing)");
  cmd->add_option("--step", options->step,
                  "Pause after each slot (--step or --step=slot) or frame (--step=frame); shows the ports")
      ->expected(0, 1)
      ->check(CLI::IsMember({"", "slot", "frame"}));
  cmd->add_option("--module", options->module,
                  "The model's simulation module (default: models/<model>.sim.so next to bulkhead)");
  cmd->add_option("--hamr-microkit", options->hamrMicrokit,
                  "HAMR Microkit output folder: simulate its C user code (components/*/src/*_user.c), "
                  "built into a simulation module now; its microkit.schedule.xml is the schedule unless --schedule or "
                  "the model names one")
      ->check(CLI::ExistingDirectory);
  cmd->callback([options, cmd, &exitStatus] {
    sim::SessionOptions session;
    session.files.assign(options->files.begin(), options->files.end());
    session.planOptions = codegen::withMicrokitSchedule(plan::PlanOptions{options->root, options->schedule},
                                                        options->hamrMicrokit);
    session.frames = options->frames;
    if (!options->trace.empty()) session.trace = options->trace;
    if (cmd->count("--step") > 0) session.step = options->step.empty() ? "slot" : options->step;
    if (!options->module.empty()) session.module = options->module;
    session.executableDir = ownDirectory();
    // --hamr-microkit: the module is built now from the user's C code, the
    // same way `run --hamr-microkit` builds the partition programs.
    std::optional<ScratchDirectory> scratch;
    if (!options->hamrMicrokit.empty()) {
      std::vector<std::filesystem::path> files(options->files.begin(), options->files.end());
      // The Plan the session builds (--schedule, the folder's schedule), so
      // the module carries its fingerprint.
      auto plan = plan::loadPlan(files, session.planOptions);
      if (plan) {  // otherwise the session reports the model's errors
        auto cRuntime = codegen::findCRuntime(session.executableDir);
        auto directory = ScratchDirectory::create("microkit-sim");
        if (!cRuntime || !directory) {
          std::cerr << "bulkhead: " << (cRuntime ? directory.error() : cRuntime.error()) << "\n";
          exitStatus = 2;
          return;
        }
        scratch.emplace(std::move(*directory));
        auto module = codegen::buildMicrokitSimModule(
            *plan, plan::fingerprint(*plan),
            codegen::MicrokitBuildOptions{.hamrDir = options->hamrMicrokit, .workDir = scratch->path(), .cRuntimeDir = *cRuntime});
        if (!module) {
          std::cerr << module.error() << "\n";
          exitStatus = 1;
          return;
        }
        for (const std::string& note : module->notes) std::cerr << "bulkhead: note: " << note << "\n";
        session.cModule = module->module;
      }
    }
    session.colour = isatty(STDERR_FILENO) != 0;
    exitStatus = sim::runSession(session, std::cin);
  });
}

}  // namespace bulkhead::cli
