#pragma once
// One thread's view of its ports during an entry point: the values frozen
// at dispatch, and the outputs it has put, held until the entry point
// returns (design section 3, Freeze). The generated typed API
// (codegen/) is a thin layer of encode/decode over this class.
#include "contract/health_report.hpp"
#include "runtime/log_sink.hpp"
#include "runtime/partition_spec.hpp"
#include "runtime/payload.hpp"
#include "runtime/port_end.hpp"
#include "runtime/runtime_error.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bulkhead::runtime {

enum class Phase { Registered, Initialising, Dispatching, Finalising };

class ThreadContext {
 public:
  ThreadContext(const ThreadSpec& spec, LogSink& sink);

  const ThreadSpec& spec() const { return spec_; }
  const std::string& name() const { return artName_; }
  Phase phase() const { return phase_; }
  void setPhase(Phase phase) { phase_ = phase; }

  // --- inputs (valid only while dispatching) ---------------------------
  // The value frozen for in port `port` (event data or data), or nullptr if
  // none; in `initialise` every get is refused (logged as an error).
  const Payload* get(int port);
  // Data ports: whether the frozen value was written since the last read.
  bool isFresh(int port) const;
  // Event ports: events frozen at this dispatch. Event data and event
  // ports: elements dropped before this dispatch.
  std::uint64_t events(int port);
  std::uint64_t dropped(int port) const;
  std::uint64_t refusedGets() const { return refusedGets_; }

  // --- live inputs (behaviour that dequeues itself, Component::dequeuesLive)
  // Takes the next input of in port `port` now, into liveValue(port): one
  // element of an event data queue, one event of an event port (the events
  // counted at the end's last look, up to Queue_Size, are handed out one per
  // call), a data port's current value (`fresh` when new since the last
  // take). Refused outside a dispatch, like get(). An error of the channel
  // is kept for the dispatcher (liveError) and the take reports nothing.
  FreezeResult takeLive(int port);
  const Payload& liveValue(int port) const { return ins_[static_cast<std::size_t>(port)].value; }
  // Whether in port `port` holds input a take would return (events already
  // counted, or new input in the channel). Does not consume.
  bool hasLiveInput(int port) const;
  std::optional<RuntimeError> takeLiveError() { return std::exchange(liveError_, std::nullopt); }

  // --- outputs (published when the entry point returns) ----------------
  // A buffer to encode the next value of out port `port` into. Event data
  // ports queue every put in order; a data port keeps the last; an event
  // port counts puts (the returned buffer is then unused).
  Payload& put(int port);
  // Takes back the last put on `port` (a value that could not be encoded:
  // logged by the caller, never published half-made).
  void cancelPut(int port);

  // --- logging -----------------------------------------------------------
  void logInfo(std::string_view message);
  void logDebug(std::string_view message);
  void logError(std::string_view message);
  // The health report of an Overflow_Handling_Protocol Error drop on in
  // port `port`: a record on the partition's health channel
  // (contract/health_report.hpp) when it has one, else an error line.
  void reportOverflowError(int port, std::uint64_t dropped);
  // A line exactly as given, on stdout (for output formats fixed by others,
  // e.g. the seed's "vmconsumer: Received ..." lines).
  void print(std::string_view line);
  LogSink& sink() { return sink_; }

  // --- used by the dispatcher --------------------------------------------
  struct InSlot {
    Payload value;
    FreezeResult frozen;
  };
  struct OutSlot {
    std::vector<Payload> queued;   // event data: puts in order (first `count` valid)
    std::size_t count = 0;         // puts since the last publish
    std::uint64_t maxBits = 0;
  };
  InSlot& inSlot(int port) { return ins_[static_cast<std::size_t>(port)]; }
  // The channel ends of the in ports (null where unconnected), for takeLive.
  void bindInputs(std::vector<InPortEnd*> ends) { liveEnds_ = std::move(ends); }
  OutSlot& outSlot(int port) { return outs_[static_cast<std::size_t>(port)]; }
  void clearInputs();
  // Where health records go (null: none), and this thread's index in its
  // partition, which the records name.
  void bindHealth(contract::HealthChannelWriter* health, std::uint32_t thread) {
    health_ = health;
    threadIndex_ = thread;
  }
  // The dispatch under way (1-based), which the records carry.
  void setDispatch(std::uint64_t dispatch) { dispatch_ = dispatch; }

 private:
  bool checkPort(int port, Direction direction, std::string_view operation);

  const ThreadSpec& spec_;
  LogSink& sink_;
  std::string artName_;
  Phase phase_ = Phase::Registered;
  std::vector<InSlot> ins_;
  std::vector<OutSlot> outs_;
  std::uint64_t refusedGets_ = 0;
  std::vector<InPortEnd*> liveEnds_;
  std::vector<std::uint64_t> liveEvents_;  // event ports: counted, not yet taken
  std::optional<RuntimeError> liveError_;
  Payload scratch_;  // for misuse (wrong port): keeps put() total
  contract::HealthChannelWriter* health_ = nullptr;
  std::uint32_t threadIndex_ = 0;
  std::uint64_t dispatch_ = 0;
};

}  // namespace bulkhead::runtime
