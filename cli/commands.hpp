#pragma once
// Each verb of `bulkhead` registers itself on the application; the verb's
// callback sets the process exit status through `exitStatus`.
#include <CLI/CLI.hpp>

#include <filesystem>

namespace bulkhead::cli {

// Exit status of a command line that cannot be parsed or is out of range.
inline constexpr int kUsageError = 2;

// The directory of the running bulkhead executable (its C runtime, the
// build's manifests and modules are found from there).
std::filesystem::path ownDirectory();

void addCheckCommand(CLI::App& app, int& exitStatus);
void addInstanceCommand(CLI::App& app, int& exitStatus);
void addPlanCommand(CLI::App& app, int& exitStatus);
void addGenCommand(CLI::App& app, int& exitStatus);
void addRunCommand(CLI::App& app, int& exitStatus);
void addSimCommand(CLI::App& app, int& exitStatus);
void addGraphCommand(CLI::App& app, int& exitStatus);
void addNewCommand(CLI::App& app, int& exitStatus);

}  // namespace bulkhead::cli
