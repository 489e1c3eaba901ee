#pragma once
// Where a partition's channel memory comes from and how it waits for
// notifications: the only part of the runtime that differs between a
// native partition (fds from the supervisor), a VM guest (/dev/uioN) and
// the simulator (memory in its own process). Channels are numbered in the
// team's hand-over order: connected ports in Plan order, then the period
// queue (partition_spec.hpp).
#include "channel/notification.hpp"
#include "runtime/partition_spec.hpp"
#include "runtime/runtime_error.hpp"

#include <cstddef>
#include <expected>
#include <optional>
#include <span>

namespace bulkhead::runtime {

enum class Access { Send, Receive };

struct Attachment {
  std::span<const std::byte> memory;   // the channel's region, as mapped
  std::span<std::byte> writable;       // the same, writable: senders only (empty for receivers)
  channel::Notifier* notifier = nullptr;  // rings the receivers after a write; owned by the transport
};

enum class WaitOutcome { Notified, TimedOut, Stopped };

class Transport {
 public:
  virtual ~Transport() = default;
  // The channel at `handover` in the hand-over order, for sending or
  // receiving, of the port category given (a VM guest names it as it sets
  // the channel up).
  virtual std::expected<Attachment, RuntimeError> attach(int handover, Access access, PortCategory category) = 0;
  // Says which received channels wake the partition (the period queue and
  // the in ports of sporadic threads); others are read at dispatch only.
  virtual Status watch(int handover) = 0;
  // Blocks until a watched channel is notified, `timeout` passes, or the
  // partition is asked to stop.
  virtual std::expected<WaitOutcome, RuntimeError> wait(std::optional<Nanoseconds> timeout) = 0;
  // The partition's health channel (contract/health_report.hpp), which the
  // supervisor hands over after the last channel; empty where there is
  // none (the simulator, a host that does not hand one over).
  virtual std::expected<std::span<std::byte>, RuntimeError> attachHealthChannel() { return std::span<std::byte>(); }
  // The partition's trace ring (trace/partition/trace_ring.hpp), which the
  // supervisor hands over after the health channel when it traces the run;
  // empty when it does not.
  virtual std::expected<std::span<std::byte>, RuntimeError> attachTraceRing() { return std::span<std::byte>(); }
};

}  // namespace bulkhead::runtime
