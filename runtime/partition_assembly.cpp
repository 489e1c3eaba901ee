#include "runtime/partition_assembly.hpp"

#include "runtime/channel_port_ends.hpp"

#include <string>

namespace bulkhead::runtime {

std::expected<Dispatcher, RuntimeError> assemblePartition(const PartitionSpec& spec,
                                                          std::span<Component* const> components,
                                                          Transport& transport, LogSink& sink,
                                                          TraceHook* trace, bool restarted) {
  if (components.size() != spec.threads.size())
    return fail("partition " + spec.name + " has " + std::to_string(spec.threads.size()) + " threads but " +
                std::to_string(components.size()) + " behaviours were given");
  std::vector<ThreadBinding> bindings;
  for (std::size_t t = 0; t < spec.threads.size(); ++t) {
    const ThreadSpec& thread = spec.threads[t];
    ThreadBinding binding;
    binding.component = components[t];
    binding.ins.resize(thread.ports.size());
    binding.outs.resize(thread.ports.size());
    for (std::size_t p = 0; p < thread.ports.size(); ++p) {
      const PortSpec& port = thread.ports[p];
      if (port.handover < 0) continue;  // unconnected: gets see nothing, puts go nowhere
      const std::string where = thread.instanceName + "." + port.name;
      const bool in = port.direction == Direction::In;
      auto channel = transport.attach(port.handover, in ? Access::Receive : Access::Send, port.category);
      if (!channel) return fail(where + ": " + channel.error().message);
      if (in) {
        auto end = makeInPortEnd(port, *channel, where, restarted);
        if (!end) return std::unexpected(end.error());
        binding.ins[p] = trace ? observeIn(std::move(*end), *trace, {static_cast<int>(t), static_cast<int>(p)},
                                           port.category, channel->memory)
                               : std::move(*end);
        bool wakes = thread.dispatch == DispatchProtocol::Sporadic && port.category != PortCategory::Data;
        if (wakes)
          if (Status status = transport.watch(port.handover); !status) return fail(where + ": " + status.error().message);
      } else {
        auto end = makeOutPortEnd(port, *channel, where);
        if (!end) return std::unexpected(end.error());
        binding.outs[p] = trace ? observeOut(std::move(*end), *trace, {static_cast<int>(t), static_cast<int>(p)},
                                             channel->memory)
                                : std::move(*end);
      }
    }
    bindings.push_back(std::move(binding));
  }
  std::unique_ptr<InPortEnd> periodQueue;
  if (spec.periodQueue >= 0) {
    const std::string where = "partition " + spec.name + " period queue";
    auto channel = transport.attach(spec.periodQueue, Access::Receive, PortCategory::EventData);
    if (!channel) return fail(where + ": " + channel.error().message);
    auto end = makePeriodQueueEnd(*channel);
    if (!end) return fail(where + ": " + end.error().message);
    periodQueue = std::move(*end);
    if (Status status = transport.watch(spec.periodQueue); !status) return fail(where + ": " + status.error().message);
  }
  auto dispatcher = Dispatcher::create(spec, std::move(bindings), std::move(periodQueue), sink);
  if (dispatcher && trace) dispatcher->setListener(trace);
  return dispatcher;
}

}  // namespace bulkhead::runtime
