#pragma once
// A fault a partition reports itself (today: a queue overflow on an in port
// with Overflow_Handling_Protocol => Error). The runtime writes it as one
// stderr line "<thread instance>: health: <what>"; the supervisor's health
// monitor recognises the marker, takes the line out of the forwarded output
// and reports it with the partition and the frame.
#include <cstdint>
#include <string>
#include <string_view>

namespace bulkhead::contract {

inline constexpr std::string_view kHealthMarker = ": health: ";

// What a thread logs after its own "<thread instance>: " prefix.
inline std::string healthMessage(std::string_view what) { return "health: " + std::string(what); }

// The overflow report of an in port whose Overflow_Handling_Protocol is Error.
inline std::string queueOverflow(std::string_view port, std::uint64_t dropped) {
  return "queue overflow on " + std::string(port) + " (Overflow_Handling_Protocol Error): " + std::to_string(dropped) +
         " dropped";
}

// Whether a line of a partition's stderr is a health report.
constexpr bool isHealthReport(std::string_view line) { return line.find(kHealthMarker) != std::string_view::npos; }

}  // namespace bulkhead::contract
