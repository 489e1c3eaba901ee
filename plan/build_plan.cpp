#include "plan/build_plan.hpp"

#include "contract/period_queue.hpp"
#include "model/partition_kind.hpp"
#include "model/load.hpp"
#include "model/text_util.hpp"
#include "plan/channel_geometry.hpp"
#include "plan/data_type_from_model.hpp"
#include "plan/domain_schedule.hpp"
#include "plan/health_policy.hpp"
#include "plan/module_schedule.hpp"
#include "plan/pacing.hpp"
#include "plan/partition_domain.hpp"
#include "plan/placement.hpp"
#include "plan/time_text.hpp"
#include "wire/max_bits.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <optional>
#include <set>

namespace bulkhead::plan {

namespace {

using model::ComponentCategory;
using model::ComponentInstance;
using model::FeatureCategory;
using model::FeatureInstance;
using model::PropertyMap;
using model::PropertyValue;

constexpr Nanoseconds ms = 1'000'000;

using model::equalsIgnoreCase;

std::optional<std::string> enumerationOf(const PropertyMap& properties, std::string_view set, std::string_view name) {
  const PropertyValue* value = properties.lookup(set, name);
  if (!value || !value->asEnumeration()) return std::nullopt;
  return std::string(*value->asEnumeration());
}

std::optional<std::int64_t> integerOf(const PropertyMap& properties, std::string_view set, std::string_view name) {
  const PropertyValue* value = properties.lookup(set, name);
  return value ? value->asInteger() : std::nullopt;
}

// Where a property is written, or `fallback` when it is not (or only by default).
SourceLocation whereSet(const PropertyMap& properties, std::string_view set, std::string_view name,
                        const SourceLocation& fallback) {
  const model::PropertyAssociation* a = properties.find(set, name);
  return a && !a->isDefault ? a->location : fallback;
}

// The targets of a reference property (a single reference or a list).
std::vector<std::string> referencesOf(const PropertyMap& properties, std::string_view set, std::string_view name) {
  std::vector<std::string> targets;
  const PropertyValue* value = properties.lookup(set, name);
  if (!value) return targets;
  if (value->kind == PropertyValue::Kind::Reference) targets.push_back(value->text);
  for (const PropertyValue& e : value->elements)
    if (e.kind == PropertyValue::Kind::Reference) targets.push_back(e.text);
  return targets;
}

using model::inQuotes;

// "producer.producer.write_port": the port's path below the root system.
std::string portPath(const FeatureInstance& f) { return f.owner ? f.owner->pathFromRoot() + "." + f.name : f.name; }

// Where a port sits in the Plan.
struct PortIndex {
  int partition, thread, port;
};

class PlanBuilder {
 public:
  PlanBuilder(const model::InstanceModel& model, const PlanOptions& options)
      : model_(model), options_(options), types_(model, defaults(model)) {}

  std::expected<Plan, Diagnostics> build(Diagnostics* warnings) {
    if (!model_.root) return std::unexpected(Diagnostics{{makeError({}, "the model has no root system to plan")}});
    const ComponentInstance& root = *model_.root;
    plan_.system = root.classifierName;
    rawBitCodec_ = root.lookup("HAMR", "Bit_Codec_Raw_Connections") &&
                   root.lookup("HAMR", "Bit_Codec_Raw_Connections")->asBoolean().value_or(false);
    processes_ = model_.components(ComponentCategory::Process);
    if (processes_.empty()) error(root.location, "the system " + root.classifierName + " has no process to run as a partition");
    // Both checks run, so every refusal is reported at once.
    bool refusedArrays = refuseArrays();
    bool refusedModes = refuseModes();
    if (refusedArrays || refusedModes) return std::unexpected(std::move(errors_));
    if (auto mapping = readDomainMapping(model_)) domainMapping_ = std::move(*mapping);
    else errors_.append(mapping.error());
    for (const ComponentInstance* process : processes_) addPartition(*process);
    addConnectionChannels();
    addPeriodQueues();
    addSchedule();
    errors_.append(placePartitions(model_, plan_));
    if (warnings) warnings->append(warnings_);
    if (!errors_.items.empty()) return std::unexpected(std::move(errors_));
    return std::move(plan_);
  }

 private:
  // Component arrays are instantiated (element names "x[1]"), but partitions and
  // threads run under names generated code and the supervisor use as identifiers:
  // each array that holds one is refused once, at its declaration.
  bool refuseArrays() {
    std::set<std::string> reported;
    std::vector<const ComponentInstance*> running = processes_;
    for (const ComponentInstance* t : model_.components(ComponentCategory::Thread)) running.push_back(t);
    for (const ComponentInstance* c : running)
      for (const ComponentInstance* a = c; a; a = a->parent) {
        if (a->indices.empty()) continue;
        std::string array = a->parent ? a->parent->pathFromRoot() : "";
        array += (array.empty() ? "" : ".") + std::string(a->name.substr(0, a->name.find('[')));
        if (reported.insert(array).second)
          error(a->location, "component array " + inQuotes(array) + " holds " +
                                 (c->category == ComponentCategory::Thread ? "threads" : "processes") +
                                 ": bulkhead does not run arrays of processes or threads (check and instance keep "
                                 "them; declare the elements one by one to run them)");
        break;
      }
    return !reported.empty();
  }

