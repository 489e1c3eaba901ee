#include "codegen/partition_slice.hpp"

#include "plan/handover.hpp"

namespace bulkhead::codegen {

runtime::PartitionSpec partitionSlice(const plan::Plan& plan, int partition, std::uint64_t planFingerprint) {
  const plan::Partition& source = plan.partitions[static_cast<std::size_t>(partition)];
  runtime::PartitionSpec spec;
  spec.name = source.name;
  spec.instanceName = source.instanceName;
  spec.planFingerprint = planFingerprint;
  for (const plan::Thread& thread : source.threads) {
    runtime::ThreadSpec t;
    t.name = thread.name;
    t.instanceName = thread.instanceName;
    t.classifier = thread.classifier;
    t.dispatch = thread.dispatch;
    t.period = thread.period;
    const plan::Nanoseconds frame = plan.schedule.framePeriod;
    // plan/ checks that a period is a multiple of the frame; a shorter one
    // still dispatches once per tick.
    t.periodTicks = frame > 0 && thread.period >= frame ? static_cast<std::uint32_t>(thread.period / frame) : 1;
    for (const plan::Port& port : thread.ports) {
      runtime::PortSpec p;
      p.name = port.name;
      p.direction = port.direction;
      p.category = port.category;
      p.queueSize = port.queueSize;
      p.dataType = port.dataType ? port.dataType->name : "";
      if (port.channel >= 0)
        p.channel = runtime::ChannelGeometry{plan.channels[static_cast<std::size_t>(port.channel)].layout.maxBits,
                                             port.overflow};
      t.ports.push_back(std::move(p));
    }
    spec.threads.push_back(std::move(t));
  }
  // Numbered as the supervisor hands the channels over.
  const std::vector<plan::HandoverEntry> handover = plan::handoverOf(plan, partition);
  for (std::size_t i = 0; i < handover.size(); ++i) {
    const plan::HandoverEntry& e = handover[i];
    if (e.thread < 0)
      spec.periodQueue = static_cast<int>(i);
    else
      spec.threads[static_cast<std::size_t>(e.thread)].ports[static_cast<std::size_t>(e.port)].handover =
          static_cast<int>(i);
  }
  spec.ticksPerFrame = source.ticksPerFrame;
  return spec;
}

}  // namespace bulkhead::codegen
