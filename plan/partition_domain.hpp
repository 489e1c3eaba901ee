#pragma once
// The domain of a partition (design section 5), from wherever the model
// states it: CASE_Scheduling::Domain on the process; an entry of
// CASE_Scheduling::Domain_Mapping (on a system or processor) naming the process or one
// of its threads; CASE_Scheduling::Domain on its threads (HAMR Microkit
// gives each thread a domain of its own). A process runs as one partition
// in one domain, so the threads of one process must agree.
#include "model/instance.hpp"
#include "plan/diagnostic.hpp"

#include <cstdint>
#include <expected>
#include <map>
#include <optional>
#include <string>

namespace bulkhead::plan {

struct StatedDomain {
  std::int64_t domain = 0;
  SourceLocation location;  // where the model states it
};

// Every CASE_Scheduling::Domain_Mapping entry of the model, by the
// lower-cased qualified instance name of the component it names. Entries
// that name no process or thread, or give no integer domain, are errors.
struct DomainMapping {
  std::map<std::string, StatedDomain> byComponent;
};
std::expected<DomainMapping, Diagnostics> readDomainMapping(const model::InstanceModel& model);

// nullopt when the model states no domain for the process.
std::expected<std::optional<StatedDomain>, Diagnostic> domainOf(const model::ComponentInstance& process,
                                                                const DomainMapping& mapping);

}  // namespace bulkhead::plan
