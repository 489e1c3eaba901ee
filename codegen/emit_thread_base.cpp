// The generated base of a thread classifier: typed put_/get_ per port,
// logging, pure virtual entry points.
#include "codegen/cpp_type.hpp"
#include "codegen/emitters.hpp"
#include "codegen/names.hpp"

#include <fmt/format.h>

namespace bulkhead::codegen {

namespace {

const char* categoryText(plan::PortCategory category) {
  switch (category) {
    case plan::PortCategory::Event: return "event port";
    case plan::PortCategory::Data: return "data port";
    case plan::PortCategory::EventData: break;
  }
  return "event data port";
}

bool triggers(const plan::Port& port) {
  return port.direction == plan::Direction::In && port.category != plan::PortCategory::Data;
}

// get_/put_ of a scalar value: the runtime's typed helpers.
std::string scalarPortApi(const plan::Port& port, std::size_t i, const std::string& t) {
  if (port.direction != plan::Direction::In)
    return fmt::format("  void put_{}({} value) {{ bulkhead::runtime::putScalar<{}>(context(), {}, value); }}\n", port.name,
                       t, t, i);
  if (port.category == plan::PortCategory::Data)
    return fmt::format(
        "  std::optional<bulkhead::runtime::Sample<{}>> get_{}() {{ return bulkhead::runtime::getScalarSample<{}>(context(), {}); }}\n",
        t, port.name, t, i);
  return fmt::format("  std::optional<{}> get_{}() {{ return bulkhead::runtime::getScalar<{}>(context(), {}); }}\n", t,
                     port.name, t, i);
}

// get_/put_ of any other value through the generic codec: toWire/fromWire
// (runtime's, or a generated record's found by argument-dependent lookup)
// and the type's description.
std::string codecPortApi(const plan::Port& port, std::size_t i, const std::string& t) {
  const std::string description = dataTypeFunction(*port.dataType);
  if (port.direction != plan::Direction::In)
    return fmt::format(
        "  void put_{}(const {}& value) {{\n    using bulkhead::runtime::toWire;\n"
        "    bulkhead::runtime::putValue(context(), {}, {}(), toWire(value));\n  }}\n",
        port.name, t, i, description);
  const std::string decode = fmt::format(
      "    auto value = bulkhead::runtime::getValue(context(), {}, {}());\n    {} out{{}};\n"
      "    using bulkhead::runtime::fromWire;\n    if (!value) return std::nullopt;\n"
      "    if (!fromWire(*value, out)) {{\n"
      "      context().logError(\"get_{}: the decoded value does not fit {}\");\n      return std::nullopt;\n    }}\n",
      i, description, t, port.name, t);
  if (port.category == plan::PortCategory::Data)
    return fmt::format(
        "  std::optional<bulkhead::runtime::Sample<{}>> get_{}() {{\n{}    return bulkhead::runtime::Sample<{}>{{out, context().isFresh({})}};\n  }}\n",
        t, port.name, decode, t, i);
  return fmt::format("  std::optional<{}> get_{}() {{\n{}    return out;\n  }}\n", t, port.name, decode);
}

// The typed API of port i: a comment naming it, get_/put_, dropped_.
std::expected<std::string, std::string> portApi(const plan::Thread& thread, std::size_t i) {
  const plan::Port& port = thread.ports[i];
  const bool in = port.direction == plan::Direction::In;
  const std::string typeName = port.dataType ? " " + port.dataType->name : "";
  std::string api = fmt::format("\n  // {}: {} {}{}\n", port.name, in ? "in" : "out", categoryText(port.category), typeName);
  if (port.category == plan::PortCategory::Event) {
    if (in)
      api += fmt::format("  std::uint64_t get_{}() {{ return context().events({}); }}\n", port.name, i);
    else
      api += fmt::format("  void put_{}() {{ context().put({}); }}\n", port.name, i);
    if (in) api += fmt::format("  std::uint64_t dropped_{}() const {{ return context().dropped({}); }}\n", port.name, i);
    return api;
  }
  if (!port.dataType) return std::unexpected("port " + thread.instanceName + "." + port.name + " has no data type");
  auto type = cppTypeOf(*port.dataType);
  if (!type) return std::unexpected("port " + thread.instanceName + "." + port.name + ": " + type.error());
  api += type->scalar ? scalarPortApi(port, i, type->name) : codecPortApi(port, i, type->name);
  if (in && port.category == plan::PortCategory::EventData)
    api += fmt::format("  std::uint64_t dropped_{}() const {{ return context().dropped({}); }}\n", port.name, i);
  return api;
}

// The pure virtual entry points and, for a sporadic thread, handlePort's
// switch from a port's index to its handle_<port>.
struct EntryPoints {
  std::string declarations;
  std::string handlePort;
};

EntryPoints entryPointsOf(const plan::Thread& thread, bool periodic) {
  EntryPoints out{"  void initialise() override = 0;\n", ""};
  std::string dispatchSwitch;
  if (periodic) {
    out.declarations += "  void timeTriggered() override = 0;\n";
  } else {
    for (std::size_t i = 0; i < thread.ports.size(); ++i) {
      if (!triggers(thread.ports[i])) continue;
      out.declarations += fmt::format("  virtual void handle_{}() = 0;\n", thread.ports[i].name);
      dispatchSwitch += fmt::format("      case {}: handle_{}(); break;\n", i, thread.ports[i].name);
    }
  }
  out.declarations += "  void finalise() override = 0;\n";
  if (!periodic)
    out.handlePort = fmt::format(
        "\n  void handlePort(int port) final {{\n    switch (port) {{\n{}      default: break;\n    }}\n  }}\n", dispatchSwitch);
  return out;
}

}  // namespace

std::expected<std::string, std::string> emitThreadBase(const plan::Thread& thread) {
  const std::string base = baseClassName(thread.classifier);
  const bool periodic = thread.dispatch == plan::DispatchProtocol::Periodic;
  std::string api;
  for (std::size_t i = 0; i < thread.ports.size(); ++i) {
    auto one = portApi(thread, i);
    if (!one) return std::unexpected(one.error());
    api += *one;
  }
  const EntryPoints entry = entryPointsOf(thread, periodic);

  return fmt::format(R"(#pragma once
// Generated by `bulkhead gen` from thread classifier {classifier}: its typed
// API. Do not edit: derive {behaviour} from it (behaviour/{stem}.hpp).
#include "bulkhead_gen/data_types.hpp"
#include "runtime/component.hpp"
#include "runtime/typed_ports.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

class {base} : public bulkhead::runtime::Component {{
 public:
  // Entry points ({protocol}). initialise may put, not get.
{entryPoints}
 protected:{api}
  // Logging: "<instance name>: <message>"; errors go to stderr.
  void logInfo(std::string_view message) {{ context().logInfo(message); }}
  void logDebug(std::string_view message) {{ context().logDebug(message); }}
  void logError(std::string_view message) {{ context().logError(message); }}
  // A line on stdout exactly as given.
  void print(std::string_view line) {{ context().print(line); }}
{handlePort}}};
)",
                     fmt::arg("classifier", thread.classifier), fmt::arg("behaviour", behaviourClassName(thread.classifier)),
                     fmt::arg("stem", behaviourFileStem(thread.classifier)), fmt::arg("base", base),
                     fmt::arg("protocol", periodic ? "periodic: timeTriggered once per period"
                                                   : "sporadic: handle_<port> for each port with input"),
                     fmt::arg("entryPoints", entry.declarations), fmt::arg("api", api), fmt::arg("handlePort", entry.handlePort));
}

}  // namespace bulkhead::codegen