  // Modes are instantiated without their mode logic (every mode-specific
  // element always applies): running that would run a different system than
  // the model says, so each component with modes is refused, once per
  // declaration.
  bool refuseModes() {
    std::set<std::pair<std::string, int>> reported;
    std::vector<const ComponentInstance*> pending{model_.root.get()};
    while (!pending.empty()) {
      const ComponentInstance* c = pending.back();
      pending.pop_back();
      for (const auto& s : c->subcomponents) pending.push_back(s.get());
      if (!c->modes || !reported.insert({c->modes->file, c->modes->line}).second) continue;
      const std::string what = c->parent ? std::string(model::toString(c->category)) + " " + inQuotes(c->pathFromRoot())
                                         : "the system " + c->classifierName;
      error(*c->modes, what + " has modes: bulkhead does not run modal systems (check and instance accept them, "
                              "with every mode-specific element applied; run and sim would run a different system)");
    }
    return !reported.empty();
  }

  static DataTypeDefaults defaults(const model::InstanceModel& model) {
    DataTypeDefaults d;
    if (!model.root) return d;
    if (auto w = integerOf(model.root->properties, "HAMR", "Default_Bit_Width"); w && *w > 0 && *w <= 64)
      d.bitWidth = static_cast<std::uint32_t>(*w);
    if (auto n = integerOf(model.root->properties, "HAMR", "Default_Max_Sequence_Size"); n && *n > 0)
      d.maxSequenceSize = static_cast<std::uint64_t>(*n);
    if (auto n = integerOf(model.root->properties, "HAMR", "Max_String_Size"); n && *n > 0)
      d.maxStringSize = static_cast<std::uint64_t>(*n);
    return d;
  }

  void error(SourceLocation at, std::string message) { errors_.items.push_back(makeError(std::move(at), std::move(message))); }

  static void collectThreads(const ComponentInstance& c, std::vector<const ComponentInstance*>& out) {
    for (const auto& sub : c.subcomponents) {
      if (sub->category == ComponentCategory::Thread) out.push_back(sub.get());
      else if (sub->category == ComponentCategory::ThreadGroup) collectThreads(*sub, out);
    }
  }

  void addPartition(const ComponentInstance& process) {
    Partition partition;
    partition.name = process.name;
    partition.instanceName = process.qualifiedName;
    partition.classifier = process.classifierName;
    partition.kind = model::isVirtualMachine(model_, process) ? PartitionKind::VirtualMachine : PartitionKind::Native;
    auto stated = domainOf(process, domainMapping_);
    if (!stated) errors_.items.push_back(stated.error());
    std::optional<StatedDomain> domain = stated ? *stated : std::nullopt;
    domains_.push_back(domain);
    partition.domain = domain && domain->domain >= 0 && domain->domain <= 1'000'000 ? static_cast<int>(domain->domain) : -1;
    if (domain && partition.domain < 0)
      error(domain->location,
            "process " + inQuotes(process.name) + " has domain " + std::to_string(domain->domain) + ", which is not a domain number");

    std::vector<const ComponentInstance*> threads;
    collectThreads(process, threads);
    if (threads.empty()) error(process.location, "process " + inQuotes(process.name) + " has no thread");
    const int partitionIndex = static_cast<int>(plan_.partitions.size());
    for (const ComponentInstance* thread : threads) {
      if (auto t = makeThread(*thread, partitionIndex, static_cast<int>(partition.threads.size())))
        partition.threads.push_back(std::move(*t));
      else
        for (const auto& feature : thread->features) failedPorts_.insert(feature.get());  // reported with the thread
    }
    partition.limits = limitsOf(process, threads);
    partition.health = healthPolicyOf(process, partition.kind, errors_);
    plan_.partitions.push_back(std::move(partition));
  }

  // Bulkhead::Memory_Limit, else the declared sizes plus room for the
  // runtime and libraries (model/predeclared/Bulkhead.aadl).
  static PartitionLimits limitsOf(const ComponentInstance& process, const std::vector<const ComponentInstance*>& threads) {
    PartitionLimits limits;
    auto bytes = [](std::int64_t bits) { return static_cast<std::uint64_t>(bits > 0 ? (bits + 7) / 8 : 0); };
    if (auto limit = integerOf(process.properties, "Bulkhead", "Memory_Limit")) {
      limits.memoryBytes = bytes(*limit);
    } else {
      std::uint64_t declared = 0;
      auto add = [&](const ComponentInstance& c) {
        for (const char* size : {"Code_Size", "Data_Size", "Stack_Size", "Heap_Size"})
          if (auto bits = integerOf(c.properties, "Memory_Properties", size)) declared += bytes(*bits);
      };
      add(process);
      for (const ComponentInstance* t : threads) add(*t);
      if (declared > 0) limits.memoryBytes = declared + (64ull << 20);
    }
    if (auto tasks = integerOf(process.properties, "Bulkhead", "Max_Tasks"); tasks && *tasks > 0)
      limits.maxTasks = static_cast<std::uint64_t>(*tasks);
    if (auto cpu = integerOf(process.properties, "Bulkhead", "CPU_Limit"); cpu && *cpu > 0 && *cpu <= 100)
      limits.cpuPercent = static_cast<std::uint32_t>(*cpu);
    return limits;
  }

