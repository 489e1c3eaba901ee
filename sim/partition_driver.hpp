#pragma once
// What the simulator drives: one partition's code, in the simulator's own
// process. The simulator decides WHEN (virtual time, windows, the pacer,
// the order of partitions); the driver does WHAT with the runtime's own
// dispatcher (runtime_partition_driver.hpp): take the pacer tick, decide
// which threads are due (periods, minimum inter-arrival), freeze, run the
// entry points, publish. The same dispatcher runs inside every partition
// program under `bulkhead run`, so both agree on what a partition does.
#include "sim/sim_observer.hpp"

#include <cstdint>
#include <expected>
#include <optional>
#include <span>
#include <string>
#include <utility>

namespace bulkhead::sim {

struct SimError {
  std::string message;  // complete sentence naming the partition/thread concerned
};
using SimStatus = std::expected<void, SimError>;

inline std::unexpected<SimError> simError(std::string message) { return std::unexpected(SimError{std::move(message)}); }

// A port event seen while the driver ran, for the observer. The bytes it
// points to stay valid until the driver's next call.
struct PortActivity {
  enum class Kind : std::uint8_t { Received, Sent, Dropped };
  Kind kind = Kind::Sent;
  PortEvent event;
  std::uint64_t dropped = 0;  // Kind::Dropped: how many
};

struct StepOutcome {
  // Threads dispatched, in the order they ran (each at most once a step).
  std::span<const int> dispatched;
  // What they received, dropped and sent, in order (only while recording).
  std::span<const PortActivity> activity;
  // A sporadic thread with input that its minimum inter-arrival holds back
  // until then.
  std::optional<Nanoseconds> nextDue;
};

class PartitionDriver {
 public:
  virtual ~PartitionDriver() = default;

  // `initialise` of every thread, in thread order (may put, not get). The
  // outcome lists no dispatches, only what initialise sent.
  virtual std::expected<StepOutcome, SimError> initialise() = 0;

  // The pacer puts `tick` on this partition's period queue and notifies it.
  virtual void enqueueTick(std::uint8_t tick) = 0;

  // The partition is released at `now`: take the pending tick, dispatch
  // every due thread once, in thread order.
  virtual std::expected<StepOutcome, SimError> step(Nanoseconds now) = 0;

  // `finalise` of every thread, in thread order.
  virtual SimStatus finalise() = 0;

  // The partition's ports and what their channels hold, one line per port,
  // for stepping (`bulkhead sim --step`).
  virtual std::string describePorts() const = 0;

  // Whether to collect PortActivity (costs time; on while tracing).
  void setRecording(bool on) { recording_ = on; }
  bool recording() const { return recording_; }

 private:
  bool recording_ = false;
};

}  // namespace bulkhead::sim
