#pragma once
// One thread's view of its ports during an entry point: the values frozen
// at dispatch, and the outputs it has put, held until the entry point
// returns (design section 3, Freeze). The generated typed API
// (codegen/) is a thin layer of encode/decode over this class.
#include "runtime/log_sink.hpp"
#include "runtime/partition_spec.hpp"
#include "runtime/payload.hpp"
#include "runtime/port_end.hpp"

#include <cstdint>
#include <string>
#include <string_view>
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
  OutSlot& outSlot(int port) { return outs_[static_cast<std::size_t>(port)]; }
  void clearInputs();

 private:
  bool checkPort(int port, Direction direction, std::string_view operation);

  const ThreadSpec& spec_;
  LogSink& sink_;
  std::string artName_;
  Phase phase_ = Phase::Registered;
  std::vector<InSlot> ins_;
  std::vector<OutSlot> outs_;
  std::uint64_t refusedGets_ = 0;
  Payload scratch_;  // for misuse (wrong port): keeps put() total
};

}  // namespace bulkhead::runtime