  std::optional<Thread> makeThread(const ComponentInstance& c, int partitionIndex, int threadIndex) {
    Thread thread;
    thread.name = c.name;
    thread.instanceName = c.qualifiedName;
    thread.classifier = c.classifierName;
    auto dispatch = enumerationOf(c.properties, "Thread_Properties", "Dispatch_Protocol");
    if (!dispatch) {
      error(c.location, "thread " + inQuotes(c.pathFromRoot()) + " has no Dispatch_Protocol (Periodic or Sporadic)");
      return std::nullopt;
    }
    if (equalsIgnoreCase(*dispatch, "Periodic")) thread.dispatch = DispatchProtocol::Periodic;
    else if (equalsIgnoreCase(*dispatch, "Sporadic")) thread.dispatch = DispatchProtocol::Sporadic;
    else {
      error(whereSet(c.properties, "Thread_Properties", "Dispatch_Protocol", c.location),
            "thread " + inQuotes(c.pathFromRoot()) + " has Dispatch_Protocol " + *dispatch +
                ", which bulkhead does not run (Periodic or Sporadic)");
      return std::nullopt;
    }
    thread.period = integerOf(c.properties, "Timing_Properties", "Period").value_or(0);
    if (thread.dispatch == DispatchProtocol::Periodic && thread.period <= 0) {
      error(c.location, "periodic thread " + inQuotes(c.pathFromRoot()) + " has no Period");
      return std::nullopt;
    }
    if (const PropertyValue* cet = c.lookup("Timing_Properties", "Compute_Execution_Time")) {
      const PropertyValue* upper = cet->kind == PropertyValue::Kind::Range ? cet->rangeMaximum() : cet;
      thread.computeExecutionTime = upper ? upper->asInteger().value_or(0) : 0;
    }
    // HAMR::Microkit_Language: on the thread, else on its process.
    auto language = enumerationOf(c.properties, "HAMR", "Microkit_Language");
    if (!language && c.parent) language = enumerationOf(c.parent->properties, "HAMR", "Microkit_Language");
    if (language && equalsIgnoreCase(*language, "Rust")) thread.language = MicrokitLanguage::Rust;
    for (const auto& feature : c.features) {
      if (!model::isPort(feature->category)) continue;
      if (auto port = makePort(*feature)) {
        portIndex_[feature.get()] = {partitionIndex, threadIndex, static_cast<int>(thread.ports.size())};
        thread.ports.push_back(std::move(*port));
      } else {
        failedPorts_.insert(feature.get());  // reported; its connections are not reported again
      }
    }
    return thread;
  }

  std::optional<Port> makePort(const FeatureInstance& f) {
    Port port;
    port.name = f.name;
    const std::string where = inQuotes(portPath(f));
    if (f.direction == model::Direction::In) port.direction = Direction::In;
    else if (f.direction == model::Direction::Out) port.direction = Direction::Out;
    else {
      error(f.location, "port " + where + " is 'in out'; bulkhead supports in and out ports only");
      return std::nullopt;
    }
    port.category = f.category == FeatureCategory::DataPort    ? PortCategory::Data
                    : f.category == FeatureCategory::EventPort ? PortCategory::Event
                                                               : PortCategory::EventData;
    if (port.category != PortCategory::Event) {
      if (!f.dataClassifier) {
        error(f.location, f.dataClassifierName.empty()
                              ? "port " + where + " has no data type, so its values cannot be encoded"
                              : "port " + where + ": unknown data classifier " + f.dataClassifierName);
        return std::nullopt;
      }
      if (failedTypes_.contains(f.dataClassifier)) return std::nullopt;  // reported at its first port
      auto type = types_.build(*f.dataClassifier);
      if (!type) {
        Diagnostic d = type.error();
        d.notes.push_back(makeNote(f.location, "port " + where + " carries it"));
        errors_.items.push_back(std::move(d));
        failedTypes_.insert(f.dataClassifier);
        return std::nullopt;
      }
      port.dataType = **type;
      dataClassifiers_[&f] = f.dataClassifier;
    }
    if (auto size = integerOf(f.properties, "Communication_Properties", "Queue_Size")) {
      if (*size < 1 || *size > (1 << 20)) {
        error(whereSet(f.properties, "Communication_Properties", "Queue_Size", f.location),
              "port " + where + " has Queue_Size " + std::to_string(*size) + "; it must be from 1 to 1048576");
        return std::nullopt;
      }
      port.queueSize = static_cast<std::uint32_t>(*size);
    }
    if (auto overflow = enumerationOf(f.properties, "Communication_Properties", "Overflow_Handling_Protocol")) {
      if (equalsIgnoreCase(*overflow, "DropOldest")) port.overflow = OverflowHandling::DropOldest;
      else if (equalsIgnoreCase(*overflow, "DropNewest")) port.overflow = OverflowHandling::DropNewest;
      else if (equalsIgnoreCase(*overflow, "Error")) port.overflow = OverflowHandling::Error;
    }
    return port;
  }

