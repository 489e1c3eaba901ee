#include "plan/plan_text.hpp"

#include "plan/plan_json.hpp"
#include "plan/time_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <vector>

namespace bulkhead::plan {

const char* toText(PortCategory category) {
  switch (category) {
    case PortCategory::Event: return "event port";
    case PortCategory::Data: return "data port";
    case PortCategory::EventData: return "event data port";
  }
  return "port";
}

const char* toText(PartitionKind kind) { return kind == PartitionKind::VirtualMachine ? "virtual machine" : "native"; }

const char* toText(DispatchProtocol dispatch) { return dispatch == DispatchProtocol::Periodic ? "periodic" : "sporadic"; }

std::uint64_t slotBytes(const Channel& channel) { return channel.layout.slotSize; }

std::uint64_t regionBytes(const Channel& channel) { return channel.layout.regionSize; }

std::string entryPoints(const Thread& thread) {
  std::string text = "initialise";
  if (thread.dispatch == DispatchProtocol::Periodic) text += ", timeTriggered";
  else
    for (const Port& p : thread.ports)
      if (p.direction == Direction::In && p.category != PortCategory::Data) text += ", handle_" + p.name;
  return text + ", finalise";
}

std::string scheduleBar(const DomainSchedule& schedule, int width) {
  std::string bar;
  if (schedule.framePeriod <= 0 || width <= 0) return bar;
  for (int i = 0; i < width; ++i) {
    // The cell covers [from, to) of the frame; it shows its largest holder.
    const long double from = static_cast<long double>(schedule.framePeriod) * i / width;
    const long double to = static_cast<long double>(schedule.framePeriod) * (i + 1) / width;
    std::map<int, long double> share;
    for (const ScheduleSlot& s : schedule.slots) {
      long double overlap = std::min<long double>(to, static_cast<long double>(s.start + s.length)) -
                            std::max<long double>(from, static_cast<long double>(s.start));
      if (overlap > 0) share[s.domain] += overlap;
    }
    if (share.empty()) {
      bar += ' ';
      continue;
    }
    int domain = std::max_element(share.begin(), share.end(), [](const auto& a, const auto& b) {
                   return a.second < b.second;
                 })->first;
    bar += domain >= 0 && domain < 10 ? static_cast<char>('0' + domain)
           : domain >= 10 && domain < 36 ? static_cast<char>('a' + domain - 10)
                                         : '#';
  }
  return bar;
}

namespace {

std::string endpointText(const Plan& plan, const Endpoint& e) {
  if (e.partition < 0 || static_cast<size_t>(e.partition) >= plan.partitions.size()) return "?";
  const Partition& p = plan.partitions[static_cast<size_t>(e.partition)];
  if (e.thread < 0 || static_cast<size_t>(e.thread) >= p.threads.size()) return p.name;
  const Thread& t = p.threads[static_cast<size_t>(e.thread)];
  if (e.port < 0 || static_cast<size_t>(e.port) >= t.ports.size()) return p.name + "." + t.name;
  return p.name + "." + t.name + "." + t.ports[static_cast<size_t>(e.port)].name;
}

// Who runs in each domain: "supervisor", "pacer" or the partitions' names.
std::map<int, std::string> domainOwners(const Plan& plan) {
  std::map<int, std::string> owners{{0, "supervisor"}, {plan.pacerDomain, "pacer"}};
  for (const Partition& p : plan.partitions) {
    std::string& names = owners[p.domain];
    names += (names.empty() ? "" : ", ") + p.name;
  }
  return owners;
}

// Columns padded to their widest cell.
class Table {
 public:
  explicit Table(std::vector<std::string> header) { rows_.push_back(std::move(header)); }
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  std::string text(const std::string& indent) const {
    std::vector<size_t> widths;
    for (const auto& row : rows_)
      for (size_t i = 0; i < row.size(); ++i) {
        if (widths.size() <= i) widths.push_back(0);
        widths[i] = std::max(widths[i], row[i].size());
      }
    std::string out;
    for (const auto& row : rows_) {
      std::string line = indent;
      for (size_t i = 0; i < row.size(); ++i)
        line += i + 1 == row.size() ? row[i] : fmt::format("{:<{}}  ", row[i], widths[i]);
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out += line + "\n";
    }
    return out;
  }

