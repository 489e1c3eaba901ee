// Fuzzes a channel region as a hostile sender may leave it: header, counter
// and slots are arbitrary bytes. A receiver validates the header before it
// trusts anything; whatever passes, its reads must stay inside the region
// and report values, drops or errors, never crash.
#include "channel/data_port.hpp"
#include "channel/event_data_queue.hpp"
#include "channel/event_port.hpp"
#include "channel/layout.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <vector>

namespace {

using namespace bulkhead::channel;

// A 64-byte aligned copy of the input, as a mapping would be.
struct AlignedRegion {
  std::unique_ptr<std::byte[], decltype(&std::free)> memory{nullptr, &std::free};
  std::size_t size = 0;
  AlignedRegion(const std::uint8_t* data, std::size_t n)
      : memory(static_cast<std::byte*>(std::aligned_alloc(64, (n + 63) / 64 * 64 + 64)), &std::free), size(n) {
    if (n) std::memcpy(memory.get(), data, n);
  }
  std::span<const std::byte> span() const { return {memory.get(), size}; }
};

void readEventData(std::span<const std::byte> region, std::uint8_t choice) {
  const auto policy = static_cast<OverflowPolicy>(choice % 3);
  auto receiver = EventDataReceiver::attach(region, choice >> 4, policy);
  if (!receiver) return;
  std::vector<std::byte> out(receiver->maxBytes());
  for (int i = 0; i < 4; ++i) {
    (void)receiver->hasNew();
    (void)receiver->intake();
    (void)receiver->dequeue(out);
  }
}

void readData(std::span<const std::byte> region) {
  auto receiver = DataReceiver::attach(region);
  if (!receiver) return;
  std::vector<std::byte> out(receiver->maxBytes());
  (void)receiver->read(out);
}

void readEvents(std::span<const std::byte> region, std::uint8_t choice) {
  auto receiver = EventReceiver::attach(region, 1 + choice % 4);
  if (!receiver) return;
  (void)receiver->take();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t choice = data[0];
  AlignedRegion region(data + 1, size - 1);
  switch (choice % 3) {
    case 0: readEventData(region.span(), choice); break;
    case 1: readData(region.span()); break;
    default: readEvents(region.span(), choice); break;
  }
  return 0;
}
