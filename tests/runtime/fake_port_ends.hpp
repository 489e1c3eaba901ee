#pragma once
// In-memory port ends for the dispatcher's unit tests: they isolate the
// runtime's own semantics (freeze, entry points, publish) from channel/'s
// layouts, which channel_port_ends_test.cpp covers through real regions.
#include "runtime/port_end.hpp"

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <vector>

namespace bulkhead::runtime::testing {

// A wire of one byte values: event data (queue), data (latest) or event (count).
struct FakeWire {
  std::deque<std::uint8_t> queue;
  std::optional<std::uint8_t> latest;
  std::uint64_t writes = 0;      // data: sequence number
  std::uint64_t events = 0;
  std::vector<std::uint8_t> published;  // every value published, in order
};

class FakeIn final : public InPortEnd {
 public:
  enum class Kind { EventData, Data, Event };
  FakeIn(std::shared_ptr<FakeWire> wire, Kind kind) : wire_(std::move(wire)), kind_(kind) {}

  std::expected<FreezeResult, RuntimeError> freeze(Payload& into) override {
    FreezeResult result;
    if (kind_ == Kind::EventData && !wire_->queue.empty()) {
      into.storage()[0] = std::byte{wire_->queue.front()};
      into.setNumBits(8);
      wire_->queue.pop_front();
      result.hasValue = true;
    } else if (kind_ == Kind::Data && wire_->latest) {
      into.storage()[0] = std::byte{*wire_->latest};
      into.setNumBits(8);
      result.hasValue = true;
      result.fresh = wire_->writes != seenWrites_;
      seenWrites_ = wire_->writes;
    } else if (kind_ == Kind::Event) {
      result.events = wire_->events - seenEvents_;
      seenEvents_ = wire_->events;
    }
    return result;
  }
  bool hasPending() const override {
    return kind_ == Kind::EventData ? !wire_->queue.empty() : kind_ == Kind::Event && wire_->events != seenEvents_;
  }

 private:
  std::shared_ptr<FakeWire> wire_;
  Kind kind_;
  std::uint64_t seenWrites_ = 0;
  std::uint64_t seenEvents_ = 0;
};

class FakeOut final : public OutPortEnd {
 public:
  FakeOut(std::shared_ptr<FakeWire> wire, FakeIn::Kind kind) : wire_(std::move(wire)), kind_(kind) {}
  Status publish(const Payload& value) override {
    if (kind_ == FakeIn::Kind::Event) {
      ++wire_->events;
      return {};
    }
    auto byte = std::to_integer<std::uint8_t>(value.bytes()[0]);
    wire_->published.push_back(byte);
    if (kind_ == FakeIn::Kind::EventData) wire_->queue.push_back(byte);
    else {
      wire_->latest = byte;
      ++wire_->writes;
    }
    return {};
  }

 private:
  std::shared_ptr<FakeWire> wire_;
  FakeIn::Kind kind_;
};

}  // namespace bulkhead::runtime::testing
