#pragma once
// `--hamr-microkit DIR`: builds the partition programs of a model's HAMR
// Microkit C partitions from the user code in DIR (HAMR's layout,
// components/<pd>/src/<pd>_user.c) with the system C compiler, against the
// headers `gen --lang c` writes, linked with bulkhead's C runtime (design
// section 7a). Only the user files of the model's C threads are compiled,
// never HAMR's generated glue. Each thread's code is linked with its glue
// into one object whose only global symbol is its descriptor, so threads'
// globals (`counter`, `send`, `handle_read_port`, ...) never meet each
// other, libc or the runtime.
#include "plan/build_plan.hpp"
#include "plan/plan.hpp"

#include <cstdint>
#include <expected>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace bulkhead::codegen {

struct MicrokitBuildOptions {
  std::filesystem::path hamrDir;      // HAMR's Microkit output folder
  std::filesystem::path workDir;      // generated code, objects, programs
  std::filesystem::path cRuntimeDir;  // libbulkhead_c_partition.a and link.txt
  std::filesystem::path programsDir{};  // where the programs go; default <workDir>/partitions
  std::filesystem::path moduleFile{};   // the simulation module; default <workDir>/microkit.sim.so
};

struct MicrokitBuild {
  std::map<std::string, std::filesystem::path> programs;  // partition name -> program
  std::vector<std::string> notes;                         // Rust threads, user files of no C thread of the model
};

// The C partitions are those whose threads have user code in DIR (every
// thread of such a partition must have); a partition none of whose threads
// has any is left to the build's programs (C++ behaviour), with a note.
// Errors carry the compiler's diagnostics (the user's file:line) verbatim.
std::expected<MicrokitBuild, std::string> buildMicrokitPartitions(const plan::Plan& plan, std::uint64_t planFingerprint,
                                                                  const MicrokitBuildOptions& options);

// The same code as a simulation module for `bulkhead sim`:
// <workDir>/microkit.sim.so, whose registry holds the partitions DIR has
// user code for; the others come from the model's own module (C++).
struct MicrokitModule {
  std::filesystem::path module;
  std::vector<std::string> notes;
  std::vector<std::string> partitions;  // the C partitions it holds, Plan order
};
std::expected<MicrokitModule, std::string> buildMicrokitSimModule(const plan::Plan& plan, std::uint64_t planFingerprint,
                                                                  const MicrokitBuildOptions& options);

// DIR/microkit.schedule.xml, where HAMR writes the domain schedule: the
// schedule of `run`/`sim --hamr-microkit DIR` unless --schedule or the model
// names one. The Plan options that say so (the plan reports a missing file).
plan::PlanOptions withMicrokitSchedule(plan::PlanOptions options, const std::filesystem::path& hamrDir);

// The C runtime next to a bulkhead executable in `executableDir`: the build
// tree's <dir>/c-runtime, or an installed <dir>/../lib/bulkhead/c-runtime.
std::expected<std::filesystem::path, std::string> findCRuntime(const std::filesystem::path& executableDir);

}  // namespace bulkhead::codegen
