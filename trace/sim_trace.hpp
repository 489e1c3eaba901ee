#pragma once
// `bulkhead sim --trace FILE`: turns what a simulation does (told as a
// SystemObserver) into a Chrome trace through SystemTrace, the same layout
// `bulkhead run --trace` writes (run_trace.hpp): it pairs each dispatch's
// begin with its end and places sends inside their dispatch.
#include "plan/plan.hpp"
#include "trace/system_observer.hpp"
#include "trace/system_trace.hpp"
#include "trace/trace_writer.hpp"

#include <cstdint>
#include <vector>

namespace bulkhead::trace {

class SimTrace final : public SystemObserver {
 public:
  // Writes the metadata (names, order) at once. `plan` and `writer` must
  // outlive it.
  SimTrace(const plan::Plan& plan, TraceWriter& writer);

  // The id joining a send to one receiver's receive of the same message.
  static std::uint64_t flowId(int channel, int receiver, std::uint64_t sequence) {
    return SystemTrace::flowId(channel, receiver, sequence);
  }

  void slotBegin(const SlotInfo&) override;
  void pacerTick(Nanoseconds, std::uint8_t) override;
  void dispatchBegin(Nanoseconds, int, int) override;
  void dispatchEnd(Nanoseconds, int, int) override;
  void sent(Nanoseconds, const PortEvent&) override;
  void received(Nanoseconds, const PortEvent&) override;
  void dropped(Nanoseconds, const PortEvent&, std::uint64_t) override;
  void overrun(Nanoseconds, int, int) override;

 private:
  SystemTrace trace_;
  std::vector<Nanoseconds> dispatchStart_;   // per partition
  Nanoseconds lastDispatchStart_ = 0;
  Nanoseconds lastDispatchEnd_ = 0;
};

}  // namespace bulkhead::trace
