#pragma once
// A process's health-monitor policy from the Bulkhead property set
// (docs/design.md section 7), checked: a known action, a restart limit in
// range, and no Restart for a virtual machine (its guest would boot anew).
#include "model/instance.hpp"
#include "plan/diagnostic.hpp"
#include "plan/plan.hpp"

namespace bulkhead::plan {

HealthPolicy healthPolicyOf(const model::ComponentInstance& process, PartitionKind kind, Diagnostics& errors);

}  // namespace bulkhead::plan
