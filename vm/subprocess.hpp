#pragma once
// Runs a helper program to completion (kbuild's make), capturing its
// combined output: used only off the hot path, at image-build time.
// (Spawning itself is base/spawn.hpp's.)
#include "vm/vm_error.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace bulkhead::vm {

struct CommandResult {
  int exitStatus = -1;   // the exit code, or 128 + signal
  std::string output;    // stdout and stderr, interleaved
};

// Fails only if the program cannot be started; a non-zero exit is a result.
VmResult<CommandResult> runCommand(const std::vector<std::string>& argv,
                                   const std::filesystem::path& workingDirectory = {});

// The last `lines` lines of `text`, for error messages.
std::string lastLines(const std::string& text, int lines);

}  // namespace bulkhead::vm
