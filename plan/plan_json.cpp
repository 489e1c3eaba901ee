#include "plan/plan_json.hpp"

#include "plan/channel_geometry.hpp"

#include <array>
#include <cstdio>
#include <utility>

namespace bulkhead::plan {

using nlohmann::json;

namespace {

// Enumerations as their C++ names; one table per enumeration serves both
// directions.
template <typename E, size_t N>
using Names = std::array<std::pair<E, const char*>, N>;

constexpr Names<PortCategory, 3> portCategoryNames{{
    {PortCategory::Event, "Event"}, {PortCategory::Data, "Data"}, {PortCategory::EventData, "EventData"}}};
constexpr Names<Direction, 2> directionNames{{{Direction::In, "In"}, {Direction::Out, "Out"}}};
constexpr Names<OverflowHandling, 3> overflowNames{{{OverflowHandling::DropOldest, "DropOldest"},
                                                    {OverflowHandling::DropNewest, "DropNewest"},
                                                    {OverflowHandling::Error, "Error"}}};
constexpr Names<DispatchProtocol, 2> dispatchNames{
    {{DispatchProtocol::Periodic, "Periodic"}, {DispatchProtocol::Sporadic, "Sporadic"}}};
constexpr Names<PartitionKind, 2> kindNames{
    {{PartitionKind::Native, "Native"}, {PartitionKind::VirtualMachine, "VirtualMachine"}}};
constexpr Names<HealthAction, 4> healthActionNames{{{HealthAction::Report, "Report"},
                                                    {HealthAction::Restart, "Restart"},
                                                    {HealthAction::StopPartition, "Stop_Partition"},
                                                    {HealthAction::StopSystem, "Stop_System"}}};
constexpr Names<ChannelRole, 2> roleNames{{{ChannelRole::Connection, "Connection"}, {ChannelRole::PeriodQueue, "PeriodQueue"}}};
constexpr Names<Pacing, 2> pacingNames{{{Pacing::Pacer, "Pacer"}, {Pacing::SelfPacing, "SelfPacing"}}};
using TypeKind = wire::DataType::Kind;
constexpr Names<TypeKind, 8> typeKindNames{{{TypeKind::Boolean, "Boolean"},
                                           {TypeKind::Integer, "Integer"},
                                           {TypeKind::Unsigned, "Unsigned"},
                                           {TypeKind::Float, "Float"},
                                           {TypeKind::Character, "Character"},
                                           {TypeKind::String, "String"},
                                           {TypeKind::Record, "Record"},
                                           {TypeKind::Array, "Array"}}};

template <typename E, size_t N>
const char* nameOf(const Names<E, N>& names, E value) {
  for (const auto& [e, name] : names)
    if (e == value) return name;
  return "?";
}

json endpointJson(const Endpoint& e) {
  return {{"partition", e.partition}, {"thread", e.thread}, {"port", e.port}, {"queueSize", e.queueSize}};
}

// Reading: a cursor that knows its JSON path, so every error says where.
struct ReadError {
  std::string message;
};

class Reader {
 public:
  Reader(const json& value, std::string path) : value_(value), path_(std::move(path)) {}

  Reader operator[](const char* key) const {
    if (!value_.is_object()) fail("expected an object");
    auto it = value_.find(key);
    if (it == value_.end()) fail(std::string("missing key '") + key + "'");
    return Reader(*it, path_ + "/" + key);
  }
  bool has(const char* key) const { return value_.is_object() && value_.contains(key); }

  template <typename F>
  void forEach(F&& f) const {
    if (!value_.is_array()) fail("expected an array");
    for (size_t i = 0; i < value_.size(); ++i) f(Reader(value_[i], path_ + "/" + std::to_string(i)));
  }

  std::string string() const {
    if (!value_.is_string()) fail("expected a string");
    return value_.get<std::string>();
  }
  bool boolean() const {
    if (!value_.is_boolean()) fail("expected true or false");
    return value_.get<bool>();
  }
  template <typename T>
  T integer() const {
    if (!value_.is_number_integer()) fail("expected an integer");
    // Range-checked: a value that does not fit the field is an error, not a wrap.
    if (value_.is_number_unsigned()) {
      auto v = value_.get<std::uint64_t>();
      if (v > static_cast<std::uint64_t>(std::numeric_limits<T>::max())) fail("integer out of range");
      return static_cast<T>(v);
    }
    auto v = value_.get<std::int64_t>();
    if (v < static_cast<std::int64_t>(std::numeric_limits<T>::min()) ||
        (v > 0 && static_cast<std::uint64_t>(v) > static_cast<std::uint64_t>(std::numeric_limits<T>::max())))
      fail("integer out of range");
    return static_cast<T>(v);
  }
  template <typename E, size_t N>
  E enumeration(const Names<E, N>& names) const {
    std::string text = string();
    for (const auto& [e, name] : names)
      if (text == name) return e;
    std::string expected;
    for (const auto& [e, name] : names) expected += (expected.empty() ? "" : ", ") + std::string(name);
    fail("unknown value '" + text + "' (expected one of " + expected + ")");
  }

