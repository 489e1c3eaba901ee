#pragma once
// The supervisor's watch over the channels a partition writes (docs/design.md
// section 7: the health monitor names the culprit). A sender may scribble
// over its own region — the header the supervisor formatted, the counter,
// a slot's bit count — and a receiver reading that fails, blaming itself.
// At the end of each of the sender's windows, while it is stopped and
// before any receiver runs, the walk checks the regions it sends on
// against the header as formatted and the counter as last seen; what is
// wrong is repaired (the header rewritten, the counter put back to its
// last good value, so the window's messages are withdrawn) and reported
// against the sender.
//
// check() is cheap (a 64-byte compare and a few loads per channel) and
// allocates only when it finds something, so the real-time walk can call it.
#include "supervisor/channel_set.hpp"
#include "plan/plan.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace bulkhead::supervisor {

class ChannelGuard {
 public:
  ChannelGuard(const plan::Plan& plan, const ChannelSet& channels);

  // Checks and repairs the channels `partition` sends on. Returns what was
  // wrong ("channel producer.producer.write_port: header overwritten"), or
  // nothing.
  std::optional<std::string> check(int partition);

 private:
  struct Guarded {
    int channel = -1;
    std::span<std::byte> region;
    std::array<std::byte, 64> header{};
    std::uint64_t lastCounter = 0;
    std::uint32_t kind = 0;
    std::uint32_t slotCount = 0, slotSize = 0, slotsOffset = 0;
    std::uint64_t maxBits = 0;
  };
  std::optional<std::string> check(Guarded& g);

  const plan::Plan& plan_;
  std::vector<std::vector<Guarded>> bySender_;  // per partition, the channels it sends on
};

}  // namespace bulkhead::supervisor
