#include "runtime/art_registration.hpp"

namespace bulkhead::runtime {

std::string artPortMode(const PortSpec& port) {
  std::string mode = port.category == PortCategory::Data ? "data" : "event";
  return mode + (port.direction == Direction::In ? " in" : " out");
}

std::vector<std::string> artRegistrationLines(const ThreadSpec& thread) {
  const std::string name = artName(thread);
  const char* protocol = thread.dispatch == DispatchProtocol::Periodic ? "periodic" : "sporadic";
  std::vector<std::string> lines;
  lines.push_back("Art: Registered component: " + name + " (" + protocol + ": " +
                  std::to_string(thread.period / 1'000'000) + ")");
  for (const PortSpec& port : thread.ports)
    lines.push_back("Art: - Registered port: " + name + "_" + port.name + " (" + artPortMode(port) + ")");
  return lines;
}

}  // namespace bulkhead::runtime