  Port& portAt(const PortIndex& i) {
    return plan_.partitions[static_cast<size_t>(i.partition)].threads[static_cast<size_t>(i.thread)].ports[static_cast<size_t>(i.port)];
  }

  // The channel's largest payload (design section 4) and the check that the
  // type fits it: HAMR::Bit_Codec_Max_Size (port, connection, data type or
  // system), else Data_Size of the data type, else the type's own size.
  std::uint64_t channelMaxBits(const FeatureInstance& source, const model::SemanticConnection& connection,
                               const std::string& channelName) {
    const model::DataClassifier* classifier = dataClassifiers_[&source];
    const Port& port = portAt(portIndex_.at(&source));
    if (!classifier || !port.dataType) return 0;
    auto typeSize = wire::maxBits(*port.dataType);
    if (!typeSize) {
      error(source.location, "channel " + channelName + ": " + typeSize.error().message);
      return 0;
    }
    const std::optional<std::uint64_t> typeBits = *typeSize;
    std::optional<std::uint64_t> limit;
    std::string limitName;
    SourceLocation limitAt;
    const std::array<const PropertyMap*, 4> places{&source.properties, &connection.properties, &classifier->properties,
                                                   &model_.root->properties};
    for (const PropertyMap* properties : places) {
      if (auto bits = integerOf(*properties, "HAMR", "Bit_Codec_Max_Size")) {
        limit = static_cast<std::uint64_t>(std::max<std::int64_t>(*bits, 0));
        limitName = "HAMR::Bit_Codec_Max_Size";
        limitAt = whereSet(*properties, "HAMR", "Bit_Codec_Max_Size", source.location);
        break;
      }
    }
    if (!limit)
      if (auto bits = integerOf(classifier->properties, "Memory_Properties", "Data_Size")) {
        limit = static_cast<std::uint64_t>(std::max<std::int64_t>(*bits, 0));
        limitName = "Data_Size of " + classifier->qualifiedName;
        limitAt = whereSet(classifier->properties, "Memory_Properties", "Data_Size", classifier->location);
      }
    if (!limit) return typeBits.value_or(0);
    if (typeBits && *typeBits > *limit)
      error(limitAt, "a payload of " + port.dataType->name + " needs up to " + std::to_string(*typeBits) +
                         " bits but channel " + channelName + " holds at most " + std::to_string(*limit) + " bits (" +
                         limitName + ")");
    return *limit;
  }

  void addConnectionChannels() {
    // One channel per source port, in the order the connections come.
    std::vector<const FeatureInstance*> sources;
    std::map<const FeatureInstance*, std::vector<const model::SemanticConnection*>> bySource;
    for (const model::SemanticConnection& connection : model_.connections) {
      if (connection.connectionCategory != model::ConnectionCategory::Port) {
        reportAccess(connection);
        continue;
      }
      if (!connection.source || !connection.destination) {
        // A port connection may read or write a data component (AADL, OSATE); partitions share no memory.
        const ComponentInstance* data = connection.sourceComponent ? connection.sourceComponent : connection.destinationComponent;
        if (data)
          warnings_.items.push_back(makeWarning(connection.location, "connection " + connection.name() +
                                                                         " is not run: it joins a port with data component " +
                                                                         inQuotes(data->pathFromRoot())));
        continue;
      }
      if (failedPorts_.contains(connection.source) || failedPorts_.contains(connection.destination)) continue;
      // Connection instances end where the model's connections end (OSATE's
      // instance): at a device, a root system port, a process without threads.
      const FeatureInstance* outside = nullptr;
      for (const FeatureInstance* end : {connection.source, connection.destination})
        if (!outside && !portIndex_.contains(end)) outside = end;
      if (outside) {
        warnings_.items.push_back(makeWarning(connection.location, "connection " + connection.name() + " is not run: " +
                                                                       inQuotes(portPath(*outside)) +
                                                                       " is not a port of a thread in a process"));
        continue;
      }
      if (connection.source->category != connection.destination->category) {
        error(connection.location, "connection " + connection.name() + " joins " +
                                       std::string(model::toString(connection.source->category)) + " " +
                                       inQuotes(portPath(*connection.source)) + " and " +
                                       std::string(model::toString(connection.destination->category)) + " " +
                                       inQuotes(portPath(*connection.destination)) +
                                       "; bulkhead runs connections between ports of one category only");
        continue;
      }
      if (!bySource.contains(connection.source)) sources.push_back(connection.source);
      bySource[connection.source].push_back(&connection);
    }
    for (const FeatureInstance* source : sources) {
      Channel channel;
      const PortIndex from = portIndex_.at(source);
      channel.name = portPath(*source);
      channel.role = ChannelRole::Connection;
      channel.category = portAt(from).category;
      channel.rawBitCodec = rawBitCodec_;
      channel.sender = Endpoint{from.partition, from.thread, from.port, portAt(from).queueSize};
      const int channelIndex = static_cast<int>(plan_.channels.size());
      portAt(from).channel = channelIndex;
      std::uint32_t queueSize = 1;
      const Port* firstReceiver = nullptr;
      for (const model::SemanticConnection* connection : bySource[source]) {
        const PortIndex to = portIndex_.at(connection->destination);
        Port& receiver = portAt(to);
        if (receiver.channel == channelIndex) continue;  // the same connection declared twice
        const FeatureInstance& destination = *connection->destination;
        if (receiver.channel >= 0) {
          error(destination.location, "port " + inQuotes(portPath(destination)) +
                                          " receives from more than one source port (" +
                                          plan_.channels[static_cast<size_t>(receiver.channel)].name + " and " +
                                          channel.name + "); fan-in is not supported");
          continue;
        }
        if (firstReceiver && receiver.overflow != firstReceiver->overflow)
          error(whereSet(destination.properties, "Communication_Properties", "Overflow_Handling_Protocol",
                         destination.location),
                "port " + inQuotes(portPath(destination)) + " has Overflow_Handling_Protocol " +
                    contract::name(receiver.overflow) + " but another receiver of channel " + channel.name + " has " +
                    contract::name(firstReceiver->overflow) + "; the receivers of one source port must agree");
        if (!firstReceiver) firstReceiver = &receiver;
        receiver.channel = channelIndex;
        receiver.receiverIndex = static_cast<int>(channel.receivers.size());
        channel.receivers.push_back(Endpoint{to.partition, to.thread, to.port, receiver.queueSize});
        queueSize = std::max(queueSize, receiver.queueSize);
      }
      channel.queueSize = channel.category == PortCategory::Data ? 1 : queueSize;
      channel.overflow = firstReceiver ? firstReceiver->overflow : OverflowHandling::DropOldest;
      channel.maxBits = channelMaxBits(*source, *bySource[source].front(), channel.name);
      // A payload too large for any shared-memory slot.
      if (auto laid = layOut(channel); !laid)
        error(source->location, "channel " + channel.name + ": " + laid.error().message);
      plan_.channels.push_back(std::move(channel));
    }
  }

