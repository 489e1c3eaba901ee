// The user's behaviour files, written once where missing and never
// overwritten: a class deriving from the generated base, with every entry
// point present and doing nothing but say it ran.
#include "codegen/cpp_type.hpp"
#include "codegen/emitters.hpp"
#include "codegen/names.hpp"

#include <fmt/format.h>

namespace bulkhead::codegen {

namespace {

std::vector<std::string> entryPoints(const plan::Thread& thread) {
  std::vector<std::string> names{"initialise"};
  if (thread.dispatch == plan::DispatchProtocol::Periodic) {
    names.push_back("timeTriggered");
  } else {
    for (const plan::Port& port : thread.ports)
      if (port.direction == plan::Direction::In && port.category != plan::PortCategory::Data)
        names.push_back("handle_" + port.name);
  }
  names.push_back("finalise");
  return names;
}

}  // namespace

std::string emitSkeletonHeader(const plan::Thread& thread) {
  std::string declarations;
  for (const std::string& name : entryPoints(thread)) declarations += "  void " + name + "() override;\n";
  return fmt::format(R"(#pragma once
// Behaviour of thread classifier {classifier}. Written once by `bulkhead gen`
// as a starting point; yours to edit, never overwritten.
#include "bulkhead_gen/{stem}_base.hpp"

class {cls} : public {base} {{
 public:
{declarations}}};
)",
                     fmt::arg("classifier", thread.classifier), fmt::arg("stem", behaviourFileStem(thread.classifier)),
                     fmt::arg("cls", behaviourClassName(thread.classifier)),
                     fmt::arg("base", baseClassName(thread.classifier)), fmt::arg("declarations", declarations));
}

std::string emitSkeletonSource(const plan::Thread& thread) {
  const std::string cls = behaviourClassName(thread.classifier);
  std::string ports;
  for (const plan::Port& port : thread.ports) {
    const bool in = port.direction == plan::Direction::In;
    std::string type = "?";
    if (port.dataType) {
      if (auto cpp = cppTypeOf(*port.dataType)) type = cpp->name;
    }
    if (port.category == plan::PortCategory::Event)
      ports += in ? "//   std::uint64_t get_" + port.name + "()   events at this dispatch\n"
                  : "//   void put_" + port.name + "()\n";
    else if (!in)
      ports += "//   void put_" + port.name + "(" + type + ")\n";
    else if (port.category == plan::PortCategory::Data)
      ports += "//   std::optional<bulkhead::runtime::Sample<" + type + ">> get_" + port.name + "()   .value, .fresh\n";
    else
      ports += "//   std::optional<" + type + "> get_" + port.name + "()   one element per dispatch\n";
  }
  std::string definitions;
  for (const std::string& name : entryPoints(thread))
    definitions += fmt::format("\nvoid {}::{}() {{\n  logDebug(\"{}\");\n}}\n", cls, name, name);
  return fmt::format(R"(// Behaviour of thread classifier {classifier} (see {stem}.hpp). The
// generated base {base} gives the typed ports:
{ports}// and logInfo/logDebug/logError. Puts are sent when the entry point returns.
#include "{stem}.hpp"
{definitions})",
                     fmt::arg("classifier", thread.classifier), fmt::arg("stem", behaviourFileStem(thread.classifier)),
                     fmt::arg("base", baseClassName(thread.classifier)), fmt::arg("ports", ports),
                     fmt::arg("definitions", definitions));
}

}  // namespace bulkhead::codegen
