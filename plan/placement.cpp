#include "plan/placement.hpp"

#include "model/processor_bindings.hpp"
#include "model/text_util.hpp"
#include "plan/time_text.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace bulkhead::plan {

namespace {

using model::ComponentCategory;
using model::ComponentInstance;
using model::SemanticConnection;

using model::inQuotes;

// Times as "1000 ms", other values in AADL-like text.
std::string valueText(const model::PropertyValue& value) {
  if (value.kind == model::PropertyValue::Kind::Integer && value.unit == "ns") return millisecondsText(value.integer);
  return value.toString();
}

// The components a reference property names (a single reference or a list).
std::vector<const ComponentInstance*> referencedComponents(const model::InstanceModel& model,
                                                           const model::PropertyMap& properties,
                                                           std::string_view set, std::string_view name) {
  std::vector<const ComponentInstance*> out;
  const model::PropertyValue* value = properties.lookup(set, name);
  if (!value) return out;
  auto add = [&](const model::PropertyValue& v) {
    if (v.kind != model::PropertyValue::Kind::Reference) return;
    if (const ComponentInstance* c = model.findComponent(v.text)) out.push_back(c);
  };
  add(*value);
  for (const model::PropertyValue& e : value->elements) add(e);
  return out;
}

// The processor a feature's component is, when it is one.
const ComponentInstance* processorOf(const model::FeatureInstance* feature) {
  return feature && feature->owner && feature->owner->category == ComponentCategory::Processor ? feature->owner : nullptr;
}

class Placer {
 public:
  Placer(const model::InstanceModel& model, Plan& plan) : model_(model), plan_(plan) {}

  Diagnostics run() {
    const auto processes = model_.components(ComponentCategory::Process);
    if (processes.size() != plan_.partitions.size()) return errors_;  // the plan was not built from this model
    std::vector<const ComponentInstance*> processorOfPartition;
    std::set<const ComponentInstance*> used;
    const model::ProcessorBindings bindings(model_);
    for (const ComponentInstance* process : processes) {
      const ComponentInstance* processor = bindings.of(*process);
      processorOfPartition.push_back(processor);
      if (processor) used.insert(processor);
    }
    if (used.size() < 2) return errors_;  // one node: this host, as without placement

    // Nodes in the model's processor order.
    std::map<const ComponentInstance*, int> nodeIndex;
    for (const ComponentInstance* processor : model_.components(ComponentCategory::Processor)) {
      if (!used.contains(processor)) continue;
      nodeIndex[processor] = static_cast<int>(plan_.nodes.size());
      plan_.nodes.push_back(Node{processor->pathFromRoot(), processor->qualifiedName, {}});
    }
    processors_.resize(plan_.nodes.size());
    nodeOfPartition_.assign(processes.size(), -1);
    for (const auto& [processor, index] : nodeIndex) processors_[static_cast<size_t>(index)] = processor;
    for (size_t p = 0; p < processes.size(); ++p) {
      const ComponentInstance* processor = processorOfPartition[p];
      if (!processor) {
        errors_.items.push_back(makeError(
            processes[p]->location, "process " + inQuotes(processes[p]->pathFromRoot()) +
                                        " is not bound to a processor (Actual_Processor_Binding), and the other "
                                        "processes run on " +
                                        std::to_string(used.size()) + " processors: bulkhead cannot tell which node runs it"));
        continue;
      }
      plan_.nodes[static_cast<size_t>(nodeIndex[processor])].partitions.push_back(static_cast<int>(p));
      nodeOfPartition_[p] = nodeIndex[processor];
    }
    if (!errors_.items.empty()) return errors_;
    collectBusAccess();
    for (const SemanticConnection& c : model_.connections)
      if (c.destination && c.connectionCategory == model::ConnectionCategory::Port)
        connectionByDestination_.try_emplace(model::toLower(c.destination->qualifiedName), &c);
    for (size_t c = 0; c < plan_.channels.size(); ++c) placeChannel(static_cast<int>(c));
    return errors_;
  }

