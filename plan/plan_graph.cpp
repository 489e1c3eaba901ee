#include "plan/plan_graph.hpp"

#include "plan/plan_text.hpp"
#include "plan/time_text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace bulkhead::plan {

namespace {

// A DOT double-quoted string; "\n" in `text` stays a DOT line break.
std::string dotString(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string threadNode(int partition, int thread) { return fmt::format("t{}_{}", partition, thread); }

bool validThread(const Plan& plan, const Endpoint& e) {
  return e.partition >= 0 && static_cast<size_t>(e.partition) < plan.partitions.size() && e.thread >= 0 &&
         static_cast<size_t>(e.thread) < plan.partitions[static_cast<size_t>(e.partition)].threads.size();
}

const Port* portOf(const Plan& plan, const Endpoint& e) {
  if (!validThread(plan, e)) return nullptr;
  const Thread& t = plan.partitions[static_cast<size_t>(e.partition)].threads[static_cast<size_t>(e.thread)];
  return e.port >= 0 && static_cast<size_t>(e.port) < t.ports.size() ? &t.ports[static_cast<size_t>(e.port)] : nullptr;
}

// The bus that carries receiver `receiver` of channel `channel` to another node; -1 when local.
int busCarrying(const Plan& plan, int channel, int receiver) {
  for (const RemoteChannel& r : plan.remoteChannels)
    if (r.channel == channel && std::ranges::find(r.receivers, receiver) != r.receivers.end() && r.bus >= 0 &&
        static_cast<size_t>(r.bus) < plan.buses.size())
      return r.bus;
  return -1;
}

}  // namespace

std::string planDot(const Plan& plan) {
  std::string out = fmt::format("digraph {} {{\n", dotString(plan.system));
  out += "  rankdir=LR;\n  fontname=\"Helvetica\";\n";
  out += "  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=10];\n";
  out += fmt::format("  label={};\n  labelloc=t;\n\n", dotString(plan.system));

  bool hasPeriodQueue = false;
  auto partitionCluster = [&](size_t p, const std::string& indent) {
    const Partition& partition = plan.partitions[p];
    hasPeriodQueue = hasPeriodQueue || partition.periodChannel >= 0;
    std::string text = fmt::format("{}subgraph cluster_{} {{\n", indent, p);
    text += fmt::format("{}  label={};\n", indent, dotString(fmt::format("{}\ndomain {}, {}", partition.name, partition.domain,
                                                                           toText(partition.kind))));
    text += indent + (partition.kind == PartitionKind::VirtualMachine ? "  style=\"rounded,filled\";\n" + indent +
                                                                            "  fillcolor=\"#e8f0fe\";\n"
                                                                      : std::string("  style=rounded;\n"));
    for (size_t t = 0; t < partition.threads.size(); ++t) {
      const Thread& thread = partition.threads[t];
      std::string timing = thread.dispatch == DispatchProtocol::Periodic ? "periodic " + millisecondsText(thread.period)
                                                                         : std::string("sporadic");
      text += fmt::format("{}  {} [label={}];\n", indent, threadNode(static_cast<int>(p), static_cast<int>(t)),
                          dotString(thread.name + "\n" + timing));
    }
    return text + indent + "}\n";
  };
  if (plan.nodes.empty()) {
    for (size_t p = 0; p < plan.partitions.size(); ++p) out += partitionCluster(p, "  ");
  } else {
    // Each node (processor) a dashed box around its partitions (design section 7b).
    for (size_t n = 0; n < plan.nodes.size(); ++n) {
      out += fmt::format("  subgraph cluster_node_{} {{\n    label={};\n    style=dashed;\n", n,
                         dotString("node " + plan.nodes[n].name));
      for (int p : plan.nodes[n].partitions)
        if (p >= 0 && static_cast<size_t>(p) < plan.partitions.size()) out += partitionCluster(static_cast<size_t>(p), "    ");
      out += "  }\n";
    }
    for (size_t b = 0; b < plan.buses.size(); ++b)
      out += fmt::format("  bus_{} [shape=cds, label={}];\n", b, dotString("bus " + plan.buses[b].name));
  }
  if (hasPeriodQueue)
    out += fmt::format("  pacer [shape=ellipse, label={}];\n", dotString(fmt::format("pacer\ndomain {}", plan.pacerDomain)));
  out += "\n";

  for (const Channel& channel : plan.channels) {
    for (const Endpoint& to : channel.receivers) {
      if (channel.role == ChannelRole::PeriodQueue) {
        // The partition's periodic threads all wait on its period queue.
        if (to.partition < 0 || static_cast<size_t>(to.partition) >= plan.partitions.size()) continue;
        const Partition& partition = plan.partitions[static_cast<size_t>(to.partition)];
        for (size_t t = 0; t < partition.threads.size(); ++t)
          if (partition.threads[t].dispatch == DispatchProtocol::Periodic)
            out += fmt::format("  pacer -> {} [style=dashed, label={}];\n", threadNode(to.partition, static_cast<int>(t)),
                               dotString("period tick"));
        continue;
      }
      if (!channel.sender || !validThread(plan, *channel.sender) || !validThread(plan, to)) continue;
      const Port* source = portOf(plan, *channel.sender);
      const Port* destination = portOf(plan, to);
      std::string label = fmt::format("{} -> {}", source ? source->name : "?", destination ? destination->name : "?");
      if (channel.category != PortCategory::Data) label += fmt::format("\nQueue_Size {}", to.queueSize);
      const char* style = channel.category == PortCategory::Data    ? "solid"
                          : channel.category == PortCategory::Event ? "dotted"
                                                                    : "bold";
      const int bus = busCarrying(plan, static_cast<int>(&channel - plan.channels.data()), static_cast<int>(&to - channel.receivers.data()));
      if (bus >= 0) {
        // A remote channel: drawn through the bus that carries it.
        out += fmt::format("  {} -> bus_{} [label={}, style={}, color=\"#b06000\"];\n",
                           threadNode(channel.sender->partition, channel.sender->thread), bus, dotString(label), style);
        out += fmt::format("  bus_{} -> {} [style={}, color=\"#b06000\"];\n", bus, threadNode(to.partition, to.thread), style);
        continue;
      }
      out += fmt::format("  {} -> {} [label={}, style={}];\n", threadNode(channel.sender->partition, channel.sender->thread),
                         threadNode(to.partition, to.thread), dotString(label), style);
    }
  }
  out += "}\n";
  return out;
}

}  // namespace bulkhead::plan