  // The partition (process) a component belongs to, or null.
  static const ComponentInstance* partitionOf(const ComponentInstance* c) {
    for (; c; c = c->parent)
      if (c->category == ComponentCategory::Process) return c;
    return nullptr;
  }

  // Access connections: partitions share no memory, so an access from a
  // thread to data (or a subprogram) outside its partition is not run.
  void reportAccess(const model::SemanticConnection& connection) {
    if (connection.connectionCategory == model::ConnectionCategory::BusAccess) return;  // hardware, no behaviour
    if (connection.connectionCategory == model::ConnectionCategory::Feature ||
        connection.connectionCategory == model::ConnectionCategory::FeatureGroup) {
      warnings_.items.push_back(makeWarning(connection.location,
                                            std::string(model::toString(connection.connectionCategory)) +
                                                " connection " + connection.name() +
                                                " is not run: bulkhead runs port connections between threads"));
      return;
    }
    const ComponentInstance* ends[] = {
        connection.sourceComponent ? connection.sourceComponent : connection.source ? connection.source->owner : nullptr,
        connection.destinationComponent ? connection.destinationComponent
        : connection.destination        ? connection.destination->owner
                                        : nullptr};
    const ComponentInstance* a = partitionOf(ends[0]);
    const ComponentInstance* b = partitionOf(ends[1]);
    if (a == b) return;  // within one partition: the partition's own memory
    warnings_.items.push_back(makeWarning(
        connection.location, std::string(model::toString(connection.connectionCategory)) + " connection " +
                                 connection.name() + " crosses partitions (" +
                                 (a ? inQuotes(a->name) : std::string("outside any process")) + " and " +
                                 (b ? inQuotes(b->name) : std::string("outside any process")) +
                                 "): partitions share no memory, so bulkhead does not run this access"));
  }

  // The pacer's tick (design section 5): an Integer_8 event data channel of
  // queue size 1 without a sender port, received by the partition as a whole.
  void addPeriodQueues() {
    for (size_t p = 0; p < plan_.partitions.size(); ++p) {
      Partition& partition = plan_.partitions[p];
      bool periodic = std::any_of(partition.threads.begin(), partition.threads.end(),
                                  [](const Thread& t) { return t.dispatch == DispatchProtocol::Periodic; });
      if (!periodic) continue;
      Channel queue;
      queue.name = partition.name + ".period_queue";
      queue.role = ChannelRole::PeriodQueue;
      queue.category = PortCategory::EventData;
      queue.queueSize = contract::kPeriodQueueSize;
      queue.maxBits = contract::kPeriodTickBits;
      queue.rawBitCodec = rawBitCodec_;
      queue.receivers.push_back(Endpoint{static_cast<int>(p), -1, -1, 1});
      (void)layOut(queue);  // an 8-bit queue of one always fits
      partition.periodChannel = static_cast<int>(plan_.channels.size());
      plan_.channels.push_back(std::move(queue));
    }
  }