 private:
  // Which processors each bus joins, from the bus access connections.
  void collectBusAccess() {
    for (const SemanticConnection& c : model_.connections) {
      if (c.connectionCategory != model::ConnectionCategory::BusAccess) continue;
      const ComponentInstance* bus = c.sourceComponent ? c.sourceComponent : c.destinationComponent;
      const ComponentInstance* processor = processorOf(c.source) ? processorOf(c.source) : processorOf(c.destination);
      if (!bus || !processor || bus->category != ComponentCategory::Bus) continue;
      auto& joined = busJoins_[bus];
      if (std::find(joined.begin(), joined.end(), processor) == joined.end()) joined.push_back(processor);
    }
  }

  bool joins(const ComponentInstance* bus, const ComponentInstance* a, const ComponentInstance* b) const {
    auto it = busJoins_.find(bus);
    if (it == busJoins_.end()) return false;
    return std::find(it->second.begin(), it->second.end(), a) != it->second.end() &&
           std::find(it->second.begin(), it->second.end(), b) != it->second.end();
  }

  // The semantic connection that ends at a channel's receiver.
  const SemanticConnection* connectionTo(const Endpoint& receiver) const {
    const Partition& partition = plan_.partitions.at(static_cast<size_t>(receiver.partition));
    const Thread& thread = partition.threads.at(static_cast<size_t>(receiver.thread));
    const std::string port = model::toLower(thread.instanceName + "." + thread.ports.at(static_cast<size_t>(receiver.port)).name);
    auto it = connectionByDestination_.find(port);
    return it == connectionByDestination_.end() ? nullptr : it->second;
  }

  int busIndex(const ComponentInstance* bus) {
    for (size_t b = 0; b < plan_.buses.size(); ++b)
      if (plan_.buses[b].instanceName == bus->qualifiedName) return static_cast<int>(b);
    Bus entry{bus->pathFromRoot(), bus->qualifiedName, {}};
    for (size_t n = 0; n < processors_.size(); ++n)
      if (joins(bus, processors_[n], processors_[n])) entry.nodes.push_back(static_cast<int>(n));
    plan_.buses.push_back(std::move(entry));
    return static_cast<int>(plan_.buses.size() - 1);
  }

  // The bus that carries `connection` between two processors; null after an error.
  const ComponentInstance* busFor(const SemanticConnection& connection, const ComponentInstance* from,
                                  const ComponentInstance* to) {
    const std::string name = inQuotes(connection.name());
    const std::string between = "processors " + inQuotes(from->pathFromRoot()) + " and " + inQuotes(to->pathFromRoot());
    auto bound = referencedComponents(model_, connection.properties, "Deployment_Properties", "Actual_Connection_Binding");
    if (!bound.empty()) {
      for (const ComponentInstance* bus : bound)
        if (bus->category == ComponentCategory::Bus && joins(bus, from, to)) return bus;
      const model::PropertyAssociation* a = connection.properties.find("Deployment_Properties", "Actual_Connection_Binding");
      errors_.items.push_back(makeError(a ? a->location : connection.location,
                                        "connection " + name + " is bound to " + inQuotes(bound.front()->pathFromRoot()) +
                                            ", which is not a bus joining " + between));
      return nullptr;
    }
    std::vector<const ComponentInstance*> candidates;
    for (const ComponentInstance* bus : model_.components(ComponentCategory::Bus))
      if (joins(bus, from, to)) candidates.push_back(bus);
    if (candidates.size() == 1) return candidates.front();
    if (candidates.empty()) {
      errors_.items.push_back(makeError(connection.location, "no bus joins " + between + ", which run the ends of connection " +
                                                                 name + " (give both processors access to one bus)"));
      return nullptr;
    }
    std::string names;
    for (const ComponentInstance* bus : candidates) names += (names.empty() ? "" : ", ") + inQuotes(bus->pathFromRoot());
    errors_.items.push_back(makeError(connection.location, std::to_string(candidates.size()) + " buses join " + between + " (" +
                                                               names + "); bind connection " + name +
                                                               " to one of them (Actual_Connection_Binding)"));
    return nullptr;
  }

