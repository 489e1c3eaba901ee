#include "codegen/partition_slice.hpp"

namespace bulkhead::codegen {

namespace {

runtime::PortCategory categoryOf(plan::PortCategory category) {
  switch (category) {
    case plan::PortCategory::Event: return runtime::PortCategory::Event;
    case plan::PortCategory::Data: return runtime::PortCategory::Data;
    case plan::PortCategory::EventData: break;
  }
  return runtime::PortCategory::EventData;
}

runtime::OverflowHandling overflowOf(plan::OverflowHandling overflow) {
  switch (overflow) {
    case plan::OverflowHandling::DropNewest: return runtime::OverflowHandling::DropNewest;
    case plan::OverflowHandling::Error: return runtime::OverflowHandling::Error;
    case plan::OverflowHandling::DropOldest: break;
  }
  return runtime::OverflowHandling::DropOldest;
}

}  // namespace

runtime::PartitionSpec partitionSlice(const plan::Plan& plan, int partition, std::uint64_t planFingerprint) {
  const plan::Partition& source = plan.partitions[static_cast<std::size_t>(partition)];
  runtime::PartitionSpec spec;
  spec.name = source.name;
  spec.instanceName = source.instanceName;
  spec.planFingerprint = planFingerprint;
  int handover = 0;
  for (const plan::Thread& thread : source.threads) {
    runtime::ThreadSpec t;
    t.name = thread.name;
    t.instanceName = thread.instanceName;
    t.classifier = thread.classifier;
    t.dispatch = thread.dispatch == plan::DispatchProtocol::Periodic ? runtime::DispatchProtocol::Periodic
                                                                      : runtime::DispatchProtocol::Sporadic;
    t.period = thread.period;
    const plan::Nanoseconds frame = plan.schedule.framePeriod;
    // plan/ checks that a period is a multiple of the frame; a shorter one
    // still dispatches once per tick.
    t.periodTicks = frame > 0 && thread.period >= frame ? static_cast<std::uint32_t>(thread.period / frame) : 1;
    for (const plan::Port& port : thread.ports) {
      runtime::PortSpec p;
      p.name = port.name;
      p.direction = port.direction == plan::Direction::In ? runtime::Direction::In : runtime::Direction::Out;
      p.category = categoryOf(port.category);
      p.queueSize = port.queueSize;
      p.dataType = port.dataType ? port.dataType->name : "";
      if (port.channel >= 0) {
        const plan::Channel& channel = plan.channels[static_cast<std::size_t>(port.channel)];
        p.handover = handover++;
        p.channel = runtime::ChannelGeometry{channel.layout.maxBits, overflowOf(port.overflow)};
      }
      t.ports.push_back(std::move(p));
    }
    spec.threads.push_back(std::move(t));
  }
  if (source.periodChannel >= 0) spec.periodQueue = handover;
  spec.ticksPerFrame = source.ticksPerFrame;
  return spec;
}

}  // namespace bulkhead::codegen
