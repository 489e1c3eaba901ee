#include "channel/data_port.hpp"

#include "channel/payload_checks.hpp"
#include "channel/slot_access.hpp"
#include "base/text.hpp"

namespace bulkhead::channel {
namespace {

Error wildSequence(std::uint64_t sequence, std::uint64_t last) {
  return Error{ErrorCode::WildCounter,
               base::text::concat("channel counter at offset ", kCounterOffset, ": data sequence ", sequence,
                                  " is impossible (last seen ", last, ")")};
}

}  // namespace

std::expected<DataSender, Error> DataSender::create(std::span<std::byte> region, std::uint64_t maxBits) {
  auto layout = format(region, Geometry{Kind::Data, 1, maxBits});
  if (!layout) return std::unexpected(layout.error());
  return DataSender(region.data(), *layout, 0);
}

std::expected<DataSender, Error> DataSender::resume(std::span<std::byte> region) {
  auto layout = validate(region, Kind::Data);
  if (!layout) return std::unexpected(layout.error());
  std::uint64_t sequence = detail::loadAcquire(region.data() + kCounterOffset);
  if (sequence != kDirty && sequence > kWildCounter) return std::unexpected(wildSequence(sequence, 0));
  // A writer that died mid-write left DIRTY; the next write repairs it.
  if (sequence == kDirty) sequence = 0;
  return DataSender(region.data(), *layout, sequence);
}

std::expected<void, Error> DataSender::write(std::uint64_t numBits, std::span<const std::byte> bytes) {
  if (auto ok = detail::checkSendPayload(layout_, numBits, bytes); !ok) return ok;
  std::byte* counter = base_ + kCounterOffset;
  // DIRTY first; the slot's release stores keep it ahead of the payload for
  // any reader that observes a new payload word.
  detail::storeRelaxed(counter, kDirty);
  detail::storeSlot(base_ + layout_.slotsOffset, numBits, bytes);
  ++sequence_;
  detail::storeRelease(counter, sequence_);
  return {};
}

std::expected<DataReceiver, Error> DataReceiver::attach(std::span<const std::byte> region) {
  auto layout = validate(region, Kind::Data);
  if (!layout) return std::unexpected(layout.error());
  const std::uint64_t sequence = detail::loadAcquire(region.data() + kCounterOffset);
  if (sequence != kDirty && sequence > kWildCounter) return std::unexpected(wildSequence(sequence, 0));
  if (auto ok = detail::checkSlotBitCounts(region, *layout); !ok) return std::unexpected(ok.error());
  return DataReceiver(region.data(), *layout);
}

bool DataReceiver::hasNew() const {
  const std::uint64_t sequence = detail::loadAcquire(base_ + kCounterOffset);
  return sequence != lastSequence_ && sequence != kDirty;
}

std::expected<DataRead, Error> DataReceiver::read(std::span<std::byte> out) {
  if (out.size() < maxBytes()) return std::unexpected(detail::bufferTooSmall(layout_, out.size()));
  const std::byte* counter = base_ + kCounterOffset;
  const std::byte* slot = base_ + layout_.slotsOffset;
  for (int attempt = 0; attempt < kDataReadRetries; ++attempt) {
    const std::uint64_t before = detail::loadAcquire(counter);
    if (before == kDirty) continue;
    if (before > kWildCounter || before < lastSequence_) return std::unexpected(wildSequence(before, lastSequence_));
    if (before == 0) return DataRead{};
    const std::uint64_t numBits = detail::loadAcquire(slot);
    // A bit count above the maximum is only trusted as corruption when the
    // sequence confirms it was not a write in progress.
    const bool bitsOk = numBits <= layout_.maxBits;
    if (bitsOk) detail::loadPayload(slot, static_cast<std::size_t>(bytesForBits(numBits)), out.data());
    const std::uint64_t after = detail::loadAcquire(counter);
    if (after != before) continue;
    if (!bitsOk) return std::unexpected(detail::bitsAboveMaximum(layout_, 0, numBits));
    DataRead r;
    r.status = before == lastSequence_ ? DataRead::Status::Stale : DataRead::Status::Fresh;
    r.numBits = numBits;
    r.sequence = before;
    lastSequence_ = before;
    return r;
  }
  return DataRead{DataRead::Status::Contended, 0, 0};
}

}  // namespace bulkhead::channel
