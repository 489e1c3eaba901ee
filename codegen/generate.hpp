#pragma once
// `bulkhead gen`: from a Plan, the typed API of every thread classifier, the
// generated parts of every partition program, the model registry, and
// (where missing, never overwritten) skeleton behaviour files.
//
// Layout under the output directory:
//   include/bulkhead_gen/<stem>_base.hpp        typed API per thread classifier
//   include/bulkhead_gen/partition_<p>.hpp      partition <p>'s spec and behaviours
//   partitions/<p>/partition.cpp, main.cpp      partition <p>'s program
//   model_registry.cpp                          all partitions, for the simulator
//   gen.stamp                                   touched on every successful run
// Behaviour files: <behaviour dir>/<stem>.hpp and <stem>.cpp, declaring and
// defining class <Stem> (e.g. producer_t_i.hpp, class Producer_t_i).
#include "plan/plan.hpp"

#include <cstdint>
#include <expected>
#include <filesystem>
#include <string>
#include <vector>

namespace bulkhead::codegen {

struct GenerateOptions {
  std::filesystem::path outputDir{};
  std::filesystem::path behaviourDir{};    // empty: <outputDir>/behaviour
  // false (the build's mode): a thread classifier without behaviour files is
  // an error naming the thread, instead of getting a skeleton.
  bool writeSkeletons = true;
  // If not empty, the partitions the caller expects (the CMake function's
  // PARTITIONS): must be exactly the Plan's.
  std::vector<std::string> expectedPartitions{};
};

struct GenerateReport {
  std::vector<std::filesystem::path> written;    // created or changed
  std::vector<std::filesystem::path> unchanged;  // same content: left alone (keeps builds incremental)
  std::vector<std::filesystem::path> skeletons;  // behaviour files created
};

// Every problem found, one message each; nothing is written when the Plan
// or the behaviour binding is wrong.
std::expected<GenerateReport, std::vector<std::string>> generate(const plan::Plan& plan, std::uint64_t planFingerprint,
                                                                 const GenerateOptions& options);

}  // namespace bulkhead::codegen
