#include "plan/health_policy.hpp"

#include "model/text_util.hpp"

#include <algorithm>
#include <iterator>
#include <string>
#include <utility>

namespace bulkhead::plan {
namespace {

constexpr std::string_view kSet = "Bulkhead";

// Where the property is written, or the process when only its default applies.
SourceLocation whereWritten(const model::ComponentInstance& process, std::string_view name) {
  const model::PropertyAssociation* a = process.properties.find(kSet, name);
  return a && !a->isDefault ? a->location : process.location;
}

}  // namespace

HealthPolicy healthPolicyOf(const model::ComponentInstance& process, PartitionKind kind, Diagnostics& errors) {
  HealthPolicy policy;
  if (const model::PropertyValue* v = process.lookup(kSet, "Health_Policy")) {
    const auto literal = v->asEnumeration();
    constexpr std::pair<std::string_view, HealthAction> kActions[] = {{"Report", HealthAction::Report},
                                                                      {"Restart", HealthAction::Restart},
                                                                      {"Stop_Partition", HealthAction::StopPartition},
                                                                      {"Stop_System", HealthAction::StopSystem}};
    const auto* found = std::find_if(std::begin(kActions), std::end(kActions), [&](const auto& a) {
      return literal && model::equalsIgnoreCase(*literal, a.first);
    });
    if (found == std::end(kActions)) {
      errors.items.push_back(makeError(whereWritten(process, "Health_Policy"),
                                       "process '" + process.name + "' has Bulkhead::Health_Policy " +
                                           (literal ? std::string(*literal) : std::string("of the wrong type")) +
                                           ", which is not Report, Restart, Stop_Partition or Stop_System"));
      return policy;
    }
    policy.action = found->second;
  }
  if (const model::PropertyValue* v = process.lookup(kSet, "Restart_Limit")) {
    const auto limit = v->asInteger();
    if (!limit || *limit < 0 || *limit > 1000) {
      errors.items.push_back(makeError(whereWritten(process, "Restart_Limit"),
                                       "process '" + process.name +
                                           "' has a Bulkhead::Restart_Limit that is not a number of restarts from 0 "
                                           "to 1000"));
      return policy;
    }
    policy.restartLimit = static_cast<std::uint32_t>(*limit);
  }
  if (policy.action == HealthAction::Restart && kind == PartitionKind::VirtualMachine)
    errors.items.push_back(makeError(whereWritten(process, "Health_Policy"),
                                     "process '" + process.name +
                                         "' is a virtual machine: Bulkhead::Health_Policy => Restart is for native "
                                         "partitions (use Stop_Partition, Stop_System or Report)"));
  return policy;
}

}  // namespace bulkhead::plan
