#pragma once
// `bulkhead sim` end to end: load the model's Plan, load the behaviour
// code (simulation module), put the system together, run it for N frames
// with optional trace and stepping, and report. The CLI verb only parses
// options into SessionOptions.
#include "plan/build_plan.hpp"

#include <cstdint>
#include <filesystem>
#include <istream>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace bulkhead::sim {

struct SessionOptions {
  std::vector<std::filesystem::path> files;   // the model's .aadl files
  plan::PlanOptions planOptions;              // --root, --schedule, --hamr-microkit's schedule
  std::uint64_t frames = 10;
  std::optional<std::filesystem::path> trace; // Chrome trace-event JSON output
  std::optional<std::string> step;            // "slot" or "frame"
  std::optional<std::filesystem::path> module;// the simulation module; default: see defaultModulePath
  // The module built from `--hamr-microkit`'s C code: its partitions run
  // from it, the others (C++) from `module`, which is then loaded as well.
  std::optional<std::filesystem::path> cModule;
  std::filesystem::path executableDir;        // where bulkhead runs from (for the default module)
  bool colour = false;                        // diagnostics in colour
};

// Runs the session; partition output goes to stdout/stderr line by line,
// stepping reads `in` and writes to stdout. Returns the exit status: 0 when
// every frame ran, 1 on any error (reported on stderr).
int runSession(const SessionOptions& options, std::istream& in);

}  // namespace bulkhead::sim