  const ComponentInstance* physicalProcessor(const ComponentInstance* c) const {
    for (int hops = 0; c && c->category == ComponentCategory::VirtualProcessor && hops < 16; ++hops) {
      auto targets = referencesOf(c->properties, "Deployment_Properties", "Actual_Processor_Binding");
      c = !targets.empty() ? model_.findComponent(targets.front()) : c->parent;
    }
    return c && c->category == ComponentCategory::Processor ? c : nullptr;
  }

  // The processor whose schedule runs: the one the processes are bound to,
  // else the only processor of the model.
  const ComponentInstance* scheduleProcessor() {
    std::set<const ComponentInstance*> bound;
    for (const ComponentInstance* process : processes_)
      for (const std::string& target : referencesOf(process->properties, "Deployment_Properties", "Actual_Processor_Binding"))
        if (const ComponentInstance* p = physicalProcessor(model_.findComponent(target))) bound.insert(p);
    // Several nodes (placement.hpp) run one frame: the first processor's schedule.
    if (bound.size() > 1) return frameProcessor(model_, {bound.begin(), bound.end()}, errors_);
    if (bound.size() == 1) return *bound.begin();
    auto processors = model_.components(ComponentCategory::Processor);
    if (processors.size() > 1)
      error(model_.root->location, "the model has " + std::to_string(processors.size()) +
                                       " processors and no Actual_Processor_Binding says which one runs the processes");
    return processors.size() == 1 ? processors.front() : nullptr;
  }

  // A periodic thread runs once every Period/Frame_Period frames (the design's
  // frame counting), so its Period must be a whole number of frames. OSATE
  // accepts any Period: this is the plan's requirement, not the model's.
  void checkPeriodsFitTheFrame(Nanoseconds framePeriod, const SourceLocation& frameAt) {
    if (framePeriod <= 0) return;
    for (const ComponentInstance* process : processes_) {
      std::vector<const ComponentInstance*> threads;
      collectThreads(*process, threads);
      for (const ComponentInstance* t : threads) {
        auto dispatch = enumerationOf(t->properties, "Thread_Properties", "Dispatch_Protocol");
        auto period = integerOf(t->properties, "Timing_Properties", "Period");
        if (!dispatch || !equalsIgnoreCase(*dispatch, "Periodic") || !period || *period <= 0) continue;
        if (*period % framePeriod == 0) continue;
        Diagnostic d = makeError(whereSet(t->properties, "Timing_Properties", "Period", t->location),
                                 "Period " + millisecondsText(*period) + " of thread " + inQuotes(t->pathFromRoot()) +
                                     " is not a multiple of Frame_Period " + millisecondsText(framePeriod) +
                                     ": bulkhead dispatches a periodic thread every Period/Frame_Period frames");
        d.notes.push_back(makeNote(frameAt, "Frame_Period is set here"));
        errors_.items.push_back(std::move(d));
      }
    }
  }

