#pragma once
// `bulkhead sim --step`: after each slot (or each frame) shows where the
// schedule is and what every channel holds, then waits for a line: empty
// to go on, "c" to run to the end without stopping, "q" to stop here.
#include "plan/plan.hpp"
#include "sim/partition_driver.hpp"
#include "sim/sim_observer.hpp"

#include <istream>
#include <ostream>
#include <vector>

namespace bulkhead::sim {

enum class StepUnit { Slot, Frame };

class StepConsole final : public SimObserver {
 public:
  // `drivers` parallel to plan.partitions; all must outlive the console.
  StepConsole(const plan::Plan& plan, std::vector<const PartitionDriver*> drivers, StepUnit unit,
              std::istream& in, std::ostream& out);

  bool slotEnd(const SlotInfo&) override;

 private:
  const plan::Plan& plan_;
  std::vector<const PartitionDriver*> drivers_;
  StepUnit unit_;
  std::istream& in_;
  std::ostream& out_;
  bool running_ = false;  // "c": no more pauses
};

}  // namespace bulkhead::sim
