#include "codegen/generate.hpp"

#include "codegen/cpp_type.hpp"
#include "codegen/emitters.hpp"
#include "codegen/names.hpp"
#include "codegen/partition_slice.hpp"
#include "codegen/write_file.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <system_error>

namespace bulkhead::codegen {

namespace {

namespace fs = std::filesystem;

struct PendingFile {
  fs::path path;
  std::string text;
};

// Two instances of one classifier must look alike: one API serves both.
bool samePorts(const plan::Thread& a, const plan::Thread& b) {
  if (a.dispatch != b.dispatch || a.ports.size() != b.ports.size()) return false;
  for (std::size_t i = 0; i < a.ports.size(); ++i) {
    const plan::Port& p = a.ports[i];
    const plan::Port& q = b.ports[i];
    if (p.name != q.name || p.direction != q.direction || p.category != q.category ||
        p.dataType.has_value() != q.dataType.has_value() || (p.dataType && p.dataType->name != q.dataType->name))
      return false;
  }
  return true;
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

void checkPartitions(const plan::Plan& plan, const std::vector<std::string>& expected, std::vector<std::string>& errors) {
  if (expected.empty()) return;
  std::vector<std::string> actual;
  for (const plan::Partition& partition : plan.partitions) actual.push_back(partition.name);
  for (const std::string& name : expected)
    if (std::find(actual.begin(), actual.end(), name) == actual.end())
      errors.push_back("partition '" + name + "' is listed in PARTITIONS but " + plan.system +
                       " has no process '" + name + "' (it has: " + joined(actual) + ")");
  for (const std::string& name : actual)
    if (std::find(expected.begin(), expected.end(), name) == expected.end())
      errors.push_back("process '" + name + "' of " + plan.system + " is not listed in PARTITIONS (" +
                       joined(expected) + "): add it so its program is built");
}

}  // namespace

std::expected<GenerateReport, std::vector<std::string>> generate(const plan::Plan& plan, std::uint64_t planFingerprint,
                                                                 const GenerateOptions& options) {
  std::vector<std::string> errors;
  const fs::path include = options.outputDir / "include" / "bulkhead_gen";
  const fs::path behaviourDir = options.behaviourDir.empty() ? options.outputDir / "behaviour" : options.behaviourDir;
  checkPartitions(plan, options.expectedPartitions, errors);

  // One API per thread classifier, from its first instance.
  std::map<std::string, const plan::Thread*> classifiers;
  std::vector<PendingFile> files;
  std::vector<PendingFile> skeletons;
  for (const plan::Partition& partition : plan.partitions) {
    for (const plan::Thread& thread : partition.threads) {
      auto [it, fresh] = classifiers.emplace(thread.classifier, &thread);
      if (!fresh) {
        if (!samePorts(*it->second, thread))
          errors.push_back("thread classifier " + thread.classifier + " has instances with different ports: " +
                           it->second->instanceName + " and " + thread.instanceName);
        continue;
      }
      const std::string stem = behaviourFileStem(thread.classifier);
      auto base = emitThreadBase(thread);
      if (!base) {
        errors.push_back(base.error());
        continue;
      }
      files.push_back({include / (stem + "_base.hpp"), *base});
      const fs::path header = behaviourDir / (stem + ".hpp");
      const fs::path source = behaviourDir / (stem + ".cpp");
      const bool hasHeader = fs::exists(header), hasSource = fs::exists(source);
      if (hasHeader && hasSource) continue;
      if (!options.writeSkeletons) {
        errors.push_back("thread " + thread.instanceName + " (" + localClassifier(thread.classifier) +
                         ") has no behaviour: expected " + stem + ".hpp and " + stem + ".cpp defining class " +
                         behaviourClassName(thread.classifier) + " in " + behaviourDir.string() +
                         " (`bulkhead gen --behaviour-dir " + behaviourDir.string() + "` writes skeletons)");
        continue;
      }
      if (!hasHeader) skeletons.push_back({header, emitSkeletonHeader(thread)});
      if (!hasSource) skeletons.push_back({source, emitSkeletonSource(thread)});
    }
  }
  for (std::size_t p = 0; p < plan.partitions.size(); ++p) {
    const plan::Partition& partition = plan.partitions[p];
    const std::string id = partitionIdentifier(partition.name);
    const runtime::PartitionSpec slice = partitionSlice(plan, static_cast<int>(p), planFingerprint);
    files.push_back({include / (id + ".hpp"), emitPartitionHeader(partition)});
    files.push_back({options.outputDir / "partitions" / partition.name / "partition.cpp",
                     emitPartitionSource(partition, slice)});
    files.push_back({options.outputDir / "partitions" / partition.name / "main.cpp", emitPartitionMain(partition)});
  }
  files.push_back({options.outputDir / "model_registry.cpp", emitModelRegistry(plan, planFingerprint)});
  if (auto types = emitDataTypes(plan); types) files.push_back({include / "data_types.hpp", *types});
  else if (errors.empty()) errors.push_back(types.error());
  if (!errors.empty()) return std::unexpected(errors);

  GenerateReport report;
  for (const PendingFile& file : files) {
    auto changed = writeIfChanged(file.path, file.text);
    if (!changed) return std::unexpected(std::vector<std::string>{changed.error()});
    (*changed ? report.written : report.unchanged).push_back(file.path);
  }
  for (const PendingFile& file : skeletons) {
    // exists() was checked above; a skeleton never replaces a user's file.
    if (fs::exists(file.path)) continue;
    auto changed = writeIfChanged(file.path, file.text);
    if (!changed) return std::unexpected(std::vector<std::string>{changed.error()});
    report.skeletons.push_back(file.path);
  }
  std::ofstream stamp(options.outputDir / "gen.stamp", std::ios::trunc);
  stamp << planFingerprint << "\n";
  return report;
}

}  // namespace bulkhead::codegen
