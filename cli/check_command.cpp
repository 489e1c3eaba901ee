#include "cli/commands.hpp"
#include "cli/model_input.hpp"

#include <memory>
#include <string>
#include <vector>

namespace bulkhead::cli {

namespace {

struct CheckOptions {
  std::vector<std::string> files;
  std::string root;
  std::string schedule;
  bool noPlan = false;
};

// What `run` would refuse of a model that instantiates (its schedule file,
// domains, dispatch) is refused by `check` too, unless --no-plan asks for
// the AADL checks alone (what OSATE itself validates).
int checkModel(const CheckOptions& options) {
  model::LoadOptions load;
  load.root = options.root;
  load.requireRoot = false;  // a library package without a system is fine to check
  auto instance = loadModelOrReport(options.files, load);
  if (!instance) return 1;
  if (options.noPlan || !instance->root) return 0;
  plan::PlanOptions planOptions;
  planOptions.root = options.root;
  planOptions.scheduleFile = options.schedule;
  return buildPlanOrReport(*instance, planOptions) ? 0 : 1;
}

}  // namespace

// Parses, resolves, instantiates and checks, then plans the instance as
// `run` would; silent on a good model.
void addCheckCommand(CLI::App& app, int& exitStatus) {
  auto options = std::make_shared<CheckOptions>();
  auto* cmd = app.add_subcommand("check", "Parse and check an AADL model and what running it needs (silent and exit 0 when it is good)");
  cmd->add_option("files", options->files, "The model's .aadl files, or one OSATE/HAMR instance file (.json)")->required();
  cmd->add_option("--root", options->root, "The system implementation to instantiate (pkg::top.impl or top.impl)");
  cmd->add_option("--schedule", options->schedule,
                  "The domain schedule from FILE, as for run (microkit.schedule.xml or a ksDomSchedule[] C file)");
  cmd->add_flag("--no-plan", options->noPlan,
                "Check the AADL alone (as OSATE does), not what running it needs (schedule, domains, dispatch)");
  cmd->callback([options, &exitStatus] { exitStatus = checkModel(*options); });
}

}  // namespace bulkhead::cli
