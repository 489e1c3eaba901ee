#include "codegen/generate_c.hpp"

#include "codegen/c_emitters.hpp"
#include "codegen/c_names.hpp"
#include "codegen/microkit_abi_text.hpp"
#include "codegen/partition_slice.hpp"
#include "codegen/write_file.hpp"

#include <set>
#include <system_error>

namespace bulkhead::codegen {

namespace fs = std::filesystem;

std::expected<CGenerateReport, std::vector<std::string>> generateC(const plan::Plan& plan, std::uint64_t planFingerprint,
                                                                   const CGenerateOptions& options) {
  std::vector<std::string> errors;
  CGenerateReport report;
  std::vector<std::pair<fs::path, std::string>> files;
  const fs::path include = options.outputDir / "include";

  auto types = emitCAadlTypes(plan);
  if (!types) errors.push_back(types.error());
  else files.emplace_back(include / "sb_aadl_types.h", *types);
  files.emplace_back(include / "sb_event_counter.h", emitCEventCounter());
  files.emplace_back(include / "sb_types.h", emitCTypes());
  files.emplace_back(include / "printf.h", emitCPrintf());
  files.emplace_back(include / "microkit.h", emitCMicrokit());
  files.emplace_back(include / "bulkhead_microkit.h", std::string(kMicrokitAbiHeader));

  std::set<std::string> pdNames;
  std::vector<std::pair<const plan::Partition*, const plan::Thread*>> skeletons;
  for (std::size_t p = 0; p < plan.partitions.size(); ++p) {
    const plan::Partition& partition = plan.partitions[p];
    bool allC = true;
    for (const plan::Thread& thread : partition.threads) {
      const std::string pd = microkitName(partition, thread);
      if (!pdNames.insert(pd).second)
        errors.push_back("threads of two processes are both named " + pd + " as HAMR Microkit names them");
      if (thread.language != plan::MicrokitLanguage::C) {
        allC = false;
        report.skippedThreads.push_back(pd + " (Rust)");
      }
    }
    if (!allC || partition.threads.empty()) continue;
    report.partitions.push_back(partition.name);
    for (const plan::Thread& thread : partition.threads) {
      const std::string pd = microkitName(partition, thread);
      files.emplace_back(include / (pd + ".h"), emitCThreadHeader(partition, thread));
      files.emplace_back(options.outputDir / "glue" / (pd + "_bulkhead.c"), emitCThreadGlue(partition, thread));
      skeletons.emplace_back(&partition, &thread);
    }
    files.emplace_back(options.outputDir / "partitions" / (partition.name + ".c"),
                       emitCPartition(partition, partitionSlice(plan, static_cast<int>(p), planFingerprint)));
  }
  if (!errors.empty()) return std::unexpected(errors);
  files.emplace_back(options.outputDir / "registry.c", emitCRegistry(plan, planFingerprint, report.partitions));

  for (const auto& [path, text] : files)
    if (auto written = writeIfChanged(path, text); !written) errors.push_back(written.error());
  if (options.writeSkeletons && !options.userDir.empty()) {
    for (const auto& [partition, thread] : skeletons) {
      const fs::path user = options.userDir / microkitUserFile(microkitName(*partition, *thread));
      std::error_code error;
      if (fs::exists(user, error)) continue;
      if (auto written = writeIfChanged(user, emitCUserSkeleton(*partition, *thread)); !written)
        errors.push_back(written.error());
      else
        report.skeletons.push_back(user);
    }
  }
  if (!errors.empty()) return std::unexpected(errors);
  return report;
}

}  // namespace bulkhead::codegen
