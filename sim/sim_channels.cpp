#include "sim/sim_channels.hpp"

#include "trace/trace_writer.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <cstring>

namespace bulkhead::sim {

namespace {

std::uint64_t loadWord(const std::byte* at) {
  std::uint64_t value;
  std::memcpy(&value, at, sizeof value);
  return value;
}

// A slot's payload as hex (the slot: u64 bit count, then the bytes).
std::string slotHex(const std::byte* slot, std::uint64_t maxBits) {
  std::uint64_t numBits = loadWord(slot);
  if (numBits > maxBits) return "?";
  auto bytes = std::span(reinterpret_cast<const std::uint8_t*>(slot + channel::kSlotHeaderBytes),
                         static_cast<std::size_t>(channel::bytesForBits(numBits)));
  return trace::hexBytes(bytes);
}

}  // namespace

void SimChannels::FreeDeleter::operator()(std::byte* p) const { std::free(p); }

std::expected<SimChannels, SimError> SimChannels::create(const plan::Plan& plan) {
  SimChannels channels;
  std::size_t total = 0;
  for (const plan::Channel& c : plan.channels) {
    const std::uint64_t bytes = c.layout.regionSize;
    Region region;
    region.offset = total;
    total += (bytes + channel::kRegionAlignment - 1) / channel::kRegionAlignment * channel::kRegionAlignment;
    channels.channels_.push_back(std::move(region));
  }
  std::size_t allocated = std::max<std::size_t>(total, channel::kRegionAlignment);
  channels.memory_.reset(static_cast<std::byte*>(std::aligned_alloc(channel::kRegionAlignment, allocated)));
  if (!channels.memory_) return simError(fmt::format("cannot allocate {} bytes of channel memory", allocated));
  channels.size_ = total;
  for (std::size_t i = 0; i < plan.channels.size(); ++i) {
    const plan::Channel& c = plan.channels[i];
    Region& region = channels.channels_[i];
    if (auto formatted = channel::format(channels.region(static_cast<int>(i)), c.layout); !formatted)
      return simError(fmt::format("channel {}: {}", c.name, formatted.error().message));
    region.layout = c.layout;
    if (c.role == plan::ChannelRole::PeriodQueue) {
      auto sender = channel::EventDataSender::resume(channels.region(static_cast<int>(i)));
      if (!sender) return simError(fmt::format("period queue {}: {}", c.name, sender.error().message));
      region.pacer.emplace(*sender);
    }
  }
  return channels;
}

std::span<std::byte> SimChannels::region(int channel) const {
  const Region& r = channels_[static_cast<std::size_t>(channel)];
  std::size_t end = static_cast<std::size_t>(channel) + 1 < channels_.size()
                        ? channels_[static_cast<std::size_t>(channel) + 1].offset
                        : size_;
  return {memory_.get() + r.offset, end - r.offset};
}

SimStatus SimChannels::sendTick(int channel, std::uint8_t tick) {
  Region& r = channels_[static_cast<std::size_t>(channel)];
  if (!r.pacer) return simError(fmt::format("channel #{} is not a period queue", channel));
  const std::byte value{tick};
  auto sent = r.pacer->send(8, std::span(&value, 1));
  if (!sent) return simError(fmt::format("pacer: {}", sent.error().message));
  return {};
}

std::string SimChannels::describe(int channel, std::uint64_t numRecv) const {
  const Region& r = channels_[static_cast<std::size_t>(channel)];
  const std::byte* base = region(channel).data();
  std::uint64_t counter = loadWord(base + channel::kCounterOffset);
  const std::byte* slots = base + r.layout.slotsOffset;
  switch (r.layout.kind) {
    case channel::Kind::EventData: {
      std::uint64_t first = std::max(numRecv, counter > r.layout.queueSize ? counter - r.layout.queueSize : 0);
      std::string queued;
      for (std::uint64_t m = first; m < counter; ++m) {
        if (!queued.empty()) queued += ' ';
        queued += slotHex(slots + (m % r.layout.slotCount) * r.layout.slotSize, r.layout.maxBits);
      }
      return fmt::format("numSent {}, queued [{}]", counter, queued);
    }
    case channel::Kind::Data:
      if (counter == 0) return "sequence 0, no value";
      return fmt::format("sequence {}, value [{}]", counter, slotHex(slots, r.layout.maxBits));
    case channel::Kind::Event:
      return fmt::format("count {}", counter);
  }
  return "?";
}

}  // namespace bulkhead::sim
