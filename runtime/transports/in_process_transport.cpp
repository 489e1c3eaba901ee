#include "runtime/transports/in_process_transport.hpp"

#include <string>

namespace bulkhead::runtime {

InProcessTransport::InProcessTransport(std::vector<std::span<std::byte>> regions) : regions_(std::move(regions)) {
  for (std::size_t i = 0; i < regions_.size(); ++i) notifiers_.push_back(std::make_unique<CountingNotifier>());
}

std::expected<Attachment, RuntimeError> InProcessTransport::attach(int handover, Access access,
                                                                  PortCategory) {
  if (handover < 0 || static_cast<std::size_t>(handover) >= regions_.size())
    return fail("no channel #" + std::to_string(handover) + " (in-process transport holds " +
                std::to_string(regions_.size()) + ")");
  std::span<std::byte> region = regions_[static_cast<std::size_t>(handover)];
  return Attachment{region, access == Access::Send ? region : std::span<std::byte>(),
                    notifiers_[static_cast<std::size_t>(handover)].get()};
}

Status InProcessTransport::watch(int handover) {
  if (handover < 0 || static_cast<std::size_t>(handover) >= regions_.size())
    return fail("no channel #" + std::to_string(handover) + " to watch");
  watched_.push_back(handover);
  return {};
}

std::expected<WaitOutcome, RuntimeError> InProcessTransport::wait(std::optional<Nanoseconds>) {
  return fail("the in-process transport does not block: step the dispatcher instead");
}

}  // namespace bulkhead::runtime
