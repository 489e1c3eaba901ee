#include "supervisor/channel_guard.hpp"

#include "channel/data_port.hpp"
#include "channel/layout.hpp"
#include "channel/slot_access.hpp"

#include <cstring>

namespace bulkhead::supervisor {

ChannelGuard::ChannelGuard(const plan::Plan& plan, const ChannelSet& channels)
    : plan_(plan), bySender_(plan.partitions.size()) {
  for (std::size_t c = 0; c < plan.channels.size(); ++c) {
    const auto& channel = plan.channels[c];
    if (!channel.sender || channel.sender->partition < 0) continue;  // the pacer's period queues are ours
    Guarded g;
    g.channel = static_cast<int>(c);
    g.region = channels.region(static_cast<int>(c));
    if (g.region.size() < channel::kSlotsOffset) continue;
    std::memcpy(g.header.data(), g.region.data(), g.header.size());
    channel::HeaderFields h{};
    std::memcpy(&h, g.region.data(), sizeof h);
    g.kind = h.kind;
    g.slotCount = h.slotCount;
    g.slotSize = h.slotSize;
    g.slotsOffset = h.slotsOffset;
    g.maxBits = h.maxBits;
    g.lastCounter = channel::loadCounter(g.region);
    bySender_.at(static_cast<std::size_t>(channel.sender->partition)).push_back(g);
  }
}

std::optional<std::string> ChannelGuard::check(int partition) {
  if (partition < 0 || static_cast<std::size_t>(partition) >= bySender_.size()) return std::nullopt;
  std::optional<std::string> found;
  for (auto& g : bySender_[static_cast<std::size_t>(partition)])
    if (auto wrong = check(g)) found = found ? *found + "; " + *wrong : *wrong;
  return found;
}

std::optional<std::string> ChannelGuard::check(Guarded& g) {
  std::byte* base = g.region.data();
  std::string wrong;
  auto note = [&](const std::string& what) { wrong += (wrong.empty() ? "" : ", ") + what; };
  if (std::memcmp(base, g.header.data(), g.header.size()) != 0) {
    note("header overwritten");
    std::memcpy(base, g.header.data(), g.header.size());
  }
  const std::uint64_t counter = channel::detail::loadAcquire(base + channel::kCounterOffset);
  const bool isData = g.kind == static_cast<std::uint32_t>(channel::Kind::Data);
  // A data port's writer marks a write in progress with kDirty: a sender
  // stopped mid-write (an overrun) leaves it so, honestly.
  const bool dirty = isData && counter == channel::kDirty;
  bool withdraw = false;
  if (!dirty && (counter > channel::kWildCounter || counter < g.lastCounter)) {
    note("counter set to " + std::to_string(counter) + " (last " + std::to_string(g.lastCounter) + ")");
    withdraw = true;
  }
  for (std::uint32_t s = 0; s < g.slotCount; ++s) {
    std::byte* slot = base + g.slotsOffset + std::size_t{s} * g.slotSize;
    const std::uint64_t bits = channel::detail::loadAcquire(slot);
    if (bits > g.maxBits) {
      note("slot " + std::to_string(s) + " claims " + std::to_string(bits) + " bits (at most " +
           std::to_string(g.maxBits) + ")");
      channel::detail::storeRelease(slot, 0);
      withdraw = true;
    }
  }
  if (withdraw) {
    channel::detail::storeRelease(base + channel::kCounterOffset, g.lastCounter);
  } else if (!dirty) {
    g.lastCounter = counter;
  }
  if (wrong.empty()) return std::nullopt;
  return "channel " + plan_.channels[static_cast<std::size_t>(g.channel)].name + ": " + wrong;
}

}  // namespace bulkhead::supervisor