 private:
  std::vector<std::vector<std::string>> rows_;
};

std::string portLine(const Plan& plan, const Port& port) {
  std::string line = fmt::format("{} {} {}", port.direction == Direction::In ? "in" : "out", toText(port.category), port.name);
  if (port.dataType) line += ": " + port.dataType->name;
  if (port.direction == Direction::In && port.category != PortCategory::Data) {
    line += fmt::format("  Queue_Size {}", port.queueSize);
    if (port.overflow != OverflowHandling::DropOldest)
      line += port.overflow == OverflowHandling::DropNewest ? " DropNewest" : " Error";
  }
  if (port.channel < 0) line += "  (unconnected)";
  else if (static_cast<size_t>(port.channel) < plan.channels.size())
    line += fmt::format("  {} channel {}", port.direction == Direction::In ? "<-" : "->", port.channel);
  return line;
}

// Nodes (one supervisor each), the buses between them and the remote
// channels they carry (design section 7b).
std::string placementText(const Plan& plan) {
  auto nodeName = [&plan](int n) {
    return n >= 0 && static_cast<size_t>(n) < plan.nodes.size() ? plan.nodes[static_cast<size_t>(n)].name : std::string("?");
  };
  std::string out = "Nodes\n";
  Table nodes({"#", "node", "processor", "partitions"});
  for (size_t n = 0; n < plan.nodes.size(); ++n) {
    std::string names;
    for (int p : plan.nodes[n].partitions)
      if (p >= 0 && static_cast<size_t>(p) < plan.partitions.size())
        names += (names.empty() ? "" : ", ") + plan.partitions[static_cast<size_t>(p)].name;
    nodes.add({std::to_string(n), plan.nodes[n].name, plan.nodes[n].instanceName, names});
  }
  out += nodes.text("  ");
  out += "\nBuses\n";
  Table buses({"#", "bus", "joins"});
  for (size_t b = 0; b < plan.buses.size(); ++b) {
    std::string joined;
    for (int n : plan.buses[b].nodes) joined += (joined.empty() ? "" : ", ") + nodeName(n);
    buses.add({std::to_string(b), plan.buses[b].name, joined});
  }
  out += buses.text("  ");
  out += "\nRemote channels\n";
  Table remote({"channel", "from node", "to node", "bus", "receivers"});
  for (const RemoteChannel& r : plan.remoteChannels) {
    if (r.channel < 0 || static_cast<size_t>(r.channel) >= plan.channels.size()) continue;
    const Channel& c = plan.channels[static_cast<size_t>(r.channel)];
    std::string to;
    for (int i : r.receivers)
      if (i >= 0 && static_cast<size_t>(i) < c.receivers.size())
        to += (to.empty() ? "" : ", ") + endpointText(plan, c.receivers[static_cast<size_t>(i)]);
    const std::string bus =
        r.bus >= 0 && static_cast<size_t>(r.bus) < plan.buses.size() ? plan.buses[static_cast<size_t>(r.bus)].name : "?";
    remote.add({std::to_string(r.channel) + " " + c.name, nodeName(r.senderNode), nodeName(r.receiverNode), bus, to});
  }
  out += remote.text("  ");
  return out;
}

}  // namespace

std::string planText(const Plan& plan) {
  std::string out = fmt::format("Plan of {}  (fingerprint {})\n\n", plan.system, fingerprintHex(fingerprint(plan)));

  out += "Partitions\n";
  Table partitions({"#", "partition", "domain", "kind", "threads"});
  for (size_t i = 0; i < plan.partitions.size(); ++i) {
    const Partition& p = plan.partitions[i];
    partitions.add({std::to_string(i), p.name, std::to_string(p.domain), toText(p.kind), std::to_string(p.threads.size())});
  }
  out += partitions.text("  ");
  for (const Partition& p : plan.partitions) {
    out += fmt::format("  {} ({})\n", p.name, p.instanceName);
    for (const Thread& t : p.threads) {
      std::string timing = t.dispatch == DispatchProtocol::Periodic ? "period " + millisecondsText(t.period)
                           : t.period > 0 ? "minimum inter-arrival " + millisecondsText(t.period)
                                          : "no minimum inter-arrival";
      out += fmt::format("    thread {}: {}, {}, Compute_Execution_Time {}\n", t.name, toText(t.dispatch), timing,
                         millisecondsText(t.computeExecutionTime));
      out += fmt::format("      entry points: {}\n", entryPoints(t));
      for (const Port& port : t.ports) out += "      " + portLine(plan, port) + "\n";
    }
    if (p.periodChannel >= 0) out += fmt::format("    period queue: <- channel {} (pacer)\n", p.periodChannel);
  }

  out += "\nChannels\n";
  Table channels({"#", "channel", "kind", "Queue_Size", "slot bytes", "region bytes", "max bits", "endpoints"});
  for (size_t i = 0; i < plan.channels.size(); ++i) {
    const Channel& c = plan.channels[i];
    std::string kind = c.role == ChannelRole::PeriodQueue ? "period queue" : toText(c.category);
    std::string to;
    for (const Endpoint& e : c.receivers) to += (to.empty() ? "" : ", ") + endpointText(plan, e);
    std::string from = c.sender ? endpointText(plan, *c.sender) : "pacer";
    channels.add({std::to_string(i), c.name, kind, std::to_string(c.queueSize), std::to_string(slotBytes(c)),
                  std::to_string(regionBytes(c)), std::to_string(c.maxBits), from + " -> " + (to.empty() ? "(none)" : to)});
  }
  out += channels.text("  ");
  bool raw = std::any_of(plan.channels.begin(), plan.channels.end(), [](const Channel& c) { return c.rawBitCodec; });
  if (raw) out += "  wire protocol: raw bit codec (HAMR::Bit_Codec_Raw_Connections)\n";
  if (!plan.nodes.empty()) out += "\n" + placementText(plan);

  const DomainSchedule& s = plan.schedule;
  out += fmt::format("\nDomain schedule ({}): Frame_Period {}, Clock_Period {}, Max_Domain {}, {}\n", s.source,
                     millisecondsText(s.framePeriod), millisecondsText(s.clockPeriod),
                     s.maxDomain > 0 ? std::to_string(s.maxDomain) : std::string("not given"),
                     s.pacing == Pacing::Pacer ? "paced by the pacer" : "self-paced");
  Table slots({"slot", "domain", "runs", "start ms", "length ms", "ticks", "pacer ticks"});
  auto msNumber = [](Nanoseconds ns) {
    std::string text = millisecondsText(ns);
    return text.substr(0, text.size() - 3);
  };
  const std::map<int, std::string> owners = domainOwners(plan);
  for (size_t i = 0; i < s.slots.size(); ++i) {
    const ScheduleSlot& slot = s.slots[i];
    auto owner = owners.find(slot.domain);
    std::string paced;
    for (int p : slot.paced)
      if (p >= 0 && static_cast<size_t>(p) < plan.partitions.size())
        paced += (paced.empty() ? "" : ", ") + plan.partitions[static_cast<size_t>(p)].name;
    slots.add({std::to_string(i), std::to_string(slot.domain), owner == owners.end() ? "(idle)" : owner->second,
               msNumber(slot.start), msNumber(slot.length), std::to_string(slot.ticks), paced.empty() ? "-" : paced});
  }
  out += slots.text("  ");
  constexpr int width = 100;
  const std::string end = millisecondsText(s.framePeriod);
  out += fmt::format("\n  {:<{}}{}\n", "0 ms", width + 2 - end.size(), end);  // ends under the closing '|'
  out += "  |" + scheduleBar(s, width) + "|\n";
  out += fmt::format("  one character = {}; each shows its domain\n", millisecondsText(s.framePeriod / width));
  return out;
}

}  // namespace bulkhead::plan
