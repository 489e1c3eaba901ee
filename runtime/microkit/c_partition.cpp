#include "runtime/microkit/c_partition.hpp"

#include "runtime/microkit/c_thread.hpp"

#include <string>

namespace bulkhead::runtime::microkit {

namespace {

std::string text(const char* value) { return value != nullptr ? value : ""; }

PortCategory categoryOf(std::uint32_t category) {
  return category == BULKHEAD_MK_EVENT ? PortCategory::Event
         : category == BULKHEAD_MK_DATA ? PortCategory::Data
                                        : PortCategory::EventData;
}

OverflowHandling overflowOf(std::uint32_t overflow) {
  return overflow == BULKHEAD_MK_DROP_NEWEST ? OverflowHandling::DropNewest
         : overflow == BULKHEAD_MK_ERROR    ? OverflowHandling::Error
                                            : OverflowHandling::DropOldest;
}

}  // namespace

std::expected<PartitionSpec, RuntimeError> partitionSpecOf(const bulkhead_mk_partition& partition) {
  if (partition.abi_version != BULKHEAD_MK_ABI_VERSION)
    return fail("partition " + text(partition.name) + " was generated for C ABI version " +
                std::to_string(partition.abi_version) + ", this runtime has " +
                std::to_string(BULKHEAD_MK_ABI_VERSION) + "; regenerate it with this bulkhead");
  PartitionSpec spec;
  spec.name = text(partition.name);
  spec.instanceName = text(partition.instance_name);
  spec.planFingerprint = partition.plan_fingerprint;
  spec.periodQueue = partition.period_queue;
  for (std::uint32_t t = 0; t < partition.thread_count; ++t) {
    const bulkhead_mk_thread& thread = partition.threads[t];
    ThreadSpec out;
    out.name = text(thread.name);
    out.instanceName = text(thread.instance_name);
    out.classifier = text(thread.classifier);
    out.dispatch = thread.dispatch == BULKHEAD_MK_SPORADIC ? DispatchProtocol::Sporadic : DispatchProtocol::Periodic;
    out.period = thread.period;
    out.periodTicks = thread.period_ticks;
    for (std::uint32_t p = 0; p < thread.port_count; ++p) {
      const bulkhead_mk_port& port = thread.ports[p];
      PortSpec ps;
      ps.name = text(port.name);
      ps.direction = port.direction == BULKHEAD_MK_IN ? Direction::In : Direction::Out;
      ps.category = categoryOf(port.category);
      ps.queueSize = port.queue_size;
      ps.dataType = text(port.data_type);
      ps.handover = port.handover;
      ps.channel = ChannelGeometry{.maxBits = port.channel_max_bits,
                                   .overflow = overflowOf(port.channel_overflow)};
      out.ports.push_back(std::move(ps));
    }
    spec.threads.push_back(std::move(out));
  }
  return spec;
}

std::expected<std::vector<std::unique_ptr<Component>>, RuntimeError> makeCThreads(
    const bulkhead_mk_partition& partition) {
  std::vector<std::unique_ptr<Component>> threads;
  for (std::uint32_t t = 0; t < partition.thread_count; ++t) {
    auto thread = CThread::create(partition.threads[t]);
    if (!thread) return std::unexpected(thread.error());
    threads.push_back(std::move(*thread));
  }
  return threads;
}

}  // namespace bulkhead::runtime::microkit

