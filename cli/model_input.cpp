#include "cli/model_input.hpp"

#include "plan/build_plan.hpp"

#include <cstdio>
#include <filesystem>
#include <unistd.h>

namespace bulkhead::cli {

namespace {

std::vector<std::filesystem::path> pathsOf(const std::vector<std::string>& files) {
  return {files.begin(), files.end()};
}

void report(const model::Diagnostics& diagnostics) {
  std::fputs(model::render(diagnostics, isatty(STDERR_FILENO) != 0).c_str(), stderr);
}

}  // namespace

std::optional<model::InstanceModel> loadModelOrReport(const std::vector<std::string>& files,
                                                      const model::LoadOptions& options) {
  auto result = model::loadModel(pathsOf(files), options);
  if (!result) {
    report(result.error());
    return std::nullopt;
  }
  report(result->warnings);
  return std::move(*result);
}

std::optional<plan::Plan> buildPlanOrReport(const model::InstanceModel& instance, const plan::PlanOptions& options) {
  plan::Diagnostics warnings;
  auto result = plan::buildPlan(instance, options, &warnings);
  if (!result) {
    report(result.error());
    return std::nullopt;
  }
  report(warnings);
  return std::move(*result);
}

std::optional<plan::Plan> loadPlanOrReport(const std::vector<std::string>& files, const plan::PlanOptions& options) {
  plan::Diagnostics warnings;
  auto result = plan::loadPlan(pathsOf(files), options, &warnings);
  if (!result) {
    report(result.error());
    return std::nullopt;
  }
  report(warnings);
  return std::move(*result);
}

}  // namespace bulkhead::cli