  void placeChannel(int c) {
    const Channel& channel = plan_.channels[static_cast<size_t>(c)];
    if (channel.role != ChannelRole::Connection || !channel.sender) return;
    const int from = nodeOfPartition_.at(static_cast<size_t>(channel.sender->partition));
    std::map<int, RemoteChannel> byNode;
    for (size_t r = 0; r < channel.receivers.size(); ++r) {
      const Endpoint& receiver = channel.receivers[r];
      const int to = nodeOfPartition_.at(static_cast<size_t>(receiver.partition));
      if (to == from || to < 0 || from < 0) continue;
      auto [it, added] = byNode.try_emplace(to, RemoteChannel{c, from, to, -1, {}});
      it->second.receivers.push_back(static_cast<int>(r));
      if (it->second.bus >= 0 || !added) continue;
      const SemanticConnection* connection = connectionTo(receiver);
      if (!connection) continue;
      const ComponentInstance* bus =
          busFor(*connection, processors_[static_cast<size_t>(from)], processors_[static_cast<size_t>(to)]);
      if (bus) it->second.bus = busIndex(bus);
    }
    for (auto& [node, remote] : byNode)
      if (remote.bus >= 0) plan_.remoteChannels.push_back(std::move(remote));
  }

  const model::InstanceModel& model_;
  Plan& plan_;
  Diagnostics errors_;
  std::vector<const ComponentInstance*> processors_;  // by node
  std::vector<int> nodeOfPartition_;                  // by partition; -1 for none
  // The first port connection ending at each feature (lower-case qualified
  // name), as a scan of the model's connections would find it.
  std::map<std::string, const SemanticConnection*, std::less<>> connectionByDestination_;
  std::map<const ComponentInstance*, std::vector<const ComponentInstance*>> busJoins_;
};

}  // namespace

const ComponentInstance* frameProcessor(const model::InstanceModel& model,
                                       const std::vector<const ComponentInstance*>& processors, Diagnostics& errors) {
  std::vector<const ComponentInstance*> ordered;
  for (const ComponentInstance* p : model.components(ComponentCategory::Processor))
    if (std::ranges::find(processors, p) != processors.end()) ordered.push_back(p);
  if (ordered.empty()) return nullptr;
  const ComponentInstance* first = ordered.front();
  static constexpr std::pair<std::string_view, std::string_view> kFrame[] = {
      {"Timing_Properties", "Frame_Period"},
      {"Timing_Properties", "Clock_Period"},
      {"CASE_Scheduling", "Max_Domain"},
      {"CASE_Scheduling", "Schedule_Source_Text"},
      {"CASE_Scheduling", "Pacing_Method"}};
  for (size_t i = 1; i < ordered.size(); ++i)
    for (const auto& [set, name] : kFrame) {
      const model::PropertyAssociation* a = first->properties.find(set, name);
      const model::PropertyAssociation* b = ordered[i]->properties.find(set, name);
      const std::string textA = a ? valueText(a->value) : "none";
      const std::string textB = b ? valueText(b->value) : "none";
      if (textA == textB) continue;
      errors.items.push_back(makeError(b ? b->location : ordered[i]->location,
                                       "processors " + inQuotes(first->pathFromRoot()) + " and " +
                                           inQuotes(ordered[i]->pathFromRoot()) + " run one frame but disagree on " +
                                           std::string(name) + " (" + textA + ", " + textB + ")"));
    }
  return first;
}

Diagnostics placePartitions(const model::InstanceModel& model, Plan& plan) { return Placer(model, plan).run(); }

std::optional<int> nodeOf(const Plan& plan, int partition) {
  for (size_t n = 0; n < plan.nodes.size(); ++n)
    if (std::ranges::find(plan.nodes[n].partitions, partition) != plan.nodes[n].partitions.end()) return static_cast<int>(n);
  return std::nullopt;
}

std::optional<int> findNode(const Plan& plan, std::string_view name) {
  const std::string wanted = model::toLower(name);
  for (size_t n = 0; n < plan.nodes.size(); ++n)
    if (model::toLower(plan.nodes[n].name) == wanted || model::toLower(plan.nodes[n].instanceName) == wanted)
      return static_cast<int>(n);
  return std::nullopt;
}

}  // namespace bulkhead::plan
