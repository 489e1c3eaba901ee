#pragma once
// From the instance model to a Plan (design section 1): one Partition per
// AADL process, one Channel per semantic connection's source port plus one
// period queue per partition with a periodic thread, and the domain
// schedule from the processor. Every problem found is returned, located.
#include "model/instance.hpp"
#include "plan/diagnostic.hpp"
#include "plan/plan.hpp"

#include <expected>
#include <filesystem>
#include <string>
#include <vector>

namespace bulkhead::plan {

struct PlanOptions {
  std::string root;          // as for `bulkhead check --root`
  // `--schedule FILE`: the domain schedule from this file (either form, see
  // domain_schedule_source.hpp) instead of the one the model names. Kept in
  // DomainSchedule::source as given.
  std::string scheduleFile;
  // The schedule file when neither `scheduleFile` nor the model names one
  // (no Schedule_Source_Text, no ARINC653 module schedule): `--hamr-microkit
  // DIR` gives DIR/microkit.schedule.xml, as HAMR lays its output out. Then
  // the file must exist: a missing one is an error located at
  // `fallbackScheduleOrigin` (the option that gave it), since the generated
  // default would silently run another schedule than seL4 does. Kept in
  // DomainSchedule::source as given.
  std::string fallbackScheduleFile{};
  std::string fallbackScheduleOrigin{};
};

// Warnings of a successful build (e.g. a partition whose window had to be
// guessed) go to `warnings` when given.
std::expected<Plan, Diagnostics> buildPlan(const model::InstanceModel& model, Diagnostics* warnings = nullptr);
std::expected<Plan, Diagnostics> buildPlan(const model::InstanceModel& model, const PlanOptions& options,
                                           Diagnostics* warnings = nullptr);

// Model load (model::loadModel) and buildPlan in one call, for the CLI and
// the stages downstream. `root` as for `bulkhead check --root`. Warnings of
// a successful load and build go to `warnings` when given; on failure the
// error list holds the warnings too, in order.
std::expected<Plan, Diagnostics> loadPlan(const std::vector<std::filesystem::path>& files, const std::string& root = "",
                                          Diagnostics* warnings = nullptr);
std::expected<Plan, Diagnostics> loadPlan(const std::vector<std::filesystem::path>& files, const PlanOptions& options,
                                          Diagnostics* warnings = nullptr);

}  // namespace bulkhead::plan
