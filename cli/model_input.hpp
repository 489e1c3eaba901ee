#pragma once
// Loading the AADL files named on the command line, for the verbs that read
// a model: the diagnostics go to standard error (coloured on a terminal),
// errors and warnings alike, so each verb only deals with a loaded result.
#include "model/load.hpp"
#include "plan/build_plan.hpp"
#include "plan/plan.hpp"

#include <optional>
#include <string>
#include <vector>

namespace bulkhead::cli {

// The instance model, its warnings printed; nullopt once the errors are printed.
std::optional<model::InstanceModel> loadModelOrReport(const std::vector<std::string>& files,
                                                      const model::LoadOptions& options);

// The Plan of a loaded instance (plan::buildPlan), its warnings printed;
// nullopt once the errors are printed.
std::optional<plan::Plan> buildPlanOrReport(const model::InstanceModel& instance, const plan::PlanOptions& options);

// The Plan (plan::loadPlan), its warnings printed; nullopt once the errors are printed.
std::optional<plan::Plan> loadPlanOrReport(const std::vector<std::string>& files, const plan::PlanOptions& options);

}  // namespace bulkhead::cli
