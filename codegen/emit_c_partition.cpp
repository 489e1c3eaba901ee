// A HAMR Microkit C partition's description for bulkhead's C runtime: the
// C layout of every port's type (sizeof/offsetof, so the C compiler decides
// it), the baked Plan slice, and the program's main.
#include "codegen/c_emitters.hpp"
#include "codegen/c_names.hpp"
#include "codegen/names.hpp"
#include "contract/ports.hpp"

#include <fmt/format.h>

#include <map>

namespace bulkhead::codegen {

namespace {

using Kind = wire::DataType::Kind;

const char* kindName(const wire::DataType& type) {
  switch (type.kind) {
    case Kind::Boolean: return "BULKHEAD_MK_BOOLEAN";
    case Kind::Integer: return "BULKHEAD_MK_INTEGER";
    case Kind::Unsigned: return type.enumerators.empty() ? "BULKHEAD_MK_UNSIGNED" : "BULKHEAD_MK_ENUM";
    case Kind::Float: return "BULKHEAD_MK_FLOAT";
    case Kind::Character: return "BULKHEAD_MK_CHARACTER";
    case Kind::String: return "BULKHEAD_MK_STRING";
    case Kind::Record: return "BULKHEAD_MK_RECORD";
    case Kind::Array: return "BULKHEAD_MK_ARRAY";
  }
  return "BULKHEAD_MK_INTEGER";
}

// The C runtime's constant for an enumerator ("EventData" ->
// BULKHEAD_MK_EVENT_DATA).
std::string cConstant(const char* enumerator) { return "BULKHEAD_MK_" + upperSnake(enumerator); }

// Emits the layout arrays a partition's ports need, each type once.
class LayoutEmitter {
 public:
  // The name of a one-node array describing `type` at offset 0.
  std::string top(const wire::DataType& type) {
    const std::string name = "layout_" + key(type);
    if (tops_.emplace(name, true).second)
      text_ += fmt::format("static const struct bulkhead_mk_layout {}[] = {{\n  {}\n}};\n\n", name, node(type, "0"));
    return name;
  }
  const std::string& text() const { return text_; }

 private:
  std::string key(const wire::DataType& type) {
    std::string c = cTypeOf(type);
    for (char& ch : c)
      if (ch == ' ' || ch == '*') ch = '_';
    return c;
  }

  // The children array of a record or array type, emitted before use.
  std::string children(const wire::DataType& type) {
    const std::string name = "layout_" + key(type) + "_children";
    if (!children_.emplace(name, true).second) return name;
    std::string nodes;
    if (type.kind == Kind::Record) {
      for (const wire::RecordField& field : type.fields)
        nodes += "  " + node(*field.type, fmt::format("offsetof({}, {})", cTypeOf(type), field.name)) + ",\n";
    } else {
      nodes = "  " + node(*type.element, "0") + ",\n";
    }
    text_ += fmt::format("static const struct bulkhead_mk_layout {}[] = {{\n{}}};\n\n", name, nodes);
    return name;
  }

  std::string node(const wire::DataType& type, const std::string& offset) {
    std::string childList = "NULL";
    std::uint64_t count = type.maxLength;
    if (type.kind == Kind::Record) {
      childList = children(type);
      count = type.fields.size();
    } else if (type.kind == Kind::Array) {
      childList = children(type);
    }
    return fmt::format("{{{}, {}, {}, sizeof({}), {}, {}}}", kindName(type), type.bitWidth, count, cTypeOf(type),
                       offset, childList);
  }

