// bulkhead plan MODEL... [--root X] [--json]: the Plan as a table (with the
// domain schedule as a timeline) or as JSON.
#include "cli/commands.hpp"
#include "plan/build_plan.hpp"
#include "plan/plan_json.hpp"
#include "plan/plan_text.hpp"

#include <cstdio>
#include <memory>
#include <string>
#include <unistd.h>
#include <vector>

namespace bulkhead::cli {

namespace {

struct PlanOptions {
  std::vector<std::string> files;
  std::string root;
  bool json = false;
};

int runPlan(const PlanOptions& options) {
  std::vector<std::filesystem::path> files(options.files.begin(), options.files.end());
  plan::Diagnostics warnings;
  auto result = plan::loadPlan(files, options.root, &warnings);
  const bool colour = isatty(STDERR_FILENO) != 0;
  if (!result) {
    std::fputs(model::render(result.error(), colour).c_str(), stderr);
    return 1;
  }
  std::fputs(model::render(warnings, colour).c_str(), stderr);
  std::string text = options.json ? plan::toJson(*result).dump(2) + "\n" : plan::planText(*result);
  std::fputs(text.c_str(), stdout);
  return 0;
}

}  // namespace

void addPlanCommand(CLI::App& app, int& exitStatus) {
  auto options = std::make_shared<PlanOptions>();
  auto* cmd = app.add_subcommand("plan", "Show the Plan: partitions, channels and the domain schedule");
  cmd->add_option("MODEL", options->files, "AADL files of the model")->required();
  cmd->add_option("--root", options->root, "Root system implementation (pkg::top.impl or top.impl)");
  cmd->add_flag("--json", options->json, "Print the Plan as JSON");
  cmd->callback([options, &exitStatus] { exitStatus = runPlan(*options); });
}

}  // namespace bulkhead::cli
