#include "runtime/observed_port_ends.hpp"

#include "channel/data_port.hpp"
#include "channel/layout.hpp"

namespace bulkhead::runtime {

namespace {

// The channel's counter, as a message count (0 while a write is in progress).
std::uint64_t messagesOn(std::span<const std::byte> region) {
  const std::uint64_t counter = channel::loadCounter(region);
  return counter == channel::kDirty ? 0 : counter;
}

class ObservedInPortEnd final : public InPortEnd {
 public:
  ObservedInPortEnd(std::unique_ptr<InPortEnd> inner, PortObserver& observer, ObservedPort where,
                    PortCategory category, std::span<const std::byte> region)
      : inner_(std::move(inner)), observer_(observer), where_(where), category_(category), region_(region) {}

  std::expected<FreezeResult, RuntimeError> freeze(Payload& into) override {
    auto frozen = inner_->freeze(into);
    if (!frozen) return frozen;
    if (category_ == PortCategory::EventData) {
      // HAMR's dequeue arithmetic: the element taken is numRecv - 1 after
      // skipping the dropped ones (exact for DropOldest and Error).
      if (frozen->hasValue) numRecv_ += frozen->dropped + 1;
    } else {
      numRecv_ = messagesOn(region_);
    }
    observer_.frozen(where_, *frozen, into, numRecv_ == 0 ? 0 : numRecv_ - 1, numRecv_);
    return frozen;
  }
  bool hasPending() const override { return inner_->hasPending(); }
  Status refresh() override { return inner_->refresh(); }

 private:
  std::unique_ptr<InPortEnd> inner_;
  PortObserver& observer_;
  ObservedPort where_;
  PortCategory category_;
  std::span<const std::byte> region_;
  std::uint64_t numRecv_ = 0;  // mirrors the receiver's
};

class ObservedOutPortEnd final : public OutPortEnd {
 public:
  ObservedOutPortEnd(std::unique_ptr<OutPortEnd> inner, PortObserver& observer, ObservedPort where,
                     std::span<const std::byte> region)
      : inner_(std::move(inner)), observer_(observer), where_(where), region_(region) {}

  Status publish(const Payload& value) override {
    Status status = inner_->publish(value);
    if (!status) return status;
    const std::uint64_t published = messagesOn(region_);  // this writer's own counter: settled
    observer_.published(where_, value, published == 0 ? 0 : published - 1);
    return {};
  }

 private:
  std::unique_ptr<OutPortEnd> inner_;
  PortObserver& observer_;
  ObservedPort where_;
  std::span<const std::byte> region_;
};

}  // namespace

std::unique_ptr<InPortEnd> observeIn(std::unique_ptr<InPortEnd> end, PortObserver& observer, ObservedPort where,
                                     PortCategory category, std::span<const std::byte> region) {
  return std::make_unique<ObservedInPortEnd>(std::move(end), observer, where, category, region);
}

std::unique_ptr<OutPortEnd> observeOut(std::unique_ptr<OutPortEnd> end, PortObserver& observer, ObservedPort where,
                                       std::span<const std::byte> region) {
  return std::make_unique<ObservedOutPortEnd>(std::move(end), observer, where, region);
}

}  // namespace bulkhead::runtime