  void addSchedule() {
    const ComponentInstance* processor = scheduleProcessor();
    const PropertyMap noProperties;
    const PropertyMap& props = processor ? processor->properties : noProperties;
    const SourceLocation processorAt = processor ? processor->location : model_.root->location;

    ScheduleTiming timing;
    timing.processor = processorAt;
    // Without a processor (or its properties): 1 ms ticks, and a frame as
    // long as the shortest periodic thread's Period (1000 ms if none).
    Nanoseconds shortestPeriod = 0;
    for (const Partition& p : plan_.partitions)
      for (const Thread& t : p.threads)
        if (t.dispatch == DispatchProtocol::Periodic && (shortestPeriod == 0 || t.period < shortestPeriod))
          shortestPeriod = t.period;
    timing.clockPeriod = integerOf(props, "Timing_Properties", "Clock_Period").value_or(1 * ms);
    timing.framePeriod = integerOf(props, "Timing_Properties", "Frame_Period").value_or(shortestPeriod > 0 ? shortestPeriod : 1000 * ms);
    timing.maxDomain = static_cast<int>(std::clamp<std::int64_t>(
        integerOf(props, "CASE_Scheduling", "Max_Domain").value_or(0), 0, 1'000'000));
    SourceLocation frameAt = whereSet(props, "Timing_Properties", "Frame_Period", processorAt);
    const model::PropertyAssociation* sourceText = props.find("CASE_Scheduling", "Schedule_Source_Text");
    // ARINC653's module schedule, when no schedule file decides.
    std::optional<ModuleSchedule> module;
    if (options_.scheduleFile.empty() && !sourceText && processor) {
      auto read = readModuleSchedule(model_, *processor);
      if (!read) {
        errors_.append(read.error());
        return;
      }
      module = std::move(*read);
    }
    if (module && module->majorFrame) {
      timing.framePeriod = *module->majorFrame;
      frameAt = module->majorFrameAt;
    }
    if (timing.clockPeriod <= 0) {
      error(whereSet(props, "Timing_Properties", "Clock_Period", processorAt), "Clock_Period must be positive");
      return;
    }
    if (timing.framePeriod <= 0 || timing.framePeriod % timing.clockPeriod != 0) {
      error(frameAt, "Frame_Period " + millisecondsText(timing.framePeriod) + " is not a positive multiple of Clock_Period " +
                         millisecondsText(timing.clockPeriod));
      return;
    }

    // The schedule file: `--schedule FILE`, else the processor's
    // Schedule_Source_Text, else (no module schedule either) the fallback
    // file. With a file, the file decides the domains.
    std::string givenFile = options_.scheduleFile;
    std::string givenBy = "--schedule";
    // A Schedule_Source_Text whose file is not there (HAMR's models name the
    // seL4 C file their Microkit output does without): the fallback file,
    // which is what HAMR's Microkit build runs, when there is one.
    if (givenFile.empty() && sourceText && !options_.fallbackScheduleFile.empty()) {
      auto written = sourceText->value.asString();
      std::error_code missing;
      if (written && !written->empty() &&
          !std::filesystem::exists(std::filesystem::path(sourceText->location.file).parent_path() / std::string(*written),
                                   missing) &&
          std::filesystem::is_regular_file(options_.fallbackScheduleFile, missing)) {
        givenFile = options_.fallbackScheduleFile;
        givenBy = options_.fallbackScheduleOrigin;
        warnings_.items.push_back(makeWarning(
            sourceText->location, "the domain schedule file '" + std::string(*written) +
                                      "' does not exist next to the model; the schedule is " + givenBy + "'s '" +
                                      givenFile + "'"));
      }
    }
    if (givenFile.empty() && !sourceText && !module && !options_.fallbackScheduleFile.empty()) {
      givenFile = options_.fallbackScheduleFile;
      givenBy = options_.fallbackScheduleOrigin;
      std::error_code missing;
      if (!std::filesystem::is_regular_file(givenFile, missing)) {
        error(SourceLocation{givenBy, 0, 0},
              "no domain schedule: '" + givenFile +
                  "' does not exist and the model names none (CASE_Scheduling::Schedule_Source_Text or "
                  "ARINC653::Module_Schedule); name one with --schedule FILE");
        return;
      }
    }
    const bool fromFile = !givenFile.empty() || sourceText != nullptr;
    if (module) bindToArincPartitions(*module);
    assignDomains(fromFile ? (givenFile.empty() ? "a Schedule_Source_Text" : givenBy)
                  : module ? "ARINC653::Module_Schedule"
                           : "");
    std::vector<PartitionDemand> demands;
    for (size_t i = 0; i < plan_.partitions.size(); ++i) {
      const Partition& p = plan_.partitions[i];
      PartitionDemand d{p.name, p.domain, 0, false, domains_[i] ? domains_[i]->location : processes_[i]->location};
      for (const Thread& t : p.threads) {
        d.demand = std::max(d.demand, t.computeExecutionTime);
        d.periodic = d.periodic || t.dispatch == DispatchProtocol::Periodic;
      }
      if (p.domain >= 0) demands.push_back(std::move(d));
    }
    if (!errors_.items.empty()) return;  // the schedule checks would only repeat earlier problems

    ScheduleLocations locations;
    if (fromFile) {
      std::filesystem::path path;
      std::string shown;  // DomainSchedule::source: as written, so the Plan does not depend on where it was run
      SourceLocation reference;
      if (!givenFile.empty()) {
        path = givenFile;
        shown = givenFile;
        reference = SourceLocation{givenBy, 0, 0};
      } else {
        auto written = sourceText->value.asString();
        if (!written || written->empty()) {
          error(sourceText->location, "CASE_Scheduling::Schedule_Source_Text must name a file");
          return;
        }
        // Relative to the file that names it, as a C #include would be.
        path = std::filesystem::path(sourceText->location.file).parent_path() / std::string(*written);
        shown = std::string(*written);
        reference = sourceText->location;
      }
      auto source = readScheduleSource(path, reference);
      if (!source) {
        errors_.items.push_back(source.error());
        return;
      }
      auto schedule = scheduleFromSource(*source, timing);
      if (!schedule) {
        errors_.items.push_back(schedule.error());
        return;
      }
      plan_.schedule = std::move(*schedule);
      plan_.schedule.source = shown;
      locations = locationsOf(*source);
    } else if (module) {
      padToFrame(module->source, timing.framePeriod);
      auto schedule = scheduleFromSource(module->source, timing);
      if (!schedule) {
        errors_.items.push_back(schedule.error());
        return;
      }
      plan_.schedule = std::move(*schedule);
      plan_.schedule.source = "ARINC653::Module_Schedule";
      locations = locationsOf(module->source);
    } else {
      for (const PartitionDemand& d : demands)
        if (d.demand <= 0)
          warnings_.items.push_back(makeWarning(
              d.location, "no thread of partition " + inQuotes(d.name) +
                              " has a Compute_Execution_Time; the generated default schedule gives domain " +
                              std::to_string(d.domain) + " a 10 ms window for it"));
      auto schedule = defaultSchedule(timing, demands, plan_.pacerDomain);
      if (!schedule) {
        errors_.items.push_back(schedule.error());
        return;
      }
      plan_.schedule = std::move(*schedule);
      locations = locationsOfDefault(timing);
    }
    plan_.schedule.pacing = pacingOf(plan_.schedule, plan_.pacerDomain, declaredPacing(processor));
    Diagnostics problems = checkSchedule(plan_.schedule, locations, demands, plan_.pacerDomain);
    errors_.append(problems);
    checkPeriodsFitTheFrame(timing.framePeriod, frameAt);
    if (errors_.items.empty()) assignPacerTicks(plan_);
  }

