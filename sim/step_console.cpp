#include "sim/step_console.hpp"

#include <fmt/format.h>

#include <string>

namespace bulkhead::sim {

StepConsole::StepConsole(const plan::Plan& plan, std::vector<const PartitionDriver*> drivers, StepUnit unit,
                         std::istream& in, std::ostream& out)
    : plan_(plan), drivers_(std::move(drivers)), unit_(unit), in_(in), out_(out) {}

bool StepConsole::slotEnd(const SlotInfo& s) {
  if (running_) return true;
  bool lastOfFrame = s.slot + 1 == static_cast<int>(plan_.schedule.slots.size());
  if (unit_ == StepUnit::Frame && !lastOfFrame) return true;
  Nanoseconds end = s.start + s.length;
  if (unit_ == StepUnit::Frame)
    out_ << fmt::format("-- end of frame {} at {} ms --\n", s.frame, static_cast<double>(end) / 1e6);
  else
    out_ << fmt::format("-- frame {} slot {} (domain {}) {} .. {} ms --\n", s.frame, s.slot, s.domain,
                        static_cast<double>(s.start) / 1e6, static_cast<double>(end) / 1e6);
  for (std::size_t p = 0; p < drivers_.size(); ++p) {
    out_ << fmt::format("{} (domain {}{})\n", plan_.partitions[p].name, plan_.partitions[p].domain,
                        plan_.partitions[p].domain == s.domain ? ", this window" : "");
    out_ << drivers_[p]->describePorts();
  }
  out_ << "[enter: next, c: continue to the end, q: quit] " << std::flush;
  std::string line;
  if (!std::getline(in_, line)) {
    // End of input: run on without pausing rather than spin on a closed stdin.
    running_ = true;
    out_ << "\n";
    return true;
  }
  if (line == "q") return false;
  if (line == "c") running_ = true;
  return true;
}

}  // namespace bulkhead::sim