  [[noreturn]] void fail(const std::string& message) const {
    throw ReadError{(path_.empty() ? std::string("/") : path_) + ": " + message};
  }

 private:
  const json& value_;
  std::string path_;
};

wire::DataType readDataType(const Reader& r) {
  wire::DataType t;
  t.kind = r["kind"].enumeration(typeKindNames);
  t.name = r["name"].string();
  t.bitWidth = r["bitWidth"].integer<std::uint32_t>();
  t.maxLength = r["maxLength"].integer<std::uint64_t>();
  if (r.has("fields"))
    r["fields"].forEach([&t](const Reader& f) {
      t.fields.push_back({f["name"].string(), std::make_shared<const wire::DataType>(readDataType(f["type"]))});
    });
  if (r.has("element")) t.element = std::make_shared<const wire::DataType>(readDataType(r["element"]));
  if (r.has("enumerators")) r["enumerators"].forEach([&t](const Reader& e) { t.enumerators.push_back(e.string()); });
  return t;
}

Endpoint readEndpoint(const Reader& r) {
  return {r["partition"].integer<int>(), r["thread"].integer<int>(), r["port"].integer<int>(),
          r["queueSize"].integer<std::uint32_t>()};
}

Port readPort(const Reader& r) {
  Port p;
  p.name = r["name"].string();
  p.direction = r["direction"].enumeration(directionNames);
  p.category = r["category"].enumeration(portCategoryNames);
  if (r.has("dataType")) p.dataType = readDataType(r["dataType"]);
  p.queueSize = r["queueSize"].integer<std::uint32_t>();
  p.overflow = r["overflow"].enumeration(overflowNames);
  p.channel = r["channel"].integer<int>();
  p.receiverIndex = r["receiverIndex"].integer<int>();
  return p;
}

Thread readThread(const Reader& r) {
  Thread t;
  t.name = r["name"].string();
  t.instanceName = r["instanceName"].string();
  t.classifier = r["classifier"].string();
  t.dispatch = r["dispatch"].enumeration(dispatchNames);
  t.period = r["period"].integer<Nanoseconds>();
  t.computeExecutionTime = r["computeExecutionTime"].integer<Nanoseconds>();
  if (r.has("microkitLanguage"))
    t.language = r["microkitLanguage"].enumeration(Names<MicrokitLanguage, 2>{
        {{MicrokitLanguage::C, "C"}, {MicrokitLanguage::Rust, "Rust"}}});
  r["ports"].forEach([&t](const Reader& p) { t.ports.push_back(readPort(p)); });
  return t;
}

Partition readPartition(const Reader& r) {
  Partition p;
  p.name = r["name"].string();
  p.instanceName = r["instanceName"].string();
  p.classifier = r["classifier"].string();
  p.domain = r["domain"].integer<int>();
  p.kind = r["kind"].enumeration(kindNames);
  r["threads"].forEach([&p](const Reader& t) { p.threads.push_back(readThread(t)); });
  p.periodChannel = r["periodChannel"].integer<int>();
  p.ticksPerFrame = r["ticksPerFrame"].integer<std::uint32_t>();
  if (r.has("limits")) {
    const Reader l = r["limits"];
    p.limits.memoryBytes = l["memoryBytes"].integer<std::uint64_t>();
    p.limits.maxTasks = l["maxTasks"].integer<std::uint64_t>();
    p.limits.cpuPercent = l["cpuPercent"].integer<std::uint32_t>();
  }
  if (r.has("health")) {
    const Reader h = r["health"];
    p.health.action = h["action"].enumeration(healthActionNames);
    p.health.restartLimit = h["restartLimit"].integer<std::uint32_t>();
  }
  return p;
}

Channel readChannel(const Reader& r) {
  Channel c;
  c.name = r["name"].string();
  c.role = r["role"].enumeration(roleNames);
  c.category = r["category"].enumeration(portCategoryNames);
  c.queueSize = r["queueSize"].integer<std::uint32_t>();
  c.overflow = r["overflow"].enumeration(overflowNames);
  c.maxBits = r["maxBits"].integer<std::uint64_t>();
  c.rawBitCodec = r["rawBitCodec"].boolean();
  if (r.has("sender")) c.sender = readEndpoint(r["sender"]);
  r["receivers"].forEach([&c](const Reader& e) { c.receivers.push_back(readEndpoint(e)); });
  return c;
}

DomainSchedule readSchedule(const Reader& r) {
  DomainSchedule s;
  s.clockPeriod = r["clockPeriod"].integer<Nanoseconds>();
  s.framePeriod = r["framePeriod"].integer<Nanoseconds>();
  s.maxDomain = r["maxDomain"].integer<int>();
  s.source = r["source"].string();
  s.pacing = r["pacing"].enumeration(pacingNames);
  r["slots"].forEach([&s](const Reader& slot) {
    ScheduleSlot read{slot["domain"].integer<int>(), slot["ticks"].integer<std::uint64_t>(),
                      slot["start"].integer<Nanoseconds>(), slot["length"].integer<Nanoseconds>(), {}};
    slot["paced"].forEach([&read](const Reader& p) { read.paced.push_back(p.integer<int>()); });
    s.slots.push_back(std::move(read));
  });
  return s;
}

json placementJson(const Plan& plan) {
  json nodes = json::array();
  for (const Node& n : plan.nodes)
    nodes.push_back({{"name", n.name}, {"instanceName", n.instanceName}, {"partitions", n.partitions}});
  json buses = json::array();
  for (const Bus& b : plan.buses) buses.push_back({{"name", b.name}, {"instanceName", b.instanceName}, {"nodes", b.nodes}});
  json remote = json::array();
  for (const RemoteChannel& r : plan.remoteChannels)
    remote.push_back({{"channel", r.channel},
                      {"senderNode", r.senderNode},
                      {"receiverNode", r.receiverNode},
                      {"bus", r.bus},
                      {"receivers", r.receivers}});
  return {{"nodes", std::move(nodes)}, {"buses", std::move(buses)}, {"remoteChannels", std::move(remote)}};
}

std::vector<int> readIndices(const Reader& r) {
  std::vector<int> out;
  r.forEach([&out](const Reader& i) { out.push_back(i.integer<int>()); });
  return out;
}

void readPlacement(const Reader& r, Plan& plan) {
  r["nodes"].forEach([&plan](const Reader& n) {
    plan.nodes.push_back({n["name"].string(), n["instanceName"].string(), readIndices(n["partitions"])});
  });
  r["buses"].forEach([&plan](const Reader& b) {
    plan.buses.push_back({b["name"].string(), b["instanceName"].string(), readIndices(b["nodes"])});
  });
  r["remoteChannels"].forEach([&plan](const Reader& c) {
    plan.remoteChannels.push_back({c["channel"].integer<int>(), c["senderNode"].integer<int>(),
                                   c["receiverNode"].integer<int>(), c["bus"].integer<int>(), readIndices(c["receivers"])});
  });
}

}  // namespace

json toJson(const wire::DataType& type) {
  json j{{"kind", nameOf(typeKindNames, type.kind)},
         {"name", type.name},
         {"bitWidth", type.bitWidth},
         {"maxLength", type.maxLength}};
  if (!type.fields.empty()) {
    json fields = json::array();
    for (const wire::RecordField& f : type.fields)
      fields.push_back({{"name", f.name}, {"type", f.type ? toJson(*f.type) : json(nullptr)}});
    j["fields"] = std::move(fields);
  }
  if (type.element) j["element"] = toJson(*type.element);
  if (!type.enumerators.empty()) j["enumerators"] = type.enumerators;
  return j;
}

json toJson(const Plan& plan) {
  json partitions = json::array();
  for (const Partition& p : plan.partitions) {
    json threads = json::array();
    for (const Thread& t : p.threads) {
      json ports = json::array();
      for (const Port& port : t.ports) {
        json j{{"name", port.name},
               {"direction", nameOf(directionNames, port.direction)},
               {"category", nameOf(portCategoryNames, port.category)},
               {"queueSize", port.queueSize},
               {"overflow", nameOf(overflowNames, port.overflow)},
               {"channel", port.channel},
               {"receiverIndex", port.receiverIndex}};
        if (port.dataType) j["dataType"] = toJson(*port.dataType);
        ports.push_back(std::move(j));
      }
      json thread{{"name", t.name},
                  {"instanceName", t.instanceName},
                  {"classifier", t.classifier},
                  {"dispatch", nameOf(dispatchNames, t.dispatch)},
                  {"period", t.period},
                  {"computeExecutionTime", t.computeExecutionTime},
                  {"ports", std::move(ports)}};
      // Only when not the default, so models without it keep their fingerprint.
      if (t.language == MicrokitLanguage::Rust) thread["microkitLanguage"] = "Rust";
      threads.push_back(std::move(thread));
    }
    partitions.push_back({{"name", p.name},
                          {"instanceName", p.instanceName},
                          {"classifier", p.classifier},
                          {"domain", p.domain},
                          {"kind", nameOf(kindNames, p.kind)},
                          {"threads", std::move(threads)},
                          {"periodChannel", p.periodChannel},
                          {"ticksPerFrame", p.ticksPerFrame}});
    // Only when the model gives any (older plans and fingerprints stay as they were).
    if (p.limits != PartitionLimits{})
      partitions.back()["limits"] = {{"memoryBytes", p.limits.memoryBytes},
                                     {"maxTasks", p.limits.maxTasks},
                                     {"cpuPercent", p.limits.cpuPercent}};
    if (p.health != HealthPolicy{})
      partitions.back()["health"] = {{"action", nameOf(healthActionNames, p.health.action)},
                                     {"restartLimit", p.health.restartLimit}};
  }
  json channels = json::array();
  for (const Channel& c : plan.channels) {
    json receivers = json::array();
    for (const Endpoint& e : c.receivers) receivers.push_back(endpointJson(e));
    json j{{"name", c.name},
           {"role", nameOf(roleNames, c.role)},
           {"category", nameOf(portCategoryNames, c.category)},
           {"queueSize", c.queueSize},
           {"overflow", nameOf(overflowNames, c.overflow)},
           {"maxBits", c.maxBits},
           {"rawBitCodec", c.rawBitCodec},
           {"receivers", std::move(receivers)}};
    if (c.sender) j["sender"] = endpointJson(*c.sender);
    channels.push_back(std::move(j));
  }
  json slots = json::array();
  for (const ScheduleSlot& s : plan.schedule.slots)
    slots.push_back({{"domain", s.domain}, {"ticks", s.ticks}, {"start", s.start}, {"length", s.length}, {"paced", s.paced}});
  json out{{"system", plan.system},
           {"partitions", std::move(partitions)},
           {"channels", std::move(channels)},
           {"schedule",
            {{"clockPeriod", plan.schedule.clockPeriod},
             {"framePeriod", plan.schedule.framePeriod},
             {"maxDomain", plan.schedule.maxDomain},
             {"source", plan.schedule.source},
             {"pacing", nameOf(pacingNames, plan.schedule.pacing)},
             {"slots", std::move(slots)}}},
           {"pacerDomain", plan.pacerDomain}};
  // Placement only when there are several nodes (one-node plans and their fingerprints stay as they were).
  if (!plan.nodes.empty()) out["placement"] = placementJson(plan);
  return out;
}

std::expected<wire::DataType, std::string> dataTypeFromJson(const json& json) {
  try {
    return readDataType(Reader(json, ""));
  } catch (const ReadError& e) {
    return std::unexpected(e.message);
  }
}

std::expected<Plan, std::string> planFromJson(const json& json) {
  try {
    Reader r(json, "");
    Plan plan;
    plan.system = r["system"].string();
    r["partitions"].forEach([&plan](const Reader& p) { plan.partitions.push_back(readPartition(p)); });
    r["channels"].forEach([&plan](const Reader& c) { plan.channels.push_back(readChannel(c)); });
    plan.schedule = readSchedule(r["schedule"]);
    plan.pacerDomain = r["pacerDomain"].integer<int>();
    if (r.has("placement")) readPlacement(r["placement"], plan);
    if (auto laid = layOutChannels(plan); !laid) return std::unexpected(laid.error());
    return plan;
  } catch (const ReadError& e) {
    return std::unexpected(e.message);
  }
}

std::string canonicalJson(const Plan& plan) { return toJson(plan).dump(); }

std::uint64_t fingerprint(const Plan& plan) {
  std::uint64_t hash = 0xcbf29ce484222325ull;  // FNV-1a 64 offset basis
  for (unsigned char c : canonicalJson(plan)) {
    hash ^= c;
    hash *= 0x100000001b3ull;  // FNV-1a 64 prime
  }
  return hash;
}

std::string fingerprintHex(std::uint64_t value) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
  return text;
}

}  // namespace bulkhead::plan