  // A process without a domain of its own that is bound to an ARINC653
  // partition (a virtual processor in the module schedule) runs in its domain.
  void bindToArincPartitions(const ModuleSchedule& module) {
    for (size_t i = 0; i < plan_.partitions.size(); ++i) {
      if (domains_[i]) continue;
      for (const std::string& target :
           referencesOf(processes_[i]->properties, "Deployment_Properties", "Actual_Processor_Binding")) {
        auto it = module.domainOf.find(model::toLower(target));
        if (it == module.domainOf.end()) continue;
        plan_.partitions[i].domain = it->second;
        domains_[i] = StatedDomain{it->second, whereSet(processes_[i]->properties, "Deployment_Properties",
                                                        "Actual_Processor_Binding", processes_[i]->location)};
        break;
      }
    }
  }

  // CASE_Scheduling::Pacing_Method on the processor, else on the root system.
  std::optional<Pacing> declaredPacing(const ComponentInstance* processor) const {
    for (const ComponentInstance* c : std::array<const ComponentInstance*, 2>{processor, model_.root.get()}) {
      if (!c) continue;
      const model::PropertyAssociation* a = c->properties.find("CASE_Scheduling", "Pacing_Method");
      if (!a || a->isDefault || !a->value.asEnumeration()) continue;
      return equalsIgnoreCase(*a->value.asEnumeration(), "Self_Pacing") ? Pacing::SelfPacing : Pacing::Pacer;
    }
    return std::nullopt;
  }

  // A process without a domain gets the smallest domain from 2 up that no
  // other process names, unless a schedule file is given (`fileSource` names
  // it): then the file decides the domains and every process must name its own.
  void assignDomains(const std::string& fileSource) {
    std::set<int> taken;
    for (const Partition& p : plan_.partitions) taken.insert(p.domain);
    int next = plan_.pacerDomain + 1;
    for (size_t i = 0; i < plan_.partitions.size(); ++i) {
      Partition& p = plan_.partitions[i];
      if (domains_[i]) continue;
      if (!fileSource.empty()) {
        error(processes_[i]->location, "process " + inQuotes(p.name) + " has no CASE_Scheduling::Domain; with " +
                                           fileSource + " every process must name its domain");
        continue;
      }
      while (taken.contains(next)) ++next;
      p.domain = next;
      taken.insert(next);
    }
  }

  const model::InstanceModel& model_;
  const PlanOptions& options_;
  DataTypeBuilder types_;
  Plan plan_;
  Diagnostics errors_;
  Diagnostics warnings_;
  bool rawBitCodec_ = false;
  std::vector<const ComponentInstance*> processes_;  // parallel to plan_.partitions
  std::vector<std::optional<StatedDomain>> domains_; // parallel to plan_.partitions: where each domain is stated
  DomainMapping domainMapping_;
  std::map<const FeatureInstance*, PortIndex> portIndex_;
  std::map<const FeatureInstance*, const model::DataClassifier*> dataClassifiers_;
  std::set<const model::DataClassifier*> failedTypes_;
  std::set<const FeatureInstance*> failedPorts_;
};

}  // namespace

std::expected<Plan, Diagnostics> buildPlan(const model::InstanceModel& model, Diagnostics* warnings) {
  return buildPlan(model, PlanOptions{}, warnings);
}

std::expected<Plan, Diagnostics> buildPlan(const model::InstanceModel& model, const PlanOptions& options,
                                           Diagnostics* warnings) {
  return PlanBuilder(model, options).build(warnings);
}

std::expected<Plan, Diagnostics> loadPlan(const std::vector<std::filesystem::path>& files, const std::string& root,
                                          Diagnostics* warnings) {
  return loadPlan(files, PlanOptions{root, ""}, warnings);
}

std::expected<Plan, Diagnostics> loadPlan(const std::vector<std::filesystem::path>& files, const PlanOptions& planOptions,
                                          Diagnostics* warnings) {
  model::LoadOptions options;
  options.root = planOptions.root;
  auto instance = model::loadModel(files, options);
  if (!instance) return std::unexpected(instance.error());
  Diagnostics all = instance->warnings;
  auto plan = buildPlan(*instance, planOptions, &all);
  if (!plan) {
    // Warnings first, then the errors, as they were found.
    all.append(plan.error());
    return std::unexpected(std::move(all));
  }
  if (warnings) warnings->append(all);
  return plan;
}

}  // namespace bulkhead::plan
