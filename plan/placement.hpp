#pragma once
// Placement (design section 7b): which node (processor) runs each
// partition, which bus carries each channel between nodes. Processes are
// grouped by the processor they are bound to (Actual_Processor_Binding,
// through virtual processors); a model whose processes run on one
// processor, or on none named, is one node and its Plan has no placement.
// A connection whose ends run on two processors is a remote channel,
// carried by the bus it is bound to (Actual_Connection_Binding) or else by
// the only bus that joins both processors (bus access connections).
#include "model/instance.hpp"
#include "plan/diagnostic.hpp"
#include "plan/plan.hpp"

#include <optional>
#include <string_view>
#include <vector>

namespace bulkhead::plan {

// Fills plan.nodes, plan.buses and plan.remoteChannels from the model;
// `plan` already holds its partitions (in model::components(Process)
// order) and channels. Problems are returned, located.
Diagnostics placePartitions(const model::InstanceModel& model, Plan& plan);

// The nodes run one frame (each enforces its slice of one domain schedule),
// so the processors the processes are bound to must agree on what makes the
// frame: Frame_Period, Clock_Period, CASE_Scheduling's Max_Domain,
// Schedule_Source_Text and Pacing_Method. Returns the first of `processors`
// in model order, whose schedule every node runs; a disagreement is a
// located error in `errors`.
const model::ComponentInstance* frameProcessor(const model::InstanceModel& model,
                                               const std::vector<const model::ComponentInstance*>& processors,
                                               Diagnostics& errors);

// The node that runs a partition (Plan::nodes index); none for a one-node Plan.
std::optional<int> nodeOf(const Plan& plan, int partition);

// Plan::nodes index of the node named `name` (Node::name or its instance
// name, case-insensitive).
std::optional<int> findNode(const Plan& plan, std::string_view name);

}  // namespace bulkhead::plan