  std::map<std::string, bool> tops_, children_;
  std::string text_;
};

}  // namespace

std::string emitCPartition(const plan::Partition& partition, const runtime::PartitionSpec& slice) {
  LayoutEmitter layouts;
  std::string externs, ports, threads;
  for (std::size_t t = 0; t < partition.threads.size(); ++t) {
    const plan::Thread& thread = partition.threads[t];
    const runtime::ThreadSpec& spec = slice.threads[t];
    const std::string pd = microkitName(partition, thread);
    externs += fmt::format("extern const struct bulkhead_mk_thread_code {};\n", microkitThreadSymbol(pd));
    std::string list;
    for (std::size_t p = 0; p < spec.ports.size(); ++p) {
      const runtime::PortSpec& port = spec.ports[p];
      const plan::Port& planPort = thread.ports[p];
      const std::string layout = planPort.dataType ? layouts.top(*planPort.dataType) : "NULL";
      list += fmt::format("  {{{}, {}, {}, {}, {}, {}, {}u, {}, {}}},\n", stringLiteral(port.name),
                          port.direction == runtime::Direction::In ? "BULKHEAD_MK_IN" : "BULKHEAD_MK_OUT",
                          cConstant(contract::name(port.category)), port.queueSize, stringLiteral(port.dataType),
                          port.handover, port.channel.maxBits, cConstant(contract::name(port.channel.overflow)), layout);
    }
    const std::string portArray = spec.ports.empty() ? "NULL" : fmt::format("ports_{}", t);
    if (!spec.ports.empty())
      ports += fmt::format("static const struct bulkhead_mk_port ports_{}[] = {{\n{}}};\n\n", t, list);
    threads += fmt::format("  {{{}, {}, {}, {}, {}, {}, {}, {}, &{}}},\n", stringLiteral(spec.name),
                           stringLiteral(spec.instanceName), stringLiteral(spec.classifier),
                           spec.dispatch == runtime::DispatchProtocol::Periodic ? "BULKHEAD_MK_PERIODIC"
                                                                                : "BULKHEAD_MK_SPORADIC",
                           spec.period, spec.periodTicks, spec.ports.size(), portArray, microkitThreadSymbol(pd));
  }
  const std::string id = identifier(partition.name);
  return fmt::format(R"(/* Generated by `bulkhead gen --lang c`: HAMR Microkit C partition {name} ({instance}). Do not edit. */
#include <stddef.h>

#include "sb_types.h"
#include "bulkhead_microkit.h"

{externs}
{layouts}{ports}static const struct bulkhead_mk_thread threads[] = {{
{threads}}};

const struct bulkhead_mk_partition bulkhead_mk_partition_{id} = {{
  BULKHEAD_MK_ABI_VERSION,
  {qname},
  {qinstance},
  0x{fingerprint:016x}ull,
  {threadCount},
  threads,
  {periodQueue},
}};

#ifndef BULKHEAD_MK_NO_MAIN
int main(void) {{
  return bulkhead_mk_partition_main(&bulkhead_mk_partition_{id});
}}
#endif
)",
                     fmt::arg("name", partition.name), fmt::arg("instance", partition.instanceName),
                     fmt::arg("externs", externs), fmt::arg("layouts", layouts.text()), fmt::arg("ports", ports),
                     fmt::arg("threads", threads), fmt::arg("id", id), fmt::arg("qname", stringLiteral(slice.name)),
                     fmt::arg("qinstance", stringLiteral(slice.instanceName)),
                     fmt::arg("fingerprint", slice.planFingerprint),
                     fmt::arg("threadCount", slice.threads.size()), fmt::arg("periodQueue", slice.periodQueue));
}

}  // namespace bulkhead::codegen

namespace bulkhead::codegen {

std::string emitCRegistry(const plan::Plan& plan, std::uint64_t planFingerprint,
                          const std::vector<std::string>& partitions) {
  std::string externs, list;
  for (const std::string& name : partitions) {
    externs += fmt::format("extern const struct bulkhead_mk_partition bulkhead_mk_partition_{};\n", identifier(name));
    list += fmt::format("  &bulkhead_mk_partition_{},\n", identifier(name));
  }
  return fmt::format(R"(/* Generated by `bulkhead gen --lang c`: the C partitions of {system} as the
 * model registry of a simulation module (`bulkhead sim --hamr-microkit`). Do not edit. */
#include "bulkhead_microkit.h"

{externs}
static const struct bulkhead_mk_partition *const partitions[] = {{
{list}}};

const void *bulkhead_partition_registry(void) {{
  static const void *registry;
  if (registry == NULL) registry = bulkhead_mk_registry(partitions, {count}, 0x{fingerprint:016x}ull);
  return registry;
}}
)",
                     fmt::arg("system", plan.system), fmt::arg("externs", externs), fmt::arg("list", list),
                     fmt::arg("count", partitions.size()), fmt::arg("fingerprint", planFingerprint));
}

}  // namespace bulkhead::codegen
