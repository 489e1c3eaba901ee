#pragma once
// Behaviours written against the runtime's Component API, as user code is,
// for running the real dispatcher and channels in the simulator in tests
// and benchmarks.
#include "runtime/component.hpp"
#include "runtime/log_sink.hpp"
#include "runtime/typed_ports.hpp"

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace bulkhead::sim::testing {

class CapturingSink final : public runtime::LogSink {
 public:
  void line(runtime::Stream stream, std::string_view text) override {
    (stream == runtime::Stream::Out ? out : err).emplace_back(text);
  }
  std::vector<std::string> out, err;
};

// Puts `perDispatch` consecutive Integer_8 values on port 0 per dispatch.
class CountingProducer final : public runtime::Component {
 public:
  explicit CountingProducer(int perDispatch = 1) : perDispatch_(perDispatch) {}
  void initialise() override {}
  void timeTriggered() override {
    for (int i = 0; i < perDispatch_; ++i) runtime::putScalar<std::int8_t>(context(), 0, static_cast<std::int8_t>(next_++));
  }
  void finalise() override {}

 private:
  int perDispatch_;
  std::uint8_t next_ = 1;
};

// Prints what port 0 holds, in the seed's format, at each dispatch.
class PrintingConsumer final : public runtime::Component {
 public:
  void initialise() override {}
  void timeTriggered() override { report(); }
  void handlePort(int) override { report(); }
  void finalise() override {}

 private:
  void report() {
    auto value = runtime::getScalar<std::int8_t>(context(), 0);
    if (!value) return;
    char line[80];
    std::snprintf(line, sizeof line, "consumer: Received 8 bits on %s: [ %02X ] dropped %llu",
                  context().spec().ports[0].name.c_str(), static_cast<unsigned>(static_cast<std::uint8_t>(*value)),
                  static_cast<unsigned long long>(context().dropped(0)));
    context().print(line);
  }
};

// Does nothing: the cost of a dispatch itself.
class IdleComponent final : public runtime::Component {
 public:
  void initialise() override {}
  void timeTriggered() override {}
  void finalise() override {}
};

}  // namespace bulkhead::sim::testing
