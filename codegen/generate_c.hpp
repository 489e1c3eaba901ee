#pragma once
// `bulkhead gen --lang c`: from a Plan, HAMR Microkit's C API for every
// thread whose HAMR::Microkit_Language is C, and the parts bulkhead adds to
// run that code (design section 7a).
//
// Layout under the output directory:
//   include/sb_aadl_types.h, sb_types.h, sb_event_counter.h, printf.h, microkit.h
//   include/<pd>.h                 the API of thread <pd> = <process>_<thread>
//   glue/<pd>_bulkhead.c           that API over bulkhead's C partition runtime
//   partitions/<p>.c               partition <p>'s description and main
//   registry.c                     the C partitions as a simulation module's registry
// User code, HAMR's layout, under the user directory (skeletons written only
// where missing, never overwritten): components/<pd>/src/<pd>_user.c
#include "plan/plan.hpp"

#include <cstdint>
#include <expected>
#include <filesystem>
#include <string>
#include <vector>

namespace bulkhead::codegen {

struct CGenerateOptions {
  std::filesystem::path outputDir{};
  std::filesystem::path userDir{};     // empty: no skeletons
  bool writeSkeletons = true;
};

struct CGenerateReport {
  std::vector<std::string> partitions;            // generated: every thread is C
  std::vector<std::string> skippedThreads;        // "<pd> (Rust)": not C, so their partitions are not generated
  std::vector<std::filesystem::path> skeletons;   // user files created
};

std::expected<CGenerateReport, std::vector<std::string>> generateC(const plan::Plan& plan, std::uint64_t planFingerprint,
                                                                   const CGenerateOptions& options);

}  // namespace bulkhead::codegen
