// bulkhead plan MODEL... [--root X] [--schedule FILE] [--json]: the Plan as a table (with the
// domain schedule as a timeline) or as JSON.
#include "cli/commands.hpp"
#include "cli/model_input.hpp"
#include "plan/plan_json.hpp"
#include "plan/plan_text.hpp"

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace bulkhead::cli {

namespace {

struct PlanOptions {
  std::vector<std::string> files;
  std::string root;
  std::string schedule;
  bool json = false;
};

int runPlan(const PlanOptions& options) {
  auto result = loadPlanOrReport(options.files, {options.root, options.schedule});
  if (!result) return 1;
  std::string text = options.json ? plan::toJson(*result).dump(2) + "\n" : plan::planText(*result);
  std::fputs(text.c_str(), stdout);
  return 0;
}

}  // namespace

void addPlanCommand(CLI::App& app, int& exitStatus) {
  auto options = std::make_shared<PlanOptions>();
  auto* cmd = app.add_subcommand("plan", "Show the Plan: partitions, channels and the domain schedule");
  cmd->add_option("MODEL", options->files, "AADL files of the model, or one OSATE/HAMR instance file (.json)")->required();
  cmd->add_option("--root", options->root, "Root system implementation (pkg::top.impl or top.impl)");
  cmd->add_option("--schedule", options->schedule, "The domain schedule from FILE (microkit.schedule.xml or a ksDomSchedule[] C file) instead of the model's");
  cmd->add_flag("--json", options->json, "Print the Plan as JSON");
  cmd->callback([options, &exitStatus] { exitStatus = runPlan(*options); });
}

}  // namespace bulkhead::cli
