// both_vm's two partitions over the real runtime and channel layouts, as
// one program that becomes the producer or the consumer by
// BULKHEAD_PARTITION, on the uio transport (in a VM) or the fd transport
// (native) by BULKHEAD_CHANNEL_TRANSPORT, so one test can place each side in
// a VM or natively without the supervisor (`bulkhead run` places them by
// the model). It runs the same loop as runtime::runPartitionProgram.
//   producer: every dispatch puts the next Integer_8 (0, 1, 2, ...) on write_port;
//   consumer: prints the seed's "vmconsumer: Received 8 bits on read_port: [ 06 ]"
//             and an empty line per value.
#include "runtime/transports/native_fd_transport.hpp"
#include "runtime/partition_program.hpp"
#include "runtime/partition_assembly.hpp"
#include "runtime/log_sink.hpp"
#include "runtime/transports/uio_transport.hpp"

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>

namespace rt = bulkhead::runtime;

namespace {

rt::PartitionSpec spec(const std::string& name) {
  rt::PartitionSpec partition;
  partition.name = name;
  partition.instanceName = "top_impl_Instance." + name;
  rt::ThreadSpec thread;
  thread.name = name;
  thread.instanceName = partition.instanceName + "." + name;
  thread.classifier = name + "_t.i";
  thread.period = 1'000'000'000;
  rt::PortSpec port;
  port.name = name == "producer" ? "write_port" : "read_port";
  port.direction = name == "producer" ? rt::Direction::Out : rt::Direction::In;
  port.category = rt::PortCategory::EventData;
  port.dataType = "Base_Types::Integer_8";
  port.handover = 0;
  port.channel = rt::ChannelGeometry{8, rt::OverflowHandling::DropOldest};
  thread.ports.push_back(port);
  partition.threads.push_back(thread);
  partition.periodQueue = 1;
  return partition;
}

class Producer final : public rt::Component {
 public:
  void initialise() override {}
  void timeTriggered() override {
    rt::Payload& value = context().put(0);
    value.storage()[0] = static_cast<std::byte>(next_++);
    value.setNumBits(8);
  }
  void finalise() override {}

 private:
  unsigned char next_ = 0;
};

class Consumer final : public rt::Component {
 public:
  void initialise() override {}
  void timeTriggered() override {
    const rt::Payload* value = context().get(0);
    if (!value) return;
    char hex[3];
    std::snprintf(hex, sizeof hex, "%02X", static_cast<unsigned>(value->bytes()[0]));
    context().print("vmconsumer: Received " + std::to_string(value->numBits()) + " bits on read_port: [ " + hex + " ]");
    context().print("");
  }
  void finalise() override {}
};

rt::Nanoseconds now() {
  timespec t{};
  clock_gettime(CLOCK_MONOTONIC, &t);
  return rt::Nanoseconds{t.tv_sec} * 1'000'000'000 + t.tv_nsec;
}

int failWith(const std::string& message) {
  std::fprintf(stderr, "both_vm guest: %s\n", message.c_str());
  return 1;
}

}  // namespace

int main() {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  const char* name = std::getenv("BULKHEAD_PARTITION");
  const char* transportName = std::getenv("BULKHEAD_CHANNEL_TRANSPORT");
  if (!name || !transportName) return failWith("BULKHEAD_PARTITION and BULKHEAD_CHANNEL_TRANSPORT must be set");
  const rt::PartitionSpec partition = spec(name);
  std::unique_ptr<rt::Transport> transport;
  if (std::string(transportName) == "uio") {
    auto uio = bulkhead::runtime::UioTransport::create(partition);
    if (!uio) return failWith(uio.error().message);
    transport = std::move(*uio);
  } else {
    auto native = rt::openTransport(transportName, partition);
    if (!native) return failWith(native.error().message);
    transport = std::move(*native);
  }
  Producer producer;
  Consumer consumer;
  rt::Component* components[] = {std::string(name) == "producer" ? static_cast<rt::Component*>(&producer) : &consumer};
  auto dispatcher = rt::assemblePartition(partition, components, *transport, rt::stdioLogSink());
  if (!dispatcher) return failWith(dispatcher.error().message);
  dispatcher->announce();
  if (auto s = dispatcher->initialise(); !s) return failWith(s.error().message);
  std::optional<rt::Nanoseconds> timeout;
  for (;;) {
    auto woke = transport->wait(timeout);
    if (!woke) return failWith(woke.error().message);
    if (*woke == rt::WaitOutcome::Stopped) break;
    const rt::Nanoseconds t = now();
    auto step = dispatcher->step(t);
    if (!step) return failWith(step.error().message);
    timeout = step->nextDue ? std::optional<rt::Nanoseconds>(*step->nextDue - t) : std::nullopt;
  }
  if (auto s = dispatcher->finalise(); !s) return failWith(s.error().message);
  return 0;
}
