#include "runtime/partition_trace.hpp"

#include "base/monotonic_clock.hpp"
#include "channel/data_port.hpp"
#include "channel/layout.hpp"


namespace bulkhead::runtime {

namespace {

std::span<const std::uint8_t> bytesOf(std::span<const std::byte> bytes) {
  return {reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()};
}


// Reports each freeze of the wrapped end: the value or events taken, with
// the number of that message on its channel, and what was lost before it.
class TracedInPortEnd final : public InPortEnd {
 public:
  TracedInPortEnd(std::unique_ptr<InPortEnd> inner, PartitionTrace& trace, int thread, int port,
                  PortCategory category, std::span<const std::byte> region)
      : inner_(std::move(inner)), trace_(trace), thread_(static_cast<std::uint16_t>(thread)),
        port_(static_cast<std::uint16_t>(port)), category_(category), region_(region) {}

  std::expected<FreezeResult, RuntimeError> freeze(Payload& into) override {
    auto frozen = inner_->freeze(into);
    if (!frozen) return frozen;
    const std::int64_t now = base::monotonicNow();
    std::uint64_t sequence = 0;
    if (category_ == PortCategory::EventData) {
      // HAMR's dequeue arithmetic: the element taken is numRecv - 1 after
      // skipping the dropped ones (exact for DropOldest and Error).
      if (frozen->hasValue) numRecv_ += frozen->dropped + 1;
      sequence = numRecv_ == 0 ? 0 : numRecv_ - 1;
    } else {
      const std::uint64_t counter = channel::loadCounter(region_);
      sequence = counter == 0 || counter == channel::kDirty ? 0 : counter - 1;
    }
    if (frozen->dropped > 0) {
      trace_.record(channel::traceRecord(channel::TraceRecordKind::Dropped, thread_, port_, now, sequence, frozen->dropped));
    }
    if (frozen->hasValue || frozen->events > 0) {
      auto got = channel::traceRecord(channel::TraceRecordKind::Received, thread_, port_, now, sequence, 0);
      if (frozen->hasValue) {
        got.count = into.numBits();
        got.value = bytesOf(into.bytes());
      } else {
        got.count = frozen->events;
      }
      trace_.record(got);
    }
    return frozen;
  }
  bool hasPending() const override { return inner_->hasPending(); }
  Status refresh() override { return inner_->refresh(); }

 private:
  std::unique_ptr<InPortEnd> inner_;
  PartitionTrace& trace_;
  std::uint16_t thread_, port_;
  PortCategory category_;
  std::span<const std::byte> region_;
  std::uint64_t numRecv_ = 0;  // mirrors the event data receiver's
};

// Reports each publish with the number the channel's counter gave it.
class TracedOutPortEnd final : public OutPortEnd {
 public:
  TracedOutPortEnd(std::unique_ptr<OutPortEnd> inner, PartitionTrace& trace, int thread, int port,
                   std::span<const std::byte> region)
      : inner_(std::move(inner)), trace_(trace), thread_(static_cast<std::uint16_t>(thread)),
        port_(static_cast<std::uint16_t>(port)), region_(region) {}

  Status publish(const Payload& value) override {
    Status status = inner_->publish(value);
    if (!status) return status;
    const std::uint64_t counter = channel::loadCounter(region_);  // this writer's own: settled
    auto sent = channel::traceRecord(channel::TraceRecordKind::Sent, thread_, port_, base::monotonicNow(),
                           counter == 0 ? 0 : counter - 1, value.numBits());
    sent.value = bytesOf(value.bytes());
    trace_.record(sent);
    return {};
  }

 private:
  std::unique_ptr<OutPortEnd> inner_;
  PartitionTrace& trace_;
  std::uint16_t thread_, port_;
  std::span<const std::byte> region_;
};

}  // namespace

std::expected<std::unique_ptr<PartitionTrace>, RuntimeError> PartitionTrace::create(std::span<std::byte> ring) {
  auto writer = channel::TraceRingWriter::attach(ring);
  if (!writer) return fail(writer.error().message);
  return std::unique_ptr<PartitionTrace>(new PartitionTrace(*writer));
}

void PartitionTrace::record(channel::TraceRecord record) { writer_.append(record); }

void PartitionTrace::wake() {
  record(channel::traceRecord(channel::TraceRecordKind::Wake, 0, 0, base::monotonicNow(), writer_.window(), 0));
}

void PartitionTrace::dispatchBegin(int thread) {
  const auto index = static_cast<std::size_t>(thread);
  if (dispatchStart_.size() <= index) dispatchStart_.resize(index + 1, 0);
  dispatchStart_[index] = base::monotonicNow();
}

void PartitionTrace::dispatchEnd(int thread) {
  const auto index = static_cast<std::size_t>(thread);
  const std::int64_t start = index < dispatchStart_.size() ? dispatchStart_[index] : 0;
  auto dispatch = channel::traceRecord(channel::TraceRecordKind::Dispatch, static_cast<std::uint16_t>(thread), 0, start, 0, 0);
  dispatch.end = base::monotonicNow();
  record(dispatch);
}

std::unique_ptr<InPortEnd> PartitionTrace::wrapIn(std::unique_ptr<InPortEnd> end, int thread, int port,
                                                  PortCategory category, std::span<const std::byte> region) {
  return std::make_unique<TracedInPortEnd>(std::move(end), *this, thread, port, category, region);
}

std::unique_ptr<OutPortEnd> PartitionTrace::wrapOut(std::unique_ptr<OutPortEnd> end, int thread, int port,
                                                    std::span<const std::byte> region) {
  return std::make_unique<TracedOutPortEnd>(std::move(end), *this, thread, port, region);
}

}  // namespace bulkhead::runtime
