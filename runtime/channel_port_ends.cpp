#include "runtime/channel_port_ends.hpp"

#include "channel/data_port.hpp"
#include "channel/event_data_queue.hpp"
#include "channel/event_port.hpp"
#include "contract/period_queue.hpp"

#include <utility>

namespace bulkhead::runtime {

namespace {

std::unexpected<RuntimeError> channelError(const std::string& where, const channel::Error& error) {
  return fail(where + ": " + error.message);
}

// The region must be the one the Plan describes, not merely a valid one:
// a payload buffer sized from the Plan must hold what the region carries.
Status checkGeometry(const std::string& where, const channel::Layout& layout, const ChannelGeometry& expected) {
  if (layout.maxBits != expected.maxBits)
    return fail(where + ": the channel region carries at most " + std::to_string(layout.maxBits) +
                " bits but the plan says " + std::to_string(expected.maxBits));
  return {};
}

class EventDataIn final : public InPortEnd {
 public:
  explicit EventDataIn(channel::EventDataReceiver receiver) : receiver_(std::move(receiver)) {}
  std::expected<FreezeResult, RuntimeError> freeze(Payload& into) override {
    auto received = receiver_.dequeue(into.storage());
    if (!received) return fail(received.error().message);
    into.setNumBits(received->hasValue ? received->numBits : 0);
    return FreezeResult{received->hasValue, false, 0, received->dropped, received->overflowError};
  }
  bool hasPending() const override { return receiver_.hasNew(); }
  Status refresh() override {
    if (auto taken = receiver_.intake(); !taken) return fail(taken.error().message);
    return {};
  }

 private:
  channel::EventDataReceiver receiver_;
};

class DataIn final : public InPortEnd {
 public:
  explicit DataIn(channel::DataReceiver receiver) : receiver_(std::move(receiver)) {}
  std::expected<FreezeResult, RuntimeError> freeze(Payload& into) override {
    auto read = receiver_.read(into.storage());
    if (!read) return fail(read.error().message);
    using S = channel::DataRead::Status;
    const bool hasValue = read->status == S::Fresh || read->status == S::Stale;
    into.setNumBits(hasValue ? read->numBits : 0);
    return FreezeResult{hasValue, read->status == S::Fresh, 0, 0, false};
  }
  // Data ports never trigger a dispatch.
  bool hasPending() const override { return false; }

 private:
  channel::DataReceiver receiver_;
};

class EventIn final : public InPortEnd {
 public:
  explicit EventIn(channel::EventReceiver receiver) : receiver_(std::move(receiver)) {}
  std::expected<FreezeResult, RuntimeError> freeze(Payload&) override {
    channel::EventCount taken = receiver_.take();
    return FreezeResult{false, false, taken.count, taken.dropped, taken.overflowError};
  }
  bool hasPending() const override { return receiver_.hasNew(); }

 private:
  channel::EventReceiver receiver_;
};

class EventDataOut final : public OutPortEnd {
 public:
  EventDataOut(channel::EventDataSender sender, channel::Notifier* notifier)
      : sender_(std::move(sender)), notifier_(notifier) {}
  Status publish(const Payload& value) override {
    if (auto sent = sender_.send(value.numBits(), value.bytes()); !sent) return fail(sent.error().message);
    if (notifier_ != nullptr) notifier_->notify();
    return {};
  }

 private:
  channel::EventDataSender sender_;
  channel::Notifier* notifier_;
};

class DataOut final : public OutPortEnd {
 public:
  DataOut(channel::DataSender sender, channel::Notifier* notifier) : sender_(std::move(sender)), notifier_(notifier) {}
  Status publish(const Payload& value) override {
    if (auto written = sender_.write(value.numBits(), value.bytes()); !written) return fail(written.error().message);
    if (notifier_ != nullptr) notifier_->notify();
    return {};
  }

 private:
  channel::DataSender sender_;
  channel::Notifier* notifier_;
};

class EventOut final : public OutPortEnd {
 public:
  EventOut(channel::EventSender sender, channel::Notifier* notifier) : sender_(std::move(sender)), notifier_(notifier) {}
  Status publish(const Payload&) override {
    sender_.send();
    if (notifier_ != nullptr) notifier_->notify();
    return {};
  }

 private:
  channel::EventSender sender_;
  channel::Notifier* notifier_;
};

}  // namespace

std::expected<std::unique_ptr<InPortEnd>, RuntimeError> makeInPortEnd(const PortSpec& port, const Attachment& channel,
                                                                      const std::string& where, bool fromPresent) {
  switch (port.category) {
    case PortCategory::EventData: {
      auto receiver = channel::EventDataReceiver::attach(channel.memory, port.queueSize, port.channel.overflow);
      if (!receiver) return channelError(where, receiver.error());
      if (Status ok = checkGeometry(where, receiver->layout(), port.channel); !ok) return std::unexpected(ok.error());
      if (fromPresent) receiver->skipToPresent();
      return std::make_unique<EventDataIn>(std::move(*receiver));
    }
    case PortCategory::Data: {
      auto receiver = channel::DataReceiver::attach(channel.memory);
      if (!receiver) return channelError(where, receiver.error());
      if (Status ok = checkGeometry(where, receiver->layout(), port.channel); !ok) return std::unexpected(ok.error());
      return std::make_unique<DataIn>(std::move(*receiver));
    }
    case PortCategory::Event: {
      auto receiver = channel::EventReceiver::attach(channel.memory, port.queueSize, port.channel.overflow);
      if (!receiver) return channelError(where, receiver.error());
      if (fromPresent) receiver->skipToPresent();
      return std::make_unique<EventIn>(std::move(*receiver));
    }
  }
  return fail(where + ": unknown port category");
}

std::expected<std::unique_ptr<OutPortEnd>, RuntimeError> makeOutPortEnd(const PortSpec& port,
                                                                        const Attachment& channel,
                                                                        const std::string& where) {
  if (channel.writable.empty()) return fail(where + ": the channel region is not writable for its sender");
  switch (port.category) {
    case PortCategory::EventData: {
      auto sender = channel::EventDataSender::resume(channel.writable);
      if (!sender) return channelError(where, sender.error());
      if (Status ok = checkGeometry(where, sender->layout(), port.channel); !ok) return std::unexpected(ok.error());
      return std::make_unique<EventDataOut>(std::move(*sender), channel.notifier);
    }
    case PortCategory::Data: {
      auto sender = channel::DataSender::resume(channel.writable);
      if (!sender) return channelError(where, sender.error());
      if (Status ok = checkGeometry(where, sender->layout(), port.channel); !ok) return std::unexpected(ok.error());
      return std::make_unique<DataOut>(std::move(*sender), channel.notifier);
    }
    case PortCategory::Event: {
      auto sender = channel::EventSender::resume(channel.writable);
      if (!sender) return channelError(where, sender.error());
      return std::make_unique<EventOut>(std::move(*sender), channel.notifier);
    }
  }
  return fail(where + ": unknown port category");
}

std::expected<std::unique_ptr<InPortEnd>, RuntimeError> makePeriodQueueEnd(const Attachment& channel) {
  PortSpec tick;
  tick.name = "period queue";
  tick.direction = Direction::In;
  tick.category = PortCategory::EventData;
  tick.queueSize = contract::kPeriodQueueSize;
  tick.channel = ChannelGeometry{contract::kPeriodTickBits, OverflowHandling::DropOldest};
  return makeInPortEnd(tick, channel, "period queue");
}

}  // namespace bulkhead::runtime
